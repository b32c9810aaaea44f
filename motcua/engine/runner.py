"""Run instances: start, find the human tasks that wait, complete one, save and restore.

This is the only module the services use to touch SpiffWorkflow at run time;
what a step needs from the outside world (dossier facts, clock, who acts) is
handed in as a ``context_for`` callable that builds each handler's context.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.exceptions import SpiffWorkflowException, TaskNotFoundException
from SpiffWorkflow.util.task import TaskState

from motcua.domain.calendar import WorkingCalendar
from motcua.domain.clock import Clock
from motcua.engine.depth import deep_flow
from motcua.engine.diagram import HUMAN_TASKS
from motcua.engine.forms import FORM_KEY, INSTRUCTIONS_KEY, fill_instructions, form_name
from motcua.engine.handlers import HandlerContext, HandlerRegistry
from motcua.engine.prune import completed_steps, prune
from motcua.engine.sandbox import SandboxEnvironment
from motcua.engine.spec import StateSerializer, UnsavableData
from motcua.engine.timers import next_timer, timer_deadlines

ContextFactory = Callable[[Any], HandlerContext]


class StepError(Exception):
    """A step could not run; nothing of it was kept. The message names the task and the cause; ``element`` is
    the id of the diagram element that failed, when known."""

    def __init__(self, message: str, element: str | None = None) -> None:
        super().__init__(message)
        self.element = element


class TaskNotWaiting(StepError):
    """The task is no longer waiting: someone completed it between reading the inbox and now."""


@dataclass(frozen=True)
class HumanTask:
    """A task waiting for a person: what the inbox lists."""

    id: str
    element_id: str
    title: str
    role: str
    form: str | None
    deadlines: list[datetime] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # what the task sees, as JSON (to prefill its form)
    instructions: str | None = None  # what the diagram tells whoever does it, its placeholders filled

    @property
    def due_at(self) -> datetime | None:
        """The step's deadline: the last of its timers (the earlier ones warn that it nears)."""
        return max(self.deadlines, default=None)


class _StepScriptEngine(PythonScriptEngine):
    """Sandboxed scripts, service tasks dispatched to the pack's handlers, timers on the given clock."""

    def __init__(self, environment: SandboxEnvironment, handlers: HandlerRegistry,
                 context_for: ContextFactory, clock: Clock, calendar: WorkingCalendar) -> None:
        super().__init__(environment=environment)
        self.handlers = handlers
        self.context_for = context_for
        self.clock = clock
        self.calendar = calendar

    def call_service(self, task: Any, operation_name: str = "", operation_params: dict[str, Any] | None = None,
                     **_: Any) -> dict[str, Any]:
        operator = self.handlers.get(operation_name)
        if operator is None:
            raise WorkflowTaskException(f"no handler is registered for operator {operation_name!r}", task=task)
        try:
            return operator.call(self.context_for(task), operation_params or {})
        except SpiffWorkflowException:
            raise
        except Exception as exc:  # handler bugs surface as a task error, never a half-saved step
            raise WorkflowTaskException(
                f"handler {operation_name!r} failed: {type(exc).__name__}: {exc}", task=task, exception=exc
            ) from exc


class ProcessRunner:
    """SpiffWorkflow behind a small interface: instances in, instances out."""

    def __init__(self, handlers: HandlerRegistry, clock: Clock, calendar: WorkingCalendar,
                 script_time_limit: float = 2.0) -> None:
        self.handlers = handlers
        self.clock = clock
        self.calendar = calendar
        self.serializer = StateSerializer()
        self.sandbox = SandboxEnvironment(time_limit=script_time_limit)

    def _attach(self, workflow: BpmnWorkflow, context_for: ContextFactory) -> None:
        workflow.script_engine = _StepScriptEngine(self.sandbox, self.handlers, context_for, self.clock,
                                                   self.calendar)

    def start(self, spec: Any, subprocess_specs: dict[str, Any], context_for: ContextFactory,
              data: dict[str, Any] | None = None) -> BpmnWorkflow:
        """Create an instance and run it up to its first wait; ``data`` (what a citizen typed online) is the
        data its first tasks see, so the clerk finds the form filled in."""
        with deep_flow():  # a new instance predicts its steps recursively along the flow
            workflow = BpmnWorkflow(spec, subprocess_specs)
        if data:
            workflow.task_tree.set_data(**data)
        self._attach(workflow, context_for)
        self._advance(workflow)
        return workflow

    def restore(self, state: bytes, spec: Any, subprocess_specs: dict[str, Any]) -> BpmnWorkflow:
        """Rebuild an instance from its saved state and its version's spec."""
        with deep_flow():
            return self.serializer.load_state(state, spec, subprocess_specs)

    def dump(self, workflow: BpmnWorkflow, prune_finished: bool = True) -> bytes:
        """The compact state saved in the instance's row; a StepError when the data cannot be stored.

        Finished branches no unfinished task descends from are dropped first (``prune``), so the state and the
        cost of a step stay flat however often a dossier loops back. The dry run keeps them
        (``prune_finished=False``): it judges a diagram by SpiffWorkflow's own limit of 1,000 steps down one
        branch, as before pruning existed, rather than walk a chain of thousands of steps step by step."""
        if prune_finished:
            prune(workflow)
        try:
            return self.serializer.dump_state(workflow)
        except UnsavableData as exc:
            raise StepError(str(exc)) from exc

    def completed_steps(self, workflow: BpmnWorkflow) -> Counter[str]:
        """How many times each human task (by diagram element) has been completed in this instance."""
        return completed_steps(workflow)

    def end_reached(self, workflow: BpmnWorkflow) -> str | None:
        """The end event of the procedure's own process a finished instance came to (None while it runs)."""
        if not workflow.is_completed():
            return None
        ends = [t for t in workflow.get_tasks(state=TaskState.COMPLETED)
                if isinstance(t.task_spec, EndEvent)]
        return max(ends, key=lambda t: t.last_state_change).task_spec.bpmn_id if ends else None

    def human_tasks(self, workflow: BpmnWorkflow) -> list[HumanTask]:
        """The tasks that wait for a person now."""
        tasks = []
        deadlines = timer_deadlines(workflow)
        for task in workflow.get_tasks(state=TaskState.READY, manual=True):
            spec = task.task_spec
            if isinstance(spec, HUMAN_TASKS):
                reference = getattr(spec, "extensions", {}).get(FORM_KEY)
                tasks.append(HumanTask(id=str(task.id), element_id=spec.bpmn_id, title=spec.bpmn_name or spec.bpmn_id,
                                       role=spec.lane or "", form=form_name(reference) if reference else None,
                                       deadlines=sorted(deadlines.get(str(task.id), [])),
                                       data=self.serializer.plain(task.data), instructions=_instructions(task)))
        return tasks

    def next_timer(self, workflow: BpmnWorkflow) -> datetime | None:
        """When the worker should next look at this instance (its earliest waiting timer)."""
        return next_timer(workflow)

    def fire_timers(self, workflow: BpmnWorkflow, context_for: ContextFactory) -> None:
        """Fire the timers that are due on the runner's clock and run what follows them."""
        self._attach(workflow, context_for)
        try:
            with deep_flow():
                workflow.refresh_timers()
        except SpiffWorkflowException as exc:
            raise StepError(_describe(exc), _element(exc)) from exc
        self._advance(workflow)

    def waiting_messages(self, workflow: BpmnWorkflow) -> list[str]:
        """The names of the messages this instance waits for now."""
        return sorted({event.name for event in workflow.waiting_events()
                       if event.event_type == "MessageEventDefinition"})

    def deliver(self, workflow: BpmnWorkflow, name: str, payload: dict[str, Any],
                context_for: ContextFactory) -> None:
        """Hand a message from outside to the task waiting for it (its payload joins that task's data) and run
        the instance to the next wait; a StepError when nothing waits for it."""
        definition = next((d for t in workflow.get_tasks(state=TaskState.WAITING)
                           for d in _definitions(t.task_spec) if d.name == name and "Message" in type(d).__name__),
                          None)
        if definition is None:
            raise StepError(f"the dossier is not waiting for message {name!r} now")
        self._attach(workflow, context_for)
        try:
            with deep_flow():
                workflow.send_event(BpmnEvent(definition, payload))
        except SpiffWorkflowException as exc:
            raise StepError(_describe(exc), _element(exc)) from exc
        self._advance(workflow)

    def prefill(self, workflow: BpmnWorkflow, task_id: str, data: dict[str, Any]) -> None:
        """Add data to a waiting task without completing it (the stored names of files a citizen sent)."""
        self._ready(workflow, task_id).set_data(**data)

    def task_data(self, workflow: BpmnWorkflow, task_id: str) -> dict[str, Any]:
        """The data a task sees (to prefill its form)."""
        return dict(self._ready(workflow, task_id).data)

    def instructions(self, workflow: BpmnWorkflow, task_id: str) -> str | None:
        """What the diagram tells whoever does a task (``instructionsForEndUser``), its placeholders filled."""
        return _instructions(self._ready(workflow, task_id))

    def complete(self, workflow: BpmnWorkflow, task_id: str, data: dict[str, Any],
                 context_for: ContextFactory) -> None:
        """Complete a human task with its form data and run the instance to the next wait."""
        task = self._ready(workflow, task_id)
        self._attach(workflow, context_for)
        task.set_data(**data)
        try:
            with deep_flow():  # completing a task predicts the steps after it, recursively along the flow
                task.run()
        except SpiffWorkflowException as exc:
            raise StepError(_describe(exc), _element(exc)) from exc
        self._advance(workflow)

    def migrate(self, workflow: BpmnWorkflow, spec: Any, subprocess_specs: dict[str, Any],
                context_for: ContextFactory) -> list[str]:
        """Move a running instance onto another version's spec where SpiffWorkflow can align every task.

        Returns why it cannot move (nothing changed then), or an empty list once it has moved; the steps
        waiting now are offered again under the new version (their forms and deadlines).
        """
        top, subprocesses = diff_workflow(self.serializer.registry, workflow, spec, subprocess_specs)
        reasons = _removed(top)
        if any(diff is None for diff in subprocesses.values()):
            reasons.append("a sub-process it runs is not in the new version")
        for diff in subprocesses.values():  # the shared parts it called keep their steps too
            reasons += _removed(diff) if diff is not None else []
        if reasons:
            return reasons
        self._attach(workflow, context_for)
        with deep_flow():
            migrate_workflow(top, workflow, spec)
            for sp_id, diff in subprocesses.items():
                sub = workflow.subprocesses[sp_id]
                migrate_workflow(diff, sub, subprocess_specs[sub.spec.name])
        workflow.subprocess_specs = subprocess_specs
        self._advance(workflow)
        return []

    def _ready(self, workflow: BpmnWorkflow, task_id: str) -> Any:
        try:
            task = workflow.get_task_from_id(UUID(task_id))
        except (ValueError, KeyError, TypeError) as exc:
            raise StepError(f"task {task_id} does not belong to this dossier") from exc
        except TaskNotFoundException:  # done meanwhile, and its finished branch pruned from the saved state
            task = None
        if task is None or task.state != TaskState.READY or not isinstance(task.task_spec, HUMAN_TASKS):
            raise TaskNotWaiting(f"task {task_id} is not waiting for anyone (it may have been done already)")
        return task

    def _advance(self, workflow: BpmnWorkflow) -> None:
        try:
            with deep_flow():
                workflow.do_engine_steps()
        except SpiffWorkflowException as exc:
            raise StepError(_describe(exc), _element(exc)) from exc
        _check_end(workflow)


def _instructions(task: Any) -> str | None:
    text = (getattr(task.task_spec, "extensions", None) or {}).get(INSTRUCTIONS_KEY)
    return fill_instructions(text, task.data) if text and text.strip() else None


def _check_end(workflow: BpmnWorkflow) -> None:
    """A finished instance must have come to an end event. SpiffWorkflow 3.2 looks at most 1,000 steps down one
    branch of an instance (its task iterator's depth), and past that reports the instance finished with the
    rest of the flow never run: that is refused here, rather than a dossier silently closing half-way."""
    if not workflow.is_completed() or workflow.task_tree.depth + _deepest(workflow) < BRANCH_DEPTH:
        return
    unfinished = TaskState.FUTURE | TaskState.LIKELY | TaskState.READY | TaskState.WAITING | TaskState.STARTED
    beyond = [t for t in workflow.get_tasks(state=unfinished, max_depth=BRANCH_DEPTH * 100)
              if t.depth >= BRANCH_DEPTH - 1]
    if beyond:
        element = getattr(beyond[0].parent.task_spec if beyond[0].parent else None, "bpmn_id", None)
        raise StepError(f"the engine stops following a dossier after {BRANCH_DEPTH:,} steps in one branch, and this "
                        "one would end there without reaching an end event: split the process into sub-processes "
                        "or call activities of fewer steps", element)


def _describe(exc: SpiffWorkflowException) -> str:
    stuck = NO_WAY_OUT.search(str(exc).split("\n")[0])
    if stuck:
        return (f"gateway {stuck.group(1)}: none of the conditions on its outgoing flows holds for this dossier's "
                "data (give it a default flow, or a condition for this case)")
    task_spec = getattr(getattr(exc, "task", None), "task_spec", None)
    where = f"task {task_spec.bpmn_name or task_spec.bpmn_id!r} ({task_spec.bpmn_id}): " if task_spec else ""
    return where + str(exc).split("\n")[0]


def _definitions(task_spec: Any) -> list[Any]:
    """A task's event definition, or each of several (an event-based gateway)."""
    definition = getattr(task_spec, "event_definition", None)
    return list(getattr(definition, "event_definitions", None) or ([definition] if definition else []))


BRANCH_DEPTH = 1_000  # SpiffWorkflow 3.2's TaskIterator max_depth default


def _deepest(workflow: BpmnWorkflow) -> int:
    """How deep the instance's task tree goes (the last task the default iterator still sees)."""
    return max((t.depth for t in workflow.get_tasks()), default=0)

NO_WAY_OUT = re.compile(r"No conditions satisfied for (\S+?)\.?\s*$")


def _element(exc: SpiffWorkflowException) -> str | None:
    """The diagram element that failed: the gateway with no way out, else the task that raised."""
    stuck = NO_WAY_OUT.search(str(exc).split("\n")[0])
    if stuck:
        return stuck.group(1)
    return getattr(getattr(getattr(exc, "task", None), "task_spec", None), "bpmn_id", None)


def _removed(diff: Any) -> list[str]:
    """Why the steps of one process of a running dossier cannot be aligned with the new version."""
    reasons = [f"step {_title(t.task_spec)!r} it "
               f"{'waits at' if t.state & (TaskState.READY | TaskState.WAITING) else 'went through'} "
               "is not in the new version" for t in diff.removed if getattr(t.task_spec, "bpmn_id", None)]
    if diff.removed and not reasons:
        reasons.append("the engine cannot align its steps with the new version")
    return reasons


def _title(task_spec: Any) -> str:
    return f"{task_spec.bpmn_name or task_spec.bpmn_id} ({task_spec.bpmn_id})"
