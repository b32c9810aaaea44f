"""Reads off the primary: a PostgreSQL streaming replica for the pages that only read, with its lag, and the
primary in its place while it is down.

A replica (``MOTCUA_REPLICA_URL``) answers reports, the heat map and the citizen's lookup so their scans do not
compete with the clerks' steps on the primary. Whether it can be used is decided once per unit of work, when the
session takes its connection: the pool checks that connection (``pool_pre_ping``), and a replica that does not
answer within ``CONNECT_TIMEOUT`` seconds, or refuses, is marked down. While down, nobody tries it again until a
backoff has passed (1 s doubling to a minute), so a dead replica costs one failed connection per backoff, not a
timeout on every query; the units of work in between read the primary. A replica that fails in the middle of a
read (it stopped, or cancelled a query in conflict with what it replays) is marked down, and the read runs again
on the primary (``Runtime.read``): the reader gets the page.

Every read unit of work is read-only (the replica refuses writes anyway; on the primary the transaction is
``READ ONLY`` too), so a page reading "from the replica" cannot write by mistake when it falls back.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from motcua.store.db import Database, session_factory

log = logging.getLogger("motcua.replica")
CONNECT_TIMEOUT = 2  # seconds: libpq's smallest useful connect_timeout
FIRST_BACKOFF, LONGEST_BACKOFF = 1.0, 60.0
# Seconds behind the primary: 0 when everything received has been replayed (an idle primary sends nothing, and
# now() - last replay time would then grow forever), else the age of the last transaction replayed.
LAG = text("""
SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL
            WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0.0
            ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0.0) END
""")


def open_replica(url: str) -> Database:
    """The replica's engine: connections checked on checkout, a short connect timeout, read-only sessions."""
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT},
                         execution_options={"postgresql_readonly": True})


@dataclass
class Replica:
    """The replica's sessions and its health: up, or down until a backoff has passed."""

    db: Database
    sessions: sessionmaker[Session] = field(init=False)
    monotonic: Callable[[], float] = time.monotonic
    failures: int = 0
    down_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.sessions = session_factory(self.db)

    def open_session(self) -> Session | None:
        """A session holding a checked connection to the replica, or None while it is down."""
        if self.monotonic() < self.down_until:
            return None
        session = self.sessions()
        try:
            session.connection()
        except DBAPIError as exc:
            session.close()
            self.mark_down(exc)
            return None
        if self.failures:
            log.warning("replica answers again after %d failed attempt(s)", self.failures)
        with self._lock:
            self.failures = 0
        return session

    def mark_down(self, reason: BaseException) -> None:
        """Use the primary until a backoff has passed (the pool is emptied: its connections are dead)."""
        with self._lock:
            self.failures += 1
            wait = min(FIRST_BACKOFF * 2 ** (self.failures - 1), LONGEST_BACKOFF)
            self.down_until = self.monotonic() + wait
        self.db.dispose()
        log.warning("replica unreachable (%s); reading the primary for %.0f s", type(reason).__name__, wait)


def lag_seconds(session: Session) -> float | None:
    """How far the database the session reads is behind the primary (None: it is the primary)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    value = session.execute(LAG).scalar()
    return None if value is None else float(value)
