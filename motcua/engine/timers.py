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
from SpiffWorkflow.spiff.parser.event_parsers import (
    SpiffBoundaryEventParser,
    SpiffIntermediateCatchEventParser,
    SpiffStartEventParser,
)
from SpiffWorkflow.util.task import TaskState

from motcua.messages import Said

TIME_PARTS = {"hours": 3600, "minutes": 60, "seconds": 1}
ISO_DURATION = re.compile(r"^P(?!$)[0-9YMWDTHS.,]*$", re.IGNORECASE)


class DurationError(ValueError):
    """A timer duration this pack cannot count in working time; ``said`` says why in the reader's language."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.said = Said(code, **params)
        super().__init__(str(self.said))


def working_duration(expression: str) -> tuple[int, float]:
    """(working days, office seconds) of an ISO 8601 duration such as P3D, PT4H or P1DT2H."""
    try:
        parsed = TimerEventDefinition.parse_iso_duration(expression)
    except Exception as exc:  # SpiffWorkflow raises a bare Exception for bad durations
        raise DurationError("timer.not_iso", duration=repr(expression)) from exc
    if not parsed or not str(expression).upper().startswith("P"):
        raise DurationError("timer.not_iso", duration=repr(expression))
    unsupported = set(parsed) - {"days", "weeks", *TIME_PARTS}
    if unsupported:
        raise DurationError("timer.years_months", duration=repr(expression))
    days = parsed.get("days", 0) + 5 * parsed.get("weeks", 0)
    if days != int(days):
        raise DurationError("timer.part_day", duration=repr(expression))
    return int(days), float(sum(parsed.get(part, 0) * factor for part, factor in TIME_PARTS.items()))


def duration_of(expression: str, evaluate: Callable[[str], Any]) -> str:
    """The duration a timer names: written plainly (P3D, as Camunda and bpmn.io write it) or as an expression."""
    text = expression.strip()
    return text if ISO_DURATION.match(text) else str(evaluate(text))


class WorkingDurationTimer(DurationTimerEventDefinition):
    """A duration timer counted in working time from when its task started, on the engine's clock."""

    def has_fired(self, my_task: Any) -> bool:
        """Due when this timer's moment has come. A task that waits on several timers (an event-based
        gateway) keeps one moment per timer in ``timer_values``; ``event_value`` is the earliest of them,
        which is when the worker next looks (and all a task with a single timer has ever stored)."""
        engine = my_task.workflow.script_engine
        values = dict(my_task._get_internal_data("timer_values") or {})
        own = values.get(self.name)
        if own is None and not values:
            own = my_task._get_internal_data("event_value")  # a single timer, as states have always stored it
        if own is None:
            days, seconds = working_duration(duration_of(self.expression, lambda e: engine.evaluate(my_task, e)))
            own = engine.calendar.deadline(engine.clock.now(), days=days, seconds=seconds).isoformat()
        if isinstance(my_task.task_spec.event_definition, WorkingDurationTimer):
            my_task._set_internal_data(event_value=own)
        else:
            values[self.name] = own
            my_task._set_internal_data(timer_values=values, event_value=min(values.values()))
        if datetime.fromisoformat(own) <= engine.clock.now():
            my_task._set_internal_data(event_fired=True)
            return True
        return isinstance(my_task.task_spec.event_definition, WorkingDurationTimer) and bool(
            my_task._get_internal_data("event_fired", False))


class _WorkingTimerParsing:
    """Parse timeDuration timers as working-time timers; refuse the kinds that have no working-day meaning."""

    # Given by the SpiffWorkflow event parser this is mixed into (an untyped library, so named here for mypy).
    node: Any
    filename: str
    xpath: Callable[[str], list[Any]]
    get_event_description: Callable[[Any], str]

    def parse_timer_event(self, event: Any) -> WorkingDurationTimer:
        name = self.node.get("name", self.node.get("id"))
        duration = first(self.xpath(".//bpmn:timeDuration"))
        if duration is None or not (duration.text or "").strip():
            raise ValidationException(
                "only duration timers (timeDuration, e.g. \"P3D\") are supported: a step's deadline is counted "
                "in working days from when the step starts", node=self.node, file_name=self.filename)
        return WorkingDurationTimer(name, duration.text.strip(), description=self.get_event_description(event))


class WorkingStartEventParser(_WorkingTimerParsing, SpiffStartEventParser):
    """Start events (of event sub-processes) whose timers count working time."""


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


def has_working_timer(task_spec: Any) -> bool:
    """Whether a task waits on a working-time timer: its own, or one of several events it waits for (an
    event-based gateway, or an event with several definitions)."""
    definition = getattr(task_spec, "event_definition", None)
    if isinstance(definition, WorkingDurationTimer):
        return True
    return any(isinstance(d, WorkingDurationTimer) for d in getattr(definition, "event_definitions", ()))


def waiting_timers(workflow: Any) -> list[tuple[Any, datetime]]:
    """Every waiting task with a working-time timer, and when it falls due (the task's ``event_value``)."""
    found = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        if not has_working_timer(task.task_spec):
            continue
        values = task._get_internal_data("timer_values") or {}
        single = task._get_internal_data("event_value")
        moments = values.values() if values else [single] if single else []
        found += [(task, datetime.fromisoformat(v)) for v in moments]
    return found


def next_timer(workflow: Any) -> datetime | None:
    """The earliest moment a waiting timer of this instance falls due (None when none waits)."""
    return min((due for _task, due in waiting_timers(workflow)), default=None)
