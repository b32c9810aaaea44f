"""Simulated clerks over HTTP against the production command: completions per second and their latency.

    python -m bench.http_load [--database-url URL] [--clients 50] [--seconds 60] [--think S] [--workers N]

It makes a fresh database (a new database on the PostgreSQL server given, dropped
afterwards; SQLite in a temporary file otherwise), one ward per client with one
clerk holding its reception, specialist and leader roles, and starts
``gunicorn app:app`` with ``gunicorn.conf.py``, as the README's production
section does. Each simulated clerk is an HTTP client with its own session that
does what a person at the desk does: read the inbox, open the oldest task, post
its form (CSRF token included); with nothing waiting it receives a new
land-change dossier. Without ``--think`` the clerks never pause, which measures
the box's capacity (latency is then mostly queueing); with it they pause a
random time of that mean between actions, as people at a desk do. A completion
is the POST of a task form, answered with the redirect that follows a saved
step; its latency is that request's round trip.
The same run measures the bare engine (SpiffWorkflow and the handlers in memory,
``bench.land_change``) as the reference the ratio is taken against. Without
think time it also prints the CPU budget of a completion at the target ratio:
the box's CPUs divided by the rate that ratio asks for (the bare engine's ÷ 1.7),
beside what the server, the database and the simulated clerks (on the same box)
spent.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyotp
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.land_change import FORMS, ROOT, bare_engine
from bench.serving import production_server
from motcua.services.demo import PROVINCE, seed_demo
from motcua.services.people import add_unit, add_user
from motcua.services.runtime import build_runtime
from motcua.services.security import set_known_secret

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
TASK_LINK = re.compile(r'<a class="task" href="(/tasks/[^"]+)">([^<]+)</a>')
SECRET = "bench-secret"  # noqa: S105 - the seeding runtime and the server must share it (signing keys)
PASSWORD = "bench-password"  # noqa: S105 - throwaway users of a throwaway database
TOTP_SEED = "BENCHBENCHBENCHBENCHBENCHBENCH22"  # noqa: S105 - their authenticator seed (they lead too: 2FA)
# What each step's form posts, by task title (the browser's field names; see features/steps/land_change.py).
PAPERS = FORMS[0]["papers_received"]
RECEPTION = "Tiếp nhận, kiểm tra hồ sơ"  # the first task, which an intake begun opens at once
POSTS = {
    RECEPTION: {
        **{k: v for k, v in FORMS[0].items() if k != "papers_received"},
        **{f"papers_received.{i}.{part}": str(p[part])
           for i, p in enumerate(PAPERS) for part in ("originals", "copies")},
    },
    "Thẩm định hồ sơ": FORMS[1],
    "Phê duyệt kết quả": FORMS[2],
    "Trả kết quả cho công dân": {**FORMS[3], "fee_collected": "on"},
}


TARGET_RATIO = 1.7  # issue 20: HTTP completions/s at least 1/1.7 of the bare engine's, in the same run
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _ticks(pid: int) -> int:
    """User and system CPU ticks of one process so far (Linux ``/proc``; 0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def server_processes() -> list[int]:
    """The gunicorn master this process started, its workers and their sandbox children (Linux only)."""
    masters = [c for c in _children(os.getpid())
               if b"gunicorn" in Path(f"/proc/{c}/cmdline").read_bytes()] if Path("/proc").is_dir() else []
    found, frontier = list(masters), list(masters)
    while frontier:
        frontier = [c for pid in frontier for c in _children(pid)]
        found += frontier
    return found


def database_backends(url: str) -> list[int]:
    """The PostgreSQL server processes serving the bench's database (the server runs on this machine)."""
    if not url.startswith("postgresql"):
        return []
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                          "AND pid <> pg_backend_pid()")))
    finally:
        engine.dispose()


@dataclass
class CpuUse:
    """CPU seconds the server's processes, the database's and the simulated clerks' spent while they worked: on a
    box shared with other work, the cost of a completion that its rate alone cannot show."""

    server: float = 0.0
    database: float = 0.0
    clients: float = 0.0


@dataclass
class Tally:
    """What the clerks did, counted as it happened."""

    latencies: list[float] = field(default_factory=list)
    by_step: dict[str, list[float]] = field(default_factory=dict)
    started: int = 0
    errors: list[str] = field(default_factory=list)


@contextmanager
def fresh_database(server: str | None, tmp: Path) -> Iterator[str]:
    """A new, empty database: on the PostgreSQL server given (dropped afterwards), else a SQLite file."""
    if server is None:
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    name = f"motcua_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def kept_database(server: str, name: str) -> Iterator[str]:
    """The database ``name`` on the PostgreSQL server given, made if missing and left in place afterwards, so a
    register that took long to write can be measured again."""
    admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    yield make_url(server).set(database=name).render_as_string(hide_password=False)


def prepare(url: str, instance: Path, clients: int) -> float:
    """Migrate, seed one ward and clerk per client; return the bare engine's completions per second."""
    runtime = build_runtime(url, ROOT, instance, SECRET)
    seed_demo(runtime)
    for i in range(clients):
        code = f"89{i:03d}"
        add_unit(runtime, code, f"Phường Thử tải {i}", "ward", PROVINCE[0], f"{i:03d}.00.89.H53")
        add_user(runtime, f"clerk{i}", f"Cán bộ thử tải {i}", PASSWORD,
                 [(code, "reception"), (code, "specialist"), (code, "leader")])
        set_known_secret(runtime, f"clerk{i}", TOTP_SEED)
    bare_engine(runtime, 10)
    bare = bare_engine(runtime, 60) * len(FORMS)
    runtime.db.dispose()
    return bare


def _token(page: str, where: str) -> str:
    match = TOKEN.search(page)
    if match is None:
        raise RuntimeError(f"no CSRF token on {where}")
    return match.group(1)


async def sign_in(http: httpx.AsyncClient, i: int, tally: Tally) -> bool:
    """Clerk ``i`` signs in (password, then the second factor a leader needs)."""
    page = (await http.get("/login")).text
    signed_in = await http.post("/login", data={"username": f"clerk{i}", "password": PASSWORD,
                                                "csrf_token": _token(page, "/login")})
    if signed_in.headers.get("location") == "/login/ma-xac-thuc":  # the second step, as a leader signs in
        page = (await http.get("/login/ma-xac-thuc")).text
        signed_in = await http.post("/login/ma-xac-thuc", data={
            "code": pyotp.TOTP(TOTP_SEED).now(), "csrf_token": _token(page, "/login/ma-xac-thuc")})
    if signed_in.status_code != 302:
        tally.errors.append(f"clerk{i} could not sign in ({signed_in.status_code})")
        return False
    return True


async def clerk(http: httpx.AsyncClient, i: int, deadline: float, tally: Tally, think: float) -> None:
    """One person at the desk: inbox, oldest task, its form; a new dossier when nothing waits. With ``think``,
    they pause between actions for an exponentially distributed time of that mean (reading, typing)."""
    pause = random.Random(i)
    local = {"parcel_unit": f"89{i:03d}"}  # the parcel lies in the clerk's own ward, which decides it
    while time.perf_counter() < deadline:
        if think:
            await asyncio.sleep(pause.expovariate(1 / think))
        inbox = (await http.get("/")).text
        tasks = TASK_LINK.findall(inbox)
        if tasks:
            path, title = tasks[0]
        else:  # begin an intake: the server opens its first task (a draft, listed apart from the tasks)
            answer = await http.post("/dossiers/new", data={"unit": f"89{i:03d}", "procedure": "land_change",
                                                            "csrf_token": _token(inbox, "/")})
            tally.started += answer.status_code == 302
            path, title = answer.headers.get("location", ""), RECEPTION
            if answer.status_code != 302 or not path.startswith("/tasks/"):
                continue
        form = (await http.get(path)).text
        began = time.perf_counter()
        answer = await http.post(path, data={**POSTS[title], **local, "csrf_token": _token(form, path)})
        took = (time.perf_counter() - began) * 1000
        if answer.status_code != 302:
            problem = re.search(r'class="(?:flash )?error"[^>]*>([^<]+)', answer.text)
            tally.errors.append(f"{title}: {answer.status_code} {problem.group(1).strip() if problem else ''}")
            continue
        tally.latencies.append(took)
        tally.by_step.setdefault(title, []).append(took)


async def drive(base: str, clients: int, seconds: float, think: float,
                url: str = "") -> tuple[Tally, float, CpuUse]:
    """Sign the clerks in, then run them together for the given time; return what they did and the time it
    took. The clock starts once everyone is signed in: fifty Argon2 checks at once are a morning's sign-in
    storm, not the steady work the rate is about."""
    tally = Tally()
    sessions = [httpx.AsyncClient(base_url=base, timeout=60) for _ in range(clients)]
    try:
        ready = await asyncio.gather(*(sign_in(http, i, tally) for i, http in enumerate(sessions)))
        backends = database_backends(url)
        server = {pid: _ticks(pid) for pid in server_processes()}
        database = {pid: _ticks(pid) for pid in backends}
        began, own = time.perf_counter(), time.process_time()
        await asyncio.gather(*(clerk(http, i, began + seconds, tally, think)
                               for i, (http, ok) in enumerate(zip(sessions, ready, strict=True)) if ok))
        elapsed, clients_cpu = time.perf_counter() - began, time.process_time() - own
        used = CpuUse(sum(_ticks(pid) - server.get(pid, 0) for pid in server_processes()) / CLOCK_TICKS,
                      sum(_ticks(pid) - database[pid] for pid in backends) / CLOCK_TICKS, clients_cpu)
        return tally, elapsed, used
    finally:
        await asyncio.gather(*(http.aclose() for http in sessions))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server URL; default SQLite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a clerk pauses between actions (0: as fast as the server answers)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1, help="gunicorn workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, fresh_database(args.database_url, Path(tmp)) as url:
        instance = Path(tmp) / "instance"
        bare = prepare(url, instance, args.clients)
        with production_server(url, instance, SECRET, args.workers, Path(tmp) / "gunicorn.log") as base:
            tally, elapsed, used = asyncio.run(drive(base, args.clients, args.seconds, args.think, url))
    if not tally.latencies:
        raise SystemExit(f"no completion succeeded ({tally.started} dossiers received): {tally.errors[:5]}")
    rate = len(tally.latencies) / elapsed
    q = statistics.quantiles(tally.latencies, n=100)
    print(f"database                 : {url.split('@')[-1].split('?')[0]}")
    print(f"server                   : gunicorn app:app, {args.workers} workers, {os.cpu_count()} CPUs")
    print(f"clients × seconds        : {args.clients} × {elapsed:.0f} s, think time {args.think:g} s  "
          f"({tally.started} dossiers received)")
    print(f"task completions         : {len(tally.latencies)}  ({len(tally.errors)} errors)")
    print(f"(a) HTTP completions/s   : {rate:8.1f}")
    print(f"(b) bare engine compl./s : {bare:8.1f}")
    if args.think:
        print("ratio (b)/(a)            :      n/a (with think time the clerks, not the server, set the rate)")
    else:
        print(f"ratio (b)/(a)            : {bare / rate:8.2f}")
    print(f"completion latency ms    : p50 {q[49]:.0f}  p95 {q[94]:.0f}  p99 {q[98]:.0f}")
    done = len(tally.latencies)
    print(f"CPU ms per completion    : server {used.server * 1000 / done:.1f}  database "
          f"{used.database * 1000 / done:.1f}  clerks (this process) {used.clients * 1000 / done:.1f}  "
          f"(bare engine {1000 / bare:.1f}; with pages read between steps)")
    if not args.think:
        cores, spent = os.cpu_count() or 1, (used.server + used.database + used.clients) * 1000 / done
        print(f"CPU budget at ratio {TARGET_RATIO:g}  : {cores * 1000 * TARGET_RATIO / bare:.1f} ms a completion for "
              f"server, database and clerks together on {cores} CPUs ({spent:.1f} ms spent)")
    for title, values in tally.by_step.items():
        p95 = statistics.quantiles(values, n=100)[94] if len(values) > 1 else values[0]
        print(f"  {title:<28}: n {len(values):5d}  median {statistics.median(values):6.0f} ms  p95 {p95:6.0f} ms")
    for error in sorted(set(tally.errors))[:5]:
        print(f"  error: {error}")


if __name__ == "__main__":
    main()
