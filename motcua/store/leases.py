"""Rows a worker sends somewhere (the portal's outbox, the citizens' notices): due, leased by compare-and-set,
sent in order. One place for the rules both follow.

A row is due when it is undelivered and its ``available_at`` has come on the wall clock, or at once when it
equals ``created_at`` (never tried, or an administrator's retry), whatever either clock says: a business
clock set by MOTCUA_NOW never strands it. A worker leases it by moving ``available_at`` to the lease's end in
an UPDATE that matches only the value it read, so two workers never take the same row and no transaction is
held open across the network call (alike on SQLite and PostgreSQL).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import and_, exists, or_, update
from sqlalchemy.orm import Session, aliased

from motcua.store.db import rows_matched


class Leasable(Protocol):
    """A row a worker leases: its id and when it is next due."""

    @property
    def id(self) -> int: ...
    @property
    def available_at(self) -> datetime: ...


Row = TypeVar("Row", bound=Leasable)


def due(model: Any, now: datetime) -> Any:
    """Undelivered, and its time has come (or it is due at once)."""
    return and_(model.delivered_at.is_(None), or_(model.available_at <= now, model.available_at == model.created_at))


def nothing_earlier_pending(model: Any, *same: str, given_up: str | None = None) -> Any:
    """No undelivered row before this one with the same values of the columns ``same`` (one dossier's
    messages go out in the order they were written); a row whose ``given_up`` column is set waits for a person
    and holds nothing up."""
    earlier = aliased(model)
    alike = [getattr(earlier, name) == getattr(model, name) for name in same]
    if given_up:
        alike.append(getattr(earlier, given_up).is_(None))
    return ~exists().where(and_(*alike, earlier.delivered_at.is_(None), earlier.id < model.id))


def lease_first(session: Session, model: Any, candidates: Sequence[Row], now: datetime,
                lease: timedelta) -> Row | None:
    """Lease the first candidate no other worker took meanwhile, until ``now + lease``; None when all were
    taken.

    Each candidate is matched on the ``available_at`` read with the list, taken before the loop: a lost race is
    rolled back, which expires the rows, and a row read afresh would carry the winner's lease, so matching on
    it would take a row another worker holds and is sending (the same message sent twice)."""
    seen = [(row, row.id, row.available_at) for row in candidates]
    for row, row_id, available_at in seen:
        won = rows_matched(session.execute(
            update(model)
            .where(model.id == row_id, model.available_at == available_at, model.delivered_at.is_(None))
            .values(available_at=now + lease).execution_options(synchronize_session=False)
        )) == 1
        if won:
            return row
        session.rollback()
    return None
