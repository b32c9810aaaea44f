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
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, select, update
from sqlalchemy.orm import aliased

from motcua.services.runtime import Runtime
from motcua.store.models import OutboxMessage

LEASE = timedelta(seconds=60)
FIRST_RETRY = timedelta(seconds=5)
LONGEST_RETRY = timedelta(hours=1)


class DeliveryError(Exception):
    """The portal did not accept a message; it will be retried."""


Send = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class DeliveryReport:
    """What one round of delivery did."""

    delivered: int
    failed: int


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 5 s doubling per failed attempt, at most an hour."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def message_body(message: OutboxMessage) -> dict[str, Any]:
    """What the portal receives; ``message_id`` is also the Idempotency-Key header."""
    return {"message_id": f"motcua-outbox-{message.id}", "topic": message.topic,
            "created_at": message.created_at.isoformat(), "dossier": message.payload}


def _claim(runtime: Runtime, now: datetime) -> dict[str, Any] | None:
    """Lease the oldest due message whose dossier has nothing earlier pending; None when there is none."""
    earlier = aliased(OutboxMessage)
    pending_before = exists().where(and_(earlier.dossier_id == OutboxMessage.dossier_id,
                                         earlier.delivered_at.is_(None), earlier.id < OutboxMessage.id))
    with runtime.uow() as uow:
        candidates = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.delivered_at.is_(None), OutboxMessage.available_at <= now,
                                        ~pending_before).order_by(OutboxMessage.id).limit(20)
        ).all()
        for message in candidates:
            won = uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message.id, OutboxMessage.available_at == message.available_at,
                       OutboxMessage.delivered_at.is_(None))
                .values(available_at=now + LEASE).execution_options(synchronize_session=False)
            ).rowcount == 1
            if won:
                uow.commit()
                return {"id": message.id, "attempts": message.attempts, "body": message_body(message)}
            uow.session.rollback()
    return None


def _settle(runtime: Runtime, message_id: int, attempts: int, error: str | None) -> None:
    now = runtime.clock.now()
    values: dict[str, Any] = {"delivered_at": now} if error is None else {
        "attempts": attempts + 1, "last_error": error[:500], "available_at": now + backoff(attempts + 1)}
    with runtime.uow() as uow:
        uow.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))
        uow.commit()


def deliver_pending(runtime: Runtime, send: Send, limit: int = 200) -> DeliveryReport:
    """Send due messages one by one until none is due (or ``limit`` were tried)."""
    delivered = failed = 0
    while delivered + failed < limit:
        claimed = _claim(runtime, runtime.clock.now())
        if claimed is None:
            break
        try:
            send(claimed["body"])
        except DeliveryError as exc:
            _settle(runtime, claimed["id"], claimed["attempts"], str(exc))
            failed += 1
        else:
            _settle(runtime, claimed["id"], claimed["attempts"], None)
            delivered += 1
    return DeliveryReport(delivered, failed)
