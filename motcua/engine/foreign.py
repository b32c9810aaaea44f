"""Diagrams from other engines' modelers: name what they carry that this engine will not run.

Camunda Modeler, Zeebe and Flowable write execution settings as their own
attributes and extension elements (``camunda:formKey``, ``camunda:class``,
``zeebe:taskDefinition``). SpiffWorkflow ignores them silently; an analyst
should instead learn which MotCua setting replaces each one.
"""
from __future__ import annotations

from lxml import etree

from motcua.engine.problems import Problem

ENGINES = {
    "http://camunda.org/schema/1.0/bpmn": "Camunda 7",
    "http://camunda.org/schema/zeebe/1.0": "Camunda 8 (Zeebe)",
    "http://flowable.org/bpmn": "Flowable",
    "http://activiti.org/bpmn": "Activiti",
}
INSTEAD = {
    "formKey": "give the user task a form with spiffworkflow:formJsonSchemaFilename",
    "formRef": "give the user task a form with spiffworkflow:formJsonSchemaFilename",
    "userTask": "give the user task a form with spiffworkflow:formJsonSchemaFilename",
    "formDefinition": "give the user task a form with spiffworkflow:formJsonSchemaFilename",
    "class": "name a MotCua handler with spiffworkflow:serviceTaskOperator",
    "delegateExpression": "name a MotCua handler with spiffworkflow:serviceTaskOperator",
    "expression": "name a MotCua handler with spiffworkflow:serviceTaskOperator",
    "topic": "name a MotCua handler with spiffworkflow:serviceTaskOperator",
    "taskDefinition": "name a MotCua handler with spiffworkflow:serviceTaskOperator",
    "assignee": "put the task in a lane named by the role that does it",
    "candidateGroups": "put the task in a lane named by the role that does it",
    "candidateUsers": "put the task in a lane named by the role that does it",
    "assignmentDefinition": "put the task in a lane named by the role that does it",
}


def foreign_problems(tree: etree._Element, filename: str) -> list[Problem]:
    """One problem per execution setting of another engine, saying what to use instead."""
    problems = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        owner: etree._Element | None = element
        while owner is not None and not owner.get("id"):
            owner = owner.getparent()
        found = [(etree.QName(name), "attribute") for name in element.attrib] + [(etree.QName(element.tag), "element")]
        for name, kind in found:
            engine = ENGINES.get(name.namespace or "")
            if engine and name.localname in INSTEAD:
                problems.append(Problem(
                    filename, f"{engine} setting {name.localname!r} ({kind}) is not run by MotCua: "
                              f"{INSTEAD[name.localname]}",
                    element=owner.get("id") if owner is not None else None, line=element.sourceline))
    return problems
