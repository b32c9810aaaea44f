"""A dossier's history read as stays at the steps of its diagram, and the flows it took between them.

A *stay* begins when a step is offered (its work item is created, in the transaction of the step before) and
ends when the step is completed. The human tasks of a called part (reception, decision, return) done one after
the other are one stay at the call activity that calls them. Completion events record the step's BPMN id and
when it was offered (``element``, ``entered_at``); on events written before they did, the step is found by the
task's title and the stay is taken to begin at the dossier's previous completion (or its start), which is exact
for a dossier that waits at one step at a time, as every procedure of the pack does.

The flows: a stay begun at the moment another ended (the same step's transaction) was reached from it, along
the way the route gives between the two steps; the first stays from the process's start event; the last one
to the end event the instance reached (``ended``, recorded on the completion that finished it).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class Route(Protocol):
    """What the walk needs from a diagram (engine/flow_map.FlowMap)."""

    def step_of(self, element: str | None, title: str | None = None) -> str | None: ...

    def path(self, source: str, target: str) -> list[str]: ...

    def starts(self) -> list[str]: ...

    def ends(self) -> list[str]: ...

    def is_part(self, step: str) -> bool: ...


@dataclass(frozen=True)
class Done:
    """A human task completed: what its ``task.completed`` event says."""

    task_id: str
    at: datetime
    unit_id: int | None
    element: str | None = None
    title: str | None = None
    entered_at: datetime | None = None
    late: bool = False
    ended: str | None = None  # the end event the instance reached in this step


@dataclass(frozen=True)
class Waiting:
    """A human task offered and not yet done (a work item)."""

    task_id: str
    element: str
    unit_id: int
    entered_at: datetime
    late: bool = False  # its deadline has passed already


@dataclass
class Stay:
    """A dossier at a step from ``entered_at`` to ``left_at`` (None: still there)."""

    dossier_id: int
    step: str
    unit_id: int | None
    entered_at: datetime
    left_at: datetime | None
    late: bool
    tasks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Taken:
    """A sequence flow a dossier went along, when, and in which unit."""

    dossier_id: int
    flow: str
    unit_id: int | None
    at: datetime


def walk(dossier_id: int, started_at: datetime, done: Sequence[Done], waiting: Sequence[Waiting],
         route: Route) -> tuple[list[Stay], list[Taken]]:
    """The stays and flows of one dossier, from its completed and waiting tasks."""
    stays: list[Stay] = []
    taken: list[Taken] = []
    previous_end = started_at
    for task in sorted(done, key=lambda t: t.at):
        step = route.step_of(task.element, task.title)
        entered = task.entered_at or previous_end
        previous_end = task.at
        if step is not None:
            _arrive(dossier_id, stays, taken, route, step, task.unit_id, entered, started_at, task.at, task.late,
                    task.task_id)
        if task.ended and stays and step is not None:
            last = stays[-1]
            taken += [Taken(dossier_id, flow, last.unit_id, task.at) for flow in route.path(last.step, task.ended)]
    for item in sorted(waiting, key=lambda t: t.entered_at):
        step = route.step_of(item.element)
        if step is not None:
            _arrive(dossier_id, stays, taken, route, step, item.unit_id, item.entered_at, started_at, None,
                    item.late, item.task_id)
    return stays, taken


def _arrive(dossier_id: int, stays: list[Stay], taken: list[Taken], route: Route, step: str, unit_id: int | None,
            entered: datetime, started_at: datetime, left: datetime | None, late: bool, task_id: str) -> None:
    """Add a task's time to the stays: the stay it continues (the next task of the same called part), or a new
    stay reached along the flows from the stay that ended when it began (or from the start)."""
    before = next((s for s in reversed(stays) if s.left_at == entered), None)
    if before is not None and before.step == step and route.is_part(step):
        before.left_at, before.late = left, before.late or late
        before.tasks.append(task_id)
        return
    stays.append(Stay(dossier_id, step, unit_id, entered, left, late, [task_id]))
    if before is not None:
        taken.extend(Taken(dossier_id, flow, before.unit_id, entered) for flow in route.path(before.step, step))
    elif entered == started_at:
        for start in route.starts():
            flows = route.path(start, step)
            if flows:
                taken.extend(Taken(dossier_id, flow, unit_id, entered) for flow in flows)
                break


@dataclass(frozen=True)
class Span:
    """Time between units: a unit holding a dossier (``kind`` "held", ``source`` None) from its reception or the
    transfer that brought it to the transfer that took it away or its end; or a hand-over (``kind`` "hop") from
    the transfer to the moment the receiving unit finished its first step on it. ``until`` None: still running."""

    kind: str
    source: int | None
    unit: int
    since: datetime
    until: datetime | None


def spans(started_at: datetime, receiving_unit: int | None, finished_at: datetime | None,
          transfers: Sequence[tuple[datetime, int, int]], done: Sequence[Done]) -> list[Span]:
    """A dossier's holdings and hand-overs, from its transfers (when, from, to) in order and its completions."""
    first = transfers[0][1] if transfers else receiving_unit
    found: list[Span] = []
    stops = [(first, started_at)] + [(target, at) for at, _, target in transfers]
    for index, (unit, since) in enumerate(stops):
        if unit is not None:
            until = stops[index + 1][1] if index + 1 < len(stops) else finished_at
            found.append(Span("held", None, unit, since, until))
    for at, source, target in transfers:
        acted = next((d.at for d in sorted(done, key=lambda d: d.at) if d.unit_id == target and d.at > at), None)
        found.append(Span("hop", source, target, at, acted))
    return found
