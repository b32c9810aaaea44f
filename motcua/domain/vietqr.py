"""VietQR: the payload of a bank-transfer QR code, built offline (NAPAS's profile of EMVCo's merchant-presented QR).

The fields (EMVCo QRCPS-MPM v1.1, NAPAS "VietQR" IBFT specification as the banks publish it; this module was
written from those field tables as open-source builders and vietqr.net's documentation quote them, a secondary
source, and is tested against a payload published with one of them): ``00`` payload format "01", ``01`` point of
initiation ("12": a code for one payment, with its amount), ``38`` merchant account information (``00`` the
NAPAS GUID A000000727, ``01`` the beneficiary organisation: ``00`` the bank's BIN, ``01`` the account; ``02``
the service QRIBFTTA, transfer to an account), ``53`` currency 704, ``54`` amount, ``58`` country VN, ``62``
additional data (``08`` the purpose of the transfer: here the dossier code), ``63`` the CRC-16/CCITT-FALSE of
everything before it, "6304" included. No PyPI package for this was maintained enough to depend on (issue 16).
"""
from __future__ import annotations

import binascii
import re
import unicodedata
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
BIN_PATTERN = re.compile(r"^[0-9]{6}$")
ACCOUNT_PATTERN = re.compile(r"^[0-9A-Za-z]{1,19}$")
MAX_NOTE = 25  # the purpose field's length in the NAPAS profile


@dataclass(frozen=True)
class BankAccount:
    """Where a unit receives transfers: the bank's NAPAS BIN (6 digits), the account, the holder's name."""

    bank_bin: str
    account_number: str
    account_name: str = ""
    bank_name: str = ""

    def problems(self) -> list[tuple[str, str]]:
        """(field, what is wrong) for each malformed part, empty when the account can be put in a VietQR."""
        found = []
        if not BIN_PATTERN.match(self.bank_bin):
            found.append(("bank_bin", "6 chữ số (mã BIN của ngân hàng trong NAPAS, ví dụ 970415)"))
        if not ACCOUNT_PATTERN.match(self.account_number):
            found.append(("account_number", "1 đến 19 chữ số hoặc chữ cái, không dấu cách"))
        return found


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"VietQR field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt(data: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) of the payload's bytes, as 4 upper-case hex digits:
    the standard library's ``binascii.crc_hqx`` is that CRC when it starts from 0xFFFF."""
    return f"{binascii.crc_hqx(data.encode('utf-8'), 0xFFFF):04X}"


def ascii_note(text: str) -> str:
    """The transfer note as banks carry it: Vietnamese letters without accents, at most 25 characters."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c) and c.isascii() and c.isprintable())
    return plain[:MAX_NOTE]


def payload(account: BankAccount, amount: int, note: str) -> str:
    """The VietQR text for a transfer of ``amount`` VND to ``account`` with ``note`` as its purpose."""
    problems = account.problems()
    if problems:
        raise ValueError("; ".join(f"{name}: {what}" for name, what in problems))
    if amount <= 0:
        raise ValueError("a VietQR payment needs an amount above 0")
    beneficiary = _tlv("00", account.bank_bin) + _tlv("01", account.account_number)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TO_ACCOUNT)
    body = (_tlv("00", "01") + _tlv("01", "12") + _tlv("38", merchant) + _tlv("53", CURRENCY_VND)
            + _tlv("54", str(amount)) + _tlv("58", "VN") + _tlv("62", _tlv("08", ascii_note(note))) + "6304")
    return body + crc16_ccitt(body)
