"""Scripts in diagrams run sandboxed: a forbidden or runaway script fails its step and saves nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from motcua.domain.clock import FixedClock
from motcua.engine.spec import state_json
from motcua.services import queries, steps
from motcua.services.errors import StepFailed
from motcua.services.runtime import Runtime
from tests.support.packs import diagram, make_pack, script_task, user_task
from tests.support.runtimes import make_runtime

RETURN = {"recipient_name": "Trần Văn B", "recipient_id_number": "080190001234", "fee_collected": True}


def trial_runtime(tmp_path: Path, database_url: str, clock: FixedClock, script: str) -> Runtime:
    bpmn = diagram("ask", user_task("ask", "calc"), script_task("calc", script, "again"),
                   user_task("again", "end", name="Việc sau"), lane=("ask", "calc", "again"))
    return make_runtime(database_url, make_pack(tmp_path / "pack", bpmn), tmp_path / "instance", clock,
                        script_time_limit=0.3)


def clerk_id(runtime: Runtime) -> int:
    with runtime.uow() as uow:
        return uow.users.by_username("tiepnhan.longan").id


def snapshot(runtime: Runtime, dossier_id: int) -> tuple:
    with runtime.uow() as uow:
        instance = uow.instances.for_dossier(dossier_id)
        return instance.revision, instance.state, len(uow.events.for_dossier(dossier_id))


@pytest.mark.parametrize("script, cause", [
    ("import os", "ImportError"),
    ("secret = open('/etc/passwd').read()", "name 'open' is not defined"),
    ("n = 0\nwhile True:\n    n += 1", "ran longer than 0.3 s"),
    ("s = 'a' * (10 ** 10)", "needed more than 256 MB of memory"),
    ("x = list(range(10 ** 10))", "needed more than 256 MB of memory"),
    ("x = 10 ** 10 ** 8", "ran longer than 0.3 s"),
])
def test_a_forbidden_script_fails_cleanly_and_the_dossier_is_untouched(
        tmp_path: Path, database_url: str, clock: FixedClock, script: str, cause: str) -> None:
    runtime = trial_runtime(tmp_path, database_url, clock, script)
    user = clerk_id(runtime)
    dossier_id = steps.start_dossier(runtime, user, "80001", "trial").dossier_id
    task = queries.inbox(runtime, user)[0].task_id
    before = snapshot(runtime, dossier_id)

    with pytest.raises(StepFailed) as failure:
        steps.complete_task(runtime, user, task, RETURN)

    assert "Tính toán" in failure.value.detail and cause in failure.value.detail  # for the log and the analyst
    assert failure.value.code == "step.failed" and cause not in str(failure.value)  # the clerk reads no traceback
    assert snapshot(runtime, dossier_id) == before
    assert [t.task_id for t in queries.inbox(runtime, user)] == [task]
    runtime.db.dispose()


def test_an_allowed_script_computes_into_the_task_data(tmp_path: Path, database_url: str, clock: FixedClock) -> None:
    runtime = trial_runtime(tmp_path, database_url, clock, "total = sum([i * 2 for i in range(4)])")
    user = clerk_id(runtime)
    steps.start_dossier(runtime, user, "80001", "trial")
    steps.complete_task(runtime, user, queries.inbox(runtime, user)[0].task_id, RETURN)
    waiting = queries.inbox(runtime, user)
    assert [t.title for t in waiting] == ["Việc sau"]
    view = queries.task_view(runtime, user, waiting[0].task_id)
    assert view.prefill["recipient_name"] == "Trần Văn B"
    with runtime.uow() as uow:
        assert '"total":12' in state_json(uow.instances.for_dossier(waiting[0].dossier.id).state)
    runtime.db.dispose()
