"""The heat map's figures from generated dossiers with known step times: counts, medians and 90th percentiles
within their bucket, the share late, flows (send-back and supplement loops), the slow step red, the dossiers
behind a figure under the reports' access rules, and the roll-up rebuilt idempotently."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from features.steps.land_change import RETURN_DATA, SEND_BACK, SIGN, VERIFY, receive_data
from motcua.domain.clock import FixedClock
from motcua.domain.histogram import EDGES
from motcua.services import heatmap, unit_transit
from motcua.services.errors import Forbidden, NotFound
from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from motcua.store import rollup_days, rollups
from motcua.store.models import Event, FlowRollup, StepRollup, StepStay, WorkItem
from motcua.trial.desk import Desk
from tests.support import heatmap_data
from tests.support.heatmap_data import FIRST, LAST, NOW, PERIOD, Task, nearest_rank, plan
from tests.support.statements import captured


def heat_for(runtime: Runtime, username: str, **args: str) -> heatmap.HeatMap:
    return heatmap.build(runtime, Desk(runtime).user_id(username), heatmap.parse_request(runtime, {**PERIOD, **args}))


def hand_stays(step: str, slow: str = "verify") -> list[float]:
    """The working minutes of each finished stay at a step, from the plan: a called part's tasks done one after
    the other are one stay (the plan never has two in a row)."""
    return [task.minutes for tasks in plan(slow) for task in tasks if heatmap_data.STEP_OF[task.element] == step]


@pytest.fixture
def province(runtime: Runtime) -> dict[str, int]:
    add_user(runtime, "lanhdao.tinh", "Lãnh đạo tỉnh", "motcua-demo", [("80000", "leader")])
    return heatmap_data.load(runtime)


def test_each_step_shows_the_hand_computed_figures(runtime: Runtime, province: dict) -> None:
    heat = heat_for(runtime, "lanhdao.longan")
    figures = {s.element: s for s in heat.steps}
    assert list(figures) == ["reception", "verify", "receive_supplement", "decision", "result_return"]
    verify = figures["verify"]
    assert hand_stays("verify") == [600, 900, 30, 1200, 60, 1500, 2000]
    assert verify.finished == 7 and verify.over_deadline == 2 and verify.late_share == 28.6
    assert (verify.now, verify.now_late) == (3, 1)  # W1, W2 (past due) and T1; Kiến Tường's K1 is not Long An's
    for step in ("reception", "verify", "receive_supplement", "decision", "result_return"):
        values = hand_stays(step) + ([10, 20, 30] if step == "reception" else [])  # W1, W2, T1 were received
        assert figures[step].finished == len(values)
        for q, read in ((0.5, figures[step].median), (0.9, figures[step].p90)):
            exact = nearest_rank(values, q)
            assert read is not None and read.low <= exact < (read.high or float("inf")), (step, q, exact, read)
            assert read.low <= read.value < (read.high or float("inf"))
    assert (verify.median.low, verify.median.high) == (900, 1350)  # the hand median, 900, lies in [900, 1350)
    assert (verify.p90.low, verify.p90.high) == (1350, 2250)  # the hand p90, 2000
    assert figures["reception"].entered == 8  # today's reception (T1) comes from the live computation


def test_flows_show_the_send_back_and_the_supplement_loops(runtime: Runtime, province: dict) -> None:
    taken = {f.id: f.taken for f in heat_for(runtime, "lanhdao.longan").flows}
    assert taken["f_start_reception"] == 8  # five finished, W1, W2, T1
    assert taken["f_route_verify"] == 8
    assert taken["f_gw_decision_verify"] == 1  # the leader sent one back
    assert taken["f_gw_verify_pause"] == 1 and taken["f_resume_verify"] == 1  # one supplement
    assert taken["f_gw_verify_decision"] == 6 and taken["f_gw_decision_back"] == 5
    assert taken["f_result_return_end"] == 5 and taken["f_gw_received_end_refused"] == 0


@pytest.mark.parametrize("slow", ["verify", "approve"])
def test_the_slow_step_turns_red(runtime: Runtime, slow: str) -> None:
    heatmap_data.load(runtime, slow=slow)
    heat = heat_for(runtime, "lanhdao.longan")
    red = heatmap_data.STEP_OF[slow]
    levels = {s.element: s.as_json()["colour"] for s in heat.steps}
    assert levels[red] == "red" and [e for e, c in levels.items() if c == "red"] == [red]
    assert levels["reception"] == "green"
    from motcua.web.heatmap_svg import diagram_svg
    svg = diagram_svg(heat).decode("utf-8")
    assert f'data-element="{red}" data-level="4"' in svg and 'fill="#ef9a9a"' in svg


def test_the_dossiers_behind_a_figure_are_only_those_the_reader_may_see(runtime: Runtime, province: dict) -> None:
    desk = Desk(runtime)
    request = heatmap.parse_request(runtime, PERIOD)
    own = heatmap.dossiers_behind(runtime, desk.user_id("lanhdao.longan"), request, "verify", "now")
    assert sorted(line.code for line in own) == ["80001-T1", "80001-W1", "80001-W2"]
    assert all(line.can_open for line in own)
    late = heatmap.dossiers_behind(runtime, desk.user_id("lanhdao.longan"), request, "verify", "late")
    assert sorted(line.code for line in late) == ["80001-D3", "80001-D4"]
    assert [line.working_minutes for line in late] == [2000, 1500]
    other = heatmap.dossiers_behind(runtime, desk.user_id("lanhdao.kientuong"), request, "verify", "now")
    assert [line.code for line in other] == ["80002-K1"]
    with pytest.raises(Forbidden):
        heatmap.dossiers_behind(runtime, desk.user_id("lanhdao.kientuong"),
                                heatmap.parse_request(runtime, {**PERIOD, "unit": "80001"}), "verify")
    with pytest.raises(Forbidden):
        heat_for(runtime, "chuyenvien.longan")  # specialists do not read reports
    province_wide = heatmap.dossiers_behind(runtime, desk.user_id("lanhdao.tinh"), request, "verify", "now")
    assert len(province_wide) == 4 and not any(line.can_open for line in province_wide)  # listed, not opened
    with pytest.raises(NotFound, match="gw_verify"):
        heatmap.dossiers_behind(runtime, desk.user_id("lanhdao.longan"), request, "gw_verify")


def test_the_dossiers_behind_built_days_come_from_the_roll_up_and_match_the_event_log(runtime: Runtime,
                                                                                    province: dict) -> None:
    user = Desk(runtime).user_id("lanhdao.longan")
    past = heatmap.parse_request(runtime, {**PERIOD, "to": (LAST - timedelta(days=1)).isoformat()})
    with captured(runtime) as statements:
        late = heatmap.dossiers_behind(runtime, user, past, "verify", "late")
        finished = heatmap.dossiers_behind(runtime, user, past, "verify", "finished")
    assert not [s for s in statements if "FROM events" in s], statements  # no walk through the event log
    assert [(line.code, line.working_minutes, line.late) for line in late] == [
        ("80001-D4", 2000, True), ("80001-D3", 1500, True)]
    assert [line.working_minutes for line in finished] == sorted(hand_stays("verify"), reverse=True)
    with runtime.uow() as uow:  # the days marked dirty (a late event): walked from the event log again
        rollup_days.mark(uow.session, [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days)],
                         runtime.clock)
        uow.commit()
    with captured(runtime) as statements:
        assert heatmap.dossiers_behind(runtime, user, past, "verify", "late") == late
        assert heatmap.dossiers_behind(runtime, user, past, "verify", "finished") == finished
    assert [s for s in statements if "FROM events" in s]
    with captured(runtime) as statements:  # waiting at a task: its oldest work items, no history walked
        waiting = heatmap.dossiers_behind(runtime, user, past, "verify", "now")
    assert not [s for s in statements if "FROM events" in s], statements
    assert [line.code for line in waiting] == ["80001-W1", "80001-W2", "80001-T1"]  # offered 08:10, 08:20, today
    assert [line.late for line in waiting] == [False, True, False]
    # waiting at a called part's task: the stay at the call activity, found by walking the history
    heatmap_data.add_dossier(runtime, "80001", "P1", NOW.replace(hour=8), [Task("receive", 30), Task("verify", 60)],
                             ("approve", timedelta(days=1)))
    at_part = heatmap.dossiers_behind(runtime, user, past, "decision", "now")
    assert [(line.code, line.working_minutes, line.left_at) for line in at_part] == [("80001-P1", 30, None)]


def test_a_step_of_several_tasks_counts_each_dossier_waiting_there_once(runtime: Runtime, province: dict) -> None:
    # the return part has two tasks (the apology of a late dossier, the return): they are one step on the map
    assert {s.element: s.now for s in heat_for(runtime, "lanhdao.longan").steps}["result_return"] == 0
    done = [Task("receive", 10), Task("verify", 600), Task("approve", 30)]
    heatmap_data.add_dossier(runtime, "80001", "R1", NOW.replace(hour=8), done, ("return_result", timedelta(days=1)))
    late = heatmap_data.add_dossier(runtime, "80001", "R2", NOW.replace(hour=8), done, ("apology", -timedelta(days=1)))
    with runtime.uow() as uow:  # and a dossier with a work item at each task (an apology offered twice over)
        item = uow.session.scalars(select(WorkItem).where(WorkItem.dossier_id == late)).one()
        uow.session.add(WorkItem(task_id="second", dossier_id=late, version_id=item.version_id, unit_id=item.unit_id,
                                 role="specialist", element_id="return_result", title="Trả kết quả cho công dân",
                                 created_at=item.created_at, due_at=NOW + timedelta(days=1)))
        uow.commit()
    returning = {s.element: s for s in heat_for(runtime, "lanhdao.longan").steps}["result_return"]
    assert (returning.now, returning.now_late) == (2, 1)


def test_a_province_sees_its_units_side_by_side(runtime: Runtime, province: dict) -> None:
    heat = heat_for(runtime, "lanhdao.tinh")
    assert set(heat.by_unit) == {"80001", "80002"}
    kien_tuong = {s.element: s for s in heat.by_unit["80002"]}
    assert kien_tuong["verify"].now == 1 and kien_tuong["reception"].finished == 1
    assert {s.element: s.now for s in heat.steps}["verify"] == 4
    long_an = {s.element: s.level for s in heat.by_unit["80001"]}
    assert long_an["verify"] == 4 and kien_tuong["reception"].level == 1  # one scale for every unit
    assert kien_tuong["verify"].level == 0  # nothing finished there: no colour


def test_trends_give_each_step_its_weeks(runtime: Runtime, province: dict) -> None:
    weeks = heatmap.trends(runtime, Desk(runtime).user_id("lanhdao.longan"), heatmap.parse_request(runtime, PERIOD))
    verify = weeks["verify"]
    assert [w.monday for w in verify] == [date(2025, 11, 10), date(2025, 11, 17), date(2025, 11, 24)]
    assert sum(w.finished for w in verify) == 7
    assert [w.finished for w in weeks["reception"]] == [5, 0, 3]  # W1, W2 yesterday, T1 today (live)


def test_rebuilding_a_day_is_idempotent(runtime: Runtime, province: dict) -> None:
    with runtime.uow() as uow:
        before = uow.session.scalars(select(StepRollup).order_by(StepRollup.id)).all()
        snapshot = sorted((r.day, r.unit_id, r.element, r.entered, r.finished, r.m_900) for r in before)
        flows = uow.session.scalar(select(func.sum(FlowRollup.taken)))
        stays = sorted(uow.session.execute(select(StepStay.day, StepStay.dossier_id, StepStay.element,
                                                  StepStay.working_minutes)).all())
    heatmap_data.rebuild_past_days(runtime)
    with runtime.uow() as uow:
        again = uow.session.scalars(select(StepRollup)).all()
        assert sorted((r.day, r.unit_id, r.element, r.entered, r.finished, r.m_900) for r in again) == snapshot
        assert uow.session.scalar(select(func.sum(FlowRollup.taken))) == flows
        assert stays and sorted(uow.session.execute(select(StepStay.day, StepStay.dossier_id, StepStay.element,
                                                           StepStay.working_minutes)).all()) == stays


def real_dossier(runtime: Runtime, clock: FixedClock) -> int:
    """A land change dossier received in Long An on Monday 24/11 08:30, examined in Kiến Tường, sent back once by
    its leader, signed, and returned in Long An the next day."""
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    clock.advance(timedelta(minutes=20))
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(parcel_unit="80002"))
    clock.advance(timedelta(hours=2))
    desk.do("chuyenvien.kientuong", "Thẩm định hồ sơ", VERIFY)
    clock.advance(timedelta(hours=1))
    desk.do("lanhdao.kientuong", "Phê duyệt kết quả", SEND_BACK)
    desk.do("chuyenvien.kientuong", "Thẩm định hồ sơ", VERIFY)
    desk.do("lanhdao.kientuong", "Phê duyệt kết quả", SIGN)
    clock.advance(timedelta(days=1))
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA)
    return dossier


def test_a_real_dossier_records_its_steps_and_the_flows_it_took(runtime: Runtime, clock: FixedClock) -> None:
    dossier = real_dossier(runtime, clock)
    with runtime.uow() as uow:
        done = [e.detail for e in uow.session.scalars(select(Event).where(
            Event.dossier_id == dossier, Event.kind == "task.completed").order_by(Event.id))]
        assert [d["element"] for d in done] == ["receive", "verify", "approve", "verify", "approve", "return_result"]
        assert done[1]["entered_at"] == "2025-11-24T08:50:00+07:00" and done[-1]["ended"] == "end"
        for day in (date(2025, 11, 24), date(2025, 11, 25)):
            rollups.rebuild(uow.session, day, ["steps"])
        taken = dict(uow.session.execute(select(FlowRollup.flow, func.sum(FlowRollup.taken))
                                         .group_by(FlowRollup.flow)).all())
        verify = uow.session.scalars(select(StepRollup).where(StepRollup.element == "verify")).one()
        assert (verify.finished, verify.m_120, verify.m_0) == (2, 1, 1)  # 2 h, then 0 h (the same moment)
    assert taken["f_gw_decision_verify"] == 1 and taken["f_gw_decision_back"] == 1
    assert taken["f_start_reception"] == 1 and taken["f_result_return_end"] == 1


def test_time_between_units_follows_the_hand_overs(runtime: Runtime, clock: FixedClock) -> None:
    real_dossier(runtime, clock)  # now is Tuesday 25/11 11:50, just after the return
    with runtime.uow() as uow:
        rollups.rebuild(uow.session, date(2025, 11, 24), ["steps"])  # Monday from the roll-up, today live
        uow.commit()
    request = heatmap.parse_request(runtime, {"procedure": "land_change", "from": "2025-11-24", "to": "2025-11-25"})
    transit = unit_transit.between_units(runtime, Desk(runtime).user_id("lanhdao.tayninh"), request)

    def buckets(durations: unit_transit.Durations) -> list[int]:
        return [EDGES[i] for i, n in enumerate(durations.counts) for _ in range(n)]

    # handed over at 08:50, Kiến Tường's first step done at 10:50 (120 working minutes); back at 11:50 on Monday,
    # returned on Tuesday at 11:50 (450)
    hops = {(h.source, h.target): buckets(h.transit) for h in transit.hops}
    assert hops == {("Phường Long An", "Phường Kiến Tường"): [120], ("Phường Kiến Tường", "Phường Long An"): [450]}
    held = {h.unit: (buckets(h.held), h.held.running) for h in transit.holdings}
    assert held == {"Phường Long An": ([15, 450], 0), "Phường Kiến Tường": ([120], 0)}  # 20 min, 450; 160
    own = unit_transit.between_units(runtime, Desk(runtime).user_id("lanhdao.kientuong"), request)
    assert [h.unit for h in own.holdings] == ["Phường Kiến Tường"]
    assert {(h.source, h.target) for h in own.hops} == set(hops)  # both ends of a hand-over see it
