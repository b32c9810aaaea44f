"""Handler contexts without a database: for benchmarks, unit tests and dry runs of a diagram.

Codes are numbered in memory, events are collected in a list, and a transfer
only moves the dossier's handling unit.
"""
from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any

from motcua.domain.calendar import WorkingCalendar
from motcua.domain.clock import Clock
from motcua.domain.dossier import DossierFacts
from motcua.domain.procedure import Procedure
from motcua.engine.handlers import HandlerContext


def offline_contexts(procedure: Procedure, facts: DossierFacts, clock: Clock,
                     events: list[tuple[str, dict[str, Any]]] | None = None,
                     calendar: WorkingCalendar | None = None) -> Callable[[Any], HandlerContext]:
    """A ``context_for`` callable for Engine.start/complete that needs no store."""
    calendar = calendar or WorkingCalendar()
    numbers = count(1)
    log = events if events is not None else []

    def transfer(unit_code: str, reason: str, comment: str = "") -> None:
        log.append(("dossier.transferred", {"from": facts.handling_unit, "to": unit_code, "reason": reason}))
        facts.handling_unit = unit_code

    def context_for(task: Any) -> HandlerContext:
        return HandlerContext(
            data=dict(task.data), dossier=facts, clock=clock, actor="offline", unit_code=facts.handling_unit,
            procedure=procedure, record=lambda kind, detail: log.append((kind, detail)),
            issue_code=lambda: f"{facts.receiving_unit}-{clock.now():%y%m%d}-{next(numbers):04d}",
            transfer=transfer, calendar=calendar, task_name=task.task_spec.bpmn_name or task.task_spec.bpmn_id,
        )

    return context_for
