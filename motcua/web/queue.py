"""The counter queue's pages: the kiosk and the waiting room's display (public), the clerk's counter,
and the queue report (with its JSON twins).

Views are thin: read the request, call one service, render or redirect.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from motcua.services import queue, queue_report
from motcua.services.errors import Conflict, Forbidden, NotFound, ServiceError
from motcua.web.api import json_answer
from motcua.web.auth import login_required
from motcua.web.context import runtime
from motcua.web.i18n import error_body, error_text
from motcua.web.public import limiter

bp = Blueprint("queue", __name__)
ISSUE_LIMIT = "60 per minute"  # a kiosk is one address; a person pressing twice a second is not a queue
POLL_SECONDS = 3
ACTIONS = ("goi", "goi-lai", "xong", "vang", "dong")  # call next, recall, served, absent, close
COUNTER_PROBLEMS = {
    "number_range": _l("Số quầy từ 1 đến 99."),
    "no_groups": _l("Chọn ít nhất một nhóm dịch vụ."),
    "unknown_group": _l("Đơn vị không có nhóm dịch vụ này."),
}


def _locale() -> str:
    return str(get_locale() or "vi")


# --- public: kiosk, ticket, display ----------------------------------------------------------------------

@bp.get("/xep-hang")
def index() -> Any:
    return render_template("queue/index.html", units=queue.units_with_queue(runtime()))


@bp.route("/xep-hang/<unit_code>", methods=["GET", "POST"])
@limiter.limit(ISSUE_LIMIT, methods=["POST"])
def kiosk(unit_code: str) -> Any:
    closed = None
    if request.method == "POST":
        try:
            ticket = queue.issue_ticket(runtime(), unit_code, request.form.get("group", ""), _locale())
        except queue.QueueClosed as exc:
            closed = exc
        else:
            return redirect(url_for("queue.ticket", ticket_id=ticket.id, print=1))
    name, groups = queue.kiosk(runtime(), unit_code, _locale())
    return render_template("queue/kiosk.html", unit_code=unit_code, unit_name=name, groups=groups,
                           closed=closed), 409 if closed else 200


@bp.get("/xep-hang/ve/<int:ticket_id>")
def ticket(ticket_id: int) -> Any:
    return render_template("queue/ticket.html", t=queue.ticket(runtime(), ticket_id, _locale()),
                           auto_print=request.args.get("print") == "1")


@bp.get("/man-hinh/<unit_code>")
def display(unit_code: str) -> Any:
    return render_template("queue/display.html", view=queue.display(runtime(), unit_code, _locale()),
                           poll_seconds=POLL_SECONDS)


@bp.get("/api/v1/queue/<unit_code>/display")
def display_api(unit_code: str) -> Any:
    try:
        return jsonify(queue.display(runtime(), unit_code, _locale()).as_json())
    except NotFound as exc:
        return jsonify(error_body(exc)), 404


# --- the clerk's counter -------------------------------------------------------------------------------

def _unit_choice(choices: list[tuple[str, str, Any]]) -> str | None:
    wanted = request.values.get("unit", "")
    codes = [code for code, _name, _groups in choices]
    return wanted if wanted in codes else (codes[0] if codes else None)


@bp.get("/quay")
@login_required
def counter() -> Any:
    choices = queue.counter_choices(runtime(), g.user.id, _locale())
    unit_code = _unit_choice(choices)
    if unit_code is None:
        raise Forbidden("queue.desk_reception_only")
    desk = queue.my_counter(runtime(), g.user.id, unit_code, _locale())
    groups = next(groups for code, _name, groups in choices if code == unit_code)
    return render_template("queue/counter.html", choices=choices, unit_code=unit_code, desk=desk, groups=groups,
                           errors={}, form={})


@bp.post("/quay/mo")
@login_required
def open_counter() -> Any:
    unit_code = request.form.get("unit", "")
    number_text = request.form.get("counter", "").strip()
    wanted = request.form.getlist("groups")
    try:
        queue.open_counter(runtime(), g.user.id, unit_code, int(number_text) if number_text.isdigit() else 0,
                           wanted, _locale())
    except queue.CounterRefused as exc:
        choices = queue.counter_choices(runtime(), g.user.id, _locale())
        groups = next((gs for code, _name, gs in choices if code == unit_code), ())
        errors = {field: str(COUNTER_PROBLEMS[code]) for field, code in exc.problems}
        return render_template("queue/counter.html", choices=choices, unit_code=unit_code, desk=None,
                               groups=groups, errors=errors, form={"counter": number_text, "groups": wanted}), 422
    except ServiceError as exc:
        flash(_("Không mở được quầy: %(e)s", e=error_text(exc)), "error")
    return redirect(url_for("queue.counter", unit=unit_code))


def _seen() -> int | None:
    text = request.form.get("ticket", "")
    return int(text) if text.isdigit() else None


@bp.post("/quay/<action>")
@login_required
def act(action: str) -> Any:
    if action not in ACTIONS:
        raise NotFound("page.not_found", path=request.path)
    unit_code = request.form.get("unit", "")
    rt, user_id = runtime(), g.user.id
    try:
        if action == "goi":
            called = queue.call_next(rt, user_id, unit_code, _seen(), _locale())
            if called is None:
                flash(_("Không còn ai chờ ở các nhóm của quầy."), "success")
        elif action == "goi-lai":
            queue.recall(rt, user_id, unit_code, _seen(), _locale())
        elif action == "xong":
            queue.finish(rt, user_id, unit_code, "served", _seen(), _locale())
        elif action == "vang":
            queue.finish(rt, user_id, unit_code, "no_show", _seen(), _locale())
        else:
            queue.close_counter(rt, user_id, unit_code)
    except (Conflict, Forbidden) as exc:
        flash(_("Không thực hiện được: %(e)s", e=error_text(exc)), "error")
    return redirect(url_for("queue.counter", unit=unit_code))


# --- the report ----------------------------------------------------------------------------------------

def _day(text: str, field: str, iso: bool) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text) if iso else datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise queue_report.BadPeriod(field, "period.not_a_date", value=text,
                                     format="YYYY-MM-DD" if iso else "dd/mm/yyyy") from None


@bp.get("/quay/bao-cao")
@login_required
def report() -> Any:
    units = [(code, name) for code, name, role in g.user.roles if role in queue_report.REPORT_ROLES]
    units = list(dict.fromkeys(units))
    if not units:
        raise Forbidden("queue_report.staff_only")
    unit_code = request.args.get("unit") or units[0][0]
    form = {"tu": request.args.get("tu", ""), "den": request.args.get("den", "")}
    errors: dict[str, str] = {}
    result = None
    try:
        first, last = _day(form["tu"], "tu", iso=False), _day(form["den"], "den", iso=False)
        result = queue_report.queue_report(runtime(), g.user.id, unit_code, first, last, _locale())
    except queue_report.BadPeriod as exc:
        if exc.field in form:  # a date that does not parse
            errors[exc.field] = _("Ngày không hợp lệ (dd/mm/yyyy).")
        else:  # the period itself
            errors["den"] = _("Ngày kết thúc phải từ ngày bắt đầu trở đi, trong vòng 366 ngày.")
    return render_template("queue/report.html", units=units, unit_code=unit_code, form=form, errors=errors,
                           report=result), 422 if errors else 200


@bp.get("/api/v1/queue/<unit_code>/report")
def report_api(unit_code: str) -> Any:
    return json_answer(lambda: queue_report.queue_report(
        runtime(), g.user.id, unit_code, _day(request.args.get("from", ""), "from", iso=True),
        _day(request.args.get("to", ""), "to", iso=True), _locale()).as_json(), invalid=(queue_report.BadPeriod,))
