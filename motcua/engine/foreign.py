"""Diagrams from other engines' modelers: name what they carry that this engine will not run.

Camunda Modeler, Zeebe and Flowable write execution settings as their own
attributes and extension elements (``camunda:formKey``, ``camunda:class``,
``zeebe:taskDefinition``). SpiffWorkflow ignores them silently; an analyst
should instead learn which MotCua setting replaces each one.
"""
from __future__ import annotations

from lxml import etree

from motcua.engine.problems import Problem, coded

ENGINES = {
    "http://camunda.org/schema/1.0/bpmn": "Camunda 7",
    "http://camunda.org/schema/zeebe/1.0": "Camunda 8 (Zeebe)",
    "http://flowable.org/bpmn": "Flowable",
    "http://activiti.org/bpmn": "Activiti",
}
FORM = {"vi": "chọn biểu mẫu cho bước người dùng bằng spiffworkflow:formJsonSchemaFilename",
        "en": "give the user task a form with spiffworkflow:formJsonSchemaFilename"}
OPERATOR = {"vi": "chọn hàm xử lý MotCua bằng spiffworkflow:serviceTaskOperator",
            "en": "name a MotCua handler with spiffworkflow:serviceTaskOperator"}
LANE = {"vi": "đặt bước vào làn mang tên vai trò thực hiện nó", "en": "put the task in a lane named by the role "
                                                                       "that does it"}
INSTEAD = {
    "formKey": FORM, "formRef": FORM, "userTask": FORM, "formDefinition": FORM,
    "class": OPERATOR, "delegateExpression": OPERATOR, "expression": OPERATOR, "topic": OPERATOR,
    "taskDefinition": OPERATOR,
    "assignee": LANE, "candidateGroups": LANE, "candidateUsers": LANE, "assignmentDefinition": LANE,
}
KINDS = {"attribute": {"vi": "thuộc tính", "en": "attribute"}, "element": {"vi": "phần tử", "en": "element"}}


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
                problems.append(coded(filename, "diagram.foreign_setting",
                                      owner.get("id") if owner is not None else None, element.sourceline,
                                      engine=engine, setting=repr(name.localname), kind=KINDS[kind],
                                      instead=INSTEAD[name.localname]))
    return problems
