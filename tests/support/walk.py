"""Work a real dossier to its end through the services, as the staff its lanes name would.

Used to prove that a diagram `motcua validate` accepts also runs for real: each open task is done by a
demo user holding its role in the unit where the dossier sits, with the form's sample data; when nobody
has anything to do, time passes to the next timer and the worker fires it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from motcua.domain.clock import FixedClock
from motcua.engine.dryrun import submissions
from motcua.services import steps
from motcua.services.errors import Forbidden
from motcua.services.runtime import Runtime
from motcua.store.models import User, WorkItem


@dataclass
class Walked:
    """How far a real dossier got."""

    dossier_id: int
    done: list[str]
    finished: bool
    stuck: str = ""


def _staff(runtime: Runtime, unit_id: int, role: str) -> int | None:
    with runtime.uow() as uow:
        for user in uow.session.scalars(select(User).order_by(User.id)):
            if any(m.unit_id == unit_id and m.role == role for m in user.memberships):
                return user.id
    return None


def work_dossier(runtime: Runtime, clock: FixedClock, slug: str, unit: str, limit: int = 40) -> Walked:
    """Open a dossier of ``slug`` at ``unit`` by a clerk of its first step's role, then work it to its end."""
    loaded = runtime.pack.get(slug)
    first = None
    with runtime.uow() as uow:
        unit_row = uow.units.by_code(unit)
        assert unit_row is not None, unit
        unit_id = unit_row.id
    for role in ("reception", "specialist", "leader", "clerical", "operator", "admin"):
        first = _staff(runtime, unit_id, role)
        try:
            dossier_id = steps.start_dossier(runtime, first, unit, slug).dossier_id
            break
        except Forbidden:
            continue
    else:
        return Walked(0, [], False, "no clerk of the unit could open it")
    done: list[str] = []
    units = tuple(code for code in (unit,))
    for _ in range(limit):
        with runtime.uow() as uow:
            items = uow.session.scalars(select(WorkItem).where(WorkItem.dossier_id == dossier_id).order_by(WorkItem.id))
            work = [(i.task_id, i.title, i.role, i.form, i.unit_id) for i in items]
            instance = uow.instances.for_dossier(dossier_id)
            completed, next_timer = instance.completed, instance.next_timer_at
        if completed:
            return Walked(dossier_id, done, True)
        if not work:
            if next_timer is None:
                return Walked(dossier_id, done, False, "nothing to do and no timer")
            clock.set(max(next_timer, clock.now()))
            steps.fire_due_timers(runtime)
            continue
        task_id, title, role, form, offered_at = work[0]
        user_id = _staff(runtime, offered_at, role)
        if user_id is None:
            return Walked(dossier_id, done, False, f"nobody holds role {role} for {title!r}")
        data = {}
        if form:
            version = loaded.forms.get(form)
            data = submissions(version, loaded.procedure, units)[0][1] if version else {}
        steps.complete_task(runtime, user_id, task_id, data)
        done.append(title)
    return Walked(dossier_id, done, False, f"still running after {limit} steps")
