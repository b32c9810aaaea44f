"""Every procedure of the catalogue runs to its end through the runtime, down each branch its diagram has."""
from __future__ import annotations

from typing import Any

import pytest

from features.steps.land_change import RETURN_DATA, SIGN
from motcua.services import records
from motcua.services.errors import InvalidSubmission
from motcua.services.runtime import Runtime
from motcua.services.steps import Upload, complete_task
from motcua.trial.desk import Desk
from motcua.trial.pdf import pdf_text

LONG_AN, KIEN_TUONG = "80001", "80002"
RECEIVE_TASK = "Tiếp nhận, kiểm tra hồ sơ"
APPLICANT = {"applicant_name": "Trần Văn Bình", "applicant_id_number": "080190004321",
             "applicant_phone": "0987654321", "applicant_address": "Khu phố 3, Phường Long An"}
SPECIFIC: dict[str, dict[str, Any]] = {
    "birth_registration": {"child_name": "Trần Minh An", "child_birth_date": "2025-11-20", "child_sex": "male",
                           "birth_place": "Bệnh viện Đa khoa Long An", "mother_name": "Lê Thị Cúc",
                           "relationship": "parent"},
    "marriage_registration": {"groom_name": "Trần Văn Bình", "groom_birth_date": "1995-03-02",
                              "groom_id_number": "080190004321", "bride_name": "Phạm Thị Dung",
                              "bride_birth_date": "1997-07-15", "bride_id_number": "080197001111",
                              "both_present": True},
    "death_registration": {"deceased_name": "Trần Văn Cường", "death_date": "2025-11-22",
                           "death_place": "Khu phố 3, Phường Long An", "relationship": "child"},
    "copy_certification": {"document_title": "Bằng tốt nghiệp trung học phổ thông", "pages": 1, "copies": 3},
    "signature_certification": {"document_title": "Giấy ủy quyền", "signer_name": "Trần Văn Bình",
                                "signer_id_number": "080190004321", "signatures": 1},
    "household_business": {"business_name": "Hộ kinh doanh Bình An", "business_address": "12 Nguyễn Huệ, Long An",
                           "business_lines": "Bán lẻ tạp hóa", "capital_vnd": 50_000_000, "employees": 2},
    "marital_status": {"purpose": "để đăng ký kết hôn", "marital_status": "never_married", "lived_elsewhere": True,
                       "previous_residence_unit": KIEN_TUONG},
}
SCAN = Upload("don-de-nghi.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
APPROVE = {"opinion": "Hồ sơ đầy đủ, hợp lệ.", "proposal": "approve"}


@pytest.fixture
def desk(runtime: Runtime) -> Desk:
    return Desk(runtime)


def papers(runtime: Runtime, slug: str) -> list[dict[str, Any]]:
    return [{"name": p.name, "originals": p.originals, "copies": p.copies}
            for p in runtime.pack.get(slug).procedure.papers]


def receive(desk: Desk, slug: str, decision: str = "receive", note: str = "") -> int:
    dossier = desk.start("tiepnhan.longan", LONG_AN, slug)
    data = {**APPLICANT, **SPECIFIC[slug], "papers_received": papers(desk.runtime, slug), "intake_decision": decision,
            **({"intake_note": note} if note else {})}
    files = {"application_scan": SCAN} if slug == "household_business" else None
    [(task_id, _)] = [(t.task_id, t) for t in _inbox(desk, "tiepnhan.longan") if t.dossier.id == dossier]
    complete_task(desk.runtime, desk.user_id("tiepnhan.longan"), task_id, data, files)
    return dossier


def _inbox(desk: Desk, username: str) -> list:
    from motcua.services import queries
    return queries.inbox(desk.runtime, desk.user_id(username))


def sign_and_return(desk: Desk, dossier: int) -> None:
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, dossier)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, dossier)
    view = desk.dossier(dossier)
    assert view.dossier.status == "returned" and view.dossier.timeliness in ("early", "on_time"), view.dossier


def issued(desk: Desk, dossier: int) -> list[str]:
    return [d.kind for d in records.documents(desk.runtime, desk.user_id("tiepnhan.longan"), dossier)]


@pytest.mark.parametrize("slug, steps", [
    ("birth_registration", [("chuyenvien.longan", "Kiểm tra hồ sơ, ghi Sổ hộ tịch", APPROVE)]),
    ("death_registration", [("chuyenvien.longan", "Kiểm tra hồ sơ hộ tịch", APPROVE)]),
    ("marriage_registration", [
        ("chuyenvien.longan", "Kiểm tra hồ sơ hộ tịch",
         {"opinion": "Cần xác minh nơi cư trú của bên nữ.", "proposal": "verify",
          "verification_note": "Xác minh tình trạng hôn nhân bên nữ"}),
        ("chuyenvien.longan", "Xác minh thông tin",
         {"verification_result": "Bên nữ chưa đăng ký kết hôn với ai.", "verified_on": "2025-11-25",
          "proposal": "approve"})]),
    ("copy_certification", [("tiepnhan.longan", "Đối chiếu bản sao với bản chính",
                              {"pages_checked": 1, "matches_original": True, "proposal": "approve"})]),
    ("signature_certification", [("tiepnhan.longan", "Người yêu cầu ký trước mặt người chứng thực",
                                   {"signed_in_presence": True, "identity_checked": True, "proposal": "approve"})]),
    ("household_business", [
        ("chuyenvien.longan", "Thẩm định hồ sơ đăng ký hộ kinh doanh",
         {"opinion": "Thiếu biên bản họp hộ gia đình.", "proposal": "supplement",
          "supplement_request": "Bổ sung biên bản họp thành viên hộ gia đình."}),
        ("tiepnhan.longan", "Tiếp nhận hồ sơ bổ sung", "supplement"),
        ("chuyenvien.longan", "Thẩm định hồ sơ đăng ký hộ kinh doanh", APPROVE)]),
    ("marital_status", [
        ("chuyenvien.longan", "Kiểm tra hồ sơ hộ tịch",
         {"opinion": "Người yêu cầu từng thường trú tại Kiến Tường.", "proposal": "verify",
          "verification_note": "Đề nghị Phường Kiến Tường xác minh"}),
        ("chuyenvien.kientuong", "Trả lời xác minh tình trạng hôn nhân",
         {"residence_record": "none", "residence_answer": "Không có đăng ký kết hôn tại Phường Kiến Tường."}),
        ("chuyenvien.longan", "Xem xét kết quả xác minh",
         {"verification_result": "Phường Kiến Tường trả lời không có đăng ký kết hôn.", "proposal": "approve"})]),
])
def test_a_procedure_runs_from_receipt_to_return(desk: Desk, slug: str, steps: list) -> None:
    dossier = receive(desk, slug)
    for username, title, data in steps:
        if data == "supplement":
            data = {"papers_received": papers(desk.runtime, slug), "supplement_complete": True}
        desk.do(username, title, data, dossier)
    sign_and_return(desk, dossier)
    kinds = issued(desk, dossier)
    assert "giay-tiep-nhan" in kinds and "ket-qua" in kinds


def test_the_result_states_what_was_registered(desk: Desk) -> None:
    dossier = receive(desk, "birth_registration")
    desk.do("chuyenvien.longan", "Kiểm tra hồ sơ, ghi Sổ hộ tịch", APPROVE, dossier)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, dossier)
    with desk.runtime.uow() as uow:
        pdf = uow.documents.latest(dossier, "ket-qua").content
    text = pdf_text(pdf)
    assert "GIẤY KHAI SINH" in text and "Trần Minh An" in text and "20/11/2025" in text


def test_marital_status_verification_travels_to_the_earlier_residence_and_back(desk: Desk) -> None:
    dossier = receive(desk, "marital_status")
    desk.do("chuyenvien.longan", "Kiểm tra hồ sơ hộ tịch",
            {"opinion": "Cần xác minh.", "proposal": "verify", "verification_note": "Xác minh tại Kiến Tường"}, dossier)
    assert desk.tasks("chuyenvien.longan") == []
    assert desk.tasks("chuyenvien.kientuong") == [("Trả lời xác minh tình trạng hôn nhân", dossier)]


@pytest.mark.parametrize("slug", sorted(SPECIFIC))
def test_every_procedure_refuses_at_the_counter_and_guides_a_supplement(desk: Desk, slug: str) -> None:
    refused = receive(desk, slug, "refuse", "Không thuộc thẩm quyền giải quyết của xã.")
    assert desk.dossier(refused).dossier.status == "refused" and "phieu-tu-choi" in issued(desk, refused)

    guided = receive(desk, slug, "supplement", "Thiếu tờ khai theo mẫu.")
    assert "phieu-yeu-cau-bo-sung" in issued(desk, guided)
    assert (RECEIVE_TASK, guided) in desk.tasks("tiepnhan.longan")


def test_same_day_procedures_are_due_today_or_tomorrow_after_three_pm(desk: Desk, clock) -> None:
    from datetime import datetime

    from motcua.domain.clock import VN_TZ
    morning = receive(desk, "copy_certification")
    clock.set(datetime(2025, 11, 24, 15, 30))
    afternoon = receive(desk, "copy_certification")
    assert desk.dossier(morning).dossier.due_at == datetime(2025, 11, 24, 17, 0, tzinfo=VN_TZ)
    assert desk.dossier(afternoon).dossier.due_at == datetime(2025, 11, 25, 17, 0, tzinfo=VN_TZ)


def test_an_upload_of_the_wrong_kind_or_size_is_refused_and_nothing_is_saved(desk: Desk) -> None:
    dossier = desk.start("tiepnhan.longan", LONG_AN, "household_business")
    [task] = [t for t in _inbox(desk, "tiepnhan.longan") if t.dossier.id == dossier]
    data = {**APPLICANT, **SPECIFIC["household_business"], "papers_received": papers(desk.runtime, "household_business"),
            "intake_decision": "receive"}
    user = desk.user_id("tiepnhan.longan")
    for upload, code in ((Upload("virus.exe", b"MZ\x90\x00" + b"\x00" * 64), "file_type"),
                         (Upload("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1)), "file_size")):
        with pytest.raises(InvalidSubmission) as refused:
            complete_task(desk.runtime, user, task.task_id, data, {"application_scan": upload})
        assert [(e.field, e.code) for e in refused.value.errors] == [("application_scan", code)]
    with pytest.raises(InvalidSubmission) as missing:
        complete_task(desk.runtime, user, task.task_id, data)
    assert [(e.field, e.code) for e in missing.value.errors] == [("application_scan", "required")]
    assert issued(desk, dossier) == [] and desk.tasks("tiepnhan.longan") == [(RECEIVE_TASK, dossier)]


def test_a_refusal_after_review_is_signed_as_a_reply_with_its_reasons(desk: Desk) -> None:
    dossier = receive(desk, "death_registration")
    desk.do("chuyenvien.longan", "Kiểm tra hồ sơ hộ tịch",
            {"opinion": "Giấy báo tử không do cơ quan có thẩm quyền cấp.", "proposal": "refuse"}, dossier)
    sign_and_return(desk, dossier)
    with desk.runtime.uow() as uow:
        pdf = uow.documents.latest(dossier, "ket-qua").content
    text = pdf_text(pdf)
    assert "VĂN BẢN TRẢ LỜI" in text and "Giấy báo tử không do cơ quan có thẩm quyền cấp." in text
    assert "TRÍCH LỤC KHAI TỬ" not in text
