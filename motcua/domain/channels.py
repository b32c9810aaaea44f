"""How a dossier comes in and how its result goes back: in person, online, or by the public postal service.

Each channel has the national code the reports use (1 in person, 2 online, 3 postal). Decree 118/2025/NĐ-CP
names the three channels; the codes are as a provincial one-stop system reports them to the national portal
(its ``KenhThucHien`` constants: 1 ``TRUC_TIEP``, 2 ``TRUC_TUYEN``, 3 ``BCCI``), a secondary source: the
national portal's integration specification itself was not found.

A postal item is named by its UPU S10 identifier (standard S10, "Identification of postal items - 13-character
identifier", used by Vietnam Post for registered and EMS items, e.g. ``EB000717595HK``): two letters for the
service, an eight-digit serial number, a check digit, and the ISO country code of the issuing operator.
"""
from __future__ import annotations

import re
from enum import StrEnum

S10 = re.compile(r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$")
S10_EXAMPLE = "EB000717595HK"
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


class Channel(StrEnum):
    """A dossier's channel as stored; ``national_code`` is what the reports count it under."""

    COUNTER = "counter"
    ONLINE = "online"
    POSTAL = "postal"

    @property
    def national_code(self) -> int:
        return NATIONAL_CODES[self]


NATIONAL_CODES = {Channel.COUNTER: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}


class BadPostalItem(ValueError):
    """A postal item number that is not a UPU S10 identifier; the message says what is wrong with it, and
    ``check_digit`` whether only its check digit is (a typing mistake rather than another kind of number)."""

    def __init__(self, message: str, check_digit: bool = False) -> None:
        super().__init__(message)
        self.check_digit = check_digit


def s10_check_digit(serial: str) -> int:
    """The S10 check digit of an eight-digit serial number (weights 8 6 4 2 3 5 9 7, modulo 11)."""
    rest = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(rest, rest)


def postal_item(text: str) -> str:
    """The item number as stored (no spaces, capitals), or BadPostalItem naming what is wrong."""
    value = re.sub(r"\s+", "", text).upper()
    if not S10.match(value):
        raise BadPostalItem(f"{text.strip()!r} is not a postal item number of 13 characters: two letters, "
                            f"nine digits, two letters (e.g. {S10_EXAMPLE})")
    if s10_check_digit(value[2:10]) != int(value[10]):
        raise BadPostalItem(f"{value!r}: the check digit (the 11th character) does not match; "
                            "the number was probably mistyped", check_digit=True)
    return value


def is_postal_item(text: str) -> bool:
    """Whether the text is a valid S10 identifier (the forms' ``upu-s10`` format)."""
    try:
        postal_item(text)
    except BadPostalItem:
        return False
    return True
