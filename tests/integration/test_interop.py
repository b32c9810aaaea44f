"""Diagrams from other modelers: what runs is accepted, what another engine would run is named and refused."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from motcua.cli import main
from tests.support.packs import make_pack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_camunda_diagram_is_refused_naming_each_camunda_setting_and_what_replaces_it(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, (FIXTURES / "camunda_leave_request.bpmn").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["validate", str(pack), "--lang", "en"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "bpmn/trial.bpmn:7 [Activity_review]: Camunda 7 setting 'formKey' (attribute) is not run by MotCua: " \
           "give the user task a form with spiffworkflow:formJsonSchemaFilename" in lines[0]
    assert any("[Activity_review]: Camunda 7 setting 'assignee'" in line and "lane" in line for line in lines)
    assert any("[Activity_notify]: Camunda 7 setting 'class'" in line and "serviceTaskOperator" in line
               for line in lines)


def test_the_pack_diagrams_keep_their_layout_for_other_tools() -> None:
    from lxml import etree
    root = Path(__file__).resolve().parents[2] / "bpmn"
    for path in sorted(root.glob("*.bpmn")):
        tree = etree.parse(str(path))
        ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
              "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}
        drawn = {s.get("bpmnElement") for s in tree.iterfind(".//bpmndi:BPMNShape", ns)} | \
                {e.get("bpmnElement") for e in tree.iterfind(".//bpmndi:BPMNEdge", ns)}
        elements = {e.get("id") for e in tree.iterfind(".//bpmn:process/*[@id]", ns)
                    if etree.QName(e).localname not in ("laneSet",)}
        assert elements - drawn == set(), f"{path.name}: not drawn: {sorted(elements - drawn)}"
