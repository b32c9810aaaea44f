"""Official documents as Nghị định 30/2020/NĐ-CP lays them out: the outgoing letter or report a leader signs
(số, ký hiệu; trích yếu; kính gửi; nơi nhận), the minutes of a meeting (biên bản), and the signed result of a
dossier (issuing body under its parent, number from the unit's book, place and date, title, signer's authority
and full name, and the visible mark of the digital signature).

Built on the slips' page helpers (fonts, escaping, QR code); the QR code opens the public verification page
and the dossier code under it is what a recipient types there.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from motcua.documents.layout import Line, Lines, build, national_masthead, qr_code, styles, text, wrapped

LETTER = "Công văn"  # the one type whose title is its trích yếu under the number ("V/v ...")


@dataclass(frozen=True)
class Issuer:
    """The issuing authority as its header prints it, and where the document's signature is checked."""

    authority: str  # "Ủy ban nhân dân Phường Long An"
    place: str  # "Long An"
    verify_url: str
    verify_code: str
    parent: str = ""  # the authority above it ("UBND Tỉnh Tây Ninh"), printed over its name


def _header(issuer: Issuer, symbol: str, subject: str | None, issued_at: datetime) -> Flowable:
    """Issuing body (under its parent), số and ký hiệu, and V/v on the left; motto, place and date on the right."""
    left: list[Line | float] = [*wrapped("Body", 10.5, issuer.parent.upper(), 70 * mm)] if issuer.parent else []
    left += wrapped("Body-Bold", 10.5, issuer.authority.upper(), 70 * mm)
    left += [2 * mm, ("Body", 10.5, f"Số: {symbol}")]
    if subject:
        left += wrapped("Body", 8.5, f"V/v {subject}", 70 * mm)
    return national_masthead(left, issuer.place, issued_at, date_gap=2 * mm)


def _paragraphs(body: str) -> list[Flowable]:
    st = styles()
    return [Paragraph(text(block).replace("\n", "<br/>"), st["body"]) for block in body.split("\n\n") if block.strip()]


def _footer(issuer: Issuer, left: list[Flowable], signer_title: str, signer_name: str,
            right: list[Flowable] | None = None) -> Table:
    st = styles()
    verify = [qr_code(issuer.verify_url, 22 * mm),
              Paragraph(f"Mã xác thực: <b>{text(issuer.verify_code)}</b>", st["small"])]
    right = right or [Paragraph(f"<b>{text(signer_title.upper())}</b>", st["center"]), Spacer(1, 16 * mm),
                      Paragraph(f"<b>{text(signer_name)}</b>", st["center"])]
    foot = Table([[left + verify, right]], colWidths=[85 * mm, 85 * mm])
    foot.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return foot


def _build(issuer: Issuer, title: str, flowables: Sequence[Flowable]) -> bytes:
    return build(flowables, title=title, author=issuer.authority, subject=issuer.verify_code, right=15 * mm)


def outgoing(issuer: Issuer, *, symbol: str, doc_type: str, summary: str, content: str,
             addressees: Sequence[str], signer_title: str, signer_name: str, issued_at: datetime) -> bytes:
    """A letter (công văn: "V/v" under the number, "Kính gửi") or another type (its name as the title)."""
    st = styles()
    letter = doc_type == LETTER
    body: list[Flowable] = [_header(issuer, symbol, summary if letter else None, issued_at), Spacer(1, 4 * mm)]
    if not letter:
        body += [Paragraph(text(doc_type.upper()), st["title"]), Paragraph(f"<b>{text(summary)}</b>", st["center"]),
                 Spacer(1, 3 * mm)]
    if letter and addressees:
        body.append(Paragraph("Kính gửi: " + text("; ".join(addressees)) + ".", st["center"]))
        body.append(Spacer(1, 3 * mm))
    body += _paragraphs(content)
    received: list[Flowable] = [Paragraph("<b><i>Nơi nhận:</i></b>", st["small"])]
    received += [Paragraph(f"- {text(a)};", st["small"]) for a in addressees]
    received.append(Paragraph("- Lưu: VT.", st["small"]))
    body += [Spacer(1, 6 * mm), _footer(issuer, received, signer_title, signer_name)]
    return _build(issuer, f"{doc_type} {symbol}", body)


@dataclass(frozen=True)
class Meeting:
    """What the minutes of a meeting record."""

    title: str
    held_at: str  # "08 giờ 00, ngày 20/06/2025"
    place: str
    chair: str
    secretary: str
    attendees: str
    content: str
    conclusions: str
    conference_link: str = ""


def minutes(issuer: Issuer, meeting: Meeting, *, symbol: str, signer_name: str, issued_at: datetime) -> bytes:
    """Biên bản họp: when, where (and the conference link), who, what was said, what was concluded."""
    st = styles()
    facts = [("Thời gian", meeting.held_at), ("Địa điểm", meeting.place),
             ("Hình thức trực tuyến", meeting.conference_link), ("Chủ trì", meeting.chair),
             ("Thư ký", meeting.secretary), ("Thành phần tham dự", meeting.attendees)]
    body: list[Flowable] = [_header(issuer, symbol, None, issued_at), Spacer(1, 4 * mm),
                            Paragraph("BIÊN BẢN", st["title"]),
                            Paragraph(f"<b>{text(meeting.title)}</b>", st["center"]), Spacer(1, 3 * mm)]
    body += [Paragraph(f"{text(label)}: {text(value)}", st["body"]) for label, value in facts if value]
    body += [Spacer(1, 2 * mm), Paragraph("<b>I. NỘI DUNG CUỘC HỌP</b>", st["body"]), *_paragraphs(meeting.content),
             Paragraph("<b>II. KẾT LUẬN</b>", st["body"]), *_paragraphs(meeting.conclusions),
             Paragraph("Cuộc họp kết thúc; biên bản được thông qua trước các thành viên dự họp.", st["body"]),
             Spacer(1, 6 * mm)]
    secretary = [Paragraph("<b>THƯ KÝ</b>", st["center"]), Spacer(1, 16 * mm),
                 Paragraph(f"<b>{text(meeting.secretary)}</b>", st["center"])]
    body.append(_footer(issuer, secretary, "Chủ trì", signer_name))
    return _build(issuer, f"Biên bản {symbol}", body)


def signing_authority(position: str) -> list[str]:
    """The lines over a signer's name (thẩm quyền ký, Nghị định 30/2020/NĐ-CP, Phụ lục I): the head signs
    under his title ("CHỦ TỊCH"); a deputy signs for him ("KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH"); a leader whose
    title is not recorded signs on behalf of the committee ("TM. ỦY BAN NHÂN DÂN")."""
    title = " ".join(position.split()).upper()
    if not title:
        return ["TM. ỦY BAN NHÂN DÂN"]
    if title.startswith("PHÓ ") and len(title) > 4:
        return [f"KT. {title[4:]}", title]
    return [title]


@dataclass
class SignaturePlace:
    """Where the signature mark landed: its page (from 0) and box in points, for the visible signature field."""

    page: int = 0
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


class SignatureMark(Flowable):
    """The visible mark of a digital signature as Vietnamese e-signed documents show it: a framed stamp naming
    the signer, the organisation and the time of signing; it notes where it is drawn (``place``)."""

    def __init__(self, signer: str, organisation: str, signed_at: datetime) -> None:
        super().__init__()
        self.signer, self.organisation, self.signed_at = signer, organisation, signed_at
        self.width, self.height, self.hAlign = 72 * mm, 17 * mm, "CENTER"
        self.place = SignaturePlace()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, red = self.canv, colors.HexColor("#c00000")
        x, y = canvas.absolutePosition(0, 0)
        self.place.page = canvas.getPageNumber() - 1
        self.place.box = (x, y, x + self.width, y + self.height)
        canvas.setStrokeColor(red)
        canvas.setFillColor(red)
        canvas.setLineWidth(0.8)
        canvas.roundRect(0, 0, self.width, self.height, 2 * mm, stroke=1, fill=0)
        lines = [("Body-Bold", "Ký bởi: " + self.signer), ("Body", "Cơ quan: " + self.organisation),
                 ("Body", f"Ký lúc: {self.signed_at:%H:%M:%S, %d/%m/%Y}")]
        for index, (font, line) in enumerate(lines):
            canvas.setFont(font, 7.5)
            canvas.drawString(2.5 * mm, self.height - (5 + 4.5 * index) * mm, line)


def result(issuer: Issuer, *, symbol: str, title: str, paragraphs: Sequence[str], recipients: Sequence[str],
           signer_position: str, signer_name: str, issued_at: datetime) -> tuple[bytes, SignaturePlace]:
    """The result of a dossier as the leader signs it: issuing body (under its parent), national motto, số and
    ký hiệu, place and date, title, body, nơi nhận, the signer's authority, the signature mark and full name.

    Returns the PDF and where its signature mark is, for the visible signature field over it."""
    st = styles()
    mark = SignatureMark(signer_name, issuer.authority, issued_at)
    column = 85 * mm
    received: list[Line | float] = [("Body-Bold", 8.5, "Nơi nhận:")]
    received += [("Body", 8.5, f"- {r};") for r in recipients if r]
    received.append(("Body", 8.5, "- Lưu: VT."))
    qr = qr_code(issuer.verify_url, 22 * mm)
    qr_top = sum(i[1] * Lines.LEADING if isinstance(i, tuple) else i for i in received) + 2 * mm
    received += [2 * mm + qr.height, ("Body", 8.5, f"Mã xác thực: {issuer.verify_code}")]
    signer: list[Line | float] = [("Body-Bold", 10.5, line) for line in signing_authority(signer_position)]
    mark_top = sum(i[1] * Lines.LEADING if isinstance(i, tuple) else i for i in signer) + 2 * mm
    signer += [4 * mm + mark.height, *wrapped("Body-Bold", 10.5, signer_name, column)]
    footer = Lines([(0, column, "left", received), (column, column, "center", signer)],
                   [(0, qr_top, qr), (column + (column - mark.width) / 2, mark_top, mark)])
    body: list[Flowable] = [_header(issuer, symbol, None, issued_at), Spacer(1, 6 * mm),
                            Paragraph(text(title.upper()), st["title"]), Spacer(1, 2 * mm)]
    body += [Paragraph(text(p), st["body"]) for p in paragraphs if p]
    body += [Spacer(1, 6 * mm), footer]
    return _build(issuer, f"{title} {symbol}", body), mark.place
