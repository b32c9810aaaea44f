"""Daily roll-ups: figures that reports and the heat map read instead of scanning years of dossiers and events.

Each roll-up owns a table of rows per calendar day in Vietnam's time zone and can rebuild any one day from the
register and the event log: it deletes that day's rows and computes them again, inside the caller's
transaction. Rebuilding is idempotent, so a late event, a correction or a migration is handled by rebuilding
the days it touches; which days need it, and when, is the worker's business (services), not this module's.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from motcua.domain.clock import VN_TZ


class DailyRollup(Protocol):
    """One roll-up table: ``rebuild`` replaces the rows of ``day`` and returns how many it wrote."""

    name: str

    def rebuild(self, session: Session, day: date) -> int: ...


ROLLUPS: dict[str, DailyRollup] = {}


def register(rollup: DailyRollup) -> DailyRollup:
    """Add a roll-up to those the worker keeps up to date (a module registers its own on import)."""
    ROLLUPS[rollup.name] = rollup
    return rollup


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The half-open interval [start, end) of a Vietnamese calendar day, as aware datetimes."""
    start = datetime.combine(day, time(), VN_TZ)
    return start, start + timedelta(days=1)


def rebuild(session: Session, day: date, names: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the given roll-ups (all when ``names`` is None) for one day; rows written per roll-up."""
    chosen = list(ROLLUPS) if names is None else list(names)
    unknown = [name for name in chosen if name not in ROLLUPS]
    if unknown:
        raise KeyError(f"no roll-up named {', '.join(unknown)} (known: {', '.join(sorted(ROLLUPS)) or 'none'})")
    return {name: ROLLUPS[name].rebuild(session, day) for name in chosen}


def day_runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days as inclusive runs of consecutive days (what a query reads with ``BETWEEN``, a run at a time)."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs
