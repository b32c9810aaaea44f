"""Timer durations as this pack reads them: days are working days, hours are office hours."""
from __future__ import annotations

from datetime import datetime, time

import pytest

from motcua.domain.calendar import WorkingCalendar
from motcua.domain.clock import VN_TZ
from motcua.engine.timers import DurationError, duration_of, working_duration


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN_TZ)


@pytest.mark.parametrize("text, expected", [
    ("P3D", (3, 0.0)), ("PT4H", (0, 14400.0)), ("P1DT2H", (1, 7200.0)), ("PT30M", (0, 1800.0)), ("P1W", (5, 0.0)),
])
def test_durations_split_into_working_days_and_office_seconds(text: str, expected: tuple[int, float]) -> None:
    assert working_duration(text) == expected


@pytest.mark.parametrize("text, message", [
    ("P1M", "years and months"), ("P1Y", "years and months"), ("3 days", "not an ISO 8601 duration"),
    ("P", "not an ISO 8601 duration"), ("P1.5D", "whole working days"),
])
def test_durations_without_a_working_day_meaning_are_refused(text: str, message: str) -> None:
    with pytest.raises(DurationError, match=message):
        working_duration(text)


def test_a_duration_is_read_plainly_or_evaluated() -> None:
    assert duration_of(" P2D ", lambda e: pytest.fail("a plain duration needs no evaluation")) == "P2D"
    assert duration_of("'P' + str(sla) + 'D'", lambda e: "P6D") == "P6D"


def test_step_deadlines_count_working_days_and_office_hours() -> None:
    cal = WorkingCalendar()
    assert cal.deadline(at(2025, 11, 24, 8, 30), days=6) == at(2025, 12, 2, 17, 0)
    assert cal.deadline(at(2025, 11, 28, 16, 0), seconds=4 * 3600) == at(2025, 12, 1, 10, 30)  # over a weekend
    assert cal.deadline(at(2025, 11, 24, 8, 0), days=1, seconds=3600) == at(2025, 11, 25, 9, 0)


def test_a_same_day_procedure_received_after_the_cutoff_is_due_the_next_working_day() -> None:
    cal = WorkingCalendar()
    assert cal.due_at(at(2025, 11, 24, 14, 59), days=0, same_day_until=time(15)) == at(2025, 11, 24, 17, 0)
    assert cal.due_at(at(2025, 11, 28, 15, 1), days=0, same_day_until=time(15)) == at(2025, 12, 1, 17, 0)
