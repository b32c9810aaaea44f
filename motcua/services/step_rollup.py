"""The heat map's daily roll-up: for one day, per unit, procedure version and step, the stays entered and
finished, those finished past the step's deadline and their working minutes as a histogram; per flow, the
dossiers that took it. Registered with ``store/rollups.py`` on import, so the worker keeps it up to date.

A day is computed from the dossiers that moved on it (a task completed or offered, or the dossier started):
each one's whole history is walked into stays and flows (``domain/stays.py``) and what falls on the day is
counted, a stay's time by when it was finished, its arrival by when it was entered; the stays finished on the
day are kept one by one too, for the list behind a step's figures. Rebuilding a day is idempotent. Today's
figures are computed the same way without being stored (``day_figures``).
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
from motcua.domain.stays import Span, Stay, Taken, spans, walk
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
    """The stays, flows and (when asked) the time between units of some dossiers, each with its version."""

    stays: list[tuple[int, Stay]] = field(default_factory=list)
    taken: list[tuple[int, Taken]] = field(default_factory=list)
    spans: list[tuple[int, Span]] = field(default_factory=list)


def walk_dossiers(store: StepRollupsPort, routes: Routes, dossier_ids: list[int], now: datetime,
                  between_units: bool = False) -> Walked:
    """Every stay and flow of the given dossiers, and their holdings and hand-overs when ``between_units``."""
    walked = Walked()
    moves = store.hand_overs(dossier_ids) if between_units else {}
    for history in store.histories(dossier_ids, now):
        route = routes.of(store, history.version_id)
        if route is None:
            continue
        stays, taken = walk(history.dossier_id, history.started_at, history.done, history.waiting, route)
        walked.stays += [(history.version_id, s) for s in stays]
        walked.taken += [(history.version_id, t) for t in taken]
        if between_units:
            walked.spans += [(history.version_id, span) for span in spans(
                history.started_at, history.receiving_unit_id, history.finished_at,
                moves.get(history.dossier_id, []), history.done)]
    return walked


def _local_day(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


@dataclass
class DayFigures:
    """One day's lines of the three roll-up tables, and the stays finished on it."""

    steps: dict[table.StepKey, table.StepCounts] = field(default_factory=dict)
    flows: dict[table.FlowKey, int] = field(default_factory=dict)
    transit: dict[table.TransitKey, table.StepCounts] = field(default_factory=dict)
    stays: list[table.StayLine] = field(default_factory=list)


def _count(counts: table.StepCounts, minutes: float) -> None:
    counts.finished += 1
    counts.minutes = counts.histogram()
    counts.minutes[bucket(minutes)] += 1


def day_figures(store: StepRollupsPort, routes: Routes, calendar: WorkingCalendar, day: date, now: datetime,
                version_ids: list[int] | None = None) -> DayFigures:
    """One day's step, flow and between-units lines, computed from the event log (for the roll-up, and live for
    today): a stay's arrival counts on the day it began, its time on the day it ended; a holding on the day it
    ended, a hand-over on the day the receiving unit finished its first step."""
    start, end = rollups.day_bounds(day)
    walked = walk_dossiers(store, routes, store.moving(start, end, version_ids), now, between_units=True)
    figures = DayFigures()
    for version_id, stay in walked.stays:
        if stay.unit_id is None:
            continue
        key = (stay.unit_id, version_id, stay.step)
        if _local_day(stay.entered_at) == day:
            figures.steps.setdefault(key, table.StepCounts()).entered += 1
        if stay.left_at is not None and _local_day(stay.left_at) == day:
            counts = figures.steps.setdefault(key, table.StepCounts())
            counts.over_deadline += int(stay.late)
            minutes = working_minutes(calendar, stay)
            _count(counts, minutes)
            figures.stays.append(table.StayLine(stay.unit_id, version_id, stay.step, stay.dossier_id,
                                                stay.entered_at, stay.left_at, minutes, stay.late))
    for version_id, taken in walked.taken:
        if taken.unit_id is not None and _local_day(taken.at) == day:
            flow = (taken.unit_id, version_id, taken.flow)
            figures.flows[flow] = figures.flows.get(flow, 0) + 1
    for version_id, span in walked.spans:
        if span.until is not None and _local_day(span.until) == day:
            minutes = calendar.working_seconds_between(span.since, span.until) / 60
            _count(figures.transit.setdefault((version_id, span.kind, span.source, span.unit), table.StepCounts()),
                   minutes)
    return figures


def _pack_calendar() -> WorkingCalendar:
    """The deployment's calendar, read as the pack's loader reads it (``calendar.toml`` at the pack root)."""
    root = Path(os.environ.get("MOTCUA_PACK_ROOT", PROJECT_ROOT))
    return read_calendar(root / "calendar.toml", [])


@dataclass
class StepRollup:
    """The roll-up the worker rebuilds per day (``store/rollups.DailyRollup``)."""

    name: str = "steps"
    version: int = 2  # 2: the day's finished stays are kept too (``step_stays``)
    calendar: WorkingCalendar | None = None  # the pack's, read on first use when not given
    routes: Routes = field(default_factory=Routes)

    def rebuild(self, session: Session, day: date) -> int:
        """Replace the day's step and flow rows; the rows written."""
        if self.calendar is None:
            self.calendar = _pack_calendar()
        # a stored day never depends on when it was rebuilt: open steps are judged at the day's end
        store = StepRollups(session)
        figures = day_figures(store, self.routes, self.calendar, day, rollups.day_bounds(day)[1])
        return store.replace_day(day, figures.steps, figures.flows, figures.transit, figures.stays)


ROLLUP = StepRollup()
rollups.register(ROLLUP)
