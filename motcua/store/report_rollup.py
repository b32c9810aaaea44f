"""The report's daily roll-up: its figures per day, receiving unit and procedure, so a period is a sum over days.

What is kept, and why each report figure can be had from it:

- **Flows** (``report_days``): what happens on a day is counted on that day: received (by channel), submitted
  online, finished (by timeliness, returned by post, rated, satisfied), stopped, supplement requests, fees paid and
  collected, fees exempted. A period's figure is the sum of its days.
- **States at a moment** are not additive, so they are kept as the flows that change them. A dossier is open
  from the day it is received until the later of the days it was received and finished (``closed``); the
  dossiers open when a day begins are then the received minus the closed of every day before it. So "carried
  over" is that running sum before the period's first day and "in progress at the end" the same through its last
  day. A fee is owed from the day it was assessed (``fees_owed_opened``) until the later of that day and the day
  it was paid (``fees_owed_closed``), and "fees owed at the end" is their running difference.
- **Dossiers counted once per period** (asked to supplement, refused at intake, refused after review) are not
  additive either: a dossier asked twice in a month counts once. ``report_day_dossiers`` counts, per day, the
  dossiers that met the measure that day, grouped by the day they last met it before (None when never); a
  period counts the rows of its days whose previous day lies before the period (or is None), so each dossier
  is counted on the first day it met the measure inside the period.
- **Overdue now** depends on "now", not on any day: it stays a live count over a partial index of the dossiers
  still open (``ix_dossiers_open_due``), which are few in a working register.

A report reads the days a roll-up has built and that are not dirty from here, and counts the rest live with the
very queries ``rebuild`` uses (today, days marked dirty by a late change, days not yet built); when more than
``MOST_LIVE_DAYS`` closed days would be live (the roll-up is being backfilled or was redefined), the caller
counts the whole report live instead. ``services/reports.py`` chooses; ``bench.reports`` checks both agree.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, case, delete, func, insert, literal, not_, or_, select, union_all
from sqlalchemy.orm import Session

from motcua.domain.channels import Channel
from motcua.store.db import rows_matched
from motcua.store.models import (
    Dossier,
    DossierFee,
    Event,
    ReportDay,
    ReportDayDossiers,
    ReportMonth,
    ReportMonthDossiers,
    Unit,
)
from motcua.store.reporting import REFUSED_AT_INTAKE, RESULT_SIGNED, Key, _count, supplement_request
from motcua.store.rollup_days import built_days, dirty_days, first_day, local_day
from motcua.store.rollups import day_bounds, day_runs, register

NAME, VERSION = "report", 2  # 2: a wait for payment is no longer counted as a request to supplement
MOST_LIVE_DAYS = 31
FLOWS = ("received", "received_in_person", "received_online", "received_postal", "online_submitted", "finished",
         "early", "on_time", "late", "returned_by_post", "stopped", "rated", "satisfied", "supplement_requests",
         "closed", "fees_paid", "fees_collected", "fees_exempt", "fees_exempted", "fees_owed_opened",
         "fees_owed_closed")
STATE_FLOWS = ("closed", "fees_owed_opened", "fees_owed_closed")  # kept for the states, not figures themselves
MEASURES = ("supplement_dossiers", "refused_at_intake", "refused_after_review")  # dossiers counted once a period
STATES = ("carried_over", "in_progress", "fees_owed", "overdue_now")
COUNTED = (*FLOWS, *MEASURES, *STATES)
Met = tuple[Key, str, date, date | None]  # (line, measure, day met, day last met before or None)


def _measure_conditions() -> dict[str, ColumnElement[bool]]:
    return {"supplement_dossiers": supplement_request(),
            "refused_at_intake": Event.kind == REFUSED_AT_INTAKE,
            "refused_after_review": and_(Event.kind == RESULT_SIGNED,
                                         Event.detail["outcome"].as_string() == "refuse")}


def _within(column: Any, start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(column >= start, column < end)


def _units(session: Session, unit_ids: Collection[int] | None) -> list[int]:
    """The units to count (every unit when None: named, so the (unit, moment) indexes serve a day's rebuild)."""
    return list(unit_ids) if unit_ids is not None else list(session.scalars(select(Unit.id)))


def flows(session: Session, start: datetime, end: datetime,
          unit_ids: Collection[int] | None = None) -> dict[Key, dict[str, int]]:
    """The flows of [start, end) per receiving unit and procedure (every procedure, every unit when None)."""
    units = _units(session, unit_ids)
    received = _within(Dossier.received_at, start, end)
    finished_at = _within(Dossier.finished_at, start, end)
    finished = and_(Dossier.timeliness.is_not(None), finished_at)
    # open until the later of received and finished: closed within [start, end) when both are before its end
    # and one of them is inside it
    closed = and_(Dossier.received_at < end, Dossier.finished_at < end,
                  or_(Dossier.received_at >= start, Dossier.finished_at >= start))
    created = _within(Dossier.created_at, start, end)
    dossier_columns = {
        "received": received,
        "received_in_person": and_(received, Dossier.channel == Channel.COUNTER.value),
        "received_online": and_(received, Dossier.channel == Channel.ONLINE.value),
        "received_postal": and_(received, Dossier.channel == Channel.POSTAL.value),
        "online_submitted": and_(created, Dossier.channel == Channel.ONLINE.value),
        "finished": finished,
        "early": and_(finished, Dossier.timeliness == "early"),
        "on_time": and_(finished, Dossier.timeliness == "on_time"),
        "late": and_(finished, Dossier.timeliness == "late"),
        "returned_by_post": and_(finished, Dossier.result_channel == Channel.POSTAL.value),
        "stopped": and_(Dossier.status == "stopped", finished_at),
        "rated": and_(finished, Dossier.rating.is_not(None)),
        "satisfied": and_(finished, Dossier.rating == "satisfied"),
        "closed": closed,
    }
    in_units = Dossier.receiving_unit_id.in_(units)
    found: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FLOWS, 0))
    # One index range per moment column, each leaving out what an earlier one counted (a disjunction of the
    # three would defeat the indexes); every flow's dossiers were received, finished or created in the range.
    moments = (Dossier.received_at, Dossier.finished_at, Dossier.created_at)
    for position, moment in enumerate(moments):
        earlier = (or_(other.is_(None), not_(_within(other, start, end))) for other in moments[:position])
        query = (select(Dossier.receiving_unit_id, Dossier.procedure_slug,
                        *(_count(condition).label(name) for name, condition in dossier_columns.items()))
                 .where(in_units, _within(moment, start, end), *earlier)
                 .group_by(Dossier.receiving_unit_id, Dossier.procedure_slug))
        _add_rows(found, session.execute(query), dossier_columns)
    supplements = (select(Dossier.receiving_unit_id, Dossier.procedure_slug, func.count().label("n"))
                   .select_from(Event).join(Dossier, Dossier.id == Event.dossier_id)
                   .where(supplement_request(), _within(Event.at, start, end))
                   .group_by(Dossier.receiving_unit_id, Dossier.procedure_slug))
    for unit_id, slug, n in session.execute(supplements):
        found[(unit_id, slug)]["supplement_requests"] += int(n)
    _add_fee_flows(session, found, start, end)
    # Events and fees are found by their own moment's index and the lines kept here: asked to filter by unit
    # in SQL, SQLite would walk the dossiers of those units instead.
    wanted = set(units)
    return {line: values for line, values in found.items() if line[0] in wanted}


def _add_fee_flows(session: Session, found: dict[Key, dict[str, int]], start: datetime, end: datetime) -> None:
    paid = _within(DossierFee.paid_at, start, end)
    assessed = _within(DossierFee.assessed_at, start, end)
    columns = {
        "fees_paid": _count(paid),
        "fees_collected": func.coalesce(func.sum(case((paid, DossierFee.due), else_=0)), 0),
        "fees_exempt": _count(and_(assessed, DossierFee.exempted > 0)),
        "fees_exempted": func.coalesce(func.sum(case((assessed, DossierFee.exempted), else_=0)), 0),
        "fees_owed_opened": _count(and_(assessed, DossierFee.due > 0)),
        "fees_owed_closed": _count(and_(DossierFee.due > 0, DossierFee.assessed_at < end, DossierFee.paid_at < end,
                                        or_(DossierFee.assessed_at >= start, DossierFee.paid_at >= start))),
    }
    for moment, earlier in ((DossierFee.assessed_at, ()), (DossierFee.paid_at, (not_(assessed),))):
        query = (select(Dossier.receiving_unit_id, Dossier.procedure_slug,
                        *(expression.label(name) for name, expression in columns.items()))
                 .select_from(DossierFee).join(Dossier, Dossier.id == DossierFee.dossier_id)
                 .where(_within(moment, start, end), *earlier)
                 .group_by(Dossier.receiving_unit_id, Dossier.procedure_slug))
        _add_rows(found, session.execute(query), columns)


def _add_rows(found: dict[Key, dict[str, int]], rows: Iterable[Any], names: Iterable[str]) -> None:
    """Add grouped rows (unit id, slug, then one column per name, in order) to the lines found so far."""
    order = list(names)
    for row in rows:
        line = found[(row[0], row[1])]
        for name, value in zip(order, row[2:], strict=True):
            if value:  # most of a line's figures are 0
                line[name] += int(value)


def met(session: Session, start: datetime, end: datetime, unit_ids: Collection[int] | None = None) -> list[Met]:
    """Each dossier's days in [start, end) that it met a measure on, with the day it last met it before."""
    units = set(_units(session, unit_ids))
    conditions = _measure_conditions()
    in_range = union_all(*(
        select(Event.dossier_id, literal(name).label("measure"), Event.at)
        .select_from(Event).join(Dossier, Dossier.id == Event.dossier_id)
        .where(condition, _within(Event.at, start, end))
        for name, condition in conditions.items())).subquery()
    rows = session.execute(select(in_range.c.dossier_id, in_range.c.measure, in_range.c.at, Dossier.receiving_unit_id,
                                  Dossier.procedure_slug)
                           .select_from(in_range).join(Dossier, Dossier.id == in_range.c.dossier_id)).all()
    days: dict[tuple[int, str], set[date]] = defaultdict(set)
    lines: dict[int, Key] = {}
    for dossier_id, measure, at, unit_id, slug in rows:
        if unit_id not in units:
            continue  # filtered here rather than in SQL (see ``flows``)
        days[(dossier_id, measure)].add(local_day(_aware(at)))
        lines[dossier_id] = (unit_id, slug)
    before: dict[tuple[int, str], date] = {}
    ids = sorted(lines)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for name, condition in conditions.items():
            query = (select(Event.dossier_id, func.max(Event.at)).where(
                condition, Event.at < start, Event.dossier_id.in_(chunk)).group_by(Event.dossier_id))
            for dossier_id, last in session.execute(query):
                before[(dossier_id, name)] = local_day(_aware(last))
    found: list[Met] = []
    for (dossier_id, measure), met_days in days.items():
        previous = before.get((dossier_id, measure))
        for day in sorted(met_days):
            found.append((lines[dossier_id], measure, day, previous))
            previous = day
    return found


def _aware(moment: datetime) -> datetime:
    """A moment read through a Core union (no Moment type applied): stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ReportRollup:
    """The report's roll-up, registered under ``report``."""

    name, version = NAME, VERSION
    month_tables = ("report_months", "report_month_dossiers")  # rewritten with each day (vacuumed after backfills)

    def rebuild(self, session: Session, day: date) -> int:
        """Replace the day's rows with its flows and the dossiers that met a measure on it."""
        start, end = day_bounds(day)
        session.execute(delete(ReportDay).where(ReportDay.day == day))
        session.execute(delete(ReportDayDossiers).where(ReportDayDossiers.day == day))
        rows = [{"day": day, "receiving_unit_id": unit_id, "procedure_slug": slug, **values}
                for (unit_id, slug), values in flows(session, start, end).items() if any(values.values())]
        grouped: dict[tuple[Key, str, date | None], int] = defaultdict(int)
        for line, measure, _day, previous in met(session, start, end):
            grouped[(line, measure, previous)] += 1
        marks = [{"day": day, "receiving_unit_id": line[0], "procedure_slug": line[1], "measure": measure,
                  "previous_day": previous, "dossiers": n} for (line, measure, previous), n in grouped.items()]
        if rows:
            session.execute(insert(ReportDay), rows)
        if marks:
            session.execute(insert(ReportDayDossiers), marks)
        return len(rows) + len(marks) + _sum_month(session, _month_start(day))


def _sum_month(session: Session, month: date) -> int:
    """Replace a month's rows by the sum of its days' rows, in the transaction that changed one of its days (a
    concurrent rebuild of another of its days waits on these rows, then sums again with both days)."""
    session.execute(delete(ReportMonth).where(ReportMonth.month == month))
    line = (ReportDay.receiving_unit_id, ReportDay.procedure_slug)
    sums = (func.sum(getattr(ReportDay, name)) for name in FLOWS)
    summed = (select(literal(month, Date()).label("month"), *line, *sums)
              .where(ReportDay.day >= month, ReportDay.day < _next_month(month)).group_by(*line))
    columns = ["month", "receiving_unit_id", "procedure_slug", *FLOWS]
    result = session.execute(insert(ReportMonth).from_select(columns, summed))
    return max(rows_matched(result), 0) + _sum_month_dossiers(session, month)


def _sum_month_dossiers(session: Session, month: date) -> int:
    """Replace a month's dossiers counted once by its days' rows, each previous day cut to its month."""
    session.execute(delete(ReportMonthDossiers).where(ReportMonthDossiers.month == month))
    grouped: dict[tuple[int, str, str, date | None], int] = defaultdict(int)
    days = select(ReportDayDossiers.receiving_unit_id, ReportDayDossiers.procedure_slug, ReportDayDossiers.measure,
                  ReportDayDossiers.previous_day, ReportDayDossiers.dossiers).where(
        ReportDayDossiers.day >= month, ReportDayDossiers.day < _next_month(month))
    for unit_id, slug, measure, previous, n in session.execute(days):
        cut = None if previous is None else month if previous >= month else _month_start(previous)
        grouped[(unit_id, slug, measure, cut)] += n
    rows = [{"month": month, "receiving_unit_id": unit_id, "procedure_slug": slug, "measure": measure,
             "previous_month": cut, "dossiers": n} for (unit_id, slug, measure, cut), n in grouped.items()]
    if rows:
        session.execute(insert(ReportMonthDossiers), rows)
    return len(rows)


ROLLUP = register(ReportRollup())


@dataclass(frozen=True)
class Span:
    """What the report asks of the roll-up: the period's days, its lines, and today (counted live)."""

    first: date
    last: date
    unit_ids: Collection[int]
    slugs: Collection[str]
    today: date


@dataclass(frozen=True)
class Rolled:
    """The figures read from the roll-up, and the closed days that were counted live instead (not built yet,
    built under an older definition, or dirty), oldest first; today and later are always counted live."""

    figures: dict[Key, dict[str, int]]
    live_days: list[date]


def live_days(session: Session, span: Span, first_activity: date | None) -> list[date] | None:
    """Closed days up to the period's end that must be counted live (not built, built under an older definition,
    or dirty), or None when there are more than ``MOST_LIVE_DAYS`` of them."""
    if first_activity is None:
        return []
    last = min(span.last, span.today - timedelta(days=1))
    if last < first_activity:
        return []
    built = built_days(session, ROLLUP, first_activity, last) - set(dirty_days(session, last + timedelta(days=1)))
    wanted = (last - first_activity).days + 1
    if wanted - len(built) > MOST_LIVE_DAYS:
        return None
    return [d for d in (first_activity + timedelta(days=i) for i in range(wanted)) if d not in built]


def counts(session: Session, span: Span, live: list[date], first_activity: date | None,
           now: datetime) -> dict[Key, dict[str, int]]:
    """The report's figures per line: built days from the roll-up, ``live`` days and today onwards live."""
    totals: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    _add_built(session, span, live, first_activity, totals)
    segments = _segments(live, span)
    for start_day, end_day in segments:
        start, end = day_bounds(start_day)[0], day_bounds(end_day)[0]
        inside = start_day >= span.first
        for line, values in flows(session, start, end, span.unit_ids).items():
            if line[1] in span.slugs:
                _add_flows(totals[line], values, inside)
        if inside:
            for line, measure, day, previous in met(session, start, end, span.unit_ids):
                if line[1] in span.slugs and (previous is None or previous < span.first) and day <= span.last:
                    totals[line][measure] += 1
    _add_overdue(session, span, now, totals)
    return {line: values for line, values in totals.items() if any(values.values())}


def _segments(live: Iterable[date], span: Span) -> list[tuple[date, date]]:
    """Half-open runs of days [start, end) to count live: the live closed days, then today to the period's end;
    a run is split where the period begins, so what precedes it feeds only the states."""
    days = sorted(set(live) | {span.today + timedelta(days=i) for i in range((span.last - span.today).days + 1)})
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] == day and day != span.first:
            runs[-1] = (runs[-1][0], day + timedelta(days=1))
        else:
            runs.append((day, day + timedelta(days=1)))
    return runs


def _add_flows(line: dict[str, int], values: dict[str, int], inside: bool) -> None:
    """Add a run's flows to a line: to the period's figures when inside it, and always to the states."""
    if inside:
        for name in FLOWS:
            line[name] += values[name]
    else:
        line["carried_over"] += values["received"] - values["closed"]
    line["in_progress"] += values["received"] - values["closed"]
    line["fees_owed"] += values["fees_owed_opened"] - values["fees_owed_closed"]


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _whole_months(first_activity: date, last: date, span: Span, live: set[date]) -> list[date]:
    """Months whose rows stand for all their days up to ``last``: over by then, or running into today (whose days
    are never built, so have no rows); no day counted live; not cut by the period's first day (a month is wholly
    before the period or wholly inside it)."""
    months, month = [], _month_start(first_activity)
    while month <= last:
        end = _next_month(month)
        complete = end - timedelta(days=1) <= last or last == span.today - timedelta(days=1)
        days = {month + timedelta(days=i) for i in range((end - month).days)}
        if complete and not days & live and not (month < span.first < end):
            months.append(month)
        month = end
    return months


def _add_built(session: Session, span: Span, live: list[date], first_activity: date | None,
               totals: dict[Key, dict[str, int]]) -> None:
    """Add the built rows: whole months from ``report_months``, other days from ``report_days``. Every closed day
    since the first dossier that is not in ``live`` is built under the current definition (``live_days`` made
    sure), so leaving ``live`` out is enough."""
    last = min(span.last, span.today - timedelta(days=1))
    if first_activity is None or last < first_activity:
        return
    skipped = set(live)
    months = _whole_months(first_activity, last, span, skipped)
    covered = {m + timedelta(days=i) for m in months for i in range((_next_month(m) - m).days)}
    # (the month running into today covers days after ``last`` too: they are today or later, never built)
    days = [d for d in (first_activity + timedelta(days=i) for i in range((last - first_activity).days + 1))
            if d not in covered and d not in skipped]
    if months:
        _sum_flows(session, ReportMonth, ReportMonth.month.in_(months), ReportMonth.month >= span.first, span,
                   totals)
    if days:
        _sum_flows(session, ReportDay, or_(*(ReportDay.day.between(a, b) for a, b in day_runs(days))),
                   ReportDay.day >= span.first, span, totals)
    # Dossiers counted once: a period from the first of a month reads its whole months' rows, other days' rows
    whole = [m for m in months if m >= span.first] if span.first.day == 1 else []
    spared = {m + timedelta(days=i) for m in whole for i in range((_next_month(m) - m).days)}
    days = [d for d in (span.first + timedelta(days=i) for i in range(max((last - span.first).days + 1, 0)))
            if d not in spared and d not in skipped]
    if whole:
        _sum_once(session, ReportMonthDossiers, ReportMonthDossiers.month.in_(whole),
                  ReportMonthDossiers.previous_month, span, totals)
    if days:
        _sum_once(session, ReportDayDossiers, or_(*(ReportDayDossiers.day.between(a, b) for a, b in day_runs(days))),
                  ReportDayDossiers.previous_day, span, totals)


def _sum_once(session: Session, table: type[ReportDayDossiers] | type[ReportMonthDossiers],
              chosen: ColumnElement[bool], previous: Any, span: Span, totals: dict[Key, dict[str, int]]) -> None:
    """Add the dossiers that met a measure in the chosen rows, each on the first day inside the period."""
    line_of = (table.receiving_unit_id, table.procedure_slug, table.measure)
    query = (select(*line_of, func.sum(table.dossiers))
             .where(chosen, table.receiving_unit_id.in_(list(span.unit_ids)),
                    table.procedure_slug.in_(list(span.slugs)), or_(previous.is_(None), previous < span.first))
             .group_by(*line_of))
    for unit_id, slug, measure, n in session.execute(query):
        totals[(unit_id, slug)][measure] += int(n)


def _sum_flows(session: Session, table: type[ReportDay] | type[ReportMonth], chosen: ColumnElement[bool],
               inside: ColumnElement[bool], span: Span, totals: dict[Key, dict[str, int]]) -> None:
    """Sum the chosen rows of a flow table per line: the period's figures from rows inside it, the states from
    every row."""
    sums = {name: func.coalesce(func.sum(_when(inside, getattr(table, name))), 0).label(name)
            for name in FLOWS if name not in STATE_FLOWS}
    states = {
        "carried_over": func.coalesce(func.sum(_when(not_(inside), table.received - table.closed)), 0),
        "in_progress": func.coalesce(func.sum(table.received - table.closed), 0),
        "fees_owed": func.coalesce(func.sum(table.fees_owed_opened - table.fees_owed_closed), 0),
    }
    query = (select(table.receiving_unit_id, table.procedure_slug, *sums.values(),
                    *(expression.label(name) for name, expression in states.items()))
             .where(chosen, table.receiving_unit_id.in_(list(span.unit_ids)),
                    table.procedure_slug.in_(list(span.slugs)))
             .group_by(table.receiving_unit_id, table.procedure_slug))
    _add_rows(totals, session.execute(query), (*sums, *states))


def _when(condition: ColumnElement[bool], value: Any) -> Any:
    return case((condition, value), else_=0)


def _add_overdue(session: Session, span: Span, now: datetime, totals: dict[Key, dict[str, int]]) -> None:
    """Open, unpaused, past the appointment now, received before the period ended: live, on the partial index.
    The procedures are chosen from the counted lines (the index holds the procedure but is not ordered by it):
    matched in SQL against the list of every procedure, they were 7 of the count's 40 ms over a province's
    158,000 open overdue dossiers at a million (1 December 2026)."""
    end = day_bounds(span.last)[1]
    query = (select(Dossier.receiving_unit_id, Dossier.procedure_slug, func.count())
             .where(Dossier.receiving_unit_id.in_(list(span.unit_ids)), Dossier.finished_at.is_(None),
                    Dossier.due_at < now, Dossier.paused_at.is_(None), Dossier.received_at < end)
             .group_by(Dossier.receiving_unit_id, Dossier.procedure_slug))
    for unit_id, slug, n in session.execute(query):
        if slug in span.slugs:
            totals[(unit_id, slug)]["overdue_now"] += int(n)


class ReportRollups:
    """The report's figures from the roll-up, on the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def counts(self, span: Span, now: datetime) -> Rolled | None:
        """The figures per line and the closed days counted live, or None when too many closed days are not
        rolled up yet (count live then)."""
        first_activity = first_day(self.session)
        live = live_days(self.session, span, first_activity)
        return None if live is None else Rolled(counts(self.session, span, live, first_activity, now), live)
