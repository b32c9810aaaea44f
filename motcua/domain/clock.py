"""The one clock of the application.

Every rule that depends on "now" (receipt times, due dates, lateness) reads it
from a Clock passed in, so tests and trial scripts can move time ("after 10
working days") without patching the standard library.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


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
