"""Input the database cannot hold, or that is out of range or of the wrong JSON type, is answered 4xx naming the
field, at every kind of boundary (form post, JSON body, query string, path), on SQLite and PostgreSQL alike."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from features.steps.land_change import RECEIVE
from tests.integration.test_openapi import FUZZER, PASSWORD, fuzzed_app  # noqa: F401 - the signed-in app fixture
from tests.support.web import Clerk


def signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", data={"username": FUZZER, "password": PASSWORD}).status_code == 302
    return client


def test_nul_and_broken_unicode_are_refused_naming_the_field_and_nothing_is_lost(app: Flask) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"})
    [task] = reception.inbox_drafts()
    nul = reception.submit(task, {**RECEIVE, "applicant_name": "Nguyễn\x00 Thị Hoa"})
    assert nul.status_code == 400 and "applicant_name" in nul.text and "NUL" in nul.text
    body = (f"--XX\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{reception.token(task)}\r\n"
            "--XX\r\nContent-Disposition: form-data; name=\"applicant_name\"\r\n\r\n").encode() + b"Nguy\xff\xfen\r\n--XX--\r\n"
    broken = reception.client.post(task, data=body, content_type="multipart/form-data; boundary=XX")  # not UTF-8
    assert broken.status_code == 400 and "applicant_name" in broken.text
    assert reception.inbox_drafts() == [task]  # still waiting, nothing saved
    assert reception.submit(task, RECEIVE).status_code == 302

    client = app.test_client()
    query = client.get("/api/v1/procedures?q=%00")
    assert query.status_code == 400 and query.json["field"] == "q"
    path = client.get("/api/v1/procedures/land%00change")
    assert path.status_code == 400 and path.json["field"] == "slug"
    geo = client.post("/open311/v2/requests.json", data={"service_code": "phan_anh", "description": "Đèn\x00 hỏng"})
    assert geo.status_code == 400 and geo.json[0]["description"].startswith("description: ")


def test_wrong_json_types_and_lone_surrogates_are_refused(fuzzed_app: Flask) -> None:  # noqa: F811
    client = signed_in(fuzzed_app)
    surrogate = client.post("/modeler/land_change", data='{"xml": "<a>\\ud800</a>"}', content_type="application/json")
    assert surrogate.status_code == 400 and surrogate.json["field"] == "xml"
    number = client.post("/modeler/land_change", json={"xml": 5})
    assert number.status_code == 400 and "xml" in number.json["problems"][0]["message"]
    listed = client.post("/modeler/land_change", json=["<definitions/>"])
    assert listed.status_code == 400
    assert client.post("/modeler/no_such_procedure", json={"xml": "<a/>"}).status_code == 404


def test_numbers_and_dates_out_of_range_are_refused_naming_the_field(fuzzed_app: Flask) -> None:  # noqa: F811
    client = signed_in(fuzzed_app)
    report = client.get("/api/v1/reports?from=0001-01-01&to=9999-12-31")
    assert report.status_code == 400 and report.json["field"] == "from" and report.json["code"] == "report.out_of_range" \
        and "1900" in report.json["message"]
    page = client.get("/bao-cao?from=2025-01-01&to=9999-12-31")
    assert page.status_code == 400 and "1900–2100" in page.text
    start = client.get("/open311/v2/requests.json?start_date=0001-01-01T00:00:00%2B14:00")
    assert start.status_code == 400 and start.json[0]["description"].startswith("start_date: ")
    end = client.get("/open311/v2/requests.json?end_date=9999-12-31T23:59:59-12:00")
    assert end.status_code == 400 and end.json[0]["description"].startswith("end_date: ")
    nan = client.post("/open311/v2/requests.json", data={"service_code": "phan_anh", "lat": "nan", "long": "106"})
    assert nan.status_code == 400 and nan.json[0]["description"].startswith("lat: ")
    huge = "9" * 20
    for path in (f"/dossiers/{huge}", f"/documents/{huge}", f"/xep-hang/ve/{huge}",
                 f"/modeler/land_change/diagram.bpmn?version={huge}"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/dossiers/{huge}/hand-over", data={"unit": "80002"}).status_code == 404
    assert client.post("/dossiers/new", data={"unit": "80001", "procedure": "nope"}).status_code == 404
