"""Diagrams from other modelers in the browser: imported, drawn, saved, and their layout and extensions kept."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree
from playwright.sync_api import Page, expect

from motcua.engine.foreign import ENGINES
from motcua.services import versions
from motcua.services.runtime import Runtime
from tests.browser.test_modeler import open_modeler

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SPIFFARENA = FIXTURES / "spiffarena_roundtrip.bpmn"
CAMUNDA = FIXTURES / "camunda7_verification.bpmn"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
BPMNDI = "{http://www.omg.org/spec/BPMN/20100524/DI}"
ROUND_TRIP = """async (xml) => {
  const modeler = document.querySelector("#canvas").modeler;
  const { warnings } = await modeler.importXML(xml);
  const { xml: saved } = await modeler.saveXML({ format: true });
  return { warnings: warnings.map((w) => w.message), xml: saved };
}"""

# A procedure on a pattern with nothing fitted in its catalogue entry: an imported diagram replaces its drawing
# without having to carry the task ids a catalogue quota or form names (land change names several).
PLAIN = "festival_notice"


def layout(xml: str | bytes) -> dict[str, Any]:
    """Every shape's and label's bounds and every edge's waypoints, by the element drawn."""
    root = etree.fromstring(xml if isinstance(xml, bytes) else xml.encode("utf-8"))
    drawn: dict[str, Any] = {}
    for shape in root.iter(f"{BPMNDI}BPMNShape", f"{BPMNDI}BPMNEdge"):
        drawn[shape.get("bpmnElement")] = [
            (etree.QName(e).localname, tuple(float(e.get(k, "nan")) for k in ("x", "y", "width", "height")
                                             if e.get(k) is not None))
            for e in shape.iter() if etree.QName(e).localname in ("Bounds", "waypoint")]
    return drawn


def canonical(element: etree._Element) -> tuple[Any, ...]:
    return (element.tag, tuple(sorted(element.attrib.items())), (element.text or "").strip(),
            tuple(canonical(c) for c in element if isinstance(c.tag, str)))


def extensions(xml: str | bytes, drop_engines: bool = False) -> dict[str, Any]:
    """Each element's extension elements and foreign attributes (those of other engines left out if asked)."""
    root = etree.fromstring(xml if isinstance(xml, bytes) else xml.encode("utf-8"))
    found: dict[str, Any] = {}
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.get("id"):
            continue
        foreign = {k: v for k, v in element.attrib.items() if k.startswith("{")}
        children = [c for ext in element.findall(f"{BPMN}extensionElements") for c in ext]
        if drop_engines:
            foreign = {k: v for k, v in foreign.items() if etree.QName(k).namespace not in ENGINES}
            children = [c for c in children if etree.QName(c).namespace not in ENGINES]
        if foreign or children:
            found[element.get("id")] = (sorted(foreign.items()), [canonical(c) for c in children])
    return found


def test_bpmn_js_keeps_the_layout_and_every_extension_of_a_diagram_from_another_modeler(
        page: Page, live_url: str) -> None:
    open_modeler(page, live_url, PLAIN)
    source = SPIFFARENA.read_text(encoding="utf-8")
    result = page.evaluate(ROUND_TRIP, source)
    assert result["warnings"] == []
    assert layout(result["xml"]) == layout(source.encode("utf-8"))
    assert extensions(result["xml"]) == extensions(source.encode("utf-8"))
    assert "camunda:properties" in result["xml"] and "foo:config" in result["xml"]


def test_a_spiffarena_diagram_imported_and_saved_keeps_its_layout_and_extensions_but_no_camunda_settings(
        page: Page, live_url: str, runtime: Runtime) -> None:
    open_modeler(page, live_url, PLAIN)
    page.set_input_files("#import-file", str(SPIFFARENA))
    expect(page.locator("#import-status")).to_have_text(
        "Đã mở sơ đồ nhập từ spiffarena_roundtrip.bpmn (Camunda 7, Camunda 8 (Zeebe))")
    expect(page.locator("#import-notes")).to_contain_text(
        "dòng 19 [check]: Đã bỏ thiết lập asyncBefore='true' (thuộc tính) của Camunda 7")
    expect(page.locator("#import-notes")).to_contain_text(
        "dòng 33 [check]: Đã bỏ thiết lập properties (phần tử) của Camunda 8 (Zeebe)")
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("Đã lưu phiên bản 2")
    _, saved = versions.diagram(runtime, PLAIN)
    source = SPIFFARENA.read_bytes()
    assert layout(saved) == {k.replace("copies", "specialist_leader"): v for k, v in layout(source).items()}
    assert extensions(saved) == extensions(source, drop_engines=True)
    assert "camunda:" not in saved and "zeebe:" not in saved
    assert 'modeler:executionPlatform="Camunda Platform"' in saved and 'bioc:stroke="#1e88e5"' in saved


def test_a_camunda_diagram_imported_shows_its_notes_draws_its_new_lanes_and_timer_and_saves(
        page: Page, live_url: str, runtime: Runtime) -> None:
    open_modeler(page, live_url, PLAIN)
    page.set_input_files("#import-file", str(CAMUNDA))
    expect(page.locator("#import-status")).to_have_text("Đã mở sơ đồ nhập từ camunda7_verification.bpmn (Camunda 7)")
    expect(page.locator("#import-converted")).to_contain_text(
        "dòng 7 [verify]: candidateGroups 'Chuyên viên xử lý' của Camunda 7 -> làn specialist")
    expect(page.locator("#import-notes li")).to_have_count(4)
    page.locator("#import-notes button", has_text="[verify]").first.click()  # a note's element, selected
    expect(page.locator("#panel h3")).to_have_text("UserTask · verify")
    expect(page.locator("#prop-form")).to_have_value("land_change_verify")
    for drawn in ("Lane_specialist", "Lane_leader", "verify_due", "verify", "approve"):
        expect(page.locator(f'g.djs-element[data-element-id="{drawn}"]')).to_have_count(1)
    page.click('g.djs-element[data-element-id="Lane_leader"]', position={"x": 40, "y": 20})  # clear of its tasks
    expect(page.locator("#prop-role")).to_have_value("leader")
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("Đã lưu phiên bản 2")
    _, saved = versions.diagram(runtime, PLAIN)
    before, after = layout(CAMUNDA.read_bytes()), layout(saved)
    assert {k: after[k] for k in before} == before
    assert {"Lane_specialist", "Lane_leader", "verify_due"} <= set(after)
