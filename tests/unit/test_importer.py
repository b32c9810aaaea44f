"""Importing diagrams from Camunda 7/8, Flowable and Activiti: what maps is converted, the rest is listed by line."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from motcua.engine.diagram import compile_diagram
from motcua.engine.handlers import HandlerRegistry
from motcua.engine.import_conditions import translate_condition
from motcua.engine.importer import Imported, import_diagram
from motcua.engine.problems import PackError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "import"
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC", "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core"}
FOREIGN = ("http://camunda.org/schema/1.0/bpmn", "http://camunda.org/schema/zeebe/1.0", "http://flowable.org/bpmn",
           "http://activiti.org/bpmn")


@pytest.fixture(scope="module")
def handlers() -> HandlerRegistry:
    return HandlerRegistry.load(ROOT / "handlers")


@pytest.fixture(scope="module")
def forms() -> dict[str, bool]:
    folder = ROOT / "forms"
    return {p.name.removesuffix(".schema.json"): (folder / p.name.replace(".schema.", ".uischema.")).is_file()
            for p in folder.glob("*.schema.json")}


def convert(name: str, forms: dict[str, bool], handlers: HandlerRegistry, **options: str) -> Imported:
    return import_diagram((FIXTURES / name).read_bytes(), name, forms, operators=handlers.names(), **options)


def tree(imported: Imported) -> etree._Element:
    return etree.fromstring(imported.xml.encode("utf-8"))


def said(problems: list, element: str) -> list[str]:
    return [f"{p.line}: {p.message}" for p in problems if p.element == element]


def bounds(root: etree._Element, element: str) -> tuple[str, ...]:
    box = root.find(f".//bpmndi:BPMNShape[@bpmnElement='{element}']/dc:Bounds", NS)
    return tuple(box.get(k) for k in ("x", "y", "width", "height"))


def test_a_camunda_7_diagram_maps_forms_groups_due_dates_conditions_and_topics_and_then_passes_the_checks(
        forms: dict[str, bool], handlers: HandlerRegistry) -> None:
    imported = convert("camunda7_verification.bpmn", forms, handlers)
    root = tree(imported)
    assert imported.engines == ["Camunda 7"]
    assert said(imported.converted, "verify") == [
        "7: Camunda 7 formKey 'embedded:app:forms/land_change_verify.html' -> form land_change_verify",
        "7: Camunda 7 candidateGroups 'Chuyên viên xử lý' -> lane specialist",
        "7: Camunda 7 dueDate 'P3D' -> non-interrupting timer verify_due (P3D in working time)"]
    verify = root.find(".//bpmn:userTask[@id='verify']", NS)
    assert verify.findtext("bpmn:extensionElements/spiffworkflow:formJsonSchemaFilename", namespaces=NS) == \
        "land_change_verify.schema.json"
    assert verify.findtext("bpmn:extensionElements/spiffworkflow:formUiSchemaFilename", namespaces=NS) == \
        "land_change_verify.uischema.json"
    timer = root.find(".//bpmn:boundaryEvent[@attachedToRef='verify']", NS)
    assert timer.get("cancelActivity") == "false"
    assert timer.findtext("bpmn:timerEventDefinition/bpmn:timeDuration", namespaces=NS) == "P3D"
    lanes = {lane.get("name"): [r.text for r in lane] for lane in root.iterfind(".//bpmn:lane", NS)}
    assert "verify" in lanes["specialist"] and "verify_due" in lanes["specialist"]
    assert {"approve", "back"} <= set(lanes["leader"])
    assert root.find(".//bpmn:serviceTask[@id='back']/bpmn:extensionElements/spiffworkflow:serviceTaskOperator",
                     NS).get("id") == "transfer.to_reception"
    assert root.findtext(".//bpmn:sequenceFlow[@id='f_not_ok']/bpmn:conditionExpression", namespaces=NS) == \
        "proposal != 'approve'"
    assert said(imported.notes, "verify") == [
        "7: Camunda 7 setting asyncBefore='true' (attribute) was removed: nothing to set: MotCua runs each step in "
        "its own transaction",
        "10: Camunda 7 setting inputOutput (element) was removed: pass data through a handler's parameters or a "
        "Python script task"]
    assert [p.line for p in imported.notes if p.element == "verification"] == [3, 3]  # historyTimeToLive, versionTag
    assert not any(p.element == "back" for p in imported.notes)  # camunda:type="external" went with its topic
    assert not any(etree.QName(n).namespace in FOREIGN for e in root.iter() if isinstance(e.tag, str)
                   for n in [e.tag, *e.attrib])
    compile_diagram(imported.xml.encode("utf-8"), "verification.bpmn", "verification", ROOT / "forms", handlers)


def test_the_layout_is_kept_and_what_the_import_adds_is_drawn(forms: dict[str, bool],
                                                              handlers: HandlerRegistry) -> None:
    source = etree.parse(str(FIXTURES / "camunda7_verification.bpmn")).getroot()
    root = tree(convert("camunda7_verification.bpmn", forms, handlers))
    for element in ("start", "verify", "gw", "approve", "back", "end", "end_refused"):
        assert bounds(root, element) == bounds(source, element)
    shape = root.find(".//bpmndi:BPMNShape[@bpmnElement='verify']", NS)
    assert shape.get("{http://bpmn.io/schema/bpmn/biocolor/1.0}stroke") == "#1e88e5"  # colours stay
    assert root.get("{http://camunda.org/schema/modeler/1.0}executionPlatform") == "Camunda Platform"
    plane = root.find(".//bpmndi:BPMNPlane", NS)
    participant = root.find("bpmn:collaboration/bpmn:participant", NS)
    assert plane.get("bpmnElement") == root.find("bpmn:collaboration", NS).get("id")
    assert participant.get("processRef") == "verification"
    pool = [float(v) for v in bounds(root, participant.get("id"))]
    specialist = [float(v) for v in bounds(root, "Lane_specialist")]
    leader = [float(v) for v in bounds(root, "Lane_leader")]
    assert specialist[1] == pool[1] and leader[1] + leader[3] == pool[1] + pool[3]
    assert specialist[1] < 80 + 40 < specialist[1] + specialist[3] <= leader[1] < 240 + 40  # each task in its band
    due = [float(v) for v in bounds(root, "verify_due")]
    assert 240 <= due[0] <= 340 and due[1] == 80 + 80 - 18  # on the task's lower edge


def test_a_camunda_8_diagram_gets_lanes_inside_its_pool_and_lists_job_types_and_feel_due_dates(
        forms: dict[str, bool], handlers: HandlerRegistry) -> None:
    imported = convert("camunda8_intake.bpmn", forms, handlers)
    root = tree(imported)
    assert imported.engines == ["Camunda 8 (Zeebe)"]
    assert said(imported.converted, "receive") == [
        "12: Camunda 8 (Zeebe) formKey 'land_change_receive' -> form land_change_receive",
        "13: Camunda 8 (Zeebe) candidateGroups 'Reception clerk' -> lane reception"]
    assert said(imported.converted, "f_big") == ["41: condition '=amount > 100 and not(exempt)' -> "
                                                 "'amount > 100 and not (exempt)'"]
    assert [p.line for p in imported.notes if p.element == "receive"] == [14, 15]
    assert "dueDate='=now() + duration(\"P1D\")'" in imported.notes[0].message
    assert said(imported.notes, "pay") == [
        "29: Camunda 8 (Zeebe) setting taskDefinition='payment-service' (element) was removed: name a MotCua "
        "handler with spiffworkflow:serviceTaskOperator"]
    lane = root.find(".//bpmn:lane", NS)
    assert lane.get("name") == "reception" and "receive" in [r.text for r in lane]
    assert bounds(root, lane.get("id")) == ("150", "60", "570", "250")  # the pool's, past its name strip
    with pytest.raises(PackError) as refused:  # the job type is listed, and validation still wants a handler
        compile_diagram(imported.xml.encode("utf-8"), "intake.bpmn", "intake_c8", ROOT / "forms", handlers)
    assert [p.element for p in refused.value.problems] == ["pay"]


def test_a_flowable_diagram_keeps_its_lanes_named_as_roles_and_lists_what_is_not_simple(
        forms: dict[str, bool], handlers: HandlerRegistry) -> None:
    imported = convert("flowable_review.bpmn20.xml", forms, handlers)
    root = tree(imported)
    assert {lane.get("id"): lane.get("name") for lane in root.iterfind(".//bpmn:lane", NS)} == {
        "lane_leaders": "leader", "lane_team": "specialist"}
    assert "8: lane 'Lãnh đạo' -> role leader" in said(imported.converted, "lane_leaders")
    assert said(imported.converted, "f4") == ["35: condition '${amount > 1000 && !urgent}' -> "
                                              "'amount > 1000 and not urgent'"]
    notes = {p.element: [] for p in imported.notes}
    for p in imported.notes:
        notes[p.element].append(f"{p.line}: {p.message}")
    assert any(n.startswith("21: Flowable dueDate 'P1M' was removed") and "months" in n for n in notes["check"])
    assert any(n.startswith("26: Flowable candidateGroups 'specialist,leader' was removed: it names several roles "
                            "(leader, specialist)") for n in notes["decide"])
    assert any("'${initiator}' was removed: it is an expression" in n for n in notes["decide"])
    assert any("start form 'start_form'" in n for n in notes["start"])
    assert notes["f5"] == ["38: condition '${execution.getVariable(\"amount\") <= 1000}' is not a simple comparison: "
                           "kept as it is; write it as a Python expression (e.g. decision == 'approve')"]
    assert any("groovy" in n for n in notes["compute"])
    assert root.findtext(".//bpmn:sequenceFlow[@id='f5']/bpmn:conditionExpression", namespaces=NS).startswith("${")
    assert bounds(root, "lane_team") == ("60", "180", "670", "150")


def test_an_activiti_diagram_without_layout_gets_its_lanes_and_is_told_it_has_none(
        forms: dict[str, bool], handlers: HandlerRegistry) -> None:
    imported = convert("activiti_apology.bpmn", forms, handlers)
    root = tree(imported)
    assert said(imported.converted, "write")[:2] == ["5: Activiti formKey 'apology.form' -> form apology",
                                                     "5: Activiti candidateGroups 'Lanh dao' -> lane leader"]
    assert [c.findtext("bpmn:conditionExpression", namespaces=NS) for c in root.iterfind(".//bpmn:sequenceFlow", NS)
            if c.find("bpmn:conditionExpression", NS) is not None] == ["approved", "not approved"]
    assert any("no layout" in p.message for p in imported.notes)
    assert any(p.element == "write" and "'${deadline}'" in p.message for p in imported.notes)
    compile_diagram(imported.xml.encode("utf-8"), "apology.bpmn", "apology", ROOT / "forms", handlers)


def test_tasks_of_different_roles_on_one_row_are_named_as_drawn_outside_their_lane(
        forms: dict[str, bool], handlers: HandlerRegistry) -> None:
    source = (FIXTURES / "camunda7_verification.bpmn").read_text(encoding="utf-8")
    same_row = source.replace('<dc:Bounds x="370" y="240"', '<dc:Bounds x="370" y="80"')
    imported = import_diagram(same_row.encode("utf-8"), "row.bpmn", forms, operators=handlers.names())
    misplaced = [p for p in imported.notes if "drawn outside" in p.message]
    assert len(misplaced) == 1 and misplaced[0].element in ("verify", "approve") and misplaced[0].line in (7, 22)


def test_the_modeler_import_renames_the_process_to_the_procedure_s(forms: dict[str, bool],
                                                                   handlers: HandlerRegistry) -> None:
    imported = convert("camunda7_verification.bpmn", forms, handlers, process_id="land_change")
    root = tree(imported)
    assert imported.process_ids == ["land_change"]
    assert root.find("bpmn:collaboration/bpmn:participant", NS).get("processRef") == "land_change"
    assert "3: process 'verification' -> 'land_change' (the procedure's process_id)" in \
        said(imported.converted, "verification")


def test_a_bpmn_io_diagram_s_only_process_becomes_executable(forms: dict[str, bool],
                                                            handlers: HandlerRegistry) -> None:
    source = (FIXTURES / "camunda7_verification.bpmn").read_text(encoding="utf-8")
    drawn = source.replace('isExecutable="true"', 'isExecutable="false"').encode("utf-8")
    imported = import_diagram(drawn, "bpmnio.bpmn", forms, operators=handlers.names(), process_id="trial")
    assert imported.process_ids == ["trial"]
    assert "3: isExecutable 'false' -> 'true' (the diagram's only process is the one MotCua runs)" in \
        said(imported.converted, "verification")


def test_a_diagram_declared_in_another_encoding_is_read_by_its_declaration(forms: dict[str, bool],
                                                                           handlers: HandlerRegistry) -> None:
    text = (FIXTURES / "activiti_apology.bpmn").read_text(encoding="utf-8")
    wide = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    imported = import_diagram(wide, "apology.bpmn", forms)
    assert 'name="Viết thư xin lỗi"' in imported.xml and imported.xml.startswith("<?xml version='1.0' encoding='UTF-8'")
    assert said(imported.converted, "write")[0] == "5: Activiti formKey 'apology.form' -> form apology"


def test_a_condition_in_a_script_language_is_kept_and_listed() -> None:
    source = b"""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">
  <sequenceFlow id="f" sourceRef="a" targetRef="b">
    <conditionExpression language="groovy">x == 1</conditionExpression></sequenceFlow></process></definitions>"""
    imported = import_diagram(source, "g.bpmn", {})
    assert said(imported.notes, "f") == ["3: condition in 'groovy' kept as it is: write it as a Python expression "
                                         "(e.g. decision == 'approve')"]
    assert 'language="groovy">x == 1<' in imported.xml


def test_what_is_not_a_bpmn_diagram_is_refused_naming_the_line() -> None:
    with pytest.raises(PackError, match="XML is not well-formed") as broken:
        import_diagram(b"<bpmn:definitions", "x.bpmn", {})
    assert broken.value.problems[0].line == 1
    with pytest.raises(PackError, match="not a BPMN 2.0 diagram"):
        import_diagram(b"<html/>", "x.bpmn", {})
    with pytest.raises(PackError):
        import_diagram(b'<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>', "x.bpmn", {})


@pytest.mark.parametrize(("condition", "python"), [
    ("${a == 'x'}", "a == 'x'"), ("#{a eq 1 and b gt 2}", "a == 1 and b > 2"), ("${!done || late}", "not done or late"),
    ("${ok == true}", "ok == True"), ('= status = "done"', 'status == "done"'), ("= x != null", "x != None"),
    ("${a.b == 1}", None), ("${empty list}", None), ("${f(x)}", None), ("= some x in y satisfies x > 1", None),
    ("amount > 1", None), ("${a = 1}", None),
])
def test_simple_juel_and_feel_conditions_become_python_and_others_are_refused(condition: str,
                                                                              python: str | None) -> None:
    assert translate_condition(condition) == python
