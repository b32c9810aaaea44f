"""Generated land change dossiers whose step times are known, written straight into the event log as the steps
write it (``task.completed`` with the step's element, when it was offered and whether it was late).

Long An (80001) received five dossiers in the week of 10 November 2025, all finished by now; each step of each took the working minutes
in ``MINUTES`` (so the medians and 90th percentiles can be computed by hand), one was sent back by the leader
once and one asked to supplement. Three more wait at the examination now (one past its deadline; one received
this morning, whose reception only today's live figures count), and Kiến Tường (80002) has one dossier of its
own waiting there. "Now" is Wednesday 26/11/2025 10:00.
"""
from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from motcua.domain.clock import VN_TZ
from motcua.services.runtime import Runtime
from motcua.store import rollup_days
from motcua.store.models import Dossier, Event, WorkItem
from motcua.store.uow import UnitOfWork

NOW = datetime(2025, 11, 26, 10, 0, tzinfo=VN_TZ)
FIRST, LAST = date(2025, 11, 10), date(2025, 11, 26)
PERIOD = {"procedure": "land_change", "from": "2025-11-10", "to": "2025-11-26"}
TITLES = {"receive": "Tiếp nhận, kiểm tra hồ sơ", "verify": "Thẩm định hồ sơ", "approve": "Phê duyệt kết quả",
          "return_result": "Trả kết quả cho công dân", "receive_supplement": "Tiếp nhận hồ sơ bổ sung",
          "apology": "Lập phiếu xin lỗi, hẹn lại ngày trả"}
STEP_OF = {"receive": "reception", "verify": "verify", "approve": "decision", "return_result": "result_return",
           "receive_supplement": "receive_supplement"}
# working minutes each task took, per dossier; the examination ("verify") is the slow step
MINUTES = {
    "receive": [10, 12, 20, 8, 15],
    "verify": [600, 900, 1200, 1500, 2000],
    "approve": [30, 45, 60, 20, 50],
    "return_result": [5, 10, 15, 20, 25],
}
LATE = {("verify", 3), ("verify", 4)}  # (task, dossier index) finished past the step's deadline


@dataclass(frozen=True)
class Task:
    """A task of a generated dossier: its element, the working minutes it took, and whether it was late."""

    element: str
    minutes: float
    late: bool = False


def plan(slow: str = "verify") -> list[list[Task]]:
    """The five finished dossiers' tasks; ``slow`` names the task whose times are the large ones."""
    minutes = dict(MINUTES)
    if slow != "verify":
        minutes["verify"], minutes[slow] = minutes[slow], minutes["verify"]
    dossiers = []
    for i in range(5):
        tasks = [Task("receive", minutes["receive"][i]), Task("verify", minutes["verify"][i], ("verify", i) in LATE),
                 Task("approve", minutes["approve"][i]), Task("return_result", minutes["return_result"][i])]
        dossiers.append(tasks)
    # dossier 1 is sent back once: the leader's first look took 10 minutes, the second examination 30
    dossiers[1][2:2] = [Task("approve", 10), Task("verify", 30)]
    # dossier 2 asked to supplement: the citizen took 300 working minutes to bring the papers, the re-examination 60
    dossiers[2][2:2] = [Task("receive_supplement", 300), Task("verify", 60)]
    return dossiers


def nearest_rank(values: list[float], q: float) -> float:
    """The q-quantile as the heat map defines it (nearest rank), computed by hand from the values."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def _write(runtime: Runtime, uow: UnitOfWork, unit_code: str, name: str, start: datetime, tasks: list[Task],
           waiting: tuple[str, timedelta] | None = None) -> int:
    """One dossier: started, its tasks completed one after the other, then a task still waiting (with its due
    moment relative to now) or the end."""
    calendar = runtime.pack.calendar
    unit = uow.units.require_code(unit_code)
    version = uow.versions.latest("land_change")
    assert version is not None
    dossier = uow.dossiers.add(Dossier(
        code=f"{unit_code}-{name}", procedure_slug="land_change", procedure_code="1.004227", version_id=version.id,
        applicant_name=f"Công dân {name}", receiving_unit_id=unit.id, handling_unit_id=unit.id,
        status="processing" if waiting else "returned", received_at=start, created_at=start))
    uow.session.add(Event(dossier_id=dossier.id, at=start, kind="dossier.started", unit_id=unit.id, detail={}))
    entered = start
    for index, task in enumerate(tasks):
        done = calendar.add_working_seconds(entered, task.minutes * 60)
        last = index == len(tasks) - 1 and waiting is None
        uow.session.add(Event(
            dossier_id=dossier.id, at=done, kind="task.completed", unit_id=unit.id, task=TITLES[task.element],
            task_id=str(uuid.uuid4()), detail={"element": task.element, "entered_at": entered.isoformat(),
                                               "timeliness": "late" if task.late else "on_time",
                                               **({"ended": "end"} if last else {})}))
        entered = done
    if waiting:
        element, due_in = waiting
        uow.session.add(WorkItem(task_id=str(uuid.uuid4()), dossier_id=dossier.id, version_id=version.id,
                                 unit_id=unit.id, role="specialist", element_id=element, title=TITLES[element],
                                 created_at=entered, due_at=NOW + due_in))
    else:
        dossier.finished_at = entered
    return dossier.id


def add_dossier(runtime: Runtime, unit_code: str, name: str, start: datetime, tasks: list[Task],
                waiting: tuple[str, timedelta] | None = None) -> int:
    """One more dossier written as ``load`` writes them, in its own transaction."""
    with runtime.uow() as uow:
        dossier_id = _write(runtime, uow, unit_code, name, start, tasks, waiting)
        uow.commit()
    return dossier_id


def load(runtime: Runtime, slow: str = "verify") -> dict[str, int]:
    """Write the dossiers, set the clock to NOW and build the roll-up of every past day of the period."""
    runtime.clock.set(NOW)
    ids = {}
    with runtime.uow() as uow:
        for index, tasks in enumerate(plan(slow)):
            start = datetime(2025, 11, 10 + index, 8, 0, tzinfo=VN_TZ)  # Monday to Friday, one a day
            ids[f"D{index}"] = _write(runtime, uow, "80001", f"D{index}", start, tasks)
        morning = datetime(2025, 11, 25, 8, 0, tzinfo=VN_TZ)
        ids["W1"] = _write(runtime, uow, "80001", "W1", morning, [Task("receive", 10)], ("verify", timedelta(days=2)))
        ids["W2"] = _write(runtime, uow, "80001", "W2", morning, [Task("receive", 20)], ("verify", -timedelta(hours=1)))
        ids["T1"] = _write(runtime, uow, "80001", "T1", NOW.replace(hour=8), [Task("receive", 30)],
                           ("verify", timedelta(days=3)))
        ids["K1"] = _write(runtime, uow, "80002", "K1", morning, [Task("receive", 5)], ("verify", timedelta(days=1)))
        uow.commit()
    rebuild_past_days(runtime)
    return ids


def rebuild_past_days(runtime: Runtime) -> None:
    """Build the roll-ups for every day of the period before today, as the worker does (today is computed
    live)."""
    with runtime.uow() as uow:
        day = FIRST - timedelta(days=7)
        while day < LAST:
            rollup_days.build(uow.session, day)
            day += timedelta(days=1)
        uow.commit()
