"""The clerk's pages read the work items and the register, never the workflow state; a task offered before
its work item kept its data (migration 0018) is still shown, read from the state."""
from __future__ import annotations

from typing import Any, NoReturn

import pytest

from features.steps.land_change import VERIFY, receive_data
from motcua.services import queries
from motcua.services.runtime import Runtime
from motcua.store.models import WorkItem
from motcua.trial.desk import Desk


def test_inbox_task_and_dossier_pages_never_restore_a_workflow(runtime: Runtime,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), dossier)
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", {**VERIFY, "opinion": "Đủ điều kiện chuyển nhượng."}, dossier)

    def refuse(*_: Any) -> NoReturn:
        raise AssertionError("a page restored a workflow")

    monkeypatch.setattr(runtime.runner, "restore", refuse)
    leader = desk.user_id("lanhdao.longan")
    [entry] = queries.inbox(runtime, leader)
    view = queries.task_view(runtime, leader, entry.task_id)
    assert any(text == "Đủ điều kiện chuyển nhượng." for _, text in view.answers)
    assert any(text == "Nguyễn Thị Hoa" for _, text in view.answers)
    assert queries.dossier_view(runtime, leader, dossier).open_tasks[0].task_id == entry.task_id


def test_a_task_offered_before_0018_is_read_from_the_state(runtime: Runtime) -> None:
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), dossier)
    specialist = desk.user_id("chuyenvien.longan")
    [entry] = queries.inbox(runtime, specialist)
    kept = queries.task_view(runtime, specialist, entry.task_id)
    with runtime.uow() as uow:
        item = uow.session.query(WorkItem).filter_by(task_id=entry.task_id).one()
        item.data, item.instructions = None, None
        uow.commit()

    again = queries.task_view(runtime, specialist, entry.task_id)
    assert (again.prefill, again.answers, again.instructions) == (kept.prefill, kept.answers, kept.instructions)
    assert again.answers
