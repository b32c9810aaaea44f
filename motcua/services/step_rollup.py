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
from collections.abc import Iterable, Iterator
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


def walk_each(store: StepRollupsPort, routes: Routes, dossier_ids: list[int], now: datetime,
              between_units: bool = False) -> Iterator[tuple[int, Walked]]:
    """Each of the given dossiers walked into its stays and flows (and its holdings and hand-overs when
    ``between_units``), with its id; dossiers of a version that is not stored are left out."""
    moves = store.hand_overs(dossier_ids) if between_units else {}
    for history in store.histories(dossier_ids, now):
        route = routes.of(store, history.version_id)
        if route is None:
            continue
        version = history.version_id
        stays, taken = walk(history.dossier_id, history.started_at, history.done, history.waiting, route)
        walked = Walked([(version, s) for s in stays], [(version, t) for t in taken])
        if between_units:
            walked.spans = [(version, span) for span in spans(
                history.started_at, history.receiving_unit_id, history.finished_at,
                moves.get(history.dossier_id, []), history.done)]
        yield history.dossier_id, walked


def walk_dossiers(store: StepRollupsPort, routes: Routes, dossier_ids: list[int], now: datetime,
                  between_units: bool = False) -> Walked:
    """Every stay and flow of the given dossiers, and their holdings and hand-overs when ``between_units``."""
    together = Walked()
    for _dossier_id, walked in walk_each(store, routes, dossier_ids, now, between_units):
        together.stays += walked.stays
        together.taken += walked.taken
        together.spans += walked.spans
    return together


def _local_day(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()


@dataclass
class DayFigures:
    """One day's lines of the three roll-up tables, and the stays finished on it."""

    steps: dict[table.StepKey, table.StepCounts] = field(default_factory=dict)
    flows: dict[table.FlowKey, int] = field(default_factory=dict)
    transit: dict[table.TransitKey, table.StepCounts] = field(default_factory=dict)
    stays: list[table.StayLine] = field(default_factory=list)


@dataclass
class Share:
    """One dossier's part of a day's figures: the steps it arrived at, the stays it finished (with their office
    time), the flows it took and its holdings and hand-overs that ended. A day's figures are the sum of its
    dossiers' shares, so today's can be brought up to date a dossier at a time (``services/live_day.py``)."""

    entered: list[table.StepKey] = field(default_factory=list)
    stays: list[table.StayLine] = field(default_factory=list)
    flows: list[table.FlowKey] = field(default_factory=list)
    transit: list[tuple[table.TransitKey, float]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.entered or self.stays or self.flows or self.transit)


def _count(counts: table.StepCounts, minutes: float) -> None:
    counts.finished += 1
    counts.minutes = counts.histogram()
    counts.minutes[bucket(minutes)] += 1


def share_of(walked: Walked, calendar: WorkingCalendar, day: date) -> Share:
    """What a walked dossier adds to a day: a stay's arrival counts on the day it began, its time on the day it
    ended; a holding on the day it ended, a hand-over on the day the receiving unit finished its first step."""
    share = Share()
    for version_id, stay in walked.stays:
        if stay.unit_id is None:
            continue
        key = (stay.unit_id, version_id, stay.step)
        if _local_day(stay.entered_at) == day:
            share.entered.append(key)
        if stay.left_at is not None and _local_day(stay.left_at) == day:
            share.stays.append(table.StayLine(stay.unit_id, version_id, stay.step, stay.dossier_id, stay.entered_at,
                                              stay.left_at, working_minutes(calendar, stay), stay.late))
    share.flows = [(taken.unit_id, version_id, taken.flow) for version_id, taken in walked.taken
                   if taken.unit_id is not None and _local_day(taken.at) == day]
    share.transit = [((version_id, span.kind, span.source, span.unit),
                      calendar.working_seconds_between(span.since, span.until) / 60)
                     for version_id, span in walked.spans if span.until is not None and _local_day(span.until) == day]
    return share


def day_shares(store: StepRollupsPort, routes: Routes, calendar: WorkingCalendar, day: date,
               dossier_ids: list[int], now: datetime) -> dict[int, Share]:
    """The shares in a day of the given dossiers (those with none left out)."""
    return {dossier_id: share for dossier_id, walked in walk_each(store, routes, dossier_ids, now, True)
            if (share := share_of(walked, calendar, day))}


def add_up(shares: Iterable[Share]) -> DayFigures:
    """A day's lines from its dossiers' shares."""
    figures = DayFigures()
    for share in shares:
        for key in share.entered:
            figures.steps.setdefault(key, table.StepCounts()).entered += 1
        for stay in share.stays:
            counts = figures.steps.setdefault((stay.unit_id, stay.version_id, stay.element), table.StepCounts())
            counts.over_deadline += int(stay.late)
            _count(counts, stay.working_minutes)
        figures.stays += share.stays
        for flow in share.flows:
            figures.flows[flow] = figures.flows.get(flow, 0) + 1
        for transit, minutes in share.transit:
            _count(figures.transit.setdefault(transit, table.StepCounts()), minutes)
    return figures


def day_figures(store: StepRollupsPort, routes: Routes, calendar: WorkingCalendar, day: date, now: datetime,
                version_ids: list[int] | None = None) -> DayFigures:
    """One day's step, flow and between-units lines, computed from the event log (for the roll-up, and live for
    today) as the sum of the shares of the dossiers that moved on it."""
    start, end = rollups.day_bounds(day)
    return add_up(day_shares(store, routes, calendar, day, store.moving(start, end, version_ids), now).values())


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
