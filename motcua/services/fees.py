"""Fees and charges of a dossier: assessed at intake (in the receiving step's transaction), paid at the counter or
by bank transfer and confirmed by a reception clerk with a receipt (biên lai), and the unit's bank account for
transfers, set by its administrator.

Paying is an action on the dossier, outside its diagram: a dossier waiting for its fee is tagged as such in the
inbox and the register while its steps go on (the counter collects same-day fees before handing the result
over; the diagrams that must wait for a payment say so with ``processing.await_payment``).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from motcua.documents.fees import fee_receipt
from motcua.documents.layout import Letterhead
from motcua.domain.fees import (
    PAYMENT_METHODS,
    FeeAssessment,
    FeeRuleError,
    FeeStatus,
    status_of,
)
from motcua.domain.vietqr import BankAccount
from motcua.services import access
from motcua.services.errors import Forbidden, NotFound, ServiceError
from motcua.services.portal_messages import announce
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier, DossierFee, Event, UnitBankAccount, User
from motcua.store.ports import UnitOfWorkPort

RECEIPT_KIND = "bien-lai-thu-phi"
COLLECTING_ROLES = ("reception", "admin")


class InvalidBankAccount(ServiceError):
    """The bank account an administrator typed cannot go into a VietQR; ``field`` names the part."""

    def __init__(self, field_name: str, rule: str) -> None:
        self.field = field_name
        super().__init__("fees.invalid_account", field=field_name, rule=rule)


class FeeNotComputable(ServiceError):
    """A procedure's fee rule cannot be computed on a dossier's form: the procedure, item and field are named."""

    def __init__(self, procedure: str | Mapping[str, str], error: FeeRuleError) -> None:
        self.field = error.field_name
        if error.missing:
            super().__init__("fees.missing_field", procedure=procedure, item=error.item, field=error.field_name)
        else:
            super().__init__("fees.not_computable", procedure=procedure, item=error.item,
                             field=error.field_name or "-", reason=error.reason.words())


class PaymentRefused(ServiceError):
    """A payment cannot be confirmed: nothing is owed now (already paid, exempt) or the method is unknown."""


class OfficeScope(Protocol):
    """What of the live office (``steps.LiveOffice``) charging a fee uses."""

    runtime: Runtime
    uow: UnitOfWorkPort
    dossier: Dossier

    def record(self, kind: str, detail: dict[str, Any]) -> None: ...


def account_of(row: UnitBankAccount | None) -> BankAccount | None:
    """The domain's account from its row."""
    if row is None:
        return None
    return BankAccount(bank_bin=row.bank_bin, account_number=row.account_number, account_name=row.account_name,
                       bank_name=row.bank_name)


def charge(office: OfficeScope, assessment: FeeAssessment) -> BankAccount | None:
    """Keep what intake assessed with the dossier (replacing an earlier assessment of the same dossier while it is
    unpaid) and give the receiving unit's account for the slip's VietQR."""
    uow, dossier = office.uow, office.dossier
    existing = uow.fees.for_dossier(dossier.id)
    if existing is not None and existing.status == FeeStatus.PAID:
        raise ValueError(f"the fee of dossier {dossier.code} is already paid: it cannot be assessed again")
    uow.fees.keep(DossierFee(dossier_id=dossier.id, status=status_of(assessment).value, due=assessment.due,
                             exempted=assessment.exempted, assessment=assessment.as_dict(),
                             assessed_at=office.runtime.clock.now()))
    office.record("fee.assessed", {"due": assessment.due, "exempted": assessment.exempted,
                                   "exemption": assessment.exemption})
    return account_of(uow.fees.bank_account(dossier.receiving_unit_id))


@dataclass(frozen=True)
class FeePreview:
    """What the receive task page shows before the clerk receives: the catalogue's fee text, and the amount the
    data typed so far gives, or why it cannot be computed yet (the field named)."""

    text: str
    assessment: FeeAssessment | None
    problem: FeeNotComputable | None = None
    unconfirmed: bool = False


def preview(runtime: Runtime, slug: str, form_fields: set[str], data: dict[str, Any]) -> FeePreview | None:
    """The fee a dossier with this data would owe, for the task whose form carries the fields the procedure's
    schedule reads (its reception); None for other tasks and for procedures without a schedule."""
    procedure = runtime.pack.get(slug).procedure
    if procedure.fees is None or not procedure.fees.names() <= form_fields:
        return None
    try:
        assessment = procedure.fees.assess(data, runtime.clock.now().date())
    except FeeRuleError as exc:
        return FeePreview(procedure.fee, None, FeeNotComputable(procedure.names(), exc), procedure.fees.unconfirmed)
    return FeePreview(procedure.fee, assessment, None, procedure.fees.unconfirmed)


@dataclass(frozen=True)
class FeeView:
    """A dossier's fee as its page shows it."""

    status: str
    assessment: FeeAssessment
    method: str | None
    paid_at: datetime | None
    receipt_number: str | None
    can_collect: bool


def view(runtime: Runtime, user_id: int, dossier_id: int) -> FeeView | None:
    """The dossier's fee, or None when its procedure charges none; NotFound or Forbidden as the dossier page."""
    with runtime.uow() as uow:
        user, dossier = _seen(uow, user_id, dossier_id)
        return view_of(user, dossier, uow.fees.for_dossier(dossier.id))


def view_of(user: access.Person, dossier: Dossier, row: DossierFee | None) -> FeeView | None:
    """The fee row as the dossier page shows it to ``user`` (None when the procedure charges none)."""
    if row is None:
        return None
    return FeeView(status=row.status, assessment=FeeAssessment.from_dict(row.assessment), method=row.method,
                   paid_at=row.paid_at, receipt_number=row.receipt_number,
                   can_collect=row.status == FeeStatus.DUE and _may_collect(user, dossier))


def _seen(uow: UnitOfWorkPort, user_id: int, dossier_id: int) -> tuple[User, Dossier]:
    user, dossier = uow.users.get(user_id), uow.dossiers.get(dossier_id)
    if user is None or dossier is None or not access.can_see(uow, user, dossier):
        raise NotFound("dossier.not_found", dossier=dossier_id)
    return user, dossier


def _may_collect(user: access.Person, dossier: Dossier) -> bool:
    units = {dossier.receiving_unit_id, dossier.handling_unit_id}
    return any(access.has_role(user, unit, role) for unit in units for role in COLLECTING_ROLES)


def confirm_payment(runtime: Runtime, user_id: int, dossier_id: int, method: str, reference: str = "") -> str:
    """A reception clerk confirms the money arrived (cash at the counter, or a transfer seen on the account):
    the fee is paid, its receipt is issued and kept with the dossier; returns the receipt's number."""
    if method not in PAYMENT_METHODS:
        raise PaymentRefused("fees.unknown_method", method=method)
    with runtime.uow() as uow:
        user, dossier = _seen(uow, user_id, dossier_id)
        if not _may_collect(user, dossier):
            raise Forbidden("fees.collectors_only", unit=dossier.receiving_unit.name)
        row = uow.fees.for_dossier(dossier.id)
        if row is None or row.status != FeeStatus.DUE:
            raise PaymentRefused("fees.not_due", dossier=dossier.code or dossier_id,
                           status=row.status if row else FeeStatus.NONE.value)
        now = runtime.clock.now()
        unit = dossier.receiving_unit
        number = f"{uow.counters.next(f'fee-receipt:{unit.code}:{now.year}'):07d}/{now.year}"
        row.status, row.method, row.paid_at = FeeStatus.PAID.value, method, now
        row.confirmed_by_id, row.receipt_number = user.id, number
        row.transfer_reference = reference.strip()[:80] or None
        head = Letterhead(unit_name=unit.name, dossier_code=dossier.code or "",
                          lookup_url=runtime.lookup_url(dossier.code or ""),
                          place=unit.name.removeprefix("Phường ").removeprefix("Xã "))
        pdf = fee_receipt(head, number=number, payer=dossier.applicant_name,
                          procedure=runtime.pack.get(dossier.procedure_slug).procedure.name_vi,
                          assessment=FeeAssessment.from_dict(row.assessment), method=method, paid_at=now,
                          collector=user.full_name, reference=row.transfer_reference or "")
        uow.documents.keep(dossier.id, RECEIPT_KIND, f"{RECEIPT_KIND}-{dossier.code}.pdf", pdf, now)
        uow.events.add(Event(dossier_id=dossier.id, at=now, kind="fee.paid", user_id=user.id, unit_id=unit.id,
                             detail={"amount": row.due, "method": method, "receipt": number}))
        announce(runtime, uow, dossier, now)  # the portal hears of the payment (Decision 766: paid online)
        uow.commit()
        return number


def bank_account(runtime: Runtime, unit_code: str) -> BankAccount | None:
    """The unit's account for transfers, as set."""
    with runtime.uow() as uow:
        return account_of(uow.fees.bank_account(uow.units.require_code(unit_code).id))


def set_bank_account(runtime: Runtime, user_id: int, unit_code: str, account: BankAccount) -> None:
    """An administrator of the unit sets where its fees are transferred; InvalidBankAccount names a malformed
    part and nothing is saved."""
    problems = account.problems()
    if problems:
        raise InvalidBankAccount(*problems[0])
    with runtime.uow() as uow:
        unit, user = uow.units.require_code(unit_code), uow.users.get(user_id)
        if user is None or not access.has_role(user, unit.id, "admin"):
            raise Forbidden("fees.admins_only", unit=unit.name)
        now = runtime.clock.now()
        uow.fees.set_bank_account(UnitBankAccount(unit_id=unit.id, bank_bin=account.bank_bin,
                                                  bank_name=account.bank_name.strip()[:120],
                                                  account_number=account.account_number,
                                                  account_name=account.account_name.strip()[:200], updated_at=now,
                                                  updated_by_id=user.id))
        uow.audit.record(now, "fees.bank_account_set", username=user.username, user_id=user.id,
                         detail={"unit": unit.code, "bin": account.bank_bin, "account": account.account_number})
        uow.commit()

