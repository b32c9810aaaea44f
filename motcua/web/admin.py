"""A unit administrator's pages: the unit's accounts (unlock, reset a lost second factor), its units' electronic
identifiers (the start of their dossier codes), and the security audit log, readable on the page and as CSV."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from motcua.domain.clock import VN_TZ
from motcua.services import people, security
from motcua.services.errors import InvalidField
from motcua.web.auth import login_required
from motcua.web.context import runtime
from motcua.web.i18n import error_text

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")

EVENTS = {
    "signin.succeeded": _l("Đăng nhập thành công"),
    "signin.failed": _l("Đăng nhập sai"),
    "signin.refused_locked": _l("Đăng nhập khi tài khoản đang khóa"),
    "account.locked": _l("Khóa tài khoản"),
    "account.unlocked": _l("Mở khóa tài khoản"),
    "2fa.enrolled": _l("Bật xác thực hai bước"),
    "2fa.failed": _l("Mã xác thực sai"),
    "2fa.confirmed": _l("Xác thực lại trước khi ký"),
    "2fa.reset": _l("Đặt lại xác thực hai bước"),
    "2fa.resealed": _l("Mã hóa lại khóa xác thực hai bước theo khóa bí mật mới"),
    "signout": _l("Đăng xuất (kết thúc mọi phiên)"),
    "password.changed": _l("Đổi mật khẩu"),
    "password.change_refused": _l("Đổi mật khẩu bị từ chối"),
    "user.created": _l("Tạo tài khoản, giao vai trò"),
    "result.signed": _l("Ký số kết quả"),
    "dossier.handed_over": _l("Chuyển giao hồ sơ"),
    "unit.agency_code_set": _l("Đặt mã định danh điện tử của đơn vị"),
    "papers.listed": _l("Xem danh sách giấy tờ đã số hóa của công dân"),
    "papers.opened": _l("Mở giấy tờ đã số hóa của công dân"),
    "papers.reused": _l("Dùng lại giấy tờ đã số hóa"),
    "papers.reuse_refused": _l("Dùng lại giấy tờ đã số hóa bị từ chối"),
    "papers.lookup_refused": _l("Tìm giấy tờ đã số hóa trực tuyến không khớp hồ sơ"),
    "portal.request_refused": _l("Từ chối yêu cầu không có chữ ký hợp lệ của Cổng DVC quốc gia"),
}


@bp.get("/tai-khoan")
@login_required
def accounts() -> Any:
    return render_template("admin/accounts.html", accounts=security.accounts(runtime(), g.user.id))


@bp.post("/tai-khoan/<username>/mo-khoa")
@login_required
def unlock(username: str) -> Any:
    security.unlock(runtime(), g.user.id, username, request.remote_addr)
    flash(_l("Đã mở khóa tài khoản %(u)s.", u=username), "success")
    return redirect(url_for("admin.accounts"))


@bp.post("/tai-khoan/<username>/dat-lai-xac-thuc")
@login_required
def reset_second_factor(username: str) -> Any:
    security.reset_second_factor(runtime(), g.user.id, username, request.remote_addr)
    flash(_l("Đã đặt lại xác thực hai bước của %(u)s; lần đăng nhập tới sẽ thiết lập lại.", u=username), "success")
    return redirect(url_for("admin.accounts"))


@bp.get("/don-vi")
@login_required
def units() -> Any:
    return render_template("admin/units.html", units=people.administered_units(runtime(), g.user.id),
                           typed={}, error=None)


@bp.post("/don-vi/<code>")
@login_required
def set_identifier(code: str) -> Any:
    value = request.form.get("agency_code", "")
    try:
        saved = people.set_agency_code(runtime(), g.user.id, code, value, request.remote_addr)
    except InvalidField as exc:  # the page comes back with what was typed and the field named; nothing changed
        return render_template("admin/units.html", units=people.administered_units(runtime(), g.user.id),
                               typed={code: value}, error=(code, error_text(exc))), 422
    flash(_l("Đã lưu mã định danh điện tử %(v)s của đơn vị %(u)s.", v=saved, u=code), "success")
    return redirect(url_for("admin.units"))


def _period() -> tuple[date, date]:
    """The days asked for (``tu``, ``den``, inclusive); the last seven days by default or when unreadable."""
    today = runtime().clock.now().date()
    try:
        end = date.fromisoformat(request.args.get("den") or today.isoformat())
        start = date.fromisoformat(request.args.get("tu") or (end - timedelta(days=6)).isoformat())
    except ValueError:
        return today - timedelta(days=6), today
    return (start, end) if start <= end else (end, start)


def _lines(start: date, end: date) -> list[security.AuditLine]:
    begin = datetime.combine(start, time(), VN_TZ)
    return security.audit_log(runtime(), g.user.id, begin, datetime.combine(end + timedelta(days=1), time(), VN_TZ))


@bp.get("/nhat-ky")
@login_required
def audit() -> Any:
    start, end = _period()
    return render_template("admin/audit.html", lines=_lines(start, end), start=start, end=end, events=EVENTS)


def _cell(value: str) -> str:
    """A spreadsheet must not run what a visitor typed as a username ("=HYPERLINK(…)")."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.get("/nhat-ky.csv")
@login_required
def audit_csv() -> Response:
    start, end = _period()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["thoi_diem", "su_kien", "ma_su_kien", "tai_khoan", "nguoi_thuc_hien", "dia_chi", "chi_tiet"])
    for line in _lines(start, end):
        writer.writerow([line.at.isoformat(), str(EVENTS.get(line.kind, line.kind)), line.kind, _cell(line.username),
                         _cell(line.actor), line.address, _cell(json.dumps(line.detail, ensure_ascii=False))])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=nhat-ky-bao-mat-{start.isoformat()}-{end.isoformat()}.csv"})
