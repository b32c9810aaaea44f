"""The VietQR payload: equal to a payload published with an open-source VietQR builder, and read back by an EMVCo
parser (tests/support/emvco.py)."""
from __future__ import annotations

import pytest

from motcua.domain.vietqr import BankAccount, ascii_note, crc16_ccitt, payload
from tests.support.emvco import parse

# subiz/vietqr's README (github.com/subiz/vietqr): 120.000 đồng to account 0011001932418 at BIN 970415, note "ủng
# hộ lũ lụt" (carried without accents).
PUBLISHED = ("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
             "62170813ung ho lu lut6304C15C")


def test_the_payload_is_the_published_one() -> None:
    assert payload(BankAccount("970415", "0011001932418"), 120_000, "ủng hộ lũ lụt") == PUBLISHED


def test_a_fee_payload_reads_back_with_its_amount_and_the_dossier_code_as_note() -> None:
    code = payload(BankAccount("970436", "0071000123456", "UBND PHUONG LONG AN"), 6_000, "80001-251124-0001")
    assert parse(code) == {"format": "01", "initiation": "12", "guid": "A000000727", "service": "QRIBFTTA",
                           "bin": "970436", "account": "0071000123456", "currency": "704", "amount": "6000",
                           "country": "VN", "note": "80001-251124-0001"}
    assert parse(PUBLISHED)["note"] == "ung ho lu lut"


def test_the_crc_is_ccitt_false() -> None:
    assert crc16_ccitt("123456789") == "29B1"  # the algorithm's published check value


def test_notes_lose_their_accents_and_keep_25_characters() -> None:
    assert ascii_note("Đăng ký khai sinh — Trần Thị Ánh") == "Dang ky khai sinh  Tran T"


@pytest.mark.parametrize("account, field", [(BankAccount("97041", "123"), "bank_bin"),
                                            (BankAccount("970415", "12 34"), "account_number"),
                                            (BankAccount("970415", "1" * 20), "account_number")])
def test_a_malformed_account_is_refused_by_field(account: BankAccount, field: str) -> None:
    assert [name for name, _ in account.problems()] == [field]
    with pytest.raises(ValueError, match=field):
        payload(account, 1000, "x")


def test_a_payment_needs_an_amount() -> None:
    with pytest.raises(ValueError, match="amount"):
        payload(BankAccount("970415", "123"), 0, "x")
