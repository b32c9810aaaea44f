"""Online submission: a citizen sends a dossier of a public procedure from its catalogue sheet.

The form is the procedure's intake form without the clerk's fields; the dossier then waits for the chosen
ward's reception clerk like one handed in at the counter. Rate-limited per address, CSRF-protected.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request

from motcua.services import online
from motcua.services.errors import InvalidSubmission, NotFound
from motcua.services.steps import Upload
from motcua.web.context import runtime
from motcua.web.form_render import Sources, error_messages, field_views, parse_post
from motcua.web.public import limiter

bp = Blueprint("online", __name__)
SUBMIT_LIMIT = "10 per minute;50 per day"


def uploads() -> dict[str, Upload]:
    """The files sent with a form, by field."""
    return {name: Upload(f.filename or name, f.read()) for name, f in request.files.items() if f and f.filename}


@bp.route("/thu-tuc/<slug>/nop-truc-tuyen", methods=["GET", "POST"])
@limiter.limit(SUBMIT_LIMIT, methods=["POST"])
def submit(slug: str) -> Any:
    try:
        offered = online.online_form(runtime(), slug)
    except NotFound:
        abort(404)
    sources = Sources(units=offered.units)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    unit = request.form.get("unit", "")
    if request.method == "POST":
        values, errors = parse_post(offered.form, request.form, sources)
        if not errors:
            try:
                sent = online.submit(runtime(), slug, unit, values, uploads())
            except InvalidSubmission as exc:
                errors = error_messages(offered.form, exc.errors)
            else:
                return render_template("public/online_sent.html", sent=sent, name=offered.name)
    fields = field_views(offered.form, values, errors, sources)
    return render_template("public/online_submit.html", offered=offered, fields=fields, errors=errors,
                           unit=unit), 422 if errors else 200
