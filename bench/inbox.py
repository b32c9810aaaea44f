"""The clerks' inbox and register with a province's history in the database (1 M dossiers by default).

    python -m bench.inbox --database-url postgresql://postgres@127.0.0.1:5432/postgres [--dossiers 1000000]
        [--units 100] [--open-share 0.03] [--samples 300]

A new database is made on the PostgreSQL server given (and dropped afterwards),
migrated, seeded with the demo and ``--units`` wards, each with a reception
clerk, a specialist and a leader; then ``--dossiers`` land-change dossiers are
generated in the database itself (spread over the wards and the last year;
``--open-share`` of them still open, each with the work item a person would see
in the inbox). It then times the inbox and the register as the web UI calls
them (``queries.inbox``, ``queries.register``, and ``GET /`` rendered by Flask)
for users picked at random, the register searched and filtered as a clerk does
(a name without accents, the last digits of an ID or phone, late ones, a status
and period, a far page), and prints p50/p95/p99 and the query plan of the inbox.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

from bench.http_load import fresh_database
from bench.land_change import ROOT
from motcua.domain.dossier import RegisterQuery
from motcua.services import queries
from motcua.services.demo import PROVINCE, seed_demo
from motcua.services.people import add_unit, add_user
from motcua.services.runtime import Runtime, build_runtime
from motcua.store.models import ProcedureVersion, User
from motcua.web import create_app

ROLES = ("reception", "specialist", "leader")
TITLES = {"reception": "Trả kết quả cho công dân", "specialist": "Thẩm định hồ sơ", "leader": "Phê duyệt kết quả"}
# One statement per table, generated server-side: a million rows in seconds rather than a million round trips.
DOSSIERS = """
INSERT INTO dossiers (code, procedure_slug, procedure_code, version_id, applicant_name, applicant_phone,
    applicant_folded, applicant_phone_tail, applicant_id_number, applicant_id_tail, receiving_unit_id,
    handling_unit_id, status, timeliness, received_at, due_at, finished_at, created_at, created_by_id, channel)
SELECT 'B' || lpad(i::text, 9, '0'), 'land_change', '1.004227', :version, 'Công dân ' || i,
    '09' || lpad((i % 100000000)::text, 8, '0'), 'cong dan ' || i, lpad((i % 10000)::text, 4, '0'),
    '080' || lpad(i::text, 9, '0'), lpad((i % 10000)::text, 4, '0'), u.id, u.id,
    CASE WHEN i % :open_every = 0 THEN 'processing' ELSE 'returned' END,
    CASE WHEN i % :open_every = 0 THEN NULL WHEN i % 10 = 0 THEN 'late' WHEN i % 3 = 0 THEN 'on_time' ELSE 'early' END,
    t, t + interval '14 days', CASE WHEN i % :open_every = 0 THEN NULL ELSE t + interval '9 days' END, t,
    :creator, CASE WHEN i % 4 = 0 THEN 'online' ELSE 'counter' END
FROM generate_series(1, :n) AS i
JOIN LATERAL (SELECT now() - ((:n - i) * interval '1 second' * (31536000.0 / :n)) AS t) AS stamp ON true
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM units WHERE code LIKE 'B%') AS u ON u.k = i % :units
"""
WORK_ITEMS = """
INSERT INTO work_items (task_id, dossier_id, version_id, unit_id, role, element_id, title, form, created_at, due_at)
SELECT gen_random_uuid()::text, d.id, d.version_id, d.handling_unit_id, r.role, r.element, r.title, r.form,
       d.received_at, d.received_at + interval '3 days'
FROM dossiers d
JOIN (VALUES (0, 'reception', 'return_result', :t0, 'result_return'),
             (1, 'specialist', 'verify', :t1, 'land_change_verify'),
             (2, 'leader', 'approve', :t2, 'leader_decision')) AS r(k, role, element, title, form)
  ON r.k = d.id % 3
WHERE d.status = 'processing'
"""

INBOX_PLAN = """EXPLAIN ANALYZE SELECT * FROM work_items JOIN dossiers ON dossiers.id = work_items.dossier_id
WHERE work_items.unit_id = :u AND work_items.role = :role ORDER BY work_items.created_at, work_items.id LIMIT 200"""
BUSIEST = "SELECT unit_id, role FROM work_items GROUP BY unit_id, role ORDER BY count(*) DESC LIMIT 1"


def generate(runtime: Runtime, dossiers: int, units: int, open_share: float) -> None:
    """Wards, their staff, and the dossiers with their open work items."""
    seed_demo(runtime)
    for k in range(units):
        code = f"B{k:04d}"
        add_unit(runtime, code, f"Xã Thử tải {k}", "ward", PROVINCE[0], f"{k:03d}.00.88.H53")
        for role in ROLES:
            add_user(runtime, f"{role}.{code.lower()}", f"{role} {code}", "bench-password", [(code, role)])
    with runtime.uow() as uow:
        version = uow.session.scalar(select(ProcedureVersion.id).where(ProcedureVersion.slug == "land_change"))
        creator = uow.session.scalar(select(User.id).where(User.username == "reception.b0000"))
        params = {"version": version, "creator": creator, "n": dossiers, "units": units,
                  "open_every": max(1, round(1 / open_share))}
        uow.session.execute(text(DOSSIERS), params)
        uow.session.execute(text(WORK_ITEMS), {"t0": TITLES["reception"], "t1": TITLES["specialist"],
                                               "t2": TITLES["leader"]})
        uow.commit()
    with runtime.db.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def timed(samples: int, call: Callable[[], object]) -> list[float]:
    """Milliseconds per call, after a few warm-up calls."""
    for _ in range(5):
        call()
    out = []
    for _ in range(samples):
        began = time.perf_counter()
        call()
        out.append((time.perf_counter() - began) * 1000)
    return out


def show(label: str, values: list[float]) -> None:
    q = statistics.quantiles(values, n=100)
    print(f"{label:<34}: p50 {q[49]:7.2f}  p95 {q[94]:7.2f}  p99 {q[98]:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server URL")
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--open-share", type=float, default=0.03)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("this benchmark generates its rows with PostgreSQL's generate_series: "
                         "give a postgresql:// URL")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp, fresh_database(args.database_url, Path(tmp)) as url:
        runtime = build_runtime(url, ROOT, Path(tmp) / "instance", "bench-secret")
        began = time.perf_counter()
        generate(runtime, args.dossiers, args.units, args.open_share)
        print(f"generated                         : {args.dossiers} dossiers over {args.units} wards in "
              f"{time.perf_counter() - began:.0f} s")
        with runtime.uow() as uow:
            users = {name: uid for name, uid in uow.session.execute(
                select(User.username, User.id).where(User.username.like("%.b0%"))).all()}
            open_items = uow.session.scalar(text("SELECT count(*) FROM work_items"))
            size = uow.session.scalar(text("SELECT pg_size_pretty(pg_total_relation_size('dossiers'))"))
            busiest, role = uow.session.execute(text(BUSIEST)).one()
            plan = uow.session.execute(text(INBOX_PLAN), {"u": busiest, "role": role}).scalars().all()
        print(f"open work items                   : {open_items}  (dossiers table {size})")
        names = sorted(users)
        searches = {"register, name without accents": RegisterQuery(text="cong dan 12"),
                     "register, last 4 digits of ID/phone": RegisterQuery(text="4321"),
                     "register, late, one procedure": RegisterQuery(timeliness="late", procedure="land_change"),
                     "register, status + period": RegisterQuery(
                         status="returned", received_from=datetime.now(UTC) - timedelta(days=60),
                         received_before=datetime.now(UTC) - timedelta(days=30))}
        for label, query in searches.items():
            show(label, timed(args.samples, lambda q=query: queries.register(
                runtime, users[rng.choice(names)], query=q)))
        show("register page 20 (of 50 rows)", timed(args.samples, lambda: queries.register(
            runtime, users[rng.choice(names)], page=20)))
        show("inbox query (queries.inbox)", timed(args.samples, lambda: queries.inbox(
            runtime, users[rng.choice(names)])))
        show("register (queries.register)", timed(args.samples, lambda: queries.register(
            runtime, users[rng.choice(names)])))
        app = create_app({"RUNTIME": runtime, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
        client = app.test_client()

        def inbox_page() -> None:
            with client.session_transaction() as session:
                session["user_id"], session["gen"] = users[rng.choice(names)], 0  # a session of a new user
            assert client.get("/").status_code == 200

        show("inbox page (GET /, rendered)", timed(args.samples, inbox_page))
        print(f"inbox plan (the busiest inbox: unit {busiest}, {role}):")
        for line in plan:
            print(f"    {line}")
        runtime.db.dispose()


if __name__ == "__main__":
    main()
