"""The page every slip shares: national motto, issuing unit, title, dated place, signature, QR code.

Built with reportlab's platypus; Vietnamese text needs a TTF with the full Latin Extended Additional range,
DejaVu Sans cut once per process to that repertoire (``fonts``). What does not change between documents is
prepared once per process too: the fonts and the paragraph styles. The QR code is drawn as vector squares
(segno's module matrix, one fixed mask) rather than embedded as a PNG: no image to encode or compress, and a
few hundred bytes in the PDF.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from motcua.documents.fonts import FONT_DIR, FONTS, FontMissing, register

__all__ = ["FONTS", "FONT_DIR", "FontMissing", "Letterhead", "QrCode", "day", "qr_code", "render", "styles",
           "table", "text", "when"]


@cache
def _styles() -> dict[str, ParagraphStyle]:
    register()
    base = ParagraphStyle("body", fontName="Body", fontSize=10.5, leading=14.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, alignment=TA_CENTER, fontName="Body-Bold"),
        "title": ParagraphStyle("title", parent=base, alignment=TA_CENTER, fontName="Body-Bold", fontSize=13.5,
                                leading=18, spaceBefore=10, spaceAfter=8),
        "right_italic": ParagraphStyle("right_italic", parent=base, alignment=TA_RIGHT, fontName="Body-Italic"),
        "center_italic": ParagraphStyle("center_italic", parent=base, alignment=TA_CENTER,
                                        fontName="Body-Italic"),
    }


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of official documents (made once per process; do not change them)."""
    return _styles()


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document, about which dossier, and where the citizen looks it up."""

    unit_name: str
    dossier_code: str
    lookup_url: str
    place: str


def text(value: str) -> str:
    """Escape user text for reportlab's paragraph markup."""
    return escape(value or "")


def day(moment: datetime | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents print dates."""
    return moment.strftime("%d/%m/%Y") if moment else ""


def when(moment: datetime | None) -> str:
    """HH giờ MM phút, ngày dd/mm/yyyy."""
    return moment.strftime("%H giờ %M phút, ngày %d/%m/%Y") if moment else ""


class QrCode(Flowable):
    """A QR code drawn as filled squares, one rectangle per run of dark modules in a row.

    Mask 0 is fixed: segno would otherwise try all eight masks to pick the least ambiguous one, which costs more
    than the rest of the code; every mask gives a valid code and error level M keeps it easy to read.
    """

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.matrix = segno.make(data, error="m", micro=False, mask=0, boost_error=False).matrix
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        border = 2
        count = len(self.matrix) + 2 * border
        module = self.width / count
        path = self.canv.beginPath()
        for row, cells in enumerate(self.matrix):
            y = self.height - (row + border + 1) * module
            column = 0
            while column < len(cells):
                if cells[column]:
                    start = column
                    while column < len(cells) and cells[column]:
                        column += 1
                    path.rect((start + border) * module, y, (column - start) * module, module)
                else:
                    column += 1
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def qr_code(data: str, size: float = 28 * mm) -> Flowable:
    """A QR code of ``data``, ``size`` points square (vector: crisp at any print resolution)."""
    return QrCode(data, size)


def table(rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    """A ruled table whose first row is the header."""
    st = styles()
    cells = [[Paragraph(text(str(c)), st["small"] if i else st["center_bold"]) for c in row]
             for i, row in enumerate(rows)]
    result = Table(cells, colWidths=[w * mm for w in widths], repeatRows=1)
    result.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]))
    return result


_TOP = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])


def build(flowables: Sequence[Flowable], *, title: str, author: str, subject: str, left: float = 20 * mm,
          right: float = 20 * mm) -> bytes:
    """Lay flowables out on A4 and return the PDF bytes (compressed, with reproducible ids and dates)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=15 * mm,
                                 bottomMargin=15 * mm, title=title, author=author, subject=subject, invariant=True,
                                 pageCompression=1)
    document.build(list(flowables))
    return buffer.getvalue()


def render(head: Letterhead, title: str, body: Sequence[Flowable], signer_title: str, signer_name: str,
           issued_at: datetime) -> bytes:
    """Lay out one official document and return its PDF bytes."""
    st = styles()
    motto = Table([[
        Paragraph(f"<b>{text(head.unit_name.upper())}</b><br/>{text('Bộ phận Một cửa')}", st["center"]),
        Paragraph("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br/><b>Độc lập - Tự do - Hạnh phúc</b>", st["center"]),
    ]], colWidths=[70 * mm, 100 * mm])
    dated = Paragraph(f"{text(head.place)}, ngày {issued_at:%d} tháng {issued_at:%m} năm {issued_at:%Y}",
                      st["right_italic"])
    signature = Table([[
        [qr_code(head.lookup_url), Paragraph(f"Mã hồ sơ: <b>{text(head.dossier_code)}</b>", st["small"]),
         Paragraph(f"Tra cứu: {text(head.lookup_url)}", st["small"])],
        [Paragraph(f"<b>{text(signer_title.upper())}</b>", st["center"]), Spacer(1, 18 * mm),
         Paragraph(f"<b>{text(signer_name)}</b>", st["center"])],
    ]], colWidths=[85 * mm, 85 * mm], style=_TOP)
    return build([motto, Spacer(1, 4 * mm), dated, Paragraph(text(title), st["title"]), *body,
                  Spacer(1, 6 * mm), signature], title=title, author=head.unit_name, subject=head.dossier_code)
