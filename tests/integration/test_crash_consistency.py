"""Kill a working process at random moments (SIGKILL, mid-step included): for every dossier the workflow
state, the open tasks, the event log and the outbox must still tell the same story."""
from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from motcua.services.runtime import Runtime
from motcua.store.models import Dossier, Event, Instance, OutboxMessage, WorkItem

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("MOTCUA_CRASH_KILLS", "6"))


def first_line(driver: subprocess.Popen[str], seconds: float) -> str:
    """The driver's first line (its first step done), or "" if it wrote none in ``seconds`` or ended."""
    deadline = time.monotonic() + seconds
    with selectors.DefaultSelector() as ready:
        assert driver.stdout is not None
        ready.register(driver.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline and driver.poll() is None:
            if ready.select(timeout=1):
                return driver.stdout.readline()
    return ""


def run_and_kill(database_url: str, instance_dir: Path, chance: random.Random) -> int:
    """Start the driver, wait for its first step (start-up time varies with the machine's load), let it work a
    random while, kill it without warning; the steps it reported."""
    driver = subprocess.Popen([sys.executable, "-m", "tests.support.crash_driver", database_url, str(instance_dir)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = first_line(driver, 120)
    time.sleep(chance.uniform(0.5, 3.0))  # mid-work: steps take tens of milliseconds, so the kill lands in one
    driver.send_signal(signal.SIGKILL)
    out, err = driver.communicate(timeout=30)
    assert "Traceback" not in err, err
    return (first + out).count("step")


def test_killed_mid_step_the_records_still_agree(runtime: Runtime, database_url: str, instance_dir: Path) -> None:
    chance = random.Random(20251124)
    reported = sum(run_and_kill(database_url, instance_dir, chance) for _ in range(KILLS))
    assert reported > 0, "the driver never got to work before being killed"

    with runtime.uow() as uow:
        dossiers = uow.session.query(Dossier).all()
        assert dossiers
        for dossier in dossiers:
            instance = uow.session.query(Instance).filter_by(dossier_id=dossier.id).one()
            version = runtime.version(uow, instance.version_id)
            workflow = runtime.runner.restore(instance.state, version.spec, version.subprocess_specs)
            waiting = {t.id for t in runtime.runner.human_tasks(workflow)}
            items = {w.task_id for w in uow.session.query(WorkItem).filter_by(dossier_id=dossier.id)}
            assert waiting == items, f"dossier {dossier.id}: state waits on {waiting}, inbox shows {items}"
            assert instance.completed == (dossier.finished_at is not None) == workflow.completed

            events = uow.session.query(Event).filter_by(dossier_id=dossier.id).all()
            done_in_state = runtime.runner.completed_steps(workflow)
            done_in_log = Counter(e.task for e in events if e.kind == "task.completed")
            assert sum(done_in_state.values()) == sum(done_in_log.values()), (dossier.id, done_in_state, done_in_log)

            statuses = [m.payload["status"] for m in uow.session.query(OutboxMessage)
                        .filter_by(dossier_id=dossier.id).order_by(OutboxMessage.id)]
            if dossier.code:
                assert statuses and statuses[-1] == dossier.status, (dossier.id, statuses, dossier.status)
            else:
                assert statuses == []
