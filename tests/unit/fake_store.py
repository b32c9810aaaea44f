"""An in-memory unit of work for unit tests of the services: the repositories of ``motcua.store.ports`` kept in
lists, so a use case's rules run in microseconds without a database.

Rows are the store's own model objects, never attached to a session; ``add`` gives them the next id, as the
database would. What SQL alone decides (row locks, ``SKIP LOCKED``, the compare-and-set leases under
concurrency) stays with the integration tests: here ``claim`` simply takes the first due row. Repositories a
test does not need raise ``AssertionError`` when touched, so a service reaching for them is seen at once.
"""
from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from motcua.errors import NotFound
from motcua.store.models import (
    BookEntry,
    Document,
    Dossier,
    DossierFee,
    Event,
    Instance,
    Membership,
    Notification,
    OutboxMessage,
    RemoteSignature,
    SecurityEvent,
    Unit,
    User,
    WorkItem,
)
from motcua.store.repositories import IssuedDocument

_ids = itertools.count(1)


def _keep(rows: list[Any], row: Any) -> Any:
    if getattr(row, "id", None) is None:
        row.id = next(_ids)
    rows.append(row)
    return row


class FakeUnits:
    def __init__(self) -> None:
        self.rows: list[Unit] = []

    def by_code(self, code: str) -> Unit | None:
        return next((u for u in self.rows if u.code == code), None)

    def get(self, unit_id: int) -> Unit | None:
        return next((u for u in self.rows if u.id == unit_id), None)

    def require_code(self, code: str) -> Unit:
        unit = self.by_code(code)
        if unit is None:
            raise NotFound("unit.not_found", unit=code)
        return unit

    def by_agency_code(self, agency_code: str) -> Unit | None:
        return next((u for u in self.rows if u.agency_code == agency_code), None)

    def with_descendants(self, roots: Iterable[int]) -> set[int]:
        units = set(roots)
        while True:
            more = {u.id for u in self.rows if u.parent_id in units} - units
            if not more:
                return units
            units |= more

    def all(self) -> Sequence[Unit]:
        return sorted(self.rows, key=lambda u: u.name)

    def add(self, unit: Unit) -> Unit:
        return _keep(self.rows, unit)


class FakeUsers:
    def __init__(self, units: FakeUnits) -> None:
        self.rows: list[User] = []
        self.units = units

    def get(self, user_id: int) -> User | None:
        return next((u for u in self.rows if u.id == user_id), None)

    def require(self, user_id: int) -> User:
        user = self.get(user_id)
        if user is None:
            raise NotFound("user.not_found")
        return user

    def by_username(self, username: str) -> User | None:
        return next((u for u in self.rows if u.username == username), None)

    def holding(self, unit_id: int, role: str) -> Sequence[User]:
        return [u for u in self.rows if any(m.unit_id == unit_id and m.role == role for m in u.memberships)]

    def in_units(self, unit_ids: Iterable[int]) -> Sequence[User]:
        wanted = set(unit_ids)
        return sorted((u for u in self.rows if any(m.unit_id in wanted for m in u.memberships)),
                      key=lambda u: u.username)

    def add(self, user: User, roles: Iterable[tuple[Unit, str]] = ()) -> User:
        _keep(self.rows, user)
        for unit, role in roles:
            user.memberships.append(Membership(id=next(_ids), user_id=user.id, unit_id=unit.id, unit=unit, role=role))
        return user


class FakeDossiers:
    def __init__(self) -> None:
        self.rows: list[Dossier] = []

    def draft_ids(self, dossier_ids: Iterable[int]) -> set[int]:
        ids = set(dossier_ids)
        return {d.id for d in self.rows if d.id in ids and d.code is None and d.status == "draft"}

    def get(self, dossier_id: int) -> Dossier | None:
        return next((d for d in self.rows if d.id == dossier_id), None)

    def require(self, dossier_id: int) -> Dossier:
        dossier = self.get(dossier_id)
        if dossier is None:
            raise NotFound("dossier.not_found", dossier=dossier_id)
        return dossier

    def by_code(self, code: str) -> Dossier | None:
        return next((d for d in self.rows if d.code == code), None)

    def by_portal_id(self, portal_dossier_id: str) -> Dossier | None:
        return next((d for d in self.rows if d.portal_dossier_id == portal_dossier_id), None)

    def add(self, dossier: Dossier) -> Dossier:
        return _keep(self.rows, dossier)

    def hand_to(self, dossier: Dossier, unit: Unit, reception: bool = False) -> None:
        dossier.handling_unit, dossier.handling_unit_id = unit, unit.id
        if reception:
            dossier.receiving_unit, dossier.receiving_unit_id = unit, unit.id

    def running_on(self, version_id: int) -> Sequence[Dossier]:
        return [d for d in self.rows if d.version_id == version_id and d.finished_at is None]

    def running_at(self, unit_id: int) -> Sequence[Dossier]:
        return [d for d in self.rows if d.handling_unit_id == unit_id and d.finished_at is None]

    def received_by(self, unit_id: int, start: datetime, end: datetime) -> Sequence[Dossier]:
        found = [d for d in self.rows if d.receiving_unit_id == unit_id and d.received_at
                 and start <= d.received_at < end]
        return sorted(found, key=lambda d: (d.received_at, d.id))


class FakeInstances:
    def __init__(self) -> None:
        self.rows: list[Instance] = []

    def for_dossier(self, dossier_id: int) -> Instance | None:
        return next((i for i in self.rows if i.dossier_id == dossier_id), None)

    def add(self, instance: Instance) -> Instance:
        return _keep(self.rows, instance)

    def save(self, instance: Instance, state: bytes, completed: bool, at: datetime,
             next_timer_at: datetime | None = None) -> None:
        """The new state and the next revision (one writer here: no one can have saved in between)."""
        stored = next(i for i in self.rows if i.id == instance.id)
        stored.state, stored.completed, stored.updated_at = state, completed, at
        stored.next_timer_at, stored.revision = next_timer_at, stored.revision + 1

    def next_due_timer(self, now: datetime, skip: Iterable[int] = ()) -> Instance | None:
        skipped = set(skip)
        due = [i for i in self.rows if i.next_timer_at is not None and i.next_timer_at <= now
               and not i.completed and i.id not in skipped]
        return min(due, key=lambda i: (i.next_timer_at, i.id), default=None)


class FakeWorkItems:
    def __init__(self) -> None:
        self.rows: list[WorkItem] = []

    def by_task(self, task_id: str) -> WorkItem | None:
        return next((w for w in self.rows if w.task_id == task_id), None)

    def for_dossier(self, dossier_id: int) -> Sequence[WorkItem]:
        return [w for w in self.rows if w.dossier_id == dossier_id]

    def replace(self, dossier_id: int, items: Iterable[WorkItem]) -> list[WorkItem]:
        self.rows = [w for w in self.rows if w.dossier_id != dossier_id]
        return [_keep(self.rows, item) for item in items]

    def inbox(self, memberships: Iterable[tuple[int, str]], limit: int = 200,
              viewer: int | None = None) -> Sequence[WorkItem]:
        pairs = set(memberships)
        return [w for w in self.rows if (w.unit_id, w.role) in pairs][:limit]


class FakeLog:
    """Append-only rows by dossier: events, transfers, notifications."""

    def __init__(self) -> None:
        self.rows: list[Any] = []

    def add(self, row: Any) -> None:
        _keep(self.rows, row)

    def for_dossier(self, dossier_id: int) -> Sequence[Any]:
        return [r for r in self.rows if r.dossier_id == dossier_id]


class FakeEvents(FakeLog):
    def of_kinds(self, dossier_ids: Iterable[int], kinds: Iterable[str]) -> Sequence[Event]:
        ids, wanted = set(dossier_ids), set(kinds)
        return [e for e in self.rows if e.dossier_id in ids and e.kind in wanted]

    def completion_of(self, task_id: str) -> Event | None:
        return next((e for e in self.rows if e.task_id == task_id and e.kind == "task.completed"), None)

    def count(self) -> int:
        return len(self.rows)


class FakeTransfers(FakeLog):
    def holders(self, dossier_id: int) -> set[int]:
        return {unit for t in self.for_dossier(dossier_id) for unit in (t.from_unit_id, t.to_unit_id)}


class FakeNotifications(FakeLog):
    def unread(self, user_id: int, limit: int = 50) -> Sequence[Notification]:
        return [n for n in self.rows if n.user_id == user_id and n.read_at is None][:limit]

    def mark_read(self, user_id: int, at: datetime) -> None:
        for note in self.unread(user_id):
            note.read_at = at


class FakeCounters:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def next(self, key: str) -> int:
        self.values[key] = self.values.get(key, 0) + 1
        return self.values[key]


class FakeDocuments:
    def __init__(self, dossiers: FakeDossiers) -> None:
        self.rows: list[Document] = []
        self.dossiers = dossiers

    def get(self, document_id: int) -> Document | None:
        return next((d for d in self.rows if d.id == document_id), None)

    def keep(self, dossier_id: int, kind: str, filename: str, content: bytes, at: datetime,
             signed_by_id: int | None = None) -> Document:
        return _keep(self.rows, Document(dossier_id=dossier_id, kind=kind, filename=filename, content=content,
                                         sha256=hashlib.sha256(content).hexdigest(), signed_by_id=signed_by_id,
                                         created_at=at))

    def for_dossier(self, dossier_id: int) -> Sequence[Document]:
        return [d for d in self.rows if d.dossier_id == dossier_id]

    def by_sha256(self, digest: str) -> IssuedDocument | None:
        found = next((d for d in self.rows if d.sha256 == digest), None)
        if found is None:
            return None
        dossier = self.dossiers.require(found.dossier_id)
        return IssuedDocument(found.id, dossier.code or "", found.kind, found.created_at, dossier.receiving_unit.name)

    def latest(self, dossier_id: int, kind: str) -> Document | None:
        return next((d for d in reversed(self.rows) if d.dossier_id == dossier_id and d.kind == kind), None)


class FakeAudit:
    def __init__(self) -> None:
        self.rows: list[SecurityEvent] = []

    def record(self, at: datetime, kind: str, *, username: str = "", user_id: int | None = None,
               actor_id: int | None = None, address: str | None = None,
               detail: dict[str, Any] | None = None) -> None:
        _keep(self.rows, SecurityEvent(at=at, kind=kind, username=username, user_id=user_id, actor_id=actor_id,
                                       address=address, detail=detail or {}))

    def between(self, start: datetime, end: datetime, user_ids: Iterable[int] | None,
                include_unknown: bool = False, limit: int = 5000) -> list[SecurityEvent]:
        return [e for e in self.rows if start <= e.at < end][:limit]


class FakeBooks:
    def __init__(self) -> None:
        self.rows: list[BookEntry] = []

    def add(self, entry: BookEntry) -> BookEntry:
        return _keep(self.rows, entry)

    def get(self, entry_id: int) -> BookEntry | None:
        return next((e for e in self.rows if e.id == entry_id), None)

    def for_dossier(self, dossier_id: int, book: str | None = None) -> Sequence[BookEntry]:
        return [e for e in self.rows if e.dossier_id == dossier_id and (book is None or e.book == book)]

    def delivered_from(self, source_id: int) -> Sequence[BookEntry]:
        return [e for e in self.rows if e.source_id == source_id]

    def book(self, unit_id: int, book: str, year: int) -> Sequence[BookEntry]:
        return sorted((e for e in self.rows if (e.unit_id, e.book, e.year) == (unit_id, book, year)),
                      key=lambda e: -e.number)


class FakeOutbox:
    def __init__(self, dossiers: FakeDossiers) -> None:
        self.rows: list[OutboxMessage] = []
        self.dossiers = dossiers

    def add(self, message: OutboxMessage) -> None:
        _keep(self.rows, message)

    def claim(self, now: datetime, lease: timedelta) -> OutboxMessage | None:
        pending = [m for m in self.rows if m.delivered_at is None]
        for message in sorted(pending, key=lambda m: m.id):
            earlier = any(m.dossier_id is not None and m.dossier_id == message.dossier_id and m.id < message.id
                          for m in pending)
            due = message.available_at <= now or message.available_at == message.created_at
            if not earlier and message.held_at is None and due:
                message.available_at = now + lease
                return message
        return None

    def _get(self, message_id: int) -> OutboxMessage:
        return next(m for m in self.rows if m.id == message_id)

    def delivered(self, message_id: int, at: datetime) -> None:
        self._get(message_id).delivered_at = at

    def failed(self, message_id: int, attempts: int, error: str, retry_at: datetime) -> None:
        message = self._get(message_id)
        message.attempts, message.last_error, message.available_at = attempts, error[:500], retry_at

    def hold(self, message_id: int, error: str, at: datetime) -> None:
        message = self._get(message_id)
        message.held_at, message.last_error = at, error[:2000]

    def has_topic(self, dossier_id: int, topic: str) -> bool:
        return any(m.dossier_id == dossier_id and m.topic == topic for m in self.rows)

    def of_topic(self, topic: str) -> Sequence[OutboxMessage]:
        return [m for m in sorted(self.rows, key=lambda m: m.id) if m.topic == topic]

    def _ours(self, message: OutboxMessage, units: set[int], province_wide: bool) -> bool:
        if message.dossier_id is None:
            return province_wide
        return self.dossiers.require(message.dossier_id).receiving_unit_id in units

    def failing(self, unit_ids: Iterable[int], min_attempts: int, limit: int,
                province_wide: bool = False) -> Sequence[tuple[OutboxMessage, str | None]]:
        units = set(unit_ids)
        found = []
        for message in self.rows:
            stuck = message.attempts >= min_attempts or message.held_at is not None
            if message.delivered_at is None and stuck and self._ours(message, units, province_wide):
                code = self.dossiers.require(message.dossier_id).code if message.dossier_id is not None else None
                found.append((message, code))
        return found[:limit]

    def due_at_once(self, message_id: int, unit_ids: Iterable[int], province_wide: bool = False) -> bool:
        units = set(unit_ids)
        for message in self.rows:
            if (message.id == message_id and message.delivered_at is None
                    and self._ours(message, units, province_wide)):
                message.available_at, message.held_at = message.created_at, None
                return True
        return False


class FakeRemoteSignatures:
    def __init__(self) -> None:
        self.rows: list[RemoteSignature] = []

    def add(self, row: RemoteSignature) -> None:
        _keep(self.rows, row)

    def require(self, row_id: int) -> RemoteSignature:
        row = next((r for r in self.rows if r.id == row_id), None)
        if row is None:
            raise NotFound("remote_signature.not_found", request=row_id)
        return row

    def open_for(self, dossier_id: int) -> RemoteSignature | None:
        return next((r for r in self.rows if r.dossier_id == dossier_id and r.settled_at is None), None)

    def claim(self, now: datetime, lease: timedelta, skip: Iterable[int] = ()) -> RemoteSignature | None:
        skipped = set(skip)
        for row in sorted(self.rows, key=lambda r: r.next_poll_at):
            if row.settled_at is None and row.id not in skipped and (row.next_poll_at <= now or row.attempts == 0):
                row.next_poll_at, row.attempts = now + lease, row.attempts + 1
                return row
        return None


class FakeFees:
    """Fees owed and paid, by dossier (what the portal's status message reads); the rest is the database's."""

    def __init__(self) -> None:
        self.rows: dict[int, DossierFee] = {}

    def for_dossier(self, dossier_id: int) -> DossierFee | None:
        return self.rows.get(dossier_id)


class Untouched:
    """A repository the unit tests do not fake (the counter queue, 1022 feedback, reports, versions)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, method: str) -> Any:
        raise AssertionError(f"the fake unit of work has no {self.name}.{method}: test this with the database")


class FakeUnitOfWork:
    """One shared in-memory store; ``commits`` counts the use cases that committed, ``committed`` says
    whether the last one did (a refused use case must leave it False)."""

    def __init__(self) -> None:
        self.units = FakeUnits()
        self.users = FakeUsers(self.units)
        self.dossiers = FakeDossiers()
        self.instances = FakeInstances()
        self.work_items = FakeWorkItems()
        self.events = FakeEvents()
        self.counters = FakeCounters()
        self.documents = FakeDocuments(self.dossiers)
        self.transfers = FakeTransfers()
        self.notifications = FakeNotifications()
        self.audit = FakeAudit()
        self.books = FakeBooks()
        self.outbox = FakeOutbox(self.dossiers)
        self.remote_signatures = FakeRemoteSignatures()
        self.versions: Any = Untouched("versions")
        self.tickets: Any = Untouched("tickets")
        self.desks: Any = Untouched("desks")
        self.feedback: Any = Untouched("feedback")
        self.reporting: Any = Untouched("reporting")
        self.report_rollups: Any = Untouched("report_rollups")
        self.rollup_days: Any = Untouched("rollup_days")
        self.indicators: Any = Untouched("indicators")
        self.fees = FakeFees()
        self.step_rollups: Any = Untouched("step_rollups")
        self.papers: Any = Untouched("papers")
        self.citizen_notices: Any = Untouched("citizen_notices")
        self.commits = 0
        self.committed = False

    def __enter__(self) -> FakeUnitOfWork:
        self.committed = False
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None

    def flush(self) -> None:
        return None

    def commit(self) -> None:
        self.commits += 1
        self.committed = True


def unit(uow: FakeUnitOfWork, code: str, name: str, parent: Unit | None = None) -> Unit:
    return uow.units.add(Unit(code=code, name=name, kind="ward", parent_id=parent.id if parent else None))


def person(uow: FakeUnitOfWork, username: str, *roles: tuple[Unit, str]) -> User:
    return uow.users.add(User(username=username, full_name=username.title(), password_hash="-", locale="vi"),
                         roles)


def dossier(uow: FakeUnitOfWork, code: str, at: Unit, slug: str = "land_change", **facts: Any) -> Dossier:
    found = uow.dossiers.add(Dossier(code=code, procedure_slug=slug, procedure_code="1.004227", version_id=1,
                                     receiving_unit=at, receiving_unit_id=at.id, handling_unit=at,
                                     handling_unit_id=at.id, status="processing", channel="counter",
                                     applicant_name="Nguyễn Văn A", **facts))
    uow.instances.add(Instance(dossier_id=found.id, version_id=1, state=b"", revision=0, completed=False))
    return found



class FakeRuntime:
    """What the services use of the runtime here: the fake unit of work, a fixed clock, and a pack that says
    which procedures are public services (their status changes go to the national portal)."""

    def __init__(self, uow: FakeUnitOfWork, now: datetime, public: Iterable[str] = ("land_change",)) -> None:
        self._uow, self.clock, self.public = uow, _FixedClock(now), set(public)
        self.pack = _Pack(self.public)

    def uow(self) -> FakeUnitOfWork:
        return self._uow


class _FixedClock:
    def __init__(self, now: datetime) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


class _Pack:
    """The catalogue as the services read it: which procedures are public, and their code, name and field."""

    def __init__(self, public: set[str]) -> None:
        self.public = public
        self.procedures = {slug: self.get(slug) for slug in public}

    def get(self, slug: str) -> Any:
        procedure = type("Procedure", (), {"is_public_service": slug in self.public, "code": "1.004227",
                                           "name_vi": "Đăng ký biến động đất đai", "field": "Đất đai"})()
        return type("Loaded", (), {"procedure": procedure})()
