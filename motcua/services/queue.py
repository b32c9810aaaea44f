"""The counter queue's use cases: the kiosk issues tickets, clerks open counters and call, the display shows.

Tickets are numbered per unit, service group and local day through the same race-safe sequences as
dossier codes. Calling the next ticket hands each ticket to exactly one counter (see store.queue).
Kiosk and display are public; everything a counter does needs a reception clerk of that unit.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from motcua.domain.queue import ServiceGroup, TicketStatus, check_counter, ticket_number
from motcua.services import access
from motcua.services.errors import Conflict, Forbidden, NotFound, ServiceError
from motcua.services.runtime import Runtime
from motcua.store.models import QueueDesk, QueueTicket, Unit, User
from motcua.store.ports import UnitOfWorkPort

DISPLAY_ROWS = 8  # calls the display lists: the newest large, the others below


class QueueClosed(Conflict):
    """The kiosk issues numbers only during the office's hours of a working day."""

    def __init__(self, unit_name: str, opens: str, closes: str) -> None:
        self.opens, self.closes = opens, closes
        super().__init__("queue.closed", unit=unit_name, opens=opens, closes=closes)


class CounterRefused(ServiceError):
    """A counter cannot open as asked; ``problems`` are (field, code) pairs (domain.queue.check_counter)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("queue.counter_refused", problems=", ".join(f"{f}: {c}" for f, c in problems))


@dataclass(frozen=True)
class GroupView:
    letter: str
    name: str
    waiting: int


@dataclass(frozen=True)
class TicketView:
    """A ticket as printed, called and shown."""

    id: int
    number: str
    group: str
    group_name: str
    status: str
    issued_at: datetime
    called_at: datetime | None
    finished_at: datetime | None
    counter: int | None
    calls: int
    ahead: int  # tickets of its group still waiting before it (0 once called)
    unit_code: str
    unit_name: str


@dataclass(frozen=True)
class DeskView:
    """A clerk's counter: its number, groups, the ticket at it and what waits for it."""

    id: int
    unit_code: str
    unit_name: str
    number: int
    groups: tuple[str, ...]
    opened_at: datetime
    current: TicketView | None
    waiting: tuple[GroupView, ...]  # every group of the unit; the counter's own first

    @property
    def waiting_here(self) -> int:
        """Tickets a call at this counter may pick from."""
        return sum(g.waiting for g in self.waiting if g.letter in self.groups)


@dataclass(frozen=True)
class Call:
    number: str
    group_name: str
    counter: int
    at: datetime
    calls: int
    status: str


@dataclass(frozen=True)
class DisplayView:
    """What the waiting room's screen shows: the latest calls and how many wait per group."""

    unit_code: str
    unit_name: str
    now: datetime
    calls: tuple[Call, ...]
    groups: tuple[GroupView, ...]
    counters: tuple[tuple[int, str | None], ...]  # open counter numbers and the number each is serving

    def as_json(self) -> dict[str, Any]:
        """The small JSON the display page polls."""
        return {
            "unit": {"code": self.unit_code, "name": self.unit_name}, "now": self.now.isoformat(),
            "calls": [{"number": c.number, "group": c.group_name, "counter": c.counter, "at": c.at.isoformat(),
                       "calls": c.calls, "status": c.status} for c in self.calls],
            "waiting": {g.letter: g.waiting for g in self.groups},
            "counters": [{"counter": n, "serving": s} for n, s in self.counters],
        }


def _unit(uow: UnitOfWorkPort, unit_code: str) -> Unit:
    unit = uow.units.by_code(unit_code)
    if unit is None:
        raise NotFound("unit.not_found", unit=unit_code)
    return unit


def _groups(runtime: Runtime, unit: Unit) -> tuple[ServiceGroup, ...]:
    groups = runtime.pack.queue.for_unit(unit.code)
    if not groups:
        raise NotFound("queue.not_set_up", unit=unit.name)
    return groups


def _today(runtime: Runtime) -> date:
    return runtime.clock.now().date()


def _ticket_view(runtime: Runtime, uow: UnitOfWorkPort, ticket: QueueTicket, locale: str = "vi") -> TicketView:
    unit = uow.units.get(ticket.unit_id)
    if unit is None:
        raise NotFound("unit.not_found", unit=ticket.unit_id)
    try:
        name = runtime.pack.queue.group(unit.code, ticket.service_group).name(locale)
    except KeyError:  # the group was removed from queue.toml since the ticket was issued
        name = ticket.service_group
    ahead = uow.tickets.ahead_of(ticket) if ticket.status == TicketStatus.WAITING else 0
    return TicketView(ticket.id, ticket.number, ticket.service_group, name, ticket.status, ticket.issued_at,
                      ticket.called_at, ticket.finished_at, ticket.counter, ticket.calls, ahead, unit.code, unit.name)


def _group_views(runtime: Runtime, uow: UnitOfWorkPort, unit: Unit, locale: str,
                 first: Sequence[str] = ()) -> tuple[GroupView, ...]:
    counts = uow.tickets.waiting_counts(unit.id, _today(runtime))
    views = [GroupView(g.letter, g.name(locale), counts.get(g.letter, 0)) for g in _groups(runtime, unit)]
    return tuple(sorted(views, key=lambda v: v.letter not in first))


# --- the kiosk -----------------------------------------------------------------------------------------

def units_with_queue(runtime: Runtime) -> list[tuple[str, str]]:
    """(code, name) of the units whose kiosk offers at least one group: the public index of kiosks."""
    with runtime.uow() as uow:
        return [(u.code, u.name) for u in uow.units.all()
                if u.kind != "province" and runtime.pack.queue.for_unit(u.code)]


def kiosk(runtime: Runtime, unit_code: str, locale: str = "vi") -> tuple[str, tuple[GroupView, ...]]:
    """The unit's name and the buttons of its kiosk, with how many wait in each group."""
    with runtime.uow() as uow:
        unit = _unit(uow, unit_code)
        return unit.name, _group_views(runtime, uow, unit, locale)


def issue_ticket(runtime: Runtime, unit_code: str, letter: str, locale: str = "vi") -> TicketView:
    """Give the citizen the next number of a group, during office hours of a working day."""
    now = runtime.clock.now()
    calendar = runtime.pack.calendar
    with runtime.uow() as uow:
        unit = _unit(uow, unit_code)
        try:
            runtime.pack.queue.group(unit.code, letter)
        except KeyError as exc:
            raise NotFound("queue.group_not_found", group=letter, unit=unit.name) from exc
        day = now.date()
        if not calendar.is_working_day(day) or not calendar.opening(day) <= now < calendar.closing(day):
            raise QueueClosed(unit.name, f"{calendar.opening(day):%H:%M}", f"{calendar.closing(day):%H:%M}")
        sequence = uow.counters.next(f"ticket:{unit.code}:{day:%y%m%d}:{letter}")
        ticket = uow.tickets.add(QueueTicket(
            unit_id=unit.id, day=day, service_group=letter, sequence=sequence, number=ticket_number(letter, sequence),
            status=TicketStatus.WAITING.value, issued_at=now, calls=0))
        view = _ticket_view(runtime, uow, ticket, locale)
        uow.commit()
        return view


def ticket(runtime: Runtime, ticket_id: int, locale: str = "vi") -> TicketView:
    """A ticket as the citizen's slip shows it (people ahead counted now)."""
    with runtime.uow() as uow:
        found = uow.tickets.get(ticket_id)
        if found is None:
            raise NotFound("queue.ticket_not_found")
        return _ticket_view(runtime, uow, found, locale)


# --- the display ---------------------------------------------------------------------------------------

def display(runtime: Runtime, unit_code: str, locale: str = "vi", rows: int = DISPLAY_ROWS) -> DisplayView:
    """Who is called to which counter, newest first, and how many wait per group (no personal data)."""
    with runtime.uow() as uow:
        unit = _unit(uow, unit_code)
        today = _today(runtime)
        calls = tuple(Call(t.number, _ticket_view(runtime, uow, t, locale).group_name, t.counter, t.last_called_at,
                           t.calls, t.status) for t in uow.tickets.recent_calls(unit.id, today, rows)
                      if t.counter is not None and t.last_called_at is not None)  # always so for a called ticket
        counters = []
        for desk in uow.desks.open_in(unit.id):
            serving = uow.tickets.serving_at(desk.id)
            counters.append((desk.number, serving.number if serving else None))
        return DisplayView(unit.code, unit.name, runtime.clock.now(), calls, _group_views(runtime, uow, unit, locale),
                           tuple(counters))


# --- the counter ---------------------------------------------------------------------------------------

def _clerk(uow: UnitOfWorkPort, user_id: int, unit: Unit) -> User:
    user = uow.users.get(user_id)
    if user is None:
        raise NotFound("user.not_found")
    if not access.has_role(user, unit.id, "reception"):
        raise Forbidden("queue.reception_only", unit=unit.name)
    return user


def _desk_of(uow: UnitOfWorkPort, user_id: int, unit: Unit) -> QueueDesk | None:
    return next((d for d in uow.desks.open_of(user_id) if d.unit_id == unit.id), None)


def _open_desk(uow: UnitOfWorkPort, user_id: int, unit: Unit) -> QueueDesk:
    desk = _desk_of(uow, user_id, unit)
    if desk is None:
        raise Conflict("queue.no_open_counter", unit=unit.name)
    return desk


def _desk_view(runtime: Runtime, uow: UnitOfWorkPort, desk: QueueDesk, locale: str) -> DeskView:
    current = uow.tickets.serving_at(desk.id)
    return DeskView(desk.id, desk.unit.code, desk.unit.name, desk.number, tuple(desk.groups), desk.opened_at,
                    _ticket_view(runtime, uow, current, locale) if current else None,
                    _group_views(runtime, uow, desk.unit, locale, desk.groups))


def counter_choices(runtime: Runtime, user_id: int, locale: str = "vi") -> list[tuple[str, str, tuple[GroupView, ...]]]:
    """(unit code, name, its groups) for each unit where the user is a reception clerk with a queue."""
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("user.not_found")
        found = []
        for m in user.memberships:
            if m.role == "reception" and runtime.pack.queue.for_unit(m.unit.code):
                found.append((m.unit.code, m.unit.name, _group_views(runtime, uow, m.unit, locale)))
        return found


def my_counter(runtime: Runtime, user_id: int, unit_code: str, locale: str = "vi") -> DeskView | None:
    """The counter the clerk has open at the unit, with its current ticket and what waits."""
    with runtime.uow() as uow:
        unit = _unit(uow, unit_code)
        _clerk(uow, user_id, unit)
        desk = _desk_of(uow, user_id, unit)
        return _desk_view(runtime, uow, desk, locale) if desk else None


def open_counter(runtime: Runtime, user_id: int, unit_code: str, number: int, groups: Sequence[str],
                 locale: str = "vi") -> DeskView:
    """Sit at a counter for some groups (moving from the clerk's previous counter, if it is free)."""
    with runtime.uow() as uow:
        unit = _unit(uow, unit_code)
        user = _clerk(uow, user_id, unit)
        chosen = [g.letter for g in _groups(runtime, unit) if g.letter in set(groups)]
        problems = check_counter(number, list(groups), [g.letter for g in _groups(runtime, unit)])
        if problems:
            raise CounterRefused(problems)
        now = runtime.clock.now()
        previous = _desk_of(uow, user.id, unit)
        if previous is not None:
            if uow.tickets.serving_at(previous.id) is not None:
                raise Conflict("queue.finish_before_moving", counter=previous.number)
            previous.closed_at = now
            uow.flush()
        taken = uow.desks.open_at(unit.id, number)
        if taken is not None:
            raise Conflict("queue.counter_taken", counter=number, clerk=taken.user.full_name,
                           since=f"{taken.opened_at:%H:%M}")
        desk = uow.desks.add(QueueDesk(unit_id=unit.id, number=number, groups=chosen, user_id=user.id, opened_at=now))
        view = _desk_view(runtime, uow, desk, locale)
        uow.commit()
        return view


def close_counter(runtime: Runtime, user_id: int, unit_code: str) -> None:
    """Leave the counter; a ticket still at it must be finished first (served or absent)."""
    with runtime.uow() as uow:
        unit = _unit(uow, unit_code)
        _clerk(uow, user_id, unit)
        desk = _open_desk(uow, user_id, unit)
        current = uow.tickets.serving_at(desk.id)
        if current is not None:
            raise Conflict("queue.ticket_still_at_counter", ticket=current.number, counter=desk.number)
        desk.closed_at = runtime.clock.now()
        uow.commit()


def _finish(ticket: QueueTicket, status: TicketStatus, at: datetime) -> None:
    ticket.status, ticket.finished_at = status.value, at


def call_next(runtime: Runtime, user_id: int, unit_code: str, seen: int | None = None,
              locale: str = "vi") -> TicketView | None:
    """Call the oldest waiting ticket of the counter's groups; None when nobody waits.

    The ticket still at the counter is marked served first (the clerk's "next" ends it), unless
    ``seen`` (the ticket the clerk's page showed) says the page is stale: a second click must not
    serve a ticket nobody saw.
    """
    with runtime.uow() as uow:
        unit = _unit(uow, unit_code)
        _clerk(uow, user_id, unit)
        desk = _open_desk(uow, user_id, unit)
        now = runtime.clock.now()
        current = uow.tickets.serving_at(desk.id)
        if current is not None:
            if seen is not None and current.id != seen:
                raise Conflict("queue.already_called", counter=desk.number, ticket=current.number)
            _finish(current, TicketStatus.SERVED, now)
            uow.flush()
        while True:
            found = uow.tickets.next_waiting(unit.id, now.date(), desk.groups)
            if found is None:
                uow.commit()  # the previous ticket's end is kept
                return None
            if uow.tickets.take(found, now, desk):
                break
        view = _ticket_view(runtime, uow, found, locale)
        uow.commit()
        return view


def _current(uow: UnitOfWorkPort, user_id: int, unit: Unit, ticket_id: int | None) -> QueueTicket:
    desk = _open_desk(uow, user_id, unit)
    current = uow.tickets.serving_at(desk.id)
    if current is None or (ticket_id is not None and current.id != ticket_id):
        raise Conflict("queue.not_serving_ticket", counter=desk.number)
    return current


def recall(runtime: Runtime, user_id: int, unit_code: str, ticket_id: int | None = None,
           locale: str = "vi") -> TicketView:
    """Call the counter's ticket again (the display shows it anew); its wait still ended at the first call."""
    with runtime.uow() as uow:
        unit = _unit(uow, unit_code)
        _clerk(uow, user_id, unit)
        current = _current(uow, user_id, unit, ticket_id)
        current.calls += 1
        current.last_called_at = runtime.clock.now()
        uow.flush()
        view = _ticket_view(runtime, uow, current, locale)
        uow.commit()
        return view


def finish(runtime: Runtime, user_id: int, unit_code: str, outcome: str, ticket_id: int | None = None,
           locale: str = "vi") -> TicketView:
    """End the counter's ticket: ``served``, or ``no_show`` when the citizen did not come to the call."""
    if outcome not in (TicketStatus.SERVED, TicketStatus.NO_SHOW):
        raise ValueError(f"a ticket ends served or no_show, not {outcome!r}")
    with runtime.uow() as uow:
        unit = _unit(uow, unit_code)
        _clerk(uow, user_id, unit)
        current = _current(uow, user_id, unit, ticket_id)
        _finish(current, TicketStatus(outcome), runtime.clock.now())
        uow.flush()
        view = _ticket_view(runtime, uow, current, locale)
        uow.commit()
        return view
