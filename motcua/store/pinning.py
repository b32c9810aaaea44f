"""One connection for all the units of work of a web request (issue 20).

A page reads the signed-in person in one unit of work and its content in another; a posted step adds its own.
Each took a connection from the pool, and on PostgreSQL the pool checks every connection it hands out with a
round trip (``pool_pre_ping``, which lets a request survive a restarted server). Pinned, a request takes one
connection, checked once, and runs its units of work on it one after the other: each still has its own
transaction, committed or rolled back whole. A unit of work opened while another holds the pinned connection's
transaction (a security event logged beside a step), or after the connection broke, takes one from the pool
as before. Outside a pinned block (the worker, the command line, the tests' direct calls) nothing changes.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Connection, Engine


class _Pin:
    """The connection a block's units of work share, taken from the pool on first use."""

    def __init__(self, db: Engine) -> None:
        self.db = db
        self.connection: Connection | None = None

    def free(self) -> Connection | None:
        """The pinned connection when no transaction holds it and it still works, else None."""
        if self.connection is None:
            self.connection = self.db.connect()
        connection = self.connection
        if connection.closed or connection.invalidated or connection.in_transaction():
            return None
        return connection

    def release(self) -> None:
        if self.connection is not None:
            self.connection.close()  # back to the pool
            self.connection = None


_PIN: ContextVar[_Pin | None] = ContextVar("motcua_pinned_connection", default=None)


@contextmanager
def one_connection(db: Engine) -> Iterator[None]:
    """Within the block, units of work on ``db`` share one connection (see the module's docstring)."""
    pin = _Pin(db)
    token = _PIN.set(pin)
    try:
        yield
    finally:
        _PIN.reset(token)
        pin.release()


def pinned(db: Engine) -> Connection | None:
    """The connection pinned for ``db`` in this context, if there is one and it is free."""
    pin = _PIN.get()
    return pin.free() if pin is not None and pin.db is db else None
