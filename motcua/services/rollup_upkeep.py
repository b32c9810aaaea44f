"""Keeping the daily roll-ups up to date: the worker's share of each round, and a rebuild on demand.

Each round rebuilds the closed days marked dirty (a late event, a correction: ``store/rollup_days.py`` marks them
in the transaction that changed them) and builds the days some roll-up has not built yet (after the migration
that added it, or a new version of its definition), newest first, at most ``DAYS_PER_ROUND`` so a backfill of
years does not hold up the timers and the outbox. Today is never built (reports count it live); a day is first
built once it has been over for a few minutes. Each day is its own transaction and rebuilding is idempotent, so
a round that fails half-way, or two workers building the same day, leave the same rows.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from motcua.services.errors import Forbidden, ServiceError
from motcua.services.runtime import Runtime
from motcua.store.rollups import ROLLUPS

DAYS_PER_ROUND = 31


@dataclass(frozen=True)
class Rebuilt:
    """Days rebuilt and the rows written per roll-up."""

    days: list[date]
    rows: dict[str, int]


def keep_up(runtime: Runtime, limit: int = DAYS_PER_ROUND) -> Rebuilt:
    """Rebuild what is dirty and build what is missing, newest first, up to ``limit`` days."""
    with runtime.uow() as uow:
        pending = list(uow.rollup_days.pending(runtime.clock).items())[:limit]
    rows: dict[str, int] = {}
    for day, names in pending:
        with runtime.uow() as uow:
            for name, written in uow.rollup_days.build(day, names, runtime.clock.now()).items():
                rows[name] = rows.get(name, 0) + written
            uow.commit()
    if len(pending) > 1:
        vacuum_months(runtime)
    return Rebuilt([day for day, _ in pending], rows)


def vacuum_months(runtime: Runtime) -> None:
    """Vacuum the month tables after a round that built several days (PostgreSQL): each day rebuilt rewrote its
    month's rows, so a backfill leaves thirty dead versions of every row, which a year's report then wades
    through (four times slower) until autovacuum passes."""
    if runtime.db.dialect.name != "postgresql":
        return
    with runtime.db.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for rollup in ROLLUPS.values():
            for table in getattr(rollup, "month_tables", ()):
                connection.exec_driver_sql(f"VACUUM (ANALYZE) {table}")


def rebuild(runtime: Runtime, first: date, last: date, names: Collection[str] | None = None) -> Rebuilt:
    """Rebuild every day of [first, last] (an administrator's or the command line's request), each in its own
    transaction; ``names`` limits it to some roll-ups. Today and later are refused: they are counted live."""
    unknown = sorted(set(names or ()) - set(ROLLUPS))
    if unknown:
        raise ServiceError("rollups.unknown_name", name=", ".join(unknown), known=", ".join(sorted(ROLLUPS)))
    today = runtime.clock.now().date()
    if last < first:
        raise ServiceError("rollups.ends_before_start", start=f"{first:%d/%m/%Y}", end=f"{last:%d/%m/%Y}")
    if last >= today:
        raise ServiceError("rollups.not_closed", day=f"{last:%d/%m/%Y}", today=f"{today:%d/%m/%Y}")
    rows: dict[str, int] = {}
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    for day in days:
        with runtime.uow() as uow:
            for name, written in uow.rollup_days.build(day, names, runtime.clock.now()).items():
                rows[name] = rows.get(name, 0) + written
            uow.commit()
    return Rebuilt(days, rows)


@dataclass(frozen=True)
class Status:
    """What the administrators' page shows: days waiting to be built, and which of them are dirty."""

    pending: int
    dirty: list[date]


def status(runtime: Runtime, user_id: int) -> Status:
    """The roll-ups' backlog, for an administrator."""
    _require_admin(runtime, user_id)
    with runtime.uow() as uow:
        pending = uow.rollup_days.pending(runtime.clock)
    return Status(len(pending), sorted(day for day, names in pending.items() if names is None))


def rebuild_for(runtime: Runtime, user_id: int, first: date, last: date) -> Rebuilt:
    """An administrator's rebuild of some days (after a correction made outside the application, say)."""
    _require_admin(runtime, user_id)
    return rebuild(runtime, first, last)


def _require_admin(runtime: Runtime, user_id: int) -> None:
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        if user is None or not any(m.role == "admin" for m in user.memberships):
            raise Forbidden("rollups.admins_only")
