"""Reading a province's procedure list (.xlsx) into one record per procedure, whatever its layout.

Provinces publish the lists of their communes' procedures with the national procedure database's columns, but
word the headers each their own way ("Mã TTHC", "Mã thủ tục", "Ký hiệu thủ tục"; "Thời hạn giải quyết", "Thời gian
giải quyết", "Ngày thụ lý"; "Phí, lệ phí (nếu có)", "Các khoản phí và lệ phí" ...: see the README's
"Importing a province's list"), put a title and blank lines above the table, group the rows under merged
"I. LĨNH VỰC HỘ TỊCH" headings, number the columns "(1) (2) (3)" under the header, merge a procedure's cells
over several rows with one paper per row, and merge one legal basis over the procedures sharing it. This module
finds the header by its folded names, gives every cell of a merged range the range's value, and groups the rows
of one procedure; reading each cell's meaning is the domain's (``motcua.domain.catalogue_cells``).

What it cannot read it says with codes of ``motcua.messages`` (``Said``), so the command line reports them in the
operator's language; ``SheetRow.where`` stays English, as the catalogue files it writes quote it.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from motcua.domain.catalogue_cells import cell_text, one_line
from motcua.domain.text import fold
from motcua.messages import Said

# Each fact's column, by the folded words its header starts with (the longest match wins).
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma thu tuc", "ma tthc", "ma so tthc", "ma so thu tuc", "ma so", "ky hieu thu tuc", "ma dinh danh",
             "ma thu tuc hanh chinh", "ma tthc tren csdlqg", "ma so tren csdl quoc gia"),
    "name": ("ten thu tuc", "ten tthc", "ten thu tuc hanh chinh", "thu tuc hanh chinh", "danh muc thu tuc",
             "danh muc tthc", "ten thu tuc tthc"),
    "field": ("linh vuc", "ten linh vuc", "nhom linh vuc"),
    "level": ("cap thuc hien", "cap giai quyet", "cap co tham quyen", "cap tham quyen"),
    "authority": ("co quan thuc hien", "co quan giai quyet", "co quan co tham quyen", "tham quyen giai quyet",
                  "tham quyen xu ly", "co quan chu tri giai quyet", "don vi thuc hien", "co quan quyet dinh"),
    "reception": ("dia diem thuc hien", "noi tiep nhan", "dia diem tiep nhan", "noi nop ho so", "dia chi tiep nhan",
                  "noi tiep nhan va tra ket qua"),
    "time": ("thoi han giai quyet", "thoi gian giai quyet", "thoi han", "thoi gian xu ly", "ngay thu ly",
             "thoi gian thuc hien", "thoi han xu ly"),
    "fee": ("phi le phi", "phi va le phi", "le phi", "phi", "cac khoan phi va le phi", "muc phi le phi",
            "muc thu phi le phi", "le phi phi"),
    "papers": ("thanh phan ho so", "thanh phan so luong ho so", "ho so", "giay to", "ho so gom"),
    "result": ("ket qua thuc hien", "ket qua", "ket qua giai quyet", "ket qua thu tuc"),
    "legal_basis": ("can cu phap ly", "co so phap ly", "van ban phap ly", "van ban quy dinh", "can cu"),
}
REQUIRED_COLUMNS = ("code", "name", "time")  # the entry's key, its name and slug, the frame's deadline
HEADER_SEARCH_ROWS = 30


class SheetError(ValueError):
    """The workbook cannot be read as a procedure list at all; its words (``said``) say why and what to do."""

    def __init__(self, code: str, /, **params: object) -> None:
        self.said = Said(code, **params)
        super().__init__(str(self.said))


def place(sheet: str, rows: list[int]) -> Said:
    """"row 5 (sheet Hộ tịch)" or "rows 5-7 (sheet Hộ tịch)", in the reader's language."""
    if len(rows) == 1:
        return Said("sheet.row", row=rows[0], sheet=sheet)
    return Said("sheet.rows", first=rows[0], last=rows[-1], sheet=sheet)


@dataclass
class Header:
    """Where a sheet's table starts and which column holds which fact."""

    row: int
    columns: dict[str, int]  # fact -> 0-based column index
    titles: dict[str, str]  # fact -> the header as the sheet words it
    time_in_working_days: bool = False  # the time column's header says "(ngày làm việc)"


@dataclass
class SheetRow:
    """One procedure as the sheet gives it: its rows, and per fact the distinct values those rows hold."""

    sheet: str
    rows: list[int]
    values: dict[str, list[Any]] = field(default_factory=dict)
    heading_field: str = ""  # from the "Lĩnh vực ..." heading row above it, for sheets without that column

    def first(self, fact: str) -> Any:
        """The fact's first value (a code, a name, a time), None when the rows leave it blank."""
        return (self.values.get(fact) or [None])[0]

    def text(self, fact: str) -> str:
        """The fact's values as one text, one per line (papers or legal bases spread over several rows)."""
        return "\n".join(cell_text(v) for v in self.values.get(fact, []))

    def where(self) -> str:
        """"row 5" or "rows 5-7" (with the sheet), as the entry's header and sources say it (in English)."""
        return str(self.place())

    def place(self) -> Said:
        """Where the procedure is, in the reader's language (the report's)."""
        return place(self.sheet, self.rows)


@dataclass
class RowProblem:
    """A row that could not be read, with why (``said``, in the reader's language)."""

    sheet: str
    row: int
    said: Said

    def place(self) -> Said:
        """The row, in the reader's language."""
        return place(self.sheet, [self.row])

    def __str__(self) -> str:
        return f"{self.place()}: {self.said}"


@dataclass
class SheetRead:
    """What the workbook holds: the procedures found, the rows refused, and notes about whole sheets."""

    procedures: list[SheetRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[Said] = field(default_factory=list)
    headers: dict[str, Header] = field(default_factory=dict)


def header_key(title: str) -> str:
    """A header's words folded, parenthesised asides and punctuation dropped: "Phí, lệ phí (nếu có)" → "phi le phi"."""
    bare = re.sub(r"\([^)]*\)", " ", fold(title))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def column_fact(title: str) -> str | None:
    """The fact a header names, by the longest alias it starts with; None for columns not imported (STT ...)."""
    key = header_key(title)
    best: tuple[int, str] | None = None
    for fact, aliases in COLUMNS.items():
        for alias in aliases:
            if (key == alias or key.startswith(alias + " ")) and (best is None or len(alias) > best[0]):
                best = (len(alias), fact)
    return best[1] if best else None


def find_header(grid: list[list[Any]]) -> Header | None:
    """The first row naming the procedure's name and at least two other facts of the national database."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        titles: dict[str, str] = {}
        for col, value in enumerate(row):
            title = one_line(cell_text(value))
            fact = column_fact(title) if title else None
            if fact and fact not in columns:  # a time given twice (at the desk, online): the first is the rule
                columns[fact], titles[fact] = col, title
        if "name" in columns and len(columns) >= 3:
            working = "ngay lam viec" in fold(titles.get("time", ""))
            return Header(row=index + 1, columns=columns, titles=titles, time_in_working_days=working)
    return None


def read_workbook(path: Path, only_sheet: str | None = None) -> SheetRead:
    """Every procedure of every sheet whose header is found (or of ``only_sheet``)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise SheetError("sheet.not_a_workbook", file=path.name, detail=str(exc)) from exc
    if only_sheet is not None and only_sheet not in workbook.sheetnames:
        raise SheetError("sheet.no_such_sheet", file=path.name, sheet=repr(only_sheet),
                         sheets=", ".join(workbook.sheetnames))
    read = SheetRead()
    for sheet in workbook.worksheets:
        if only_sheet is not None and sheet.title != only_sheet:
            continue
        grid = _grid(sheet)
        header = find_header(grid)
        if header is None:
            read.notes.append(Said("sheet.no_header", sheet=sheet.title, rows=HEADER_SEARCH_ROWS))
            continue
        missing = [f for f in REQUIRED_COLUMNS if f not in header.columns]
        if missing:
            read.notes.append(Said("sheet.missing_columns", sheet=sheet.title, row=header.row,
                                   columns=", ".join(_named(f) for f in missing)))
            continue
        read.headers[sheet.title] = header
        _read_rows(sheet.title, grid, header, read)
    if not read.headers:
        raise SheetError("sheet.no_list", file=path.name, columns=", ".join(_named(f) for f in REQUIRED_COLUMNS))
    return read


def _named(fact: str) -> str:
    return f"\"{COLUMNS[fact][0]}\""


def _grid(sheet: Any) -> list[list[Any]]:
    """The sheet's values with each merged range's value in every one of its cells."""
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            row = grid[r]
            row.extend([None] * (merged.max_col - len(row)))
            for c in range(merged.min_col - 1, merged.max_col):
                row[c] = value
    return grid


_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
_HEADING_FIELD = re.compile(r"\blinh vuc\b")
_HEADING = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]\s")  # "I. ...", "A. ...": a part of the list


def _read_rows(sheet: str, grid: list[list[Any]], header: Header, read: SheetRead) -> None:
    """Group the rows under the header into procedures: a row repeating the previous procedure's code (its
    cells merged down) or holding neither code nor name right below it continues that procedure."""
    current: SheetRow | None = None
    heading_field = ""
    started = False
    for index in range(header.row, len(grid)):
        number = index + 1
        row = grid[index]
        cells = {fact: _value(row, col) for fact, col in header.columns.items()}
        filled = [cell_text(v) for v in row if cell_text(v)]
        if not filled:
            current = None
            continue
        if all(_NUMBERING.match(text) for text in filled):
            continue  # "(1) (2) (3) ..." under the header
        heading = filled[0]
        if len(set(filled)) == 1 and (len(filled) > 1 or _HEADING.match(heading)
                                      or _HEADING_FIELD.search(fold(heading))):
            if _HEADING_FIELD.search(fold(heading)):  # "I. LĨNH VỰC HỘ TỊCH", often merged across the row
                heading_field = _field_from_heading(heading)
            current = None
            continue
        code, name = one_line(cell_text(cells.get("code"))), one_line(cell_text(cells.get("name")))
        if not code and not name:
            if current is not None:
                _add(current, cells, number)
                continue
            if not started:
                continue  # a second header line ("Trực tiếp", "Trực tuyến" under a merged "Thời hạn")
            read.problems.append(RowProblem(sheet, number, Said(
                "sheet.row_orphan", code_column=repr(header.titles["code"]), name_column=repr(header.titles["name"]),
                value=repr(filled[0][:60]))))
            continue
        started = True
        if current is not None and code and code == one_line(cell_text(current.first("code"))) and \
                (not name or name == one_line(cell_text(current.first("name")))):
            _add(current, cells, number)
            continue
        current = SheetRow(sheet=sheet, rows=[], heading_field=heading_field)
        _add(current, cells, number)
        read.procedures.append(current)


def _value(row: list[Any], col: int) -> Any:
    return row[col] if col < len(row) else None


def _add(procedure: SheetRow, cells: dict[str, Any], number: int) -> None:
    procedure.rows.append(number)
    for fact, value in cells.items():
        if cell_text(value) and value not in procedure.values.setdefault(fact, []):
            procedure.values[fact].append(value)


def _field_from_heading(heading: str) -> str:
    """"I. LĨNH VỰC HỘ TỊCH (12 thủ tục)" → "Hộ tịch"."""
    text = re.sub(r"\([^)]*\)", "", one_line(heading))
    match = re.search(r"l[iĩ]nh\s+v[uưự]c\s*:?\s*(.+)$", text, re.IGNORECASE)
    name = (match.group(1) if match else text).strip(" .:-")
    return name.capitalize() if name.isupper() else name
