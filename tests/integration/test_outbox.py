"""The status outbox reaches the portal: written with the change, delivered in order, never lost or doubled."""
from __future__ import annotations

import json
import threading
from collections import Counter, defaultdict
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from motcua.domain.clock import FixedClock
from motcua.services.errors import StepFailed
from motcua.services.outbox import backoff, deliver_pending
from motcua.services.portal import HttpSender
from motcua.services.runtime import Runtime
from motcua.store.models import OutboxMessage
from tests.integration.land_change import PAPERS, receive_data
from tests.support.desk import Desk


class Portal:
    """A stand-in for the national portal on 127.0.0.1: it records raw posts and applies each key once."""

    def __init__(self, die_after: int | None = None) -> None:
        self.posts: list[str] = []
        self.applied: dict[str, dict] = {}
        self.order: dict[str, list[str]] = defaultdict(list)
        self.die_after = die_after
        self.lock = threading.Lock()
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server protocol
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers["Idempotency-Key"]
                with portal.lock:
                    portal.posts.append(key)
                    if key not in portal.applied:
                        portal.applied[key] = body
                        portal.order[body["dossier"]["dossier_code"]].append(body["dossier"]["status"])
                    dying = portal.die_after is not None and len(portal.posts) >= portal.die_after
                self.send_response(200)
                self.end_headers()
                if dying:
                    portal.die_after = None
                    threading.Thread(target=portal.stop).start()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/status"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def receive_many(desk: Desk, n: int) -> None:
    """n dossiers received at Long An: each receipt is one status change."""
    for _ in range(n):
        desk.start("tiepnhan.longan", "80001")
        desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())


def pending(runtime: Runtime) -> int:
    with runtime.uow() as uow:
        return len(uow.session.scalars(select(OutboxMessage).where(OutboxMessage.delivered_at.is_(None))).all())


def test_status_changes_are_queued_with_the_step_and_only_with_it(runtime: Runtime) -> None:
    desk = Desk(runtime)
    receive_many(desk, 2)
    assert pending(runtime) == 2
    short = [(PAPERS[0][0], 0, 0), *PAPERS[1:]]
    desk.start("tiepnhan.longan", "80001")
    with pytest.raises(StepFailed):
        desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(papers=short))
    assert pending(runtime) == 2


def test_a_portal_that_dies_mid_run_loses_and_doubles_nothing(runtime: Runtime, clock: FixedClock) -> None:
    receive_many(Desk(runtime), 30)
    first = Portal(die_after=12)
    report = deliver_pending(runtime, HttpSender(first.url, timeout=2))
    assert report.delivered == 12 and report.failed >= 1
    assert pending(runtime) == 18
    with runtime.uow() as uow:
        failed = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.attempts > 0)).all()
        assert failed and all("unreachable" in m.last_error for m in failed)

    assert deliver_pending(runtime, HttpSender(first.url, timeout=2)).delivered == 0  # backing off: nothing due
    second = Portal()
    clock.advance(backoff(1) + timedelta(seconds=1))
    total = 12
    for _ in range(10):  # each failed message retries once its backoff has passed
        total += deliver_pending(runtime, HttpSender(second.url, timeout=2)).delivered
        if pending(runtime) == 0:
            break
        clock.advance(timedelta(minutes=2))
    second.stop()

    assert pending(runtime) == 0 and total == 30
    applied = set(first.applied) | set(second.applied)
    assert len(applied) == 30 and not set(first.applied) & set(second.applied)
    assert Counter(first.posts + second.posts).most_common(1)[0][1] == 1


def test_two_workers_never_send_the_same_message(runtime: Runtime) -> None:
    receive_many(Desk(runtime), 40)
    portal = Portal()
    send = HttpSender(portal.url, timeout=5)
    reports = []
    workers = [threading.Thread(target=lambda: reports.append(deliver_pending(runtime, send))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    portal.stop()
    assert sum(r.delivered for r in reports) == 40 and pending(runtime) == 0
    assert len(portal.posts) == 40 and len(set(portal.posts)) == 40


def test_a_dossier_s_messages_arrive_in_order(runtime: Runtime, clock: FixedClock) -> None:
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(decision="supplement", note="Thiếu bản gốc"))
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    assert pending(runtime) == 2
    refusing = Portal()
    refusing.server.RequestHandlerClass.do_POST = lambda self: (self.send_response(503), self.end_headers())
    assert deliver_pending(runtime, HttpSender(refusing.url, timeout=2)).failed == 1  # the second waits behind it
    refusing.stop()
    portal = Portal()
    clock.advance(timedelta(minutes=1))
    assert deliver_pending(runtime, HttpSender(portal.url, timeout=2)).delivered == 2
    portal.stop()
    code = desk.dossier(dossier).dossier.code
    assert portal.order[code] == ["supplement", "processing"]
