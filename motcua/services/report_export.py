"""The report as a spreadsheet: CSV and Excel (.xlsx) with exactly the figures the page and the API show.

One row per unit (its total), one per procedure under it, and a total row when
several units are listed. The CSV starts with a byte-order mark so Excel opens
Vietnamese text correctly; the workbook states the period above the table.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from motcua.services.indicators import IndicatorReport
from motcua.services.reports import COLUMNS, Figures, Report

LEVELS = {"unit": ("Đơn vị", "Unit"), "procedure": ("Thủ tục", "Procedure"), "total": ("Tổng cộng", "Total")}
LEADING = (("Cấp", "Level"), ("Mã đơn vị", "Unit code"), ("Đơn vị", "Unit"), ("Mã thủ tục", "Procedure code"),
           ("Thủ tục", "Procedure"))


def _say(pair: tuple[str, str], locale: str) -> str:
    return pair[1] if locale == "en" else pair[0]


def header(locale: str = "vi") -> list[str]:
    """The column headings, in the reader's language."""
    return [_say(pair, locale) for pair in LEADING] + [en if locale == "en" else vi for _, vi, en in COLUMNS]


def rows(report: Report, locale: str = "vi") -> Iterator[list[str | int | float | None]]:
    """The lines of the report, without headings; a rate with nothing to divide is empty (None)."""
    def line(level: str, unit: tuple[str, str], procedure: tuple[str, str],
             figures: Figures) -> list[str | int | float | None]:
        return [_say(LEVELS[level], locale), *unit, *procedure, *(figures.value(key) for key, _, _ in COLUMNS)]

    for section in report.sections:
        yield line("unit", (section.code, section.name), ("", ""), section.figures)
        for procedure in section.procedures:
            yield line("procedure", (section.code, section.name), (procedure.code, procedure.name), procedure.figures)
    if len(report.sections) > 1:
        yield line("total", ("", ""), ("", ""), report.total)


INDICATOR_HEADER = (("Nhóm", "Group"), ("Số", "No."), ("Chỉ số", "Indicator"), ("Cách tính", "Formula"),
                    ("Tử số", "Numerator"), ("Mẫu số", "Denominator"), ("Tỷ lệ (%)", "Rate (%)"), ("Điểm", "Points"),
                    ("Điểm tối đa", "Maximum"), ("Ghi chú", "Note"), ("Nguồn", "Source"))


def indicator_rows(indicators: IndicatorReport, locale: str = "vi") -> Iterator[list[str | int | float | None]]:
    """The Decision 766 indicators as lines: each group's total, then its indicators; headings first."""
    yield [_say(pair, locale) for pair in INDICATOR_HEADER]
    for group in indicators.groups:
        name = group.group.en if locale == "en" else group.group.vi
        yield [name, "", "", "", None, None, None, group.points, group.group.maximum, "", ""]
        for r in group.results:
            i = r.indicator
            note = i.words("note", locale) if r.measured else i.words("missing", locale)
            yield [name, i.number, i.name(locale), f"{i.words('formula', locale)} ({i.rule.words(locale)})",
                   r.numerator, r.denominator, r.rate, r.points, i.maximum, note, i.source]
    yield [_say(LEVELS["total"], locale), "", "", "", None, None, None, indicators.points, 100, "", ""]


def filename(report: Report, extension: str) -> str:
    """bao-cao-<from>-<to>.<ext>, so saved files sort by period."""
    return f"bao-cao-{report.request.date_from:%Y%m%d}-{report.request.date_to:%Y%m%d}.{extension}"


def to_csv(report: Report, locale: str = "vi", indicators: IndicatorReport | None = None) -> bytes:
    """UTF-8 CSV (with BOM), comma-separated, one heading row; the indicators after an empty line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(locale))
    for row in rows(report, locale):
        writer.writerow(["" if value is None else value for value in row])
    if indicators is not None:
        writer.writerow([])
        for row in indicator_rows(indicators, locale):
            writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report: Report, locale: str = "vi", indicators: IndicatorReport | None = None) -> bytes:
    """A workbook: the report's sheet (title and period on rows 1-2, headings on row 4, lines from row 5) and,
    when given, the Decision 766 indicators' sheet (headings on row 1)."""
    book = Workbook()
    sheet = book.active
    if not isinstance(sheet, Worksheet):  # a new workbook opens on one worksheet; the type allows none
        raise TypeError(f"a new workbook opened on {type(sheet).__name__}, not a worksheet")
    sheet.title = "Report" if locale == "en" else "Báo cáo"
    period = f"{report.request.date_from:%d/%m/%Y} – {report.request.date_to:%d/%m/%Y}"
    sheet.append(["Administrative procedures report" if locale == "en"
                  else "Báo cáo tình hình giải quyết thủ tục hành chính"])
    sheet.append([("Period: " if locale == "en" else "Kỳ báo cáo: ") + period])
    sheet.append([])
    sheet.append(header(locale))
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows(report, locale):
        sheet.append(row)
        if row[0] != _say(LEVELS["procedure"], locale):
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "F5"
    for letter, width in (("A", 10), ("B", 10), ("C", 28), ("D", 12), ("E", 48)):
        sheet.column_dimensions[letter].width = width
    if indicators is not None:
        _indicator_sheet(book.create_sheet("Decision 766" if locale == "en" else "Chỉ số 766"), indicators, locale)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _indicator_sheet(sheet: Worksheet, indicators: IndicatorReport, locale: str) -> None:
    for row in indicator_rows(indicators, locale):
        sheet.append(row)
        if row[1] == "":  # headings, a group's total, the total
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for letter, width in (("A", 24), ("B", 6), ("C", 48), ("D", 60), ("J", 48), ("K", 60)):
        sheet.column_dimensions[letter].width = width
