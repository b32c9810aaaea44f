"""Unit of work: one use case, one transaction, committed whole or not at all."""
from __future__ import annotations

from types import TracebackType

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from motcua.store.audit import AuditLog
from motcua.store.books import Books
from motcua.store.citizen_notices import CitizenNotices
from motcua.store.feedback import FeedbackRequests
from motcua.store.fees import Fees
from motcua.store.indicator_rollup import IndicatorRollups
from motcua.store.indicators import Indicators
from motcua.store.outbox import Outbox, RemoteSignatures
from motcua.store.papers import Papers
from motcua.store.pinning import pinned
from motcua.store.queue import Desks, Tickets
from motcua.store.replica import Replica, lag_seconds
from motcua.store.report_rollup import ReportRollups
from motcua.store.reporting import Reporting
from motcua.store.repositories import (
    Counters,
    Documents,
    Dossiers,
    Events,
    Instances,
    Notifications,
    Transfers,
    Units,
    Users,
    Versions,
    WorkItems,
)
from motcua.store.rollup_days import RollupDays
from motcua.store.shared_parts import SharedParts
from motcua.store.step_rollups import StepRollups


class UnitOfWork:
    """Opens a session with the repositories on it; rolls back unless ``commit`` was called.

    Services type against ``motcua.store.ports.UnitOfWorkPort``; this is the SQLAlchemy implementation.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def _open_session(self) -> Session:
        connection = pinned(self._sessions.kw["bind"])  # a web request's one connection (store/pinning.py)
        return self._sessions(bind=connection) if connection is not None else self._sessions()

    def __enter__(self) -> UnitOfWork:
        self.session = self._open_session()
        self.units = Units(self.session)
        self.users = Users(self.session)
        self.versions = Versions(self.session)
        self.dossiers = Dossiers(self.session)
        self.instances = Instances(self.session)
        self.work_items = WorkItems(self.session)
        self.events = Events(self.session)
        self.counters = Counters(self.session)
        self.documents = Documents(self.session)
        self.transfers = Transfers(self.session)
        self.notifications = Notifications(self.session)
        self.tickets, self.desks = Tickets(self.session), Desks(self.session)  # the counter queue
        self.feedback = FeedbackRequests(self.session)  # 1022 feedback
        self.audit = AuditLog(self.session)  # security events
        self.books = Books(self.session)  # official documents' books
        self.outbox = Outbox(self.session)  # status messages for the national portal
        self.citizen_notices = CitizenNotices(self.session)  # e-mails and SMS to citizens
        self.remote_signatures = RemoteSignatures(self.session)
        self.reporting = Reporting(self.session)
        self.report_rollups = ReportRollups(self.session)  # the report's figures from its daily roll-up
        self.rollup_days = RollupDays(self.session)  # which days the roll-ups have built, which are dirty
        self.indicators = Indicators(self.session)  # Decision 766/QĐ-TTg indicators
        self.indicator_rollups = IndicatorRollups(self.session)  # the indicators' figures from their roll-up
        self.shared_parts = SharedParts(self.session)  # the modeler's edits of the frame's shared parts
        self.fees = Fees(self.session)  # fees owed and paid, the units' bank accounts
        self.step_rollups = StepRollups(self.session)  # the heat map's roll-up and the history it reads
        self.papers = Papers(self.session)  # digitised papers, and the citizens' store of them
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.session.rollback()
        self.session.close()

    def flush(self) -> None:
        """Write what the use case changed so far, so the next query (and the database's ids) see it."""
        self.session.flush()

    def commit(self) -> None:
        """Make the use case's changes durable."""
        self.session.commit()


class ReadUnitOfWork(UnitOfWork):
    """A unit of work that only reads: on the replica when one is configured and answers (``store/replica.py``),
    else on the primary. ``source`` says which: ``replica``, ``primary`` (none configured) or ``fallback`` (the
    replica is down)."""

    source: str

    def __init__(self, sessions: sessionmaker[Session], replica: Replica | None) -> None:
        super().__init__(sessions)
        self._replica = replica

    def _open_session(self) -> Session:
        session = self._replica.open_session() if self._replica is not None else None
        if session is not None:
            self.source = "replica"
            return session
        self.source = "primary" if self._replica is None else "fallback"
        session = self._sessions()
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SET TRANSACTION READ ONLY"))
        return session

    def __enter__(self) -> ReadUnitOfWork:
        super().__enter__()
        return self

    def lag_seconds(self) -> float | None:
        """How far behind the primary these reads are (None when they are the primary's)."""
        return lag_seconds(self.session) if self.source == "replica" else None

    def commit(self) -> None:
        raise RuntimeError("a read unit of work does not write: use Runtime.uow() for a use case that changes data")
