"""The heat map's figures as CSV and Excel: every step (all units counted, then each unit on its own), every flow,
and in the workbook the weeks of the trends. Times are working hours; each percentile comes with the bucket it
is known to lie in (``domain/histogram.py``), so a reader of the file knows its precision.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from motcua.domain.histogram import Quantile
from motcua.services.heatmap import HeatMap, StepFigures, Week

Cell = str | int | float | None
STEP_HEADINGS = (("Phạm vi", "Scope"), ("Mã bước", "Step id"), ("Bước", "Step"), ("Đang có", "Now"),
                 ("Đang có, quá hạn", "Now, past deadline"), ("Đến bước", "Entered"), ("Xong bước", "Finished"),
                 ("Xong quá hạn", "Finished late"), ("Tỷ lệ trễ hạn (%)", "Late (%)"),
                 ("Trung vị (giờ làm việc)", "Median (working hours)"),
                 ("Trung vị trong khoảng (giờ)", "Median bucket (h)"),
                 ("P90 (giờ làm việc)", "P90 (working hours)"), ("P90 trong khoảng (giờ)", "P90 bucket (h)"))
FLOW_HEADINGS = (("Mã luồng", "Flow id"), ("Nhánh", "Branch"), ("Từ", "From"), ("Đến", "To"),
                 ("Số hồ sơ đi qua", "Dossiers"))
WEEK_HEADINGS = (("Mã bước", "Step id"), ("Bước", "Step"), ("Tuần từ", "Week from"), ("Xong bước", "Finished"),
                 ("Trung vị (giờ)", "Median (h)"), ("P90 (giờ)", "P90 (h)"), ("Tỷ lệ trễ hạn (%)", "Late (%)"))
ALL = ("Tất cả đơn vị", "All units")


def _say(pair: tuple[str, str], locale: str) -> str:
    return pair[1] if locale == "en" else pair[0]


def _hours(value: Quantile | None) -> float | None:
    return round(value.value / 60, 2) if value else None


def _bucket(value: Quantile | None) -> str:
    if value is None:
        return ""
    high = f"{value.high / 60:g}" if value.high is not None else "∞"
    return f"{value.low / 60:g}–{high}"


def _step_row(scope_name: str, step: StepFigures) -> list[Cell]:
    return [scope_name, step.element, step.name, step.now, step.now_late, step.entered, step.finished,
            step.over_deadline, step.late_share, _hours(step.median), _bucket(step.median), _hours(step.p90),
            _bucket(step.p90)]


def step_rows(heat: HeatMap, locale: str = "vi") -> Iterator[list[Cell]]:
    """Every step over all the units counted, then each unit's own lines."""
    for step in heat.steps:
        yield _step_row(_say(ALL, locale), step)
    names = dict(heat.units)
    for code, steps in heat.by_unit.items():
        for step in steps:
            yield _step_row(f"{code} {names.get(code, '')}".strip(), step)


def flow_rows(heat: HeatMap) -> Iterator[list[Cell]]:
    """Every flow of the diagram with the dossiers that took it."""
    nodes = heat.route.nodes
    for flow in heat.flows:
        yield [flow.id, flow.name, nodes[flow.source].name if flow.source in nodes else flow.source,
               nodes[flow.target].name if flow.target in nodes else flow.target, flow.taken]


def week_rows(heat: HeatMap, weeks: dict[str, list[Week]]) -> Iterator[list[Cell]]:
    """Each step's weeks."""
    names = {s.element: s.name for s in heat.steps}
    for element, rows in weeks.items():
        for week in rows:
            yield [element, names.get(element, element), f"{week.monday:%d/%m/%Y}", week.finished,
                   _hours(week.median), _hours(week.p90), week.late_share]


def filename(heat: HeatMap, extension: str) -> str:
    """ban-do-nhiet-<procedure>-v<n>-<from>-<to>.<ext>."""
    return (f"ban-do-nhiet-{heat.request.procedure}-v{heat.version_number}-{heat.request.date_from:%Y%m%d}-"
            f"{heat.request.date_to:%Y%m%d}.{extension}")


def to_csv(heat: HeatMap, locale: str = "vi") -> bytes:
    """UTF-8 CSV with a byte-order mark: the steps, an empty line, then the flows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_say(h, locale) for h in STEP_HEADINGS])
    for row in step_rows(heat, locale):
        writer.writerow(["" if v is None else v for v in row])
    writer.writerow([])
    writer.writerow([_say(h, locale) for h in FLOW_HEADINGS])
    for row in flow_rows(heat):
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet(book: Workbook, title: str, headings: list[str], rows: Iterator[list[Cell]]) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    return sheet


def to_xlsx(heat: HeatMap, weeks: dict[str, list[Week]], locale: str = "vi") -> bytes:
    """A workbook: steps, flows and weeks, one sheet each, the period in the first sheet's title row."""
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    steps = _sheet(book, "Steps" if locale == "en" else "Các bước", [_say(h, locale) for h in STEP_HEADINGS],
                   step_rows(heat, locale))
    steps.insert_rows(1, 2)
    steps["A1"] = (f"{heat.procedure_name} · v{heat.version_number} · {heat.request.date_from:%d/%m/%Y} – "
                   f"{heat.request.date_to:%d/%m/%Y}")
    steps["A1"].font = Font(bold=True, size=13)
    _sheet(book, "Flows" if locale == "en" else "Các luồng", [_say(h, locale) for h in FLOW_HEADINGS],
           flow_rows(heat))
    _sheet(book, "Weeks" if locale == "en" else "Theo tuần", [_say(h, locale) for h in WEEK_HEADINGS],
           week_rows(heat, weeks))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
