"""The administrators' page for the daily roll-ups: how many days wait to be built, which are dirty, and a
rebuild of some days on demand (the worker does the same on its own; this is for a correction made outside the
application, or to check a day)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from motcua.services import reports, rollup_upkeep
from motcua.services.errors import ServiceError
from motcua.web.auth import login_required
from motcua.web.context import runtime
from motcua.web.i18n import error_text

bp = Blueprint("rollups_admin", __name__, url_prefix="/quan-tri/tong-hop")


@bp.get("/")
@login_required
def overview() -> Any:
    return render_template("admin/rollups.html", status=rollup_upkeep.status(runtime(), g.user.id), errors={},
                           args={"from": "", "to": ""})


@bp.post("/")
@login_required
def rebuild() -> Any:
    args = {key: request.form.get(key, "") for key in ("from", "to")}
    try:
        first, last = reports.parse_date(args["from"], "from"), reports.parse_date(args["to"], "to")
        done = rollup_upkeep.rebuild_for(runtime(), g.user.id, first, last)
    except reports.InvalidReportRequest as exc:
        return render_template("admin/rollups.html", status=rollup_upkeep.status(runtime(), g.user.id),
                               errors={exc.field: error_text(exc)}, args=args), 400
    except ServiceError as exc:
        if exc.code == "rollups.admins_only":
            raise
        return render_template("admin/rollups.html", status=rollup_upkeep.status(runtime(), g.user.id),
                               errors={"to": error_text(exc)}, args=args), 400
    flash(_l("Đã tổng hợp lại %(n)s ngày.", n=len(done.days)), "success")
    return redirect(url_for("rollups_admin.overview"))
