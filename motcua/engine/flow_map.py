"""A stored diagram read as the heat map needs it: its steps, its flows, where each is drawn, and which flows a
dossier went along between two steps it was seen at.

The event log knows each human task a dossier completed (its BPMN element id, or on events from before that was
recorded its title) and when. The human tasks of a called part (reception, decision, return) are shown on the
call activity that calls them: one *step* of the procedure's own diagram. The flows a dossier took between two
steps are the path through the automatic elements between them (gateways, service and script tasks, events):
SpiffWorkflow only continues from a completed task along its outgoing flows, so the next human step was reached
along such a path. When two paths join the same two steps the shortest is counted (no diagram of the pack has
two); a step reached along no path (a hand-over by an administrator, a move to another version) adds no flow.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from motcua.engine.diagram import HUMAN_TASKS

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
NODE_KINDS = {"startEvent", "endEvent", "task", "userTask", "manualTask", "serviceTask", "scriptTask",
              "sendTask", "receiveTask", "businessRuleTask", "callActivity", "subProcess", "exclusiveGateway",
              "parallelGateway", "inclusiveGateway", "eventBasedGateway", "intermediateCatchEvent",
              "intermediateThrowEvent", "boundaryEvent"}
HUMAN_KINDS = {"task", "userTask", "manualTask"}


@dataclass(frozen=True)
class Box:
    """Where a shape is drawn (the diagram's DI bounds)."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Node:
    """An element of the procedure's own process: ``kind`` is its BPMN tag (userTask, callActivity, ...)."""

    id: str
    name: str
    kind: str
    called: str | None = None  # the process a call activity calls


@dataclass(frozen=True)
class Flow:
    """A sequence flow with its name (a branch's label) and the points it is drawn through."""

    id: str
    source: str
    target: str
    name: str = ""


@dataclass
class FlowMap:
    """One procedure version's diagram: steps (human tasks and the call activities holding some), flows, DI."""

    process_id: str
    nodes: dict[str, Node]
    flows: dict[str, Flow]
    steps: list[str]  # the nodes a dossier waits at, in the diagram's order
    shapes: dict[str, Box] = field(default_factory=dict)  # by element id (nodes, lanes, pools)
    edges: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # by flow id
    lanes: dict[str, str] = field(default_factory=dict)  # lane id -> its name (a role)
    pools: dict[str, str] = field(default_factory=dict)  # participant id -> its name
    inner: dict[str, str] = field(default_factory=dict)  # a called part's human task id -> the call activity
    titles: dict[str, str] = field(default_factory=dict)  # a human task's name -> the step (names used once)
    names: dict[str, set[str]] = field(default_factory=dict)  # a step -> the names of the human tasks it counts

    def step_of(self, element: str | None, title: str | None = None) -> str | None:
        """The step a completed human task counts for: itself, the call activity that called it, or, for an
        event that names only its title, the step whose task bears that name (None when not found)."""
        if element:
            if element in self.steps:
                return element
            return self.inner.get(element)
        return self.titles.get(title or "")

    def is_part(self, step: str) -> bool:
        """True for a call activity: the human tasks of the part it calls, done in a row, are one stay."""
        node = self.nodes.get(step)
        return node is not None and node.kind == "callActivity"

    def ends(self) -> list[str]:
        """The end events of the procedure's process."""
        return [n.id for n in self.nodes.values() if n.kind == "endEvent"]

    def starts(self) -> list[str]:
        """The start events of the procedure's process."""
        return [n.id for n in self.nodes.values() if n.kind == "startEvent"]

    def path(self, source: str, target: str) -> list[str]:
        """The flows along the shortest way from one node to another through automatic elements only (no other
        step on the way); empty when there is none."""
        outgoing: dict[str, list[Flow]] = {}
        for flow in self.flows.values():
            outgoing.setdefault(flow.source, []).append(flow)
        seen = {source}
        queue: deque[tuple[str, list[str]]] = deque([(source, [])])
        stops = set(self.steps)
        while queue:
            node, taken = queue.popleft()
            for flow in outgoing.get(node, []):
                if flow.target == target:
                    return [*taken, flow.id]
                if flow.target in seen or flow.target in stops:
                    continue
                seen.add(flow.target)
                queue.append((flow.target, [*taken, flow.id]))
        return []


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _parse(diagram_xml: str) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(diagram_xml.encode("utf-8"), parser)


def flow_map(diagram_xml: str, spec: Any, subprocess_specs: dict[str, Any]) -> FlowMap:
    """Read a stored version: its diagram for the shapes and flows, its specs for the parts it calls."""
    root = _parse(diagram_xml)
    processes = root.findall(f"{{{BPMN}}}process")
    process = next((p for p in processes if p.get("id") == spec.name), processes[0] if processes else None)
    if process is None:
        raise ValueError("the stored diagram has no process")
    nodes: dict[str, Node] = {}
    flows: dict[str, Flow] = {}
    for element in process.iter():
        kind = _local(element)
        if kind in NODE_KINDS and element.get("id"):
            nodes[element.get("id")] = Node(element.get("id"), element.get("name") or "", kind,
                                            element.get("calledElement"))
        elif kind == "sequenceFlow":
            flows[element.get("id")] = Flow(element.get("id"), element.get("sourceRef"), element.get("targetRef"),
                                            element.get("name") or "")
    inner: dict[str, str] = {}
    human_names: dict[str, str] = {}
    names: dict[str, set[str]] = {}
    for node in nodes.values():
        if node.kind == "callActivity" and node.called:
            for task_id, name in _human_tasks(node.called, subprocess_specs, set()):
                inner.setdefault(task_id, node.id)
                _name(human_names, name, node.id)
                names.setdefault(node.id, set()).add(name)
    steps = [n.id for n in nodes.values() if n.kind in HUMAN_KINDS
             or (n.kind == "callActivity" and n.id in inner.values())]
    for node in nodes.values():
        if node.kind in HUMAN_KINDS:
            _name(human_names, node.name or node.id, node.id)
            names[node.id] = {node.name or node.id}
    mapped = FlowMap(spec.name, nodes, flows, steps, inner=inner,
                     titles={name: step for name, step in human_names.items() if step}, names=names)
    _read_di(root, mapped)
    mapped.steps.sort(key=lambda s: (mapped.shapes[s].x, mapped.shapes[s].y) if s in mapped.shapes else (0, 0))
    return mapped


def _name(names: dict[str, str], name: str, step: str) -> None:
    """Map a task's name to its step, or to nothing once two steps share the name."""
    names[name] = step if names.get(name, step) == step else ""


def _human_tasks(process_id: str, subprocess_specs: dict[str, Any], visiting: set[str]) -> list[tuple[str, str]]:
    """The human tasks of a called process and of the processes it calls in turn: (BPMN id, name)."""
    spec = subprocess_specs.get(process_id)
    if spec is None or process_id in visiting:
        return []
    visiting.add(process_id)
    found = []
    for task_spec in spec.task_specs.values():
        if isinstance(task_spec, HUMAN_TASKS):
            found.append((task_spec.bpmn_id, task_spec.bpmn_name or task_spec.bpmn_id))
        called = getattr(task_spec, "spec", None)
        if isinstance(called, str):
            found += _human_tasks(called, subprocess_specs, visiting)
    return found


def _read_di(root: Any, mapped: FlowMap) -> None:
    """Shapes and edges of the first diagram's plane (the one bpmn-js shows)."""
    for participant in root.iter(f"{{{BPMN}}}participant"):
        mapped.pools[participant.get("id")] = participant.get("name") or ""
    for lane in root.iter(f"{{{BPMN}}}lane"):
        mapped.lanes[lane.get("id")] = lane.get("name") or ""
    plane = next(root.iter(f"{{{BPMNDI}}}BPMNPlane"), None)
    if plane is None:
        return
    for shape in plane.iter(f"{{{BPMNDI}}}BPMNShape"):
        bounds = shape.find(f"{{{DC}}}Bounds")
        if bounds is not None:
            mapped.shapes[shape.get("bpmnElement", "")] = Box(*(float(bounds.get(k, 0)) for k in
                                                               ("x", "y", "width", "height")))
    for edge in plane.iter(f"{{{BPMNDI}}}BPMNEdge"):
        points = [(float(p.get("x", 0)), float(p.get("y", 0))) for p in edge.findall(f"{{{DI}}}waypoint")]
        if points:
            mapped.edges[edge.get("bpmnElement", "")] = points
