"""What the National Public Service Portal is told of a dossier: the portal's codes and dates, the supplements and
the stop, digitisation and payment; every message built here must pass the schema in docs/portal."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from motcua.domain.portal_shape import Catalogue, portal_moment, rating_record, status_code, status_record
from motcua.services import portal_schemas
from motcua.services.portal_messages import _supplements
from motcua.store.models import Event, User

VN = timezone(timedelta(hours=7))
BIRTH = Catalogue("1.001193", "Đăng ký khai sinh", "Hộ tịch")


def at(day: int, hour: int = 9) -> str:
    return datetime(2025, 11, day, hour, tzinfo=VN).isoformat()


FACTS = {
    "dossier_code": "000.00.31.H53-251124-0001", "procedure_slug": "birth_registration", "procedure_code": "1.001193",
    "status": "returned", "channel": "postal", "receiving_agency_code": "000.00.31.H53",
    "handling_unit_name": "Phường Long An", "applicant_name": "Lê Văn Tâm", "applicant_phone": "0987654321",
    "applicant_email": "tam@example.vn", "received_at": at(24), "due_at": at(28), "processed_at": at(27, 15),
    "returned_at": at(28, 10), "result_channel": "postal", "paused_for": None,
    "supplements": [{"id": 7, "stage": "processing", "requested_at": at(25), "note": "Thiếu tờ khai", "by": "Chuyên viên",
                     "received_at": at(26), "due_before": at(27), "due_after": at(28)}],
    "stop": None, "papers_digitised_at": at(24, 10), "result_electronic_at": at(27, 15),
    "fee": {"status": "paid", "due": 8000, "exempted": 0, "method": "transfer", "paid_at": at(24, 11),
            "lines": [{"label": "Lệ phí khai sinh quá hạn", "kind": "lệ phí", "total": 8000}]},
    "first": False,
}


def message(record: dict, topic: str = "dossier.status") -> dict:
    envelope = {"message_id": "motcua-outbox-1", "topic": topic, "created_at": at(28, 10),
                "MaDinhDanhDV": "000.00.31.H53", "data": [record]}
    return {**envelope, "service": "DongBoHoSoMC", "isUpdating": "True"} if topic == "dossier.status" else envelope


def test_moments_are_written_in_vietnam_time_as_the_portal_writes_them() -> None:
    assert portal_moment(datetime(2025, 11, 24, 1, 30, tzinfo=UTC).isoformat()) == "20251124083000"
    assert portal_moment(None) == "" and portal_moment("") == ""
    with pytest.raises(ValueError, match="time zone"):
        portal_moment("2025-11-24T08:30:00")


@pytest.mark.parametrize(("status", "extra", "code"), [
    ("draft", {}, "1"), ("received", {}, "2"), ("refused", {}, "3"), ("processing", {}, "4"),
    ("supplement", {}, "5"), ("supplement", {"paused_for": "payment"}, "6"),
    ("stopped", {"stop_ground": "withdrawn"}, "7"), ("stopped", {"stop_ground": "by_law"}, "8"),
    ("awaiting_return", {}, "9"), ("returned", {}, "10"), ("discarded", {}, ""),
])
def test_statuses_take_the_portal_s_codes(status: str, extra: dict, code: str) -> None:
    assert status_code(status, **extra) == code


def test_a_returned_dossier_carries_dates_channel_supplement_digitisation_and_payment() -> None:
    record = status_record(FACTS, BIRTH)
    assert record["MaTTHC"] == "1.001193" and record["TenTTHC"] == "Đăng ký khai sinh"
    assert (record["NgayTiepNhan"], record["NgayHenTra"]) == ("20251124090000", "20251128090000")
    assert (record["NgayKetThucXuLy"], record["NgayTra"]) == ("20251127150000", "20251128100000")
    assert (record["TrangThaiHoSo"], record["KenhThucHien"], record["HinhThuc"]) == ("10", "3", "1")
    [asked] = record["DanhSachHoSoBoSung"]
    assert (asked["NgayBoSung"], asked["NgayTiepNhanBoSung"], asked["TrangThaiBoSung"]) == (
        "20251125090000", "20251126090000", "1")
    assert (asked["NgayHenTraTruoc"], asked["NgayHenTraMoi"]) == ("20251127090000", "20251128090000")
    assert record["SoHoa"] == {"NgaySoHoaHoSo": "20251124100000", "NgayCoKetQuaDienTu": "20251127150000"}
    assert record["ThanhToan"] == {"TrangThai": "paid", "SoTienPhaiNop": 8000, "SoTienMien": 0,
                                   "HinhThucThanhToan": "transfer", "NgayThanhToan": "20251124110000"}
    assert record["DanhSachLePhi"] == [{"TenPhiLePhi": "Lệ phí khai sinh quá hạn", "MaPhiLePhi": "",
                                        "HinhThucThu": "transfer", "Gia": 8000, "LoaiPhiLePhi": "lệ phí"}]
    assert record["DungXuLy"] is None
    assert portal_schemas.problems("dossier.status", message(record)) == []


def test_a_stopped_dossier_without_a_fee_says_when_and_why() -> None:
    facts = {**FACTS, "status": "stopped", "returned_at": None, "fee": None, "supplements": [],
             "stop": {"at": at(26), "ground": "withdrawn", "reason": "Người nộp xin rút"}}
    record = status_record(facts, BIRTH)
    assert record["TrangThaiHoSo"] == "7" and record["NgayTra"] == ""
    assert record["DungXuLy"] == {"NgayDung": "20251126090000", "CanCu": "withdrawn", "LyDo": "Người nộp xin rút"}
    assert record["ThanhToan"]["TrangThai"] == "none" and record["DanhSachLePhi"] == []
    assert portal_schemas.problems("dossier.status", message(record)) == []


def test_a_message_the_portal_would_refuse_is_named_by_field() -> None:
    unconfirmed = Catalogue("", "Thủ tục chưa có mã", "Hộ tịch")
    record = status_record({**FACTS, "status": "discarded"}, unconfirmed)
    problem = portal_schemas.described("dossier.status", message(record))
    assert problem is not None and "data.0.MaTTHC" in problem and "data.0.TrangThaiHoSo" in problem
    missing = portal_schemas.problems("dossier.status", {"topic": "dossier.status"})
    assert ("MaDinhDanhDV", "required") in missing and ("data", "required") in missing


def test_a_rating_names_the_dossier_and_passes_its_schema() -> None:
    record = rating_record({**FACTS, "rating": "unsatisfied", "rated_at": at(28, 10)}, BIRTH)
    assert record == {"MaHoSo": FACTS["dossier_code"], "MaTTHC": "1.001193", "KetQuaDanhGia": "unsatisfied",
                      "NgayDanhGia": "20251128100000", "KenhThucHien": "3"}
    assert portal_schemas.problems("dossier.rating", message(record, "dossier.rating")) == []


def event(event_id: int, kind: str, day: int, **detail: object) -> Event:
    return Event(id=event_id, kind=kind, at=datetime.fromisoformat(at(day)), detail=detail,
                 user=User(full_name="Nguyễn Chuyên Viên"))


def test_supplements_are_read_from_the_history_with_how_the_appointment_moved() -> None:
    history = [
        event(1, "dossier.supplement_requested", 20, at="reception", note="Thiếu bản sao"),
        event(2, "dossier.received", 21, due_at=at(25)),
        event(3, "dossier.paused", 22, request="Bổ sung trích lục"),
        event(4, "dossier.resumed", 24, due_at=at(27)),
        event(5, "dossier.paused", 25, request="Chờ thực hiện nghĩa vụ tài chính: 1", reason="payment"),
        event(6, "dossier.resumed", 26, due_at=at(28)),
        event(7, "dossier.paused", 26, request="Bổ sung lần hai"),
    ]
    found, waiting = _supplements(history)
    assert [(s["id"], s["stage"], s["received_at"], s["due_before"], s["due_after"]) for s in found] == [
        (1, "reception", at(21), None, None), (3, "processing", at(24), at(25), at(27)),
        (7, "processing", None, at(28), None)]
    assert waiting == "supplement" and found[1]["by"] == "Nguyễn Chuyên Viên"
    assert _supplements(history[:5])[1] == "payment"
