"""Repositories of the counter queue: tickets and the counters clerks open.

Calling the next ticket must hand each ticket to one counter only. On PostgreSQL the oldest
waiting row is taken ``FOR UPDATE SKIP LOCKED`` (a second clerk gets the next one instead of
waiting); on SQLite every writing transaction begins ``IMMEDIATE`` (``store.db``), so clerks are
served one after the other. The status update is conditional too, as a last guard.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from motcua.domain.queue import TicketStatus
from motcua.store.db import rows_matched
from motcua.store.models import QueueDesk, QueueTicket


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


class Tickets:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, ticket: QueueTicket) -> QueueTicket:
        self.session.add(ticket)
        self.session.flush()
        return ticket

    def get(self, ticket_id: int) -> QueueTicket | None:
        return self.session.get(QueueTicket, ticket_id)

    def next_waiting(self, unit_id: int, day: date, groups: Iterable[str]) -> QueueTicket | None:
        """The oldest ticket of the day still waiting in one of the groups, locked for this transaction."""
        query = (select(QueueTicket)
                 .where(QueueTicket.unit_id == unit_id, QueueTicket.day == day,
                        QueueTicket.status == TicketStatus.WAITING.value,
                        QueueTicket.service_group.in_(list(groups)))
                 .order_by(QueueTicket.issued_at, QueueTicket.id).limit(1))
        if _postgres(self.session):
            query = query.with_for_update(skip_locked=True)
        return self.session.scalar(query)

    def take(self, ticket: QueueTicket, at: datetime, desk: QueueDesk) -> bool:
        """Mark a waiting ticket called to a counter; False when it was no longer waiting."""
        result = self.session.execute(
            update(QueueTicket)
            .where(QueueTicket.id == ticket.id, QueueTicket.status == TicketStatus.WAITING.value)
            .values(status=TicketStatus.CALLED.value, called_at=at, last_called_at=at, calls=1, desk_id=desk.id,
                    counter=desk.number, clerk_id=desk.user_id)
            .execution_options(synchronize_session=False))
        self.session.expire(ticket)
        return rows_matched(result) == 1

    def ahead_of(self, ticket: QueueTicket) -> int:
        """How many tickets of the same group are still waiting before this one."""
        return self.session.scalar(
            select(func.count()).select_from(QueueTicket)
            .where(QueueTicket.unit_id == ticket.unit_id, QueueTicket.day == ticket.day,
                   QueueTicket.service_group == ticket.service_group,
                   QueueTicket.status == TicketStatus.WAITING.value,
                   or_(QueueTicket.issued_at < ticket.issued_at,
                       and_(QueueTicket.issued_at == ticket.issued_at, QueueTicket.id < ticket.id)))) or 0

    def waiting_counts(self, unit_id: int, day: date) -> dict[str, int]:
        """Group letter -> tickets waiting now."""
        rows = self.session.execute(
            select(QueueTicket.service_group, func.count())
            .where(QueueTicket.unit_id == unit_id, QueueTicket.day == day,
                   QueueTicket.status == TicketStatus.WAITING.value)
            .group_by(QueueTicket.service_group))
        return {letter: count for letter, count in rows}

    def serving_at(self, desk_id: int) -> QueueTicket | None:
        """The ticket a counter has called and not finished."""
        return self.session.scalar(select(QueueTicket).where(QueueTicket.desk_id == desk_id,
                                                             QueueTicket.status == TicketStatus.CALLED.value))

    def recent_calls(self, unit_id: int, day: date, limit: int) -> Sequence[QueueTicket]:
        """The day's latest calls (recalls count as new calls), newest first."""
        return self.session.scalars(
            select(QueueTicket).where(QueueTicket.unit_id == unit_id, QueueTicket.day == day,
                                      QueueTicket.last_called_at.is_not(None))
            .order_by(QueueTicket.last_called_at.desc(), QueueTicket.id.desc()).limit(limit)).all()

    def in_period(self, unit_id: int, first: date, last: date) -> Sequence[QueueTicket]:
        """Every ticket a unit issued between two days, both included."""
        return self.session.scalars(
            select(QueueTicket).where(QueueTicket.unit_id == unit_id, QueueTicket.day >= first,
                                      QueueTicket.day <= last)
            .order_by(QueueTicket.issued_at, QueueTicket.id)).all()


class Desks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, desk: QueueDesk) -> QueueDesk:
        self.session.add(desk)
        self.session.flush()
        return desk

    def open_of(self, user_id: int) -> Sequence[QueueDesk]:
        """The counters a clerk has open (one per unit at most), locked against a double click."""
        query = select(QueueDesk).where(QueueDesk.user_id == user_id, QueueDesk.closed_at.is_(None))
        if _postgres(self.session):
            query = query.with_for_update(of=QueueDesk)  # its eager joins stay unlocked
        return self.session.scalars(query.order_by(QueueDesk.id)).all()

    def open_at(self, unit_id: int, number: int) -> QueueDesk | None:
        """Who sits at a counter number now, if anyone."""
        return self.session.scalar(select(QueueDesk).where(QueueDesk.unit_id == unit_id, QueueDesk.number == number,
                                                           QueueDesk.closed_at.is_(None)))

    def open_in(self, unit_id: int) -> Sequence[QueueDesk]:
        """A unit's open counters, by number."""
        return self.session.scalars(select(QueueDesk).where(QueueDesk.unit_id == unit_id,
                                                            QueueDesk.closed_at.is_(None))
                                    .order_by(QueueDesk.number)).all()
