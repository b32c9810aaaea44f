"""SpiffWorkflow, configured for MotCua.

Three plug-ins, in SpiffWorkflow's own extension points rather than patches:
- duration timers count working days on the application's clock (``timers``);
- service tasks merge their handler's result into the task data, instead of
  parking it under a generated variable name;
- the workflow serializer leaves the specification out of instance state,
  because specs are stored once per procedure version (an instance of a
  100-step procedure would otherwise carry its whole diagram on every save).
"""
from __future__ import annotations

import json
import zlib
from copy import deepcopy
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.event_definition import TimerConditionalEventDefinitionConverter
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.helpers.encoder import create_encoder
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent, IntermediateCatchEvent, StartEvent
from SpiffWorkflow.bpmn.specs.event_definitions.timer import DurationTimerEventDefinition
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.parser.task_spec import ServiceTaskParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.spiff.specs.defaults import ServiceTask

from motcua.engine.timers import (
    WorkingBoundaryEventParser,
    WorkingCatchEventParser,
    WorkingDurationTimer,
    WorkingStartEventParser,
)

STATE_LEVEL = 6  # zlib: level 9 saves 1% more for twice the time


class HandlerServiceTask(ServiceTask):
    """A service task whose operator is a MotCua handler; its result is merged into the data."""

    def _execute(self, task: Any) -> bool:
        params = {name: p["value"] for name, p in self.evaluate_params(task).items()}
        result = task.workflow.script_engine.call_service(
            task, operation_name=self.operation_name, operation_params=params
        )
        task.data.update(result)
        return True


class MotcuaParser(SpiffBpmnParser):
    """The spiff parser with MotCua's service task and working-time timers."""

    OVERRIDE_PARSER_CLASSES = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        full_tag("serviceTask"): (ServiceTaskParser, HandlerServiceTask),
        full_tag("boundaryEvent"): (WorkingBoundaryEventParser, BoundaryEvent),
        full_tag("intermediateCatchEvent"): (WorkingCatchEventParser, IntermediateCatchEvent),
        full_tag("startEvent"): (WorkingStartEventParser, StartEvent),
    }


class SpecFreeWorkflowConverter(BpmnWorkflowConverter):
    """Serialize an instance without its spec; restore it against a cached spec."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], spec: Any = None, subprocess_specs: Any = None) -> BpmnWorkflow:
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _config(instance_converter: type) -> dict[type, Any]:
    config = deepcopy(SPIFF_CONFIG)
    config[HandlerServiceTask] = config.pop(ServiceTask)
    config[WorkingDurationTimer] = TimerConditionalEventDefinitionConverter
    config.pop(DurationTimerEventDefinition, None)
    config[BpmnWorkflow] = instance_converter
    return config


class StateSerializer:
    """Turns specs and instance state into compact JSON and back."""

    def __init__(self) -> None:
        self._instances = BpmnWorkflowSerializer(
            BpmnWorkflowSerializer.configure(_config(SpecFreeWorkflowConverter))
        )
        self._specs = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(_config(BpmnWorkflowConverter)))
        # SpiffWorkflow's encoder turns what its registry knows (events an event-based gateway saw, UUIDs,
        # timedeltas) into tagged dicts it restores; dates go out as ISO text; anything else is refused by name.
        self._encoder = create_encoder(self._instances.registry, _StateEncoder)

    @property
    def registry(self) -> Any:
        """The spec converters, which SpiffWorkflow's diff utilities compare specs with."""
        return self._specs.registry

    def dump_spec(self, spec: Any, subprocess_specs: dict[str, Any]) -> str:
        """The spec JSON stored once per procedure version."""
        return json.dumps(
            {
                "spec": self._specs.to_dict(spec),
                "subprocess_specs": {k: self._specs.to_dict(v) for k, v in subprocess_specs.items()},
            },
            separators=(",", ":"),
        )

    def load_spec(self, text: str) -> tuple[Any, dict[str, Any]]:
        """Restore a stored spec and its subprocess specs."""
        dct = json.loads(text)
        subs = {k: self._specs.from_dict(v) for k, v in dct["subprocess_specs"].items()}
        return self._specs.from_dict(dct["spec"]), subs

    def dump_state(self, workflow: BpmnWorkflow) -> bytes:
        """Instance state without the spec, deflated: what one dossier's row holds.

        The JSON is mostly repeated keys and task ids, so zlib stores a finished land-change dossier in about a
        fifth of its text (13 KB → 2.4 KB, ``python -m bench.land_change``) for well under a millisecond a step.
        """
        self._instances.registry._encoder_mode = True
        try:
            dct = self._instances.to_dict(workflow)
        finally:
            self._instances.registry._encoder_mode = False
        dct[BpmnWorkflowSerializer.VERSION_KEY] = self._instances.VERSION
        text = json.dumps(dct, separators=(",", ":"), cls=self._encoder)
        return zlib.compress(text.encode("utf-8"), STATE_LEVEL)

    def plain(self, data: dict[str, Any]) -> dict[str, Any]:
        """Task data as plain JSON values (dates as ISO text), as a work item keeps it for the task page."""
        result: dict[str, Any] = json.loads(json.dumps(data, cls=self._encoder))
        return result

    def load_state(self, state: bytes, spec: Any, subprocess_specs: dict[str, Any]) -> BpmnWorkflow:
        """Rebuild an instance against its version's spec."""
        dct = json.loads(state_json(state))
        self._instances.migrate(dct)
        return self._instances.from_dict(dct, spec=spec, subprocess_specs=subprocess_specs)


def state_json(state: bytes) -> str:
    """A stored instance state as the JSON text it was made from (for tools and tests that read it)."""
    return zlib.decompress(state).decode("utf-8")


class UnsavableData(TypeError):
    """A step left a value in the task data that instance state cannot hold."""


class _StateEncoder(json.JSONEncoder):
    def default(self, value: Any) -> Any:
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, (set, frozenset, tuple)):
            return list(value)
        raise UnsavableData(f"the task data holds a {type(value).__name__}, which cannot be saved: a script or "
                            "handler must leave only text, numbers, true/false, lists, dicts or dates")
