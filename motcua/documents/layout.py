"""The page every slip shares: national motto, issuing unit, title, dated place, signature, QR code.

Built with reportlab's platypus; Vietnamese text needs a TTF with the full Latin Extended Additional range,
DejaVu Sans cut once per process to that repertoire (``fonts``). What does not change between documents is
prepared once per process too: the fonts and the paragraph styles. The QR code is drawn as vector squares
(the module matrix of ``qr``) rather than embedded as a PNG: no image to encode or compress, and a
few hundred bytes in the PDF.
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from motcua.documents import qr
from motcua.documents.fonts import FONT_DIR, FONTS, FontMissing, register

__all__ = ["FONTS", "FONT_DIR", "FontMissing", "FormPage", "Letterhead", "Lines", "QrCode", "Runs", "SignatureBlock",
           "break_lines", "build", "day", "labelled", "masthead", "national_masthead", "qr_code", "render",
           "render_form", "styles", "text", "when", "wrapped"]


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
    """A QR code drawn as filled squares, one rectangle per run of dark modules in a row, written as PDF path
    operators in module units (a few hundred short integers, formatted once)."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data = data
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        modules, path = _path(self.data)
        module = self.width / (modules + 2 * QUIET_ZONE)
        self.canv.saveState()
        self.canv.translate(0, self.height)
        self.canv.scale(module, -module)  # one unit per module, rows downwards: the runs are small integers
        self.canv.setFillColor(colors.black)
        self.canv.addLiteral(path)
        self.canv.restoreState()


QUIET_ZONE = 2  # modules of white around the code


@lru_cache(maxsize=256)
def _path(data: str) -> tuple[int, str]:
    """The code's size in modules, and its dark modules as PDF rectangles, one per run of dark modules in a row,
    filled at once; written once per code (the documents of one dossier draw the same)."""
    found = qr.modules(data)
    return found.size, " ".join(f"{column + QUIET_ZONE} {row + QUIET_ZONE} {length} 1 re"
                                for row, column, length in found.runs) + " f"


def qr_code(data: str, size: float = 28 * mm) -> Flowable:
    """A QR code of ``data``, ``size`` points square (vector: crisp at any print resolution)."""
    return QrCode(data, size)


def build(flowables: Sequence[Flowable], *, title: str, author: str, subject: str, left: float = 20 * mm,
          right: float = 20 * mm) -> bytes:
    """Lay flowables out on A4 and return the PDF bytes (compressed, with reproducible ids and dates)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=15 * mm,
                                 bottomMargin=15 * mm, title=title, author=author, subject=subject, invariant=True,
                                 pageCompression=1)
    document.build(list(flowables))
    return buffer.getvalue()


Line = tuple[str, float, str]  # font, size, text
SLANT = 11.0  # degrees: DejaVu Sans Oblique's slant


def wrapped(font: str, size: float, value: str, width: float) -> list[Line]:
    """``value`` broken into the lines of a column ``width`` wide, in one font (an empty value: one empty line)."""
    return [(font, size, part) for part in simpleSplit(value, font, size, width) or [""]]


SLANTED = {"Body-Italic": "Body", "Body-BoldItalic": "Body-Bold"}  # drawn as the upright face, slanted
SHEAR = math.tan(math.radians(SLANT))


@lru_cache(maxsize=8192)
def width_of(value: str, face: str, size: float) -> float:
    """The advance of ``value`` in a registered face, in points; remembered, since a slip measures the same
    strings when it breaks its lines and when it draws them."""
    return pdfmetrics.stringWidth(value, face, size)


def _face(font: str) -> tuple[str, bool]:
    """The registered face a piece of text is drawn with, and whether it is slanted (DejaVu Sans Oblique is the
    upright face slanted: slanting it here embeds one font fewer)."""
    return (SLANTED[font], True) if font in SLANTED else (font, False)


# Each document's strings as PDF text operators, by face and text: a slip draws some strings more than once
# (the dossier code, the signature hints), and encoding one (its characters mapped to the document's font
# subset, escaped) is most of what drawing it costs. Keyed by reportlab's document object, so it goes with the
# document.
_ENCODED: WeakKeyDictionary[object, dict[tuple[str, str], list[tuple[str, str]]]] = WeakKeyDictionary()


def write(canvas: Canvas, pieces: Iterable[tuple[str, float, float, float, str]]) -> None:
    """Draw pieces of text (font, size, x, baseline, text) in one PDF text object, each placed by its own text
    matrix (skewed for a slanted font): no graphics state saved and restored per string, and each string
    encoded once per document.

    The operators are the ones reportlab's text object writes (``Tm``, the subset's ``Tf``, ``Tj``), made here
    so that a string is mapped to the font subset once per document (reportlab's ``splitString`` through the
    canvas's document, as its own text object does) rather than once per drawing."""
    doc = canvas._doc  # type: ignore[attr-defined]  # as reportlab's own text objects reach it
    encoded = _ENCODED.setdefault(doc, {})
    operators = ["BT"]
    for font, size, x, y, value in pieces:
        face, slanted = _face(font)
        shows = encoded.get((face, value))
        if shows is None:
            dynamic = pdfmetrics.getFont(face)
            assert isinstance(dynamic, TTFont)  # the faces are TrueType (fonts.register)
            shows = encoded[(face, value)] = [(dynamic.getSubsetInternalName(subset, doc), f"({escapePDF(chunk)}) Tj")
                                              for subset, chunk in dynamic.splitString(value, doc)]
        operators.append(f"{fp_str(1, 0, SHEAR if slanted else 0, 1, x, y)} Tm")
        operators += [f"{name} {fp_str(size)} Tf {show}" for name, show in shows]
    operators.append("ET")
    canvas.addLiteral(" ".join(operators))


class Lines(Flowable):
    """Columns of plain lines drawn straight on the canvas: the fixed parts of every slip (the motto and issuer,
    the signature block), without the markup parsing and table layout platypus spends on paragraphs.

    Each column is (x offset, width, alignment, items); an item is a line (font, size, text) or a gap in points.
    """

    LEADING = 1.38  # line height over font size, as the body style's 10.5/14.5

    def __init__(self, columns: Sequence[tuple[float, float, str, Sequence[Line | float]]],
                 drawings: Sequence[tuple[float, float, Flowable]] = ()) -> None:
        super().__init__()
        self.columns = columns
        self.drawings = drawings  # (x, y from the top, flowable): the QR code
        self.height = max(sum(i[1] * self.LEADING if isinstance(i, tuple) else i for i in items)
                          for _x, _w, _a, items in columns)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        pieces = []
        for x, width, align, items in self.columns:
            y = self.height
            for item in items:
                if not isinstance(item, tuple):
                    y -= item
                    continue
                font, size, value = item
                y -= size * self.LEADING
                advance = width_of(value, _face(font)[0], size)
                start = x + {"center": (width - advance) / 2, "right": width - advance}.get(align, 0)
                pieces.append((font, size, start, y + size * 0.3, value))
        write(self.canv, pieces)
        for x, top, drawing in self.drawings:
            drawing.drawOn(self.canv, x, self.height - top - drawing.height)


Run = tuple[str, str]  # font, text
WORD = re.compile(r"\s+|\S+")




def break_lines(runs: Sequence[Run], size: float, width: float) -> list[list[Run]]:
    """Runs broken into lines no wider than ``width``: greedy, at spaces, a word longer than a line cut where it
    must be (a web address); each line's runs keep their fonts."""
    lines: list[list[Run]] = [[]]
    used = 0.0
    for font, value in runs:
        face = _face(font)[0]
        whole = width_of(value, face, size)
        if used + whole <= width and "\n" not in value:  # the common case: the run fits on the line as it is
            lines[-1].append((font, value))
            used += whole
            continue
        for token in WORD.findall(value):
            advance = width_of(token, face, size)
            if token.isspace():
                if lines[-1]:
                    lines[-1].append((font, " "))
                    used += width_of(" ", face, size)
                continue
            if used + advance > width and lines[-1]:
                while lines[-1] and lines[-1][-1][1] == " ":
                    lines[-1].pop()
                lines.append([])
                used = 0.0
            while advance > width:  # a word wider than the line: as much as fits, then the rest on the next
                cut = max(1, len(token) * int(width) // int(advance + 1))
                while cut > 1 and width_of(token[:cut], face, size) > width:
                    cut -= 1
                lines[-1].append((font, token[:cut]))
                lines.append([])
                token = token[cut:]
                advance = width_of(token, face, size)
            lines[-1].append((font, token))
            used += advance
    lines = lines if lines[-1] or len(lines) == 1 else lines[:-1]
    return [_merged(line) for line in lines]


def _merged(line: list[Run]) -> list[Run]:
    """Neighbouring runs of one font as one, so a line is drawn in as few strings as it has fonts."""
    merged: list[Run] = []
    for font, value in line:
        if merged and merged[-1][0] == font:
            merged[-1] = (font, merged[-1][1] + value)
        else:
            merged.append((font, value))
    return merged


class Runs(Flowable):
    """A paragraph of plain runs of text (a regular label and its bold value, an italic note), broken into lines
    and drawn straight on the canvas: what most lines of a slip are, for a fraction of what a markup paragraph
    costs to parse and lay out. Italic is the upright face slanted, as in ``Lines``."""

    def __init__(self, runs: Sequence[Run], size: float = 10.5, leading: float = 14.5, align: str = "left") -> None:
        super().__init__()
        self.runs, self.size, self.leading, self.align = list(runs), size, leading, align
        self.lines: list[list[Run]] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.lines = break_lines(self.runs, self.size, available_width)
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        pieces = []
        for index, line in enumerate(self.lines):
            widths = [width_of(value, _face(font)[0], self.size) for font, value in line]
            x = {"center": (self.width - sum(widths)) / 2, "right": self.width - sum(widths)}.get(self.align, 0.0)
            baseline = self.height - (index + 1) * self.leading + (self.leading - self.size) / 2 + self.size * 0.2
            for (font, value), advance in zip(line, widths, strict=True):
                pieces.append((font, self.size, x, baseline, value))
                x += advance
        write(self.canv, pieces)


def labelled(label: str, value: str, size: float = 10.5, leading: float = 14.5) -> Runs:
    """"Label: **value**", the shape of most lines of a form."""
    return Runs([("Body", f"{label}: "), ("Body-Bold", value)], size, leading)


def national_masthead(issuer: Sequence[Line | float], place: str, issued_at: datetime,
                      date_gap: float = 4 * mm, width: float = 170 * mm) -> Flowable:
    """The issuer's lines on the left; the national motto with the place and date under it on the right
    (Nghị định 30/2020/NĐ-CP, Phụ lục I). ``date_gap``: the space between the motto and the date; ``width``:
    the text width (the issuer takes 7/17 of it, as 70 mm of an A4 page's 170)."""
    left = width * 7 / 17
    motto: list[Line | float] = [("Body-Bold", 10.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                                 ("Body-Bold", 10.5, "Độc lập - Tự do - Hạnh phúc")]
    dated: list[Line | float] = [2 * 10.5 * Lines.LEADING + date_gap,
                                 ("Body-Italic", 10.5, f"{place}, ngày {issued_at:%d} tháng {issued_at:%m} "
                                                       f"năm {issued_at:%Y}")]
    return Lines([(0, left, "center", list(issuer)), (left, width - left, "center", motto),
                  (left, width - left, "right", dated)])


def masthead(unit: str, office: str, place: str, issued_at: datetime) -> Flowable:
    """Issuing unit (and its office) on the left, the national motto, place and date on the right."""
    left: list[Line | float] = [*wrapped("Body-Bold", 10.5, unit.upper(), 70 * mm)]
    if office:
        left.append(("Body", 10.5, office))
    return national_masthead(left, place, issued_at)


def render(head: Letterhead, title: str, body: Sequence[Flowable], signer_title: str, signer_name: str,
           issued_at: datetime) -> bytes:
    """Lay out one official document and return its PDF bytes."""
    st = styles()
    qr = qr_code(head.lookup_url)
    column = 85 * mm
    lookup: list[Line | float] = [("Body", 8.5, "Mã hồ sơ: " + head.dossier_code),
              *wrapped("Body", 8.5, "Tra cứu: " + head.lookup_url, column - 6)]
    signer: list[Line | float] = [*wrapped("Body-Bold", 10.5, signer_title.upper(), column), 18 * mm,
              *wrapped("Body-Bold", 10.5, signer_name, column)]
    signature = Lines([(3, column, "left", [qr.height + 2, *lookup]), (column, column, "center", signer)],
                      [(3, 0, qr)])
    return build([masthead(head.unit_name, "Bộ phận Một cửa", head.place, issued_at), Spacer(1, 4 * mm),
                  Paragraph(text(title), st["title"]), *body, Spacer(1, 6 * mm), signature],
                 title=title, author=head.unit_name, subject=head.dossier_code)


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
    issuer: list[Line | float] = [*wrapped("Body-Bold", 10.5, head.unit_name.upper(), width * 7 / 17)]
    if page.one_stop:
        issuer.append(("Body-Bold", 10.5, "BỘ PHẬN MỘT CỬA"))
    if page.number:
        issuer.append(("Body", 10.5, page.number))
    story: list[Flowable] = [Runs([("Body-Bold", page.form_number)], 8.5, 11, "right"),
                             national_masthead(issuer, head.place, issued_at, date_gap=0, width=width),
                             Spacer(1, 10), Runs([("Body-Bold", page.title)], 13.5, 18, "center"), Spacer(1, 8)]
    if page.subtitle:
        story.append(Runs([("Body-Bold", page.subtitle)], align="center"))
    return story


def _signatures(blocks: Sequence[SignatureBlock], width: float) -> Flowable:
    column = width / max(len(blocks), 2)
    start = width - column * len(blocks)  # right-aligned, as a letter's signature
    return Lines([(start + i * column, column, "center",
                   [*wrapped("Body-Bold", 10.5, b.title.upper(), column), ("Body-Italic", 10.5, b.hint), 16 * mm,
                    *wrapped("Body-Bold", 10.5, b.name, column)]) for i, b in enumerate(blocks)])


def _qr_block(head: Letterhead, width: float) -> Flowable:
    qr = qr_code(head.lookup_url, 22 * mm)
    lines: list[Line | float] = [("Body-Bold", 8.5, "Mã hồ sơ: " + head.dossier_code),
                                 *wrapped("Body", 8.5, "Tra cứu: " + head.lookup_url, width - 28 * mm)]
    middle = (qr.height - sum(i[1] * Lines.LEADING for i in lines if isinstance(i, tuple))) / 2
    return Lines([(0, 26 * mm, "left", [qr.height]), (26 * mm, width - 26 * mm, "left", [middle, *lines])],
                 [(0, 0, qr)])


class _CopySlot(Flowable):
    """Where a copy's label ("Liên 1: ...") goes on a form laid out once for all its copies: as tall as the
    tallest label, it draws nothing and notes the page and place it fell on, where each copy draws its own."""

    def __init__(self, labels: Sequence[Flowable]) -> None:
        super().__init__()
        self.labels = labels
        self.place: tuple[int, float, float] | None = None  # recorded page, x, y of the slot's top

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = max(label.wrap(available_width, available_height)[1] for label in self.labels)
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 (reportlab's name)
        assert isinstance(canvas, _CopiesCanvas)
        self.place = (len(canvas.forms) - 1, x, y + self.height)


class _CopiesCanvas(Canvas):
    """A canvas that records each page the layout ends as a form XObject instead of emitting it, then, when the
    document is saved, places those forms once per copy, each copy with its label in the slot: the copies of a
    slip are laid out, encoded and compressed once, and the PDF carries their content once."""

    slot: _CopySlot

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.forms: list[str] = []

    def record(self) -> None:
        """Start recording a page (the layout's page-begin hook)."""
        self.forms.append(f"FormPage{len(self.forms)}")
        self.beginForm(self.forms[-1])

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self.endForm()

    def save(self) -> None:
        if self.slot.place is None:
            raise RuntimeError("a form with copies was laid out without its copy label's slot")
        slot_page, x, top = self.slot.place
        for label in self.slot.labels:
            for index, form in enumerate(self.forms):
                self.doForm(form)
                if index == slot_page:
                    label.drawOn(self, x, top - label.height)
                Canvas.showPage(self)
        super().save()


def render_form(head: Letterhead, page: FormPage, body: Callable[[], Sequence[Flowable]],
                signatures: Sequence[SignatureBlock],
                issued_at: datetime, *, recipients: Sequence[str] = (), notes: Sequence[str] = (),
                qr: bool = True) -> bytes:
    """Lay out one form of an annex (Circular 03/2025/TT-VPCP, Annex I) and return its PDF bytes.

    The page follows the annex: the form's number top right, the issuer and the national motto with the
    dated place, the title, the QR code of the citizen's lookup (a form about one dossier), the body, the
    signature spaces, "Nơi nhận" for a letter, the annex's notes. A form in several copies (the receipt's two
    "liên") is laid out once and placed once per copy, each copy's pages after the last one's, its label under
    the title.
    """
    register()  # the fonts, once per process
    size = landscape(A4) if page.wide else A4
    width = size[0] - 30 * mm
    story = _form_head(head, page, issued_at, width)
    slot = None
    if page.copies:
        slot = _CopySlot([Runs([("Body-Italic", f"({copy})")], align="center") for copy in page.copies])
        story.append(slot)
    if qr:  # under the title, so each copy's first page carries it however long the body runs
        story += [Spacer(1, 2 * mm), _qr_block(head, width)]
    story += [Spacer(1, 3 * mm), *body(), Spacer(1, 5 * mm)]
    if signatures:
        story.append(_signatures(signatures, width))
    if recipients:
        story += [Spacer(1, 3 * mm), Runs([("Body-BoldItalic", "Nơi nhận:")], 8.5, 11),
                  *[Runs([("Body", f"- {r};")], 8.5, 11) for r in recipients]]
    if notes:
        story += [Spacer(1, 3 * mm), *[Runs([("Body-Italic", n)], 8.5, 11) for n in notes]]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=size, leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=12 * mm, bottomMargin=12 * mm, title=page.title, author=head.unit_name,
                                 subject=head.dossier_code, invariant=True, pageCompression=1)
    if slot is None:
        document.build(story)
    else:
        def canvas(*args: object, **kwargs: object) -> _CopiesCanvas:
            made = _CopiesCanvas(*args, **kwargs)
            made.slot = slot
            return made

        def record(made: Canvas, _document: object) -> None:
            assert isinstance(made, _CopiesCanvas)
            made.record()

        document.build(story, onFirstPage=record, onLaterPages=record, canvasmaker=canvas)
    return buffer.getvalue()
