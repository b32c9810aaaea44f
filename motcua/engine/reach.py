"""Shape rules a diagram must meet before it runs: a start, an end, and nothing unreachable.

Read from the XML itself (not SpiffWorkflow's specs), so an element that no
flow reaches is named even when the engine would silently never get there.
"""
from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from motcua.engine.problems import Problem, coded

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NODE_TAGS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
             "task", "userTask", "manualTask", "serviceTask", "scriptTask", "sendTask", "receiveTask",
             "businessRuleTask", "callActivity", "subProcess", "transaction", "exclusiveGateway",
             "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway"}


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def _containers(tree: etree._Element) -> Iterator[etree._Element]:
    """Every process and sub-process (event sub-processes too): each is its own flow graph."""
    yield from tree.iter(f"{{{BPMN}}}process", f"{{{BPMN}}}subProcess", f"{{{BPMN}}}transaction")


def _started_otherwise(node: etree._Element) -> bool:
    """Nodes no sequence flow needs to reach: an event sub-process (its start event triggers it) and a
    compensation handler (reached by an association from a compensation boundary event)."""
    return node.get("triggeredByEvent") == "true" or node.get("isForCompensation") == "true"


def _link_name(node: etree._Element) -> str | None:
    """The name a link event pairs by (its linkEventDefinition's name, else the event's own name)."""
    link = node.find(f"{{{BPMN}}}linkEventDefinition")
    return None if link is None else (link.get("name") or node.get("name") or "")


def shape_problems(tree: etree._Element, filename: str) -> list[Problem]:
    """A start event, an end event, and every element reachable from a start, in each process and sub-process."""
    problems = []
    for container in _containers(tree):
        nodes = {child.get("id", ""): child for child in container
                 if isinstance(child.tag, str) and _local(child) in NODE_TAGS}
        kinds = [_local(n) for n in nodes.values()]
        where = container.get("id")
        if "startEvent" not in kinds:
            problems.append(coded(filename, "diagram.no_start", where, container.sourceline))
        if "endEvent" not in kinds:
            problems.append(coded(filename, "diagram.no_end", where, container.sourceline))
        following: dict[str, list[str]] = {}
        catches: dict[str, list[str]] = {}
        for child in container:
            if not isinstance(child.tag, str):
                continue
            if _local(child) == "sequenceFlow":
                following.setdefault(child.get("sourceRef", ""), []).append(child.get("targetRef", ""))
            elif _local(child) == "boundaryEvent":
                following.setdefault(child.get("attachedToRef", ""), []).append(child.get("id", ""))
            elif _local(child) == "intermediateCatchEvent" and _link_name(child) is not None:
                catches.setdefault(_link_name(child) or "", []).append(child.get("id", ""))
        for node_id, node in nodes.items():  # a link throw event continues at the catch event of the same name
            if _local(node) == "intermediateThrowEvent" and _link_name(node) is not None:
                following.setdefault(node_id, []).extend(catches.get(_link_name(node) or "", []))
        reached = set()
        waiting = [i for i, n in nodes.items() if _local(n) == "startEvent" or _started_otherwise(n)]
        while waiting:
            current = waiting.pop()
            if current in reached:
                continue
            reached.add(current)
            waiting.extend(following.get(current, []))
        for node_id, node in nodes.items():
            if node_id not in reached and "startEvent" in kinds:
                problems.append(coded(filename, "diagram.unreachable", node_id or None, node.sourceline))
    return problems
