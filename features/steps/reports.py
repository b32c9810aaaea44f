"""Trial steps: reports.

A figure of a unit's report, as its leader reads it on the reports page for the
default period (this month up to the trial's today), checked by the words a
tester writes: 'báo cáo của "Bạc Liêu" ghi 1 hồ sơ trực tuyến'. Over HTTP, the
figure is the change since the scenario's first dossier (features/steps/trial.py).
"""
from __future__ import annotations

from pytest_bdd import parsers, then

from motcua.services import indicators, reports
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


@then(parsers.parse('the report of "{unit}" shows the indicator "{name}" at {numerator:d}/{denominator:d}'))
@then(parsers.parse('báo cáo của "{unit}" ghi chỉ số "{name}" đạt {numerator:d}/{denominator:d}'))
def indicator_shows(trial: Trial, unit: str, name: str, numerator: int, denominator: int) -> None:
    """A Decision 766 indicator of the unit this month, as its leader reads it: counted over counted on
    (in-process: over HTTP the month's other dossiers would be counted too)."""
    runtime = trial.runtime
    leader = trial.desk.user_id(trial.user("leader", unit))
    found = indicators.build(runtime, leader, reports.parse_request(runtime, {"unit": trial.unit(unit)}))
    wanted = name.strip().lower()
    result = next((r for g in found.groups for r in g.results
                   if wanted in (r.indicator.key, r.indicator.vi.lower(), r.indicator.en.lower())), None)
    names = ", ".join(f"«{i.name(trial.language)}»" for i in indicators.INDICATORS)
    expect(result is not None, trial.language, "no_indicator", name=name, names=names)
    assert result is not None
    expect((result.numerator, result.denominator) == (numerator, denominator), trial.language, "indicator",
           unit=unit, name=name, found=f"{result.numerator}/{result.denominator}", n=f"{numerator}/{denominator}")
