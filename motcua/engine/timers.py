"""Step deadlines as BPMN timers, counted in working days on the application's clock.

An analyst draws a (non-interrupting) timer boundary event on a processing
task with an ISO 8601 duration such as ``"P5D"``; in this pack the days of a
timer are *working* days and its hours are *office* hours, because that is how
statutory times are counted. SpiffWorkflow's own timers count calendar time on
the wall clock; these read the clock and calendar the engine was given, so a
trial script can say "3 working days pass" and the worker fires what is due.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.parser.util import first
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.timer import DurationTimerEventDefinition, TimerEventDefinition
from SpiffWorkflow.spiff.parser.event_parsers import SpiffBoundaryEventParser, SpiffIntermediateCatchEventParser
from SpiffWorkflow.util.task import TaskState

TIME_PARTS = {"hours": 3600, "minutes": 60, "seconds": 1}
ISO_DURATION = re.compile(r"^P(?!$)[0-9YMWDTHS.,]*$", re.IGNORECASE)


class DurationError(ValueError):
    """A timer duration this pack cannot count in working time."""


def working_duration(expression: str) -> tuple[int, float]:
    """(working days, office seconds) of an ISO 8601 duration such as P3D, PT4H or P1DT2H."""
    try:
        parsed = TimerEventDefinition.parse_iso_duration(expression)
    except Exception as exc:  # SpiffWorkflow raises a bare Exception for bad durations
        raise DurationError(f"{expression!r} is not an ISO 8601 duration (write e.g. P3D or PT4H)") from exc
    if not parsed or not str(expression).upper().startswith("P"):
        raise DurationError(f"{expression!r} is not an ISO 8601 duration (write e.g. P3D or PT4H)")
    unsupported = set(parsed) - {"days", "weeks", *TIME_PARTS}
    if unsupported:
        raise DurationError(f"{expression!r}: years and months are not counted in working days; use days (P20D)")
    days = parsed.get("days", 0) + 5 * parsed.get("weeks", 0)
    if days != int(days):
        raise DurationError(f"{expression!r}: use whole working days, or hours (PT4H) for part of a day")
    return int(days), float(sum(parsed.get(part, 0) * factor for part, factor in TIME_PARTS.items()))


def duration_of(expression: str, evaluate: Callable[[str], Any]) -> str:
    """The duration a timer names: written plainly (P3D, as Camunda and bpmn.io write it) or as an expression."""
    text = expression.strip()
    return text if ISO_DURATION.match(text) else str(evaluate(text))


class WorkingDurationTimer(DurationTimerEventDefinition):
    """A duration timer counted in working time from when its task started, on the engine's clock."""

    def has_fired(self, my_task: Any) -> bool:
        engine = my_task.workflow.script_engine
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            days, seconds = working_duration(duration_of(self.expression, lambda e: engine.evaluate(my_task, e)))
            event_value = engine.calendar.deadline(engine.clock.now(), days=days, seconds=seconds).isoformat()
            my_task._set_internal_data(event_value=event_value)
        if datetime.fromisoformat(event_value) <= engine.clock.now():
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


class _WorkingTimerParsing:
    """Parse timeDuration timers as working-time timers; refuse the kinds that have no working-day meaning."""

    def parse_timer_event(self, event: Any) -> WorkingDurationTimer:
        name = self.node.get("name", self.node.get("id"))
        duration = first(self.xpath(".//bpmn:timeDuration"))
        if duration is None or not (duration.text or "").strip():
            raise ValidationException(
                "only duration timers (timeDuration, e.g. \"P3D\") are supported: a step's deadline is counted "
                "in working days from when the step starts", node=self.node, file_name=self.filename)
        return WorkingDurationTimer(name, duration.text.strip(), description=self.get_event_description(event))


class WorkingBoundaryEventParser(_WorkingTimerParsing, SpiffBoundaryEventParser):
    """Boundary events whose timers count working time."""


class WorkingCatchEventParser(_WorkingTimerParsing, SpiffIntermediateCatchEventParser):
    """Intermediate catch events whose timers count working time."""


def timer_deadlines(workflow: Any) -> dict[str, list[datetime]]:
    """When each task's timers fall (or fell) due, by the id of the task they are attached to.

    Timers that already fired count too: a step that passed its deadline keeps showing it.
    """
    deadlines: dict[str, list[datetime]] = {}
    for task in workflow.get_tasks(state=TaskState.WAITING | TaskState.COMPLETED):
        value = task._get_internal_data("event_value")
        if not isinstance(getattr(task.task_spec, "event_definition", None), WorkingDurationTimer) or not value:
            continue
        attached = next((t for t in task.parent.children if t.task_spec.bpmn_id != task.task_spec.bpmn_id
                         and not isinstance(getattr(t.task_spec, "event_definition", None), TimerEventDefinition)),
                        None)
        if attached is not None:
            deadlines.setdefault(str(attached.id), []).append(datetime.fromisoformat(value))
    return deadlines


def next_timer(workflow: Any) -> datetime | None:
    """The earliest moment a waiting timer of this instance falls due (None when none waits)."""
    moments = [datetime.fromisoformat(t._get_internal_data("event_value"))
               for t in workflow.get_tasks(state=TaskState.WAITING)
               if isinstance(getattr(t.task_spec, "event_definition", None), WorkingDurationTimer)
               and t._get_internal_data("event_value")]
    return min(moments, default=None)
