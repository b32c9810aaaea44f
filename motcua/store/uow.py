"""Unit of work: one use case, one transaction, committed whole or not at all."""
from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from motcua.store.audit import AuditLog
from motcua.store.books import Books
from motcua.store.citizen_notices import CitizenNotices
from motcua.store.feedback import FeedbackRequests
from motcua.store.fees import Fees
from motcua.store.indicators import Indicators
from motcua.store.outbox import Outbox, RemoteSignatures
from motcua.store.papers import Papers
from motcua.store.queue import Desks, Tickets
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
from motcua.store.shared_parts import SharedParts
from motcua.store.step_rollups import StepRollups


class UnitOfWork:
    """Opens a session with the repositories on it; rolls back unless ``commit`` was called.

    Services type against ``motcua.store.ports.UnitOfWorkPort``; this is the SQLAlchemy implementation.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
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
        self.indicators = Indicators(self.session)  # Decision 766/QĐ-TTg indicators
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
