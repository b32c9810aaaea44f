"""Ids in a diagram: unique among BPMN elements, and never reused by an extension element.

SpiffWorkflow finds an element by its id anywhere in the file, so a service task's
parameter named like a task (``<spiffworkflow:parameter id="approve">`` next to a
task ``approve``) makes the parser take the parameter for the task and fail with a
message about an unsupported task type. Naming the clash is what the analyst needs.
"""
from __future__ import annotations

from lxml import etree

from motcua.engine.problems import Problem, coded

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DIAGRAM_NAMESPACES = {"http://www.omg.org/spec/BPMN/20100524/DI", "http://www.omg.org/spec/DD/20100524/DC",
                      "http://www.omg.org/spec/DD/20100524/DI"}


def _owner(element: etree._Element) -> str | None:
    """The id of the nearest BPMN element holding an extension element (the task it configures)."""
    for ancestor in element.iterancestors():
        if isinstance(ancestor.tag, str) and etree.QName(ancestor).namespace == BPMN and ancestor.get("id"):
            return ancestor.get("id")
    return None


def id_problems(tree: etree._Element, filename: str) -> list[Problem]:
    """Each BPMN id used twice, and each extension element whose id is a BPMN element's id."""
    problems: list[Problem] = []
    lines: dict[str, int | None] = {}  # None only for an element not parsed from a file
    extensions = []
    for element in tree.iter():
        ident = element.get("id")
        if not isinstance(element.tag, str) or not ident:
            continue
        namespace = etree.QName(element).namespace
        if namespace == BPMN:
            if ident in lines:
                problems.append(coded(filename, "diagram.duplicate_id", ident, element.sourceline,
                                      ident=repr(ident), other=lines[ident]))
            else:
                lines[ident] = element.sourceline
        elif namespace not in DIAGRAM_NAMESPACES:
            extensions.append(element)
    for element in extensions:
        ident = element.get("id")
        if ident in lines:
            what = etree.QName(element).localname
            problems.append(coded(filename, "diagram.id_shadowed", _owner(element), element.sourceline, what=what,
                                  ident=repr(ident), other=lines[ident]))
    return problems
