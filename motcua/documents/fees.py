"""Fees on paper: the block the receipt slip carries (what is owed, and the VietQR to pay it by transfer), and the
receipt for fees and charges (biên lai thu phí, lệ phí).

The receipt's content follows what Nghị định 123/2020/NĐ-CP (art. 32) asks of a receipt for fees and charges, as
far as it is known here from secondary sources (the decree's text was not opened): the kind of receipt, its
number, the collecting body, the payer, each fee or charge with its amount, the total in figures and in words,
how it was paid, the date and the collector's signature. The form symbol (ký hiệu mẫu số) that the tax office
registers for a unit's receipts is not printed: a unit issuing printed receipts keeps using those.
"""
from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from motcua.documents.grid import Beside, Grid, table
from motcua.documents.layout import Letterhead, Runs, qr_code, render, styles, text, when
from motcua.domain.fees import FeeAssessment
from motcua.domain.vietqr import BankAccount

METHODS = {"cash": "Tiền mặt tại quầy", "transfer": "Chuyển khoản ngân hàng"}
_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")


def vnd(amount: int) -> str:
    """120000 → "120.000 đồng", as Vietnamese documents write money."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def _hundreds(number: int, full: bool) -> str:
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0 and units and (full or hundreds):
        words.append("linh")
    elif tens == 1:
        words.append("mười")
    elif tens > 1:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens:
            words.append("lăm")
        elif units == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


def vnd_in_words(amount: int) -> str:
    """The amount in words, as a receipt writes it: 1250000 → "Một triệu hai trăm năm mươi nghìn đồng"."""
    if amount == 0:
        return "Không đồng"
    groups = []
    rest = amount
    while rest:
        groups.append(rest % 1000)
        rest //= 1000
    if len(groups) > len(_GROUPS):
        raise ValueError(f"{amount} VND is beyond a receipt")
    words = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            words.append(_hundreds(groups[index], full=index < len(groups) - 1))
            words.append(_GROUPS[index])
    sentence = " ".join(w for w in words if w)
    return sentence[0].upper() + sentence[1:] + " đồng"


def _lines_table(assessment: FeeAssessment) -> Grid:
    rows = [("STT", "Khoản thu", "Mức thu", "Số lượng", "Thành tiền")]
    rows += [(str(i), f"{line.label} ({line.kind})", vnd(line.unit_amount), f"{line.quantity} {line.unit}",
              vnd(line.total)) for i, line in enumerate(assessment.lines, 1)]
    return table(rows, (12, 68, 30, 25, 35))


def fee_block(assessment: FeeAssessment, *, dossier_code: str, account: BankAccount | None,
              qr_payload: str | None) -> list[Flowable]:
    """What the receipt slip says about fees: the lines, the total to pay (or the exemption), and, when the unit
    takes transfers, the bank details and the VietQR whose note is the dossier code. A block of its own, so the
    slip's layout places it where its form has room. Plain runs of text, as the rest of the slip."""
    body: list[Flowable] = [Runs([("Body-Bold", "Phí, lệ phí")])]
    if assessment.lines:
        body.append(_lines_table(assessment))
    if assessment.exemption:
        body.append(Runs([("Body", "Được miễn: "), ("Body-Bold", assessment.exemption),
                          ("Body", f" (số tiền được miễn: {vnd(assessment.exempted)})")]))
    body.append(Runs([("Body", "Số tiền phải nộp: "), ("Body-Bold", vnd(assessment.due)),
                      ("Body", f" ({vnd_in_words(assessment.due)})" if assessment.due else "")]))
    if assessment.unconfirmed:
        body.append(_small([("Body", "Mức thu theo quy định của tỉnh, chưa được đối chiếu với văn bản gốc.")]))
    if assessment.source:
        body.append(_small([("Body", f"Căn cứ: {assessment.source}")]))
    if assessment.due and account is not None and qr_payload:
        details = [_small([("Body-Bold", "Nộp bằng chuyển khoản (quét mã VietQR)")]),
                   _small([("Body", f"Ngân hàng: {account.bank_name or account.bank_bin}")]),
                   _small([("Body", "Số tài khoản: "), ("Body-Bold", account.account_number)]),
                   _small([("Body", f"Chủ tài khoản: {account.account_name}")]),
                   _small([("Body", "Số tiền: "), ("Body-Bold", vnd(assessment.due))]),
                   _small([("Body", "Nội dung chuyển khoản: "), ("Body-Bold", dossier_code)])]
        body.append(Beside(qr_code(qr_payload, 32 * mm), details, (40 * mm, 130 * mm)))
    elif assessment.due:
        body.append(_small([("Body", "Nộp tiền mặt tại Bộ phận Một cửa và nhận biên lai.")]))
    return body


def _small(runs: list[tuple[str, str]]) -> Runs:
    """A line of the small type (8.5 on 11 points) the block's notes and transfer details are set in."""
    return Runs(runs, 8.5, 11)


def fee_receipt(head: Letterhead, *, number: str, payer: str, procedure: str, assessment: FeeAssessment,
                method: str, paid_at: datetime, collector: str, reference: str = "") -> bytes:
    """Biên lai thu phí, lệ phí: one per dossier, when the money is confirmed."""
    st = styles()
    body: list[Flowable] = [Paragraph(f"Số: <b>{text(number)}</b>", st["center"]),
                            Paragraph(f"Đơn vị thu: <b>{text(head.unit_name)}</b>", st["body"]),
                            Paragraph(f"Người nộp: <b>{text(payer)}</b>", st["body"]),
                            Paragraph(f"Hồ sơ: {text(head.dossier_code)} — {text(procedure)}", st["body"]),
                            _lines_table(assessment),
                            Paragraph(f"Tổng số tiền: <b>{text(vnd(assessment.due))}</b>", st["body"]),
                            Paragraph(f"Bằng chữ: <i>{text(vnd_in_words(assessment.due))}</i>", st["body"]),
                            Paragraph(f"Hình thức thanh toán: {text(METHODS.get(method, method))}"
                                      + (f" (mã giao dịch {text(reference)})" if reference else ""), st["body"]),
                            Paragraph(f"Thời gian thu: {text(when(paid_at))}", st["body"])]
    return render(head, "BIÊN LAI THU PHÍ, LỆ PHÍ", body, "Người thu tiền", collector, paid_at)
