"""Versions: an analyst's saved diagram is used by new dossiers; running ones keep theirs unless migrated."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

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


def without(task: str, xml: str = ORIGINAL) -> str:
    """A step taken out of the diagram, the flow into it led to what came after it."""
    tree = etree.fromstring(xml.encode("utf-8"))
    ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    out = tree.find(f".//bpmn:sequenceFlow[@sourceRef='{task}']", ns)
    for flow in tree.findall(f".//bpmn:sequenceFlow[@targetRef='{task}']", ns):
        flow.set("targetRef", out.get("targetRef"))
    for gone in [out, *tree.xpath(f"//*[@id='{task}' or @bpmnElement='{task}' or @bpmnElement='{out.get('id')}']"),
                 *tree.xpath(f"//bpmn:flowNodeRef[text()='{task}']", namespaces=ns)]:
        gone.getparent().remove(gone)
    target = tree.find(f".//*[@id='{out.get('targetRef')}']")
    for incoming in target.findall("bpmn:incoming", ns):
        if incoming.text == out.get("id"):
            incoming.text = tree.find(f".//bpmn:sequenceFlow[@targetRef='{out.get('targetRef')}']", ns).get("id")
    return etree.tostring(tree, encoding="unicode")


def renumbered(task: str, xml: str = ORIGINAL) -> str:
    """A step given another id: to the engine, the old step is gone."""
    for before in (f'id="{task}"', f'sourceRef="{task}"', f'targetRef="{task}"', f'attachedToRef="{task}"',
                   f"<bpmn:flowNodeRef>{task}<", f'bpmnElement="{task}"'):
        xml = xml.replace(before, before.replace(task, "assess"))
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
    broken = ORIGINAL.replace('serviceTaskOperator id="transfer.to_reception"', 'serviceTaskOperator id="transfer.teleport"') \
        .replace("intake_decision == 'refuse'", "intake_decision ==")
    saved = versions.save_diagram(runtime, desk.user_id(ANALYST), "land_change", broken)
    assert saved.number is None
    assert {(p.element, p.message.split(":")[0]) for p in saved.problems} >= {
        ("back", "service task names operator 'transfer.teleport', which no handler registers (registered"),
        ("gw_received", "condition 'intake_decision ==' is not a valid expression")}
    assert [v.number for v in versions.history(runtime, "land_change")] == [1]


def test_only_an_analyst_saves_diagrams(desk: Desk, runtime: Runtime) -> None:
    with pytest.raises(Forbidden):
        versions.save_diagram(runtime, desk.user_id("lanhdao.longan"), "land_change", renamed())


def test_a_step_quota_of_the_catalogue_must_name_a_task_of_the_diagram(desk: Desk, runtime: Runtime) -> None:
    saved = versions.save_diagram(runtime, desk.user_id(ANALYST), "land_change", renumbered("verify"))
    assert saved.number is None
    assert [(p.file, p.message.split(",")[0]) for p in saved.problems] == [
        ("processes/land_change.toml", "steps.verify names task 'verify'")]


def test_migration_moves_the_dossiers_the_engine_can_align_and_names_the_others(desk: Desk,
                                                                                runtime: Runtime) -> None:
    waiting = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), waiting)
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ",
            {"opinion": "Thiếu bản sao hợp đồng.", "proposal": "supplement",
             "supplement_request": "Bản sao hợp đồng chuyển nhượng"}, waiting)
    analyst = desk.user_id(ANALYST)
    assert versions.save_diagram(runtime, analyst, "land_change", renamed()).number == 2
    assert versions.save_diagram(runtime, analyst, "land_change", without("receive_supplement")).number == 3

    refused = versions.migrate(runtime, "land_change", 1, 3)
    assert refused.moved == [] and len(refused.refused) == 1
    code, reason = refused.refused[0]
    assert code == "000.00.31.H53-251124-0001" and \
        "step 'Tiếp nhận hồ sơ bổ sung (receive_supplement)' it waits at is not in the new version" in reason

    moved = versions.migrate(runtime, "land_change", 1, 2)
    assert moved.moved == ["000.00.31.H53-251124-0001"] and moved.refused == []
    with runtime.uow() as uow:  # the waiting task moved with it (the heat map counts it under version 2)
        assert {(i.version_id, uow.versions.get(i.version_id).number) for i in uow.work_items.for_dossier(waiting)} \
            == {(uow.dossiers.require(waiting).version_id, 2)}
    desk.do("tiepnhan.longan", "Tiếp nhận hồ sơ bổ sung",
            {"papers_received": [{"name": "Bản sao hợp đồng chuyển nhượng", "originals": 0, "copies": 1}],
             "supplement_complete": True}, waiting)
    assert desk.tasks("chuyenvien.longan") == [("Thẩm định hồ sơ (quy trình mới)", waiting)]
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ (quy trình mới)",
            {"opinion": "Đạt yêu cầu sau khi chuyển quy trình.", "proposal": "approve"}, waiting)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, waiting)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, waiting)
    view = desk.dossier(waiting)
    assert view.dossier.status == "returned"
    assert "dossier.migrated" in [e.kind for e in view.history]
