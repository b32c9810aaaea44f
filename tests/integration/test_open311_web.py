"""The Open311 GeoReport v2-style API for 1022 feedback: categories, attributes, create (with GeoReport's error
format naming the parameter), search and read; nothing personal in any answer. The public pages too."""
from __future__ import annotations

from flask import Flask

from motcua.trial.desk import Desk
from tests.integration.test_feedback_1022 import (
    ANSWER,
    ANSWERED,
    APPROVE,
    LEADER,
    NOTIFY,
    OPERATOR,
    SPECIALIST,
    classify,
)
from tests.support.web import Clerk

API = "/open311/v2"
POST = {"service_code": "ha-tang-giao-thong", "description": "Đèn đường trước chợ Long An không sáng từ tuần trước.",
        "first_name": "Bình", "last_name": "Phạm Văn", "phone": "0903111222", "email": "binh@example.vn",
        "address_string": "Chợ Long An", "lat": "10.5359", "long": "106.4137",
        "attribute[feedback_kind]": "phan_anh", "attribute[unit_concerned]": "80001"}
PERSONAL = ("Bình", "Phạm Văn", "0903111222", "binh@example.vn")


def test_services_and_their_attributes(app: Flask) -> None:
    client = app.test_client()
    services = client.get(f"{API}/services.json").get_json()
    assert {"service_code": "moi-truong", "service_name": "Môi trường, vệ sinh, rác thải", "metadata": True,
            "type": "realtime"}.items() <= next(s for s in services if s["service_code"] == "moi-truong").items()
    definition = client.get(f"{API}/services/moi-truong.json").get_json()
    kind = next(a for a in definition["attributes"] if a["code"] == "feedback_kind")
    assert (kind["datatype"], kind["required"], kind["values"][0]) == ("singlevaluelist", True,
                                                                      {"key": "phan_anh", "name": kind["values"][0]["name"]})
    missing = client.get(f"{API}/services/khong-co.json")
    assert missing.status_code == 404 and missing.get_json()[0]["description"].startswith("service_code:")


def test_a_request_is_created_without_csrf_and_read_back_without_personal_data(app: Flask, runtime) -> None:
    client = app.test_client()
    created = client.post(f"{API}/requests.json", data=POST)
    assert created.status_code == 201, created.text
    code = created.get_json()[0]["service_request_id"]
    assert code.startswith("000.00.00.H53-251124-") and "10 ngày làm việc" in created.get_json()[0]["service_notice"]

    one = client.get(f"{API}/requests/{code}.json").get_json()[0]
    assert {k: one[k] for k in ("service_request_id", "status", "service_code", "agency_responsible")} == {
        "service_request_id": code, "status": "open", "service_code": "ha-tang-giao-thong",
        "agency_responsible": "Tỉnh Tây Ninh (demo)"}
    assert one["requested_datetime"] == "2025-11-24T08:30:00+07:00"
    assert one["expected_datetime"] == "2025-12-08T17:00:00+07:00"
    assert set(one) == {"service_request_id", "status", "status_notes", "service_name", "service_code",
                        "description", "agency_responsible", "service_notice", "requested_datetime",
                        "updated_datetime", "expected_datetime"}

    desk = Desk(runtime)
    dossier_id = next(d for _t, d in desk.tasks(OPERATOR))
    classify(desk, dossier_id, {"decision": "route", "responsible_unit": "80001"})
    desk.do(SPECIALIST, ANSWER, ANSWERED, dossier_id)
    desk.do(LEADER, APPROVE, {"approval": "approve"}, dossier_id)
    desk.do(OPERATOR, NOTIFY, {"notified_by": "sms"}, dossier_id)
    closed = client.get(f"{API}/requests/{code}.json")
    body = closed.get_json()[0]
    assert (body["status"], body["status_notes"], body["agency_responsible"]) == (
        "closed", ANSWERED["answer"], "Phường Long An")
    assert not any(secret in closed.text for secret in PERSONAL)

    page = client.get(f"/phan-anh/tra-cuu?ma={code}")
    assert page.status_code == 200 and ANSWERED["answer"] in page.text
    assert not any(secret in page.text for secret in PERSONAL)
    assert client.get("/phan-anh/tra-cuu?ma=000.00.00.H53-000000-9999").status_code == 404


def test_search_filters_by_id_category_status_and_dates(app: Flask) -> None:
    client = app.test_client()
    first = client.post(f"{API}/requests.json", data=POST).get_json()[0]["service_request_id"]
    second = client.post(f"{API}/requests.json", data={**POST, "service_code": "moi-truong"}).get_json()[0][
        "service_request_id"]

    def ids(query: str) -> list[str]:
        response = client.get(f"{API}/requests.json?{query}")
        assert response.status_code == 200, response.text
        return [r["service_request_id"] for r in response.get_json()]

    assert ids("") == [second, first]
    assert ids(f"service_request_id={first}") == [first]
    assert ids(f"service_request_id={first},{second}&service_code=khac") == [first, second]  # ids win
    assert ids("service_code=moi-truong") == [second]
    assert ids("status=open") == [second, first] and ids("status=closed") == []
    assert ids("start_date=2025-11-25T00:00:00%2B07:00") == []
    assert ids("start_date=2025-11-24T00:00:00&end_date=2025-11-24T23:59:59") == [second, first]


def test_bad_requests_get_geo_report_errors_naming_the_parameter(app: Flask) -> None:
    client = app.test_client()

    def errors(response) -> list[str]:  # noqa: ANN001 - a test response
        assert response.status_code == 400, response.text
        return [e["description"] for e in response.get_json() if e["code"] == 400]

    assert errors(client.post(f"{API}/requests.json", data={**POST, "service_code": ""})) == [
        "service_code: required (see services.json)"]
    described = errors(client.post(f"{API}/requests.json", data={**POST, "description": "ngắn", "phone": "12"}))
    assert any(d.startswith("description:") for d in described) and any(d.startswith("phone:") for d in described)
    assert errors(client.post(f"{API}/requests.json", data={**POST, "lat": "north"}))[0].startswith("lat:")
    assert errors(client.post(f"{API}/requests.json", data={**POST, "attribute[feedback_kind]": "x"}))[0].startswith(
        "attribute[feedback_kind]:")
    assert errors(client.post(f"{API}/requests.json", data={**POST, "service_code": "khong-co"}))[0].startswith(
        "service_code:")
    assert errors(client.get(f"{API}/requests.json?status=pending"))[0].startswith("status:")
    assert errors(client.get(f"{API}/requests.json?start_date=yesterday"))[0].startswith("start_date:")
    assert client.get(f"{API}/requests/nope.json").status_code == 404
    assert client.get(f"{API}/requests.json").get_json() == []  # nothing half-saved


def test_citizen_sends_feedback_online_and_the_operator_takes_a_call(app: Flask) -> None:
    citizen = Clerk(app)
    form = {k: v for k, v in {"service_code": "moi-truong", "feedback_kind": "kien_nghi",
                              "description": "Đề nghị đặt thêm thùng rác ở công viên phường.",
                              "applicant_name": "Võ Thị Lan", "applicant_phone": "0911222333"}.items()}
    refused = citizen.submit("/phan-anh", {**form, "applicant_phone": "0"})
    assert refused.status_code == 422 and "Võ Thị Lan" in refused.text
    sent = citizen.submit("/phan-anh", form)
    assert sent.status_code == 200 and "000.00.00.H53-251124-0001" in sent.text
    operator = Clerk(app, "tongdai.tayninh")
    taken = operator.submit("/1022/tiep-nhan", {**form, "applicant_name": "Người gọi điện"})
    assert taken.status_code == 302 and taken.location.startswith("/tasks/")
    assert Clerk(app, "tiepnhan.longan").get("/1022/tiep-nhan").status_code == 403
