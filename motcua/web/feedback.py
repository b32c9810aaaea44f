"""1022 feedback pages: a citizen sends feedback online and looks it up by code; the 1022 operator takes a call.

The citizen's and the operator's forms are the same (the intake form without the operator's own fields);
the operator then classifies and routes it from the inbox like any other step.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for

from motcua.services import feedback
from motcua.services.errors import InvalidSubmission
from motcua.web.auth import login_required
from motcua.web.context import runtime
from motcua.web.form_render import Sources, error_messages, field_views, parse_post
from motcua.web.online import uploads
from motcua.web.public import LOOKUP_LIMIT, limiter

bp = Blueprint("feedback", __name__)
SEND_LIMIT = "5 per minute;30 per day"


def _form(source: str, user_id: int | None) -> tuple[Any, int, feedback.Received | None]:
    """Render or take the request form; the received feedback when it was taken."""
    offered = feedback.request_form(runtime())
    sources = Sources(units=offered.units)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values, errors = parse_post(offered.form, request.form, sources)
        if not errors:
            try:
                return None, 201, feedback.receive(runtime(), values, source=source, user_id=user_id,
                                                   files=uploads())
            except InvalidSubmission as exc:
                errors = error_messages(offered.form, exc.errors)
    return field_views(offered.form, values, errors, sources), 422 if errors else 200, None


@bp.route("/phan-anh", methods=["GET", "POST"])
@limiter.limit(SEND_LIMIT, methods=["POST"])
def send() -> Any:
    fields, status, received = _form("online", None)
    if received:
        return render_template("public/feedback_sent.html", received=received)
    return render_template("public/feedback_form.html", fields=fields, operator=False), status


@bp.route("/phan-anh/tra-cuu")
@limiter.limit(LOOKUP_LIMIT)
def lookup() -> Any:
    code = request.args.get("ma", "").strip()
    found = feedback.lookup(runtime(), code) if code else None
    return render_template("public/feedback_lookup.html", code=code, found=found), 404 if code and not found else 200


@bp.route("/1022/tiep-nhan", methods=["GET", "POST"])
@login_required
def take_call() -> Any:
    if not g.user.units_with(feedback.OPERATOR):
        return render_template("error.html", status=403, message="only a 1022 operator takes feedback by phone"), 403
    fields, status, received = _form("phone", g.user.id)
    if received:
        return redirect(url_for("desk.task", task_id=received.first_task_id))
    return render_template("public/feedback_form.html", fields=fields, operator=True), status
