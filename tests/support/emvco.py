"""An EMVCo merchant-presented QR parser, written from the EMVCo QRCPS-MPM data-object rules (ID, two-digit
length, value; templates nested; CRC-16/CCITT-FALSE over everything up to and including "6304"), independent of
the builder it checks (``motcua.domain.vietqr``) except for the CRC function, itself checked against the
algorithm's published check value."""
from __future__ import annotations

from motcua.domain.vietqr import crc16_ccitt


def emvco_fields(text: str) -> dict[str, str]:
    """One level of EMVCo data objects: ID (2 digits), length (2 digits), value."""
    fields, at = {}, 0
    while at < len(text):
        tag, length = text[at:at + 2], int(text[at + 2:at + 4])
        value = text[at + 4:at + 4 + length]
        assert len(value) == length, f"field {tag} is cut short"
        fields[tag] = value
        at += 4 + length
    return fields


def parse(code: str) -> dict[str, str]:
    """The fields a bank app reads from a VietQR, after checking the CRC as EMVCo defines it."""
    assert code[-8:-4] == "6304", "the CRC must be the last field"
    assert crc16_ccitt(code[:-4]) == code[-4:], "CRC mismatch"
    top = emvco_fields(code)
    merchant = emvco_fields(top["38"])
    beneficiary = emvco_fields(merchant["01"])
    return {"format": top["00"], "initiation": top["01"], "guid": merchant["00"], "service": merchant["02"],
            "bin": beneficiary["00"], "account": beneficiary["01"], "currency": top["53"], "amount": top["54"],
            "country": top["58"], "note": emvco_fields(top["62"])["08"]}
