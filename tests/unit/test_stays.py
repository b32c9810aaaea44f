"""A dossier's history walked into stays at the steps of its diagram (the real land change diagram), and the
flows between them: completions that record their step, older ones that name only their title, the tasks of
a called part done in a row as one stay, and a dossier still waiting."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from motcua.domain.clock import VN_TZ
from motcua.domain.stays import Done, Waiting, walk
from motcua.engine.flow_map import FlowMap, flow_map
from motcua.engine.pack import Pack

START = datetime(2025, 11, 24, 8, 0, tzinfo=VN_TZ)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


@pytest.fixture(scope="module")
def route(project_pack: Pack) -> FlowMap:
    loaded = project_pack.get("land_change")
    return flow_map(loaded.diagram_xml, loaded.compiled.spec, loaded.compiled.subprocess_specs)


def test_the_diagram_gives_its_steps_in_drawing_order_and_the_parts_they_call(route: FlowMap) -> None:
    assert route.steps == ["reception", "verify", "receive_supplement", "decision", "result_return"]
    assert route.step_of("approve") == "decision" and route.step_of("apology") == "result_return"
    assert route.step_of(None, "Thẩm định hồ sơ") == "verify" and route.step_of("gw_verify") is None
    assert route.path("decision", "verify") == ["f_decision_gw_decision", "f_gw_decision_verify"]
    assert route.path("verify", "result_return") == []  # not without passing the decision
    assert route.shapes["verify"].width > 0 and route.edges["f_gw_decision_verify"]


def test_recorded_steps_make_stays_and_flows(route: FlowMap) -> None:
    done = [Done("a", at(10), 1, "receive", entered_at=at(0)),
            Done("b", at(70), 2, "verify", entered_at=at(10)),
            Done("c", at(80), 2, "approve", entered_at=at(70)),
            Done("d", at(90), 2, "verify", entered_at=at(80), late=True)]
    stays, taken = walk(7, START, done, [Waiting("e", "approve", 2, at(90))], route)
    assert [(s.step, s.unit_id, s.entered_at, s.left_at, s.late) for s in stays] == [
        ("reception", 1, at(0), at(10), False), ("verify", 2, at(10), at(70), False),
        ("decision", 2, at(70), at(80), False), ("verify", 2, at(80), at(90), True), ("decision", 2, at(90), None, False)]
    flows = [t.flow for t in taken]
    assert flows[:1] == ["f_start_reception"] and flows.count("f_gw_decision_verify") == 1
    assert flows.count("f_gw_verify_decision") == 2


def test_older_events_are_placed_by_title_and_a_called_parts_tasks_make_one_stay(route: FlowMap) -> None:
    done = [Done("a", at(10), 1, title="Tiếp nhận, kiểm tra hồ sơ"),
            Done("b", at(50), 1, title="Thẩm định hồ sơ"),
            Done("c", at(60), 1, title="Phê duyệt kết quả"),
            Done("d", at(65), 1, "apology", entered_at=at(60)),
            Done("e", at(75), 1, "return_result", entered_at=at(65), ended="end")]
    stays, taken = walk(7, START, done, [], route)
    assert [(s.step, s.entered_at, s.left_at, s.tasks) for s in stays] == [
        ("reception", at(0), at(10), ["a"]), ("verify", at(10), at(50), ["b"]), ("decision", at(50), at(60), ["c"]),
        ("result_return", at(60), at(75), ["d", "e"])]
    assert [t.flow for t in taken][-1] == "f_result_return_end"
