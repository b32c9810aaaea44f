"""Records and public pages through the web: slips to print, control sheet, hand-over, lookup, verification."""
from __future__ import annotations

import re

from flask import Flask

from features.steps.land_change import RETURN, SIGN, VERIFY, receive
from motcua.services.runtime import Runtime
from motcua.store.db import newest_revisions
from tests.support.web import Clerk


def finished_dossier(app: Flask) -> str:
    """A land-change dossier received at Long An, decided by Kiến Tường, returned at Long An; its page."""
    reception = Clerk(app, "tiepnhan.longan")
    task = reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"}).location
    page = reception.submit(task, receive(parcel_unit="80002")).location
    for username, data in (("chuyenvien.kientuong", VERIFY), ("lanhdao.kientuong", SIGN)):
        clerk = Clerk(app, username)
        clerk.submit(clerk.inbox_tasks()[0][0], data)
    reception.submit(reception.inbox_tasks()[0][0], RETURN)
    return page


def test_the_dossier_page_lists_its_slips_and_prints_the_control_sheet(app: Flask) -> None:
    page = finished_dossier(app)
    reception = Clerk(app, "tiepnhan.longan")
    html = reception.get(page).text
    files = re.findall(r'<a href="(/documents/\d+)\?tai-ve=1" download="([^"]+)"', html)
    assert [name for _, name in files] == ["giay-tiep-nhan-000.00.31.H53-251124-0001.pdf", "ket-qua-000.00.31.H53-251124-0001.pdf"]
    pdf = reception.get(files[1][0])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    sheet = reception.get(page + "/phieu-kiem-soat.pdf")
    assert sheet.status_code == 200 and sheet.data.startswith(b"%PDF")
    outsider = Clerk(app, "chuyenvien.longan")  # same ward may see; a stranger's session may not
    assert Clerk(app).get(files[0][0]).status_code == 302
    assert outsider.get(files[0][0]).status_code == 200


def test_a_citizen_looks_the_dossier_up_with_code_and_digits(app: Flask) -> None:
    finished_dossier(app)
    citizen = Clerk(app)
    wrong = citizen.submit("/tra-cuu", {"ma": "000.00.31.H53-251124-0001", "so": "0000"})
    assert wrong.status_code == 404 and "Không tìm thấy hồ sơ" in wrong.text
    found = citizen.submit("/tra-cuu", {"ma": "000.00.31.H53-251124-0001", "so": "5678"})
    assert found.status_code == 200
    assert "Nguyễn T. H." in found.text and "Nguyễn Thị Hoa" not in found.text
    assert "Đã trả kết quả" in found.text and "Phường Kiến Tường" in found.text


def test_the_lookup_is_rate_limited(app: Flask) -> None:
    citizen = Clerk(app)
    token = citizen.token("/tra-cuu")
    answers = [citizen.client.post("/tra-cuu", data={"ma": f"x{i}", "so": "1234", "csrf_token": token}).status_code
               for i in range(21)]  # another code each time: this is the limit per address
    assert answers[:20] == [404] * 20 and answers[20] == 429


def test_verification_by_upload_by_code_and_by_api(app: Flask, runtime: Runtime) -> None:
    page = finished_dossier(app)
    reception = Clerk(app, "tiepnhan.longan")
    result_link = re.findall(r'<a href="(/documents/\d+)\?tai-ve=1" download="ket-qua', reception.get(page).text)[0]
    signed = reception.get(result_link).data

    citizen = Clerk(app)
    by_code = citizen.submit("/xac-thuc", {"ma": "000.00.31.H53-251124-0001"})
    assert 'class="flash success verdict"' in by_code.text and "Lãnh đạo Phường Kiến Tường" in by_code.text

    api = citizen.client.post("/api/v1/verify", data={"file": (__import__("io").BytesIO(signed), "kq.pdf")})
    body = api.get_json()
    assert api.status_code == 200 and body["ok"] and body["issued_for"] == "000.00.31.H53-251124-0001"
    assert body["signatures"][0]["signer"] == "Lãnh đạo Phường Kiến Tường" and body["signatures"][0]["trusted"]

    tampered = bytearray(signed)
    tampered[signed.index(b"/Contents") // 2] ^= 1
    bad = citizen.client.post("/api/v1/verify", data={"file": (__import__("io").BytesIO(bytes(tampered)), "kq.pdf")})
    assert bad.status_code == 200 and not bad.get_json()["ok"] and bad.get_json()["issued_for"] is None
    junk = citizen.client.post("/api/v1/verify", data={"file": (__import__("io").BytesIO(b"hello"), "x.pdf")})
    assert junk.status_code == 400 and "không phải là tệp PDF đọc được" in junk.get_json()["reason"]


def test_an_administrator_hands_a_running_dossier_over(app: Flask) -> None:
    reception = Clerk(app, "tiepnhan.kientuong")
    task = reception.submit("/dossiers/new", {"unit": "80002", "procedure": "land_change"}).location
    page = reception.submit(task, receive(parcel_unit="80002")).location
    clerk = Clerk(app, "chuyenvien.kientuong")
    assert clerk.submit(page + "/hand-over", {"unit": "80001"}, token_from="/").status_code == 403
    admin = Clerk(app, "quantri.kientuong")
    assert admin.submit(page + "/hand-over", {"unit": "80001", "comment": "Bàn giao"}, token_from=page).status_code == 302
    assert Clerk(app, "chuyenvien.kientuong").inbox_tasks() == []
    assert [t for _, t in Clerk(app, "chuyenvien.longan").inbox_tasks()] == ["Thẩm định hồ sơ"]


def test_the_specialist_sees_what_the_counter_received(app: Flask) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    task = reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"}).location
    reception.submit(task, receive(parcel_unit="80002"))
    specialist = Clerk(app, "chuyenvien.kientuong")
    page = specialist.get(specialist.inbox_tasks()[0][0]).text
    assert "<dt>Họ và tên người nộp</dt><dd>Nguyễn Thị Hoa</dd>" in page
    assert "<dt>Nội dung biến động</dt><dd>Chuyển nhượng quyền sử dụng đất</dd>" in page
    assert "<dt>Thửa đất số</dt><dd>215</dd>" in page
    assert "<dt>Thửa đất thuộc xã/phường</dt><dd>Phường Kiến Tường</dd>" in page


def test_health_and_readiness_for_the_load_balancer(app: Flask, runtime: Runtime) -> None:
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"ready": True, "checks": {"database": "ok", "schema": "ok", "pack": "ok"}}
    with runtime.db.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    stale = client.get("/readyz")
    newest = sorted(newest_revisions())
    assert stale.status_code == 503 and stale.get_json()["checks"]["schema"] == f"at ['0001'], newest is {newest}"
