"""Database connections dropped mid-step and mid-round (``pg_terminate_backend`` from another connection):
a step is run again once or answered 503 in the user's language; the worker logs, backs off and carries on."""
from __future__ import annotations

import os
import time

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, select, text

from features.steps.land_change import RECEIVE, receive_data
from motcua.domain.clock import FixedClock
from motcua.services import worker as worker_loop
from motcua.services.portal import HttpSender
from motcua.services.runtime import Runtime
from motcua.services.transient import DatabaseUnavailable
from motcua.store.models import Event, OutboxMessage
from motcua.trial.desk import Desk
from tests.integration.test_outbox import Portal, pending, receive_many
from tests.support.web import Clerk

SERVER = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(not SERVER.startswith("postgres"),
                                reason="pg_terminate_backend is PostgreSQL's; SQLite has no server to lose")


class Terminator:
    """Kills the runtime's own database session from another connection the next ``times`` times a statement
    containing ``marker`` is about to run (or, with ``marker`` None, as a transaction is about to commit)."""

    def __init__(self, runtime: Runtime, marker: str | None, times: int = 1) -> None:
        self.db, self.marker, self.left, self.killed = runtime.db, marker, times, 0
        self.admin = create_engine(runtime.db.url, isolation_level="AUTOCOMMIT")
        if marker is None:
            event.listen(self.db, "commit", self._on_commit)
        else:
            event.listen(self.db, "before_cursor_execute", self._on_statement)

    def _kill(self, pid: int) -> None:
        with self.admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
            for _ in range(100):  # until the backend is really gone
                if not conn.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first():
                    break
                time.sleep(0.02)
        self.left -= 1
        self.killed += 1

    def _on_statement(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.left > 0 and self.marker in statement:
            self._kill(cursor.connection.info.backend_pid)

    def _on_commit(self, conn) -> None:
        if self.left > 0:
            self._kill(conn.connection.dbapi_connection.info.backend_pid)

    def close(self) -> None:
        for name, hook in (("commit", self._on_commit), ("before_cursor_execute", self._on_statement)):
            if event.contains(self.db, name, hook):
                event.remove(self.db, name, hook)
        self.admin.dispose()


def completions(runtime: Runtime) -> int:
    with runtime.uow() as uow:
        return len(uow.session.scalars(select(Event).where(Event.kind == "task.completed")).all())


def test_a_step_that_loses_its_connection_before_committing_is_run_again_once(runtime: Runtime) -> None:
    desk = Desk(runtime)
    desk.start("tiepnhan.longan", "80001")
    killer = Terminator(runtime, "UPDATE instances")
    try:
        desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    finally:
        killer.close()
    assert killer.killed == 1
    assert completions(runtime) == 1 and pending(runtime) == 1  # saved once, announced once
    assert [title for title, _ in desk.tasks("chuyenvien.longan")] == ["Thẩm định hồ sơ"]


def test_a_step_that_loses_it_twice_answers_503_in_the_user_s_language_and_saves_nothing(
        app: Flask, runtime: Runtime) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"})
    [task] = reception.inbox_drafts()
    killer = Terminator(runtime, "UPDATE instances", times=2)
    try:
        response = reception.submit(task, RECEIVE)
    finally:
        killer.close()
    assert killer.killed == 2
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "Mất kết nối tới cơ sở dữ liệu" in response.text and "chưa được lưu" in response.text
    for leak in ("OperationalError", "psycopg", "AdminShutdown", "terminating connection"):
        assert leak not in response.text
    assert completions(runtime) == 0 and pending(runtime) == 0
    assert reception.submit(task, RECEIVE).status_code == 302  # the database is back: the same post goes through


def test_a_connection_lost_while_committing_is_not_retried_and_says_to_check(app: Flask, runtime: Runtime) -> None:
    desk = Desk(runtime)
    desk.start("tiepnhan.longan", "80001")
    killer = Terminator(runtime, None)
    try:
        with pytest.raises(DatabaseUnavailable) as lost:
            desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    finally:
        killer.close()
    assert lost.value.maybe_saved and killer.killed == 1
    assert completions(runtime) == 0  # the server never got the commit: nothing half-saved


def test_the_worker_outlives_connections_dropped_in_its_rounds(runtime: Runtime, clock: FixedClock,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    receive_many(Desk(runtime), 4)
    portal = Portal()
    killers = [Terminator(runtime, "FROM instances"), Terminator(runtime, "UPDATE outbox")]
    naps: list[float] = []
    try:
        worker_loop.run(runtime, HttpSender(portal.url, timeout=2), 0.01,
                        lambda: pending(runtime) == 0 or len(naps) > 20, sleep=naps.append, clock=clock)
    finally:
        for killer in killers:
            killer.close()
    portal.stop()
    assert [k.killed for k in killers] == [1, 1]
    assert pending(runtime) == 0 and len(portal.applied) == 4
    assert "worker round failed (1 in a row)" in caplog.text and "worker recovered" in caplog.text
    with runtime.uow() as uow:
        assert all(m.delivered_at for m in uow.session.scalars(select(OutboxMessage)))


def test_a_connection_lost_inside_a_handler_is_a_503_not_a_step_error_page(app: Flask, runtime: Runtime) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"})
    [task] = reception.inbox_drafts()
    killer = Terminator(runtime, "counters", times=2)  # the intake handler numbering the dossier
    try:
        response = reception.submit(task, RECEIVE)
    finally:
        killer.close()
    assert killer.killed == 2 and response.status_code == 503
    assert "Mất kết nối tới cơ sở dữ liệu" in response.text and "OperationalError" not in response.text
    assert reception.submit(task, RECEIVE).status_code == 302
