"""Fifty clerks racing over the same tasks: each task is completed exactly once, every other try is told
who did it, and the records agree (issue 8's concurrency check; thousands of tasks on PostgreSQL); and
receptions racing at one unit on one day: each dossier gets its own national code (issue 16)."""
from __future__ import annotations

import os
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from features.steps.land_change import VERIFY, receive_data
from motcua.domain.clock import FixedClock
from motcua.domain.dossier_codes import DOSSIER_CODE
from motcua.services import steps
from motcua.services.errors import Conflict
from motcua.services.runtime import Runtime
from tests.support.runtimes import make_runtime

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 50
RUNTIMES = 5  # ten clients share each runtime's connection pool, as threads of an app server would
TRIES_PER_TASK = 2


def task_count(database_url: str) -> int:
    default = "1000" if database_url.startswith("postgresql") else "100"
    return int(os.environ.get("MOTCUA_RACE_TASKS", default))


def waiting_verifications(runtime: Runtime, n: int) -> list[str]:
    """n land-change dossiers received, each waiting for the specialist's verification."""
    with runtime.uow() as uow:
        clerk = uow.users.by_username("tiepnhan.longan").id
    data = receive_data()
    tasks = []
    for _ in range(n):
        started = steps.start_dossier(runtime, clerk, "80001", "land_change")
        [(receive_task, _)] = started.waiting
        [(verify_task, _)] = steps.complete_task(runtime, clerk, receive_task, data).waiting
        tasks.append(verify_task)
    return tasks


def test_racing_clerks_complete_each_task_exactly_once(runtime: Runtime, database_url: str, clock: FixedClock,
                                                       instance_dir: Path) -> None:
    tasks = waiting_verifications(runtime, task_count(database_url))
    with runtime.uow() as uow:
        specialist = uow.users.by_username("chuyenvien.longan").id
    attempts = [t for t in tasks for _ in range(TRIES_PER_TASK)]
    random.Random(8).shuffle(attempts)
    lock, outcomes = threading.Lock(), Counter()
    done: Counter[str] = Counter()
    runtimes = [make_runtime(database_url, ROOT, instance_dir, clock, pack=runtime.pack) for _ in range(RUNTIMES)]

    def attempt(index_and_task: tuple[int, str]) -> None:
        index, task = index_and_task
        try:
            steps.complete_task(runtimes[index % RUNTIMES], specialist, task, VERIFY)
        except Conflict as exc:
            kind = "told who did it" if "already completed by Chuyên viên Phường Long An" in str(exc) \
                else "told to retry"
            with lock:
                outcomes[kind] += 1
            return
        with lock:
            outcomes["completed"] += 1
            done[task] += 1

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(attempt, enumerate(attempts)))
    finally:
        for rt in runtimes:
            rt.db.dispose()

    assert outcomes["completed"] == len(tasks) and set(done.values()) == {1}, outcomes
    assert outcomes["told who did it"] + outcomes["told to retry"] == len(attempts) - len(tasks), outcomes
    with runtime.uow() as uow:
        completions = Counter(e.task_id for e in uow.session.query(steps.Event)
                              .filter(steps.Event.kind == "task.completed", steps.Event.task == "Thẩm định hồ sơ"))
        assert set(completions) == set(tasks) and set(completions.values()) == {1}
        waiting = [w.element_id for w in uow.session.query(steps.WorkItem)]
        assert Counter(waiting) == {"approve": len(tasks)}


def reception_count(database_url: str) -> int:
    default = "200" if database_url.startswith("postgresql") else "40"
    return int(os.environ.get("MOTCUA_RACE_RECEPTIONS", default))


def test_racing_receptions_at_one_unit_get_consecutive_national_codes(runtime: Runtime, database_url: str,
                                                                      clock: FixedClock, instance_dir: Path) -> None:
    """Clerks receiving at the counter and citizens sending online, all at Long An on the same day: every
    dossier gets its own code, in the national format, and the day's sequence has no gap and no repeat."""
    n = reception_count(database_url)
    with runtime.uow() as uow:
        clerk = uow.users.by_username("tiepnhan.longan").id
    data = receive_data()
    runtimes = [make_runtime(database_url, ROOT, instance_dir, clock, pack=runtime.pack) for _ in range(RUNTIMES)]

    def receive(index: int) -> str:
        rt = runtimes[index % RUNTIMES]
        if index % 2:  # sent online: coded when opened
            opened = steps.start_dossier(rt, None, "80001", "land_change", channel="online", data=data)
        else:  # at the counter: coded when the clerk receives it
            [(task, _)] = steps.start_dossier(rt, clerk, "80001", "land_change").waiting
            opened = steps.complete_task(rt, clerk, task, data)
        with rt.uow() as uow:
            return uow.dossiers.require(opened.dossier_id).code

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            codes = list(pool.map(receive, range(n)))
    finally:
        for rt in runtimes:
            rt.db.dispose()

    assert all(DOSSIER_CODE.match(code) for code in codes), codes
    assert sorted(codes) == [f"000.00.31.H53-251124-{k:04d}" for k in range(1, n + 1)]
