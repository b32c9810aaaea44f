"""Kinds of papers across procedures, and how long a digitised paper of each kind may be used again.

A paper handed in for one dossier (an ID card, a birth certificate, a marital status confirmation) is the same
paper in the next one: Decision 766/QĐ-TTg scores a province on reusing what it has digitised instead of asking
for it again. Each kind's validity rule is pack data (``paper_kinds.toml``, with its legal source); this module
only applies it.
"""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

SINGLE_USE = "single_use"  # made for one request (a declaration, an authorisation): never offered again
PERMANENT = "permanent"  # does not expire (a birth certificate)
MONTHS = "months"  # valid for a number of months from its issue (a marital status confirmation: 6)
UNTIL_EXPIRY = "until_expiry"  # valid until the date printed on it (an ID card), when the clerk types it
VALIDITIES = (SINGLE_USE, PERMANENT, MONTHS, UNTIL_EXPIRY)
OTHER = "other"  # the kind of a paper whose procedure names none: single use


@dataclass(frozen=True)
class PaperKind:
    """What a paper is across procedures, with its validity rule and where the rule comes from."""

    name: str
    title_vi: str
    title_en: str
    validity: str
    source: str
    months: int = 0

    @property
    def reusable(self) -> bool:
        """True when a digitised paper of this kind may be offered again for another dossier."""
        return self.validity != SINGLE_USE

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" and self.title_en else self.title_vi

    def valid_until(self, issued: date, expiry: date | None = None) -> date | None:
        """The last day a paper of this kind issued (or digitised) on ``issued`` may be reused; None when it does
        not expire. A single-use paper, and an ID card whose expiry nobody typed, are valid for that day only:
        the store cannot vouch for them later."""
        if self.validity == PERMANENT:
            return None
        if self.validity == MONTHS:
            return add_months(issued, self.months) - timedelta(days=1)  # "06 tháng kể từ ngày cấp"
        if self.validity == UNTIL_EXPIRY and expiry is not None:
            return expiry
        return issued


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days: 31/8 + 6 months = 28/2)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def still_valid(valid_until: date | None, today: date) -> bool:
    """True when a paper valid until ``valid_until`` (None: no end) may still be used on ``today``."""
    return valid_until is None or today <= valid_until
