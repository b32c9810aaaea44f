"""Every BPMN element SpiffWorkflow runs either runs in MotCua or is refused with the MotCua way to say it.

Each diagram of ``tests/fixtures/elements`` is put in a pack of its own (with the diagrams it calls and the
decision tables it uses), must pass ``load_pack`` and its dry run, and a real dossier of it is then worked to
its end through the services by the demo staff its lanes name.
"""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from motcua.domain.clock import FixedClock
from motcua.engine.dryrun import dry_run_pack
from motcua.engine.pack import load_pack
from motcua.services import steps
from motcua.services.errors import NotFound, StepFailed
from tests.support.packs import PROCEDURE, PROJECT_ROOT
from tests.support.runtimes import make_runtime
from tests.support.walk import work_dossier

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "elements"
RUNS = ["plain_tasks", "event_gateway", "event_subprocess", "error_subprocess", "link_events", "multi_instance", "messages",
        "call_shared", "fee_rule"]


def element_pack(root: Path, stem: str) -> Path:
    """The project's handlers and forms, every fixture diagram and decision table, one catalogue entry."""
    shutil.copytree(PROJECT_ROOT / "handlers", root / "handlers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT_ROOT / "forms", root / "forms")
    for folder, pattern in (("bpmn", "*.bpmn"), ("dmn", "*.dmn")):
        (root / folder).mkdir()
        for path in FIXTURES.glob(pattern):
            shutil.copy(path, root / folder / path.name)
    (root / "processes").mkdir()
    code = RUNS.index(stem) + 1 if stem in RUNS else 99
    (root / "processes" / f"{stem}.toml").write_text(PROCEDURE.format(code=code, process_id=stem), encoding="utf-8")
    return root


@pytest.mark.parametrize("stem", RUNS)
def test_element_runs_in_the_dry_run_and_for_real(stem: str, tmp_path: Path, database_url: str) -> None:
    root = element_pack(tmp_path / "pack", stem)
    [walked] = dry_run_pack(load_pack(root))
    assert walked.problems == [] and walked.paths >= 1, walked.summary()

    clock = FixedClock(datetime(2025, 11, 24, 8, 30))
    runtime = make_runtime(database_url, root, tmp_path / "instance", clock)
    result = work_dossier(runtime, clock, stem, "80001")
    assert result.finished, f"{stem}: {result.stuck} after {result.done}"
    assert result.done


def test_a_message_nothing_sends_is_refused_at_the_element_that_waits(tmp_path: Path) -> None:
    [walked] = dry_run_pack(load_pack(element_pack(tmp_path / "pack", "unanswered_message")))
    [problem] = walked.problems
    assert problem.element == "reply" and problem.line == 7
    assert "nothing in this pack will send" in problem.message and "timer or a user task" in problem.message


def test_an_event_gateway_timer_is_scheduled_for_the_earliest_of_its_timers(tmp_path: Path, database_url: str) -> None:
    """The gateway lists its 10-day timer first; the worker must still wake at the 2-day one."""
    root = element_pack(tmp_path / "pack", "event_gateway")
    clock = FixedClock(datetime(2025, 11, 24, 8, 30))
    runtime = make_runtime(database_url, root, tmp_path / "instance", clock)
    result = work_dossier(runtime, clock, "event_gateway", "80001")
    assert result.finished and result.done == ["Tiếp nhận", "Nhắc công dân"]
    assert clock.now().day == 26  # two working days after Monday 24 November, not ten


MESSAGES = """[messages.cong_dan_tra_loi]
title_vi = "Công dân trả lời qua Cổng dịch vụ công"
sender = "Cổng dịch vụ công quốc gia"
"""


def test_a_declared_message_from_outside_is_walked_and_delivered_to_the_waiting_dossier(
        tmp_path: Path, database_url: str) -> None:
    root = element_pack(tmp_path / "pack", "unanswered_message")
    (root / "messages.toml").write_text(MESSAGES, encoding="utf-8")
    [walked] = dry_run_pack(load_pack(root))
    assert walked.problems == [] and walked.paths == 1, walked.summary()

    clock = FixedClock(datetime(2025, 11, 24, 8, 30))
    runtime = make_runtime(database_url, root, tmp_path / "instance", clock)
    result = work_dossier(runtime, clock, "unanswered_message", "80001")
    assert not result.finished and result.stuck == "nothing to do and no timer"
    code = desk_code(runtime, result.dossier_id)
    with pytest.raises(NotFound, match="not declared"):
        steps.deliver_message(runtime, code, "no_such_message")
    outcome = steps.deliver_message(runtime, code, "cong_dan_tra_loi", {"answer": "đồng ý"})
    assert outcome.waiting == []
    with runtime.uow() as uow:
        assert uow.instances.for_dossier(result.dossier_id).completed
        kinds = [e.kind for e in uow.events.for_dossier(result.dossier_id)]
    assert "message.received" in kinds
    with pytest.raises(StepFailed) as failed:
        steps.deliver_message(runtime, code, "cong_dan_tra_loi")
    assert "not waiting for message" in failed.value.detail


def desk_code(runtime, dossier_id: int) -> str:  # noqa: ANN001
    """The dossier's code (this trial process has no intake step to issue one, so it is given here)."""
    with runtime.uow() as uow:
        uow.dossiers.get(dossier_id).code = "000.00.31.H53-251124-0001"
        uow.commit()
    return "000.00.31.H53-251124-0001"
