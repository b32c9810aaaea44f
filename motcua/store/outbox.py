"""The outbox to the National Public Service Portal and the remote signatures waiting for their provider, as
repositories: rows a worker claims with a compare-and-set lease (no transaction held across the HTTP call,
alike on SQLite and PostgreSQL) and settles when the other side has answered."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import Session

from motcua.errors import NotFound
from motcua.store.db import rows_matched
from motcua.store.leases import due, lease_first, nothing_earlier_pending
from motcua.store.models import Dossier, OutboxMessage, RemoteSignature


class Outbox:
    """Status messages for the portal: written with the change, leased to one worker, then settled."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutboxMessage) -> None:
        self.session.add(message)

    def claim(self, now: datetime, lease: timedelta) -> OutboxMessage | None:
        """Lease the oldest due message whose dossier has nothing earlier pending, until ``now + lease``; None
        when there is none. A message another worker leased first is passed over (in a fresh transaction)."""
        candidates = self.session.scalars(
            select(OutboxMessage).where(due(OutboxMessage, now), OutboxMessage.held_at.is_(None),
                                        nothing_earlier_pending(OutboxMessage, "dossier_id"))
            .order_by(OutboxMessage.id).limit(20)
        ).all()
        return lease_first(self.session, OutboxMessage, candidates, now, lease)

    def delivered(self, message_id: int, at: datetime) -> None:
        self.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(delivered_at=at))

    def failed(self, message_id: int, attempts: int, error: str, retry_at: datetime) -> None:
        """Note a refused delivery (the error cut to 500 characters) and when to try again."""
        self.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(
            attempts=attempts, last_error=error[:500], available_at=retry_at))

    def hold(self, message_id: int, error: str, at: datetime) -> None:
        """Keep a message that failed the portal's schema from being sent, with why (cut to 2000 characters)."""
        self.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(
            held_at=at, last_error=error[:2000]))

    def has_topic(self, dossier_id: int, topic: str) -> bool:
        """Whether the dossier already has a message of this topic (queued, held or delivered)."""
        return self.session.scalar(select(exists().where(OutboxMessage.dossier_id == dossier_id,
                                                         OutboxMessage.topic == topic))) or False

    def of_topic(self, topic: str) -> Sequence[OutboxMessage]:
        """Every message of a topic, oldest first (the catalogue's: a few per procedure and year)."""
        return self.session.scalars(select(OutboxMessage).where(OutboxMessage.topic == topic)
                                    .order_by(OutboxMessage.id)).all()

    @staticmethod
    def _ours(unit_ids: Iterable[int], province_wide: bool) -> Any:
        """Messages of dossiers received in these units, and with ``province_wide`` those of no dossier (the
        catalogue's)."""
        received = OutboxMessage.dossier_id.in_(select(Dossier.id).where(Dossier.receiving_unit_id.in_(list(unit_ids))))
        return or_(received, OutboxMessage.dossier_id.is_(None)) if province_wide else received

    def failing(self, unit_ids: Iterable[int], min_attempts: int, limit: int,
                province_wide: bool = False) -> Sequence[tuple[OutboxMessage, str | None]]:
        """Undelivered messages of dossiers received in these units (and, province-wide, of no dossier), held or
        tried at least ``min_attempts`` times, with their dossier's code."""
        rows = self.session.execute(
            select(OutboxMessage, Dossier.code).outerjoin(Dossier, Dossier.id == OutboxMessage.dossier_id)
            .where(OutboxMessage.delivered_at.is_(None),
                   or_(OutboxMessage.attempts >= min_attempts, OutboxMessage.held_at.is_not(None)),
                   self._ours(unit_ids, province_wide))
            .order_by(OutboxMessage.id).limit(limit))
        return [(message, code) for message, code in rows]

    def due_at_once(self, message_id: int, unit_ids: Iterable[int], province_wide: bool = False) -> bool:
        """Make an undelivered message of these units' dossiers due at once, released if it was held (the worker
        checks it against the schema again); False when there is no such one."""
        return rows_matched(self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.delivered_at.is_(None),
                                        self._ours(unit_ids, province_wide))
            .values(available_at=OutboxMessage.created_at, held_at=None).execution_options(synchronize_session=False)
        )) == 1


class RemoteSignatures:
    """Signatures asked of a remote-signing service: one open per dossier, polled by the worker until settled."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: RemoteSignature) -> None:
        self.session.add(row)

    def require(self, row_id: int) -> RemoteSignature:
        row = self.session.get(RemoteSignature, row_id)
        if row is None:
            raise NotFound("remote_signature.not_found", request=row_id)
        return row

    def open_for(self, dossier_id: int) -> RemoteSignature | None:
        """The dossier's request not yet settled, if any."""
        return self.session.scalars(select(RemoteSignature).where(
            RemoteSignature.dossier_id == dossier_id, RemoteSignature.settled_at.is_(None))).first()

    def claim(self, now: datetime, lease: timedelta, skip: Iterable[int] = ()) -> RemoteSignature | None:
        """Lease one request due for a poll (unsettled, and its poll time come or never polled) until
        ``now + lease``, counting the attempt; None when none is due. One another worker took first is passed
        over (in a fresh transaction)."""
        due = and_(RemoteSignature.settled_at.is_(None),
                   or_(RemoteSignature.next_poll_at <= now, RemoteSignature.attempts == 0))
        candidates = self.session.scalars(select(RemoteSignature).where(due, RemoteSignature.id.not_in(list(skip)))
                                          .order_by(RemoteSignature.next_poll_at).limit(20)).all()
        for row in candidates:
            won = rows_matched(self.session.execute(
                update(RemoteSignature)
                .where(RemoteSignature.id == row.id, RemoteSignature.next_poll_at == row.next_poll_at,
                       RemoteSignature.attempts == row.attempts, RemoteSignature.settled_at.is_(None))
                .values(next_poll_at=now + lease, attempts=row.attempts + 1)
                .execution_options(synchronize_session=False))) == 1
            if won:
                return row
            self.session.rollback()
        return None
