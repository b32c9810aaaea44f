"""Trial steps: fees and charges (issue 16).

What a dossier owes after intake, the unit's account for transfers, a clerk confirming the money arrived, and
the fee figures of the report, in the words a tester writes: 'hồ sơ phải nộp phí 10.000 đồng'.
"""
from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from motcua.domain.vietqr import BankAccount
from motcua.services import fees, records, reports
from motcua.trial.pdf import pdf_text

from .trial import Trial

METHODS = {"cash": "cash", "tiền mặt": "cash", "transfer": "transfer", "chuyển khoản": "transfer"}


def _amount(text: str) -> int:
    """"10.000" or "10,000" or "10000" → 10000."""
    digits = text.replace(".", "").replace(",", "").strip()
    assert digits.isdigit(), f"«{text}» is not an amount of money in đồng"
    return int(digits)


def _fee(trial: Trial) -> fees.FeeView:
    found = fees.view(trial.runtime, trial.desk.user_id(trial.desk_user(trial.current)), trial.current)
    assert found is not None, "this dossier's procedure charges no fee (it has no [fees] schedule)"
    return found


@given(parsers.parse('the administrator of "{unit}" sets the fee account to BIN {bank_bin} number {number}'))
@given(parsers.parse('quản trị của "{unit}" đặt tài khoản nhận phí mã BIN {bank_bin} số {number}'))
def fee_account(trial: Trial, unit: str, bank_bin: str, number: str) -> None:
    """The account the unit's slips print as a VietQR."""
    admin = trial.desk.user_id(trial.user("administrator", unit))
    fees.set_bank_account(trial.runtime, admin, trial.unit(unit),
                          BankAccount(bank_bin=bank_bin, account_number=number, account_name=f"UBND {unit}"))


@then(parsers.parse("the dossier owes a fee of {amount} VND"))
@then(parsers.parse("hồ sơ phải nộp phí {amount} đồng"))
def owes(trial: Trial, amount: str) -> None:
    """What intake assessed, still unpaid."""
    fee = _fee(trial)
    assert (fee.status, fee.assessment.due) == ("due", _amount(amount)), \
        f"the dossier's fee is {fee.status}, {fee.assessment.due} đồng"


@then("the dossier is exempt from fees")
@then("hồ sơ được miễn phí, lệ phí")
def exempt(trial: Trial) -> None:
    """An exemption of the schedule applied at intake."""
    fee = _fee(trial)
    assert fee.status == "exempt", f"the dossier's fee is {fee.status} ({fee.assessment.due} đồng)"


@then("the receipt slip carries a VietQR with the dossier code as the note")
@then("giấy tiếp nhận có mã VietQR với nội dung chuyển khoản là mã hồ sơ")
def slip_has_vietqr(trial: Trial) -> None:
    """The slip's transfer block (the QR itself is decoded in tests/integration/test_fees.py)."""
    user = trial.desk.user_id(trial.desk_user(trial.current))
    [slip] = [d for d in records.documents(trial.runtime, user, trial.current) if d.kind == "giay-tiep-nhan"]
    text = pdf_text(records.document(trial.runtime, user, slip.id)[1])
    code = trial.desk.dossier(trial.current, trial.desk_user(trial.current)).dossier.code
    assert "quét mã VietQR" in text and f"Nội dung chuyển khoản: {code}" in text, text


@when(parsers.parse('the reception clerk of "{unit}" confirms the fee paid by {method}'))
@when(parsers.parse('cán bộ tiếp nhận của "{unit}" xác nhận đã thu phí bằng {method}'))
def confirm(trial: Trial, unit: str, method: str) -> None:
    """Cash at the counter, or a transfer seen on the account: the receipt is issued."""
    kind = METHODS.get(method.strip().lower())
    assert kind, f"no payment method «{method}»; say one of: {', '.join(METHODS)}"
    clerk = trial.desk.user_id(trial.user("reception clerk", unit))
    fees.confirm_payment(trial.runtime, clerk, trial.current, kind)


@then(parsers.parse('the report of "{unit}" shows {amount} VND of fees collected'))
@then(parsers.parse('báo cáo của "{unit}" ghi phí, lệ phí đã thu {amount} đồng'))
def collected(trial: Trial, unit: str, amount: str) -> None:
    """The fees confirmed this month, as the unit's leader reads them."""
    leader = trial.desk.user_id(trial.user("leader", unit))
    request = reports.parse_request(trial.runtime, {"unit": trial.unit(unit)})
    found = reports.build(trial.runtime, leader, request).total.fees_collected
    assert found == _amount(amount), f"the report of {unit} shows {found} đồng collected"
