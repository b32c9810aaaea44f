"""Delivering status changes to the National Public Service Portal: never lost, never applied twice.

Every status change is written to the outbox in the same transaction as the
change itself (see portal_messages.announce), so nothing is lost if a process dies. A
worker claims one message at a time with a compare-and-set lease (no
transaction is held open across the HTTP call, and it works alike on SQLite
and PostgreSQL), sends it, then marks it delivered. A worker that dies after
sending but before marking leaves the lease to expire and the message is sent
again: delivery is at least once, and every message carries a stable
``Idempotency-Key`` so the portal applies it exactly once. A dossier's
messages go out in order: a later one waits while an earlier one is pending.

Before it is sent, a message is shaped as the portal names it and checked
against its JSON Schema (``docs/portal/``, services/portal_schemas.py). One
that fails is *held*: not sent, not dropped, listed for the administrators
with the validation error until one of them releases it (after fixing the
catalogue, say), when it is checked again. A held message holds back its
dossier's later messages too, so the portal never sees them out of order.

Leases and retries are operational times: they are counted on the wall clock
the worker is given, never on the application's business clock, which may be
set (MOTCUA_NOW) and stand still; a message is written with ``available_at``
equal to its ``created_at``, which means "due at once" whatever either clock
says (an administrator's retry sets it so again). So a set clock never strands
a message behind a lease or a backoff that cannot run out.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from motcua.domain.clock import Clock
from motcua.services import portal_schemas
from motcua.services.errors import Forbidden, NotFound
from motcua.services.portal_messages import message_body
from motcua.services.runtime import Runtime
from motcua.store.models import OutboxMessage
from motcua.store.ports import UnitOfWorkPort

LEASE = timedelta(seconds=60)
FIRST_RETRY = timedelta(seconds=5)
LONGEST_RETRY = timedelta(minutes=5)  # the portal back after an outage gets every message within ~5 minutes


class DeliveryError(Exception):
    """The other side did not accept a message; it will be retried. ``permanent``: it said it never will (a
    citizen's notice is then set aside for an administrator; the portal's messages are retried regardless)."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


Send = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class DeliveryReport:
    """What one round of delivery did."""

    delivered: int
    failed: int
    held: int = 0  # failed the portal's schema: kept for an administrator, not sent


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Wait before the next try: 5 s doubling per failed attempt, at most 5 minutes, with "equal jitter".

    Half the step is fixed and half drawn at random, so after an outage the many workers' and messages'
    retries spread out instead of hitting the recovering portal together, and none waits past the cap.
    """
    step = min(FIRST_RETRY * (2 ** min(max(attempts - 1, 0), 20)), LONGEST_RETRY)
    return step / 2 + step / 2 * (rng or random).random()  # noqa: S311 - spreading retries, not secrecy


def _shaped(runtime: Runtime, message: OutboxMessage) -> tuple[dict[str, Any] | None, str | None]:
    """The message as the portal receives it, and why it may not be sent (None when it may)."""
    try:
        body = message_body(message, runtime.pack)
    except (KeyError, TypeError, ValueError) as exc:  # facts the portal's shape cannot express
        return None, f"cannot be shaped for the portal: {type(exc).__name__}: {exc}"
    if message.topic not in portal_schemas.SCHEMAS:
        return body, None
    return body, portal_schemas.described(message.topic, body)


def _claim(runtime: Runtime, now: datetime) -> dict[str, Any] | None:
    """Lease the oldest due message whose dossier has nothing earlier pending, shaped and checked against its
    schema (one that fails is held here, with ``held`` set); None when there is none."""
    with runtime.uow() as uow:
        message = uow.outbox.claim(now, LEASE)
        if message is None:
            return None
        body, problem = _shaped(runtime, message)
        if problem is not None:
            uow.outbox.hold(message.id, problem, now)
        uow.commit()
        return {"id": message.id, "attempts": message.attempts, "body": body, "held": problem is not None}


def _settle(runtime: Runtime, message_id: int, attempts: int, error: str | None, now: datetime) -> None:
    with runtime.uow() as uow:
        if error is None:
            uow.outbox.delivered(message_id, now)
        else:
            uow.outbox.failed(message_id, attempts + 1, error, now + backoff(attempts + 1))
        uow.commit()


Claimed = TypeVar("Claimed")


def drain(claim: Callable[[datetime], Claimed | None], send: Callable[[Claimed], None],
          settle: Callable[[Claimed, DeliveryError | None, datetime], None], clock: Clock,
          limit: int) -> DeliveryReport:
    """Claim, send and settle one item at a time until none is due (or ``limit`` were tried): each claim and
    each settlement is its own transaction, none held across the call to the other side (the portal's outbox,
    the citizens' notices)."""
    delivered = failed = 0
    while delivered + failed < limit:
        claimed = claim(clock.now())
        if claimed is None:
            break
        try:
            send(claimed)
        except DeliveryError as exc:
            settle(claimed, exc, clock.now())
            failed += 1
        else:
            settle(claimed, None, clock.now())
            delivered += 1
    return DeliveryReport(delivered, failed)


def deliver_pending(runtime: Runtime, send: Send, limit: int = 200, clock: Clock | None = None) -> DeliveryReport:
    """Send due messages one by one until none is due (or ``limit`` were tried); leases and retries are
    counted on ``clock``, the wall clock unless a test gives its own."""
    held = 0

    def claim(now: datetime) -> dict[str, Any] | None:
        """The next message that may be sent; those the schema refuses are held on the way (each only once:
        a held message is no longer due)."""
        nonlocal held
        while (claimed := _claim(runtime, now)) is not None and claimed["held"]:
            held += 1
        return claimed

    def settle(claimed: dict[str, Any], error: DeliveryError | None, now: datetime) -> None:
        _settle(runtime, claimed["id"], claimed["attempts"], str(error) if error else None, now)

    report = drain(claim, lambda claimed: send(claimed["body"]), settle, clock or Clock(), limit)
    return DeliveryReport(report.delivered, report.failed, held)


@dataclass(frozen=True)
class StuckMessage:
    """A message the portal keeps refusing, or held because it failed the portal's schema, as the
    administrators' page lists it."""

    id: int
    dossier_code: str | None
    topic: str
    status: str | None
    created_at: datetime
    attempts: int
    last_error: str | None
    next_try: datetime | None  # None: due at once
    held_at: datetime | None = None  # failed the schema then; ``last_error`` says how


def administered_units(uow: UnitOfWorkPort, user_id: int) -> set[int]:
    """The units a user administers, with the units under them; Forbidden for a user who administers none."""
    user = uow.users.get(user_id)
    roots = {m.unit_id for m in user.memberships if m.role == "admin"} if user else set()
    if not roots:
        raise Forbidden("outbox.admins_only")
    return uow.units.with_descendants(roots)


def _scope(uow: UnitOfWorkPort, user_id: int) -> tuple[set[int], bool]:
    """The units an administrator answers for, and whether one is a top unit (the province, whose administrators
    also see the messages of no dossier: the catalogue's)."""
    units = administered_units(uow, user_id)
    user = uow.users.require(user_id)
    tops = {u.id for u in uow.units.all() if u.parent_id is None}
    return units, any(m.role == "admin" and m.unit_id in tops for m in user.memberships)


def failing(runtime: Runtime, user_id: int, min_attempts: int = 3, limit: int = 200) -> list[StuckMessage]:
    """Undelivered messages of the administrator's units that failed at least ``min_attempts`` times, or are
    held for failing the portal's schema."""
    with runtime.uow() as uow:
        units, province_wide = _scope(uow, user_id)
        rows = uow.outbox.failing(units, min_attempts, limit, province_wide)
        return [StuckMessage(m.id, code, m.topic, m.payload.get("status") or m.payload.get("procedure_slug"),
                             m.created_at, m.attempts, m.last_error,
                             None if m.available_at == m.created_at else m.available_at, m.held_at)
                for m, code in rows]


def retry_now(runtime: Runtime, user_id: int, message_id: int) -> None:
    """Make an undelivered message due at once (an administrator's retry), releasing it if it was held: the
    worker checks it against the schema again, and holds it again if it still fails."""
    with runtime.uow() as uow:
        units, province_wide = _scope(uow, user_id)
        if not uow.outbox.due_at_once(message_id, units, province_wide):
            raise NotFound("outbox.message_not_found", message=message_id)
        uow.commit()
