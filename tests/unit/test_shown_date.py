"""Dates read the Vietnamese way everywhere: dd/mm/yyyy, in Vietnam's time zone."""
from __future__ import annotations

from datetime import UTC, date, datetime

from motcua.domain.clock import shown_date


def test_dates_moments_and_iso_texts_read_dd_mm_yyyy() -> None:
    assert shown_date(date(2026, 12, 2)) == "02/12/2026"
    assert shown_date("2026-12-02") == "02/12/2026"
    assert shown_date(datetime(2026, 12, 1, 18, 30, tzinfo=UTC), with_time=True) == "02/12/2026 01:30"
    assert shown_date("2026-12-01T18:30:00+00:00") == "02/12/2026"


def test_nothing_and_other_text_stay_as_they_are() -> None:
    assert shown_date(None) == "" and shown_date("") == ""
    assert shown_date("sau Tết") == "sau Tết"
