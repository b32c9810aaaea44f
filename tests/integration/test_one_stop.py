"""The one-stop work end to end through the services: transfer between wards, supplements, refusal,
signing, apology, return, and the records each leaves."""
from __future__ import annotations

import subprocess
from datetime import datetime, timedelta

import pytest

from features.steps.land_change import (
    ASK_SUPPLEMENT,
    PAPERS,
    RETURN_DATA,
    SIGN,
    SUPPLEMENT_DATA,
    VERIFY,
    receive_data,
)
from motcua.domain.clock import VN_TZ, FixedClock
from motcua.services import citizen, queries, records
from motcua.services.errors import StepFailed
from motcua.services.portal_messages import RATING_TOPIC, STATUS_TOPIC
from motcua.services.runtime import Runtime
from motcua.services.transfers import hand_over_unit
from motcua.store.models import OutboxMessage
from motcua.trial.desk import Desk
from motcua.trial.pdf import pdf_text

LONG_AN, KIEN_TUONG = "80001", "80002"


@pytest.fixture
def desk(runtime: Runtime) -> Desk:
    return Desk(runtime)


def kinds(desk: Desk, dossier_id: int, username: str = "tiepnhan.longan") -> list[str]:
    return [d.kind for d in records.documents(desk.runtime, desk.user_id(username), dossier_id)]


def test_long_an_receives_kien_tuong_decides_long_an_returns(desk: Desk, runtime: Runtime, clock: FixedClock) -> None:
    dossier = desk.start("tiepnhan.longan", LONG_AN)
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(parcel_unit=KIEN_TUONG))

    assert desk.tasks("chuyenvien.longan") == []
    assert desk.tasks("chuyenvien.kientuong") == [("Thẩm định hồ sơ", dossier)]
    clock.advance(timedelta(days=1))
    desk.do("chuyenvien.kientuong", "Thẩm định hồ sơ", VERIFY)
    desk.do("lanhdao.kientuong", "Phê duyệt kết quả", SIGN)
    assert desk.tasks("tiepnhan.kientuong") == []
    clock.advance(timedelta(days=1))
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA)

    view = desk.dossier(dossier)
    assert view.dossier.status == "returned" and view.dossier.timeliness == "early"
    assert view.dossier.handling_unit == "Phường Long An"
    with runtime.uow() as uow:
        moves = [(t.from_unit.code, t.to_unit.code, t.reason, t.attachments, t.from_user.username)
                 for t in uow.transfers.for_dossier(dossier)]
    assert moves == [
        (LONG_AN, KIEN_TUONG, "route", ["giay-tiep-nhan-000.00.31.H53-251124-0001.pdf"], "tiepnhan.longan"),
        (KIEN_TUONG, LONG_AN, "return", ["giay-tiep-nhan-000.00.31.H53-251124-0001.pdf", "ket-qua-000.00.31.H53-251124-0001.pdf"],
         "lanhdao.kientuong"),
    ]

    name, sheet = records.control_sheet_pdf(runtime, desk.user_id("tiepnhan.longan"), dossier)
    text = pdf_text(sheet)
    assert name == "phieu-kiem-soat-000.00.31.H53-251124-0001.pdf" and "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    with runtime.uow() as uow:
        lines = records.control_lines(uow, uow.dossiers.get(dossier))
    assert [(line.handed_by.split(":")[0], line.received_by) for line in lines] == [
        ("Tiếp nhận, kiểm tra hồ sơ", "Chuyên viên xử lý · Phường Kiến Tường"),
        ("Thẩm định hồ sơ", "Lãnh đạo · Phường Kiến Tường"),
        ("Phê duyệt kết quả", "Cán bộ tiếp nhận · Phường Long An"),
        ("Trả kết quả cho công dân", "Công dân (kết thúc)"),
    ]
    assert [line.timeliness for line in lines[1:3]] == ["Trước hạn", "Trước hạn"]  # 6 and 2 working-day steps
    assert lines[2].giver == "Lãnh đạo Phường Kiến Tường" and "Phường Kiến Tường" in lines[2].handed_by

    assert kinds(desk, dossier) == ["giay-tiep-nhan", "ket-qua"]
    verification = citizen.verify_dossier(runtime, "000.00.31.H53-251124-0001")
    assert verification.report.ok and verification.issued_for == "000.00.31.H53-251124-0001"
    assert verification.report.signatures[0].signer == "Lãnh đạo Phường Kiến Tường"
    with runtime.uow() as uow:
        messages = [(m.topic, m.payload["status"]) for m in uow.session.query(OutboxMessage).order_by(OutboxMessage.id)]
    assert [status for topic, status in messages if topic == STATUS_TOPIC] == [
        "processing", "awaiting_return", "returned"]  # one status message per step that changed it
    assert [topic for topic, _ in messages if topic != STATUS_TOPIC] == [RATING_TOPIC]  # rated at the return


def test_the_receipt_slip_names_the_appointment_and_its_qr_opens_the_lookup(desk: Desk, runtime: Runtime,
                                                                          tmp_path) -> None:
    dossier = desk.start("tiepnhan.longan", LONG_AN)
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    user = desk.user_id("tiepnhan.longan")
    receipt = records.documents(runtime, user, dossier)[0]
    _, content = records.document(runtime, user, receipt.id)
    text = pdf_text(content)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and "Nguyễn Thị Hoa" in text
    assert "17 giờ 00 phút, ngày 08/12/2025" in text and "000.00.31.H53-251124-0001" in text
    (tmp_path / "receipt.pdf").write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(tmp_path / "receipt.pdf"),
                    str(tmp_path / "page")], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page-1.png")], capture_output=True, text=True)
    assert decoded.stdout.strip() == "http://127.0.0.1:5000/tra-cuu?ma=000.00.31.H53-251124-0001"


def test_an_incomplete_dossier_cannot_be_received_and_the_citizen_is_guided(desk: Desk, runtime: Runtime) -> None:
    dossier = desk.start("tiepnhan.longan", LONG_AN)
    short = [PAPERS[0], (PAPERS[1][0], 0, 0), *PAPERS[2:]]
    with pytest.raises(StepFailed) as refused:
        desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(papers=short))
    assert refused.value.code == "intake.papers_missing"
    assert refused.value.params["missing"] == "Giấy chứng nhận đã cấp (thiếu 1 bản chính)"
    assert desk.dossier(dossier).dossier.code is None  # nothing of the failed step was kept

    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ",
            receive_data(papers=short, decision="supplement", note="Mang bản gốc Giấy chứng nhận"))
    view = desk.dossier(dossier)
    assert view.dossier.status == "supplement" and view.dossier.due_at is None
    assert [t.title for t in view.open_tasks] == ["Tiếp nhận, kiểm tra hồ sơ"]
    _, slip = records.document(runtime, desk.user_id("tiepnhan.longan"),
                               records.documents(runtime, desk.user_id("tiepnhan.longan"), dossier)[0].id)
    assert "PHIẾU YÊU CẦU BỔ SUNG" in pdf_text(slip) and "Giấy chứng nhận đã cấp (thiếu 1 bản chính)" in pdf_text(slip)

    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    assert desk.dossier(dossier).dossier.status == "processing"
    assert kinds(desk, dossier) == ["phieu-yeu-cau-bo-sung", "giay-tiep-nhan"]


def test_a_refused_dossier_ends_with_its_refusal_slip(desk: Desk, runtime: Runtime) -> None:
    dossier = desk.start("tiepnhan.longan", LONG_AN)
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ",
            receive_data(decision="refuse", note="Thửa đất đang có tranh chấp, thuộc thẩm quyền Tòa án"))
    view = desk.dossier(dossier)
    assert view.dossier.status == "refused" and view.open_tasks == []
    assert kinds(desk, dossier) == ["phieu-tu-choi"]


def test_a_supplement_stops_the_clock_until_the_papers_come(desk: Desk, clock: FixedClock) -> None:
    dossier = desk.start("tiepnhan.longan", LONG_AN)  # Monday 24/11/2025 08:30
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    assert desk.dossier(dossier).dossier.due_at == datetime(2025, 12, 8, 17, 0, tzinfo=VN_TZ)

    clock.set(datetime(2025, 11, 26, 10, 0))  # Wednesday
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", ASK_SUPPLEMENT)
    assert desk.dossier(dossier).dossier.status == "supplement"
    clock.set(datetime(2025, 12, 1, 10, 0))  # the citizen comes back the next Monday
    desk.do("tiepnhan.longan", "Tiếp nhận hồ sơ bổ sung", SUPPLEMENT_DATA)

    view = desk.dossier(dossier)
    assert view.dossier.status == "processing"
    assert view.dossier.due_at == datetime(2025, 12, 11, 17, 0, tzinfo=VN_TZ)  # three working days given back
    assert desk.tasks("chuyenvien.longan") == [("Thẩm định hồ sơ", dossier)]


def test_a_late_dossier_is_returned_only_after_an_apology_with_a_new_date(desk: Desk, runtime: Runtime,
                                                                          clock: FixedClock) -> None:
    dossier = desk.start("tiepnhan.longan", LONG_AN)
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    clock.set(datetime(2025, 12, 9, 9, 0))  # the day after the appointment
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN)

    assert desk.tasks("tiepnhan.longan") == []
    with pytest.raises(StepFailed, match="must be after today"):
        desk.do("lanhdao.longan", "Lập phiếu xin lỗi, hẹn lại ngày trả",
                {"delay_reason": "Phải xác minh ranh giới thửa đất", "new_due_date": "2025-12-08"})
    desk.do("lanhdao.longan", "Lập phiếu xin lỗi, hẹn lại ngày trả",
            {"delay_reason": "Phải xác minh ranh giới thửa đất", "new_due_date": "2025-12-11"})
    clerk = desk.user_id("tiepnhan.longan")
    returning = queries.task_view(runtime, clerk, queries.inbox(runtime, clerk)[0].task_id)
    shown = dict(returning.answers).values()
    assert "11/12/2025" in shown and "2025-12-11" not in shown  # dates as people write them, everywhere
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA)

    view = desk.dossier(dossier)
    assert view.dossier.timeliness == "late" and view.dossier.status == "returned"
    assert kinds(desk, dossier) == ["giay-tiep-nhan", "ket-qua", "phieu-xin-loi"]
    public = citizen.lookup(runtime, "000.00.31.H53-251124-0001", "5678")
    assert public.new_due_at == datetime(2025, 12, 11, 17, 0, tzinfo=VN_TZ)
    assert "dossier.apologized" in [s.kind for s in public.history]


def test_a_result_ready_on_time_is_returned_on_time_when_the_citizen_comes_after_the_appointment(
        desk: Desk, clock: FixedClock) -> None:
    """Found by the dry run: the return step used to refuse such a dossier as late (apology first), though
    the office had the result ready before the appointment, and no apology step was left on its path."""
    dossier = desk.start("tiepnhan.longan", LONG_AN)
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN)
    clock.set(datetime(2025, 12, 15, 9, 0))  # the citizen comes a week after the appointment (8 December)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA)

    view = desk.dossier(dossier)
    assert view.dossier.status == "returned" and view.dossier.timeliness == "early"


def test_the_citizen_sees_a_masked_dossier_only_with_the_right_digits(desk: Desk, runtime: Runtime) -> None:
    desk.start("tiepnhan.longan", LONG_AN)
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(parcel_unit=KIEN_TUONG))
    assert citizen.lookup(runtime, "000.00.31.H53-251124-0001", "0000") is None
    assert citizen.lookup(runtime, "000.00.31.H53-251124-9999", "5678") is None
    by_phone = citizen.lookup(runtime, "000.00.31.H53-251124-0001", "5678")
    by_id = citizen.lookup(runtime, " 000.00.31.H53-251124-0001 ", "1234")
    assert by_phone == by_id
    assert by_phone.applicant_name == "Nguyễn T. H." and by_phone.handling_unit == "Phường Kiến Tường"
    assert [s.kind for s in by_phone.history] == ["dossier.received", "dossier.transferred"]


def test_district_dossiers_are_handed_over_to_a_commune_with_their_open_tasks(desk: Desk, runtime: Runtime) -> None:
    first = desk.start("tiepnhan.kientuong", KIEN_TUONG)
    desk.do("tiepnhan.kientuong", "Tiếp nhận, kiểm tra hồ sơ", receive_data(parcel_unit=KIEN_TUONG))
    assert desk.tasks("chuyenvien.kientuong") == [("Thẩm định hồ sơ", first)]

    moved = hand_over_unit(runtime, KIEN_TUONG, LONG_AN, comment="Tiếp nhận hồ sơ từ cấp huyện")
    assert moved == ["000.00.32.H53-251124-0001"]
    assert desk.tasks("chuyenvien.kientuong") == []
    assert desk.tasks("chuyenvien.longan") == [("Thẩm định hồ sơ", first)]
    with runtime.uow() as uow:
        assert [t.reason for t in uow.transfers.for_dossier(first)] == ["handover"]
