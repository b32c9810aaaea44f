"""Official documents as Nghị định 30/2020/NĐ-CP lays them out: the outgoing letter or report a leader signs
(số, ký hiệu; trích yếu; kính gửi; nơi nhận) and the minutes of a meeting (biên bản).

Built on the slips' page helpers (fonts, escaping, QR code); the QR code opens the public verification page
and the dossier code under it is what a recipient types there.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from motcua.documents.layout import qr_code, styles, text

LETTER = "Công văn"  # the one type whose title is its trích yếu under the number ("V/v ...")


@dataclass(frozen=True)
class Issuer:
    """The issuing authority as its header prints it, and where the document's signature is checked."""

    authority: str  # "Ủy ban nhân dân Phường Long An"
    place: str  # "Long An"
    verify_url: str
    verify_code: str


def _header(issuer: Issuer, symbol: str, subject: str | None, issued_at: datetime) -> Table:
    st = styles()
    left = [Paragraph(f"<b>{text(issuer.authority.upper())}</b>", st["center"]),
            Paragraph(f"Số: {text(symbol)}", st["center"])]
    if subject:
        left.append(Paragraph(f"V/v {text(subject)}", st["small"]))
    right = [Paragraph("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", st["center"]),
             Paragraph("<b>Độc lập - Tự do - Hạnh phúc</b>", st["center"]), Spacer(1, 2 * mm),
             Paragraph(f"{text(issuer.place)}, ngày {issued_at:%d} tháng {issued_at:%m} năm {issued_at:%Y}",
                       st["right_italic"])]
    head = Table([[left, right]], colWidths=[70 * mm, 100 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return head


def _paragraphs(body: str) -> list[Flowable]:
    st = styles()
    return [Paragraph(text(block).replace("\n", "<br/>"), st["body"]) for block in body.split("\n\n") if block.strip()]


def _footer(issuer: Issuer, left: list[Flowable], signer_title: str, signer_name: str) -> Table:
    st = styles()
    verify = [qr_code(issuer.verify_url, 22 * mm),
              Paragraph(f"Mã xác thực: <b>{text(issuer.verify_code)}</b>", st["small"])]
    right = [Paragraph(f"<b>{text(signer_title.upper())}</b>", st["center"]), Spacer(1, 16 * mm),
             Paragraph(f"<b>{text(signer_name)}</b>", st["center"])]
    foot = Table([[left + verify, right]], colWidths=[85 * mm, 85 * mm])
    foot.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return foot


def _build(issuer: Issuer, title: str, flowables: Sequence[Flowable]) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                      bottomMargin=15 * mm, title=title, author=issuer.authority, subject=issuer.verify_code,
                      invariant=True).build(list(flowables))
    return buffer.getvalue()


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
