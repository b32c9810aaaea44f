"""Diagrams from other tools at run time: SpiffArena's form and instructions reach the clerk, and a very long
chain of steps runs."""
from __future__ import annotations

import time
from pathlib import Path

from motcua.domain.clock import FixedClock
from motcua.services import queries, steps
from motcua.services.runtime import Runtime
from motcua.web import create_app
from tests.support.packs import CHECK_SCHEMA, diagram, make_pack, spiffarena_pack, user_task
from tests.support.runtimes import make_runtime
from tests.support.web import Clerk

RETURN = {"recipient_name": "Trần Văn B", "recipient_id_number": "080190001234", "fee_collected": True}
CLERK = "tiepnhan.longan"


def pack_runtime(root: Path, database_url: str, clock: FixedClock) -> Runtime:
    return make_runtime(database_url, root, root.parent / "instance", clock)


def clerk_id(runtime: Runtime) -> int:
    with runtime.uow() as uow:
        return uow.users.by_username(CLERK).id


def test_a_spiffarena_task_shows_its_form_and_instructions_to_the_clerk(tmp_path: Path, database_url: str,
                                                                        clock: FixedClock) -> None:
    runtime = pack_runtime(spiffarena_pack(tmp_path / "pack"), database_url, clock)
    user = clerk_id(runtime)
    dossier = steps.start_dossier(runtime, user, "80001", "trial", data={"applicant_name": "Lê <i>Thị</i> Cúc"})
    [task] = [t for t in queries.inbox(runtime, user) if t.dossier.id == dossier.dossier_id]
    view = queries.task_view(runtime, user, task.task_id)
    assert view.form is not None and view.form.schema == CHECK_SCHEMA
    assert view.instructions == "Gọi Lê <i>Thị</i> Cúc nếu thiếu giấy tờ."

    page = Clerk(create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test"}), CLERK).get(
        f"/tasks/{task.task_id}").text
    assert "Hướng dẫn thực hiện" in page and "Gọi Lê &lt;i&gt;Thị&lt;/i&gt; Cúc nếu thiếu giấy tờ." in page
    assert "<i>Thị</i>" not in page  # shown as text, never as markup
    assert 'name="note"' in page and "<textarea" in page  # the form and UI schema from beside the diagram

    steps.complete_task(runtime, user, task.task_id, {"complete": True, "note": "Đủ"})
    assert not [t for t in queries.inbox(runtime, user) if t.dossier.id == dossier.dossier_id]


def test_a_dossier_on_a_chain_of_2000_steps_starts_and_moves_on(tmp_path: Path, database_url: str,
                                                               clock: FixedClock) -> None:
    ids = [f"t{i}" for i in range(2000)]
    bpmn = diagram(ids[0], *(user_task(t, ids[i + 1] if i + 1 < 2000 else "end", name=f"Bước {i}")
                             for i, t in enumerate(ids)), lane=tuple(ids))
    runtime = pack_runtime(make_pack(tmp_path / "pack", bpmn), database_url, clock)
    user = clerk_id(runtime)
    dossier = steps.start_dossier(runtime, user, "80001", "trial").dossier_id
    started = time.monotonic()
    for number in range(3):
        [task] = [t for t in queries.inbox(runtime, user) if t.dossier.id == dossier]
        assert task.title == f"Bước {number}"
        steps.complete_task(runtime, user, task.task_id, RETURN)
    print(f"3 steps of a 2,000-step dossier: {time.monotonic() - started:.2f} s")
    [task] = [t for t in queries.inbox(runtime, user) if t.dossier.id == dossier]
    assert task.title == "Bước 3"
