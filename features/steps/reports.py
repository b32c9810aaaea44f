"""Trial steps: reports.

A figure of a unit's report, as its leader reads it on the reports page for the
default period (this month up to the trial's today), checked by the words a
tester writes: 'báo cáo của "Bạc Liêu" ghi 1 hồ sơ trực tuyến'. Over HTTP, the
figure is the change since the scenario's first dossier (features/steps/trial.py).
"""
from __future__ import annotations

from pytest_bdd import parsers, then

from motcua.trial.failures import expect

from .trial import Trial

FIGURES = {  # the words of a step -> the report's column
    "trực tuyến": "online_submitted", "online": "online_submitted",
    "tiếp nhận": "received", "received": "received",
    "tiếp nhận trực tuyến": "received_online", "received online": "received_online",
    "tiếp nhận trực tiếp": "received_in_person", "received in person": "received_in_person",
    "tiếp nhận qua bưu chính": "received_postal", "received by post": "received_postal",
    "trả qua bưu chính": "returned_by_post", "returned by post": "returned_by_post",
    "đã giải quyết": "finished", "finished": "finished",
    "trước hạn": "early", "early": "early",
    "đúng hạn": "on_time", "on-time": "on_time",
    "quá hạn": "late", "late": "late",
    "đang giải quyết": "in_progress", "in-progress": "in_progress",
    "đang quá hạn": "overdue_now", "overdue": "overdue_now",
    "từ chối tiếp nhận": "refused_at_intake", "refused": "refused_at_intake",
    "phải bổ sung": "supplement_dossiers", "asked to supplement": "supplement_dossiers",
}


def _figure(trial: Trial, unit: str, what: str) -> int:
    key = FIGURES.get(what.strip().lower())
    expect(key, trial.language, "no_figure", what=what, names=", ".join(f"«{k}»" for k in FIGURES))
    assert key is not None
    return trial.report(unit, key)


@then(parsers.parse('the report of "{unit}" shows {n:d} {what} dossiers'))
@then(parsers.parse('the report of "{unit}" shows {n:d} {what} dossier'))
@then(parsers.parse('báo cáo của "{unit}" ghi {n:d} hồ sơ {what}'))
def report_shows(trial: Trial, unit: str, n: int, what: str) -> None:
    """A figure of the unit's report this month, as its leader reads it (e.g. online dossiers, late ones)."""
    found = _figure(trial, unit, what)
    expect(found == n, trial.language, "figure", unit=unit, found=found, what=what, n=n)
