"""Ruled tables and side-by-side blocks drawn straight on the canvas.

Profiling the receipt slip showed reportlab's ``Table`` as a sixth of its cost: a style command list applied
per cell, a ``drawString`` (one text object, one graphics state) per cell and markup paragraphs for any cell
that wraps. A form's tables are simple: a grey header row, ruled cells, text at the top of each cell. ``Grid``
lays those out with the forms' plain line breaking (``Runs``' rules) and draws a table in one path for its
rules and one text object for all its cells, at the places reportlab's table put them (the same paddings,
leadings and centring). It splits between rows, the header repeated, like reportlab's ``repeatRows=1``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from motcua.documents.fonts import register
from motcua.documents.layout import break_lines, width_of, write

PADDING_Y = 3.0  # reportlab's table cell padding, top and bottom
HEADER_GREY = colors.HexColor("#eeeeee")


@dataclass(frozen=True)
class GridStyle:
    """Type and paddings of a table: header and cell font sizes, the leadings of one line and of wrapped lines
    (reportlab gave plain cells and paragraph cells different leadings), the left and right padding."""

    head_size: float
    cell_size: float
    head_leading: float
    cell_leading: float
    head_wrapped_leading: float
    cell_wrapped_leading: float
    padding_x: float


NORMAL = GridStyle(10.5, 8.5, 10.5 * 1.38, 8.5 * 1.3, 14.5, 11.0, 6.0)
COMPACT = GridStyle(7.0, 7.0, 7.0 * 1.38, 7.0 * 1.3, 8.5, 8.5, 2.0)


@dataclass(frozen=True)
class _Cell:
    lines: tuple[str, ...]
    leading: float


class Grid(Flowable):
    """A ruled table whose first row is the header (bold, centred, on grey), drawn in one path and one text
    object; columns ``widths`` in points."""

    def __init__(self, rows: Sequence[Sequence[str]], widths: Sequence[float], style: GridStyle = NORMAL) -> None:
        super().__init__()
        register()  # the faces measure the cells (once per process)
        self.rows = [[str(value) for value in row] for row in rows]
        self.widths = list(widths)
        self.style = style
        self.hAlign = "CENTER"
        self.width = sum(self.widths)
        self._cells = [self._row(index, row) for index, row in enumerate(self.rows)]
        self._heights = [max(len(c.lines) * c.leading for c in cells) + 2 * PADDING_Y for cells in self._cells]
        self.height = sum(self._heights)

    def _row(self, index: int, row: Sequence[str]) -> list[_Cell]:
        st = self.style
        font, size = ("Body-Bold", st.head_size) if index == 0 else ("Body", st.cell_size)
        one, wrapped = (st.head_leading, st.head_wrapped_leading) if index == 0 else (st.cell_leading,
                                                                                      st.cell_wrapped_leading)
        cells = []
        for value, width in zip(row, self.widths, strict=True):
            room = width - 2 * st.padding_x
            if "\n" not in value and width_of(value, font, size) <= room:
                cells.append(_Cell((value,), one))
                continue
            lines = [text for part in value.split("\n")
                     for text in ("".join(v for _, v in line) for line in break_lines([(font, part)], size, room))]
            cells.append(_Cell(tuple(lines), wrapped))
        return cells

    def cell_lines(self, row: int, column: int) -> tuple[str, ...]:
        """The lines one cell is broken into, as the page shows them."""
        return self._cells[row][column].lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """The rows that fit in ``available_height`` and the rest under a repeated header (none when not even
        the header and one row fit)."""
        used, count = self._heights[0], 1
        while count < len(self.rows) and used + self._heights[count] <= available_height:
            used += self._heights[count]
            count += 1
        if count < 2 or count == len(self.rows):
            return []
        return [Grid(self.rows[:count], self.widths, self.style),
                Grid([self.rows[0], *self.rows[count:]], self.widths, self.style)]

    def draw(self) -> None:
        st, canvas = self.style, self.canv
        edges = [0.0]
        for width in self.widths:
            edges.append(edges[-1] + width)
        tops = [self.height]
        for height in self._heights:
            tops.append(tops[-1] - height)
        canvas.setFillColor(HEADER_GREY)
        canvas.rect(0, tops[1], self.width, self._heights[0], stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.5)
        rules = canvas.beginPath()
        for y in tops:
            rules.moveTo(0, y)
            rules.lineTo(self.width, y)
        for x in edges:
            rules.moveTo(x, 0)
            rules.lineTo(x, self.height)
        canvas.drawPath(rules, stroke=1, fill=0)
        pieces = []
        for index, cells in enumerate(self._cells):
            font, size = ("Body-Bold", st.head_size) if index == 0 else ("Body", st.cell_size)
            for left, width, cell in zip(edges, self.widths, cells, strict=False):
                baseline = tops[index] - PADDING_Y - size
                for line in cell.lines:
                    x = left + st.padding_x
                    if index == 0:  # the header centred, as reportlab's table and paragraph put it
                        x = left + (width - width_of(line, font, size)) / 2
                    pieces.append((font, size, x, baseline, line))
                    baseline -= cell.leading
        write(canvas, pieces)


def table(rows: Sequence[Sequence[str]], widths: Sequence[float], compact: bool = False) -> Grid:
    """A ruled table whose first row is the header, column ``widths`` in millimetres (``compact``: small type
    and narrow paddings, for a register's many columns)."""
    return Grid(rows, [w * mm for w in widths], COMPACT if compact else NORMAL)


class Beside(Flowable):
    """A drawing (a QR code) with lines of text beside it, as a two-column table with reportlab's paddings put
    them: the VietQR with the transfer's details. ``widths`` are the two columns in points."""

    def __init__(self, drawing: Flowable, text: Sequence[Flowable], widths: tuple[float, float]) -> None:
        super().__init__()
        self.drawing, self.text, self.widths = drawing, list(text), widths
        self.hAlign = "CENTER"
        self.width = sum(widths)
        self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        room = self.widths[1] - 12
        text_height = sum(item.wrap(room, available_height)[1] for item in self.text)
        self.height = max(self.drawing.wrap(self.widths[0], available_height)[1], text_height) + 2 * PADDING_Y
        return self.width, self.height

    def draw(self) -> None:
        top = self.height - PADDING_Y
        self.drawing.drawOn(self.canv, 6, top - self.drawing.height)
        for item in self.text:
            top -= item.height
            item.drawOn(self.canv, self.widths[0] + 6, top)
