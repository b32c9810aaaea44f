"""Link events, which SpiffWorkflow 3.2 parses but does not follow: turned into the flows they stand for.

A pair of link events (a throw and a catch of the same name in the same process) is a drawing convenience,
an "off-page connector": the flow continues at the catch. SpiffWorkflow ends the path at the throw and never
reaches the catch, so a dossier would finish half-way. Before the engine sees a diagram, each pair is
rewritten as what it means, a sequence flow from the throw to the catch, with the link definitions taken
off; the diagram the analyst drew, and the version stored, are unchanged.
"""
from __future__ import annotations

import copy

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
LINK = f"{{{BPMN}}}linkEventDefinition"


def _name(event: etree._Element, link: etree._Element) -> str:
    return link.get("name") or event.get("name") or ""


def links_as_flows(tree: etree._Element) -> etree._Element:
    """The tree itself when it has no link events, else a copy with each throw joined to its catch by a flow."""
    if next(tree.iter(LINK), None) is None:
        return tree
    tree = copy.deepcopy(tree)
    for container in tree.iter(f"{{{BPMN}}}process", f"{{{BPMN}}}subProcess", f"{{{BPMN}}}transaction"):
        catches: dict[str, etree._Element] = {}
        throws: list[tuple[etree._Element, str]] = []
        for event in container:
            link = event.find(LINK) if isinstance(event.tag, str) else None
            if link is None:
                continue
            local = etree.QName(event).localname
            if local == "intermediateCatchEvent":
                catches.setdefault(_name(event, link), event)
            elif local == "intermediateThrowEvent":
                throws.append((event, _name(event, link)))
            event.remove(link)
        for throw, name in throws:
            catch = catches.get(name)
            if catch is None:
                continue
            flow_id = f"link_{throw.get('id')}_{catch.get('id')}"
            flow = etree.SubElement(container, f"{{{BPMN}}}sequenceFlow", id=flow_id, sourceRef=throw.get("id", ""),
                                    targetRef=catch.get("id", ""))
            flow.tail = "\n"  # the engine follows sequence flows by their source and target; no refs needed
    return tree
