"""Template filters: dates the Vietnamese way, and labels for codes."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from motcua.documents.fees import vnd
from motcua.domain.clock import shown_date
from motcua.domain.procedure import Procedure
from motcua.domain.roles import role_title
from motcua.services import citizen
from motcua.services.versions import PACK_AUTHOR

STATUS = {
    "draft": _l("Đang tiếp nhận"), "received": _l("Đã tiếp nhận"), "processing": _l("Đang giải quyết"),
    "supplement": _l("Chờ bổ sung"), "refused": _l("Từ chối"), "awaiting_return": _l("Chờ trả kết quả"),
    "returned": _l("Đã trả kết quả"), "stopped": _l("Dừng giải quyết"), "cancelled": _l("Đã hủy"),
    "discarded": _l("Đã hủy khi đang tiếp nhận"),
}
TIMELINESS = {"early": _l("Trước hạn"), "on_time": _l("Đúng hạn"), "late": _l("Quá hạn")}
EVENTS = {
    "dossier.started": _l("Mở hồ sơ"), "task.completed": _l("Hoàn thành bước"),
    "dossier.received": _l("Tiếp nhận, cấp mã hồ sơ"), "dossier.returned": _l("Trả kết quả"),
    "dossier.supplement_requested": _l("Yêu cầu bổ sung hồ sơ"), "dossier.refused": _l("Từ chối tiếp nhận"),
    "dossier.transferred": _l("Chuyển xử lý"), "dossier.paused": _l("Tạm dừng, chờ công dân bổ sung"),
    "dossier.resumed": _l("Tiếp tục giải quyết"), "result.signed": _l("Ký số kết quả"),
    "dossier.apologized": _l("Xin lỗi, đề nghị gia hạn thời gian giải quyết"),
    "dossier.stopped": _l("Dừng giải quyết hồ sơ"),
    "dossier.migrated": _l("Chuyển sang phiên bản quy trình mới"),
    "sla.near_due": _l("Bước xử lý sắp đến hạn"), "sla.overdue": _l("Bước xử lý đã quá hạn"),
    "document.registered": _l("Vào sổ văn bản"), "document.sent": _l("Gửi văn bản đến nơi nhận"),
    "document.closed": _l("Kết thúc xử lý văn bản"), "document.delivered": _l("Nhận văn bản đến"),
    "feedback.received": _l("Tiếp nhận phản ánh, kiến nghị"), "feedback.classified": _l("Phân loại, chuyển xử lý"),
    "feedback.answered": _l("Duyệt và công khai nội dung trả lời"), "feedback.closed": _l("Kết thúc phản ánh"),
    "result.remote_requested": _l("Gửi yêu cầu ký số từ xa"), "result.remote_refused": _l("Ký số từ xa bị từ chối"),
    "message.received": _l("Nhận thông điệp từ hệ thống khác"),
    "fee.assessed": _l("Tính phí, lệ phí"), "fee.paid": _l("Thu phí, lệ phí, cấp biên lai"),
    "dossier.discarded": _l("Hủy hồ sơ đang tiếp nhận dở"),
    "papers.digitised": _l("Số hóa giấy tờ"),
    "dossier.from_portal": _l("Nhận hồ sơ nộp trên Cổng Dịch vụ công quốc gia"),
}
PAPER_SOURCE = {"scan": _l("Quét tại quầy"), "reuse": _l("Dùng lại bản đã số hóa"),
                "result": _l("Kết quả điện tử đã ký số"), "online": _l("Công dân gửi trực tuyến")}
AUTHORS = {PACK_AUTHOR: _l("Tệp của gói quy trình")}
FEE_STATUS = {"due": _l("Chờ nộp phí"), "paid": _l("Đã nộp phí"), "exempt": _l("Miễn phí, lệ phí"),
              "none": _l("Không thu phí")}
PAYMENT = {"cash": _l("Tiền mặt tại quầy"), "transfer": _l("Chuyển khoản (VietQR)")}
RISK = {"near_due": _l("Sắp đến hạn"), "overdue": _l("Quá hạn bước")}
NOTICE_EVENTS = {"received": _l("Đã tiếp nhận hồ sơ"), "supplement": _l("Yêu cầu bổ sung hồ sơ"),
                 "result_ready": _l("Đã có kết quả"), "apology": _l("Xin lỗi, hẹn lại ngày trả"),
                 "stopped": _l("Dừng giải quyết hồ sơ")}
NOTICE_CHANNELS = {"email": _l("Thư điện tử"), "sms": _l("Tin nhắn SMS")}
NOTICE_STATES = {"sent": _l("Đã gửi"), "waiting": _l("Chờ gửi"), "retrying": _l("Gửi lỗi, sẽ gửi lại"),
                 "failed": _l("Không gửi được")}


def _time_limit(procedure: Procedure) -> str:
    kind, amount = procedure.time_limit()
    if kind == "hours":
        return str(_l("%(n)s giờ làm việc", n=amount))
    if kind == "days":
        return str(_l("%(n)s ngày làm việc", n=amount))
    if procedure.same_day_until:
        return str(_l("Trong ngày (nhận sau %(t)s thì trả trong ngày làm việc tiếp theo)",
                      t=procedure.same_day_until.strftime("%H:%M")))
    return str(_l("Trong ngày"))


def _vnd(amount: int | None) -> str:
    return vnd(amount or 0)


def moment(value: date | datetime | str | None, with_time: bool = True) -> str:
    """dd/mm/yyyy hh:mm in Vietnam time (the day alone without ``with_time``); empty for no moment."""
    return shown_date(value, with_time)


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


def document_label(document: Any) -> str:
    """A document as a clerk names it: a scan by the field it was handed in under, a slip by its kind."""
    if document.title:
        return str(document.title)
    if document.kind in citizen.KINDS:
        return _capitalised(citizen.kind_label(document.kind, str(get_locale() or "vi"), True))
    return str(document.filename)


def register_filters(app: Flask) -> None:
    """Install the filters on an app."""
    app.add_template_filter(moment, "moment")
    app.add_template_filter(document_label, "document_label")
    app.add_template_filter(lambda v: moment(v, with_time=False), "day")
    app.add_template_filter(lambda code: STATUS.get(code, code), "status_label")
    app.add_template_filter(lambda code: TIMELINESS.get(code, code or ""), "timeliness_label")
    app.add_template_filter(lambda code: EVENTS.get(code, code), "event_label")
    app.add_template_filter(lambda kind: _capitalised(citizen.kind_label(kind, str(get_locale() or "vi"), True)),
                            "slip_label")
    app.add_template_filter(lambda code: RISK.get(code, code or ""), "risk_label")
    app.add_template_filter(lambda code: PAPER_SOURCE.get(code, code or ""), "paper_source")
    app.add_template_filter(lambda code: FEE_STATUS.get(code, code or ""), "fee_label")
    app.add_template_filter(_vnd, "vnd")
    app.add_template_filter(lambda code: PAYMENT.get(code, code or ""), "payment_label")
    app.add_template_filter(lambda author: AUTHORS.get(author, author or ""), "author_label")
    app.add_template_filter(_time_limit, "time_limit")
    app.add_template_filter(lambda code: NOTICE_EVENTS.get(code, code), "notice_label")
    app.add_template_filter(lambda code: NOTICE_CHANNELS.get(code, code), "channel_label")
    app.add_template_filter(lambda code: NOTICE_STATES.get(code, code), "notice_state_label")
    app.add_template_filter(lambda code: role_title(code, str(get_locale() or "vi")), "role_label")
