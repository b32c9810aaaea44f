"""A web request's units of work share one connection, each in its own transaction (``store/pinning.py``): one
checkout (and on PostgreSQL one liveness check) a request, never one transaction's work committed by another."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import event

from features.steps.land_change import RECEIVE
from motcua.services.runtime import Runtime
from motcua.store.models import Unit
from motcua.store.pinning import pinned
from tests.support.web import Clerk


@contextmanager
def checkouts(runtime: Runtime) -> Iterator[list[int]]:
    """How many connections the pool hands out inside the block."""
    count = [0]

    def counted(*_: object) -> None:
        count[0] += 1

    event.listen(runtime.db, "checkout", counted)
    try:
        yield count
    finally:
        event.remove(runtime.db, "checkout", counted)


def test_a_page_and_a_posted_step_each_take_one_connection(app: Flask, runtime: Runtime) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    started = reception.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"})
    token = reception.token(started.location)
    with checkouts(runtime) as page:
        assert reception.get(started.location).status_code == 200  # the person, then the task page
    with checkouts(runtime) as post:  # the person, the form, the step, and where it lands
        answer = reception.client.post(started.location, data={**RECEIVE, "csrf_token": token})
    assert answer.status_code == 302 and answer.location.startswith("/dossiers/")
    assert page[0] == 1 and post[0] == 1


def test_a_unit_of_work_opened_inside_another_does_not_take_its_connection(runtime: Runtime) -> None:
    with runtime.one_connection():
        with runtime.uow() as outer:
            held = outer.session.connection()
            assert pinned(runtime.db) is None  # in a transaction: the next unit of work goes to the pool
        assert pinned(runtime.db) is not None and not held.in_transaction()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="SQLite serialises writers: a second write transaction waits for the first")
def test_an_inner_commit_does_not_save_the_outer_unit_of_work(runtime: Runtime) -> None:
    with runtime.one_connection():
        with runtime.uow() as outer:
            outer.units.add(Unit(code="99901", name="Phường chưa lưu", kind="ward"))
            with runtime.uow() as inner:  # a security event logged beside a step, say
                inner.units.add(Unit(code="99902", name="Phường đã lưu", kind="ward"))
                inner.commit()
            # the outer case fails: rolled back on leaving
        with runtime.uow() as after:
            assert after.units.by_code("99901") is None and after.units.by_code("99902") is not None


def test_units_of_work_after_one_another_share_the_connection_and_it_goes_back_to_the_pool(
        runtime: Runtime) -> None:
    with checkouts(runtime) as taken, runtime.one_connection():
        with runtime.uow() as first:
            first_connection = first.session.connection().connection.dbapi_connection
        with runtime.uow() as second:
            assert second.session.connection().connection.dbapi_connection is first_connection
    assert taken[0] == 1
    assert runtime.db.pool.checkedout() == 0
