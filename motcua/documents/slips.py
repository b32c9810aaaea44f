"""The official slips of Circular 01/2018/TT-VPCP, and the signed result document."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.platypus import Flowable, Paragraph

from motcua.documents.layout import Letterhead, day, render, styles, table, text, when


@dataclass(frozen=True)
class PaperCount:
    """A paper handed in, with how many originals and copies."""

    name: str
    originals: int
    copies: int


@dataclass(frozen=True)
class ControlLine:
    """One hand-over on the control sheet."""

    handed_by: str
    received_by: str
    at: datetime
    due_at: datetime | None
    timeliness: str


def _lines(pairs: Sequence[tuple[str, str]]) -> list[Flowable]:
    st = styles()
    return [Paragraph(f"{text(label)}: <b>{text(value)}</b>", st["body"]) for label, value in pairs]


def _paragraphs(values: Sequence[str]) -> list[Flowable]:
    st = styles()
    return [Paragraph(text(v), st["body"]) for v in values if v]


def receipt(head: Letterhead, *, applicant: str, phone: str, procedure: str, papers: Sequence[PaperCount],
            received_at: datetime, due_at: datetime, return_place: str, clerk: str,
            extra: Sequence[Flowable] = ()) -> bytes:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả; ``extra`` is a block placed after the appointment (the fees)."""
    body = _lines([("Tiếp nhận hồ sơ của", applicant), ("Số điện thoại", phone),
                   ("Nội dung yêu cầu giải quyết", procedure)])
    body.append(table([("STT", "Tên giấy tờ", "Bản chính", "Bản sao")]
                      + [(str(i), p.name, str(p.originals), str(p.copies)) for i, p in enumerate(papers, 1)],
                      (12, 110, 24, 24)))
    body += _lines([("Thời gian nhận hồ sơ", when(received_at)), ("Thời gian trả kết quả", when(due_at)),
                    ("Nhận kết quả tại", return_place)])
    body += extra
    return render(head, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", body, "Người tiếp nhận", clerk, received_at)


def supplement_request(head: Letterhead, *, applicant: str, procedure: str, missing: Sequence[str], note: str,
                       legal_basis: Sequence[str], issued_at: datetime, clerk: str) -> bytes:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    body = _lines([("Gửi ông/bà", applicant), ("Hồ sơ đề nghị", procedure)])
    body += _paragraphs(["Yêu cầu ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"]
                        + [f"- {m}" for m in missing] + ([note] if note else []))
    body += _paragraphs(["Căn cứ: " + "; ".join(legal_basis)] if legal_basis else [])
    body += _paragraphs(["Thời gian giải quyết được tính lại từ khi nhận đủ hồ sơ bổ sung. "
                         "Xin trân trọng cảm ơn ông/bà."])
    return render(head, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", body, "Người lập phiếu", clerk, issued_at)


def refusal(head: Letterhead, *, applicant: str, procedure: str, reason: str, issued_at: datetime,
            clerk: str) -> bytes:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    body = _lines([("Gửi ông/bà", applicant), ("Hồ sơ đề nghị", procedure)])
    body += _paragraphs(["Sau khi xem xét, hồ sơ không đủ điều kiện tiếp nhận, giải quyết với lý do:", reason,
                         "Xin thông báo để ông/bà được biết và thực hiện."])
    return render(head, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", body, "Người tiếp nhận", clerk, issued_at)


def apology(head: Letterhead, *, applicant: str, procedure: str, received_at: datetime, due_at: datetime,
            new_due_at: datetime, reason: str, issued_at: datetime, signer: str) -> bytes:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả."""
    body = _lines([("Gửi ông/bà", applicant), ("Hồ sơ", procedure), ("Ngày tiếp nhận", day(received_at)),
                   ("Hẹn trả kết quả", when(due_at))])
    body += _paragraphs([f"Việc giải quyết hồ sơ của ông/bà đã quá thời hạn theo quy định. Lý do: {reason}",
                         "Chúng tôi thành thật xin lỗi ông/bà vì sự chậm trễ này."])
    body += _lines([("Hẹn lại ngày trả kết quả", when(new_due_at))])
    return render(head, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", body, "Thủ trưởng đơn vị", signer, issued_at)


def control_sheet(head: Letterhead, *, applicant: str, procedure: str, received_at: datetime | None,
                  due_at: datetime | None, lines: Sequence[ControlLine], issued_at: datetime) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ."""
    body = _lines([("Người nộp", applicant), ("Thủ tục", procedure), ("Ngày nhận", when(received_at)),
                   ("Hẹn trả kết quả", when(due_at))])
    body.append(table([("Bên giao", "Bên nhận", "Thời gian giao, nhận", "Hạn xử lý", "Kết quả")]
                      + [(c.handed_by, c.received_by, when(c.at), when(c.due_at), c.timeliness) for c in lines],
                      (38, 38, 36, 32, 26)))
    return render(head, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", body, "Bộ phận Một cửa", "", issued_at)


def result(head: Letterhead, *, title: str, paragraphs: Sequence[str], signer_name: str, signer_title: str,
           issued_at: datetime) -> bytes:
    """The result document a leader signs."""
    return render(head, title, _paragraphs(paragraphs), signer_title, signer_name, issued_at)
