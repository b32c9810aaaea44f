"""The heat map for leaders: the page (bpmn-js viewer with the figures on each step, and the same drawing as a
server-side SVG for a browser without script), the dossiers behind a step, the printable page, the CSV, Excel
and SVG downloads, and the JSON API. Every route reads the same query string (procedure, version, unit, from,
to, measure) and calls the same service, so each shows the same figures under the reports' access rules.
"""
from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, g, render_template, request, send_file
from flask_babel import get_locale

from motcua.domain.roles import ROLES, role_title
from motcua.services import heatmap, heatmap_export, unit_transit
from motcua.services.reports import InvalidReportRequest
from motcua.web.api import json_answer
from motcua.web.auth import login_required
from motcua.web.context import runtime
from motcua.web.heatmap_svg import FILL, STROKE, diagram_svg, hours, sparkline
from motcua.web.i18n import error_text

bp = Blueprint("heatmap", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ARGS = ("procedure", "version", "unit", "from", "to", "measure")


def _locale() -> str:
    return str(get_locale() or "vi")


def _args() -> dict[str, str]:
    return {key: request.args.get(key, "") for key in ARGS}


def _request() -> heatmap.HeatRequest:
    return heatmap.parse_request(runtime(), _args())


def _heat() -> heatmap.HeatMap:
    return heatmap.build(runtime(), g.user.id, _request())


def _query(heat: heatmap.HeatMap) -> str:
    """The query string that asks for exactly this heat map again (for the links of the page)."""
    return urlencode({
        "procedure": heat.request.procedure, "version": heat.version_number,
        "from": heat.request.date_from.isoformat(), "to": heat.request.date_to.isoformat(),
        "measure": heat.request.measure, **({"unit": heat.request.unit} if heat.request.unit else {}),
    })


@bp.errorhandler(InvalidReportRequest)
def invalid_request(exc: InvalidReportRequest) -> Any:
    return render_template("error.html", status=400, message=error_text(exc)), 400


@bp.app_template_filter("work_hours")
def work_hours(value: Any) -> str:
    """A percentile in working hours the reader's way ("2,5"), or a dash."""
    return hours(value, _locale())


def _page_context(heat: heatmap.HeatMap) -> dict[str, Any]:
    """What the page and the printable page both show."""
    weeks = heatmap.trends(runtime(), g.user.id, heat.request)
    transit = unit_transit.between_units(runtime(), g.user.id, heat.request)
    return {"heat": heat, "query": _query(heat), "svg": diagram_svg(heat, _locale()).decode("utf-8"),
            "weeks": weeks, "sparks": {e: sparkline(w, heat.request.measure) for e, w in weeks.items()},
            "transit": transit, "fill": FILL, "stroke": STROKE, "measures": heatmap.MEASURES,
            "names": dict(heat.units), "roles": {code: role_title(code, _locale()) for code in ROLES}}


@bp.get("/bao-cao/ban-do-nhiet")
@login_required
def page() -> Any:
    args = _args()
    try:
        heat = _heat()
    except InvalidReportRequest as exc:
        return render_template("reports/heatmap.html", heat=None, args=args,
                               errors={exc.field: error_text(exc)}), 400
    return render_template("reports/heatmap.html", args=args, errors={}, **_page_context(heat))


@bp.get("/bao-cao/ban-do-nhiet/in")
@login_required
def printable() -> Any:
    return render_template("reports/heatmap_print.html", **_page_context(_heat()))


@bp.get("/bao-cao/ban-do-nhiet/so-do.bpmn")
@login_required
def diagram() -> Response:
    """The version's diagram for the viewer, to a reader who may see this heat map."""
    return Response(heatmap.diagram_xml(runtime(), g.user.id, _request()), mimetype="application/xml")


@bp.get("/bao-cao/ban-do-nhiet.svg")
@login_required
def svg() -> Response:
    heat = _heat()
    return Response(diagram_svg(heat, _locale()), mimetype="image/svg+xml", headers={
        "Content-Disposition": f'inline; filename="{heatmap_export.filename(heat, "svg")}"'})


@bp.get("/bao-cao/ban-do-nhiet.csv")
@login_required
def csv_export() -> Response:
    heat = _heat()
    return send_file(io.BytesIO(heatmap_export.to_csv(heat, _locale())), mimetype="text/csv; charset=utf-8",
                     as_attachment=True, download_name=heatmap_export.filename(heat, "csv"))


@bp.get("/bao-cao/ban-do-nhiet.xlsx")
@login_required
def xlsx_export() -> Response:
    heat = _heat()
    weeks = heatmap.trends(runtime(), g.user.id, heat.request)
    return send_file(io.BytesIO(heatmap_export.to_xlsx(heat, weeks, _locale())), mimetype=XLSX, as_attachment=True,
                     download_name=heatmap_export.filename(heat, "xlsx"))


@bp.get("/bao-cao/ban-do-nhiet/buoc/<element>")
@login_required
def behind(element: str) -> Any:
    """The dossiers behind a step's figure, for a browser without script (the page's panel reads the API)."""
    heat = _heat()
    view = request.args.get("view", "now")
    lines = heatmap.dossiers_behind(runtime(), g.user.id, heat.request, element, view)
    return render_template("reports/heatmap_step.html", heat=heat, step=heat.step(element), lines=lines,
                           view=view if view in heatmap.VIEWS else "now", query=_query(heat))


def _behind_json(element: str) -> dict[str, Any]:
    request_ = _request()
    view = request.args.get("view", "now")
    lines = heatmap.dossiers_behind(runtime(), g.user.id, request_, element, view)
    return {"step": element, "view": view if view in heatmap.VIEWS else "now", "dossiers": [
        {"id": line.dossier_id, "code": line.code, "applicant": line.applicant, "unit": line.unit,
         "entered_at": line.entered_at.isoformat(), "left_at": line.left_at.isoformat() if line.left_at else None,
         "working_hours": round(line.working_minutes / 60, 2), "late": line.late, "can_open": line.can_open}
        for line in lines]}


@bp.get("/api/v1/heatmap")
def api() -> Any:
    """The heat map as JSON for a signed-in reader (401 otherwise; 403 for units they may not read)."""
    return json_answer(lambda: _heat().as_json(), invalid=(InvalidReportRequest,),
                       sign_in="sign in first: the heat map is for the leaders and administrators of a unit")


@bp.get("/api/v1/heatmap/steps/<element>/dossiers")
def api_behind(element: str) -> Any:
    """The dossiers behind a step's figure, as JSON (the page's panel)."""
    return json_answer(lambda: _behind_json(element), invalid=(InvalidReportRequest,),
                       sign_in="sign in first: the heat map is for the leaders and administrators of a unit")
