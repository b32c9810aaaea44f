"""The QR code on the chip citizen identity card (CCCD gắn chip), as a USB scanner types it at the counter.

The card's QR code holds seven fields separated by ``|``: the 12-digit personal ID number, the old 9-digit ID
(CMND) number or nothing, the full name, the date of birth (ddmmyyyy), the sex ("Nam"/"Nữ"), the permanent
address and the card's date of issue (ddmmyyyy). Sources, secondary (the Ministry of Public Security publishes
no specification of the code's content): the list of fields a QR reader gets from the card, in Báo Bà Rịa -
Vũng Tàu, 12/2022 (baobariavungtau.com.vn/phap-luat/202212/…-968058) and ICTnews, 04/2021
(ictnews.vietnamnet.vn/…-282978.html); their order, the ``|`` separator and the ddmmyyyy dates as open-source
readers of real cards parse them (e.g. github.com/dangbaokhoa/identity-card). The card form itself:
Thông tư 06/2021/TT-BCA. A scanner set to a keyboard layout may add a trailing newline: it is ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

ID_NUMBER = re.compile(r"^[0-9]{12}$")
OLD_ID_NUMBER = re.compile(r"^([0-9]{9})?$")


@dataclass(frozen=True)
class IdCard:
    """What the card's QR code says about its holder."""

    id_number: str
    old_id_number: str
    full_name: str
    birth_date: date | None
    sex: str
    address: str
    issued_on: date | None


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d%m%Y").date()
    except ValueError:
        return None


def parse_id_card_qr(text: str) -> IdCard | None:
    """The card read from a scanned QR text, or None when the text is not a chip ID card's code (a different
    card, a code read in part, a person typing)."""
    parts = [part.strip() for part in text.strip().split("|")]
    if len(parts) < 7 or not ID_NUMBER.match(parts[0]) or not OLD_ID_NUMBER.match(parts[1]) or not parts[2]:
        return None
    return IdCard(id_number=parts[0], old_id_number=parts[1], full_name=" ".join(parts[2].split()),
                  birth_date=_day(parts[3]), sex=parts[4], address=" ".join(parts[5].split()),
                  issued_on=_day(parts[6]))


def card_fields(card: IdCard, prefix: str = "applicant") -> dict[str, str]:
    """The form fields a card fills, named as the pack's forms name a person (``applicant_name``,
    ``applicant_id_number``, ``applicant_address``, ``applicant_birth_date`` as dd/mm/yyyy, ``applicant_sex``)."""
    fields = {f"{prefix}_name": card.full_name, f"{prefix}_id_number": card.id_number,
              f"{prefix}_address": card.address, f"{prefix}_sex": card.sex}
    if card.birth_date is not None:
        fields[f"{prefix}_birth_date"] = card.birth_date.strftime("%d/%m/%Y")
    return fields
