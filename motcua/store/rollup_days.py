"""The bookkeeping of the daily roll-ups: which days each has built, and which closed days changed since.

Two tables keep it. ``rollup_days`` has a row per roll-up and day built, with the version of the roll-up's
definition that built it (a roll-up's optional ``version`` attribute, 1 when absent): a day missing there, or
built under an older version (a code change that alters what a roll-up counts), is not fresh. ``rollup_dirty_days``
holds closed days whose facts changed after they ended. The mark is written by a flush hook in the very
transaction that makes the change, so it commits or rolls back with it and no late change can slip between a
watermark and a rebuild:

- a new or deleted event marks its day, and when that day is past, the days of the dossier's later events (a
  measure counted once per dossier depends on the day it was last met before);
- a register row marks the days its changed facts are counted on (received, created, finished, and the later of
  received and finished, where a dossier stops being open); a step on an open dossier changes none of these;
- a fee marks the days it was assessed and paid, and (when it is new, or its amount due or how it was paid
  changed) the day its dossier was received;
- for the indicators' roll-up (``store/indicator_rollup.py``): a status first delivered to the national portal
  and a paper reused mark the day the dossier was received; a supplement request, or a change of the dossier's
  appointment or pause, the days it was received, finished and due, and the days of its supplement requests.

Only days before the clock's today are marked: today is always counted live, and the worker builds a day only
once it has been over for ``SETTLE`` (longer than any step's transaction), so a step committing just after
midnight is seen by the first build. A mark is an upsert that takes the row's lock: the worker's delete of the
mark then waits for that transaction, and the rebuild that follows sees its change. Bulk writes through Core
(``session.execute(insert(...))``, a data migration) bypass the hook and call ``mark`` themselves.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from motcua.domain.clock import VN_TZ, Clock
from motcua.store.indicators import PORTAL_STATUS, SUPPLEMENT_REQUEST
from motcua.store.models import (
    Dossier,
    DossierFee,
    DossierPaper,
    Event,
    OutboxMessage,
    RollupDay,
    RollupDirtyDay,
    Unit,
)
from motcua.store.rollups import ROLLUPS, DailyRollup, rebuild
from motcua.store.types import Moment

SETTLE = timedelta(minutes=5)
BUILD_LOCK = 0x4D43_5255  # PostgreSQL's advisory lock on building roll-ups ("MCRU"; see ``build``)
CLOCK_KEY = "motcua.clock"  # the session's info key holding the application clock (today for the hook)

# What a register row's change moves: attributes counted on the day received (and created), on the day finished,
# and those that move a dossier to another line of the report altogether.
RECEIVED_FACTS = frozenset({"received_at", "channel"})
FINISHED_FACTS = frozenset({"finished_at", "timeliness", "result_channel", "rating", "status", "result_electronic_at",
                            "papers_digitised_at"})
# What ends an open dossier's time within its appointment (the indicators' open state): counted on the days it
# was received, finished and due, and those it was asked to supplement on.
TIMELY_FACTS = frozenset({"due_at", "paused_at"})
LINE_FACTS = frozenset({"receiving_unit_id", "procedure_slug", "created_at"})
FEE_FACTS = frozenset({"assessed_at", "paid_at", "due", "exempted"})
FEE_METHOD_FACTS = frozenset({"due", "method"})  # a fee due, paid online: counted on the dossier's received day


def version_of(rollup: DailyRollup) -> int:
    """The version of a roll-up's definition (1 unless it says otherwise)."""
    return int(getattr(rollup, "version", 1))


def local_day(moment: datetime) -> date:
    """The Vietnamese calendar day a moment falls on."""
    return moment.astimezone(VN_TZ).date()


def today(clock: Clock) -> date:
    return local_day(clock.now())


def last_settled_day(clock: Clock) -> date:
    """The newest day that has been over for at least ``SETTLE``: the newest the worker may build."""
    return local_day(clock.now() - SETTLE) - timedelta(days=1)


def watch(sessions: sessionmaker[Session], clock: Clock) -> None:
    """Give the runtime's sessions the clock the flush hook reads today from."""
    sessions.configure(info={CLOCK_KEY: clock})


def mark(session: Session, days: Iterable[date], clock: Clock | None = None) -> None:
    """Mark closed days dirty in the session's transaction (today and later are counted live: never marked)."""
    now = (clock or session.info.get(CLOCK_KEY) or Clock()).now()
    wanted = sorted({d for d in days if d < local_day(now)})
    if not wanted:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(RollupDirtyDay).values([{"day": d, "marked_at": now} for d in wanted])
    session.connection().execute(statement.on_conflict_do_update(
        index_elements=[RollupDirtyDay.day], set_={"marked_at": statement.excluded.marked_at}))


def dirty_days(session: Session, before: date) -> list[date]:
    """Closed days marked dirty, oldest first."""
    return list(session.scalars(select(RollupDirtyDay.day).where(RollupDirtyDay.day < before)
                                .order_by(RollupDirtyDay.day)))


def built_days(session: Session, rollup: DailyRollup, first: date, last: date) -> set[date]:
    """Days in [first, last] built under the roll-up's current definition."""
    return set(session.scalars(select(RollupDay.day).where(
        RollupDay.name == rollup.name, RollupDay.version == version_of(rollup), RollupDay.day >= first,
        RollupDay.day <= last)))


def first_day(session: Session) -> date | None:
    """The day of the first dossier created: nothing before it has anything to count."""
    # the first of each unit's first, each found at the head of the (unit, created) index
    firsts = select(select(func.min(Dossier.created_at)).where(Dossier.receiving_unit_id == Unit.id)
                    .correlate(Unit).scalar_subquery().label("first")).select_from(Unit).subquery()
    first = session.execute(select(func.min(firsts.c.first))).scalar()
    return None if first is None else local_day(Moment().process_result_value(first, None) or first)


def build(session: Session, day: date, names: Collection[str] | None = None, now: datetime | None = None,
          clear_mark: bool | None = None) -> dict[str, int]:
    """Rebuild a day's roll-ups (all when ``names`` is None) and record them as built; rows written per roll-up.

    Rebuilding every roll-up clears the day's dirty mark first (taking its lock: a change still in flight is
    waited for and then seen); rebuilding only some leaves the mark for the others."""
    chosen = list(ROLLUPS) if names is None else list(names)
    if session.get_bind().dialect.name == "postgresql":
        # Two workers (or a worker and an administrator) building days at once: one at a time, since days of one
        # month rebuild the same month's rows. The second waits for the first to commit, then rebuilds over what
        # it wrote, instead of adding its rows beside them or failing on a key. (SQLite's writers are serialised
        # already by BEGIN IMMEDIATE.)
        session.execute(select(func.pg_advisory_xact_lock(BUILD_LOCK)))
    if clear_mark if clear_mark is not None else set(chosen) >= set(ROLLUPS):
        session.execute(delete(RollupDirtyDay).where(RollupDirtyDay.day == day))
    written = rebuild(session, day, chosen)
    built_at = now or datetime.now(VN_TZ)
    for name in chosen:
        row = session.get(RollupDay, (name, day))
        if row is None:
            session.add(RollupDay(name=name, day=day, version=version_of(ROLLUPS[name]), built_at=built_at))
        else:
            row.version, row.built_at = version_of(ROLLUPS[name]), built_at
    session.flush()
    return written


def _days(*moments: Any) -> set[date]:
    return {local_day(m) for m in moments if isinstance(m, datetime)}


def _values(state: Any, key: str) -> list[Any]:
    """A watched attribute's values before and after the flush (its history, or its value when unchanged)."""
    history = state.attrs[key].history
    return [*history.deleted, *history.added] or list(history.unchanged)


def _changed(state: Any, keys: Collection[str]) -> bool:
    return any(state.attrs[key].history.has_changes() for key in keys)


def _closing_days(received: list[Any], finished: list[Any]) -> set[date]:
    return _days(*(max(r, f) for r in received for f in finished
                   if isinstance(r, datetime) and isinstance(f, datetime)))


def _dossier_days(row: Dossier, whole: bool) -> set[date]:
    state = inspect(row)
    received, finished = _values(state, "received_at"), _values(state, "finished_at")
    if whole or _changed(state, LINE_FACTS):
        return _days(*received, *finished, *_values(state, "created_at")) | _closing_days(received, finished)
    days: set[date] = set()
    if _changed(state, RECEIVED_FACTS):
        days |= _days(*received) | _closing_days(received, finished)
    if _changed(state, FINISHED_FACTS):
        days |= _days(*finished) | _closing_days(received, finished)
    return days


def _fee_days(row: DossierFee, whole: bool) -> set[date]:
    state = inspect(row)
    if not whole and not _changed(state, FEE_FACTS):
        return set()
    assessed, paid = _values(state, "assessed_at"), _values(state, "paid_at")
    return _days(*assessed, *paid) | _closing_days(assessed, paid)


def _dossier_facts_days(session: Session, dossier_id: int | None, moments: Collection[Any]) -> set[date]:
    """The days some of a dossier's moments (register columns) fall on, read as they are in the flush."""
    if dossier_id is None:
        return set()
    row = session.connection().execute(select(*moments).where(Dossier.id == dossier_id)).first()
    return set() if row is None else _days(*row)


def _timely_days(session: Session, dossier_id: int | None) -> set[date]:
    """The days an open dossier's time within its appointment can end on: received, finished, due, asked."""
    if dossier_id is None:
        return set()
    asked = session.connection().execute(select(Event.at).where(
        Event.dossier_id == dossier_id, Event.kind == SUPPLEMENT_REQUEST)).scalars()
    return (_dossier_facts_days(session, dossier_id, (Dossier.received_at, Dossier.finished_at, Dossier.due_at))
            | _days(*asked))


def _first_delivery(session: Session, row: OutboxMessage, whole: bool) -> bool:
    """A status message whose delivery may make its dossier synced (none of its others was delivered)."""
    if row.topic != PORTAL_STATUS or row.dossier_id is None:
        return False
    if row in session.new and row.delivered_at is None:
        return False  # queued by the step being saved: nothing delivered yet (no count to read)
    if not whole and not _changed(inspect(row), ("delivered_at",)):
        return False
    others = session.connection().execute(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.dossier_id == row.dossier_id, OutboxMessage.topic == PORTAL_STATUS,
        OutboxMessage.delivered_at.is_not(None), OutboxMessage.id != row.id)).scalar()
    return not others


def _event_days(session: Session, row: Event, today_: date) -> set[date]:
    at: Any = row.at  # None until given, on a row that a failing flush holds
    if not isinstance(at, datetime):
        return set()
    day = local_day(at)
    if day >= today_ or row.dossier_id is None:
        return {day}
    later = session.connection().execute(select(Event.at).where(
        Event.dossier_id == row.dossier_id, Event.at >= row.at)).scalars()
    return {day} | _days(*later)


@event.listens_for(Session, "after_flush")
def _mark_touched_days(session: Session, _context: Any) -> None:
    """Mark the closed days a flush changed the facts of (see the module's docstring)."""
    clock = session.info.get(CLOCK_KEY)
    if clock is None:
        return  # a session outside a runtime (a benchmark's bulk load): its writer marks what it changes
    today_ = today(clock)
    days: set[date] = set()
    for row, whole in [*((r, True) for r in session.new), *((r, False) for r in session.dirty),
                       *((r, True) for r in session.deleted)]:
        if isinstance(row, Dossier):
            days |= _dossier_days(row, whole)
            if not whole and _changed(inspect(row), TIMELY_FACTS):
                days |= _days(*_values(inspect(row), "due_at")) | _timely_days(session, row.id)
        elif isinstance(row, DossierFee):
            days |= _fee_days(row, whole)
            if whole or _changed(inspect(row), FEE_METHOD_FACTS):
                days |= _dossier_facts_days(session, row.dossier_id, (Dossier.received_at,))
        elif isinstance(row, Event) and (whole or _changed(inspect(row), ("at", "kind", "detail", "dossier_id"))):
            days |= _event_days(session, row, today_)
            if row.kind == SUPPLEMENT_REQUEST:
                days |= _timely_days(session, row.dossier_id)
        elif isinstance(row, OutboxMessage) and _first_delivery(session, row, whole):
            days |= _dossier_facts_days(session, row.dossier_id, (Dossier.received_at,))
        elif isinstance(row, DossierPaper) and row.source == "reuse":
            days |= _dossier_facts_days(session, row.dossier_id, (Dossier.received_at,))
    mark(session, days, clock)


class RollupDays:
    """The roll-ups' bookkeeping on the unit of work's session: what to build, and building a day."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def pending(self, clock: Clock) -> dict[date, list[str] | None]:
        """Settled days that need building, newest first: dirty days (every roll-up: None), then days some
        roll-up has not built under its current definition since the first dossier (those roll-ups)."""
        settled = last_settled_day(clock)
        wanted: dict[date, list[str] | None] = {day: None for day in dirty_days(self.session, settled
                                                                                 + timedelta(days=1))}
        first = first_day(self.session)
        if first is not None and first <= settled:
            every = {first + timedelta(days=i) for i in range((settled - first).days + 1)}
            for name, rollup in ROLLUPS.items():
                for day in every - built_days(self.session, rollup, first, settled):
                    names = wanted.setdefault(day, [])
                    if names is not None:
                        names.append(name)
        return dict(sorted(wanted.items(), reverse=True))

    def build(self, day: date, names: Collection[str] | None, now: datetime) -> dict[str, int]:
        """Rebuild a day (see ``build``)."""
        return build(self.session, day, names, now)
