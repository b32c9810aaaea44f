"""The heat map over a province's year: building its roll-up day by day, and reading it.

    python -m bench.heatmap [-n 20000] [--wards 20] [--database-url URL] [--reuse]

Writes N land change dossiers (spread over 2025, the wards of a demo province; each received, examined, signed
and returned with working-minute times drawn at random, about one in ten sent back once, one in ten still
waiting at the examination) straight into the register and the event log as the steps write them, rebuilds the
step roll-up for every day of the year (timed), then times the heat map of the whole year for the province and
of one month for one ward, the year's weekly trends, the month's time between units and the dossiers behind the
examination's figures: late and finished in the month, waiting now (each the median of 3 runs, after a first
read of the year's heat map timed on its own: the first read in a process walks today whole, later ones only the
dossiers that moved since). SQLite in a temporary file unless a database URL is given (use a scratch PostgreSQL
database: the rows stay there, and ``--reuse`` measures them again without writing them). On PostgreSQL beyond
50,000 dossiers, the first 50,000 are drawn in Python and copied in SQL under new ids, each copy dealt to the
wards afresh, up to N (drawing a million in Python takes hours here).
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bench.reports import fresh_statistics, seed_province, seeded
from motcua.domain.clock import VN_TZ, FixedClock
from motcua.services import heatmap, unit_transit
from motcua.services.runtime import Runtime, build_runtime
from motcua.store import rollup_days
from motcua.store.models import Dossier, Event, WorkItem

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
BATCH = 5_000
WRITTEN = 50_000  # on PostgreSQL, dossiers drawn through Python; the rest are copies of them (see ``replicate``)
TASKS = (("receive", "Tiếp nhận, kiểm tra hồ sơ", 30), ("verify", "Thẩm định hồ sơ", 1500),
         ("approve", "Phê duyệt kết quả", 120), ("return_result", "Trả kết quả cho công dân", 60))


def _dossier(runtime: Runtime, rng: random.Random, dossier_id: int, unit_id: int, version_id: int,
             events: list[dict[str, Any]], items: list[dict[str, Any]]) -> dict[str, Any]:
    """One dossier's register row; its events and open task are appended to the lists."""
    calendar = runtime.pack.calendar
    received = datetime(YEAR, 1, 2, 8, tzinfo=VN_TZ) + timedelta(minutes=rng.randrange(355 * 1440))
    start = calendar.counting_start(received)
    events.append(dict(dossier_id=dossier_id, at=start, kind="dossier.started", unit_id=unit_id, detail={}))
    plan = list(TASKS)
    if rng.random() < 0.1:
        plan[2:2] = [TASKS[2], TASKS[1]]  # sent back once
    waiting = rng.random() < 0.1
    if waiting:
        plan = plan[:1]
    entered = start
    for index, (element, title, mean) in enumerate(plan):
        done = calendar.add_working_seconds(entered, rng.expovariate(1 / mean) * 60)
        last = index == len(plan) - 1 and not waiting
        events.append(dict(dossier_id=dossier_id, at=done, kind="task.completed", unit_id=unit_id, task=title,
                           task_id=str(uuid.uuid4()), detail={
                               "element": element, "entered_at": entered.isoformat(),
                               "timeliness": "late" if rng.random() < 0.08 else "on_time",
                               **({"ended": "end"} if last else {})}))
        entered = done
    if waiting:
        items.append(dict(task_id=str(uuid.uuid4()), dossier_id=dossier_id, version_id=version_id, unit_id=unit_id,
                          role="specialist",
                          element_id="verify", title="Thẩm định hồ sơ", created_at=entered,
                          due_at=entered + timedelta(days=10)))
    return dict(id=dossier_id, code=f"H-{dossier_id}", procedure_slug="land_change", procedure_code="1.004227",
                version_id=version_id, applicant_name="", receiving_unit_id=unit_id, handling_unit_id=unit_id,
                status="processing" if waiting else "returned", received_at=start, created_at=start,
                finished_at=None if waiting else entered)


def _write(runtime: Runtime, n: int, unit_ids: list[int], start_id: int) -> None:
    rng = random.Random(11)
    with runtime.uow() as uow:
        version = uow.versions.latest("land_change")
        assert version is not None
        for offset in range(0, n, BATCH):
            dossiers, events, items = [], [], []
            for i in range(offset, min(n, offset + BATCH)):
                dossiers.append(_dossier(runtime, rng, start_id + i, rng.choice(unit_ids), version.id, events, items))
            uow.session.execute(insert(Dossier), dossiers)
            uow.session.execute(insert(Event), events)
            if items:
                uow.session.execute(insert(WorkItem), items)
            uow.commit()


def _median(work: Callable[[], object]) -> float:
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        work()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def replicate_in_postgresql(runtime: Runtime, first: int, last: int, n: int, wards: list[int]) -> None:
    """Copy the dossiers [first, last] (with their events and open tasks) under new ids until there are ``n``,
    each copy's dossiers dealt to the wards afresh: a million written through Python would take hours here."""
    span = last - first + 1
    columns = [c.name for c in Dossier.__table__.columns if c.name not in ("id", "code", "receiving_unit_id",
                                                                             "handling_unit_id")]
    ward = "(CAST(:wards AS bigint[]))[1 + ((dossier_id * 31 + :copy * 17) % :count)]"
    with runtime.uow() as uow:
        for copy in range(1, -(-n // span)):
            bounds = {"first": first, "last": last, "offset": copy * span, "limit": first + n - 1, "copy": copy,
                      "wards": wards, "count": len(wards)}
            uow.session.execute(text(
                f"INSERT INTO dossiers (id, code, receiving_unit_id, handling_unit_id, {', '.join(columns)}) "
                f"SELECT id + :offset, code || '-' || :copy, {ward.replace('dossier_id', 'id')}, "
                f"{ward.replace('dossier_id', 'id')}, {', '.join(columns)} FROM dossiers "
                f"WHERE id BETWEEN :first AND :last AND id + :offset <= :limit"), bounds)
            uow.session.execute(text(
                f"INSERT INTO events (dossier_id, at, kind, user_id, unit_id, task, task_id, detail) "
                f"SELECT dossier_id + :offset, at, kind, user_id, {ward}, task, md5(task_id || ':' || :copy), "
                f"detail FROM events WHERE dossier_id BETWEEN :first AND :last "
                f"AND dossier_id + :offset <= :limit"), bounds)
            uow.session.execute(text(
                f"INSERT INTO work_items (task_id, dossier_id, version_id, unit_id, role, element_id, title, "
                f"created_at, due_at) SELECT md5(task_id || ':' || :copy), dossier_id + :offset, version_id, {ward}, "
                f"role, element_id, title, "
                f"created_at, due_at FROM work_items WHERE dossier_id BETWEEN :first AND :last "
                f"AND dossier_id + :offset <= :limit"), bounds)
        uow.commit()


def _write_and_roll_up(runtime: Runtime, n: int, wards: list[int]) -> None:
    """Write the N dossiers (on PostgreSQL, the first ``WRITTEN`` through Python, copied in SQL up to N), then
    rebuild the step roll-up of every day of the year (both timed)."""
    with runtime.uow() as uow:
        start_id = (uow.session.query(Dossier.id).order_by(Dossier.id.desc()).limit(1).scalar() or 0) + 1
    began = time.perf_counter()
    copied = runtime.db.dialect.name == "postgresql" and n > WRITTEN
    _write(runtime, WRITTEN if copied else n, wards, start_id)
    if copied:
        replicate_in_postgresql(runtime, start_id, start_id + WRITTEN - 1, n, wards)
    print(f"wrote {n:,} dossiers over {len(wards)} wards in {time.perf_counter() - began:.1f} s "
          f"({runtime.db.dialect.name}{f', {WRITTEN:,} copied' if copied else ''})")
    fresh_statistics(runtime)  # the roll-up's reads planned on a table of a few rows took 1 s a chunk at 1 M
    began, rows, day = time.perf_counter(), 0, date(YEAR, 1, 1)
    while day < date(YEAR, 12, 31):
        with runtime.uow() as uow:
            rows += rollup_days.build(uow.session, day, ["steps"])["steps"]  # recorded as built, as the worker does
            uow.commit()
        day += timedelta(days=1)
        if day.day == 1:
            fresh_statistics(runtime)  # autovacuum would have run meanwhile
    spent = time.perf_counter() - began
    print(f"rebuilt 364 days of the step roll-up in {spent:.1f} s ({spent / 364 * 1000:.0f} ms a day, "
          f"{rows:,} rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=20_000)
    parser.add_argument("--wards", type=int, default=20)
    parser.add_argument("--database-url")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the register a previous run left in the database given, without writing it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = options.database_url or f"sqlite:///{tmp}/bench.db"
        runtime = build_runtime(url, ROOT, Path(tmp) / "instance", "bench",
                                clock=FixedClock(datetime(YEAR, 12, 31, 16, 0, tzinfo=VN_TZ)))
        found = seeded(runtime) if options.reuse else None
        if found is not None:
            wards, province_user, ward_user = found
            print("reusing the register and the step roll-up already in the database")
        else:
            wards, province_user, ward_user = seed_province(runtime, options.wards)
            _write_and_roll_up(runtime, options.n, wards)
        fresh_statistics(runtime)
        year = heatmap.parse_request(runtime, {"procedure": "land_change", "from": f"{YEAR}-01-01",
                                               "to": f"{YEAR}-12-31"})
        month = heatmap.parse_request(runtime, {"procedure": "land_change", "from": f"{YEAR}-06-01",
                                                "to": f"{YEAR}-06-30"})
        ward_month = heatmap.parse_request(runtime, {"procedure": "land_change", "from": f"{YEAR}-06-01",
                                                     "to": f"{YEAR}-06-30", "unit": "80100"})
        began = time.perf_counter()
        heatmap.build(runtime, province_user, year)  # the process walks today whole once (services/live_day.py)
        print(f"{'heat map, province, year, first read':>36}: {(time.perf_counter() - began) * 1000:8.1f} ms "
              f"(today walked whole: {runtime.today.walked:,} dossiers)")
        for label, work in (
                ("heat map, province, year", lambda: heatmap.build(runtime, province_user, year)),
                ("heat map, one ward, month", lambda: heatmap.build(runtime, ward_user, ward_month)),
                ("weekly trends, province, year", lambda: heatmap.trends(runtime, province_user, year)),
                ("between units, province, month", lambda: unit_transit.between_units(runtime, province_user, month)),
                ("late at the examination, month", lambda: heatmap.dossiers_behind(runtime, province_user, month,
                                                                                   "verify", "late")),
                ("finished at the examination, month", lambda: heatmap.dossiers_behind(
                    runtime, province_user, month, "verify", "finished")),
                ("waiting at the examination now", lambda: heatmap.dossiers_behind(runtime, province_user, month,
                                                                                   "verify", "now"))):
            print(f"{label:>36}: {_median(work) * 1000:8.1f} ms")
        runtime.db.dispose()


if __name__ == "__main__":
    main()
