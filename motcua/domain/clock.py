"""The one clock of the application.

Every rule that depends on "now" (receipt times, due dates, lateness) reads it
from a Clock passed in, so tests and trial scripts can move time ("after 10
working days") without patching the standard library.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAY_FORMAT, MOMENT_FORMAT = "%d/%m/%Y", "%d/%m/%Y %H:%M"  # how Vietnamese write dates: 02/12/2026


def shown_date(value: date | datetime | str | None, with_time: bool = False) -> str:
    """A date or moment as people read it (dd/mm/yyyy, with hh:mm for a moment when asked), in Vietnam's time
    zone; an ISO text (what forms store) is read first, and any other text is left as it is."""
    if value is None or value == "":
        return ""
    when: date | datetime
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
        except ValueError:
            return value
    else:
        when = value
    if isinstance(when, datetime):
        local = when.astimezone(VN_TZ) if when.tzinfo else when
        return local.strftime(MOMENT_FORMAT if with_time else DAY_FORMAT)
    return when.strftime(DAY_FORMAT)


class Clock:
    """Wall-clock time in Vietnam's time zone."""

    def now(self) -> datetime:
        """Return the current aware time in Asia/Ho_Chi_Minh."""
        return datetime.now(VN_TZ)


class FixedClock(Clock):
    """A clock that stands still until moved: for tests and trial scripts."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=VN_TZ)
        self._now = start

    def now(self) -> datetime:
        """Return the frozen time."""
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to a given moment (naive values are read as Vietnam time)."""
        self._now = moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)

    def advance(self, delta: timedelta) -> None:
        """Move forward by a duration."""
        self._now = self._now + delta
