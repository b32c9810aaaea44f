"""The Decision 766 indicators' daily roll-up: each measure's numerator and denominator per day, receiving unit
and procedure, so a province's year is a sum of rows instead of a pass over a million dossiers.

What is kept, for the measures over administrative procedures' dossiers (``store/indicators.py`` says what each
means; 1022 feedback is rare and stays counted live there):

- **Flows**: a measure whose denominator is "received in the period" (synced, online, paid online, reused) is
  counted on the day the dossier was received; one over "finished in the period" (electronic result, digitised,
  satisfaction, and the finished half of "on time") on the day it finished. Its numerator is judged on the
  dossier's facts as they are when the day is built; a later change of those facts (a status delivered to the
  portal, a fee paid online, a paper reused, a result signed, a supplement request) marks that day dirty
  (``store/rollup_days.py``), so it is built again.
- **The open half of "on time"** (dossiers open at the period's end, within their time then) is a state at a
  moment, kept as flows as the report keeps "in progress": a dossier is in the denominator at the end ``E`` of a
  period when received < E ≤ finished, and in the numerator when received < E ≤ U, U the first of: finished, its
  second supplement request (a dossier asked twice is late), and its appointment unless it has been waiting for
  the citizen since before the appointment (then never). Each is +1 on the day received and -1 on the later of
  that day and the day of its end, so the figure at a period's end is the sum of every day through its last.
  A period running into today judges open dossiers at "now", not at a midnight: that half is counted live, on
  the index of open dossiers.

A day's rows are computed in Python from the facts of the dossiers that day touches (received, finished, due,
or asked to supplement on it): the few thousand a day holds, never the register. ``counts`` reads built days
(whole months from ``indicator_months``) and counts the rest live with the very function ``rebuild`` uses;
``services/indicators.py`` falls back to the live queries when too many closed days are not built.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session

from motcua.domain.channels import Channel
from motcua.store.db import rows_matched
from motcua.store.indicators import ONLINE_PAYMENT_METHODS, PORTAL_STATUS, Count, Scope, requests_condition
from motcua.store.models import (
    Dossier,
    DossierFee,
    DossierPaper,
    Event,
    IndicatorDay,
    IndicatorMonth,
    OutboxMessage,
    Unit,
)
from motcua.store.report_rollup import MOST_LIVE_DAYS
from motcua.store.rollup_days import built_days, dirty_days, first_day, local_day
from motcua.store.rollups import day_bounds, day_runs, register

NAME, VERSION = "indicators", 1
RECEIVED_MEASURES = ("synced", "online", "paid_online", "reused", "fee_paid_online")
FINISHED_MEASURES = ("electronic_result", "digitised", "dossier_satisfaction", "on_time_finished")
FLOW_MEASURES = (*RECEIVED_MEASURES, *FINISHED_MEASURES)
OPEN = "on_time_open"  # the state measure: signed flows, summed from the first day
MEASURES = (*FLOW_MEASURES, OPEN)
COLUMNS = tuple(f"{measure}_{part}" for measure in MEASURES for part in ("hits", "population"))
Line = tuple[int, str]  # (receiving unit, procedure)
Rows = dict[Line, dict[str, list[int]]]  # a line's [hits, population] per measure
Totals = dict[tuple[str, str], list[int]]  # (measure, procedure) → [hits, population]


@dataclass
class Facts:
    """What a day's rows need of one dossier."""

    unit_id: int
    slug: str
    received: datetime | None
    finished: datetime | None
    timeliness: str | None
    due: datetime | None
    paused: datetime | None
    channel: str | None
    rating: str | None
    electronic: bool
    digitised: bool
    synced: bool = False
    fee_due: bool = False
    paid_online: bool = False
    reused: bool = False
    second_request: datetime | None = None


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _within(column: Any, start: datetime, end: datetime) -> Any:
    return and_(column >= start, column < end)


FINISHED_IN_IT = 1  # the position in ``_touched`` of the dossiers finished in the span


def _touched(start: datetime, end: datetime, unit_ids: Collection[int],
             open_state: bool) -> list[ColumnElement[bool]]:
    """Which dossiers the rows of [start, end) can hold, one condition per index: received or finished in it,
    and for the open state also due in it or asked to supplement in it."""
    units = list(unit_ids)
    flows = [_within(Dossier.received_at, start, end), _within(Dossier.finished_at, start, end)]
    if not open_state:
        return [and_(Dossier.receiving_unit_id.in_(units), condition) for condition in flows]
    asked = (select(Event.dossier_id).join(Dossier, Dossier.id == Event.dossier_id)
             .where(requests_condition(), _within(Event.at, start, end), Dossier.receiving_unit_id.in_(units)))
    return [and_(Dossier.receiving_unit_id.in_(units), condition) for condition in (
        *flows, _within(Dossier.due_at, start, end))] + [Dossier.id.in_(asked)]


def _facts(session: Session, start: datetime, end: datetime, unit_ids: Collection[int],
           open_state: bool) -> dict[int, Facts]:
    """The facts of the dossiers [start, end) touches (each flag an indexed look-up by dossier). Without the open
    state, only what the flows need is read: the dossiers received or finished in it, and the requests to
    supplement of those finished in it (a third of a province's year's read at a million went to the open state's
    dossiers of today, which a period running into today counts from now instead, 1 December 2026)."""
    found: dict[int, Facts] = {}
    due, paused = (Dossier.due_at, Dossier.paused_at) if open_state else (null(), null())
    flags = {
        "synced": exists().where(OutboxMessage.dossier_id == Dossier.id, OutboxMessage.topic == PORTAL_STATUS,
                                 OutboxMessage.delivered_at.is_not(None)),
        # read from the dossier's one fee row by its key: as EXISTS, or as a join, PostgreSQL chose to read the whole
        # fees table (18 of a province's year's ms at a million, 1 December 2026)
        "fee_due": select(DossierFee.due > 0).where(DossierFee.dossier_id == Dossier.id).scalar_subquery(),
        "paid_online": select(DossierFee.method.in_(ONLINE_PAYMENT_METHODS))
        .where(DossierFee.dossier_id == Dossier.id).scalar_subquery(),
        "reused": exists().where(DossierPaper.dossier_id == Dossier.id, DossierPaper.source == "reuse"),
    }
    conditions = _touched(start, end, unit_ids, open_state)
    for condition in conditions:
        query = select(Dossier.id, Dossier.receiving_unit_id, Dossier.procedure_slug, Dossier.received_at,
                       Dossier.finished_at, Dossier.timeliness, due, paused, Dossier.channel,
                       Dossier.rating, Dossier.result_electronic_at.is_not(None),
                       and_(Dossier.papers_digitised_at.is_not(None), Dossier.result_electronic_at.is_not(None)),
                       *(case((flag, True), else_=False) for flag in flags.values())).where(condition)
        fresh: set[int] = set()
        for row in session.execute(query):
            if row[0] not in found:
                fresh.add(row[0])
                found[row[0]] = Facts(row[1], row[2], _aware(row[3]), _aware(row[4]), row[5], _aware(row[6]),
                                      _aware(row[7]), row[8], row[9], bool(row[10]), bool(row[11]),
                                      synced=bool(row[12]), fee_due=bool(row[13]), paid_online=bool(row[14]),
                                      reused=bool(row[15]))
        if not open_state:  # the flows judge only the dossiers finished in it on their requests
            if condition is not conditions[FINISHED_IN_IT]:
                continue
            fresh = set(found)  # whichever condition found them
        requests = (select(Event.dossier_id, Event.at).where(
            requests_condition(), Event.dossier_id.in_(select(Dossier.id).where(condition)))
            .order_by(Event.dossier_id, Event.at))
        seen: dict[int, int] = defaultdict(int)
        for dossier_id, at in session.execute(requests):
            seen[dossier_id] += 1
            if seen[dossier_id] == 2 and dossier_id in fresh:
                found[dossier_id].second_request = _aware(at)
    return found


def _hit_end(facts: Facts) -> datetime | None:
    """U: the last period end at which the open dossier is within its time (None: never; datetime.max: always
    while open, the end then being its finish)."""
    bounds = [m for m in (facts.finished, facts.second_request) if m is not None]
    if facts.due is None:
        return None
    if facts.paused is None or facts.paused > facts.due:
        bounds.append(facts.due)
    return min(bounds) if bounds else datetime.max.replace(tzinfo=UTC)


def _add(rows: Rows, line: Line, measure: str, hit: bool) -> None:
    row = rows[line].setdefault(measure, [0, 0])
    row[0] += int(hit)
    row[1] += 1


def day_rows(session: Session, start: datetime, end: datetime, unit_ids: Collection[int],
             open_state: bool = True) -> Rows:
    """Each measure's [hits, population] of [start, end) per unit and procedure: the flows counted on its days,
    and (unless ``open_state`` is false: a period running into today counts that from now) the open state's
    signed flows."""
    rows: Rows = defaultdict(dict)
    inside = lambda moment: moment is not None and start <= moment < end  # noqa: E731 - read as a phrase
    for facts in _facts(session, start, end, unit_ids, open_state).values():
        line, received = (facts.unit_id, facts.slug), facts.received
        if inside(received):
            _add(rows, line, "synced", facts.synced)
            _add(rows, line, "online", facts.channel == Channel.ONLINE.value)
            if facts.fee_due:
                _add(rows, line, "paid_online", facts.paid_online)
            _add(rows, line, "reused", facts.reused)
            _add(rows, line, "fee_paid_online", facts.paid_online)  # which procedures had a fee paid online
            if open_state:
                _add(rows, line, OPEN, True)
        if facts.timeliness is not None and inside(facts.finished):
            not_late = facts.timeliness in ("early", "on_time")
            _add(rows, line, "electronic_result", facts.electronic)
            _add(rows, line, "digitised", facts.digitised)
            _add(rows, line, "dossier_satisfaction", not_late and facts.rating != "unsatisfied")
            asked_once = facts.second_request is None or facts.second_request >= facts.finished  # type: ignore[operator]
            _add(rows, line, "on_time_finished", not_late and asked_once)
        if received is None or not open_state:
            continue
        # the open state: closed on the later of received and its end (a dossier never open within time, or
        # whose end came first, is opened and closed on the same day)
        hit_end = _hit_end(facts)
        closing = received if hit_end is None else max(received, hit_end)
        if inside(closing):
            rows[line].setdefault(OPEN, [0, 0])[0] -= 1
        if facts.finished is not None and inside(max(received, facts.finished)):
            rows[line].setdefault(OPEN, [0, 0])[1] -= 1
    return rows


class IndicatorRollup:
    """The indicators' roll-up, registered under ``indicators``."""

    name, version = NAME, VERSION
    month_tables = ("indicator_months",)  # rewritten with each day (vacuumed after backfills)

    def rebuild(self, session: Session, day: date) -> int:
        """Replace the day's rows, then its month's."""
        start, end = day_bounds(day)
        session.execute(delete(IndicatorDay).where(IndicatorDay.day == day))
        units = list(session.scalars(select(Unit.id)))  # named, so the (unit, moment) indexes serve
        rows = [{"day": day, "receiving_unit_id": unit_id, "procedure_slug": slug, **dict.fromkeys(COLUMNS, 0),
                 **{f"{measure}_hits": figures[0] for measure, figures in measures.items()},
                 **{f"{measure}_population": figures[1] for measure, figures in measures.items()}}
                for (unit_id, slug), measures in day_rows(session, start, end, units).items()
                if any(any(figures) for figures in measures.values())]
        if rows:
            session.execute(insert(IndicatorDay), rows)
        return len(rows) + _sum_month(session, day.replace(day=1))


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _sum_month(session: Session, month: date) -> int:
    """Replace a month's rows by the sum of its days' rows (in the transaction that rebuilt one of its days)."""
    session.execute(delete(IndicatorMonth).where(IndicatorMonth.month == month))
    line = (IndicatorDay.receiving_unit_id, IndicatorDay.procedure_slug)
    summed = (select(literal(month, Date()).label("month"), *line,
                     *(func.sum(getattr(IndicatorDay, column)) for column in COLUMNS))
              .where(IndicatorDay.day >= month, IndicatorDay.day < _next_month(month)).group_by(*line))
    result = session.execute(insert(IndicatorMonth).from_select(
        ["month", "receiving_unit_id", "procedure_slug", *COLUMNS], summed))
    return max(rows_matched(result), 0)


ROLLUP = register(IndicatorRollup())


def _cover(first: date, last: date, skipped: set[date], today: date) -> tuple[list[date], list[tuple[date, date]]]:
    """Days [first, last] without the skipped ones, as whole months and the runs of the other days. A month
    running into today is whole when ``last`` is yesterday: its days from today on are never built."""
    months: list[date] = []
    days: list[date] = []
    month = first.replace(day=1)
    while month <= last:
        end = _next_month(month)
        span = [month + timedelta(days=i) for i in range((end - month).days)]
        complete = end - timedelta(days=1) <= last or last == today - timedelta(days=1)
        if month >= first and complete and not skipped.intersection(span):
            months.append(month)
        else:
            days += [d for d in span if first <= d <= last and d not in skipped]
        month = end
    return months, day_runs(days)


def _read(session: Session, first: date, last: date, skipped: set[date], measures: Iterable[str],
          unit_ids: Collection[int], slugs: Collection[str], totals: Totals, today: date) -> None:
    """Add the built rows of [first, last] (but the skipped days) of some measures, per measure and procedure."""
    months, runs = _cover(first, last, skipped, today)
    chosen = list(measures)
    chosen_rows: list[tuple[type[IndicatorMonth] | type[IndicatorDay], Any]] = []
    if months:
        chosen_rows.append((IndicatorMonth, IndicatorMonth.month.in_(months)))
    if runs:
        chosen_rows.append((IndicatorDay, or_(*(IndicatorDay.day.between(a, b) for a, b in runs))))
    for table, where in chosen_rows:
        columns = [f"{measure}_{part}" for measure in chosen for part in ("hits", "population")]
        query = (select(table.procedure_slug, *(func.sum(getattr(table, column)) for column in columns))
                 .where(where, table.receiving_unit_id.in_(list(unit_ids)), table.procedure_slug.in_(list(slugs)))
                 .group_by(table.procedure_slug))
        for slug, *sums in session.execute(query):
            for index, measure in enumerate(chosen):
                totals[(measure, slug)][0] += int(sums[2 * index] or 0)
                totals[(measure, slug)][1] += int(sums[2 * index + 1] or 0)


def _live_days(session: Session, first_activity: date, last: date) -> list[date] | None:
    """Closed days through ``last`` not built under the current definition or dirty (None: too many)."""
    if last < first_activity:
        return []
    built = built_days(session, ROLLUP, first_activity, last) - set(dirty_days(session, last + timedelta(days=1)))
    wanted = [first_activity + timedelta(days=i) for i in range((last - first_activity).days + 1)]
    missing = [d for d in wanted if d not in built]
    return None if len(missing) > MOST_LIVE_DAYS else missing


def _open_now(session: Session, scope: Scope) -> tuple[int, int]:
    """[hits, population] of the dossiers open at the end of a period running past now, judged now: those open
    counted from the index of open dossiers alone (it holds every column asked: no row is read), those finished
    after the end (which only a clock set back can hold) likewise on theirs, then those within time but asked to
    supplement twice taken off, read by id (few). Counting them in one statement made the database read every
    open dossier's row for its id (220 of a province's year's 660 ms at a million, 1 December 2026)."""
    end, now, units, slugs = scope.window.end, scope.window.now, list(scope.unit_ids), list(scope.slugs)
    open_ = and_(Dossier.receiving_unit_id.in_(units), Dossier.procedure_slug.in_(slugs), Dossier.received_at < end,
                 or_(Dossier.finished_at.is_(None), Dossier.finished_at >= end))
    waiting = and_(Dossier.paused_at.is_not(None), Dossier.paused_at < now)
    within = case((waiting, Dossier.paused_at <= Dossier.due_at), else_=Dossier.due_at >= now)
    hits = population = 0
    for finished in (Dossier.finished_at.is_(None), Dossier.finished_at >= end):
        found, counted = session.execute(select(
            func.count(), func.coalesce(func.sum(case((within, 1), else_=0)), 0))
            .where(open_, finished)).one()
        population, hits = population + int(found), hits + int(counted)
    # a few in a hundred dossiers, read by id; as a sub-query the planner expected thousands and ran it in each
    # parallel worker
    twice = list(session.scalars(asked_twice(end)))
    for chunk in (twice[i:i + 1000] for i in range(0, len(twice), 1000)):
        hits -= int(session.scalar(select(func.count()).where(open_, within, Dossier.id.in_(chunk))) or 0)
    return hits, population


def asked_twice(end: datetime) -> Select[int]:
    """The dossiers asked to supplement more than once before ``end``: on PostgreSQL read from the index of the
    requests alone (``ix_events_supplement_requests``)."""
    return (select(Event.dossier_id).where(requests_condition(), Event.at < end)
            .group_by(Event.dossier_id).having(func.count() > 1))


def _runs(days: Iterable[date], split: date) -> list[tuple[date, date]]:
    """Sorted days as half-open runs [start, end) of consecutive days, a run split where the period begins."""
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] == day and day != split:
            runs[-1] = (runs[-1][0], day + timedelta(days=1))
        else:
            runs.append((day, day + timedelta(days=1)))
    return runs


@dataclass(frozen=True)
class Rolled:
    """The rolled-up measures' figures, and the procedures that had a fee paid online in the period."""

    counts: dict[str, Count]
    slugs_paid_online: set[str]


def counts(session: Session, scope: Scope, today: date) -> Rolled | None:
    """The rolled-up measures' figures for the scope, or None when too many closed days are not built."""
    first, last = local_day(scope.window.start), local_day(scope.window.end) - timedelta(days=1)
    totals: Totals = defaultdict(lambda: [0, 0])
    first_activity = first_day(session)
    closed_last = min(last, today - timedelta(days=1))
    live = [] if first_activity is None else _live_days(session, first_activity, closed_last)
    if live is None:
        return None
    if first_activity is not None:
        _read(session, max(first, first_activity), closed_last, set(live), FLOW_MEASURES, scope.unit_ids,
              scope.slugs, totals, today)
        if last < today:
            _read(session, first_activity, closed_last, set(live), (OPEN,), scope.unit_ids, scope.slugs, totals,
                  today)
    # counted live: the closed days not built (or dirty), and today to the period's end
    later = {today + timedelta(days=i) for i in range((last - today).days + 1)}
    for start_day, end_day in _runs(set(live) | later, first):
        start, end = day_bounds(start_day)[0], day_bounds(end_day)[0]
        for (_unit, slug), measures in day_rows(session, start, end, scope.unit_ids, last < today).items():
            for measure, (hits, population) in measures.items():
                if slug not in scope.slugs:
                    continue
                if measure == OPEN or start_day >= first:  # every closed day through the last feeds the state
                    totals[(measure, slug)][0] += hits
                    totals[(measure, slug)][1] += population
    summed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (measure, _slug), (hits, population) in totals.items():
        summed[measure][0] += hits
        summed[measure][1] += population
    if last >= today:
        summed[OPEN] = list(_open_now(session, scope))
    found = {measure: Count(*summed[measure]) for measure in FLOW_MEASURES
             if measure not in ("on_time_finished", "fee_paid_online")}
    found["on_time"] = Count(summed["on_time_finished"][0] + summed[OPEN][0],
                             summed["on_time_finished"][1] + summed[OPEN][1])
    paid = {slug for (measure, slug), (hits, _population) in totals.items() if measure == "fee_paid_online" and hits}
    return Rolled(found, paid)


class IndicatorRollups:
    """The indicators' figures from their roll-up, on the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def counts(self, scope: Scope, today: date) -> Rolled | None:
        """The rolled-up figures, or None when the roll-up does not cover the period yet (count live)."""
        return counts(self.session, scope, today)

