"""Official documents at the desk: the unit's books (incoming, outgoing, minutes) with search and their
signed PDFs, and starting a document; its steps are worked through the inbox and task pages.

Views are thin: read the request, call one service, render.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import get_locale

from motcua.services import books, steps
from motcua.web.auth import login_required
from motcua.web.context import runtime

bp = Blueprint("documents", __name__, url_prefix="/van-ban")
BOOK_SLUGS = {"den": "incoming", "di": "outgoing", "bien-ban": "minutes"}


def _locale() -> str:
    return str(get_locale() or "vi")


@bp.get("/so/<slug>")
@login_required
def book(slug: str) -> Any:
    if slug not in BOOK_SLUGS:
        abort(404)
    year = request.args.get("nam", "")
    view = books.book(runtime(), g.user.id, BOOK_SLUGS[slug], request.args.get("don_vi") or None,
                          int(year) if year.isdigit() else None, request.args.get("q", "").strip(), _locale())
    return render_template("documents/book.html", view=view, slug=slug, slugs=BOOK_SLUGS)


@bp.route("/moi", methods=["GET", "POST"])
@login_required
def start() -> Any:
    choices = books.startable(runtime(), g.user.id, _locale())
    if request.method == "POST":
        slug, _, unit = request.form.get("pick", "").partition("|")
        if not any(c.slug == slug and c.unit_code == unit for c in choices):
            abort(403)
        outcome = steps.start_dossier(runtime(), g.user.id, unit, slug)
        if outcome.waiting:
            return redirect(url_for("desk.task", task_id=outcome.waiting[0][0]))
        return redirect(url_for("desk.dossier", dossier_id=outcome.dossier_id))
    return render_template("documents/start.html", choices=choices)
