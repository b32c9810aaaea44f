"""Online submission: a citizen sends a dossier of a public procedure from its catalogue sheet.

The form is the procedure's intake form without the clerk's fields; the dossier then waits for the chosen
ward's reception clerk like one handed in at the counter. Rate-limited per address, CSRF-protected.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale

from motcua.services import digitisation, online
from motcua.services.errors import Forbidden, InvalidSubmission, NotFound
from motcua.services.steps import Upload
from motcua.web.context import runtime
from motcua.web.form_render import Sources, error_messages, field_views, parse_post
from motcua.web.i18n import error_text
from motcua.web.public import limiter

bp = Blueprint("online", __name__)
SUBMIT_LIMIT = "10 per minute;50 per day"


def _reused(count: int) -> dict[int, int]:
    """The held papers ticked for reuse, by paper index."""
    chosen = {i: request.form.get(f"papers_received.{i}.reuse", "") for i in range(count)}
    return {i: int(value) for i, value in chosen.items() if value.isdigit()}


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
    held: dict[int, digitisation.HeldPaper] = {}
    unit, earlier = request.form.get("unit", ""), request.form.get("earlier_code", "").strip()
    if request.method == "POST":
        values, errors = parse_post(offered.form, request.form, sources)
        id_number = str(values.get("applicant_id_number") or "")
        if earlier:  # the citizen identified themselves to reuse their digitised papers (the listing is logged)
            try:
                found = digitisation.held_for_citizen(runtime(), slug, id_number, earlier, request.remote_addr,
                                                      str(get_locale() or "vi"))
                held = {i: h for h in reversed(found) for i in h.rows}  # the newest of each row's kind wins
            except Forbidden as exc:
                errors["earlier_code"] = error_text(exc)
        if request.form.get("papers_lookup"):  # only the lookup: nothing is sent
            errors = {k: v for k, v in errors.items() if k == "earlier_code"}
        elif not errors:
            try:
                sent = online.submit(runtime(), slug, unit, values, uploads(), _reused(len(offered.papers)),
                                     earlier, request.remote_addr)
            except InvalidSubmission as exc:
                errors = error_messages(offered.form, exc.errors)
            except Forbidden as exc:
                errors["earlier_code"] = error_text(exc)
            else:
                return render_template("public/online_sent.html", sent=sent, name=offered.name)
    fields = field_views(offered.form, values, errors, sources)
    return render_template("public/online_submit.html", offered=offered, fields=fields, errors=errors,
                           unit=unit, earlier=earlier, held=held), 422 if errors else 200
