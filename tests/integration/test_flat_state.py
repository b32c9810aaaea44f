"""A dossier sent back and forth keeps a bounded state (finished branches are pruned before each save), still
finishes, still migrates, and its state still accounts for every step the event log records."""
from __future__ import annotations

import pytest
from SpiffWorkflow.util.task import TaskState

from features.steps.land_change import RETURN_DATA, SEND_BACK, SIGN, VERIFY, receive_data
from motcua.engine.runner import TaskNotWaiting
from motcua.services import versions
from motcua.services.runtime import Runtime
from motcua.store.models import Event
from motcua.trial.desk import Desk
from tests.integration.test_versions import ANALYST, renamed

LOOPS = 12


def stored(runtime: Runtime, dossier_id: int) -> tuple[bytes, object]:
    with runtime.uow() as uow:
        instance = uow.instances.for_dossier(dossier_id)
        version = runtime.version(uow, instance.version_id)
        return bytes(instance.state), runtime.runner.restore(instance.state, version.spec, version.subprocess_specs)


def completions_logged(runtime: Runtime, dossier_id: int) -> int:
    with runtime.uow() as uow:
        return uow.session.query(Event).filter_by(dossier_id=dossier_id, kind="task.completed").count()


def test_a_dossier_sent_back_many_times_keeps_a_bounded_state_and_finishes(runtime: Runtime) -> None:
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    first_verify = desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), dossier).waiting[0][0]
    sizes, task_counts = [], []
    for _ in range(LOOPS):
        desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, dossier)
        desk.do("lanhdao.longan", "Phê duyệt kết quả", SEND_BACK, dossier)
        state, workflow = stored(runtime, dossier)
        sizes.append(len(state))
        task_counts.append(len(workflow.tasks) + sum(len(sp.tasks) for sp in workflow.subprocesses.values()))
        assert sum(runtime.runner.completed_steps(workflow).values()) == completions_logged(runtime, dossier)

    assert max(task_counts[1:]) == min(task_counts[1:]), task_counts  # the same tree at every loop
    assert max(sizes) < 1.2 * sizes[1], sizes
    with pytest.raises(TaskNotWaiting):  # a clerk racing on the first verification, long since pruned
        runtime.runner.complete(workflow, first_verify, VERIFY, lambda task: None)

    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, dossier)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, dossier)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, dossier)
    _, workflow = stored(runtime, dossier)
    assert workflow.completed and desk.dossier(dossier).dossier.status == "returned"
    assert sum(runtime.runner.completed_steps(workflow).values()) == completions_logged(runtime, dossier) \
        == 2 + 2 * (LOOPS + 1)


def test_a_pruned_dossier_migrates_and_keeps_its_data(runtime: Runtime) -> None:
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), dossier)
    for _ in range(3):
        desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, dossier)
        desk.do("lanhdao.longan", "Phê duyệt kết quả", SEND_BACK, dossier)
    before = stored(runtime, dossier)[1]
    applicant = next(t.data for t in before.get_tasks() if t.task_spec.bpmn_id == "verify")["applicant_name"]

    assert versions.save_diagram(runtime, desk.user_id(ANALYST), "land_change", renamed()).number == 2
    moved = versions.migrate(runtime, "land_change", 1, 2)
    assert moved.refused == [] and len(moved.moved) == 1

    after = stored(runtime, dossier)[1]
    waiting = next(t for t in after.get_tasks() if t.task_spec.bpmn_id == "verify" and t.state == TaskState.READY)
    assert waiting.data["applicant_name"] == applicant  # the reset step inherits the dossier's data
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ (quy trình mới)", VERIFY, dossier)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, dossier)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, dossier)
    assert desk.dossier(dossier).dossier.status == "returned"
