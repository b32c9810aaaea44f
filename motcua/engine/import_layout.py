"""Lanes and timers an import adds, drawn so bpmn-js shows them where the diagram's layout already is.

Another engine says who does a task on the task itself (``candidateGroups``);
MotCua says it with the lane the task sits in. A process without lanes gets a
pool (when it has none) and one horizontal lane per role, stacked in the order
the roles' tasks appear from top to bottom, each band drawn around its tasks.
The existing shapes never move: when tasks of two roles interleave vertically
no band can hold them all, and the importer names each task drawn outside its
lane (bpmn-js reassigns a task to the lane it is dropped in, so the analyst
only has to drag it).
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
POOL_LABEL = 30  # bpmn-js draws a pool's name in a 30 px strip on its left
MARGIN = 40
# What may precede a process's laneSet in the BPMN schema (tProcess's sequence).
BEFORE_LANES = {"documentation", "extensionElements", "auditing", "monitoring", "categoryValueRef", "property"}


@dataclass
class Box:
    """A shape's bounds."""

    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        """The vertical centre, which decides the lane a shape is in."""
        return self.y + self.height / 2


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def bounds_of(root: etree._Element) -> dict[str, tuple[etree._Element, Box]]:
    """Each drawn element's shape and bounds, by the id of the element it draws (on any plane)."""
    found: dict[str, tuple[etree._Element, Box]] = {}
    for shape in root.iter(f"{{{BPMNDI}}}BPMNShape"):
        box = shape.find(f"{{{DC}}}Bounds")
        if box is not None:
            found[shape.get("bpmnElement", "")] = (shape, Box(*(float(box.get(k, 0)) for k in
                                                              ("x", "y", "width", "height"))))
    return found


def _shape(plane: etree._Element, element_id: str, box: Box, index: int | None = None,
           horizontal: bool = False) -> etree._Element:
    shape = etree.Element(f"{{{BPMNDI}}}BPMNShape", id=f"{element_id}_di", bpmnElement=element_id)
    if horizontal:
        shape.set("isHorizontal", "true")
    etree.SubElement(shape, f"{{{DC}}}Bounds", x=_n(box.x), y=_n(box.y), width=_n(box.width),
                     height=_n(box.height))
    if index is None:
        plane.append(shape)
    else:
        plane.insert(index, shape)
    return shape


def _n(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def draw_boundary(task: tuple[etree._Element, Box] | None, event_id: str, slot: int) -> None:
    """A boundary event's shape on the lower edge of its task (on the task's plane), right to left by ``slot``."""
    if task is None:
        return
    shape, box = task
    plane = shape.getparent()
    if plane is None:  # not drawn on a plane: nowhere to draw the event either
        return
    _shape(plane, event_id, Box(box.x + box.width - 46 - 40 * slot, box.y + box.height - 18, 36, 36))


@dataclass
class LanePlan:
    """Lanes to add to a process: the role of each, its members, and which human tasks are drawn outside it."""

    roles: list[str]
    members: dict[str, list[str]]
    misplaced: list[tuple[str, str]]  # (task id, its role)


def plan_lanes(nodes: list[str], wanted: dict[str, str], drawn: dict[str, tuple[etree._Element, Box]],
               top: float, bottom: float) -> tuple[LanePlan, list[float]]:
    """Assign every flow node to a role's lane and cut the pool into bands, keeping every shape in place."""
    def middle(node: str) -> float | None:
        return drawn[node][1].middle if node in drawn else None

    by_role: dict[str, list[float]] = {}
    for task, role in wanted.items():
        y = middle(task)
        by_role.setdefault(role, []).append(top if y is None else y)
    roles = sorted(by_role, key=lambda r: sum(by_role[r]) / len(by_role[r]))
    cuts = []
    for above, below in zip(roles, roles[1:], strict=False):
        low, high = max(by_role[above]), min(by_role[below])
        cuts.append((low + high) / 2 if low < high else
                    (sum(by_role[above]) / len(by_role[above]) + sum(by_role[below]) / len(by_role[below])) / 2)
    members: dict[str, list[str]] = {role: [] for role in roles}
    misplaced = []
    for node in nodes:
        y = middle(node)
        band = roles[sum(1 for cut in cuts if y is not None and y > cut)]
        if node in wanted:
            members[wanted[node]].append(node)
            if wanted[node] != band:
                misplaced.append((node, wanted[node]))
        else:
            members[band].append(node)
    return LanePlan(roles, members, misplaced), [top, *cuts, bottom]


def add_lanes(process: etree._Element, plan: LanePlan, lane_ids: dict[str, str], laneset_id: str) -> None:
    """The process's laneSet, in the place the BPMN schema wants it."""
    laneset = etree.Element(f"{{{BPMN}}}laneSet", id=laneset_id)
    for role in plan.roles:
        lane = etree.SubElement(laneset, f"{{{BPMN}}}lane", id=lane_ids[role], name=role)
        for node in plan.members[role]:
            etree.SubElement(lane, f"{{{BPMN}}}flowNodeRef").text = node
    place = next((i for i, child in enumerate(process)
                  if not isinstance(child.tag, str) or _local(child) not in BEFORE_LANES), len(process))
    process.insert(place, laneset)


def pool_box(drawn: dict[str, tuple[etree._Element, Box]], nodes: list[str]) -> Box | None:
    """A pool around every drawn node of the process, with room for its name strip."""
    boxes = [drawn[n][1] for n in nodes if n in drawn]
    if not boxes:
        return None
    left, top = min(b.x for b in boxes), min(b.y for b in boxes)
    right, bottom = max(b.x + b.width for b in boxes), max(b.y + b.height for b in boxes)
    return Box(left - MARGIN - POOL_LABEL, top - MARGIN, right - left + 2 * MARGIN + POOL_LABEL,
               bottom - top + 2 * MARGIN)


def draw_pool(plane: etree._Element, participant_id: str, box: Box) -> None:
    """The new participant's shape, first on the plane so it is drawn beneath the rest."""
    _shape(plane, participant_id, box, index=0, horizontal=True)


def draw_lanes(plane: etree._Element, pool: Box, bands: list[float], lane_ids: list[str],
               after: etree._Element | None) -> None:
    """One shape per lane: full width of the pool past its name strip, between the band's cuts."""
    index = plane.index(after) + 1 if after is not None else 0
    for number, lane_id in enumerate(lane_ids):
        top, bottom = bands[number], bands[number + 1]
        _shape(plane, lane_id, Box(pool.x + POOL_LABEL, top, pool.width - POOL_LABEL, bottom - top),
               index=index + number, horizontal=True)
