"""Delivering status changes to the National Public Service Portal: never lost, never applied twice.

Every status change is written to the outbox in the same transaction as the
change itself (see steps.announce), so nothing is lost if a process dies. A
worker claims one message at a time with a compare-and-set lease (no
transaction is held open across the HTTP call, and it works alike on SQLite
and PostgreSQL), sends it, then marks it delivered. A worker that dies after
sending but before marking leaves the lease to expire and the message is sent
again: delivery is at least once, and every message carries a stable
``Idempotency-Key`` so the portal applies it exactly once. A dossier's
messages go out in order: a later one waits while an earlier one is pending.

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
from motcua.services.errors import Forbidden, NotFound
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


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Wait before the next try: 5 s doubling per failed attempt, at most 5 minutes, with "equal jitter".

    Half the step is fixed and half drawn at random, so after an outage the many workers' and messages'
    retries spread out instead of hitting the recovering portal together, and none waits past the cap.
    """
    step = min(FIRST_RETRY * (2 ** min(max(attempts - 1, 0), 20)), LONGEST_RETRY)
    return step / 2 + step / 2 * (rng or random).random()  # noqa: S311 - spreading retries, not secrecy


def message_body(message: OutboxMessage) -> dict[str, Any]:
    """What the portal receives; ``message_id`` is also the Idempotency-Key header."""
    return {"message_id": f"motcua-outbox-{message.id}", "topic": message.topic,
            "created_at": message.created_at.isoformat(), "dossier": message.payload}


def _claim(runtime: Runtime, now: datetime) -> dict[str, Any] | None:
    """Lease the oldest due message whose dossier has nothing earlier pending; None when there is none."""
    with runtime.uow() as uow:
        message = uow.outbox.claim(now, LEASE)
        if message is None:
            return None
        uow.commit()
        return {"id": message.id, "attempts": message.attempts, "body": message_body(message)}


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
    def settle(claimed: dict[str, Any], error: DeliveryError | None, now: datetime) -> None:
        _settle(runtime, claimed["id"], claimed["attempts"], str(error) if error else None, now)

    return drain(lambda now: _claim(runtime, now), lambda claimed: send(claimed["body"]), settle,
                 clock or Clock(), limit)


@dataclass(frozen=True)
class StuckMessage:
    """A message the portal keeps refusing, as the administrators' page lists it."""

    id: int
    dossier_code: str | None
    topic: str
    status: str | None
    created_at: datetime
    attempts: int
    last_error: str | None
    next_try: datetime | None  # None: due at once


def administered_units(uow: UnitOfWorkPort, user_id: int) -> set[int]:
    """The units a user administers, with the units under them; Forbidden for a user who administers none."""
    user = uow.users.get(user_id)
    roots = {m.unit_id for m in user.memberships if m.role == "admin"} if user else set()
    if not roots:
        raise Forbidden("outbox.admins_only")
    return uow.units.with_descendants(roots)


def failing(runtime: Runtime, user_id: int, min_attempts: int = 3, limit: int = 200) -> list[StuckMessage]:
    """Undelivered messages of the administrator's units that failed at least ``min_attempts`` times."""
    with runtime.uow() as uow:
        units = administered_units(uow, user_id)
        rows = uow.outbox.failing(units, min_attempts, limit)
        return [StuckMessage(m.id, code, m.topic, m.payload.get("status"), m.created_at, m.attempts, m.last_error,
                             None if m.available_at == m.created_at else m.available_at) for m, code in rows]


def retry_now(runtime: Runtime, user_id: int, message_id: int) -> None:
    """Make an undelivered message due at once (an administrator's retry)."""
    with runtime.uow() as uow:
        units = administered_units(uow, user_id)
        if not uow.outbox.due_at_once(message_id, units):
            raise NotFound("outbox.message_not_found", message=message_id)
        uow.commit()
