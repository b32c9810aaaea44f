"""Who does a human task: the role its lane names, resolved once when the diagram is compiled.

Analysts name lanes as people say them ("Lãnh đạo", "Leader", "leader"); the spec stores the role code, so
the inbox, the access checks and every running dossier read one value. A process drawn without any lanes
(most diagrams from bpmn.io or a quick sketch) is a one-desk procedure: its human tasks are the reception
clerk's, as at the one-stop counter; a process that has lanes but leaves a task outside them is refused,
since nobody can tell whose it is.
"""
from __future__ import annotations

from typing import Any

from motcua.domain.roles import role_for_lane

DEFAULT_ROLE = "reception"


def resolve_lanes(processes: list[Any], human: tuple[type, ...]) -> list[str]:
    """Set each human task's lane to the role code it names; return the processes that had no lanes at all
    (their tasks now go to reception), so validation can say so."""
    defaulted = []
    for process in processes:
        tasks: list[Any] = [spec for spec in process.task_specs.values() if isinstance(spec, human)]
        if tasks and not any(spec.lane for spec in process.task_specs.values() if getattr(spec, "lane", None)):
            for spec in tasks:
                spec.lane = DEFAULT_ROLE
            defaulted.append(process.name)
            continue
        for spec in tasks:
            if spec.lane:
                spec.lane = role_for_lane(spec.lane) or spec.lane
    return defaulted
