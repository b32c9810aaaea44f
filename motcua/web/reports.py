"""Reports for leaders and administrators: the page with charts, its CSV and Excel exports, and the JSON API.

All four read the same query string (from, to, unit, procedure) and call the
same service, so they show the same numbers under the same access rules.
"""
from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, g, render_template, request, send_file
from flask_babel import get_locale

from motcua.services import indicators, report_export, reports
from motcua.services.errors import NotFound
from motcua.web.api import json_answer
from motcua.web.auth import login_required
from motcua.web.charts import grouped_rates, stacked
from motcua.web.context import runtime
from motcua.web.i18n import error_text

bp = Blueprint("reports", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _locale() -> str:
    return str(get_locale() or "vi")


@bp.app_template_filter("rate")
def rate(value: float | None) -> str:
    """A percentage the reader's way (96,5 in Vietnamese); an em dash when there was nothing to count."""
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return text if _locale() == "en" else text.replace(".", ",")


@bp.app_template_filter("points")
def points(value: float | None) -> str:
    """Points (or an indicator's rate) with up to two decimals the reader's way (12,5; 14,29); an em dash when
    nothing could be counted."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if _locale() == "en" else text.replace(".", ",")


@bp.errorhandler(reports.InvalidReportRequest)
def invalid_request(exc: reports.InvalidReportRequest) -> Any:
    return render_template("error.html", status=400, message=error_text(exc)), 400


def _headings() -> dict[str, str]:
    return {key: reports.heading(key, _locale()) for key, _vi, _en in reports.COLUMNS}


def _args() -> dict[str, str]:
    return {key: request.args.get(key, "") for key in ("from", "to", "unit", "procedure")}


def _report() -> reports.Report:
    request_ = reports.parse_request(runtime(), _args())
    return reports.build(runtime(), g.user.id, request_, _locale())


def _indicators(report: reports.Report) -> indicators.IndicatorReport:
    return indicators.build(runtime(), g.user.id, report.request)


def _query(request_: reports.ReportRequest, unit: str | None = None) -> str:
    """The report's filters as a query string, for the exports and the indicators' pages (for another unit: the
    line of a unit that opens its procedures)."""
    unit = unit or request_.unit
    return urlencode({
        "from": request_.date_from.isoformat(), "to": request_.date_to.isoformat(),
        **({"unit": unit} if unit else {}),
        **({"procedure": request_.procedure} if request_.procedure else {}),
    })


def _chart_rows(report: reports.Report) -> list[tuple[str, Any]]:
    """Units side by side; for one unit, its procedures."""
    if len(report.sections) == 1:
        return [(p.name, p.figures) for p in report.sections[0].procedures]
    return [(s.name, s.figures) for s in report.sections]


@bp.get("/bao-cao")
@login_required
def page() -> Any:
    args = _args()
    try:
        report = _report()
    except reports.InvalidReportRequest as exc:
        return render_template("reports/page.html", report=None, args=args, errors={exc.field: error_text(exc)},
                               columns=reports.COLUMNS, heading=_headings()), 400
    rows = _chart_rows(report)
    timeliness = stacked([(label, [("early", f.early), ("on_time", f.on_time), ("late", f.late)])
                          for label, f in rows])
    rates = grouped_rates([(label, [(key, f.value(key)) for key in reports.RATES]) for label, f in rows])
    # Several units, every procedure: a line per unit, each opening its procedures (a province's year at a million
    # dossiers was 1,012 lines and 1.6 MB of page; a province of a hundred communes would be ten times that).
    # The exports keep every line.
    by_unit = len(report.sections) > 1 and not report.request.procedure
    return render_template("reports/page.html", report=report, args=args, errors={}, columns=reports.COLUMNS,
                           heading=_headings(), timeliness=timeliness, rates=rates, query=_query(report.request),
                           indicators=_indicators(report), sources=indicators.SOURCES, locale=_locale(),
                           by_unit=by_unit, unit_query=lambda code: _query(report.request, code))


@bp.get("/bao-cao/chi-so/<key>")
@login_required
def indicator(key: str) -> Any:
    """The dossiers (or procedures) behind one Decision 766 indicator: those counted, then the rest."""
    request_ = reports.parse_request(runtime(), _args())
    try:
        found = indicators.behind(runtime(), g.user.id, request_, key)
    except NotFound as exc:
        return render_template("error.html", status=404, message=error_text(exc)), 404
    return render_template("reports/indicator.html", behind=found, request_=request_, query=_query(request_),
                           locale=_locale(), names=_procedure_names())


def _procedure_names() -> dict[str, str]:
    return {slug: loaded.procedure.name(_locale()) for slug, loaded in runtime().pack.procedures.items()}


@bp.get("/bao-cao.csv")
@login_required
def csv_export() -> Response:
    report = _report()
    content = report_export.to_csv(report, _locale(), _indicators(report))
    return send_file(io.BytesIO(content), mimetype="text/csv; charset=utf-8", as_attachment=True,
                     download_name=report_export.filename(report, "csv"))


@bp.get("/bao-cao.xlsx")
@login_required
def xlsx_export() -> Response:
    report = _report()
    return send_file(io.BytesIO(report_export.to_xlsx(report, _locale(), _indicators(report))), mimetype=XLSX,
                     as_attachment=True, download_name=report_export.filename(report, "xlsx"))


@bp.get("/api/v1/reports")
def api() -> Any:
    """The same figures as JSON for a signed-in reader (401 otherwise; 403 for units they may not read)."""
    def answer() -> dict[str, Any]:
        report = _report()
        return {**report.as_json(), "indicators": _indicators(report).as_json(_locale())}

    return json_answer(answer, invalid=(reports.InvalidReportRequest,),
                       sign_in="sign in first: reports are for the leaders and administrators of a unit")
