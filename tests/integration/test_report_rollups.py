"""The report from daily roll-ups: the same figures as counting live, kept right across late events and
redefinitions, rebuilt idempotently by the worker, the command line and on demand."""
from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from motcua.cli import main
from motcua.domain.clock import VN_TZ
from motcua.domain.dossier import PAYMENT_WAIT
from motcua.services import indicators, reports, rollup_upkeep, worker
from motcua.services.errors import ServiceError
from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from motcua.store import report_rollup
from motcua.store.models import (
    Dossier,
    Event,
    OutboxMessage,
    ReportDay,
    ReportDayDossiers,
    RollupDay,
    RollupDirtyDay,
)
from motcua.trial.desk import Desk
from tests.support import generated_register, report_data
from tests.support.report_data import EXPECTED, PERIOD, lines


def build_all(runtime: Runtime) -> int:
    """Run the worker's upkeep until nothing is left to build; the days built."""
    built = 0
    while days := rollup_upkeep.keep_up(runtime).days:
        built += len(days)
    return built


def report(runtime: Runtime, username: str = "lanhdao.tinh", live: bool = False, **args: str) -> reports.Report:
    request = reports.parse_request(runtime, {**PERIOD, **args})
    return reports.build(runtime, Desk(runtime).user_id(username), request, live=live)


def table(runtime: Runtime) -> list[tuple]:
    with runtime.uow() as uow:
        days = uow.session.execute(select(ReportDay).order_by(ReportDay.day, ReportDay.receiving_unit_id,
                                                              ReportDay.procedure_slug)).scalars()
        flows = [(r.day, r.receiving_unit_id, r.procedure_slug, *(getattr(r, f) for f in report_rollup.FLOWS))
                 for r in days]
        marks = sorted(uow.session.execute(select(
            ReportDayDossiers.day, ReportDayDossiers.receiving_unit_id, ReportDayDossiers.procedure_slug,
            ReportDayDossiers.measure, ReportDayDossiers.previous_day, ReportDayDossiers.dossiers)).all(),
            key=lambda row: tuple(str(v) for v in row))
    return flows + [tuple(m) for m in marks]


@pytest.fixture
def province(runtime: Runtime) -> Runtime:
    add_user(runtime, "lanhdao.tinh", "Lãnh đạo tỉnh", "motcua-demo", [("80000", "leader")])
    return runtime


def test_the_known_month_read_from_the_roll_up_has_every_figure(province: Runtime) -> None:
    report_data.load(province)
    assert not report(province).rolled_up  # April to July not built yet: more than a month would be counted live
    assert build_all(province) == (date(2025, 7, 9) - date(2025, 4, 1)).days + 1
    found = report(province)
    assert found.rolled_up and lines(found) == EXPECTED


def test_the_roll_up_path_equals_the_live_path_on_a_generated_register(province: Runtime) -> None:
    generated_register.generate(province, 400)
    build_all(province)
    rng = random.Random(5)
    periods = [("2025-06-01", "2025-06-30"), ("2025-05-01", "2025-07-10"), ("2025-07-10", "2025-07-10"),
               ("2025-07-01", "2025-07-31"), ("2025-08-01", "2025-08-31"), ("2025-04-01", "2025-04-30")]
    for _ in range(12):
        first = date(2025, 4, 25) + timedelta(days=rng.randrange(80))
        periods.append((first.isoformat(), (first + timedelta(days=rng.randrange(40))).isoformat()))
    for first, last in periods:
        for narrowed in ({}, {"unit": "80001"}, {"procedure": "land_change"}):
            args = {"from": first, "to": last, **narrowed}
            rolled, live = report(province, **args), report(province, live=True, **args)
            assert rolled.rolled_up and not live.rolled_up
            assert lines(rolled) == lines(live), (first, last, narrowed)
    assert report(province).total.received > 0


def test_rebuilding_a_day_twice_leaves_the_same_rows(province: Runtime) -> None:
    generated_register.generate(province, 150)
    build_all(province)
    before = table(province)
    done = rollup_upkeep.rebuild(province, date(2025, 6, 1), date(2025, 6, 30))
    assert len(done.days) == 30 and done.rows["report"] > 0
    rollup_upkeep.rebuild(province, date(2025, 6, 1), date(2025, 6, 30), ["report"])
    assert table(province) == before


def test_two_workers_building_the_same_days_at_once_leave_the_rows_of_one(province: Runtime) -> None:
    generated_register.generate(province, 150)
    build_all(province)
    before = table(province)
    with province.uow() as uow:  # the days built anew, as after a new definition of the roll-ups
        uow.session.query(RollupDay).delete()
        uow.commit()
    with ThreadPoolExecutor(2) as pool:  # neither round may fail; whichever comes second rebuilds or finds none left
        rounds = list(pool.map(lambda _: rollup_upkeep.keep_up(province, limit=400), range(2)))
    assert rounds[0].days or rounds[1].days
    assert table(province) == before


def test_a_late_event_for_a_rolled_up_day_changes_the_report_after_the_next_round(province: Runtime) -> None:
    ids = report_data.load(province)
    build_all(province)
    june = report(province).total
    with province.uow() as uow:  # a supplement request recorded today for 20 June (a late import, a correction)
        uow.session.add(Event(dossier_id=ids["K2"], at=datetime(2025, 6, 20, 10, tzinfo=VN_TZ),
                              kind="dossier.supplement_requested", detail={}))
        uow.commit()
    with province.uow() as uow:
        assert uow.session.scalars(select(RollupDirtyDay.day)).all() == [date(2025, 6, 20)]
        stale = uow.session.get(ReportDay, (date(2025, 6, 20), uow.units.by_code("80002").id, "land_change"))
        assert stale is None  # nothing happened to Kiến Tường's land changes that day when it was built
    meanwhile = report(province)  # the dirty day is counted live until it is rebuilt
    assert meanwhile.rolled_up and meanwhile.total.supplement_requests == june.supplement_requests + 1
    assert worker.one_round(province, None).rolled_up == 1
    with province.uow() as uow:
        assert uow.session.scalars(select(RollupDirtyDay.day)).all() == []
        row = uow.session.get(ReportDay, (date(2025, 6, 20), uow.units.by_code("80002").id, "land_change"))
        assert row is not None and row.supplement_requests == 1
    after = report(province).total
    assert (after.supplement_requests, after.supplement_dossiers) == (june.supplement_requests + 1,
                                                                      june.supplement_dossiers + 1)
    assert lines(report(province)) == lines(report(province, live=True))


def test_a_wait_for_payment_is_not_counted_as_a_request_to_supplement(province: Runtime) -> None:
    ids = report_data.load(province)
    build_all(province)
    june = report(province).total
    with province.uow() as uow:  # handlers/processing.await_payment's pause, recorded late for 20 June
        uow.session.add(Event(dossier_id=ids["K2"], at=datetime(2025, 6, 20, 10, tzinfo=VN_TZ), kind="dossier.paused",
                              detail={"request": f"{PAYMENT_WAIT}: lệ phí trước bạ", "reason": "payment"}))
        uow.commit()
    assert worker.one_round(province, None).rolled_up >= 1  # the day, and those the pause moves (due, received)
    with province.uow() as uow:
        assert uow.session.scalars(select(RollupDirtyDay.day)).all() == []
    after = report(province)
    assert (after.total.supplement_requests, after.total.supplement_dossiers) == (june.supplement_requests,
                                                                                  june.supplement_dossiers)
    assert lines(after) == lines(report(province, live=True))


def test_a_late_event_moves_the_first_day_a_dossier_is_counted_on(province: Runtime) -> None:
    ids = report_data.load(province)
    build_all(province)
    with province.uow() as uow:  # A8 was asked to supplement on 8 and 18 June; now also on 2 June
        uow.session.add(Event(dossier_id=ids["A8"], at=datetime(2025, 6, 2, 10, tzinfo=VN_TZ),
                              kind="dossier.paused", detail={}))
        uow.commit()
    with province.uow() as uow:
        # its day and those of its later events; for the indicators' open state, also the days it was received
        # (5 June) and is due (19 June)
        assert uow.session.scalars(select(RollupDirtyDay.day)).all() == [
            date(2025, 6, 2), date(2025, 6, 5), date(2025, 6, 8), date(2025, 6, 9), date(2025, 6, 18),
            date(2025, 6, 19)]
    build_all(province)
    for first, last in (("2025-06-01", "2025-06-30"), ("2025-06-05", "2025-06-30"), ("2025-06-03", "2025-06-10")):
        args = {"from": first, "to": last}
        assert lines(report(province, **args)) == lines(report(province, live=True, **args))


def test_a_changed_definition_is_counted_live_until_the_worker_rebuilt_it(province: Runtime,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    report_data.load(province)
    build_all(province)
    monkeypatch.setattr(report_rollup.ReportRollup, "version", report_rollup.VERSION + 1)
    stale = report(province)
    assert not stale.rolled_up and lines(stale) == EXPECTED
    build_all(province)
    with province.uow() as uow:
        assert set(uow.session.scalars(select(RollupDay.version).where(RollupDay.name == "report"))) == {
            report_rollup.VERSION + 1}
    fresh = report(province)
    assert fresh.rolled_up and lines(fresh) == EXPECTED


def test_a_step_today_marks_no_day_and_today_is_counted_live(province: Runtime) -> None:
    from features.steps.land_change import receive_data

    report_data.load(province)
    build_all(province)
    desk = Desk(province)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), dossier)
    with province.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(RollupDirtyDay)) == 0
    today = report(province, **{"from": "2025-07-01", "to": "2025-07-10"})
    assert today.rolled_up and today.total.received == 2  # A7 on 1 July from the roll-up, this one live


def test_today_cannot_be_rebuilt_and_unknown_roll_ups_are_named(province: Runtime) -> None:
    report_data.load(province)
    with pytest.raises(ServiceError) as today:
        rollup_upkeep.rebuild(province, date(2025, 7, 9), date(2025, 7, 10))
    assert today.value.code == "rollups.not_closed"
    with pytest.raises(ServiceError) as unknown:
        rollup_upkeep.rebuild(province, date(2025, 7, 1), date(2025, 7, 2), ["khong_co"])
    assert unknown.value.code == "rollups.unknown_name"


def test_the_command_line_rebuilds_a_span_of_days(database_url: str, tmp_path) -> None:
    env = {"DATABASE_URL": database_url, "MOTCUA_INSTANCE_DIR": str(tmp_path / "instance"),
           "MOTCUA_SECRET_KEY": "cli-test", "LANG": "C.UTF-8", "MOTCUA_NOW": "2025-07-10T09:00:00+07:00"}
    runner = CliRunner()
    done = runner.invoke(main, ["rollups", "rebuild", "--from", "2025-06-01", "--to", "30/06/2025"], env=env)
    assert done.exit_code == 0, done.output
    assert "30 day(s) rebuilt, 01/06/2025–30/06/2025" in done.output
    refused = runner.invoke(main, ["rollups", "rebuild", "--from", "2025-07-01", "--to", "2025-07-10"], env=env)
    assert refused.exit_code == 1 and "is not over yet" in refused.output


def test_an_administrator_sees_the_backlog_and_rebuilds_days_on_demand(province: Runtime) -> None:
    from motcua.web import create_app
    from tests.support.web import Clerk

    report_data.load(province)
    app = create_app({"RUNTIME": province, "TESTING": True, "SECRET_KEY": "test"})
    admin = Clerk(app, "quantri.longan")
    page = admin.get("/quan-tri/tong-hop/")
    assert page.status_code == 200 and "Số ngày chờ tổng hợp: 100." in page.text
    assert "Ngày có dữ liệu thay đổi muộn: 01/04/2025" in page.text  # the month was written after it happened
    done = admin.submit("/quan-tri/tong-hop/", {"from": "01/06/2025", "to": "30/06/2025"})
    assert done.status_code == 302
    assert "Số ngày chờ tổng hợp: 70." in admin.get("/quan-tri/tong-hop/").text
    wrong = admin.submit("/quan-tri/tong-hop/", {"from": "01/07/2025", "to": "10/07/2025"})
    assert wrong.status_code == 400 and "chưa kết thúc" in wrong.text
    assert Clerk(app, "tiepnhan.longan").get("/quan-tri/tong-hop/").status_code == 403


def test_a_correction_of_a_finished_dossier_marks_the_day_it_counts_on(province: Runtime) -> None:
    ids = report_data.load(province)
    build_all(province)
    with province.uow() as uow:  # A3, finished on 10 June and rated "unsatisfied", is corrected to "satisfied"
        uow.session.get(Dossier, ids["A3"]).rating = "satisfied"
        uow.session.get(Dossier, ids["A8"]).status = "processing"  # a step on an open dossier marks nothing
        uow.commit()
    with province.uow() as uow:
        assert uow.session.scalars(select(RollupDirtyDay.day)).all() == [date(2025, 6, 10)]
    corrected = report(province)
    assert corrected.rolled_up and corrected.total.satisfied == EXPECTED[(None, None)]["satisfied"] + 1
    build_all(province)
    assert lines(report(province)) == lines(corrected) == lines(report(province, live=True))


def test_the_api_says_which_path_answered_and_for_which_days(province: Runtime) -> None:
    from motcua.web import create_app
    from tests.support.web import Clerk

    ids = report_data.load(province)
    leader = Clerk(create_app({"RUNTIME": province, "TESTING": True, "SECRET_KEY": "test"}), "lanhdao.tinh")
    june = "/api/v1/reports?from=2025-06-01&to=2025-06-30"
    assert leader.get(june).get_json()["source"] == {  # nothing built yet: all counted live
        "path": "live", "rolled_up_days": [], "live_days": [{"from": "2025-06-01", "to": "2025-06-30"}],
        "live_days_before": [], "database": "primary", "replica_lag_seconds": None}
    build_all(province)
    with province.uow() as uow:  # a late supplement request for 20 June: that day is counted live until rebuilt
        uow.session.add(Event(dossier_id=ids["K2"], at=datetime(2025, 6, 20, 10, tzinfo=VN_TZ),
                              kind="dossier.supplement_requested", detail={}))
        uow.commit()
    body = leader.get(june).get_json()
    assert body["source"] == {
        "path": "rollup", "rolled_up_days": [{"from": "2025-06-01", "to": "2025-06-19"},
                                             {"from": "2025-06-21", "to": "2025-06-30"}],
        "live_days": [{"from": "2025-06-20", "to": "2025-06-20"}], "live_days_before": [], "database": "primary",
        "replica_lag_seconds": None}
    assert body["total"]["supplement_requests"] == EXPECTED[(None, None)]["supplement_requests"] + 1
    running = leader.get("/api/v1/reports?from=2025-07-01&to=2025-07-31").get_json()["source"]
    assert running["rolled_up_days"] == [{"from": "2025-07-01", "to": "2025-07-09"}]  # today (10 July) on: live
    assert running["live_days"] == [{"from": "2025-07-10", "to": "2025-07-31"}]
    assert running["live_days_before"] == [{"from": "2025-06-20", "to": "2025-06-20"}]  # for the carried over


def scores(found: indicators.IndicatorReport) -> dict:
    return {r.indicator.key: (r.numerator, r.denominator) for g in found.groups for r in g.results}


def indicator_report(runtime: Runtime, live: bool = False, **args: str) -> indicators.IndicatorReport:
    request = reports.parse_request(runtime, {**PERIOD, **args})
    return indicators.build(runtime, Desk(runtime).user_id("lanhdao.tinh"), request, live=live)


def test_the_indicators_from_the_roll_up_equal_the_live_ones_on_a_generated_register(province: Runtime) -> None:
    generated_register.generate(province, 400)
    assert not indicator_report(province).rolled_up  # nothing built: counted live
    build_all(province)
    rng = random.Random(9)
    periods = [("2025-06-01", "2025-06-30"), ("2025-05-01", "2025-07-10"), ("2025-07-10", "2025-07-10"),
               ("2025-07-01", "2025-07-31"), ("2025-05-01", "2025-05-31"), ("2025-07-01", "2025-07-09")]
    for _ in range(10):
        first = date(2025, 4, 25) + timedelta(days=rng.randrange(80))
        periods.append((first.isoformat(), (first + timedelta(days=rng.randrange(40))).isoformat()))
    for first, last in periods:
        for narrowed in ({}, {"unit": "80001"}, {"procedure": "land_change"}):
            args = {"from": first, "to": last, **narrowed}
            rolled, live = indicator_report(province, **args), indicator_report(province, live=True, **args)
            assert rolled.rolled_up and not live.rolled_up
            assert scores(rolled) == scores(live), (first, last, narrowed)
    june = scores(indicator_report(province))
    assert all(june[key][1] for key in ("on_time", "online", "synced", "electronic_result", "reused")), june
    assert 0 < june["synced"][0] < june["synced"][1] and 0 < june["on_time"][0] < june["on_time"][1]


def test_late_facts_of_the_indicators_mark_their_days_and_are_counted_after_the_next_round(province: Runtime) -> None:
    generated_register.generate(province, 200)
    build_all(province)
    with province.uow() as uow:  # a status of a June dossier reaches the portal today; another's result is signed
        synced = uow.session.scalars(select(Dossier).where(
            Dossier.received_at >= datetime(2025, 6, 1, tzinfo=VN_TZ), Dossier.received_at < datetime(
                2025, 6, 30, tzinfo=VN_TZ), ~Dossier.id.in_(select(OutboxMessage.dossier_id).where(
                    OutboxMessage.delivered_at.is_not(None))))).first()
        signed = uow.session.scalars(select(Dossier).where(
            Dossier.finished_at >= datetime(2025, 6, 1, tzinfo=VN_TZ), Dossier.timeliness.is_not(None),
            Dossier.finished_at < datetime(2025, 6, 30, tzinfo=VN_TZ), Dossier.result_electronic_at.is_(None))).first()
        uow.session.add(OutboxMessage(dossier_id=synced.id, topic="dossier.status", payload={},
                                      created_at=report_data.at("10/07"), available_at=report_data.at("10/07"),
                                      delivered_at=report_data.at("10/07")))
        signed.result_electronic_at = report_data.at("10/07")
        days = {synced.received_at.astimezone(VN_TZ).date(), signed.finished_at.astimezone(VN_TZ).date()}
        uow.commit()
    with province.uow() as uow:
        assert days <= set(uow.session.scalars(select(RollupDirtyDay.day)))
    before = scores(indicator_report(province, live=True))
    for found in (indicator_report(province), (build_all(province), indicator_report(province))[1]):
        assert found.rolled_up and scores(found) == before
    with province.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(RollupDirtyDay)) == 0


def test_a_dossier_finished_today_after_two_requests_is_not_on_time_in_a_period_running_into_today(
        province: Runtime) -> None:
    # today's flows are counted without the open state (judged now instead): the requests of the dossiers finished
    # today must still be read
    generated_register.generate(province, 200)
    build_all(province)
    with province.uow() as uow:
        dossier = uow.session.scalars(select(Dossier).where(
            Dossier.finished_at.is_(None), Dossier.received_at < datetime(2025, 6, 25, tzinfo=VN_TZ))
            .order_by(Dossier.id)).first()
        for day in (26, 28):
            uow.session.add(Event(dossier_id=dossier.id, at=datetime(2025, 6, day, 10, tzinfo=VN_TZ),
                                  kind="dossier.paused", detail={}))
        dossier.finished_at, dossier.timeliness = report_data.at("10/07") - timedelta(hours=1), "on_time"
        dossier.due_at, dossier.paused_at = report_data.at("10/07") + timedelta(days=3), None
        uow.commit()
    build_all(province)
    for first in ("2025-07-01", "2025-07-10", "2025-06-01"):
        args = {"from": first, "to": "2025-07-10"}
        rolled, live = indicator_report(province, **args), indicator_report(province, live=True, **args)
        assert rolled.rolled_up and scores(rolled) == scores(live), first
