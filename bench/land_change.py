"""Land-change dossiers: bare engine in memory vs. the full runtime with its database.

    python -m bench.land_change [-n 200] [--database-url URL]

(a) runs the diagram's instances with SpiffWorkflow and the pack's handlers in
memory, no serialization; (b) runs the same dossiers through the services
(start, four task completions, each a transaction that restores the instance,
validates the form, runs the step and saves state, facts, open tasks and
events). It prints both throughputs, their ratio and the state stored per
finished dossier. SQLite in a temporary file unless a database URL is given.

(c) is the floor under (b): what any runtime that keeps each step durably must
at least do besides (a). The same dossiers, with each of (b)'s five
transactions reduced to reading the instance's state from one row, restoring
it, running the step, dumping the state and writing it back with the documents
the step issued, committed on the same database with the runtime's settings
(SQLite: WAL with full sync, the write lock taken first). Nothing else: no form
check, no person, no open tasks, no events, no register, no outbox. (a)/(c) is
the best ratio (b) could reach; (b) − (c) is what the runtime's own bookkeeping
costs.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Integer, LargeBinary, MetaData, Table, func, select, update

from motcua.domain.clock import Clock
from motcua.domain.dossier import DossierFacts
from motcua.engine.handlers import HandlerContext
from motcua.engine.offline import OfflineOffice, offline_contexts
from motcua.engine.pack import load_pack
from motcua.services import steps
from motcua.services.demo import seed_demo
from motcua.services.runtime import Runtime, build_runtime
from motcua.signing.pades import file_signer, sign_pdf
from motcua.store.models import Document, Event, Instance

ROOT = Path(__file__).resolve().parent.parent
PAPERS = [{"name": p.name, "originals": p.originals, "copies": p.copies}
          for p in load_pack(ROOT).get("land_change").procedure.papers]
FORMS = [
    {"applicant_name": "Nguyễn Thị Hoa", "applicant_id_number": "080190001234", "applicant_phone": "0912345678",
     "parcel_number": "215", "map_sheet": "12", "parcel_unit": "80001", "change_type": "transfer",
     "papers_received": PAPERS, "intake_decision": "receive"},
    {"opinion": "Hồ sơ đủ điều kiện.", "proposal": "approve"},
    {"decision": "sign"},
    {"recipient_name": "Nguyễn Thị Hoa", "recipient_id_number": "080190001234", "fee_collected": True},
]

STEP_TITLES = ["receive (receipt PDF)", "verify", "approve (sign PDF)", "return result"]
SEND_BACK = {"decision": "send_back", "leader_comment": "Bổ sung ý kiến"}


class OfflineDossiers:
    """What the bare engine and the floor run their dossiers with: the land change version's specs, the runner,
    and a PAdES signer prepared once, as the runtime's signing service prepares it once per key."""

    def __init__(self, runtime: Runtime) -> None:
        self.loaded = runtime.pack.get("land_change")
        self.spec, self.subprocess_specs = self.loaded.compiled.spec, self.loaded.compiled.subprocess_specs
        self.runner, self.clock = runtime.runner, Clock()
        keys = runtime.signer.keys
        self.signer = file_signer(keys.signer("bench", "Lãnh đạo", "Lãnh đạo", "Phường Long An"),
                                  keys.ca().certificate)

    def sign(self, pdf: bytes, reason: str) -> bytes:
        return sign_pdf(pdf, self.signer, reason, "Long An")

    def new(self) -> tuple[OfflineOffice, Callable[[Any], HandlerContext]]:
        """A new dossier's office in memory (what its handlers number, keep and sign) and its contexts."""
        facts = DossierFacts(None, self.loaded.procedure.code, "", "80001", "80001")
        office = OfflineOffice(facts, self.clock, sign_with=self.sign)
        return office, offline_contexts(self.loaded.procedure, facts, self.clock, office=office)


def bare_engine(runtime: Runtime, n: int) -> float:
    """Dossiers per second with the engine alone."""
    dossiers = OfflineDossiers(runtime)
    runner = dossiers.runner
    started = time.perf_counter()
    for _ in range(n):
        _office, context = dossiers.new()
        workflow = runner.start(dossiers.spec, dossiers.subprocess_specs, context)
        for data in FORMS:
            runner.complete(workflow, runner.human_tasks(workflow)[0].id, data, context)
        assert workflow.completed
    return n / (time.perf_counter() - started)


def floor(runtime: Runtime, n: int) -> float:
    """Dossiers per second of the bare engine's work plus the least a durable step costs: per transaction, the
    state read from its row, restored, stepped, dumped and written back with the documents the step issued,
    and committed (see the module's (c))."""
    dossiers = OfflineDossiers(runtime)
    runner, spec, subprocess_specs = dossiers.runner, dossiers.spec, dossiers.subprocess_specs
    tables = MetaData()
    states = Table("bench_floor_states", tables, Column("id", Integer, primary_key=True),
                   Column("state", LargeBinary), Column("revision", Integer))
    documents = Table("bench_floor_documents", tables, Column("id", Integer, primary_key=True),
                      Column("instance", Integer), Column("content", LargeBinary))
    tables.create_all(runtime.db)
    try:
        started = time.perf_counter()
        for _ in range(n):
            office, context = dossiers.new()
            with runtime.db.begin() as connection:
                workflow = runner.start(spec, subprocess_specs, context)
                row = connection.execute(states.insert().values(state=runner.dump(workflow), revision=1)
                                         .returning(states.c.id)).scalar_one()
            for data in FORMS:
                kept = len(office.documents)
                with runtime.db.begin() as connection:
                    state, revision = connection.execute(
                        select(states.c.state, states.c.revision).where(states.c.id == row)).one()
                    workflow = runner.restore(state, spec, subprocess_specs)
                    runner.complete(workflow, runner.human_tasks(workflow)[0].id, data, context)
                    connection.execute(update(states).where(states.c.id == row, states.c.revision == revision)
                                       .values(state=runner.dump(workflow), revision=revision + 1))
                    for _kind, _name, content in office.documents[kept:]:
                        connection.execute(documents.insert().values(instance=row, content=content))
            assert workflow.completed
        return n / (time.perf_counter() - started)
    finally:
        tables.drop_all(runtime.db)


def full_runtime(runtime: Runtime, n: int) -> tuple[float, list[float]]:
    """Dossiers per second through the services and the database, and per-step latencies (ms)."""
    with runtime.uow() as uow:
        users = {u: uow.users.by_username(f"{u}.longan").id for u in ("tiepnhan", "chuyenvien", "lanhdao")}
    actors = [users["tiepnhan"], users["chuyenvien"], users["lanhdao"], users["tiepnhan"]]
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(n):
        outcome = steps.start_dossier(runtime, users["tiepnhan"], "80001", "land_change")
        for actor, data in zip(actors, FORMS, strict=True):
            t0 = time.perf_counter()
            outcome = steps.complete_task(runtime, actor, outcome.waiting[0][0], data)
            latencies.append((time.perf_counter() - t0) * 1000)
    return n / (time.perf_counter() - started), latencies


def growth(runtime: Runtime, loops: int) -> list[tuple[int, float, int]]:
    """Send one dossier back and forth between specialist and leader ``loops`` times: (loop, ms per
    completion over the loop's two steps, stored state bytes), to see whether a step costs more as an
    instance's history grows (SpiffWorkflow keeps every finished task in the tree it serializes)."""
    with runtime.uow() as uow:
        users = {u: uow.users.by_username(f"{u}.longan").id for u in ("tiepnhan", "chuyenvien", "lanhdao")}
    outcome = steps.start_dossier(runtime, users["tiepnhan"], "80001", "land_change")
    outcome = steps.complete_task(runtime, users["tiepnhan"], outcome.waiting[0][0], FORMS[0])
    points = []
    for loop in range(1, loops + 1):
        t0 = time.perf_counter()
        outcome = steps.complete_task(runtime, users["chuyenvien"], outcome.waiting[0][0], FORMS[1])
        outcome = steps.complete_task(runtime, users["lanhdao"], outcome.waiting[0][0], SEND_BACK)
        took = (time.perf_counter() - t0) * 1000 / 2
        if loop in (1, 2) or loop % max(1, loops // 4) == 0:
            with runtime.uow() as uow:
                size = len(uow.instances.for_dossier(outcome.dossier_id).state)
            points.append((loop, took, size))
    return points


def profile_step(runtime: Runtime, n: int, step: int) -> str:
    """cProfile of one step (index into FORMS) over ``n`` dossiers: the top of the cumulative listing."""
    with runtime.uow() as uow:
        users = {u: uow.users.by_username(f"{u}.longan").id for u in ("tiepnhan", "chuyenvien", "lanhdao")}
    actors = [users["tiepnhan"], users["chuyenvien"], users["lanhdao"], users["tiepnhan"]]
    profiler = cProfile.Profile()
    for _ in range(n):
        outcome = steps.start_dossier(runtime, users["tiepnhan"], "80001", "land_change")
        for index, (actor, data) in enumerate(zip(actors, FORMS, strict=True)):
            if index == step:
                profiler.enable()
            outcome = steps.complete_task(runtime, actor, outcome.waiting[0][0], data)
            profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def stored_bytes(runtime: Runtime) -> tuple[float, float, float]:
    """Per finished dossier: average workflow state bytes, event rows, and bytes of issued PDFs."""
    with runtime.uow() as uow:
        state = uow.session.scalar(select(func.avg(func.length(Instance.state))).where(Instance.completed))
        events = uow.session.scalar(select(func.count()).select_from(Event))
        dossiers = uow.session.scalar(select(func.count()).select_from(Instance))
        documents = uow.session.scalar(select(func.sum(func.length(Document.content))))
    return float(state or 0), events / max(dossiers, 1), float(documents or 0) / max(dossiers, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="dossiers per measurement")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temporary file")
    parser.add_argument("--loops", type=int, default=100, help="send-back loops of the growth measurement")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the slowest step")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        runtime = build_runtime(url, ROOT, Path(tmp) / "instance", "bench-secret")
        seed_demo(runtime)
        bare_engine(runtime, 10)
        floor(runtime, 5)
        full_runtime(runtime, 5)
        bare = bare_engine(runtime, args.n)
        least = floor(runtime, args.n)
        full, latencies = full_runtime(runtime, args.n)
        state, events, documents = stored_bytes(runtime)
        grown = growth(runtime, args.loops)
        per_step = [statistics.median(latencies[i::len(FORMS)]) for i in range(len(FORMS))]
        slowest = per_step.index(max(per_step))
        profile = profile_step(runtime, max(10, args.n // 5), slowest) if args.profile else ""
        runtime.db.dispose()
    steps_per_dossier = len(FORMS)
    print(f"database                  : {url.split('@')[-1].split('?')[0]}")
    print(f"dossiers                  : {args.n} × {steps_per_dossier} task completions")
    print(f"(a) bare engine, memory   : {bare:8.1f} dossiers/s  ({bare * steps_per_dossier:8.1f} completions/s)")
    print(f"(b) runtime + database    : {full:8.1f} dossiers/s  ({full * steps_per_dossier:8.1f} completions/s)")
    print(f"(c) floor = (a) + saving  : {least:8.1f} dossiers/s  ({least * steps_per_dossier:8.1f} completions/s)")
    print(f"ratio (a)/(b)             : {bare / full:8.2f}")
    print(f"floor ratio (a)/(c)       : {bare / least:8.2f}   (the best (b) could do)")
    print(f"bookkeeping (b) − (c)     : {(1 / full - 1 / least) * 1000 / (steps_per_dossier + 1):8.2f} ms "
          f"a transaction   (form, person, open tasks, events, register, outbox)")
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"completion latency (b) ms : p50 {quantiles[49]:.2f}  p95 {quantiles[94]:.2f}  p99 {quantiles[98]:.2f}")
    print(f"state per finished dossier: {state / 1024:8.2f} KB deflated  ({events:.1f} event rows; "
          f"{documents / 1024:.0f} KB of issued PDFs, kept as records)")
    for title, median in zip(STEP_TITLES, per_step, strict=True):
        print(f"  {title:<24}: median {median:6.1f} ms")
    print("growth (send-back loops) : " + "  ".join(
        f"loop {loop}: {ms:.1f} ms/step, {size / 1024:.1f} KB" for loop, ms, size in grown))
    if profile:
        print(f"profile of the slowest step ({STEP_TITLES[slowest]}):\n{profile}")


if __name__ == "__main__":
    main()
