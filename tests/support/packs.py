"""Throw-away packs for tests: the project's handlers and forms plus a diagram under test."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

DIAGRAM = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_t" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="trial" isExecutable="true">
    <bpmn:laneSet id="LaneSet_t">
      <bpmn:lane id="lane_reception" name="reception">{lane_refs}</bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f_start</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f_start" sourceRef="start" targetRef="{first}" />
{body}
    <bpmn:endEvent id="end"><bpmn:incoming>f_end</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""

PROCEDURE = """code = "9.{code}"
name_vi = "Thủ tục thử"
name_en = "Trial procedure"
field = "Thử nghiệm"
level = "commune"
diagram = "{process_id}.bpmn"
process_id = "{process_id}"
processing_days = 3
fee = "Không"
result = "Văn bản"
"""


def user_task(task_id: str, target: str, form: str = "result_return", name: str = "Việc thử") -> str:
    """A reception user task with a form, flowing to ``target``."""
    return (f'    <bpmn:userTask id="{task_id}" name="{name}"><bpmn:extensionElements>'
            f"<spiffworkflow:formJsonSchemaFilename>{form}.schema.json</spiffworkflow:formJsonSchemaFilename>"
            f'</bpmn:extensionElements></bpmn:userTask>\n'
            f'    <bpmn:sequenceFlow id="f_{task_id}" sourceRef="{task_id}" targetRef="{target}" />')


def script_task(task_id: str, script: str, target: str) -> str:
    """A script task flowing to ``target``."""
    return (f'    <bpmn:scriptTask id="{task_id}" name="Tính toán"><bpmn:script>{script}</bpmn:script></bpmn:scriptTask>\n'
            f'    <bpmn:sequenceFlow id="f_{task_id}" sourceRef="{task_id}" targetRef="{target}" />')


def service_task(task_id: str, operator: str, target: str, params: dict[str, str] | None = None) -> str:
    """A service task calling ``operator`` with expression parameters."""
    rows = "".join(f'<spiffworkflow:parameter id="{k}" type="str" value="{v}" />' for k, v in (params or {}).items())
    return (f'    <bpmn:serviceTask id="{task_id}" name="Dịch vụ"><bpmn:extensionElements>'
            f'<spiffworkflow:serviceTaskOperator id="{operator}" resultVariable=""><spiffworkflow:parameters>{rows}'
            f"</spiffworkflow:parameters></spiffworkflow:serviceTaskOperator></bpmn:extensionElements></bpmn:serviceTask>\n"
            f'    <bpmn:sequenceFlow id="f_{task_id}" sourceRef="{task_id}" targetRef="{target}" />')


def diagram(first: str, *elements: str, lane: tuple[str, ...] = ()) -> str:
    """A one-lane (reception) process: start → first … → end; ``lane`` lists the lane's node ids."""
    refs = "".join(f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n in ("start", *lane, "end"))
    return DIAGRAM.format(first=first, body="\n".join(elements), lane_refs=refs)


def make_pack(root: Path, bpmn: str, code: str = "000001") -> Path:
    """A pack folder with the project's handlers and forms, one trial procedure and its diagram."""
    shutil.copytree(PROJECT_ROOT / "handlers", root / "handlers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT_ROOT / "forms", root / "forms")
    (root / "processes").mkdir()
    (root / "bpmn").mkdir()
    (root / "processes" / "trial.toml").write_text(PROCEDURE.format(code=code, process_id="trial"), encoding="utf-8")
    (root / "bpmn" / "trial.bpmn").write_text(bpmn, encoding="utf-8")
    return root


def timer_boundary(event_id: str, attached_to: str, target: str, duration: str | None = None,
                   date: str | None = None) -> str:
    """A non-interrupting timer on ``attached_to`` flowing to ``target`` (a duration, or a date to be refused)."""
    spec = (f"<bpmn:timeDuration>{duration}</bpmn:timeDuration>" if duration is not None
            else f"<bpmn:timeDate>{date}</bpmn:timeDate>")
    return (f'    <bpmn:boundaryEvent id="{event_id}" cancelActivity="false" attachedToRef="{attached_to}">'
            f'<bpmn:timerEventDefinition id="{event_id}_def">{spec}</bpmn:timerEventDefinition></bpmn:boundaryEvent>\n'
            f'    <bpmn:sequenceFlow id="f_{event_id}" sourceRef="{event_id}" targetRef="{target}" />')


# A user task as SpiffArena writes it: its form and instructions as properties, the form files beside the diagram.
SPIFFARENA_TASK = """    <bpmn:userTask id="check" name="Kiểm tra">
      <bpmn:extensionElements>
        <spiffworkflow:instructionsForEndUser>Gọi {{ applicant_name }} nếu thiếu giấy tờ.</spiffworkflow:instructionsForEndUser>
        <spiffworkflow:properties>
          <spiffworkflow:property name="formJsonSchemaFilename" value="check-schema.json" />
          <spiffworkflow:property name="formUiSchemaFilename" value="check-uischema.json" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f_check" sourceRef="check" targetRef="end" />"""
CHECK_SCHEMA = {"type": "object", "title": "Kiểm tra hồ sơ", "required": ["complete"],
                "properties": {"complete": {"type": "boolean", "title": "Đủ giấy tờ"},
                               "note": {"type": "string", "title": "Ghi chú"}}}


def spiffarena_pack(root: Path) -> Path:
    """A pack whose diagram declares its form as SpiffArena does, with the form files beside the diagram."""
    make_pack(root, diagram("check", SPIFFARENA_TASK, lane=("check",)))
    (root / "bpmn" / "check-schema.json").write_text(json.dumps(CHECK_SCHEMA, ensure_ascii=False), encoding="utf-8")
    (root / "bpmn" / "check-uischema.json").write_text('{"note": {"ui:widget": "textarea"}}', encoding="utf-8")
    return root
