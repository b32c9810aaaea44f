"""The page every slip shares: national motto, issuing unit, title, dated place, signature, QR code.

Built with reportlab's platypus and segno for the QR code; Vietnamese text needs a TTF
with the full Latin Extended Additional range, DejaVu Sans by default.
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT_DIR = Path(os.environ.get("MOTCUA_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONTS = {"Body": "DejaVuSans.ttf", "Body-Bold": "DejaVuSans-Bold.ttf", "Body-Italic": "DejaVuSans-Oblique.ttf"}


class FontMissing(RuntimeError):
    """The Vietnamese-capable font is not installed where we look for it."""


def _register_fonts() -> None:
    if "Body" in pdfmetrics.getRegisteredFontNames():
        return
    for name, filename in FONTS.items():
        path = FONT_DIR / filename
        if not path.is_file():
            raise FontMissing(f"font {path} is missing: install Debian's fonts-dejavu-core or set MOTCUA_FONT_DIR")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily("Body", normal="Body", bold="Body-Bold", italic="Body-Italic",
                                  boldItalic="Body-Bold")


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of official documents."""
    _register_fonts()
    base = ParagraphStyle("body", fontName="Body", fontSize=10.5, leading=14.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, alignment=TA_CENTER, fontName="Body-Bold"),
        "title": ParagraphStyle("title", parent=base, alignment=TA_CENTER, fontName="Body-Bold", fontSize=13.5,
                                leading=18, spaceBefore=10, spaceAfter=8),
        "right_italic": ParagraphStyle("right_italic", parent=base, alignment=TA_RIGHT, fontName="Body-Italic"),
    }


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


def qr_code(data: str, size: float = 28 * mm) -> Image:
    """A QR code (segno's PNG, embedded as an image: fast and crisp at print resolution)."""
    png = io.BytesIO()
    segno.make(data, error="m", micro=False).save(png, kind="png", scale=6, border=2)
    png.seek(0)
    return Image(png, width=size, height=size)


def table(rows: Sequence[Sequence[str]], widths: Sequence[float], compact: bool = False) -> Table:
    """A ruled table whose first row is the header (``compact``: small type, for a register's many columns)."""
    st = styles()
    cell, head = st["small"], st["center_bold"]
    if compact:
        cell = ParagraphStyle("tiny", parent=cell, fontSize=7, leading=8.5)
        head = ParagraphStyle("tiny_head", parent=head, fontSize=7, leading=8.5)
    cells = [[Paragraph(text(str(c)).replace("\n", "<br/>"), cell if i else head) for c in row]
             for i, row in enumerate(rows)]
    result = Table(cells, colWidths=[w * mm for w in widths], repeatRows=1)
    result.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        *([("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)] if compact else []),
    ]))
    return result


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
    ]], colWidths=[85 * mm, 85 * mm])
    signature.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=15 * mm,
                                 bottomMargin=15 * mm, title=title, author=head.unit_name,
                                 subject=head.dossier_code, invariant=True)
    document.build([motto, Spacer(1, 4 * mm), dated, Paragraph(text(title), st["title"]), *body,
                    Spacer(1, 6 * mm), signature])
    return buffer.getvalue()


@dataclass(frozen=True)
class FormPage:
    """How one form of an annex is headed: its number in the annex, title, who issues it, the page's shape.

    ``one_stop``: issued by the unit's Bộ phận Một cửa (receipt, supplement, refusal, control sheet, register)
    rather than by the agency in its own name (apology, notice of stopping). ``copies``: one page per copy
    (liên), each headed by its line; none means a single page.
    """

    form_number: str
    title: str
    subtitle: str = ""
    number: str = ""
    one_stop: bool = True
    wide: bool = False
    copies: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignatureBlock:
    """A signature space: whose (in capitals on the form), the annex's hint, the name printed under it."""

    title: str
    name: str = ""
    hint: str = "(Ký và ghi rõ họ tên)"


def _form_head(head: Letterhead, page: FormPage, issued_at: datetime, width: float) -> list[Flowable]:
    st = styles()
    issuer = (f"<b>{text(head.unit_name.upper())}</b><br/><b>{text('BỘ PHẬN MỘT CỬA')}</b>" if page.one_stop
              else f"<b>{text(head.unit_name.upper())}</b>")
    if page.number:
        issuer += f"<br/>{text(page.number)}"
    motto = ("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br/><b>Độc lập - Tự do - Hạnh phúc</b><br/>"
             f"<i>{text(head.place)}, ngày {issued_at:%d} tháng {issued_at:%m} năm {issued_at:%Y}</i>")
    header = Table([[Paragraph(issuer, st["center"]), Paragraph(motto, st["center"])]],
                   colWidths=[width * 0.42, width * 0.58])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    number = Paragraph(f"<b>{text(page.form_number)}</b>", ParagraphStyle("form_number", parent=st["small"],
                                                                          alignment=TA_RIGHT))
    story: list[Flowable] = [number, header, Paragraph(text(page.title), st["title"])]
    if page.subtitle:
        story.append(Paragraph(f"<b>{text(page.subtitle)}</b>", st["center"]))
    return story


def _signatures(blocks: Sequence[SignatureBlock], width: float) -> Table:
    st = styles()
    cells = [[Paragraph(f"<b>{text(b.title.upper())}</b><br/><i>{text(b.hint)}</i>", st["center"]),
              Spacer(1, 16 * mm), Paragraph(f"<b>{text(b.name)}</b>", st["center"])] for b in blocks]
    widths = [width / max(len(blocks), 2)] * len(blocks)
    result = Table([cells], colWidths=widths, hAlign="RIGHT")
    result.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return result


def _qr_block(head: Letterhead, width: float) -> Table:
    st = styles()
    block = Table([[qr_code(head.lookup_url, 22 * mm),
                    [Paragraph(f"Mã hồ sơ: <b>{text(head.dossier_code)}</b>", st["small"]),
                     Paragraph(f"Tra cứu: {text(head.lookup_url)}", st["small"])]]],
                  colWidths=[26 * mm, width - 26 * mm], hAlign="LEFT")
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return block


def render_form(head: Letterhead, page: FormPage, body: Callable[[], Sequence[Flowable]],
                signatures: Sequence[SignatureBlock],
                issued_at: datetime, *, recipients: Sequence[str] = (), notes: Sequence[str] = (),
                qr: bool = True) -> bytes:
    """Lay out one form of an annex (Circular 03/2025/TT-VPCP, Annex I) and return its PDF bytes.

    The page follows the annex: the form's number top right, the issuer and the national motto with the
    dated place, the title, the body, the signature spaces, "Nơi nhận" for a letter, the annex's notes; the
    QR code of the citizen's lookup closes a form about one dossier. ``body`` builds the form's own lines
    (called once per copy: reportlab lays each flowable out once).
    """
    st = styles()
    size = landscape(A4) if page.wide else A4
    width = size[0] - 30 * mm
    story: list[Flowable] = []
    for index, copy in enumerate(page.copies or ("",)):
        if index:
            story.append(PageBreak())
        story += _form_head(head, page, issued_at, width)
        if copy:
            story.append(Paragraph(f"<i>({text(copy)})</i>", st["center"]))
        story += [Spacer(1, 3 * mm), *body(), Spacer(1, 5 * mm)]
        if signatures:
            story.append(_signatures(signatures, width))
        if recipients:
            story += [Spacer(1, 3 * mm), Paragraph("<b><i>Nơi nhận:</i></b>", st["small"]),
                      *[Paragraph(f"- {text(r)};", st["small"]) for r in recipients]]
        if notes:
            story += [Spacer(1, 3 * mm), *[Paragraph(f"<i>{text(n)}</i>", st["small"]) for n in notes]]
        if qr:
            story += [Spacer(1, 3 * mm), _qr_block(head, width)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=size, leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=12 * mm, bottomMargin=12 * mm, title=page.title, author=head.unit_name,
                                 subject=head.dossier_code, invariant=True)
    document.build(story)
    return buffer.getvalue()
