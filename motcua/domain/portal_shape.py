"""What the National Public Service Portal (Cổng Dịch vụ công quốc gia, DVCQG) receives: a dossier's facts as the
portal's integration services name them. Pure functions, no store: ``services/portal_messages.py`` gathers the
facts in the step's transaction, and the worker shapes and checks them against ``docs/portal/*.schema.json``
just before sending, with the catalogue as it is then (so a procedure code fixed after a message was held is
sent right once the message is released).

Sources (secondary, see each schema's description): the service and field names (DongBoHoSoMC: MaHoSo, MaTTHC,
NgayTiepNhan, NgayHenTra, TrangThaiHoSo, NgayKetThucXuLy, NgayTra, HinhThuc, DanhSachLePhi, DanhSachHoSoBoSung…)
and the date format (yyyyMMddHHmmss, Asia/Ho_Chi_Minh) are those of OpenCPS's DVCQG adapter
(github.com/VietOpenCPS/opencps-v2, DVCQGIntegrationActionImpl.java); the status codes 1-10 and the channel codes
1-3 are those provincial one-stop systems send. The portal's own specification (Văn phòng Chính phủ, "Tài liệu
hướng dẫn kết nối, tích hợp, chia sẻ dữ liệu với Cổng DVCQG", v1.4, 2020) was found only as a table of contents.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from motcua.domain.channels import NATIONAL_CODES, Channel
from motcua.domain.dossier import Status
from motcua.domain.procedure import Procedure

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SYNC_SERVICE = "DongBoHoSoMC"  # the portal's "synchronise a one-stop dossier" service
STOP_WITHDRAWN = "withdrawn"  # handlers/stopping.py: the applicant asked to stop
PAYMENT_PAUSE = "payment"  # handlers/processing.await_payment: waiting for the financial obligation

# TrangThaiHoSo: 1 newly submitted, 2 received, 3 refused, 4 processing, 5 asked to supplement, 6 awaiting the
# financial obligation, 7 withdrawn by the applicant, 8 stopped, 9 processed, 10 returned.
STATUS_CODES = {
    Status.DRAFT: "1", Status.RECEIVED: "2", Status.REFUSED: "3", Status.PROCESSING: "4", Status.SUPPLEMENT: "5",
    Status.AWAITING_RETURN: "9", Status.RETURNED: "10", Status.STOPPED: "8", Status.CANCELLED: "8",
}


@dataclass(frozen=True)
class Catalogue:
    """The procedure facts the portal needs, looked up when a message is sent."""

    code: str
    name: str
    field: str


def portal_moment(iso: str | None) -> str:
    """An ISO moment as the portal writes it (yyyyMMddHHmmss, Vietnam time); "" for none."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        raise ValueError(f"{iso!r} has no time zone: the portal's local time cannot be known")
    return moment.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def status_code(status: str, *, stop_ground: str | None = None, paused_for: str | None = None) -> str:
    """The portal's TrangThaiHoSo for a dossier's status: a pause for payment is 6, a stop the applicant asked
    for is 7 (withdrawn); "" for a status the portal has no code for (the schema then holds the message)."""
    if status == Status.SUPPLEMENT and paused_for == PAYMENT_PAUSE:
        return "6"
    if status == Status.STOPPED and stop_ground == STOP_WITHDRAWN:
        return "7"
    return STATUS_CODES.get(status, "")  # type: ignore[call-overload]


def channel_code(channel: str | None) -> str:
    """KenhThucHien: the channel's national code as text ("1", "2", "3")."""
    return str(Channel(channel or Channel.COUNTER).national_code)


def _fee_lines(fee: dict[str, Any]) -> list[dict[str, Any]]:
    method = fee.get("method") or ""
    return [{"TenPhiLePhi": line["label"], "MaPhiLePhi": "", "HinhThucThu": method, "Gia": int(line["total"]),
             "LoaiPhiLePhi": line["kind"]} for line in fee.get("lines", [])]


def _supplement(item: dict[str, Any]) -> dict[str, Any]:
    return {"HoSoBoSungId": str(item["id"]), "NguoiYeuCauBoSung": item.get("by") or "",
            "NoiDungBoSung": item.get("note") or "", "NgayBoSung": portal_moment(item.get("requested_at")),
            "NgayTiepNhanBoSung": portal_moment(item.get("received_at")),
            "TrangThaiBoSung": "1" if item.get("received_at") else "0",
            "NgayHenTraTruoc": portal_moment(item.get("due_before")),
            "NgayHenTraMoi": portal_moment(item.get("due_after")),
            "GiaiDoan": item.get("stage", "processing")}


def _payment(fee: dict[str, Any] | None) -> dict[str, Any]:
    fee = fee or {}
    return {"TrangThai": fee.get("status") or "none", "SoTienPhaiNop": int(fee.get("due") or 0),
            "SoTienMien": int(fee.get("exempted") or 0), "HinhThucThanhToan": fee.get("method") or "",
            "NgayThanhToan": portal_moment(fee.get("paid_at"))}


def status_record(facts: dict[str, Any], procedure: Catalogue | None) -> dict[str, Any]:
    """One dossier as DongBoHoSoMC's ``data`` item, from the facts an announcement kept."""
    stop = facts.get("stop")
    return {
        "MaHoSo": facts.get("dossier_code") or "",
        "MaTTHC": procedure.code if procedure else facts.get("procedure_code", ""),
        "TenTTHC": procedure.name if procedure else "",
        "TenLinhVuc": procedure.field if procedure else "",
        "ChuHoSo": facts.get("applicant_name") or "",
        "LoaiDoiTuong": "1",
        "SoDienThoai": facts.get("applicant_phone") or "",
        "Email": facts.get("applicant_email") or "",
        "NgayTiepNhan": portal_moment(facts.get("received_at")),
        "NgayHenTra": portal_moment(facts.get("due_at")),
        "TrangThaiHoSo": status_code(facts["status"], stop_ground=(stop or {}).get("ground"),
                                     paused_for=facts.get("paused_for")),
        "NgayKetThucXuLy": portal_moment(facts.get("processed_at")),
        "NgayTra": portal_moment(facts.get("returned_at")),
        "HinhThuc": "1" if facts.get("result_channel") == Channel.POSTAL else "0",
        "KenhThucHien": channel_code(facts.get("channel")),
        "DonViXuLy": facts.get("handling_unit_name") or "",
        "DanhSachLePhi": _fee_lines(facts.get("fee") or {}),
        "DanhSachHoSoBoSung": [_supplement(item) for item in facts.get("supplements", [])],
        "DungXuLy": {"NgayDung": portal_moment(stop.get("at")), "CanCu": stop.get("ground"),
                     "LyDo": stop.get("reason") or ""} if stop else None,
        "SoHoa": {"NgaySoHoaHoSo": portal_moment(facts.get("papers_digitised_at")),
                  "NgayCoKetQuaDienTu": portal_moment(facts.get("result_electronic_at"))},
        "ThanhToan": _payment(facts.get("fee")),
    }


def rating_record(facts: dict[str, Any], procedure: Catalogue | None) -> dict[str, Any]:
    """A citizen's rating of a dossier, with the dossier's identifiers as DongBoHoSoMC names them."""
    return {"MaHoSo": facts.get("dossier_code") or "",
            "MaTTHC": procedure.code if procedure else facts.get("procedure_code", ""),
            "KetQuaDanhGia": facts.get("rating"), "NgayDanhGia": portal_moment(facts.get("rated_at")),
            "KenhThucHien": channel_code(facts.get("channel"))}


def catalogue_record(procedure: Procedure) -> dict[str, Any]:
    """A procedure as this province offers it, in the record shape the portal's LayThuTuc service returns
    (MATTHC, TENTTHC, LINHVUCTHUCHIEN, CACHTHUCTHUCHIEN with KENH and THOIGIAN, KETQUATHUCHIEN, CANCUPHAPLY,
    THANHPHANHOSO with GIAYTO), so the portal's copy and ours can be compared field by field. Every channel is
    offered (the counter, online from the procedure's sheet, post at the counter); the fee goes as its text (the
    schedule's amounts depend on the dossier). SOBANCHINH, SOBANSAO and BATBUOC are MotCua's."""
    hours = procedure.processing_hours is not None
    time = {"THOIGIANGIAIQUYET": procedure.processing_hours if hours else procedure.processing_days or 0,
            "DONVITINH": "Giờ làm việc" if hours else "Ngày làm việc", "MOTA": "",
            "PHILEPHI": [{"MAPHILEPHI": "", "SOTIEN": 0, "DONVI": "Đồng", "MOTA": procedure.fee}]}
    return {
        "MATTHC": procedure.code, "TENTTHC": procedure.name_vi,
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "", "TENLINHVUC": procedure.field}],
        "CACHTHUCTHUCHIEN": [{"KENH": code, "THOIGIAN": [time]} for code in sorted(NATIONAL_CODES.values())],
        "KETQUATHUCHIEN": [{"MAKETQUA": "", "TENKETQUA": procedure.result}],
        "CANCUPHAPLY": [{"SOVANBAN": "", "TENVANBAN": text} for text in procedure.legal_basis],
        "THANHPHANHOSO": [{"TRUONGHOP": "", "GIAYTO": [
            {"MAGIAYTO": "", "TENGIAYTO": paper.name, "SOBANCHINH": paper.originals, "SOBANSAO": paper.copies,
             "BATBUOC": not paper.optional} for paper in procedure.papers]}],
    }
