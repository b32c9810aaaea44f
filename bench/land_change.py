"""Land-change dossiers: bare engine in memory vs. the full runtime with its database.

    python -m bench.land_change [-n 200] [--database-url URL]

(a) runs the diagram's instances with SpiffWorkflow and the pack's handlers in
memory, no serialization; (b) runs the same dossiers through the services
(start, four task completions, each a transaction that restores the instance,
validates the form, runs the step and saves state, facts, open tasks and
events). It prints both throughputs, their ratio and the state stored per
finished dossier. SQLite in a temporary file unless a database URL is given.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from motcua.domain.clock import Clock
from motcua.domain.dossier import DossierFacts
from motcua.engine.offline import OfflineOffice, offline_contexts
from motcua.engine.pack import load_pack
from motcua.services import steps
from motcua.services.demo import seed_demo
from motcua.services.runtime import Runtime, build_runtime
from motcua.signing.pades import sign_pdf
from motcua.store.models import Event, Instance

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


def bare_engine(runtime: Runtime, n: int) -> float:
    """Dossiers per second with the engine alone."""
    loaded = runtime.pack.get("land_change")
    spec, subprocess_specs = loaded.compiled.spec, loaded.compiled.subprocess_specs
    engine, clock = runtime.engine, Clock()
    keys = runtime.signer.keys
    credential = keys.signer("bench", "Lãnh đạo", "Lãnh đạo", "Phường Long An")

    def sign(pdf: bytes, reason: str) -> bytes:
        return sign_pdf(pdf, credential, keys.ca().certificate, reason, "Long An")

    started = time.perf_counter()
    for _ in range(n):
        facts = DossierFacts(None, loaded.procedure.code, "", "80001", "80001")
        context = offline_contexts(loaded.procedure, facts, clock, office=OfflineOffice(facts, clock, sign_with=sign))
        workflow = engine.start(spec, subprocess_specs, context)
        for data in FORMS:
            engine.complete(workflow, engine.human_tasks(workflow)[0].id, data, context)
        assert workflow.completed
    return n / (time.perf_counter() - started)


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


def stored_bytes(runtime: Runtime) -> tuple[float, float]:
    """Average instance state and event rows per finished dossier."""
    with runtime.uow() as uow:
        state = uow.session.scalar(select(func.avg(func.length(Instance.state))).where(Instance.completed))
        events = uow.session.scalar(select(func.count()).select_from(Event))
        dossiers = uow.session.scalar(select(func.count()).select_from(Instance))
    return float(state or 0), events / max(dossiers, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="dossiers per measurement")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temporary file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        runtime = build_runtime(url, ROOT, Path(tmp) / "instance", "bench-secret")
        seed_demo(runtime)
        bare_engine(runtime, 10)
        full_runtime(runtime, 5)
        bare = bare_engine(runtime, args.n)
        full, latencies = full_runtime(runtime, args.n)
        state, events = stored_bytes(runtime)
        runtime.db.dispose()
    steps_per_dossier = len(FORMS)
    print(f"database                  : {url.split('@')[-1].split('?')[0]}")
    print(f"dossiers                  : {args.n} × {steps_per_dossier} task completions")
    print(f"(a) bare engine, memory   : {bare:8.1f} dossiers/s  ({bare * steps_per_dossier:8.1f} completions/s)")
    print(f"(b) runtime + database    : {full:8.1f} dossiers/s  ({full * steps_per_dossier:8.1f} completions/s)")
    print(f"ratio (a)/(b)             : {bare / full:8.1f}")
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"completion latency (b) ms : p50 {quantiles[49]:.2f}  p95 {quantiles[94]:.2f}  p99 {quantiles[98]:.2f}")
    print(f"state per finished dossier: {state / 1024:8.2f} KB  ({events:.1f} event rows)")


if __name__ == "__main__":
    main()
