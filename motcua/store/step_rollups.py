"""The heat map's tables: reading a dossier's step history from the event log, writing a day of step and flow
roll-ups, and summing them over units, versions and days in the database."""
from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from motcua.domain.histogram import BUCKETS, EDGES
from motcua.domain.stays import Done, Waiting
from motcua.store.models import (
    Dossier,
    Event,
    FlowRollup,
    ProcedureVersion,
    StepRollup,
    StepStay,
    Transfer,
    TransitRollup,
    WorkItem,
)
from motcua.store.rollup_days import built_days, dirty_days
from motcua.store.rollups import DailyRollup

HISTOGRAM = tuple(getattr(StepRollup, f"m_{edge}") for edge in EDGES)
CHUNK = 500  # dossiers read at once (bound parameters stay well under SQLite's limit)
STEP_EVENTS = ("task.completed", "dossier.started")


@dataclass(frozen=True)
class History:
    """What the event log and the open tasks say about one dossier's steps."""

    dossier_id: int
    version_id: int
    started_at: datetime
    done: list[Done]
    waiting: list[Waiting]
    receiving_unit_id: int | None = None
    finished_at: datetime | None = None


@dataclass
class StepCounts:
    """One line of ``step_rollups`` being counted."""

    entered: int = 0
    finished: int = 0
    over_deadline: int = 0
    minutes: list[int] | None = None  # bucket counts (domain/histogram.py)

    def histogram(self) -> list[int]:
        """The bucket counts, all zero when nothing finished."""
        return list(self.minutes or [0] * BUCKETS)


@dataclass(frozen=True)
class Open:
    """A task waiting now: its dossier, element, unit, deadline, and when it was offered."""

    dossier_id: int
    element_id: str
    unit_id: int
    due_at: datetime | None
    entered_at: datetime


StepKey = tuple[int, int, str]  # unit id, version id, step element
FlowKey = tuple[int, int, str]  # unit id, version id, flow id
TransitKey = tuple[int, str, int | None, int]  # version id, kind ("held", "hop"), from unit id (hops), unit id


@dataclass(frozen=True)
class StayLine:
    """A stay at a step as the click-through lists it: finished on a day (as ``step_stays`` keeps it), or open
    (then ``left_at`` is now and ``working_minutes`` the time so far)."""

    unit_id: int
    version_id: int
    element: str
    dossier_id: int
    entered_at: datetime
    left_at: datetime
    working_minutes: float
    late: bool


@dataclass(frozen=True)
class StepSum:
    """Stored step figures summed for one day (or the whole span), unit and step."""

    day: date | None
    unit_id: int
    element: str
    counts: StepCounts


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for index in range(0, len(ids), CHUNK):
        yield ids[index:index + CHUNK]


class StepRollups:
    """The heat map's rows, and the history they are computed from, on one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def version(self, version_id: int) -> ProcedureVersion | None:
        """A stored procedure version (its diagram and spec)."""
        return self.session.get(ProcedureVersion, version_id)

    def moving(self, start: datetime, end: datetime, version_ids: Collection[int] | None = None) -> list[int]:
        """Dossiers whose steps moved in [start, end): a task completed or offered, or the dossier started."""
        events = select(Event.dossier_id).where(Event.kind.in_(STEP_EVENTS), Event.at >= start, Event.at < end)
        offered = select(WorkItem.dossier_id).where(WorkItem.created_at >= start, WorkItem.created_at < end)
        ids = set(self.session.scalars(events)) | set(self.session.scalars(offered))
        return sorted(ids) if version_ids is None else self._of_versions(ids, version_ids)

    def _of_versions(self, ids: set[int], version_ids: Collection[int]) -> list[int]:
        """Those of the dossiers that run one of the versions, in order."""
        return sorted(i for chunk in _chunks(sorted(ids)) for i in self.session.scalars(
            select(Dossier.id).where(Dossier.id.in_(chunk), Dossier.version_id.in_(version_ids))))

    def marks(self) -> tuple[int, int]:
        """The highest event id and work item id written so far: where a reader that keeps figures resumes."""
        return (int(self.session.scalar(select(func.max(Event.id))) or 0),
                int(self.session.scalar(select(func.max(WorkItem.id))) or 0))

    def moved_since(self, marks: tuple[int, int], since: datetime, now: datetime, start: datetime,
                    end: datetime) -> dict[int, int]:
        """Dossiers that may have moved after a reader's ``marks``, each with the version it runs now: an event
        (of any day: a correction changes the walk) or a work item written since (by id), or a step of the day
        dated from ``since`` to ``now`` (a transaction that took its ids before the marks were read and committed
        after them: dated when it ran, never later than now; a step dated later was written before, by hand or
        by a generator, and walked then). Every version's, so that a dossier moved to another version leaves its
        old one's figures too."""
        event_mark, item_mark = marks
        ids = set(self.session.scalars(select(Event.dossier_id).where(Event.id > event_mark)))
        ids |= set(self.session.scalars(select(Event.dossier_id).where(
            Event.kind.in_(STEP_EVENTS), Event.at >= max(since, start), Event.at <= now, Event.at < end)))
        ids |= set(self.session.scalars(select(WorkItem.dossier_id).where(WorkItem.id > item_mark)))
        return {dossier_id: version_id for chunk in _chunks(sorted(ids)) for dossier_id, version_id in
                self.session.execute(select(Dossier.id, Dossier.version_id).where(Dossier.id.in_(chunk)))}

    def completing(self, start: datetime, end: datetime, version_ids: Collection[int], titles: Collection[str],
                   late: bool = False) -> list[int]:
        """Dossiers of those versions that completed, in [start, end), a task bearing one of those titles (past
        its deadline, when ``late``)."""
        query = (select(Event.dossier_id).join(Dossier, Dossier.id == Event.dossier_id)
                 .where(Event.kind == "task.completed", Event.at >= start, Event.at < end, Event.task.in_(titles),
                        Dossier.version_id.in_(version_ids)).distinct())
        if late:
            query = query.where(Event.detail["timeliness"].as_string() == "late")
        return sorted(self.session.scalars(query))

    def histories(self, dossier_ids: Sequence[int], now: datetime) -> list[History]:
        """The completed and waiting human tasks of each dossier, in the order they happened (columns only:
        the models' joined relations would triple what a day's rebuild reads)."""
        found = []
        for chunk in _chunks(dossier_ids):
            done: dict[int, list[Done]] = {i: [] for i in chunk}
            started: dict[int, datetime] = {}
            for dossier_id, at, kind, unit_id, task, task_id, event_id, detail in self.session.execute(
                    select(Event.dossier_id, Event.at, Event.kind, Event.unit_id, Event.task, Event.task_id, Event.id,
                           Event.detail)
                    .where(Event.dossier_id.in_(chunk), Event.kind.in_(STEP_EVENTS)).order_by(Event.at, Event.id)):
                if kind == "dossier.started":
                    started.setdefault(dossier_id, at)
                else:
                    done[dossier_id].append(_done(at, unit_id, task, task_id or str(event_id), detail or {}))
            waiting: dict[int, list[Waiting]] = {i: [] for i in chunk}
            for dossier_id, task_id, element, unit_id, created_at, due_at in self.session.execute(
                    select(WorkItem.dossier_id, WorkItem.task_id, WorkItem.element_id, WorkItem.unit_id,
                           WorkItem.created_at, WorkItem.due_at).where(WorkItem.dossier_id.in_(chunk))):
                waiting[dossier_id].append(Waiting(task_id, element, unit_id, created_at,
                                                   late=due_at is not None and due_at < now))
            for dossier_id, version_id, created_at, receiving_unit_id, finished_at in self.session.execute(
                    select(Dossier.id, Dossier.version_id, Dossier.created_at, Dossier.receiving_unit_id,
                           Dossier.finished_at).where(Dossier.id.in_(chunk))):
                found.append(History(dossier_id, version_id, started.get(dossier_id, created_at), done[dossier_id],
                                     waiting[dossier_id], receiving_unit_id, finished_at))
        return found

    def dossiers(self, dossier_ids: Sequence[int]) -> dict[int, Dossier]:
        """Register rows by id, read together."""
        return {d.id: d for chunk in _chunks(dossier_ids)
                for d in self.session.scalars(select(Dossier).where(Dossier.id.in_(chunk)))}

    def hand_overs(self, dossier_ids: Sequence[int]) -> dict[int, list[tuple[datetime, int, int]]]:
        """Each dossier's transfers in order: (when, from unit id, to unit id)."""
        found: dict[int, list[tuple[datetime, int, int]]] = {i: [] for i in dossier_ids}
        for chunk in _chunks(dossier_ids):
            for dossier_id, at, source, target in self.session.execute(
                    select(Transfer.dossier_id, Transfer.at, Transfer.from_unit_id, Transfer.to_unit_id)
                    .where(Transfer.dossier_id.in_(chunk)).order_by(Transfer.at, Transfer.id)):
                found[dossier_id].append((at, source, target))
        return found

    def replace_day(self, day: date, steps: dict[StepKey, StepCounts], flows: dict[FlowKey, int],
                    transit: dict[TransitKey, StepCounts], stays: Sequence[StayLine] = ()) -> int:
        """Write a day's rows in place of those it had; the rows written (the stays not counted: they are the
        detail behind the step rows)."""
        for table in (StepRollup, FlowRollup, TransitRollup, StepStay):
            self.session.execute(delete(table).where(table.day == day))
        if stays:  # a busy day of a province has thousands: one executemany, not an object each
            self.session.execute(insert(StepStay), [dict(vars(stay), day=day) for stay in stays])
        for (version_id, kind, source, unit_id), counts in transit.items():
            self.session.add(TransitRollup(
                day=day, version_id=version_id, kind=kind, from_unit_id=source, unit_id=unit_id, count=counts.finished,
                **{f"m_{edge}": n for edge, n in zip(EDGES, counts.histogram(), strict=True)}))
        for (unit_id, version_id, element), counts in steps.items():
            self.session.add(StepRollup(
                day=day, unit_id=unit_id, version_id=version_id, element=element, entered=counts.entered,
                finished=counts.finished, over_deadline=counts.over_deadline,
                **{f"m_{edge}": n for edge, n in zip(EDGES, counts.histogram(), strict=True)}))
        for (unit_id, version_id, flow), taken in flows.items():
            self.session.add(FlowRollup(day=day, unit_id=unit_id, version_id=version_id, flow=flow, taken=taken))
        self.session.flush()
        return len(steps) + len(flows) + len(transit)

    def step_sums(self, version_ids: Collection[int], unit_ids: Collection[int], first: date, last: date,
                  by_day: bool = False) -> list[StepSum]:
        """Stored step rows between two days (both included), summed by unit and step, or by day and step (all
        the units together: ``unit_id`` 0) when asked."""
        keys = [StepRollup.day if by_day else StepRollup.unit_id, StepRollup.element]
        query = (select(*keys, func.sum(StepRollup.entered), func.sum(StepRollup.finished),
                        func.sum(StepRollup.over_deadline), *(func.sum(column) for column in HISTOGRAM))
                 .where(StepRollup.version_id.in_(version_ids), StepRollup.unit_id.in_(unit_ids),
                        StepRollup.day >= first, StepRollup.day <= last)
                 .group_by(*keys))
        sums = []
        for row in self.session.execute(query):
            fields: tuple[Any, ...] = tuple(row)
            values = [int(v or 0) for v in fields[len(keys):]]
            sums.append(StepSum(fields[0] if by_day else None, 0 if by_day else int(fields[0]), str(fields[1]),
                                StepCounts(values[0], values[1], values[2], values[3:])))
        return sums

    def fresh_days(self, rollup: DailyRollup, first: date, last: date) -> set[date]:
        """Days in [first, last] the roll-up has built under its current definition and not marked dirty since."""
        return built_days(self.session, rollup, first, last) - set(dirty_days(self.session, last + timedelta(days=1)))

    def finished_stays(self, version_id: int, element: str, unit_ids: Collection[int],
                       runs: Sequence[tuple[date, date]], late: bool, limit: int) -> list[StayLine]:
        """The longest stays at a step finished on the days of those runs (both ends included) in those units,
        only those finished past the step's deadline when ``late``; at most ``limit``, longest first."""
        if not runs:
            return []
        days = [StepStay.day.between(first, last) for first, last in runs]
        query = (select(StepStay.unit_id, StepStay.version_id, StepStay.element, StepStay.dossier_id,
                        StepStay.entered_at, StepStay.left_at, StepStay.working_minutes, StepStay.late)
                 .where(StepStay.version_id == version_id, StepStay.element == element,
                        StepStay.unit_id.in_(unit_ids), or_(*days))
                 .order_by(StepStay.working_minutes.desc(), StepStay.id).limit(limit))
        if late:
            query = query.where(StepStay.late.is_(True))
        return [StayLine(*row) for row in self.session.execute(query)]

    def transit_sums(self, version_ids: Collection[int], first: date, last: date
                     ) -> dict[tuple[str, int | None, int], StepCounts]:
        """Stored holdings and hand-overs between two days (both included), summed by kind, source and unit: the
        count in ``finished``, the working minutes in the histogram."""
        columns = (TransitRollup.kind, TransitRollup.from_unit_id, TransitRollup.unit_id)
        query = (select(*columns, func.sum(TransitRollup.count), *(func.sum(getattr(TransitRollup, f"m_{e}"))
                                                                   for e in EDGES))
                 .where(TransitRollup.version_id.in_(version_ids), TransitRollup.day >= first,
                        TransitRollup.day <= last).group_by(*columns))
        found = {}
        for row in self.session.execute(query):
            fields: tuple[Any, ...] = tuple(row)
            values = [int(v or 0) for v in fields[3:]]
            found[(str(fields[0]), fields[1], int(fields[2]))] = StepCounts(finished=values[0], minutes=values[1:])
        return found

    def held_now(self, version_ids: Collection[int], unit_ids: Collection[int]) -> dict[int, int]:
        """Open dossiers of those versions by the unit that holds them now."""
        query = (select(Dossier.handling_unit_id, func.count()).where(
            Dossier.version_id.in_(version_ids), Dossier.handling_unit_id.in_(unit_ids),
            Dossier.finished_at.is_(None), Dossier.received_at.is_not(None)).group_by(Dossier.handling_unit_id))
        return {int(unit): int(n) for unit, n in self.session.execute(query)}

    def flow_sums(self, version_ids: Collection[int], unit_ids: Collection[int], first: date,
                  last: date) -> dict[tuple[int, str], int]:
        """Dossiers that took each flow between two days (both included), by unit and flow."""
        query = (select(FlowRollup.unit_id, FlowRollup.flow, func.sum(FlowRollup.taken))
                 .where(FlowRollup.version_id.in_(version_ids), FlowRollup.unit_id.in_(unit_ids),
                        FlowRollup.day >= first, FlowRollup.day <= last)
                 .group_by(FlowRollup.unit_id, FlowRollup.flow))
        return {(int(unit_id), str(flow)): int(taken or 0) for unit_id, flow, taken in self.session.execute(query)}

    def waiting_now(self, version_ids: Collection[int], unit_ids: Collection[int],
                    elements: Collection[str] | None = None, longest: int | None = None) -> list[Open]:
        """The tasks waiting now in those units on dossiers of those versions (at those elements only, if given;
        only the ``longest`` offered first, if given)."""
        query = (select(WorkItem.dossier_id, WorkItem.element_id, WorkItem.unit_id, WorkItem.due_at,
                        WorkItem.created_at)
                 .where(WorkItem.version_id.in_(version_ids), WorkItem.unit_id.in_(unit_ids)))
        if elements is not None:
            query = query.where(WorkItem.element_id.in_(list(elements)))
        if longest is not None:
            query = query.order_by(WorkItem.created_at, WorkItem.id).limit(longest)
        return [Open(*row) for row in self.session.execute(query)]

    def waiting_counts(self, version_ids: Collection[int], unit_ids: Collection[int],
                       now: datetime) -> dict[tuple[int, str], tuple[int, int]]:
        """Per unit and element, the dossiers with a task waiting there now and those of them past its deadline,
        counted by the database (a province holds tens of thousands of open tasks)."""
        late = case((WorkItem.due_at < now, WorkItem.dossier_id))
        query = (select(WorkItem.unit_id, WorkItem.element_id, func.count(WorkItem.dossier_id.distinct()),
                        func.count(late.distinct()))
                 .where(WorkItem.version_id.in_(version_ids), WorkItem.unit_id.in_(unit_ids))
                 .group_by(WorkItem.unit_id, WorkItem.element_id))
        return {(unit_id, element): (int(n), int(overdue))
                for unit_id, element, n, overdue in self.session.execute(query)}


def _done(at: datetime, unit_id: int | None, title: str | None, task_id: str, detail: dict[str, Any]) -> Done:
    """A completion event as the walk reads it; events written before the step was recorded name its title."""
    entered = detail.get("entered_at")
    return Done(task_id=task_id, at=at, unit_id=unit_id, element=detail.get("element"), title=title,
                entered_at=datetime.fromisoformat(entered) if entered else None,
                late=detail.get("timeliness") == "late", ended=detail.get("ended"))
