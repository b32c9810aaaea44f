"""Versions: an analyst's saved diagram is used by new dossiers; running ones keep theirs unless migrated."""
from __future__ import annotations

from pathlib import Path

import pytest

from features.steps.land_change import RETURN_DATA, SIGN, VERIFY, receive_data
from motcua.services import versions
from motcua.services.errors import Forbidden
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = (ROOT / "bpmn" / "land_change.bpmn").read_text(encoding="utf-8")
ANALYST = "quytrinh.tayninh"


def renamed(xml: str = ORIGINAL) -> str:
    """The verify step renamed, with the generic review form instead of the land change one."""
    return (xml.replace('<bpmn:userTask id="verify" name="Thẩm định hồ sơ">',
                        '<bpmn:userTask id="verify" name="Thẩm định hồ sơ (quy trình mới)">')
            .replace("land_change_verify.schema.json", "review.schema.json")
            .replace("land_change_verify.uischema.json", "review.uischema.json"))


def verify_renumbered(xml: str = ORIGINAL) -> str:
    """The verify step given another id: to the engine, the old step is gone."""
    for before in ('id="verify"', 'sourceRef="verify"', 'targetRef="verify"', 'attachedToRef="verify"',
                   "<bpmn:flowNodeRef>verify<", 'bpmnElement="verify"'):
        xml = xml.replace(before, before.replace("verify", "assess"))
    return xml


@pytest.fixture
def desk(runtime: Runtime) -> Desk:
    return Desk(runtime)


def test_a_saved_diagram_is_used_by_new_dossiers_while_running_ones_finish_on_theirs(desk: Desk,
                                                                                   runtime: Runtime) -> None:
    old = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), old)

    saved = versions.save_diagram(runtime, desk.user_id(ANALYST), "land_change", renamed())
    assert saved.problems == [] and saved.created and saved.number == 2
    again = versions.save_diagram(runtime, desk.user_id(ANALYST), "land_change", renamed())
    assert again.number == 2 and not again.created

    new = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), new)
    assert sorted(desk.tasks("chuyenvien.longan")) == [("Thẩm định hồ sơ", old),
                                                         ("Thẩm định hồ sơ (quy trình mới)", new)]
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, old)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, old)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, old)
    assert desk.dossier(old).dossier.status == "returned"

    [latest, first] = versions.history(runtime, "land_change")
    assert (latest.number, latest.author, latest.running) == (2, ANALYST, 1)
    assert (first.number, first.author, first.running) == (1, "pack", 0)
    assert versions.diagram(runtime, "land_change") == (2, renamed())


def test_a_diagram_with_problems_is_not_saved_and_each_problem_names_its_element(desk: Desk,
                                                                                 runtime: Runtime) -> None:
    broken = ORIGINAL.replace('id="sign" name="Ký số kết quả">', 'id="sign" name="Ký số kết quả">', 1) \
        .replace('serviceTaskOperator id="signing.sign_result"', 'serviceTaskOperator id="signing.stamp"') \
        .replace("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P6D</bpmn:timeDuration>",
                 "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P1M</bpmn:timeDuration>")
    saved = versions.save_diagram(runtime, desk.user_id(ANALYST), "land_change", broken)
    assert saved.number is None
    assert {(p.element, p.message.split(":")[0]) for p in saved.problems} >= {
        ("sign", "service task names operator 'signing.stamp', which no handler registers (registered"),
        ("verify_late", "timer duration 'P1M'")}
    assert [v.number for v in versions.history(runtime, "land_change")] == [1]


def test_only_an_analyst_saves_diagrams(desk: Desk, runtime: Runtime) -> None:
    with pytest.raises(Forbidden):
        versions.save_diagram(runtime, desk.user_id("lanhdao.longan"), "land_change", renamed())


def test_migration_moves_the_dossiers_the_engine_can_align_and_names_the_others(desk: Desk,
                                                                                runtime: Runtime) -> None:
    waiting = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), waiting)
    analyst = desk.user_id(ANALYST)
    assert versions.save_diagram(runtime, analyst, "land_change", renamed()).number == 2
    assert versions.save_diagram(runtime, analyst, "land_change", verify_renumbered()).number == 3

    refused = versions.migrate(runtime, "land_change", 1, 3)
    assert refused.moved == [] and len(refused.refused) == 1
    code, reason = refused.refused[0]
    assert code == "80001-251124-0001" and "step 'Thẩm định hồ sơ (verify)' it waits at is not in the new version" in reason

    moved = versions.migrate(runtime, "land_change", 1, 2)
    assert moved.moved == ["80001-251124-0001"] and moved.refused == []
    assert desk.tasks("chuyenvien.longan") == [("Thẩm định hồ sơ (quy trình mới)", waiting)]
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ (quy trình mới)",
            {"opinion": "Đạt yêu cầu sau khi chuyển quy trình.", "proposal": "approve"}, waiting)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, waiting)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, waiting)
    view = desk.dossier(waiting)
    assert view.dossier.status == "returned"
    assert "dossier.migrated" in [e.kind for e in view.history]
