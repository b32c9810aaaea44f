"""Stopping a dossier (dừng giải quyết) through the web: the leader decides, the notice (Mẫu số 05) is issued and
kept, the dossier ends with its own status, which the register (Mẫu số 07), the citizen's lookup and the reports
show apart from finished and running dossiers."""
from __future__ import annotations

import re
from datetime import date

from flask import Flask

from features.steps.land_change import VERIFY, receive
from motcua.services import reports
from motcua.services.runtime import Runtime
from motcua.trial.pdf import pdf_text
from tests.support.web import Clerk

STOP = {"decision": "stop", "stop_ground": "withdrawn", "stop_request_date": "25/11/2025",
        "stop_reason": "Công dân có đơn xin rút hồ sơ để bổ sung hợp đồng công chứng"}


def stopped_dossier(app: Flask) -> tuple[Clerk, str]:
    """A land-change dossier received at Long An (with the applicant's e-mail), examined, stopped by the leader."""
    reception = Clerk(app, "tiepnhan.longan")
    task = reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"}).location
    page = reception.submit(task, {**receive(), "applicant_email": "hoa@example.vn", "intake_sets": "2"}).location
    specialist = Clerk(app, "chuyenvien.longan")
    specialist.submit(specialist.inbox_tasks()[0][0], VERIFY)
    leader = Clerk(app, "lanhdao.longan")
    leader_task = leader.inbox_tasks()[0][0]
    refused = leader.submit(leader_task, {"decision": "stop", "stop_ground": "withdrawn"})
    assert refused.status_code == 422 and "Lý do dừng giải quyết" in refused.text  # the field is named, kept
    assert leader.submit(leader_task, STOP).status_code == 302
    return reception, page


def test_the_leader_stops_a_dossier_and_the_notice_is_issued_and_kept(app: Flask) -> None:
    reception, page = stopped_dossier(app)
    html = reception.get(page).text
    assert "Dừng giải quyết" in html and reception.inbox_tasks() == []
    files = dict((name, link) for link, name in re.findall(r'<a href="(/documents/\d+)\?tai-ve=1" download="([^"]+)"',
                                                           html))
    assert list(files) == ["giay-tiep-nhan-000.00.31.H53-251124-0001.pdf",
                           "thong-bao-dung-000.00.31.H53-251124-0001.pdf"]
    notice = " ".join(pdf_text(reception.get(files["thong-bao-dung-000.00.31.H53-251124-0001.pdf"]).data).split())
    assert "Mẫu số 05" in notice and "Về việc dừng giải quyết hồ sơ" in notice
    assert "đề nghị dừng giải quyết hồ sơ của ông/bà ngày 25/11/2025" in notice
    assert "Công dân có đơn xin rút hồ sơ" in notice and "hoa@example.vn" in notice
    receipt = " ".join(pdf_text(reception.get(files["giay-tiep-nhan-000.00.31.H53-251124-0001.pdf"]).data).split())
    assert "02 (bộ)" in receipt and "Số thứ tự: 1" in receipt and "hoa@example.vn" in receipt
    sheet = " ".join(pdf_text(reception.get(page + "/phieu-kiem-soat.pdf").data).split())
    assert "Mẫu số 06" in sheet and "hoa@example.vn" in sheet and "Người giao: Lãnh đạo Phường Long An" in sheet


def test_the_citizen_sees_and_downloads_the_slips_concerning_them(app: Flask) -> None:
    stopped_dossier(app)
    citizen = Clerk(app)
    found = citizen.submit("/tra-cuu", {"ma": "000.00.31.H53-251124-0001", "so": "5678"})
    assert "Dừng giải quyết" in found.text
    slips = re.findall(r'action="(/tra-cuu/phieu/\d+)"[^>]*>.*?<button[^>]*>([^<]+)</button>', found.text, re.S)
    assert [title for _, title in slips] == ["Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01)",
                                             "Thông báo dừng giải quyết hồ sơ (Mẫu số 05)"]
    token = citizen.token("/tra-cuu")
    notice = citizen.client.post(slips[1][0], data={"ma": "000.00.31.H53-251124-0001", "so": "5678", "csrf_token": token})
    assert notice.status_code == 200 and "Mẫu số 05" in pdf_text(notice.data)
    wrong = citizen.client.post(slips[1][0], data={"ma": "000.00.31.H53-251124-0001", "so": "0000", "csrf_token": token})
    assert wrong.status_code == 404


def test_the_register_and_the_report_count_it_as_stopped(app: Flask, runtime: Runtime) -> None:
    reception, _ = stopped_dossier(app)
    sheet = reception.get("/register.pdf?from=01/11/2025&to=30/11/2025&unit=80001")
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf"
    text = " ".join(pdf_text(sheet.data).split())
    assert "Mẫu số 07" in text and "SỔ THEO DÕI HỒ SƠ" in text
    assert "000.00.31.H53-251124-0001" in text.replace(" ", "")  # a long code may wrap in its column
    assert "Dừng giải quyết" in text and "Khu phố 2, Phường Long An, 0912345678" in text
    assert reception.get("/register.pdf?from=30/11/2025&to=01/11/2025").status_code == 400
    assert reception.get("/register.pdf?from=01/11/2025&to=30/11/2025&unit=80002").status_code == 404
    with runtime.uow() as uow:
        leader = uow.users.by_username("lanhdao.longan").id
    report = reports.build(runtime, leader, reports.ReportRequest(date(2025, 11, 1), date(2025, 11, 30)))
    assert report.total.stopped == 1 and report.total.in_progress == 0 and report.total.finished == 0
