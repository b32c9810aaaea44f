"""Reports: every figure of a generated month checked, by unit, procedure and period, under the access rules."""
from __future__ import annotations

import dataclasses

import pytest

from motcua.services import reports
from motcua.services.errors import Forbidden
from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from tests.support import report_data
from tests.support.report_data import EXPECTED, PERIOD


def report_for(runtime: Runtime, username: str, **args: str) -> reports.Report:
    request = reports.parse_request(runtime, {**PERIOD, **args})
    return reports.build(runtime, Desk(runtime).user_id(username), request)


def lines(report: reports.Report) -> dict:
    """(unit, procedure) -> figures as the report states them; (unit, None) a unit's total; (None, None) all."""
    found = {}
    for section in report.sections:
        found[(section.code, None)] = section.figures.as_dict()
        for line in section.procedures:
            found[(section.code, line.slug)] = line.figures.as_dict()
    found[(None, None)] = report.total.as_dict()
    return found


@pytest.fixture
def month(runtime: Runtime) -> dict[str, int]:
    add_user(runtime, "lanhdao.tinh", "Lãnh đạo tỉnh", "motcua-demo", [("80000", "leader")])
    return report_data.load(runtime)


def test_a_province_leader_reads_every_figure_of_its_wards(runtime: Runtime, month: dict) -> None:
    report = report_for(runtime, "lanhdao.tinh")
    assert [(s.code, s.name) for s in report.sections] == [("80002", "Phường Kiến Tường"), ("80001", "Phường Long An")]
    assert [line.slug for line in report.sections[1].procedures] == ["land_change", "birth_registration"]
    assert lines(report) == EXPECTED


def test_every_dossier_is_either_finished_stopped_or_still_in_progress(runtime: Runtime, month: dict) -> None:
    for figures in lines(report_for(runtime, "lanhdao.tinh")).values():
        assert (figures["carried_over"] + figures["received"]
                == figures["finished"] + figures["stopped"] + figures["in_progress"])


def test_a_ward_leader_reads_their_ward_and_no_other(runtime: Runtime, month: dict) -> None:
    own = report_for(runtime, "lanhdao.kientuong")
    assert [s.code for s in own.sections] == ["80002"] and own.unit_choices == [("80002", "Phường Kiến Tường")]
    assert own.total.as_dict() == EXPECTED[("80002", None)]
    assert report_for(runtime, "quantri.longan").total.as_dict() == EXPECTED[("80001", None)]
    with pytest.raises(Forbidden, match="80001"):
        report_for(runtime, "lanhdao.kientuong", unit="80001")
    with pytest.raises(Forbidden):
        report_for(runtime, "tiepnhan.longan")  # reception clerks do not read reports
    with pytest.raises(reports.InvalidReportRequest) as unknown:
        report_for(runtime, "lanhdao.tinh", unit="99999")
    assert unknown.value.field == "unit"


def test_a_province_leader_narrows_to_one_ward_and_one_procedure(runtime: Runtime, month: dict) -> None:
    ward = report_for(runtime, "lanhdao.tinh", unit="80001")
    assert [s.code for s in ward.sections] == ["80001"] and ward.total.as_dict() == EXPECTED[("80001", None)]
    births = report_for(runtime, "lanhdao.tinh", procedure="birth_registration")
    assert [s.code for s in births.sections] == ["80002", "80001"]
    assert births.sections[0].figures.as_dict() == report_data.figures((None, None, None))
    assert births.total.as_dict() == EXPECTED[("80001", "birth_registration")]


def test_processes_other_than_administrative_procedures_are_not_counted(runtime: Runtime, month: dict) -> None:
    loaded = runtime.pack.procedures["birth_registration"]
    runtime.pack.procedures["birth_registration"] = dataclasses.replace(
        loaded, procedure=dataclasses.replace(loaded.procedure, kind="meeting"))
    try:
        report = report_for(runtime, "lanhdao.longan")
        assert report.total.as_dict() == EXPECTED[("80001", "land_change")]
        assert "birth_registration" not in dict(report.procedure_choices)
        with pytest.raises(reports.InvalidReportRequest) as refused:
            report_for(runtime, "lanhdao.longan", procedure="birth_registration")
        assert refused.value.field == "procedure"
    finally:
        runtime.pack.procedures["birth_registration"] = loaded


def test_the_period_is_counted_in_vietnam_time_both_days_included(runtime: Runtime, month: dict) -> None:
    may_31 = report_for(runtime, "lanhdao.longan", **{"from": "31/05/2025", "to": "31/05/2025"}).total
    assert (may_31.received, may_31.carried_over, may_31.in_progress) == (1, 1, 2)  # A2 at 23:59; A1 open since May
    july_1 = report_for(runtime, "lanhdao.longan", **{"from": "2025-07-01", "to": "2025-07-01"}).total
    assert (july_1.received, july_1.finished, july_1.on_time, july_1.rated, july_1.carried_over) == (1, 1, 1, 1, 6)
    assert july_1.supplement_requests == 1  # A6 paused at 00:00 on 1 July
    assert july_1.in_progress == 6  # A2, A6, A7, A8, A12, B3


def test_the_period_defaults_to_this_month_up_to_today(runtime: Runtime, month: dict) -> None:
    request = reports.parse_request(runtime, {})
    assert (request.date_from.isoformat(), request.date_to.isoformat()) == ("2025-07-01", "2025-07-10")


@pytest.mark.parametrize(("args", "field", "code"), [
    ({"from": "31/02/2025"}, "from", "not_a_date"),
    ({"to": "hôm qua"}, "to", "not_a_date"),
    ({"from": "2025-06-30", "to": "2025-06-01"}, "to", "ends_before_start"),
    ({"procedure": "khong_co"}, "procedure", "unknown_procedure"),
])
def test_a_wrong_filter_is_named(runtime: Runtime, args: dict, field: str, code: str) -> None:
    with pytest.raises(reports.InvalidReportRequest) as wrong:
        reports.parse_request(runtime, args)
    assert (wrong.value.field, wrong.value.code) == (field, f"report.{code}")


def test_a_dossier_worked_through_the_services_is_counted(runtime: Runtime) -> None:
    from features.steps.land_change import RETURN_DATA, SIGN, VERIFY, receive_data

    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), dossier)
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, dossier)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, dossier)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, dossier)
    refused = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(decision="refuse", note="Sai thẩm quyền"),
            refused)
    request = reports.parse_request(runtime, {})
    total = reports.build(runtime, desk.user_id("lanhdao.longan"), request).total
    assert (total.received, total.finished, total.early, total.rated, total.satisfied) == (1, 1, 1, 1, 1)
    assert (total.refused_at_intake, total.in_progress, total.on_time_rate) == (1, 0, 100.0)
