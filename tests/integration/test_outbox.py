"""The status outbox reaches the portal: written with the change, delivered in order, never lost or doubled."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from sqlalchemy import select

from features.steps.land_change import PAPERS, receive_data
from motcua.domain.clock import FixedClock
from motcua.services import worker as worker_loop
from motcua.services.errors import Forbidden, NotFound, StepFailed
from motcua.services.outbox import FIRST_RETRY, LEASE, LONGEST_RETRY, _claim, deliver_pending, failing, retry_now
from motcua.services.portal import HttpSender
from motcua.services.runtime import Runtime
from motcua.store.leases import lease_first
from motcua.store.models import OutboxMessage
from motcua.trial.desk import Desk
from motcua.web import create_app
from tests.support.portal import Portal
from tests.support.web import Clerk


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
    report = deliver_pending(runtime, HttpSender(first.url, timeout=2), clock=clock)
    assert report.delivered == 12 and report.failed >= 1
    assert pending(runtime) == 18
    with runtime.uow() as uow:
        failed = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.attempts > 0)).all()
        assert failed and all("unreachable" in m.last_error for m in failed)

    assert deliver_pending(runtime, HttpSender(first.url, timeout=2), clock=clock).delivered == 0  # backing off: nothing due
    second = Portal()
    clock.advance(FIRST_RETRY + timedelta(seconds=1))
    total = 12
    for _ in range(10):  # each failed message retries once its backoff has passed
        total += deliver_pending(runtime, HttpSender(second.url, timeout=2), clock=clock).delivered
        if pending(runtime) == 0:
            break
        clock.advance(timedelta(minutes=2))
    second.stop()

    assert pending(runtime) == 0 and total == 30
    applied = set(first.applied) | set(second.applied)
    assert len(applied) == 30 and not set(first.applied) & set(second.applied)
    assert Counter(first.posts + second.posts).most_common(1)[0][1] == 1


def test_two_workers_never_send_the_same_message(runtime: Runtime, clock: FixedClock) -> None:
    receive_many(Desk(runtime), 40)
    portal = Portal()
    send = HttpSender(portal.url, timeout=5)
    reports = []
    workers = [threading.Thread(target=lambda: reports.append(deliver_pending(runtime, send, clock=clock))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    portal.stop()
    assert sum(r.delivered for r in reports) == 40 and pending(runtime) == 0
    assert len(portal.posts) == 40 and len(set(portal.posts)) == 40 and portal.invalid == []


def test_a_dossier_s_messages_arrive_in_order(runtime: Runtime, clock: FixedClock) -> None:
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(decision="supplement", note="Thiếu bản gốc"))
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    assert pending(runtime) == 2
    refusing = Portal()
    refusing.server.RequestHandlerClass.do_POST = lambda self: (self.send_response(503), self.end_headers())
    assert deliver_pending(runtime, HttpSender(refusing.url, timeout=2), clock=clock).failed == 1  # the second waits behind it
    refusing.stop()
    portal = Portal()
    clock.advance(LONGEST_RETRY)
    assert deliver_pending(runtime, HttpSender(portal.url, timeout=2), clock=clock).delivered == 2
    portal.stop()
    code = desk.dossier(dossier).dossier.code
    assert portal.invalid == []
    assert portal.order[code] == ["5", "4"]  # asked to supplement, then processing (the portal's codes)


class TruncatingPortal(Portal):
    """A portal whose first ``cut`` replies promise a body and hang up halfway through it."""

    def __init__(self, cut: int) -> None:
        super().__init__()
        self.cut = cut
        portal, apply = self, self.server.RequestHandlerClass.do_POST

        def do_post(handler: BaseHTTPRequestHandler) -> None:
            with portal.lock:
                truncate = portal.cut > 0
                portal.cut -= 1
            if not truncate:
                return apply(handler)
            handler.rfile.read(int(handler.headers["Content-Length"]))
            handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"ok\"")
            handler.wfile.flush()
            handler.close_connection = True
            return None

        self.server.RequestHandlerClass.do_POST = do_post


def test_truncated_portal_replies_are_retried_and_the_worker_carries_on(runtime: Runtime, clock: FixedClock) -> None:
    receive_many(Desk(runtime), 3)
    portal = TruncatingPortal(cut=3)
    send = HttpSender(portal.url, timeout=2)
    naps: list[float] = []

    def stopping() -> bool:
        return pending(runtime) == 0 or len(naps) > 20

    def nap(seconds: float) -> None:
        naps.append(seconds)
        clock.advance(LONGEST_RETRY)

    worker_loop.run(runtime, send, 0.01, stopping, sleep=nap, clock=clock)
    portal.stop()
    assert pending(runtime) == 0 and portal.cut < 0 and len(portal.posts) == len(portal.applied) == 3
    with runtime.uow() as uow:
        assert all(m.attempts == 1 and "IncompleteRead" in m.last_error
                   for m in uow.session.scalars(select(OutboxMessage)))


def test_a_set_clock_never_strands_an_interrupted_or_failed_message(runtime: Runtime, clock: FixedClock) -> None:
    clock.set(datetime(2030, 1, 7, 9, 0))  # MOTCUA_NOW far ahead of the real time, standing still
    receive_many(Desk(runtime), 2)
    wall = FixedClock(datetime(2026, 11, 29, 10, 0))
    assert _claim(runtime, wall.now()) is not None  # a worker leased one message and died before sending it
    refusing = Portal()
    refusing.server.RequestHandlerClass.do_POST = lambda self: (self.send_response(503), self.end_headers())
    assert deliver_pending(runtime, HttpSender(refusing.url, timeout=2), clock=wall).failed == 1
    refusing.stop()
    portal = Portal()
    assert deliver_pending(runtime, HttpSender(portal.url, timeout=2), clock=wall).delivered == 0  # lease, backoff
    wall.advance(max(LEASE, LONGEST_RETRY) + timedelta(seconds=1))
    assert deliver_pending(runtime, HttpSender(portal.url, timeout=2), clock=wall).delivered == 2
    portal.stop()
    assert pending(runtime) == 0


def test_an_administrator_sees_messages_that_keep_failing_and_retries_one(runtime: Runtime, clock: FixedClock) -> None:
    desk = Desk(runtime)
    receive_many(desk, 1)
    admin, other, clerk = (desk.user_id(u) for u in ("quantri.longan", "quantri.kientuong", "tiepnhan.longan"))
    refusing = Portal()
    refusing.server.RequestHandlerClass.do_POST = lambda self: (self.send_response(500), self.end_headers())
    send = HttpSender(refusing.url, timeout=2)
    for _ in range(3):
        assert deliver_pending(runtime, send, clock=clock).failed == 1
        clock.advance(LONGEST_RETRY)
    refusing.stop()
    [stuck] = failing(runtime, admin)
    assert stuck.attempts == 3 and stuck.last_error == "portal answered HTTP 500" and stuck.status == "processing"
    assert failing(runtime, other) == []  # another ward's administrator
    with pytest.raises(Forbidden):
        failing(runtime, clerk)
    with pytest.raises(NotFound):
        retry_now(runtime, other, stuck.id)
    portal = Portal()
    assert deliver_pending(runtime, HttpSender(portal.url, timeout=2),
                           clock=FixedClock(stuck.next_try - timedelta(seconds=1))).delivered == 0
    retry_now(runtime, admin, stuck.id)
    assert failing(runtime, admin)[0].next_try is None
    assert deliver_pending(runtime, HttpSender(portal.url, timeout=2), clock=FixedClock(stuck.created_at)).delivered == 1
    portal.stop()
    assert failing(runtime, admin) == []
    with pytest.raises(NotFound):
        retry_now(runtime, admin, stuck.id)


def test_the_administrators_page_lists_failing_messages_and_its_button_retries(runtime: Runtime,
                                                                              clock: FixedClock) -> None:
    receive_many(Desk(runtime), 1)
    refusing = Portal()
    refusing.server.RequestHandlerClass.do_POST = lambda self: (self.send_response(502), self.end_headers())
    for _ in range(3):
        assert deliver_pending(runtime, HttpSender(refusing.url, timeout=2), clock=clock).failed == 1
        clock.advance(LONGEST_RETRY)
    refusing.stop()
    app = create_app({"RUNTIME": runtime, "TESTING": True, "SECRET_KEY": "test", "MOTCUA_REQUIRE_2FA": False})
    admin = Clerk(app, "quantri.longan")
    page = admin.get("/quan-tri/dong-bo/")
    [stuck] = failing(runtime, Desk(runtime).user_id("quantri.longan"))
    assert page.status_code == 200 and stuck.dossier_code in page.text and "portal answered HTTP 502" in page.text
    assert "Gửi lại ngay" in page.text
    retried = admin.submit(f"/quan-tri/dong-bo/{stuck.id}/gui-lai", {}, token_from="/quan-tri/dong-bo/")
    assert retried.status_code == 302
    assert failing(runtime, Desk(runtime).user_id("quantri.longan"))[0].next_try is None
    assert "Lượt gửi tới" in admin.get("/quan-tri/dong-bo/").text
    assert Clerk(app, "tiepnhan.longan").get("/quan-tri/dong-bo/").status_code == 403


def test_a_worker_that_lost_one_race_does_not_take_the_next_message_another_worker_holds(runtime: Runtime,
                                                                                         clock: FixedClock) -> None:
    """Worker B read the due messages, then worker A leased the first two and is sending them: B loses the
    first, and must pass over the second too rather than match on the lease it reads after rolling back.
    (On PostgreSQL A gets in between B's read and B's first lease; B's commit lets it in on SQLite too.)"""
    receive_many(Desk(runtime), 3)
    now = clock.now()
    with runtime.uow() as b:
        candidates = b.session.scalars(select(OutboxMessage).where(OutboxMessage.delivered_at.is_(None))
                                       .order_by(OutboxMessage.id)).all()
        assert len(candidates) == 3
        b.commit()
        with runtime.uow() as a:  # A leases the first two while B holds its list
            first, second = a.outbox.claim(now, LEASE), a.outbox.claim(now, LEASE)
            a.commit()
        assert [first.id, second.id] == [m.id for m in candidates[:2]]
        taken = lease_first(b.session, OutboxMessage, candidates, now, LEASE)
        assert taken is not None and taken.id == candidates[2].id
