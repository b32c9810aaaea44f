"""Fit the shared parts of the one-stop frame to one procedure, from its catalogue entry.

The frame's parts (reception, the leader's decision, result return) are drawn once in ``bpmn/shared/`` and
called by every procedure. Two things about them differ per procedure and are facts of its TOML, not
drawings: the form its clerk fills at a shared step (the reception's ``receive`` asks a marriage's two
parties, a birth's child), and each step's internal time quota. Before a procedure is compiled, every
diagram it uses is tailored here:

- ``forms = { receive = "marriage_registration_receive.schema.json" }`` sets that user task's form;
- ``[parameters.sign] title = "'GIẤY CHỨNG NHẬN KẾT HÔN'"`` sets a parameter of that service task's handler
  (an expression over the task data, checked like any other);
- ``[steps.review] near = "PT2H", late = "PT4H"`` adds to task ``review`` the two non-interrupting boundary
  timers the trial provinces asked for (warn the leader near the quota, again when it is passed), each
  followed by the ``sla.escalate`` handler: the escalation is written once, here, for every procedure.

The tailored text is what the version keeps (its digest counts it), so a running dossier keeps the forms
and quotas it started with, and a change to either makes a new version.
"""
from __future__ import annotations

from lxml import etree

from motcua.domain.procedure import Procedure, StepDeadline
from motcua.engine.forms import FORM_KEY

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ESCALATION = "sla.escalate"
LEVELS = (("near", "near_due", "Sắp đến hạn"), ("late", "overdue", "Quá hạn"))


def tailor(tree: etree._Element, procedure: Procedure) -> set[str]:
    """Apply ``procedure``'s forms and step quotas to the diagram ``tree`` in place; the task ids it touched
    (so the caller can name an entry that matched no task)."""
    touched: set[str] = set()
    forms = dict(procedure.forms)
    steps = {step.task: step for step in procedure.steps}
    parameters: dict[str, list[tuple[str, str]]] = {}
    for task_id, name, value in procedure.parameters:
        parameters.setdefault(task_id, []).append((name, value))
    for process in tree.iter(f"{{{BPMN}}}process"):
        for task in list(process):
            task_id = task.get("id", "")
            if task_id in forms and etree.QName(task).localname == "userTask":
                _set_form(task, forms[task_id])
                touched.add(task_id)
            operator = task.find(f"{{{BPMN}}}extensionElements/{{{SPIFF}}}serviceTaskOperator")
            if task_id in parameters and operator is not None:
                _set_parameters(operator, parameters[task_id])
                touched.add(task_id)
            if task_id in steps:
                _add_deadline(process, task, steps[task_id])
                touched.add(task_id)
    return touched


def _set_form(task: etree._Element, form: str) -> None:
    extensions = task.find(f"{{{BPMN}}}extensionElements")
    if extensions is None:
        extensions = etree.Element(f"{{{BPMN}}}extensionElements")
        task.insert(1 if task.find(f"{{{BPMN}}}documentation") is not None else 0, extensions)
    for old in extensions.findall(f"{{{SPIFF}}}formUiSchemaFilename") + extensions.findall(f"{{{SPIFF}}}{FORM_KEY}"):
        extensions.remove(old)
    etree.SubElement(extensions, f"{{{SPIFF}}}{FORM_KEY}").text = form


def _set_parameters(operator: etree._Element, values: list[tuple[str, str]]) -> None:
    holder = operator.find(f"{{{SPIFF}}}parameters")
    if holder is None:
        holder = etree.SubElement(operator, f"{{{SPIFF}}}parameters")
    for name, value in values:
        for old in holder.findall(f"{{{SPIFF}}}parameter[@id='{name}']"):
            holder.remove(old)
        etree.SubElement(holder, f"{{{SPIFF}}}parameter", id=name, type="str", value=value)


def _add_deadline(process: etree._Element, task: etree._Element, step: StepDeadline) -> None:
    """Boundary timer -> escalation handler -> end, for the near and the late quota of one step."""
    task_id = task.get("id", "")
    name = task.get("name") or task_id
    for key, level, label in LEVELS:
        duration = step.near if key == "near" else step.late
        event_id, alert_id, end_id = f"{task_id}_{key}", f"{task_id}_{key}_alert", f"{task_id}_{key}_end"
        event = etree.SubElement(process, f"{{{BPMN}}}boundaryEvent", id=event_id, name=f"{label} ({duration})",
                                 cancelActivity="false", attachedToRef=task_id)
        etree.SubElement(event, f"{{{BPMN}}}outgoing").text = f"f_{event_id}"
        timer = etree.SubElement(event, f"{{{BPMN}}}timerEventDefinition", id=f"{event_id}_timer")
        etree.SubElement(timer, f"{{{BPMN}}}timeDuration", {f"{{{XSI}}}type": "bpmn:tFormalExpression"}).text = duration
        alert = etree.SubElement(process, f"{{{BPMN}}}serviceTask", id=alert_id, name=f"Báo lãnh đạo: {label.lower()}")
        operator = etree.SubElement(etree.SubElement(alert, f"{{{BPMN}}}extensionElements"),
                                    f"{{{SPIFF}}}serviceTaskOperator", id=ESCALATION, resultVariable="")
        parameters = etree.SubElement(operator, f"{{{SPIFF}}}parameters")
        for pid, value in (("level", level), ("step", name)):
            etree.SubElement(parameters, f"{{{SPIFF}}}parameter", id=pid, type="str", value=repr(value))
        etree.SubElement(alert, f"{{{BPMN}}}incoming").text = f"f_{event_id}"
        etree.SubElement(alert, f"{{{BPMN}}}outgoing").text = f"f_{alert_id}"
        end = etree.SubElement(process, f"{{{BPMN}}}endEvent", id=end_id)
        etree.SubElement(end, f"{{{BPMN}}}incoming").text = f"f_{alert_id}"
        etree.SubElement(process, f"{{{BPMN}}}sequenceFlow", id=f"f_{event_id}", sourceRef=event_id,
                         targetRef=alert_id)
        etree.SubElement(process, f"{{{BPMN}}}sequenceFlow", id=f"f_{alert_id}", sourceRef=alert_id,
                         targetRef=end_id)
