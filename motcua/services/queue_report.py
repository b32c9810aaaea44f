"""The queue report: how long citizens waited and how long counters served them, for a day or a period.

Waiting time runs from a ticket's issue to its first call (recalls do not extend it); service time
from the first call to the moment the clerk marked it served. Tickets marked absent count in the
waiting figures (they were called) but not in the service figures; tickets never called count in
neither and are reported as not called. Figures are per counter, per service group and overall.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from motcua.domain.queue import Durations, TicketStatus
from motcua.services import access
from motcua.services.errors import Forbidden, NotFound, ServiceError
from motcua.services.runtime import Runtime
from motcua.store.models import QueueTicket

REPORT_ROLES = ("reception", "leader", "admin")
MAX_DAYS = 366


class BadPeriod(ServiceError):
    """The period asked for cannot be reported; ``field`` names the parameter at fault."""

    def __init__(self, field: str, code: str, **params: Any) -> None:
        self.field = field
        super().__init__(code, field=field, **params)


@dataclass(frozen=True)
class QueueFigures:
    """One line of the report: a counter, a group, or the whole unit."""

    key: str
    label: str
    tickets: int  # issued in the group (or the unit); called to the counter
    served: int
    no_show: int
    not_called: int
    waiting: Durations
    service: Durations

    def as_json(self) -> dict[str, Any]:
        """The line in the API: durations in minutes."""
        return {"key": self.key, "label": self.label, "tickets": self.tickets, "served": self.served,
                "no_show": self.no_show, "not_called": self.not_called,
                "waiting_minutes": self.waiting.minutes(), "service_minutes": self.service.minutes()}


@dataclass(frozen=True)
class QueueReport:
    unit_code: str
    unit_name: str
    first: date
    last: date
    total: QueueFigures
    by_counter: tuple[QueueFigures, ...]
    by_group: tuple[QueueFigures, ...]

    def as_json(self) -> dict[str, Any]:
        """The report as the API answers it."""
        return {"unit": {"code": self.unit_code, "name": self.unit_name},
                "period": {"from": self.first.isoformat(), "to": self.last.isoformat()},
                "total": self.total.as_json(), "by_counter": [f.as_json() for f in self.by_counter],
                "by_group": [f.as_json() for f in self.by_group]}


def figures(key: str, label: str, tickets: Iterable[QueueTicket]) -> QueueFigures:
    """Counts and durations of some tickets."""
    rows = list(tickets)
    called = [t for t in rows if t.called_at is not None]
    served = [t for t in rows if t.status == TicketStatus.SERVED and t.finished_at is not None]
    return QueueFigures(
        key, label, len(rows), len(served), sum(t.status == TicketStatus.NO_SHOW for t in rows),
        len(rows) - len(called),
        Durations.of((t.called_at - t.issued_at).total_seconds() for t in rows if t.called_at is not None),
        Durations.of((t.finished_at - t.called_at).total_seconds() for t in served
                     if t.finished_at is not None and t.called_at is not None),
    )


def _grouped(rows: list[QueueTicket], key: Callable[[QueueTicket], str | None],
             label: Callable[[str], str]) -> tuple[QueueFigures, ...]:
    keys = sorted({k for k in map(key, rows) if k is not None}, key=lambda k: (len(k), k))
    return tuple(figures(k, label(k), [t for t in rows if key(t) == k]) for k in keys)


def check_period(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """The period to report (today when nothing is given), or BadPeriod naming the parameter."""
    first = first or last or today
    last = last or first
    if last < first:
        raise BadPeriod("to", "period.ends_before_start")
    if last - first > timedelta(days=MAX_DAYS):
        raise BadPeriod("to", "period.too_long", days=MAX_DAYS)
    return first, last


def queue_report(runtime: Runtime, user_id: int, unit_code: str, first: date | None = None,
                 last: date | None = None, locale: str = "vi") -> QueueReport:
    """The unit's waiting and service times for a period (days included), for its clerks and leaders."""
    with runtime.uow() as uow:
        unit = uow.units.by_code(unit_code)
        user = uow.users.get(user_id)
        if unit is None or user is None:
            raise NotFound("unit.not_found", unit=unit_code)
        if not any(access.has_role(user, unit.id, role) for role in REPORT_ROLES):
            raise Forbidden("queue_report.roles_only", unit=unit.name)
        first, last = check_period(first, last, runtime.clock.now().date())
        rows = list(uow.tickets.in_period(unit.id, first, last))
        names = {g.letter: g.name(locale) for g in runtime.pack.queue.groups}
        counter_word = "Counter" if locale == "en" else "Quầy"
        return QueueReport(
            unit.code, unit.name, first, last, figures("all", unit.name, rows),
            _grouped(rows, lambda t: str(t.counter) if t.counter is not None else None,
                     lambda k: f"{counter_word} {k}"),
            _grouped(rows, lambda t: t.service_group, lambda k: f"{k} · {names.get(k, k)}"),
        )
