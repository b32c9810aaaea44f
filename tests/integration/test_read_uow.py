"""The read unit of work: without a replica it reads the primary, it cannot write by mistake, and what fails on
the primary is not tried again."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from motcua.services.runtime import Runtime
from motcua.store.uow import ReadUnitOfWork


def test_without_a_replica_reads_go_to_the_primary_and_never_commit(runtime: Runtime) -> None:
    with runtime.read_uow() as uow:
        assert uow.source == "primary" and uow.lag_seconds() is None
        assert uow.units.by_code("80001") is not None
        with pytest.raises(RuntimeError, match="does not write"):
            uow.commit()


def test_on_postgresql_a_read_transaction_refuses_writes(runtime: Runtime) -> None:
    if runtime.db.dialect.name != "postgresql":
        pytest.skip("SQLite has no read-only transactions; commit() is refused on both (test above)")
    with runtime.read_uow() as uow, pytest.raises(DBAPIError, match="read-only transaction"):
        uow.session.execute(text("UPDATE units SET name = name"))


def test_a_failed_read_on_the_primary_is_raised_not_run_again(runtime: Runtime) -> None:
    # only a replica failing in the middle of a read sends it again, to the primary (test_read_replica.py)
    runs = []

    def work(uow: ReadUnitOfWork) -> None:
        runs.append(uow.source)
        uow.session.execute(text("SELECT * FROM no_such_table"))

    with pytest.raises(OperationalError if runtime.db.dialect.name == "sqlite" else ProgrammingError):
        runtime.read(work)
    assert runs == ["primary"]
