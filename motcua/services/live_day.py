"""Today's heat map figures, kept by each process and brought up to date from the dossiers that moved since.

Past days come from the daily roll-up; today is never built, so the heat map, the weekly trends and the time
between units count it from the event log. Walking every dossier that moved today is most of what a province's
year costs at a million dossiers a year (about 450 ms of 870, 30 November 2026), and it grows through the day.
A day's figures are the sum of its dossiers' shares (``services/step_rollup.Share``), so a process keeps today's
shares per procedure version and, at each read, walks again only the dossiers that moved since the last one:

- by id, every event and work item written after the marks read at the last walk (a row dated earlier, as a
  correction or a test's data may be, is still seen);
- by time, the steps dated from ``MARGIN`` before the last read up to now: a transaction that took its ids before
  the marks were read commits after them, within a step's transaction time, dated when it ran. (Up to now, not
  the day's end: a register written ahead of the clock, as ``bench.heatmap``'s is, had its 300 steps dated later
  today walked again at every read, 100 of a province's year's 141 ms, 1 December 2026.)

A task can leave the work list without an event (a deadline moved, an item put back in place by hand); so that
such a change is never off for long, today is walked whole again after ``WALK_WHOLE_AFTER`` seconds, on a new day
and when the clock went back. Each process keeps its own copy: the first read of a version in a process walks
the day whole, as before.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from motcua.domain.calendar import WorkingCalendar
from motcua.domain.clock import VN_TZ
from motcua.services.step_rollup import DayFigures, Routes, Share, add_up, day_shares
from motcua.store import rollups
from motcua.store.ports import StepRollupsPort

MARGIN = timedelta(minutes=2)  # far longer than a step's transaction
WALK_WHOLE_AFTER = 600.0  # seconds


@dataclass
class _Kept:
    """A version's shares of one day, and where the next read resumes."""

    day: date
    shares: dict[int, Share]
    marks: tuple[int, int]  # the highest event and work item ids seen when last read
    read_at: datetime  # the clock when last read
    walked_at: float  # time.monotonic() of the last whole walk


@dataclass
class LiveDays:
    """Today's shares per procedure version, for one process (held by its ``Runtime``)."""

    kept: dict[int, _Kept] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    walked: int = 0  # dossiers walked so far: what the tests and the benchmark read to see the work saved

    def figures(self, store: StepRollupsPort, routes: Routes, calendar: WorkingCalendar, version_id: int,
                now: datetime) -> DayFigures:
        """Today's lines of a version, as a walk of every dossier that moved today would count them."""
        day = now.astimezone(VN_TZ).date()
        start, end = rollups.day_bounds(day)
        with self.lock:
            kept = self.kept.get(version_id)
            marks = store.marks()  # read before the rows: what is written after is seen next time
            if (kept is None or kept.day != day or now < kept.read_at
                    or time.monotonic() - kept.walked_at > WALK_WHOLE_AFTER):
                ids = store.moving(start, end, [version_id])
                kept = _Kept(day, day_shares(store, routes, calendar, day, ids, now), marks, now, time.monotonic())
                self.kept[version_id] = kept
            else:
                moved = store.moved_since(kept.marks, kept.read_at - MARGIN, now, start, end)
                for dossier_id in moved:  # a dossier moved to another version leaves this one's figures
                    kept.shares.pop(dossier_id, None)
                ids = sorted(i for i, version in moved.items() if version == version_id)
                kept.shares.update(day_shares(store, routes, calendar, day, ids, now))
                kept.marks, kept.read_at = marks, now
            self.walked += len(ids)
            return add_up(kept.shares.values())
