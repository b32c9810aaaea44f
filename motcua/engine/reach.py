"""Shape rules a diagram must meet before it runs: a start, an end, and nothing unreachable.

Read from the XML itself (not SpiffWorkflow's specs), so an element that no
flow reaches is named even when the engine would silently never get there.
"""
from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from motcua.engine.problems import Problem

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NODE_TAGS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
             "task", "userTask", "manualTask", "serviceTask", "scriptTask", "sendTask", "receiveTask",
             "businessRuleTask", "callActivity", "subProcess", "transaction", "exclusiveGateway",
             "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway"}


def _local(tag: str) -> str:
    return etree.QName(tag).localname


def _containers(tree: etree._Element) -> Iterator[etree._Element]:
    """Every process and (non-event) sub-process: each is its own flow graph."""
    for element in tree.iter(f"{{{BPMN}}}process", f"{{{BPMN}}}subProcess", f"{{{BPMN}}}transaction"):
        if element.get("triggeredByEvent") != "true":
            yield element


def shape_problems(tree: etree._Element, filename: str) -> list[Problem]:
    """A start event, an end event, and every element reachable from a start, in each process and sub-process."""
    problems = []
    for container in _containers(tree):
        nodes = {child.get("id"): child for child in container
                 if isinstance(child.tag, str) and _local(child.tag) in NODE_TAGS}
        kinds = [_local(n.tag) for n in nodes.values()]
        where = container.get("id")
        if "startEvent" not in kinds:
            problems.append(Problem(filename, "has no start event", element=where, line=container.sourceline))
        if "endEvent" not in kinds:
            problems.append(Problem(filename, "has no end event", element=where, line=container.sourceline))
        following: dict[str, list[str]] = {}
        for child in container:
            if not isinstance(child.tag, str):
                continue
            if _local(child.tag) == "sequenceFlow":
                following.setdefault(child.get("sourceRef"), []).append(child.get("targetRef"))
            elif _local(child.tag) == "boundaryEvent":
                following.setdefault(child.get("attachedToRef"), []).append(child.get("id"))
        reached = set()
        waiting = [i for i, n in nodes.items() if _local(n.tag) == "startEvent"]
        while waiting:
            current = waiting.pop()
            if current in reached:
                continue
            reached.add(current)
            waiting.extend(following.get(current, []))
        for node_id, node in nodes.items():
            if node_id not in reached and "startEvent" in kinds:
                problems.append(Problem(filename, "is not reachable from the start event: no sequence flow leads "
                                        "to it", element=node_id, line=node.sourceline))
    return problems
