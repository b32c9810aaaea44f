"""The dossier (hồ sơ) as the domain sees it: plain data, no framework.

Handlers read and change these facts during a step; the service layer copies
them to the database row in the same transaction as the workflow state.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Status(StrEnum):
    """Where a dossier stands, as the register (sổ theo dõi) and the portal report it."""

    DRAFT = "draft"
    RECEIVED = "received"
    PROCESSING = "processing"
    SUPPLEMENT = "supplement"
    REFUSED = "refused"
    AWAITING_RETURN = "awaiting_return"
    RETURNED = "returned"
    STOPPED = "stopped"  # dừng giải quyết: the applicant withdrew or the law requires it (notice Mẫu số 05)
    CANCELLED = "cancelled"
    DISCARDED = "discarded"  # an intake the clerk abandoned before receiving it: only its events remain


# What a pause that waits for the citizen to pay (not to supplement) says first: the Decision 766 progress indicator
# counts requests to supplement, and a wait for payment is not one (handlers/processing.py, store/indicators.py).
PAYMENT_WAIT = "Chờ thực hiện nghĩa vụ tài chính"


class Timeliness(StrEnum):
    """The end-of-life classification every dossier and step receives."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


@dataclass
class DossierFacts:
    """The searchable facts of one dossier."""

    code: str | None
    procedure_code: str
    applicant_name: str
    receiving_unit: str
    handling_unit: str
    status: Status = Status.DRAFT
    received_at: datetime | None = None
    due_at: datetime | None = None
    finished_at: datetime | None = None
    timeliness: Timeliness | None = None
    applicant_phone: str | None = None
    applicant_id_number: str | None = None
    paused_at: datetime | None = None
    rating: str | None = None
    result_channel: str | None = None  # how the result went back: "counter" or "postal" (domain.channels)
    result_postal_item: str | None = None
    result_postal_address: str | None = None
    result_posted_on: date | None = None
    register_number: int | None = None  # số thứ tự in the receiving unit's register (sổ theo dõi) of its year
    applicant_email: str | None = None
    notify_by: str = "none"  # how the citizen asked to be told what happens: none, email, sms, both


@dataclass(frozen=True)
class RegisterQuery:
    """What a clerk looks for in the register (sổ theo dõi hồ sơ); empty fields do not filter.

    ``text`` is a dossier code (or its beginning), a name with or without accents, or the last digits (at
    least 4) of the applicant's ID or phone number. ``received_from`` (included) and ``received_before``
    (excluded) bound when it was received. ``timeliness`` is "late" (finished late, or open past its
    appointment) or "at_risk" (a step near or past its deadline)."""

    text: str = ""
    status: str = ""
    procedure: str = ""
    received_from: datetime | None = None
    received_before: datetime | None = None
    timeliness: str = ""
    now: datetime | None = None  # what "open past its appointment" is counted against
