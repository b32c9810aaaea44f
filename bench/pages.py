"""The clerk's three reading pages and a posted step: SQL queries per request and median time.

    python -m bench.pages [-n 200] [--repeat 50] [--database-url URL]

Seeds ``n`` land-change dossiers spread over their four steps, signs in the
specialist of the ward, and requests the inbox (``/``), the oldest task's page
(``/tasks/<id>``) and that dossier's page (``/dossiers/<id>``) through the
Flask app, ``--repeat`` times each. A SQLAlchemy ``before_cursor_execute``
listener counts the statements each request sends (transaction control, such
as the ``BEGIN IMMEDIATE`` MotCua issues on SQLite, is not counted: PostgreSQL
sends none). None of these pages
restores a workflow: they read the work items, the register and the event log
(issue 20: at most five queries a page). Then the specialist posts the opinion form
on that many waiting dossiers: the step with its own transaction, and the page it
lands on decided there (the redirect is not followed).
"""
from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp
from flask.testing import FlaskClient
from sqlalchemy import event

from bench.land_change import FORMS, ROOT
from motcua.services import steps
from motcua.services.demo import DEMO_TOTP_SECRET, seed_demo
from motcua.services.runtime import Runtime, build_runtime
from motcua.web import create_app

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
TASK_LINK = re.compile(r'<a class="task" href="(/tasks/[^"]+)">')
SECRET = "bench-secret"  # noqa: S105 - a throwaway database's app secret
PASSWORD = "motcua-demo"  # noqa: S105 - the demo staff's published password


def seed(runtime: Runtime, n: int) -> None:
    """``n`` dossiers, the i-th taken through ``i % 4`` of its steps, so every step has waiting tasks."""
    with runtime.uow() as uow:
        users = {u: uow.users.by_username(f"{u}.longan").id for u in ("tiepnhan", "chuyenvien", "lanhdao")}
    actors = [users["tiepnhan"], users["chuyenvien"], users["lanhdao"]]
    for i in range(n):
        outcome = steps.start_dossier(runtime, users["tiepnhan"], "80001", "land_change")
        for actor, data in list(zip(actors, FORMS, strict=False))[: i % 4]:
            outcome = steps.complete_task(runtime, actor, outcome.waiting[0][0], data)


def signed_in(client: FlaskClient, username: str) -> FlaskClient:
    """The demo user signed in, second factor included."""
    def post(path: str, data: dict[str, str]) -> Any:
        token = TOKEN.search(client.get(path).text)
        assert token, f"no CSRF token on {path}"
        return client.post(path, data={**data, "csrf_token": token.group(1)})

    answer = post("/login", {"username": username, "password": PASSWORD})
    if answer.status_code == 302 and answer.location == "/login/ma-xac-thuc":
        answer = post("/login/ma-xac-thuc", {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()})
    if answer.status_code != 302 or answer.location.startswith("/login"):
        raise SystemExit(f"{username} could not sign in ({answer.status_code})")
    return client


def measure(get: Callable[[], Any], count: list[Any], repeat: int, status: int = 200) -> tuple[int, float]:
    """(queries of one request, median ms over ``repeat`` requests)."""
    times, queries = [], set()
    for _ in range(repeat):
        count[0], count[1] = 0, []
        t0 = time.perf_counter()
        answer = get()
        times.append((time.perf_counter() - t0) * 1000)
        if answer.status_code != status:
            raise SystemExit(f"{answer.request.path}: HTTP {answer.status_code}")
        queries.add(count[0])
    return max(queries), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="dossiers in the register")
    parser.add_argument("--repeat", type=int, default=50, help="requests per page")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temporary file")
    parser.add_argument("--show-queries", action="store_true", help="print the statements of each page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        runtime = build_runtime(url, ROOT, Path(tmp) / "instance", SECRET)
        seed_demo(runtime)
        seed(runtime, args.n)
        app = create_app({"RUNTIME": runtime, "SECRET_KEY": SECRET})
        client = signed_in(app.test_client(), "chuyenvien.longan")
        count: list[Any] = [0, []]  # statements of the last request, and their first lines

        def counted(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            if not statement.startswith("BEGIN"):
                count[0] += 1
                count[1].append(" ".join(statement.split())[:700])

        event.listen(runtime.db, "before_cursor_execute", counted)
        inbox = client.get("/").text
        task = TASK_LINK.findall(inbox)[0]
        dossier = client.get(task).text
        found = re.search(r'href="(/dossiers/\d+)"', dossier)
        if found is None:
            raise SystemExit(f"no dossier link on {task}")
        pages = {"inbox /": "/", "task /tasks/<id>": task, "dossier /dossiers/<id>": found.group(1)}
        results, shown = {}, {}
        for title, path in pages.items():
            results[title] = measure(lambda path=path: client.get(path), count, args.repeat)
            shown[title] = list(count[1])
        # The specialist's opinion posted on waiting dossiers, oldest first: the step, and the page it lands on
        # (the redirect is not followed). Statements of the step's own transaction are counted with the rest.
        listed = TASK_LINK.findall(client.get("/").text)
        if not listed:
            raise SystemExit("no task waits for the specialist: seed more dossiers (-n)")
        waiting = iter(listed)
        token = TOKEN.search(dossier)
        if token is None:
            raise SystemExit(f"no CSRF token on {task}")
        posts = min(args.repeat, len(listed))
        results["task form posted"] = measure(
            lambda: client.post(next(waiting), data={**FORMS[1], "csrf_token": token.group(1)}), count, posts, 302)
        shown["task form posted"] = list(count[1])
        runtime.db.dispose()
    print(f"database                  : {url.split('@')[-1].split('?')[0]}")
    print(f"register                  : {args.n} dossiers; {args.repeat} requests a page, {posts} posts")
    for title, (queries, median) in results.items():
        print(f"  {title:<24}: {queries:2d} queries  median {median:6.1f} ms")
        if args.show_queries:
            print("".join(f"      {statement}\n" for statement in shown[title]), end="")


if __name__ == "__main__":
    main()
