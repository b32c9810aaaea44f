"""Reports over a large register: how long the database takes to aggregate a month for a province.

    python -m bench.reports [-n 1000000] [--wards 20] [--database-url URL]

Writes N dossiers (spread over a year, the wards of a demo province and the
catalogue's procedures; about one in ten with a supplement event) straight into
the register, then times the province leader's report for one month and for the
whole year, and a ward leader's for one month, and the Decision 766 indicators of
each (each the median of 5 runs).
SQLite in a temporary file unless a database URL is given (use a scratch
PostgreSQL database: the rows stay there).
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from motcua.domain.clock import VN_TZ, FixedClock
from motcua.services import indicators, reports
from motcua.services.demo import PROVINCE, seed_demo
from motcua.services.people import add_unit, add_user
from motcua.services.runtime import Runtime, build_runtime
from motcua.store.models import Dossier, Event

ROOT = Path(__file__).resolve().parent.parent
YEAR_START = datetime(2025, 1, 1, tzinfo=VN_TZ)
BATCH = 20_000


def _rows(runtime: Runtime, n: int, unit_ids: list[int], user_id: int, start_id: int) -> None:
    """Insert n dossiers (and their supplement events) in batches through SQLAlchemy Core."""
    rng = random.Random(7)
    with runtime.uow() as uow:
        slugs = [s for s, p in runtime.pack.procedures.items() if p.procedure.is_public_service]
        versions = {s: uow.versions.latest(s).id for s in slugs}
        for offset in range(0, n, BATCH):
            dossiers, events = [], []
            for i in range(offset, min(n, offset + BATCH)):
                slug = rng.choice(slugs)
                received = YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60))
                due = received + timedelta(days=rng.choice((1, 3, 10, 14)))
                finished = received + timedelta(days=rng.randrange(1, 20)) if rng.random() < 0.85 else None
                timeliness = None if finished is None else (
                    "early" if finished < due - timedelta(days=1) else "on_time" if finished <= due else "late")
                dossier_id = start_id + i
                dossiers.append(dict(
                    id=dossier_id, code=f"B-{dossier_id}", procedure_slug=slug, procedure_code="x",
                    version_id=versions[slug], applicant_name="", receiving_unit_id=rng.choice(unit_ids),
                    handling_unit_id=unit_ids[0], status="returned" if finished else "processing",
                    timeliness=timeliness, received_at=received, due_at=due, finished_at=finished,
                    rating=rng.choice((None, "satisfied", "satisfied", "unsatisfied")) if finished else None,
                    channel="online" if rng.random() < 0.3 else "counter", created_at=received,
                    created_by_id=user_id))
                if rng.random() < 0.1:
                    events.append(dict(dossier_id=dossier_id, at=received + timedelta(days=1),
                                       kind="dossier.paused", detail={}))
            uow.session.execute(insert(Dossier), dossiers)
            if events:
                uow.session.execute(insert(Event), events)
            uow.commit()


def _time(runtime: Runtime, user_id: int, args: dict[str, str]) -> tuple[float, float, int]:
    """The report's and the Decision 766 indicators' times (medians of 5), and the dossiers received."""
    request = reports.parse_request(runtime, args)
    timings, indicator_timings, received = [], [], 0
    for _ in range(5):
        began = time.perf_counter()
        received = reports.build(runtime, user_id, request).total.received
        timings.append(time.perf_counter() - began)
        began = time.perf_counter()
        indicators.build(runtime, user_id, request)
        indicator_timings.append(time.perf_counter() - began)
    return statistics.median(timings), statistics.median(indicator_timings), received


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("--wards", type=int, default=20)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = options.database_url or f"sqlite:///{tmp}/bench.db"
        runtime = build_runtime(url, ROOT, Path(tmp) / "instance", "bench",
                                clock=FixedClock(datetime(2025, 12, 31, 17, 0, tzinfo=VN_TZ)))
        seed_demo(runtime)
        for w in range(options.wards):
            add_unit(runtime, f"8{w + 100:04d}", f"Phường Bench {w + 1}", "ward", PROVINCE[0], f"{w:03d}.00.87.H53")
        add_user(runtime, "bench.province", "Lãnh đạo tỉnh", "bench-password", [(PROVINCE[0], "leader")])
        add_user(runtime, "bench.ward", "Lãnh đạo phường", "bench-password", [("80100", "leader")])
        with runtime.uow() as uow:
            wards = [u.id for u in uow.units.all() if u.kind == "ward"]
            province_user = uow.users.by_username("bench.province").id
            ward_user = uow.users.by_username("bench.ward").id
            start_id = (uow.session.query(Dossier.id).order_by(Dossier.id.desc()).limit(1).scalar() or 0) + 1
        began = time.perf_counter()
        _rows(runtime, options.n, wards, province_user, start_id)
        print(f"wrote {options.n:,} dossiers over {len(wards)} wards in {time.perf_counter() - began:.1f} s "
              f"({runtime.db.dialect.name})")
        month = {"from": date(2025, 6, 1).isoformat(), "to": date(2025, 6, 30).isoformat()}
        year = {"from": "2025-01-01", "to": "2025-12-31"}
        for label, user, args in (("province, one month", province_user, month),
                                  ("province, whole year", province_user, year),
                                  ("one ward, one month", ward_user, month)):
            seconds, indicator_seconds, received = _time(runtime, user, args)
            print(f"{label:>22}: {seconds * 1000:8.1f} ms, Decision 766 indicators {indicator_seconds * 1000:8.1f} ms"
                  f"  ({received:,} received)")
        runtime.db.dispose()


if __name__ == "__main__":
    main()
