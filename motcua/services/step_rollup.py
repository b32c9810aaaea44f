"""The heat map's daily roll-up: for one day, per unit, procedure version and step, the stays entered and
finished, those finished past the step's deadline and their working minutes as a histogram; per flow, the
dossiers that took it. Registered with ``store/rollups.py`` on import, so the worker keeps it up to date.

A day is computed from the dossiers that moved on it (a task completed or offered, or the dossier started):
each one's whole history is walked into stays and flows (``domain/stays.py``) and what falls on the day is
counted, a stay's time by when it was finished, its arrival by when it was entered. Rebuilding a day is
idempotent. Today's figures are computed the same way without being stored (``day_figures``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from motcua.config import PROJECT_ROOT
from motcua.domain.calendar import WorkingCalendar
from motcua.domain.clock import VN_TZ
from motcua.domain.histogram import bucket
from motcua.domain.stays import Stay, Taken, walk
from motcua.engine.flow_map import FlowMap, flow_map
from motcua.engine.pack import read_calendar
from motcua.engine.spec import StateSerializer
from motcua.store import rollups
from motcua.store import step_rollups as table
from motcua.store.ports import StepRollupsPort
from motcua.store.step_rollups import StepRollups


@dataclass
class Routes:
    """Each stored version's diagram read once (versions never change once stored)."""

    serializer: StateSerializer = field(default_factory=StateSerializer)
    maps: dict[int, FlowMap] = field(default_factory=dict)

    def of(self, store: StepRollupsPort, version_id: int) -> FlowMap | None:
        """The version's flow map, or None for a version that is not stored."""
        if version_id not in self.maps:
            row = store.version(version_id)
            if row is None:
                return None
            spec, subprocess_specs = self.serializer.load_spec(row.spec_json)
            self.maps[version_id] = flow_map(row.diagram_xml, spec, subprocess_specs)
        return self.maps[version_id]


def working_minutes(calendar: WorkingCalendar, stay: Stay) -> float:
    """The office time a finished stay took, in minutes."""
    return calendar.working_seconds_between(stay.entered_at, stay.left_at or stay.entered_at) / 60


@dataclass
class Walked:
    """The stays and flows of some dossiers, each with its dossier's version."""

    stays: list[tuple[int, Stay]] = field(default_factory=list)
    taken: list[tuple[int, Taken]] = field(default_factory=list)


def walk_dossiers(store: StepRollupsPort, routes: Routes, dossier_ids: list[int], now: datetime) -> Walked:
    """Every stay and flow of the given dossiers."""
    walked = Walked()
    for history in store.histories(dossier_ids, now):
        route = routes.of(store, history.version_id)
        if route is None:
            continue
        stays, taken = walk(history.dossier_id, history.started_at, history.done, history.waiting, route)
        walked.stays += [(history.version_id, s) for s in stays]
        walked.taken += [(history.version_id, t) for t in taken]
    return walked


def _local_day(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


def day_figures(store: StepRollupsPort, routes: Routes, calendar: WorkingCalendar, day: date, now: datetime,
                version_ids: list[int] | None = None) -> tuple[dict[table.StepKey, table.StepCounts],
                                                               dict[table.FlowKey, int]]:
    """One day's step and flow lines, computed from the event log (for the roll-up, and live for today)."""
    start, end = rollups.day_bounds(day)
    walked = walk_dossiers(store, routes, store.moving(start, end, version_ids), now)
    steps: dict[table.StepKey, table.StepCounts] = {}
    for version_id, stay in walked.stays:
        if stay.unit_id is None:
            continue
        key = (stay.unit_id, version_id, stay.step)
        if _local_day(stay.entered_at) == day:
            steps.setdefault(key, table.StepCounts()).entered += 1
        if stay.left_at is not None and _local_day(stay.left_at) == day:
            counts = steps.setdefault(key, table.StepCounts())
            counts.finished += 1
            counts.over_deadline += int(stay.late)
            counts.minutes = counts.histogram()
            counts.minutes[bucket(working_minutes(calendar, stay))] += 1
    flows: dict[table.FlowKey, int] = {}
    for version_id, taken in walked.taken:
        if taken.unit_id is not None and _local_day(taken.at) == day:
            key = (taken.unit_id, version_id, taken.flow)
            flows[key] = flows.get(key, 0) + 1
    return steps, flows


def _pack_calendar() -> WorkingCalendar:
    """The deployment's calendar, read as the pack's loader reads it (``calendar.toml`` at the pack root)."""
    root = Path(os.environ.get("MOTCUA_PACK_ROOT", PROJECT_ROOT))
    return read_calendar(root / "calendar.toml", [])


@dataclass
class StepRollup:
    """The roll-up the worker rebuilds per day (``store/rollups.DailyRollup``)."""

    name: str = "steps"
    calendar: WorkingCalendar | None = None  # the pack's, read on first use when not given
    routes: Routes = field(default_factory=Routes)

    def rebuild(self, session: Session, day: date) -> int:
        """Replace the day's step and flow rows; the rows written."""
        if self.calendar is None:
            self.calendar = _pack_calendar()
        # a stored day never depends on when it was rebuilt: open steps are judged at the day's end
        store = StepRollups(session)
        steps, flows = day_figures(store, self.routes, self.calendar, day, rollups.day_bounds(day)[1])
        return store.replace_day(day, steps, flows)


ROLLUP = StepRollup()
rollups.register(ROLLUP)
