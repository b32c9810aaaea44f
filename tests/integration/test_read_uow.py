"""The read unit of work: without a replica it reads the primary, and it cannot write by mistake."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from motcua.services.runtime import Runtime


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
