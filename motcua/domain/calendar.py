"""The working-day calendar: statutory times are counted in working days and office hours.

Public holidays (lunar ones included) and Vietnam's make-up working Saturdays
come from the ``holidays`` package; a province adds its own days off and
make-up days. Counting convention, as one-stop software in Vietnam applies it:
a dossier received during office hours on a working day counts that day as
day 0, so N working days fall due at closing time of the Nth working day after
it; a dossier received after hours, or on a day off, counts from the next
working day's opening.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from motcua.domain.clock import VN_TZ
from motcua.domain.dossier import Timeliness

Interval = tuple[time, time]
DEFAULT_HOURS: tuple[Interval, ...] = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))


@lru_cache(maxsize=32)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


@lru_cache(maxsize=64)
def _running_count(calendar: WorkingCalendar, year: int) -> list[int]:
    """Working days among the first n days of a year, for n from 0 to the year's length."""
    running = [0]
    day = date(year, 1, 1)
    while day.year == year:
        running.append(running[-1] + calendar.is_working_day(day))
        day += timedelta(days=1)
    return running


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{moment} has no time zone; use the application clock")
    return moment.astimezone(VN_TZ)


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days and office hours of a deployment."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    make_up_days: frozenset[date] = field(default_factory=frozenset)
    office_hours: tuple[Interval, ...] = DEFAULT_HOURS

    @classmethod
    def of(cls, extra_days_off: Iterable[date] = (), make_up_days: Iterable[date] = (),
           office_hours: Iterable[Interval] = DEFAULT_HOURS) -> WorkingCalendar:
        """Build a calendar from any iterables (a province's configuration)."""
        return cls(frozenset(extra_days_off), frozenset(make_up_days), tuple(office_hours))

    def is_working_day(self, day: date) -> bool:
        """True on a working day: weekdays and make-up Saturdays, minus holidays and province days off."""
        if day in self.make_up_days:
            return True
        if day in self.extra_days_off:
            return False
        return _national(day.year).is_working_day(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def opening(self, day: date) -> datetime:
        """When the office opens on a day."""
        return datetime.combine(day, self.office_hours[0][0], tzinfo=VN_TZ)

    def closing(self, day: date) -> datetime:
        """When the office closes on a day."""
        return datetime.combine(day, self.office_hours[-1][1], tzinfo=VN_TZ)

    def counting_start(self, received_at: datetime) -> datetime:
        """When the clock starts for a dossier received at ``received_at``."""
        moment = _aware(received_at)
        if self.is_working_day(moment.date()) and moment < self.closing(moment.date()):
            return max(moment, self.opening(moment.date()))
        return self.opening(self.next_working_day(moment.date()))

    def due_at(self, received_at: datetime, days: int | None = None, hours: float | None = None,
               same_day_until: time | None = None) -> datetime:
        """The appointment for a statutory time of ``days`` working days or ``hours`` working hours.

        A same-day procedure (``days`` 0) received after ``same_day_until`` is due at the close of the next
        working day, as the rules for certification and civil status allow.
        """
        if hours is not None:
            return self.add_working_seconds(received_at, hours * 3600)
        start = self.counting_start(received_at)
        day = start.date()
        if not days and same_day_until is not None and start.timetz().replace(tzinfo=None) > same_day_until:
            day = self.next_working_day(day)
        for _ in range(days or 0):
            day = self.next_working_day(day)
        return self.closing(day)

    def deadline(self, start: datetime, days: int = 0, seconds: float = 0) -> datetime:
        """A step's deadline: ``days`` whole working days (to closing time), or office time when ``seconds`` is set.

        With both, a working day counts as one office day of time (8 hours by default).
        """
        if not seconds:
            return self.due_at(start, days=days)
        return self.add_working_seconds(start, days * self.office_day_seconds + seconds)

    def _intervals(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Office intervals from ``start`` on, clipped to it."""
        day = start.date()
        while True:
            if self.is_working_day(day):
                for begin, end in self.office_hours:
                    lo = datetime.combine(day, begin, tzinfo=VN_TZ)
                    hi = datetime.combine(day, end, tzinfo=VN_TZ)
                    if hi > start:
                        yield max(lo, start), hi
            day += timedelta(days=1)

    def add_working_seconds(self, start: datetime, seconds: float) -> datetime:
        """The moment ``seconds`` of office time after ``start``."""
        remaining = timedelta(seconds=seconds)
        start = _aware(start)
        for lo, hi in self._intervals(start):
            if hi - lo >= remaining:
                return lo + remaining
            remaining -= hi - lo
        raise AssertionError("unreachable: the calendar has no end")

    @property
    def office_day_seconds(self) -> float:
        """The office time of one working day."""
        return sum((datetime.combine(date.min, hi) - datetime.combine(date.min, lo)).total_seconds()
                   for lo, hi in self.office_hours)

    def working_days_between(self, first: date, last: date) -> int:
        """How many working days there are from ``first`` to ``last``, both included (0 when ``last`` is before).

        Read from a running count per year, so a stay that has lasted months costs no more than one of a day."""
        count = 0
        for year in range(first.year, last.year + 1):
            running = _running_count(self, year)
            lo = (max(first, date(year, 1, 1)) - date(year, 1, 1)).days
            hi = (min(last, date(year, 12, 31)) - date(year, 1, 1)).days
            if hi >= lo:
                count += running[hi + 1] - running[lo]
        return count

    def _seconds_on(self, day: date, start: datetime | None, end: datetime | None) -> float:
        """Office time on one day, between ``start`` and ``end`` when given (moments on that day)."""
        if not self.is_working_day(day):
            return 0.0
        total = 0.0
        for begin, finish in self.office_hours:
            lo = datetime.combine(day, begin, tzinfo=VN_TZ)
            hi = datetime.combine(day, finish, tzinfo=VN_TZ)
            if start is not None:
                lo = max(lo, start)
            if end is not None:
                hi = min(hi, end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        return total

    def working_seconds_between(self, start: datetime, end: datetime) -> float:
        """Office time between two moments (0 when ``end`` is not after ``start``): the office time left on the
        first day, whole office days in between, and the office time done on the last day."""
        start, end = _aware(start), _aware(end)
        if end <= start:
            return 0.0
        first, last = start.date(), end.date()
        if first == last:
            return self._seconds_on(first, start, end)
        between = self.working_days_between(first + timedelta(days=1), last - timedelta(days=1))
        return (self._seconds_on(first, start, None) + between * self.office_day_seconds
                + self._seconds_on(last, None, end))

    def resume_after_pause(self, due_at: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
        """The new due moment once a stopped clock restarts: the office time left is counted again."""
        left = self.working_seconds_between(paused_at, due_at)
        if left <= 0:
            return _aware(due_at)
        return self.add_working_seconds(resumed_at, left)


def classify(finished_at: datetime, due_at: datetime) -> Timeliness:
    """Early when done before the due date, on time on the due date up to the due moment, late after it."""
    finished, due = _aware(finished_at), _aware(due_at)
    if finished > due:
        return Timeliness.LATE
    if finished.date() < due.date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME
