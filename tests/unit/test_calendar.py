"""Working days around Tết, 30/4–1/5, 2/9, weekends, after-hours receipt and a supplementation pause."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from motcua.domain.calendar import WorkingCalendar, classify
from motcua.domain.clock import VN_TZ
from motcua.domain.dossier import Timeliness

cal = WorkingCalendar()


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def test_ten_working_days_from_a_monday_morning_fall_due_two_mondays_later_at_closing() -> None:
    assert cal.due_at(at(2025, 11, 24), days=10) == at(2025, 12, 8, 17, 0)


def test_received_friday_after_hours_counts_from_monday() -> None:
    assert cal.counting_start(at(2025, 11, 28, 17, 30)) == at(2025, 12, 1, 7, 30)
    assert cal.due_at(at(2025, 11, 28, 17, 30), days=3) == at(2025, 12, 4, 17, 0)
    assert cal.due_at(at(2025, 11, 29, 10, 0), days=3) == at(2025, 12, 4, 17, 0)  # Saturday


def test_tet_2026_pushes_the_due_date_past_the_whole_holiday() -> None:
    # Tết Bính Ngọ: 16–20 Feb 2026 are days off (Mon–Fri), so the week does not count.
    for day in range(16, 21):
        assert not cal.is_working_day(date(2026, 2, day))
    assert cal.due_at(at(2026, 2, 12), days=3) == at(2026, 2, 24, 17, 0)


def test_tet_2027_pushes_the_due_date_past_the_whole_holiday() -> None:
    # Tết Đinh Mùi: 4–10 Feb 2027 are days off.
    assert [d for d in range(1, 15) if not cal.is_working_day(date(2027, 2, d))] == [4, 5, 6, 7, 8, 9, 10, 13, 14]
    assert cal.due_at(at(2027, 2, 3), days=2) == at(2027, 2, 12, 17, 0)


def test_reunification_and_labour_day_2026() -> None:
    assert not cal.is_working_day(date(2026, 4, 30)) and not cal.is_working_day(date(2026, 5, 1))
    assert cal.due_at(at(2026, 4, 29), days=1) == at(2026, 5, 4, 17, 0)


def test_national_day_2026_and_its_bridge_day() -> None:
    assert [cal.is_working_day(date(2026, 8, d)) for d in (31,)] == [False]
    assert not cal.is_working_day(date(2026, 9, 1)) and not cal.is_working_day(date(2026, 9, 2))
    assert cal.due_at(at(2026, 8, 28), days=1) == at(2026, 9, 3, 17, 0)


def test_the_national_make_up_saturday_is_a_working_day() -> None:
    assert cal.is_working_day(date(2026, 8, 22))  # worked to bridge to 2/9
    assert cal.due_at(at(2026, 8, 21), days=1) == at(2026, 8, 22, 17, 0)


def test_a_province_adds_a_day_off_and_a_make_up_day() -> None:
    province = WorkingCalendar.of(extra_days_off=[date(2025, 11, 25)], make_up_days=[date(2025, 11, 29)])
    assert province.due_at(at(2025, 11, 24), days=2) == at(2025, 11, 27, 17, 0)
    assert province.due_at(at(2025, 11, 27), days=2) == at(2025, 11, 29, 17, 0)


def test_same_day_procedure_is_due_at_closing() -> None:
    assert cal.due_at(at(2025, 11, 24, 15, 0), days=0) == at(2025, 11, 24, 17, 0)
    assert cal.due_at(at(2025, 11, 24, 17, 5), days=0) == at(2025, 11, 25, 17, 0)


def test_working_hours_skip_lunch_and_night() -> None:
    assert cal.due_at(at(2025, 11, 24, 10, 30), hours=2) == at(2025, 11, 24, 14, 30)
    assert cal.due_at(at(2025, 11, 24, 16, 0), hours=4) == at(2025, 11, 25, 10, 30)
    assert cal.due_at(at(2025, 11, 28, 16, 0), hours=2) == at(2025, 12, 1, 8, 30)


def test_a_supplementation_pause_stops_the_clock() -> None:
    due = at(2025, 11, 28, 17, 0)  # Friday
    new_due = cal.resume_after_pause(due, paused_at=at(2025, 11, 26, 10, 0), resumed_at=at(2025, 12, 1, 10, 0))
    assert new_due == at(2025, 12, 3, 17, 0)  # the three working days lost are given back
    assert cal.working_seconds_between(at(2025, 11, 26, 10, 0), due) == cal.working_seconds_between(
        at(2025, 12, 1, 10, 0), new_due)


def test_a_pause_after_the_deadline_gives_nothing_back() -> None:
    due = at(2025, 11, 24, 17, 0)
    assert cal.resume_after_pause(due, at(2025, 11, 25, 9, 0), at(2025, 11, 26, 9, 0)) == due


def test_classification_against_the_due_moment() -> None:
    due = at(2025, 12, 8, 17, 0)
    assert classify(at(2025, 12, 5, 16, 0), due) == Timeliness.EARLY
    assert classify(at(2025, 12, 8, 9, 0), due) == Timeliness.ON_TIME
    assert classify(at(2025, 12, 8, 17, 0), due) == Timeliness.ON_TIME
    assert classify(at(2025, 12, 8, 17, 1), due) == Timeliness.LATE


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        cal.due_at(datetime(2025, 11, 24, 9, 0), days=1)


def _walked_seconds(calendar: WorkingCalendar, start: datetime, end: datetime) -> float:
    """Office time between two moments counted interval by interval, day after day (the definition)."""
    total, day = 0.0, start.date()
    while day <= end.date():
        if calendar.is_working_day(day):
            for begin, finish in calendar.office_hours:
                lo = max(datetime.combine(day, begin, tzinfo=VN_TZ), start)
                hi = min(datetime.combine(day, finish, tzinfo=VN_TZ), end)
                total += max((hi - lo).total_seconds(), 0.0)
        day += timedelta(days=1)
    return total


def test_office_time_over_long_spans_matches_counting_day_by_day() -> None:
    province = WorkingCalendar.of(extra_days_off=[date(2025, 3, 10)], make_up_days=[date(2025, 4, 26)])
    rng = random.Random(22)
    for _ in range(300):
        start = at(2024, 12, 20, 0, 0) + timedelta(minutes=rng.randrange(420 * 1440))
        end = start + timedelta(minutes=rng.choice([rng.randrange(600), rng.randrange(400 * 1440)]))
        for calendar in (cal, province):
            assert calendar.working_seconds_between(start, end) == _walked_seconds(calendar, start, end)
    # Tết 2025 (27/1–31/1 off), a year's end crossed, and the inverse of adding office time
    assert cal.working_days_between(date(2025, 1, 27), date(2025, 2, 2)) == 0
    assert cal.working_days_between(date(2024, 12, 30), date(2025, 1, 3)) == 4  # Monday to Friday, 1/1 off
    assert province.working_days_between(date(2025, 3, 10), date(2025, 3, 10)) == 0
    assert province.working_days_between(date(2025, 4, 26), date(2025, 4, 26)) == 1
    start = at(2025, 1, 20, 10, 0)
    assert cal.working_seconds_between(start, cal.add_working_seconds(start, 40 * 3600 + 17)) == 40 * 3600 + 17
