"""Step deadlines: timers on the processing steps, counted in working days, fired by workers exactly once."""
from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from features.steps.land_change import VERIFY, receive_data
from motcua.domain.clock import VN_TZ, FixedClock
from motcua.services.runtime import Runtime
from motcua.services.steps import fire_due_timers
from motcua.trial.desk import Desk
from tests.support.runtimes import make_runtime

ROOT = Path(__file__).resolve().parents[2]


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN_TZ)


@pytest.fixture
def desk(runtime: Runtime) -> Desk:
    return Desk(runtime)


def risk_records(runtime: Runtime, dossier_id: int) -> tuple[str | None, list[str], list[tuple[str, str]]]:
    """The dossier's risk mark, its sla.* events, and (leader, kind) of the notifications sent."""
    with runtime.uow() as uow:
        dossier = uow.dossiers.get(dossier_id)
        events = [e.kind for e in uow.events.for_dossier(dossier_id) if e.kind.startswith("sla.")]
        notes = [(n.user_id, n.kind) for leader in uow.users.holding(dossier.handling_unit_id, "leader")
                 for n in uow.notifications.unread(leader.id)]
        names = {u.id: u.username for u in uow.users.holding(dossier.handling_unit_id, "leader")}
        return dossier.at_risk, events, [(names[user], kind) for user, kind in notes]


def run_workers(runtime: Runtime, database_url: str, instance_dir: Path, clock: FixedClock, count: int = 2) -> int:
    """``count`` workers, each with its own runtime and connections, firing at once; dossiers advanced in all."""
    runtimes = [make_runtime(database_url, ROOT, instance_dir, clock, pack=runtime.pack) for _ in range(count)]
    try:
        with ThreadPoolExecutor(count) as pool:
            return sum(pool.map(fire_due_timers, runtimes))
    finally:
        for rt in runtimes:
            rt.db.dispose()


def test_a_step_that_nears_then_passes_its_deadline_escalates_once_each(
        desk: Desk, runtime: Runtime, clock: FixedClock, database_url: str, instance_dir: Path) -> None:
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    with runtime.uow() as uow:
        [item] = uow.work_items.for_dossier(dossier)
        # received Monday 24/11/2025 08:30; the verify step warns after 5 and is due after 6 working days
        assert item.title == "Thẩm định hồ sơ" and item.due_at == at(2025, 12, 2, 17, 0)

    assert run_workers(runtime, database_url, instance_dir, clock) == 0
    assert risk_records(runtime, dossier) == (None, [], [])

    clock.set(datetime(2025, 12, 2, 9, 0))  # past Monday 1/12 17:00: nearly due
    assert run_workers(runtime, database_url, instance_dir, clock) == 1
    assert risk_records(runtime, dossier) == ("near_due", ["sla.near_due"], [("lanhdao.longan", "sla.near_due")])
    assert run_workers(runtime, database_url, instance_dir, clock) == 0

    clock.set(datetime(2025, 12, 3, 8, 0))  # past Tuesday 2/12 17:00: overdue
    assert run_workers(runtime, database_url, instance_dir, clock, count=3) == 1
    level, events, notes = risk_records(runtime, dossier)
    assert level == "overdue" and events == ["sla.near_due", "sla.overdue"]
    assert sorted(notes) == [("lanhdao.longan", "sla.near_due"), ("lanhdao.longan", "sla.overdue")]
    assert run_workers(runtime, database_url, instance_dir, clock) == 0

    # the late step is still the specialist's to do; once done, the next step starts with a clean slate
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY)
    with runtime.uow() as uow:
        [item] = uow.work_items.for_dossier(dossier)
        assert item.title == "Phê duyệt kết quả" and item.escalation is None
        assert item.due_at == at(2025, 12, 5, 17, 0)  # two working days from Wednesday 3/12
        assert uow.dossiers.get(dossier).at_risk is None


def test_worker_processes_fire_a_due_timer_once(desk: Desk, runtime: Runtime, database_url: str,
                                               instance_dir: Path) -> None:
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    env = {**os.environ, "DATABASE_URL": database_url, "MOTCUA_INSTANCE_DIR": str(instance_dir),
           "MOTCUA_SECRET_KEY": "test-secret", "MOTCUA_NOW": "2025-12-03T08:00:00+07:00"}
    workers = [subprocess.Popen([str(Path(sys.executable).parent / "motcua"), "worker", "--once"], env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [w.communicate(timeout=120)[0] for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    assert sum("timers: 1 dossier(s) advanced" in out for out in outputs) == 1, outputs
    level, events, notes = risk_records(runtime, dossier)
    # both timers had come: the one firing escalated to overdue, leaving one record of each level
    assert level == "overdue" and sorted(events) == ["sla.near_due", "sla.overdue"] and len(notes) == 2


def test_the_leader_sees_the_escalation_and_the_inbox_marks_the_late_step(
        app, desk: Desk, runtime: Runtime, clock: FixedClock) -> None:
    from tests.support.web import Clerk

    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    clock.set(datetime(2025, 12, 3, 8, 0))
    assert fire_due_timers(runtime) == 1

    leader = Clerk(app, "lanhdao.longan")
    html = leader.get("/").text
    assert "Bước xử lý đã quá hạn: Thẩm định hồ sơ" in html and f"/dossiers/{dossier}" in html
    specialist = Clerk(app, "chuyenvien.longan").get("/").text
    assert "02/12/2025 17:00" in specialist and 'class="tag overdue"' in specialist
    leader.submit("/notices/seen", {}, token_from="/")
    assert "Bước xử lý đã quá hạn" not in leader.get("/").text
