"""The diagram as a heat map: for a procedure version, a unit (or a province and every unit under it) and a
period, on each step the dossiers there now, the median and 90th percentile of the working time a stay took,
the share finished past the step's deadline, and on each flow the dossiers that went along it.

Past days are read from the step roll-up (``services/step_rollup.py``: summed by the database), today is
computed from the event log and added; percentiles come from the roll-up's histogram, so each is known to its
bucket (``domain/histogram.py``). Colours are scaled to the worst step of the chosen measure. Who reads what
follows the reports: leaders and administrators of a unit, and of a province for every unit under it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from motcua.domain.clock import VN_TZ
from motcua.domain.histogram import BUCKETS, EDGES, Quantile, add, quantile
from motcua.engine.flow_map import FlowMap
from motcua.services import access, reports
from motcua.services.errors import NotFound
from motcua.services.reports import InvalidReportRequest, parse_date
from motcua.services.runtime import Runtime
from motcua.services.step_rollup import ROLLUP, DayFigures, walk_dossiers, working_minutes
from motcua.store import rollups
from motcua.store import step_rollups as table
from motcua.store.models import ProcedureVersion, Unit, User
from motcua.store.ports import UnitOfWorkPort
from motcua.store.rollup_days import local_day
from motcua.store.uow import ReadUnitOfWork

MEASURES = ("median", "p90", "late")  # what the colours scale: median or 90th percentile time, or share late
LEVELS = ("none", "green", "yellow", "orange", "red")  # level 0 (no figure) to 4 (the worst step)
VIEWS = ("now", "finished", "late")  # the dossiers behind a step's figures
LIST_LIMIT = 500


@dataclass(frozen=True)
class HeatRequest:
    """A procedure (slug), its version (None: the newest), a unit (None: every unit the reader reads) and a
    period of local dates, both included; ``measure`` chooses what the colours show."""

    procedure: str
    date_from: date
    date_to: date
    version: int | None = None
    unit: str | None = None
    measure: str = "median"


@dataclass
class StepFigures:
    """One step's figures over the scope and period."""

    element: str
    name: str
    now: int = 0  # dossiers waiting at the step now
    now_late: int = 0  # of which past the step's deadline
    entered: int = 0
    finished: int = 0
    over_deadline: int = 0
    histogram: list[int] = field(default_factory=lambda: [0] * BUCKETS)
    level: int = 0

    @property
    def median(self) -> Quantile | None:
        """The median working minutes of the stays finished (nearest rank, read from the histogram)."""
        return quantile(self.histogram, 0.5)

    @property
    def p90(self) -> Quantile | None:
        """The 90th percentile working minutes of the stays finished."""
        return quantile(self.histogram, 0.9)

    @property
    def late_share(self) -> float | None:
        """The share (%) of the stays finished that passed the step's deadline."""
        return round(100 * self.over_deadline / self.finished, 1) if self.finished else None

    def measure(self, name: str) -> float | None:
        """The value the colours scale for a measure."""
        if name == "late":
            return self.late_share
        value = self.median if name == "median" else self.p90
        return value.value if value else None

    def add(self, counts: table.StepCounts) -> None:
        """Count in a roll-up line (stored or live)."""
        self.entered += counts.entered
        self.finished += counts.finished
        self.over_deadline += counts.over_deadline
        self.histogram = add(self.histogram, counts.histogram())

    def as_json(self) -> dict[str, Any]:
        """The step as the API and the page's script read it."""
        return {"element": self.element, "name": self.name, "now": self.now, "now_late": self.now_late,
                "entered": self.entered, "finished": self.finished, "over_deadline": self.over_deadline,
                "late_share": self.late_share, "median": _quantile_json(self.median),
                "p90": _quantile_json(self.p90), "histogram": self.histogram, "level": self.level,
                "colour": LEVELS[self.level]}


def _quantile_json(value: Quantile | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"minutes": round(value.value, 1), "hours": round(value.value / 60, 2), "bucket": [value.low, value.high]}


@dataclass(frozen=True)
class FlowFigures:
    """A sequence flow and the dossiers that took it."""

    id: str
    name: str
    source: str
    target: str
    taken: int


@dataclass
class HeatMap:
    """What the page, the SVG, the exports and the API show."""

    request: HeatRequest
    generated_at: datetime
    version_id: int
    version_number: int
    procedure_name: str
    route: FlowMap
    steps: list[StepFigures]
    flows: list[FlowFigures]
    units: list[tuple[str, str]]  # the units counted (code, name)
    by_unit: dict[str, list[StepFigures]]  # each unit's own figures, same steps (a province's side by side)
    unit_choices: list[tuple[str, str]]
    procedure_choices: list[tuple[str, str]]
    version_choices: list[int]

    def step(self, element: str) -> StepFigures:
        """A step's figures by its BPMN id."""
        for figures in self.steps:
            if figures.element == element:
                return figures
        raise NotFound("heatmap.unknown_step", step=element)

    def as_json(self) -> dict[str, Any]:
        """The heat map as the API gives it."""
        return {
            "procedure": self.request.procedure, "procedure_name": self.procedure_name,
            "version": self.version_number, "unit": self.request.unit, "measure": self.request.measure,
            "period": {"from": self.request.date_from.isoformat(), "to": self.request.date_to.isoformat(),
                       "time_zone": "Asia/Ho_Chi_Minh"},
            "generated_at": self.generated_at.isoformat(),
            "histogram_edges_minutes": list(EDGES),
            "units": [{"code": code, "name": name} for code, name in self.units],
            "steps": [s.as_json() for s in self.steps],
            "flows": [{"id": f.id, "name": f.name, "source": f.source, "target": f.target, "taken": f.taken}
                      for f in self.flows],
            "by_unit": {code: [s.as_json() for s in figures] for code, figures in self.by_unit.items()},
        }


def parse_request(runtime: Runtime, args: dict[str, str]) -> HeatRequest:
    """The reader's choices from a query string; the period defaults to the last 30 days up to today."""
    today = runtime.clock.now().astimezone(VN_TZ).date()
    date_from = parse_date(args["from"], "from") if args.get("from", "").strip() else today - timedelta(days=29)
    date_to = parse_date(args["to"], "to") if args.get("to", "").strip() else today
    if date_to < date_from:
        raise InvalidReportRequest("to", "ends_before_start", start=f"{date_from:%d/%m/%Y}", end=f"{date_to:%d/%m/%Y}")
    procedures = _procedures(runtime)
    procedure = args.get("procedure", "").strip() or (min(procedures, key=lambda s: procedures[s]) if procedures
                                                      else "")
    if procedure not in procedures:
        raise InvalidReportRequest("procedure", "unknown_procedure", procedure=procedure)
    version_text = args.get("version", "").strip()
    version = int(version_text) if version_text.isdigit() and len(version_text) < 10 else None
    if version_text and version is None:
        raise NotFound("version.not_found", procedure=procedure, number=version_text)
    measure = args.get("measure", "").strip()
    return HeatRequest(procedure, date_from, date_to, version, args.get("unit", "").strip() or None,
                       measure if measure in MEASURES else "median")


def _procedures(runtime: Runtime) -> dict[str, str]:
    """The administrative procedures a heat map may show: slug -> Vietnamese name."""
    return {slug: loaded.procedure.name_vi for slug, loaded in runtime.pack.procedures.items()
            if loaded.procedure.is_public_service}


@dataclass(frozen=True)
class Scope:
    """The reader, the units they read, the units chosen and the version shown."""

    user: User
    readable: list[Unit]
    units: list[Unit]
    version: ProcedureVersion
    route: FlowMap
    live: dict[date, DayFigures] = field(default_factory=dict)  # today's figures, computed once per use case


def diagram_xml(runtime: Runtime, user_id: int, request: HeatRequest) -> str:
    """The version's diagram for the viewer, to a reader who may see this heat map."""
    def work(uow: ReadUnitOfWork) -> str:
        return scope(runtime, uow, user_id, request).version.diagram_xml
    return runtime.read(work)


def scope(runtime: Runtime, uow: UnitOfWorkPort, user_id: int, request: HeatRequest) -> Scope:
    """Check the reader may read the units asked for, and find the version and its diagram."""
    user, readable, units = reports.reader_units(uow, user_id, request.unit)
    version = (uow.versions.number(request.procedure, request.version) if request.version is not None
               else uow.versions.latest(request.procedure))
    if version is None:
        raise NotFound("version.not_found", procedure=request.procedure, number=request.version or 1)
    route = ROLLUP.routes.of(uow.step_rollups, version.id)
    if route is None:
        raise NotFound("version.unknown_id", version=version.id)
    return Scope(user, readable, units, version, route)


def _today(runtime: Runtime) -> date:
    return runtime.clock.now().astimezone(VN_TZ).date()


def live_today(runtime: Runtime, uow: UnitOfWorkPort, where: Scope) -> DayFigures:
    """Today's lines of the version, from the event log (not yet in the roll-up): kept by the process and brought
    up to date from the dossiers that moved since (``services/live_day.py``); read once per use case."""
    today = _today(runtime)
    if today not in where.live:
        where.live[today] = runtime.today.figures(uow.step_rollups, ROLLUP.routes, runtime.pack.calendar,
                                                  where.version.id, runtime.clock.now())
    return where.live[today]


def unit_counts(runtime: Runtime, uow: UnitOfWorkPort, where: Scope, first: date, last: date,
                by_day: bool = False) -> list[table.StepSum]:
    """Step lines by unit, or by day for all the units together (``unit_id`` 0), between two days: stored ones for
    past days, today's computed live."""
    unit_ids = [u.id for u in where.units]
    today = _today(runtime)
    yesterday = min(last, today - timedelta(days=1))
    sums = uow.step_rollups.step_sums([where.version.id], unit_ids, first, yesterday, by_day) if first < today else []
    if first <= today <= last:
        live = live_today(runtime, uow, where).steps
        sums += [table.StepSum(today if by_day else None, 0 if by_day else unit_id, element, counts)
                 for (unit_id, _version, element), counts in live.items() if unit_id in unit_ids]
    return sums


def flow_counts(runtime: Runtime, uow: UnitOfWorkPort, where: Scope, first: date, last: date) -> dict[str, int]:
    """Dossiers that took each flow between two days, stored and live."""
    unit_ids = [u.id for u in where.units]
    today = _today(runtime)
    taken: dict[str, int] = defaultdict(int)
    if first < today:
        yesterday = min(last, today - timedelta(days=1))
        for (_unit, flow), n in uow.step_rollups.flow_sums([where.version.id], unit_ids, first, yesterday).items():
            taken[flow] += n
    if first <= today <= last:
        live = live_today(runtime, uow, where).flows
        for (unit_id, _version, flow), n in live.items():
            if unit_id in unit_ids:
                taken[flow] += n
    return dict(taken)


def blank_steps(route: FlowMap) -> list[StepFigures]:
    """A figure line per step of the diagram, in its drawing order."""
    return [StepFigures(element, route.nodes[element].name or element) for element in route.steps]


def colour(steps: Iterable[StepFigures], measure: str) -> None:
    """Set each step's level: red for the worst step of the measure, then orange, yellow and green by its share
    of the worst (at least 80 %, 60 %, 40 %, less); a step with no figure has none."""
    values = [(step, step.measure(measure)) for step in steps]
    worst = max((v for _, v in values if v is not None), default=None)
    for step, value in values:
        if value is None or worst is None:
            step.level = 0
        elif worst <= 0:
            step.level = 1
        else:
            share = value / worst
            step.level = 4 if share >= 0.8 else 3 if share >= 0.6 else 2 if share >= 0.4 else 1


def _waiting(uow: UnitOfWorkPort, where: Scope, now: datetime) -> dict[tuple[int, str], tuple[int, int]]:
    """Per unit and step, the dossiers waiting there now and how many of them are past the step's deadline:
    counted by the database per element; only the elements that share a step with another (the tasks of a
    called part) are read a task at a time, so a dossier waiting at two of them counts once."""
    units = [u.id for u in where.units]
    counted = uow.step_rollups.waiting_counts([where.version.id], units, now)
    elements_of: dict[str, set[str]] = defaultdict(set)
    for _unit, element_id in counted:
        step = where.route.step_of(element_id)
        if step is not None:
            elements_of[step].add(element_id)
    shared = {e for elements in elements_of.values() if len(elements) > 1 for e in elements}
    found: dict[tuple[int, str], tuple[int, int]] = {}
    for (unit_id, element_id), (n, overdue) in counted.items():
        step = where.route.step_of(element_id)
        if step is not None and element_id not in shared:
            found[(unit_id, step)] = (n, overdue)
    if not shared:
        return found
    waiting: dict[tuple[int, str], set[int]] = defaultdict(set)
    late: dict[tuple[int, str], set[int]] = defaultdict(set)
    for item in uow.step_rollups.waiting_now([where.version.id], units, shared):
        element = where.route.step_of(item.element_id)
        if element is not None:
            waiting[(item.unit_id, element)].add(item.dossier_id)
            if item.due_at is not None and item.due_at < now:
                late[(item.unit_id, element)].add(item.dossier_id)
    return found | {key: (len(dossiers), len(late[key])) for key, dossiers in waiting.items()}


def build(runtime: Runtime, user_id: int, request: HeatRequest) -> HeatMap:
    """The heat map a reader asked for, if they may read those units."""
    def work(uow: ReadUnitOfWork) -> HeatMap:
        where = scope(runtime, uow, user_id, request)
        route = where.route
        steps = {s.element: s for s in blank_steps(route)}
        per_unit: dict[int, dict[str, StepFigures]] = {u.id: {s.element: s for s in blank_steps(route)}
                                                        for u in where.units}
        for line in unit_counts(runtime, uow, where, request.date_from, request.date_to):
            if line.element in steps:
                steps[line.element].add(line.counts)
                per_unit[line.unit_id][line.element].add(line.counts)
        now = runtime.clock.now()
        for (unit_id, element), (waiting, late) in _waiting(uow, where, now).items():
            for figures in (steps[element], per_unit[unit_id][element]):
                figures.now += waiting
                figures.now_late += late
        colour(steps.values(), request.measure)
        taken = flow_counts(runtime, uow, where, request.date_from, request.date_to)
        flows = [FlowFigures(f.id, f.name, f.source, f.target, taken.get(f.id, 0)) for f in route.flows.values()]
        counted = [u for u in where.units if any(s.finished or s.now or s.entered for s in per_unit[u.id].values())]
        # units side by side share one scale, so the same colour means the same time in every unit
        colour([step for unit in counted for step in per_unit[unit.id].values()], request.measure)
        procedures = _procedures(runtime)
        return HeatMap(
            request=request, generated_at=now, version_id=where.version.id, version_number=where.version.number,
            procedure_name=procedures[request.procedure], route=route, steps=list(steps.values()), flows=flows,
            units=[(u.code, u.name) for u in where.units],
            by_unit={u.code: list(per_unit[u.id].values()) for u in counted},
            unit_choices=[(u.code, u.name) for u in where.readable],
            procedure_choices=sorted(procedures.items(), key=lambda item: item[1]),
            version_choices=[v.number for v in uow.versions.all_of(request.procedure)],
        )
    return runtime.read(work)


@dataclass(frozen=True)
class Week:
    """A step's figures in one week (Monday to Sunday)."""

    monday: date
    finished: int
    median: Quantile | None
    p90: Quantile | None
    late_share: float | None


def trends(runtime: Runtime, user_id: int, request: HeatRequest) -> dict[str, list[Week]]:
    """Each step's figures week by week over the period (weeks begin on Monday; the first and last may be
    partial)."""
    def work(uow: ReadUnitOfWork) -> dict[str, list[Week]]:
        where = scope(runtime, uow, user_id, request)
        mondays = []
        monday = request.date_from - timedelta(days=request.date_from.weekday())
        while monday <= request.date_to:
            mondays.append(monday)
            monday += timedelta(days=7)
        weekly: dict[tuple[str, date], StepFigures] = {}
        for line in unit_counts(runtime, uow, where, request.date_from, request.date_to, by_day=True):
            if line.day is None or line.element not in where.route.steps:
                continue
            week = line.day - timedelta(days=line.day.weekday())
            weekly.setdefault((line.element, week), StepFigures(line.element, "")).add(line.counts)
        found: dict[str, list[Week]] = {}
        for element in where.route.steps:
            found[element] = []
            for week in mondays:
                figures = weekly.get((element, week), StepFigures(element, ""))
                found[element].append(Week(week, figures.finished, figures.median, figures.p90,
                                           figures.late_share))
        return found
    return runtime.read(work)


@dataclass(frozen=True)
class BehindLine:
    """A dossier behind a step's figure, as the click-through lists it."""

    dossier_id: int
    code: str
    applicant: str
    unit: str
    entered_at: datetime
    left_at: datetime | None
    working_minutes: float
    late: bool
    can_open: bool  # the reader may open its page (access.can_see); otherwise it is listed by code only


def _stay_elements(route: FlowMap, element: str) -> set[str]:
    """The BPMN elements whose open tasks wait at a step: the step itself, or a called part's human tasks."""
    return {element} | {task for task, step in route.inner.items() if step == element}


def _waiting_lines(runtime: Runtime, uow: UnitOfWorkPort, where: Scope, element: str,
                   unit_ids: set[int]) -> list[table.StayLine]:
    """The longest stays open now at a step (their ``left_at`` is now, ``working_minutes`` the time so far).

    At a task the stay began when its work item was offered, so the longest are the oldest items, read as such;
    at a called part it began with the part's first task of the run, so the histories of the dossiers waiting at
    its tasks are walked."""
    now = runtime.clock.now()
    store = uow.step_rollups
    calendar = runtime.pack.calendar

    def line(version_id: int, unit_id: int, dossier_id: int, entered_at: datetime, late: bool) -> table.StayLine:
        minutes = calendar.working_seconds_between(entered_at, now) / 60
        return table.StayLine(unit_id, version_id, element, dossier_id, entered_at, now, minutes, late)

    if not where.route.is_part(element):
        return [line(where.version.id, item.unit_id, item.dossier_id, item.entered_at,
                     item.due_at is not None and item.due_at < now)
                for item in store.waiting_now([where.version.id], unit_ids, [element], longest=LIST_LIMIT)]
    waiting = store.waiting_now([where.version.id], unit_ids, _stay_elements(where.route, element))
    return [line(version_id, stay.unit_id, stay.dossier_id, stay.entered_at, stay.late)
            for version_id, stay in walk_dossiers(store, ROLLUP.routes, sorted({i.dossier_id for i in waiting}),
                                                  now).stays
            if stay.step == element and stay.unit_id and stay.unit_id in unit_ids and stay.left_at is None]


def _finished_lines(runtime: Runtime, uow: UnitOfWorkPort, where: Scope, request: HeatRequest, element: str,
                    unit_ids: set[int], late: bool) -> list[table.StayLine]:
    """The longest stays at a step finished in the period (past its deadline only, when ``late``): the days the
    roll-up has built read from its ``step_stays`` by index; today, and days not built or marked dirty, walked
    from the event log of the dossiers that completed a task of the step on them."""
    store = uow.step_rollups
    today = _today(runtime)
    last = min(request.date_to, today)
    closed = min(last, today - timedelta(days=1))
    stored = store.fresh_days(ROLLUP, request.date_from, closed) if request.date_from <= closed else set()
    lines = store.finished_stays(where.version.id, element, unit_ids, rollups.day_runs(sorted(stored)), late,
                                 LIST_LIMIT)
    live = [request.date_from + timedelta(days=n) for n in range((last - request.date_from).days + 1)]
    live_runs = rollups.day_runs(d for d in live if d not in stored)
    titles = where.route.names.get(element, set())
    candidates: set[int] = set()
    for first, final in live_runs:
        start, end = rollups.day_bounds(first)[0], rollups.day_bounds(final)[1]
        candidates.update(store.completing(start, end, [where.version.id], titles, late=late))
    walked = walk_dossiers(store, ROLLUP.routes, sorted(candidates), runtime.clock.now()).stays
    calendar = runtime.pack.calendar
    for version_id, stay in walked:
        if (stay.step != element or stay.unit_id not in unit_ids or stay.left_at is None or not stay.unit_id
                or (late and not stay.late) or not any(first <= local_day(stay.left_at) <= final
                                                       for first, final in live_runs)):
            continue
        lines.append(table.StayLine(stay.unit_id, version_id, stay.step, stay.dossier_id, stay.entered_at,
                                    stay.left_at, working_minutes(calendar, stay), stay.late))
    return lines


def dossiers_behind(runtime: Runtime, user_id: int, request: HeatRequest, element: str,
                    view: str = "now") -> list[BehindLine]:
    """The dossiers a step's figure counts (``view``: waiting now, finished in the period, finished late), the
    longest stays first, limited to those the reader may see: their own units' (access.py), or those of the
    units they read reports of."""
    if view not in VIEWS:
        view = "now"
    def work(uow: ReadUnitOfWork) -> list[BehindLine]:
        where = scope(runtime, uow, user_id, request)
        if element not in where.route.steps:
            raise NotFound("heatmap.unknown_step", step=element)
        unit_ids = {u.id for u in where.units}
        store = uow.step_rollups
        found = (_waiting_lines(runtime, uow, where, element, unit_ids) if view == "now"
                 else _finished_lines(runtime, uow, where, request, element, unit_ids, late=view == "late"))
        chosen = sorted(found, key=lambda line: (-line.working_minutes, line.dossier_id))[:LIST_LIMIT]
        ids = [line.dossier_id for line in chosen]
        dossiers, moves = store.dossiers(ids), store.hand_overs(ids)
        readable = {u.id for u in where.readable}
        names = {u.id: u.name for u in where.units}
        lines = []
        for line in chosen:
            dossier = dossiers.get(line.dossier_id)
            if dossier is None:
                continue
            holders = {unit for _, source, target in moves.get(dossier.id, []) for unit in (source, target)}
            can_open = access.held_by(where.user, dossier, holders)
            if not (can_open or line.unit_id in readable):
                continue
            lines.append(BehindLine(dossier.id, dossier.code or "", dossier.applicant_name,
                                    names.get(line.unit_id, ""), line.entered_at,
                                    None if view == "now" else line.left_at, line.working_minutes, line.late,
                                    can_open))
        return lines
    return runtime.read(work)
