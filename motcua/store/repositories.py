"""Repositories: the queries the services need, so no service writes SQL.

A ``require_*`` lookup is the ``get`` that a use case cannot go on without: it raises ``NotFound`` with the
error code the edges translate, so every service says "no such dossier" the same way.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, exists, func, or_, select, union, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, defaultload, defer, joinedload

from motcua.domain.dossier import RegisterQuery, Status
from motcua.domain.text import fold
from motcua.errors import NotFound
from motcua.store.db import rows_matched
from motcua.store.models import (
    Counter,
    Document,
    Dossier,
    DossierFee,
    Event,
    Instance,
    Membership,
    Notification,
    OutboxMessage,
    ProcedureVersion,
    Transfer,
    Unit,
    User,
    WorkItem,
)
from motcua.store.papers import page_options


class StaleState(Exception):
    """Someone else saved this instance first; the step must not be applied twice."""


class Units:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_code(self, code: str) -> Unit | None:
        return self.session.scalar(select(Unit).where(Unit.code == code))

    def get(self, unit_id: int) -> Unit | None:
        return self.session.get(Unit, unit_id)

    def require_code(self, code: str) -> Unit:
        unit = self.by_code(code)
        if unit is None:
            raise NotFound("unit.not_found", unit=code)
        return unit

    def by_agency_code(self, agency_code: str) -> Unit | None:
        return self.session.scalar(select(Unit).where(Unit.agency_code == agency_code))

    def with_descendants(self, roots: Iterable[int]) -> set[int]:
        """The ids of these units and of every unit under them (a province, its wards)."""
        units = frontier = set(roots)
        while frontier:
            frontier = set(self.session.scalars(select(Unit.id).where(Unit.parent_id.in_(frontier)))) - units
            units = units | frontier
        return units

    def all(self) -> Sequence[Unit]:
        return self.session.scalars(select(Unit).order_by(Unit.name)).all()

    def add(self, unit: Unit) -> Unit:
        self.session.add(unit)
        self.session.flush()
        return unit


class Users:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int) -> User | None:
        """A user with their roles, in one query (every page loads the signed-in user)."""
        return self.session.get(User, user_id, options=[joinedload(User.memberships)])

    def require(self, user_id: int) -> User:
        user = self.get(user_id)
        if user is None:
            raise NotFound("user.not_found")
        return user

    def by_username(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username))

    def holding(self, unit_id: int, role: str) -> Sequence[User]:
        return self.session.scalars(
            select(User).join(Membership, Membership.user_id == User.id)
            .where(Membership.unit_id == unit_id, Membership.role == role).order_by(User.id)
        ).all()

    def with_second_factor(self) -> Sequence[User]:
        """Users who keep a (sealed) second-factor seed, by id."""
        return self.session.scalars(select(User).where(User.totp_secret.is_not(None)).order_by(User.id)).all()

    def in_units(self, unit_ids: Iterable[int]) -> Sequence[User]:
        """Users holding any role in those units (an administrator's people), by username."""
        return self.session.scalars(
            select(User).where(User.id.in_(select(Membership.user_id).where(Membership.unit_id.in_(list(unit_ids)))))
            .order_by(User.username)
        ).all()

    def add(self, user: User, roles: Iterable[tuple[Unit, str]] = ()) -> User:
        self.session.add(user)
        self.session.flush()
        for unit, role in roles:
            self.session.add(Membership(user_id=user.id, unit_id=unit.id, role=role))
        self.session.flush()
        return user


class Versions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, version_id: int) -> ProcedureVersion | None:
        return self.session.get(ProcedureVersion, version_id)

    def by_digest(self, slug: str, digest: str) -> ProcedureVersion | None:
        return self.session.scalar(
            select(ProcedureVersion).where(ProcedureVersion.slug == slug, ProcedureVersion.digest == digest)
        )

    def latest(self, slug: str) -> ProcedureVersion | None:
        return self.session.scalar(
            select(ProcedureVersion).where(ProcedureVersion.slug == slug)
            .order_by(ProcedureVersion.number.desc()).limit(1)
        )

    def number(self, slug: str, number: int) -> ProcedureVersion | None:
        return self.session.scalar(select(ProcedureVersion).where(ProcedureVersion.slug == slug,
                                                                  ProcedureVersion.number == number))

    def all_of(self, slug: str) -> Sequence[ProcedureVersion]:
        return self.session.scalars(select(ProcedureVersion).where(ProcedureVersion.slug == slug)
                                    .order_by(ProcedureVersion.number.desc())).all()

    def newest_diagrams(self) -> dict[str, tuple[int, str]]:
        """Each procedure's newest version: its id and diagram (the spec, the large column, left unread)."""
        newest = (select(ProcedureVersion.slug, func.max(ProcedureVersion.number).label("number"))
                  .group_by(ProcedureVersion.slug).subquery())
        rows = self.session.execute(select(ProcedureVersion.slug, ProcedureVersion.id, ProcedureVersion.diagram_xml)
                                    .join(newest, (newest.c.slug == ProcedureVersion.slug)
                                          & (newest.c.number == ProcedureVersion.number)))
        return {slug: (version_id, xml) for slug, version_id, xml in rows}

    def running_counts(self, slug: str) -> dict[int, int]:
        """Version id -> how many unfinished dossiers run on it."""
        rows = self.session.execute(
            select(Instance.version_id, func.count()).join(ProcedureVersion, ProcedureVersion.id == Instance.version_id)
            .where(ProcedureVersion.slug == slug, Instance.completed.is_(False)).group_by(Instance.version_id))
        return {version_id: count for version_id, count in rows}

    def add(self, version: ProcedureVersion) -> ProcedureVersion:
        self.session.add(version)
        self.session.flush()
        return version


class Dossiers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, dossier_id: int) -> Dossier | None:
        return self.session.get(Dossier, dossier_id)

    def for_page(self, dossier_id: int) -> Dossier | None:
        """A dossier with its fee, open tasks and digitised papers, in one query (the dossier page)."""
        return self.session.scalars(
            select(Dossier).where(Dossier.id == dossier_id)
            .options(joinedload(Dossier.fee).lazyload(DossierFee.dossier), joinedload(Dossier.work_items),
                     *page_options(joinedload(Dossier.papers)))
        ).unique().one_or_none()

    def require(self, dossier_id: int) -> Dossier:
        dossier = self.get(dossier_id)
        if dossier is None:
            raise NotFound("dossier.not_found", dossier=dossier_id)
        return dossier

    def by_code(self, code: str) -> Dossier | None:
        return self.session.scalar(select(Dossier).where(Dossier.code == code))

    def by_portal_id(self, portal_dossier_id: str) -> Dossier | None:
        """The dossier made from a National Public Service Portal submission with this id, if any."""
        return self.session.scalar(select(Dossier).where(Dossier.portal_dossier_id == portal_dossier_id))

    def add(self, dossier: Dossier) -> Dossier:
        self.session.add(dossier)
        self.session.flush()
        return dossier

    def hand_to(self, dossier: Dossier, unit: Unit, reception: bool = False) -> None:
        """Make ``unit`` handle the dossier (and, with ``reception``, return its result), ids written at once."""
        dossier.handling_unit = unit
        if reception:
            dossier.receiving_unit = unit
        self.session.flush()

    def running_on(self, version_id: int) -> Sequence[Dossier]:
        """Unfinished dossiers whose instance runs on a procedure version."""
        return self.session.scalars(
            select(Dossier).join(Instance, Instance.dossier_id == Dossier.id)
            .where(Instance.version_id == version_id, Instance.completed.is_(False)).order_by(Dossier.id)
        ).all()

    def running_at(self, unit_id: int) -> Sequence[Dossier]:
        """Dossiers a unit is handling now (not finished): what a hand-over moves."""
        return self.session.scalars(
            select(Dossier).where(Dossier.handling_unit_id == unit_id, Dossier.finished_at.is_(None))
            .order_by(Dossier.id)
        ).all()

    def received_by(self, unit_id: int, start: datetime, end: datetime) -> Sequence[Dossier]:
        """The register of dossiers (sổ theo dõi, Mẫu số 07) of a unit for [start, end), in the order received."""
        return self.session.scalars(
            select(Dossier).where(Dossier.receiving_unit_id == unit_id, Dossier.received_at >= start,
                                  Dossier.received_at < end)
            .order_by(Dossier.received_at, Dossier.id)
        ).all()

    def drafts(self, created_before: datetime, limit: int = 500) -> Sequence[Dossier]:
        """Intakes begun before a moment and never received (no code): the worker discards them."""
        return self.session.scalars(
            select(Dossier).where(untouched_intake(), Dossier.created_by_id.is_not(None),
                                  Dossier.created_at < created_before)
            .order_by(Dossier.id).limit(limit)).all()

    def draft_ids(self, dossiers: Iterable[Dossier]) -> set[int]:
        """Which of these dossiers are intakes still at their first step (``untouched_intake``); only those
        without a code and still drafts are asked about, so a page of received dossiers costs no query."""
        ids = [d.id for d in dossiers if d.code is None and d.status == Status.DRAFT.value]
        if not ids:
            return set()
        return set(self.session.scalars(select(Dossier.id).where(Dossier.id.in_(ids), untouched_intake())))

    def discard(self, dossier: Dossier) -> None:
        """Forget a draft: its workflow, tasks, scans, notices and outbox messages go, the applicant's details are
        cleared; the row stays (status "discarded") only to hold its events."""
        for table in (WorkItem, Instance, Document, Notification, OutboxMessage, Transfer):
            self.session.execute(delete(table).where(table.dossier_id == dossier.id))
        dossier.applicant_name, dossier.applicant_phone, dossier.applicant_id_number = "", None, None
        dossier.status = Status.DISCARDED.value
        self.session.flush()

    def search(self, unit_ids: Iterable[int], query: RegisterQuery, limit: int = 50,
               offset: int = 0) -> Sequence[Dossier]:
        """The register filtered as a clerk asked, newest first, one page: dossiers the units received, now handle,
        or held once (a ward that decided a dossier sent elsewhere keeps it). Drafts of an intake in progress and
        discarded intakes are left out: they have no code and are nobody's record yet."""
        ids = list(unit_ids)
        conditions = [Dossier.status != Status.DISCARDED.value, ~untouched_intake(), *register_conditions(query)]

        def newest(unit: InstrumentedAttribute[int]) -> Select[tuple[int]]:
            """One side of "received or handled here", newest first along its (unit, id) index."""
            found = (select(Dossier.id).where(unit.in_(ids), *conditions).order_by(Dossier.id.desc())
                     .limit(limit + offset).subquery())
            return select(found.c.id)

        def held_once() -> Select[tuple[int]]:
            """The third side: dossiers the units held once and handed on (the transfer log)."""
            found = (select(Dossier.id).join(Transfer, Transfer.dossier_id == Dossier.id)
                     .where(Transfer.from_unit_id.in_(ids) | Transfer.to_unit_id.in_(ids), *conditions)
                     .order_by(Dossier.id.desc()).limit(limit + offset).subquery())
            return select(found.c.id)

        # Index walks joined, rather than one OR that PostgreSQL answers by walking every unit's rows
        either = union(newest(Dossier.handling_unit_id), newest(Dossier.receiving_unit_id), held_once()).subquery()
        return self.session.scalars(select(Dossier).where(Dossier.id.in_(select(either.c.id)))
                                    .order_by(Dossier.id.desc()).limit(limit).offset(offset)).all()


FULL_CODE = re.compile(r"^[0-9A-Za-z.]+-[0-9]{6}-[0-9]{4}$")  # <unit>-<yymmdd>-<nnnn> (services/numbering.py)


def untouched_intake() -> ColumnElement[bool]:
    """A dossier begun and still at its first step: no code, status draft, no step done yet. A diagram that never
    issues a code (one drawn elsewhere, without the one-stop reception) leaves its dossiers in "draft" for good;
    only the first step marks an intake that may be discarded and shows to its starter alone."""
    return (Dossier.code.is_(None) & (Dossier.status == Status.DRAFT.value)
            & ~exists().where(Event.dossier_id == Dossier.id, Event.kind == "task.completed"))


def register_conditions(query: RegisterQuery) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a register query; each one an indexed column or a short scan within the unit."""
    conditions: list[ColumnElement[bool]] = []
    text = query.text.strip()
    digits = text.replace(" ", "").replace(".", "")
    if digits.isdigit() and len(digits) >= 4:  # the last digits of an ID or phone number: two indexed tails
        conditions.append(or_(
            (Dossier.applicant_id_tail == digits[-4:]) & Dossier.applicant_id_number.endswith(digits, autoescape=True),
            (Dossier.applicant_phone_tail == digits[-4:]) & Dossier.applicant_phone.endswith(digits, autoescape=True)))
    elif FULL_CODE.match(text):  # a whole dossier code (typed or scanned from a slip's QR code): the unique index
        conditions.append(Dossier.code.in_(sorted({text, text.upper()})))
    elif text:
        conditions.append(or_(Dossier.code.startswith(text.upper(), autoescape=True),
                              Dossier.code.startswith(text, autoescape=True),
                              Dossier.applicant_folded.contains(fold(text), autoescape=True)))
    if query.status:
        conditions.append(Dossier.status == query.status)
    if query.procedure:
        conditions.append(Dossier.procedure_slug == query.procedure)
    if query.received_from is not None:
        conditions.append(Dossier.received_at >= query.received_from)
    if query.received_before is not None:
        conditions.append(Dossier.received_at < query.received_before)
    if query.timeliness == "late":
        late = Dossier.timeliness == "late"
        if query.now is not None:  # and open past its appointment, its clock running
            late = late | (Dossier.finished_at.is_(None) & Dossier.paused_at.is_(None) & (Dossier.due_at < query.now))
        conditions.append(late)
    elif query.timeliness == "at_risk":
        conditions.append(Dossier.finished_at.is_(None) & Dossier.at_risk.is_not(None))
    return conditions


class Instances:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_dossier(self, dossier_id: int) -> Instance | None:
        return self.session.scalar(select(Instance).where(Instance.dossier_id == dossier_id))

    def add(self, instance: Instance) -> Instance:
        self.session.add(instance)
        self.session.flush()
        return instance

    def save(self, instance: Instance, state: bytes, completed: bool, at: datetime,
             next_timer_at: datetime | None = None) -> None:
        """Write new state only if nobody saved since we read it (optimistic lock on revision)."""
        result = self.session.execute(
            update(Instance)
            .where(Instance.id == instance.id, Instance.revision == instance.revision)
            .values(state=state, completed=completed, revision=instance.revision + 1, updated_at=at,
                    next_timer_at=next_timer_at)
            .execution_options(synchronize_session=False)
        )
        if rows_matched(result) != 1:
            raise StaleState(f"instance {instance.id} changed since revision {instance.revision}")
        self.session.expire(instance)


    def next_due_timer(self, now: datetime, skip: Iterable[int] = ()) -> Instance | None:
        """A running instance whose earliest timer has come, locked for this worker until it commits.

        On PostgreSQL a row another worker holds is skipped, so several workers share the load; the
        revision check on save still guarantees one firing if a row is read twice.
        """
        query = (select(Instance).where(Instance.next_timer_at <= now, Instance.completed.is_(False))
                 .order_by(Instance.next_timer_at, Instance.id).limit(1))
        skipped = list(skip)
        if skipped:
            query = query.where(Instance.id.not_in(skipped))
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return self.session.scalar(query)


class WorkItems:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_task(self, task_id: str) -> WorkItem | None:
        return self.session.scalar(select(WorkItem).where(WorkItem.task_id == task_id))

    def for_dossier(self, dossier_id: int) -> Sequence[WorkItem]:
        return self.session.scalars(select(WorkItem).where(WorkItem.dossier_id == dossier_id)).all()

    def replace(self, dossier_id: int, items: Iterable[WorkItem]) -> list[WorkItem]:
        """The open tasks of a dossier after a step: new ones added, done ones removed, waiting ones kept.

        A task still waiting keeps its row (when it was offered, its escalation), with a fresh deadline.
        """
        wanted = {item.task_id: item for item in items}
        kept = []
        for row in self.for_dossier(dossier_id):
            item = wanted.pop(row.task_id, None)
            if item is None:
                self.session.delete(row)
                continue
            row.unit_id, row.role, row.due_at, row.version_id = item.unit_id, item.role, item.due_at, item.version_id
            row.element_id, row.title, row.form = item.element_id, item.title, item.form
            row.data, row.instructions = item.data, item.instructions
            kept.append(row)
        self.session.add_all(wanted.values())  # written with the rest of the step at its commit
        return kept + list(wanted.values())

    def inbox(self, memberships: Iterable[tuple[int, str]], limit: int = 200,
              viewer: int | None = None) -> Sequence[WorkItem]:
        """Tasks offered to a user: their role in the unit where each dossier sits. A draft (an intake begun,
        no code yet) is only its starter's (``viewer``): it clutters nobody else's inbox."""
        pairs = list(memberships)
        if not pairs:
            return []
        condition = or_(*((WorkItem.unit_id == unit_id) & (WorkItem.role == role) for unit_id, role in pairs))
        not_a_draft = ~untouched_intake()
        mine = not_a_draft | (Dossier.created_by_id == viewer) if viewer is not None else not_a_draft
        return self.session.scalars(
            select(WorkItem).join(Dossier, Dossier.id == WorkItem.dossier_id).where(condition, mine)
            .options(joinedload(WorkItem.unit), joinedload(WorkItem.dossier).joinedload(Dossier.fee)
                     .lazyload(DossierFee.dossier))
            .order_by(WorkItem.created_at, WorkItem.id).limit(limit)
        ).all()


@dataclass(frozen=True)
class IssuedDocument:
    """A document we issued, as the verification page names it."""

    document_id: int
    dossier_code: str
    kind: str = ""
    issued_at: datetime | None = None
    unit: str = ""  # the unit that received the dossier: the one-stop desk that issues its slips


class Documents:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, document_id: int) -> Document | None:
        return self.session.get(Document, document_id)

    def keep(self, dossier_id: int, kind: str, filename: str, content: bytes, at: datetime,
             signed_by_id: int | None = None) -> Document:
        """Keep a file with a dossier, with the SHA-256 of its bytes (how ``/xac-thuc`` finds what was issued):
        the one place a document row is made, so no file is ever kept without its hash."""
        document = Document(dossier_id=dossier_id, kind=kind, filename=filename, content=content,
                            sha256=hashlib.sha256(content).hexdigest(), signed_by_id=signed_by_id, created_at=at)
        self.session.add(document)
        self.session.flush()
        return document

    def for_dossier(self, dossier_id: int) -> Sequence[Document]:
        """Documents of a dossier, without loading their bytes."""
        return self.session.scalars(
            select(Document).where(Document.dossier_id == dossier_id)
            .options(defer(Document.content)).order_by(Document.created_at, Document.id)
        ).all()

    def by_sha256(self, digest: str) -> IssuedDocument | None:
        """Which dossier a file with these exact bytes was issued for, if any."""
        row = self.session.execute(
            select(Document.id, Dossier.code, Document.kind, Document.created_at, Unit.name)
            .join(Dossier, Dossier.id == Document.dossier_id).join(Unit, Unit.id == Dossier.receiving_unit_id)
            .where(Document.sha256 == digest).limit(1)
        ).first()
        return IssuedDocument(row.id, row.code, row.kind, row.created_at, row.name) if row else None

    def latest(self, dossier_id: int, kind: str) -> Document | None:
        return self.session.scalar(
            select(Document).where(Document.dossier_id == dossier_id, Document.kind == kind)
            .order_by(Document.id.desc()).limit(1)
        )


class Transfers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, transfer: Transfer) -> None:
        self.session.add(transfer)

    def for_dossier(self, dossier_id: int) -> Sequence[Transfer]:
        return self.session.scalars(
            select(Transfer).where(Transfer.dossier_id == dossier_id).order_by(Transfer.at, Transfer.id)
        ).all()

    def holders(self, dossier_id: int) -> set[int]:
        """The units a dossier was handed from or to: every unit that held it at some time."""
        rows = self.session.execute(
            select(Transfer.from_unit_id, Transfer.to_unit_id).where(Transfer.dossier_id == dossier_id)
        ).all()
        return {unit for row in rows for unit in row}


class Events:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, event: Event) -> None:
        self.session.add(event)

    def for_dossier(self, dossier_id: int) -> Sequence[Event]:
        return self.session.scalars(
            select(Event).where(Event.dossier_id == dossier_id).order_by(Event.at, Event.id)
            .options(defaultload(Event.user).lazyload(User.memberships))  # who acted is shown, not their roles
        ).all()

    def of_kinds(self, dossier_ids: Iterable[int], kinds: Iterable[str]) -> Sequence[Event]:
        """The events of these kinds of several dossiers at once, oldest first (a register page's milestones)."""
        return self.session.scalars(
            select(Event).where(Event.dossier_id.in_(list(dossier_ids)), Event.kind.in_(list(kinds)))
            .order_by(Event.at, Event.id).options(defaultload(Event.user).lazyload(User.memberships))
        ).all()

    def completion_of(self, task_id: str) -> Event | None:
        """The event that completed a task, to say who did it."""
        return self.session.scalar(
            select(Event).where(Event.task_id == task_id, Event.kind == "task.completed").limit(1)
        )

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(Event)) or 0


class Counters:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next(self, key: str) -> int:
        """The next number of a named sequence, safe under concurrent writers."""
        bump = update(Counter).where(Counter.key == key).values(value=Counter.value + 1).returning(Counter.value)
        value = self.session.scalar(bump)
        if value is not None:
            return value
        try:
            with self.session.begin_nested():
                self.session.add(Counter(key=key, value=1))
            return 1
        except IntegrityError as exc:  # another writer made the counter first: bump theirs
            value = self.session.scalar(bump)
            if value is None:
                raise RuntimeError(f"counter {key!r} was made by another writer yet cannot be found") from exc
            return value


class Notifications:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, notification: Notification) -> None:
        self.session.add(notification)

    def unread(self, user_id: int, limit: int = 50) -> Sequence[Notification]:
        return self.session.scalars(
            select(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
        ).all()

    def mark_read(self, user_id: int, at: datetime) -> None:
        self.session.execute(update(Notification)
                             .where(Notification.user_id == user_id, Notification.read_at.is_(None))
                             .values(read_at=at))
