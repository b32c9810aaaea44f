"""Clerks at many counters press "next" at the same moment: each ticket goes to exactly one counter."""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from motcua.domain.clock import FixedClock
from motcua.services import queue
from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from tests.support.runtimes import make_runtime

ROOT = Path(__file__).resolve().parents[2]
LONG_AN = "80001"
CLERKS = 12
RUNTIMES = 4  # three clerks share each runtime's connection pool, as threads of one app server would


def test_racing_counters_never_call_the_same_ticket(runtime: Runtime, database_url: str, clock: FixedClock,
                                                    instance_dir: Path) -> None:
    tickets = 150 if database_url.startswith("postgresql") else 80
    issued = {queue.issue_ticket(runtime, LONG_AN, "AB"[i % 2]).id for i in range(tickets)}
    clerks = []
    for n in range(1, CLERKS + 1):
        add_user(runtime, f"quay{n}.longan", f"Quầy {n}", "motcua-demo", [(LONG_AN, "reception")])
        with runtime.uow() as uow:
            clerks.append(uow.users.by_username(f"quay{n}.longan").id)
        queue.open_counter(runtime, clerks[-1], LONG_AN, n, ["A", "B"])
    runtimes = [make_runtime(database_url, ROOT, instance_dir, clock, pack=runtime.pack) for _ in range(RUNTIMES)]
    start, lock, calls = threading.Barrier(CLERKS), threading.Lock(), Counter()
    per_counter: Counter[int] = Counter()
    called_at: dict[int, int] = {}

    def counter(index: int) -> None:
        start.wait()
        while (called := queue.call_next(runtimes[index % RUNTIMES], clerks[index], LONG_AN)) is not None:
            with lock:
                calls[called.id] += 1
                called_at[called.id] = called.counter
                per_counter[called.counter] += 1

    try:
        with ThreadPoolExecutor(CLERKS) as pool:
            list(pool.map(counter, range(CLERKS)))
    finally:
        for rt in runtimes:
            rt.db.dispose()

    assert set(calls) == issued and set(calls.values()) == {1}, calls.most_common(3)
    assert sum(per_counter.values()) == tickets and len(per_counter) > 1  # the work was shared
    with runtime.uow() as uow:
        rows = uow.tickets.in_period(uow.units.by_code(LONG_AN).id, clock.now().date(), clock.now().date())
        # a counter's last "next" found nobody waiting and still ended the ticket at it: all are served
        assert Counter(t.status for t in rows) == {"served": tickets}
        assert all(t.calls == 1 and t.desk_id is not None and t.counter == called_at[t.id] for t in rows)
