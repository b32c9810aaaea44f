"""Tables. One row per instance with compact state, specs once per procedure version,
a searchable dossier row, the open human tasks, and an append-only event log."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from motcua.domain.dossier import PAYMENT_WAIT
from motcua.domain.text import fold
from motcua.store.types import Moment

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Unit(Base):
    """A commune/ward, one of its offices, or a provincial department."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # The electronic identifier (QCVN 102:2016/BTTTT) its dossier codes begin with; set by an administrator,
    # and a unit without one cannot receive (motcua/domain/dossier_codes.py).
    agency_code: Mapped[str | None] = mapped_column(String(13), unique=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    # Chức danh ("Chủ tịch", "Phó Chủ tịch"): what a signed result prints over the leader's name.
    title: Mapped[str | None] = mapped_column(String(100))
    memberships: Mapped[list[Membership]] = relationship(back_populates="user", lazy="selectin")
    # Sign-in security (motcua/services/security.py): a session carries the generation it was opened in, so
    # raising it ends every session of the user; failures in a row lock the account until ``locked_until``.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(Moment())
    totp_secret: Mapped[str | None] = mapped_column(String(255))  # encrypted (services/secretbox.py)
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(Moment())


class Membership(Base):
    """A role a user holds in a unit."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "unit_id", "role", name="uq_memberships_user_unit_role"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(20))
    user: Mapped[User] = relationship(back_populates="memberships")
    unit: Mapped[Unit] = relationship(lazy="joined")


class ProcedureVersion(Base):
    """A procedure's diagram and forms as they were when dossiers started on them."""

    __tablename__ = "procedure_versions"
    __table_args__ = (UniqueConstraint("slug", "digest", name="uq_procedure_versions_slug_digest"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    number: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    diagram_xml: Mapped[str] = mapped_column(Text)
    spec_json: Mapped[str] = mapped_column(Text)
    forms: Mapped[dict[str, Any]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(Moment())


class Dossier(Base):
    """The register row (sổ theo dõi): what clerks and citizens search by."""

    __tablename__ = "dossiers"
    __table_args__ = (  # the reports count a unit's dossiers by when they were received and finished
        Index("ix_dossiers_unit_received", "receiving_unit_id", "received_at"),
        Index("ix_dossiers_unit_finished", "receiving_unit_id", "finished_at"),
        # the register lists a unit's dossiers newest first, a page at a time (queries.register)
        Index("ix_dossiers_handling_id", "handling_unit_id", "id"),
        Index("ix_dossiers_receiving_id", "receiving_unit_id", "id"),
        # the report roll-up rebuilds a day from what was created in it (online submissions), and the report
        # counts what is overdue now among the few dossiers still open (store/report_rollup.py)
        Index("ix_dossiers_unit_created", "receiving_unit_id", "created_at"),
        # the indicators' roll-up rebuilds a day from the dossiers due on it too (store/indicator_rollup.py)
        Index("ix_dossiers_unit_due", "receiving_unit_id", "due_at"),
        # 1022 feedback, counted live beside the indicators' roll-up: few rows among a million dossiers
        Index("ix_dossiers_slug_received", "procedure_slug", "received_at"),
        Index("ix_dossiers_open_due", "receiving_unit_id", "due_at",
              postgresql_include=["procedure_slug", "received_at", "paused_at"],  # counted from the index alone
              sqlite_where=text("finished_at IS NULL"), postgresql_where=text("finished_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    procedure_slug: Mapped[str] = mapped_column(String(80))
    procedure_code: Mapped[str] = mapped_column(String(20))
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    applicant_name: Mapped[str] = mapped_column(String(200), default="")
    applicant_phone: Mapped[str | None] = mapped_column(String(20))
    applicant_id_number: Mapped[str | None] = mapped_column(String(20))
    # Kept in step with the three above (``_searchable``) so the register finds a name typed without accents
    # and the last four digits of an ID or phone number through an index.
    applicant_folded: Mapped[str] = mapped_column(String(200), default="", server_default="")
    applicant_id_tail: Mapped[str | None] = mapped_column(String(4), index=True)
    applicant_phone_tail: Mapped[str | None] = mapped_column(String(4), index=True)
    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    handling_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    timeliness: Mapped[str | None] = mapped_column(String(10))
    received_at: Mapped[datetime | None] = mapped_column(Moment())
    due_at: Mapped[datetime | None] = mapped_column(Moment())
    finished_at: Mapped[datetime | None] = mapped_column(Moment())
    paused_at: Mapped[datetime | None] = mapped_column(Moment())
    rating: Mapped[str | None] = mapped_column(String(20))
    register_number: Mapped[int | None] = mapped_column(Integer)  # số thứ tự in the receiving unit's sổ theo dõi
    channel: Mapped[str] = mapped_column(String(10), default="counter")  # domain.channels.Channel
    postal_item: Mapped[str | None] = mapped_column(String(13))  # S10 number of the papers received by post
    result_channel: Mapped[str | None] = mapped_column(String(10))  # how the result went back (Channel)
    result_postal_item: Mapped[str | None] = mapped_column(String(13))
    result_postal_address: Mapped[str | None] = mapped_column(String(300))
    result_posted_on: Mapped[date | None] = mapped_column(Date)  # handed to the postal service
    at_risk: Mapped[str | None] = mapped_column(String(10), index=True)
    # Decision 766 digitisation: every paper received is held digitally (scanned or reused), and the result was
    # issued electronically (the signed PDF); set by the steps that make them true (services/digitisation.py).
    papers_digitised_at: Mapped[datetime | None] = mapped_column(Moment())
    result_electronic_at: Mapped[datetime | None] = mapped_column(Moment())
    # How the citizen asked to be told of receipt, supplements, the result, an apology or a stop (intake's
    # applicant block): none, email, sms or both; the e-mail address given (the phone is applicant_phone).
    notify_by: Mapped[str] = mapped_column(String(10), default="none", server_default="none")
    applicant_email: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(Moment())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: sent online by a citizen
    # The National Public Service Portal's own id of a dossier submitted there (services/portal_inbound.py): unique,
    # so a resubmission of the same portal dossier, even two at once, finds this row instead of making a second.
    portal_dossier_id: Mapped[str | None] = mapped_column(String(60), unique=True)
    receiving_unit: Mapped[Unit] = relationship(foreign_keys=[receiving_unit_id], lazy="joined")
    handling_unit: Mapped[Unit] = relationship(foreign_keys=[handling_unit_id], lazy="joined")
    # Read-only sides that the reading pages load in the dossier's own query when they need them
    # (repositories: ``joinedload``), so a page costs a fixed number of queries.
    fee: Mapped[DossierFee | None] = relationship(viewonly=True, uselist=False)
    work_items: Mapped[list[WorkItem]] = relationship(viewonly=True, order_by="WorkItem.id")
    papers: Mapped[list[DossierPaper]] = relationship(viewonly=True, order_by="DossierPaper.id")

    @validates("applicant_name", "applicant_phone", "applicant_id_number")
    def _searchable(self, key: str, value: str | None) -> str | None:
        """Keep the folded name and the digit tails the register searches by."""
        if key == "applicant_name":
            self.applicant_folded = fold(value or "")[:200]
        else:
            tail = "".join(c for c in (value or "") if c.isdigit())[-4:] or None
            setattr(self, "applicant_id_tail" if key == "applicant_id_number" else "applicant_phone_tail", tail)
        return value


class Instance(Base):
    """The workflow state of one dossier; ``revision`` guards against two saves of one step."""

    __tablename__ = "instances"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    state: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-deflated JSON (engine.spec.StateSerializer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    completed: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(Moment())
    next_timer_at: Mapped[datetime | None] = mapped_column(Moment(), index=True)


class WorkItem(Base):
    """A human task waiting now; rewritten on each step, so the inbox never reads workflow state."""

    __tablename__ = "work_items"
    __table_args__ = (Index("ix_work_items_unit_role", "unit_id", "role"),
                      # the heat map's count of a version's open tasks per unit and step, from the index alone
                      Index("ix_work_items_version_unit_element", "version_id", "unit_id", "element_id", "dossier_id",
                            "due_at"))
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    task_id: Mapped[str] = mapped_column(String(36), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    # the dossier's procedure version, kept with the task so the heat map counts a version's open tasks without
    # joining the register (migration 0028); moved with the dossier to another version
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(20))
    element_id: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    form: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(Moment())
    due_at: Mapped[datetime | None] = mapped_column(Moment())
    escalation: Mapped[str | None] = mapped_column(String(10))
    # What the task page shows, kept when the task is offered so reading it never restores the workflow: the
    # values of the version's form fields the task sees, and the diagram's instructions filled in. None on rows
    # offered before migration 0018.
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    instructions: Mapped[str | None] = mapped_column(Text)
    dossier: Mapped[Dossier] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship(viewonly=True)  # where the task waits (the inbox loads it with the item)


POSTGRESQL_ONLY = frozenset({"ix_events_supplement_requests"})  # indexes made with ``ddl_if(dialect="postgresql")``


def in_schema_of(dialect: str) -> Callable[..., bool]:
    """Alembic's ``include_object`` for a database of that dialect: what autogenerate compares with it (it does not
    read ``ddl_if``, so an index made for PostgreSQL only would look missing from SQLite)."""
    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        return not (type_ == "index" and name in POSTGRESQL_ONLY and dialect != "postgresql")
    return include


class Event(Base):
    """Append-only business history: who did what, in which unit, when."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_kind_at", "kind", "at"),  # the reports count supplements, refusals
        # The requests to supplement (``store/indicators.requests_condition``, the same expression, so PostgreSQL
        # matches it), read from the index alone: the Decision 766 indicators count the dossiers asked twice over
        # every request ever made (at a million a year, EXPLAIN ANALYZE on 1 December 2026: a scan of the
        # requests' rows, 85 ms, became an index-only one, 17 ms). SQLite cannot match a partial index against
        # the bound values it is queried with, so it has none.
        Index("ix_events_supplement_requests", "dossier_id", "at", postgresql_where=text(
            "kind = 'dossier.paused' AND coalesce(CAST(detail ->> 'request' AS VARCHAR), '') "
            f"NOT LIKE '{PAYMENT_WAIT}%'")).ddl_if(dialect="postgresql"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[datetime] = mapped_column(Moment())
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    task: Mapped[str | None] = mapped_column(String(200))
    task_id: Mapped[str | None] = mapped_column(String(36), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    user: Mapped[User | None] = relationship(lazy="joined")
    unit: Mapped[Unit | None] = relationship(lazy="joined")


class Counter(Base):
    """Sequences such as dossier numbers per unit and day."""

    __tablename__ = "counters"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class Transfer(Base):
    """One hand-over of a dossier between units: a line of the control sheet (phiếu kiểm soát)."""

    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[datetime] = mapped_column(Moment())
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    reason: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list[str]] = mapped_column(JSON, default=list)
    from_unit: Mapped[Unit] = relationship(foreign_keys=[from_unit_id], lazy="joined")
    to_unit: Mapped[Unit] = relationship(foreign_keys=[to_unit_id], lazy="joined")
    from_user: Mapped[User | None] = relationship(lazy="joined")


class Document(Base):
    """A printable slip or result of a dossier, kept as issued (signed results byte for byte)."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Moment())


class OutboxMessage(Base):
    """A message to deliver to the National Public Service Portal (a dossier's status or rating, written with the
    change itself; or a catalogue entry, which belongs to no dossier)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "delivered_at", "available_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    topic: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(Moment())
    available_at: Mapped[datetime] = mapped_column(Moment())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(Moment())
    last_error: Mapped[str | None] = mapped_column(Text)
    # Set when the message failed the portal's JSON Schema before sending (services/outbox.py): it is held, never
    # sent or dropped, with the validation error in ``last_error``, until an administrator releases it.
    held_at: Mapped[datetime | None] = mapped_column(Moment())


class Notification(Base):
    """Something a person must know (a step nears or passes its deadline), until they have seen it."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(Moment())
    read_at: Mapped[datetime | None] = mapped_column(Moment())
    dossier: Mapped[Dossier | None] = relationship(lazy="joined")


# The counter queue: tickets issued at the kiosk and the counters that call them.
class QueueDesk(Base):
    """A counter (quầy) a reception clerk opened for some service groups; closed when they leave it.

    At most one open row per unit and counter number (a partial unique index), so two clerks
    cannot sit at the same counter.
    """

    __tablename__ = "queue_desks"
    __table_args__ = (
        Index("uq_queue_desks_open_number", "unit_id", "number", unique=True,
              sqlite_where=text("closed_at IS NULL"), postgresql_where=text("closed_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    number: Mapped[int] = mapped_column(Integer)
    groups: Mapped[list[str]] = mapped_column(JSON)  # service group letters, e.g. ["A", "C"]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(Moment())
    closed_at: Mapped[datetime | None] = mapped_column(Moment())
    user: Mapped[User] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship(lazy="joined")


class QueueTicket(Base):
    """A numbered ticket from the kiosk: issued, called to a counter, then served or not shown."""

    __tablename__ = "queue_tickets"
    __table_args__ = (
        UniqueConstraint("unit_id", "day", "service_group", "sequence", name="uq_queue_tickets_unit_id"),
        Index("ix_queue_tickets_waiting", "unit_id", "day", "status", "service_group", "issued_at"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    day: Mapped[date] = mapped_column(Date)  # the local day of issue: numbering restarts each day
    service_group: Mapped[str] = mapped_column(String(1))  # the letter
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(10))  # "A-001"
    status: Mapped[str] = mapped_column(String(10))
    issued_at: Mapped[datetime] = mapped_column(Moment())
    called_at: Mapped[datetime | None] = mapped_column(Moment())  # first call: ends the wait
    last_called_at: Mapped[datetime | None] = mapped_column(Moment())  # latest call or recall: the display
    calls: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(Moment())  # served or marked absent
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("queue_desks.id"), index=True)
    counter: Mapped[int | None] = mapped_column(Integer)  # the counter number it was called to
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


# Registers of official documents (incoming, outgoing) and meeting minutes.
class BookEntry(Base):
    """One line of a unit's register of official documents (Nghị định 30/2020/NĐ-CP): incoming (sổ văn bản đến),
    outgoing (sổ văn bản đi) or meeting minutes (sổ biên bản), numbered from 1 per unit, book and year.

    The document's work (assigning, approving, signing) is its dossier's workflow; this row is what the
    register shows and is searched by. An incoming entry made by delivering an outgoing one names it in
    ``source_id``, and the unique (source, unit) pair makes a second delivery to the same unit impossible.
    """

    __tablename__ = "register_entries"
    __table_args__ = (
        UniqueConstraint("unit_id", "book", "year", "number", name="uq_register_entries_unit_id"),
        UniqueConstraint("source_id", "unit_id", name="uq_register_entries_source_id"),
        Index("ix_register_entries_unit_book", "unit_id", "book", "year"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    book: Mapped[str] = mapped_column(String(10))  # "incoming", "outgoing" or "minutes"
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)  # số đến / số đi / số biên bản within the year
    symbol: Mapped[str] = mapped_column(String(60), default="")  # số, ký hiệu: "15/UBND-VP"
    doc_type: Mapped[str] = mapped_column(String(60), default="")  # Công văn, Báo cáo, Biên bản...
    summary: Mapped[str] = mapped_column(Text)  # trích yếu nội dung
    counterpart: Mapped[str] = mapped_column(String(300), default="")  # nơi gửi (incoming) / nơi nhận (outgoing)
    document_date: Mapped[date | None] = mapped_column(Date)  # ngày tháng của văn bản
    registered_at: Mapped[datetime] = mapped_column(Moment())  # ngày đến / ngày ban hành
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # meeting facts, recipient codes...
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # the signed PDF or the scan
    source_id: Mapped[int | None] = mapped_column(ForeignKey("register_entries.id"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dossier: Mapped[Dossier] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship(lazy="joined")


# 1022 feedback: what a citizen sent, as the Open311-style API publishes it.
class FeedbackRequest(Base):
    """A citizen's feedback or recommendation as it was received (by the 1022 operator or online): what
    Open311 calls a service request. Its handling is the dossier's workflow; its contact data is never public."""

    __tablename__ = "feedback_requests"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    service_code: Mapped[str] = mapped_column(String(40), index=True)
    description: Mapped[str] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(250))
    lat: Mapped[float | None] = mapped_column(Float)
    long: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(10))  # "phone" or "online"
    email: Mapped[str | None] = mapped_column(String(120))
    requested_at: Mapped[datetime] = mapped_column(Moment(), index=True)
    dossier: Mapped[Dossier] = relationship(lazy="joined")


class SecurityEvent(Base):
    """Append-only audit of security events: sign-ins and failures, lockouts, 2FA, roles, signings, hand-overs.

    ``username`` is kept as typed (failures name accounts that may not exist); ``actor_id`` is who acted
    when it is not the user concerned (an administrator unlocking an account).
    """

    __tablename__ = "security_events"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(Moment(), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    username: Mapped[str] = mapped_column(String(80), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    address: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RemoteSignature(Base):
    """A leader's signature asked of a remote-signing service and not yet settled (issue 19).

    Kept here rather than in the dossier's task data: the prepared PDF (tens of kB) would otherwise ride in
    the workflow state saved at every later step, and the worker needs an indexed "which requests are due
    for a poll" that workflow state cannot answer. ``pending`` is ``PendingSignature.to_json()``.
    """

    __tablename__ = "remote_signatures"
    __table_args__ = (Index("ix_remote_signatures_due", "settled_at", "next_poll_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the leader who signs
    request_id: Mapped[str] = mapped_column(String(200))
    pending: Mapped[dict[str, Any]] = mapped_column(JSON)
    asked_at: Mapped[datetime] = mapped_column(Moment())
    next_poll_at: Mapped[datetime] = mapped_column(Moment())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    settled_at: Mapped[datetime | None] = mapped_column(Moment())
    outcome: Mapped[str | None] = mapped_column(String(20))  # signed, refused, abandoned
    dossier: Mapped[Dossier] = relationship(lazy="joined")
    leader: Mapped[User] = relationship(lazy="joined")


class SharedPartVersion(Base):
    """A shared part of the one-stop frame (``bpmn/shared/x.bpmn``) as an analyst saved it in the modeler.

    The pack's file is the province's source; these rows are the modeler's edits, newest first, which every
    compile the modeler does uses instead of the file. Procedures that call a part keep its text compiled into
    their own versions, so a running dossier never sees a later row.
    """

    __tablename__ = "shared_part_versions"
    __table_args__ = (UniqueConstraint("name", "number", name="uq_shared_part_versions_name_number"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)  # the pack file, as problems name it
    number: Mapped[int] = mapped_column(Integer)
    xml: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(Moment())


class DossierFee(Base):
    """What a dossier owes in fees and charges (phí, lệ phí), assessed at intake from its form, and how it was
    paid. One row per dossier whose procedure has a fee schedule; the status is what the inbox, register and
    reports read (``domain.fees.FeeStatus``)."""

    __tablename__ = "dossier_fees"
    __table_args__ = (  # the report roll-up rebuilds a day from the fees assessed and paid in it
        Index("ix_dossier_fees_assessed_at", "assessed_at"),
        Index("ix_dossier_fees_paid_at", "paid_at"),
    )
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(10), index=True)  # due, paid, exempt, none
    due: Mapped[int] = mapped_column(BigInteger, default=0)  # VND to collect
    exempted: Mapped[int] = mapped_column(BigInteger, default=0)  # VND not collected because of an exemption
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON)  # domain.fees.FeeAssessment.as_dict()
    assessed_at: Mapped[datetime] = mapped_column(Moment())
    method: Mapped[str | None] = mapped_column(String(10))  # cash, transfer
    paid_at: Mapped[datetime | None] = mapped_column(Moment())
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    receipt_number: Mapped[str | None] = mapped_column(String(40))
    transfer_reference: Mapped[str | None] = mapped_column(String(80))  # the bank's reference, when given
    dossier: Mapped[Dossier] = relationship(lazy="joined")


class UnitBankAccount(Base):
    """The account a unit receives fee transfers in (the VietQR on its slips), set by its administrator."""

    __tablename__ = "unit_bank_accounts"
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    bank_bin: Mapped[str] = mapped_column(String(6))
    bank_name: Mapped[str] = mapped_column(String(120), default="")
    account_number: Mapped[str] = mapped_column(String(19))
    account_name: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(Moment())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DossierPaper(Base):
    """A paper of a dossier held in digital form (Decision 766's digitisation and reuse): scanned at intake, taken
    again from the citizen's store instead of scanning (``source`` "reuse", pointing at the row it reuses), or an
    electronic result put in that store (``source`` "result"). Rows are keyed to the paper's holder by ID number,
    which is how the citizen's store is read; ``valid_until`` None means the paper does not expire."""

    __tablename__ = "dossier_papers"
    __table_args__ = (Index("ix_dossier_papers_holder_kind", "holder_id_number", "kind"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    paper_name: Mapped[str] = mapped_column(String(200))  # as the procedure names it (domain.procedure.Paper.name)
    kind: Mapped[str] = mapped_column(String(40))  # what it is, across procedures: id_card, birth_certificate, ...
    source: Mapped[str] = mapped_column(String(10))  # scan, reuse, result
    pages: Mapped[int] = mapped_column(Integer, default=1)
    holder_id_number: Mapped[str | None] = mapped_column(String(20))
    stored_name: Mapped[str | None] = mapped_column(String(200))  # the file in the upload store (scan or result)
    sha256: Mapped[str | None] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # an electronic result
    reused_from_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_papers.id"))
    valid_until: Mapped[date | None] = mapped_column(Date)
    digitised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the citizen, online
    digitised_at: Mapped[datetime] = mapped_column(Moment())
    # Read-only sides the pages load with the paper (store/papers.py: ``PAGE_OPTIONS``).
    dossier: Mapped[Dossier] = relationship(viewonly=True)
    digitised_by: Mapped[User | None] = relationship(viewonly=True)
    reused_from: Mapped[DossierPaper | None] = relationship(viewonly=True, remote_side="DossierPaper.id")


class MinutesHistogram:
    """Working minutes counted in the buckets of ``domain/histogram.EDGES``: column ``m_<lower edge>`` (the
    heat map's roll-ups)."""

    m_0: Mapped[int] = mapped_column(Integer, default=0)
    m_5: Mapped[int] = mapped_column(Integer, default=0)
    m_15: Mapped[int] = mapped_column(Integer, default=0)
    m_30: Mapped[int] = mapped_column(Integer, default=0)
    m_60: Mapped[int] = mapped_column(Integer, default=0)
    m_120: Mapped[int] = mapped_column(Integer, default=0)
    m_240: Mapped[int] = mapped_column(Integer, default=0)
    m_450: Mapped[int] = mapped_column(Integer, default=0)
    m_900: Mapped[int] = mapped_column(Integer, default=0)
    m_1350: Mapped[int] = mapped_column(Integer, default=0)
    m_2250: Mapped[int] = mapped_column(Integer, default=0)
    m_3150: Mapped[int] = mapped_column(Integer, default=0)
    m_4500: Mapped[int] = mapped_column(Integer, default=0)
    m_6750: Mapped[int] = mapped_column(Integer, default=0)
    m_9000: Mapped[int] = mapped_column(Integer, default=0)
    m_13500: Mapped[int] = mapped_column(Integer, default=0)


class StepRollup(MinutesHistogram, Base):
    """One day of one step of a procedure version in one unit (the heat map's roll-up, store/step_rollups.py):
    stays entered and finished that day, those finished past the step's deadline, and the working minutes the
    finished ones took counted in the buckets of ``domain/histogram.EDGES``: column ``m_<lower edge>``."""

    __tablename__ = "step_rollups"
    __table_args__ = (
        UniqueConstraint("day", "unit_id", "version_id", "element", name="uq_step_rollups_day_unit_version_element"),
        Index("ix_step_rollups_version_day", "version_id", "day"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    element: Mapped[str] = mapped_column(String(80))  # the step's BPMN id in the version's own diagram
    entered: Mapped[int] = mapped_column(Integer, default=0)
    finished: Mapped[int] = mapped_column(Integer, default=0)
    over_deadline: Mapped[int] = mapped_column(Integer, default=0)


class StepStay(Base):
    """One finished stay at a step, on the day it finished (the heat map's roll-up): what a click on a step's
    "finished" or "late" figure lists, read by index instead of walking the event log of every dossier that
    moved in the period. Written and replaced with the day's ``step_rollups`` rows."""

    __tablename__ = "step_stays"
    __table_args__ = (Index("ix_step_stays_version_element_day", "version_id", "element", "day"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    element: Mapped[str] = mapped_column(String(80))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    entered_at: Mapped[datetime] = mapped_column(Moment())
    left_at: Mapped[datetime] = mapped_column(Moment())
    working_minutes: Mapped[float] = mapped_column(Float)
    late: Mapped[bool] = mapped_column(default=False)


class FlowRollup(Base):
    """How many dossiers went along one sequence flow of a procedure version in one unit on one day."""

    __tablename__ = "flow_rollups"
    __table_args__ = (
        UniqueConstraint("day", "unit_id", "version_id", "flow", name="uq_flow_rollups_day_unit_version_flow"),
        Index("ix_flow_rollups_version_day", "version_id", "day"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    flow: Mapped[str] = mapped_column(String(80))  # the sequence flow's BPMN id
    taken: Mapped[int] = mapped_column(Integer, default=0)


class TransitRollup(MinutesHistogram, Base):
    """One day of the time between units for a procedure version (the heat map's roll-up): the holdings of a unit
    that ended that day (``kind`` "held", ``from_unit_id`` None), or the hand-overs from one unit to another whose
    receiving unit finished its first step that day (``kind`` "hop"); how many, and their working minutes in the
    buckets of ``domain/histogram.EDGES``."""

    __tablename__ = "transit_rollups"
    __table_args__ = (Index("ix_transit_rollups_version_day", "version_id", "day"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    kind: Mapped[str] = mapped_column(String(10))
    from_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    count: Mapped[int] = mapped_column(Integer, default=0)


class CitizenNotice(Base):
    """A notice to a citizen (an e-mail or an SMS) written with the step that causes it, sent by the worker.

    Leased and retried like the portal's outbox (``available_at`` equal to ``created_at``: due at once);
    ``delivered_at`` set once the relay or gateway took it; ``failed_at`` when it refused it for good (a
    recipient it will never accept), until an administrator sends it again."""

    __tablename__ = "citizen_notices"
    __table_args__ = (Index("ix_citizen_notices_pending", "delivered_at", "available_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    event: Mapped[str] = mapped_column(String(20))  # engine.notices.EVENTS: received, supplement, ...
    channel: Mapped[str] = mapped_column(String(10))  # email, sms
    recipient: Mapped[str] = mapped_column(String(120))  # the e-mail address or the phone number
    subject: Mapped[str | None] = mapped_column(String(250))  # e-mail only
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Moment())
    available_at: Mapped[datetime] = mapped_column(Moment())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(Moment())
    failed_at: Mapped[datetime | None] = mapped_column(Moment())
    last_error: Mapped[str | None] = mapped_column(Text)


class RollupDay(Base):
    """A day a roll-up has built, and under which version of its definition (store/rollup_days.py): a day
    missing here, or built under an older version, is counted live until the worker builds it."""

    __tablename__ = "rollup_days"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[datetime] = mapped_column(Moment())


class RollupDirtyDay(Base):
    """A closed day whose facts changed after it ended (a late event, a correction, a data migration): marked in
    the transaction that changed them, read live by the reports and rebuilt by the worker's next round."""

    __tablename__ = "rollup_dirty_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    marked_at: Mapped[datetime] = mapped_column(Moment())


class ReportFlows:
    """The report's additive flows of one line (receiving unit and procedure) over a day or a month
    (store/report_rollup.py): a period's figures are sums of these; the states (carried over, in progress, fees
    owed) are running sums of flows."""

    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    procedure_slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    received: Mapped[int] = mapped_column(Integer, default=0)
    received_in_person: Mapped[int] = mapped_column(Integer, default=0)
    received_online: Mapped[int] = mapped_column(Integer, default=0)
    received_postal: Mapped[int] = mapped_column(Integer, default=0)
    online_submitted: Mapped[int] = mapped_column(Integer, default=0)
    finished: Mapped[int] = mapped_column(Integer, default=0)
    early: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    late: Mapped[int] = mapped_column(Integer, default=0)
    returned_by_post: Mapped[int] = mapped_column(Integer, default=0)
    stopped: Mapped[int] = mapped_column(Integer, default=0)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    supplement_requests: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[int] = mapped_column(Integer, default=0)  # received and finished, by the later of the two days
    fees_paid: Mapped[int] = mapped_column(Integer, default=0)
    fees_collected: Mapped[int] = mapped_column(BigInteger, default=0)
    fees_exempt: Mapped[int] = mapped_column(Integer, default=0)
    fees_exempted: Mapped[int] = mapped_column(BigInteger, default=0)
    fees_owed_opened: Mapped[int] = mapped_column(Integer, default=0)  # a fee due was assessed
    fees_owed_closed: Mapped[int] = mapped_column(Integer, default=0)  # and paid, by the later of the two days


class ReportDay(ReportFlows, Base):
    """A day's flows per line."""

    __tablename__ = "report_days"
    __table_args__ = (Index("ix_report_days_unit_day", "receiving_unit_id", "day"),)
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class ReportMonth(ReportFlows, Base):
    """A month's flows per line: the sum of its days, so a year is read from twelve rows a line."""

    __tablename__ = "report_months"
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day


class ReportDayDossiers(Base):
    """Dossiers that met a measure (asked to supplement, refused) on a day, grouped by the day they last met it
    before (None: never): a period counts each dossier once by adding the days whose previous day is outside it."""

    __tablename__ = "report_day_dossiers"
    __table_args__ = (Index("ix_report_day_dossiers_day", "day", "receiving_unit_id"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    procedure_slug: Mapped[str] = mapped_column(String(80))
    measure: Mapped[str] = mapped_column(String(30))
    previous_day: Mapped[date | None] = mapped_column(Date)
    dossiers: Mapped[int] = mapped_column(Integer)


class ReportMonthDossiers(Base):
    """A month's ``report_day_dossiers`` summed, the previous day cut to its month (the month itself when it fell
    inside it): enough for a period that starts on the first of a month, which reads a month's row instead of
    its days."""

    __tablename__ = "report_month_dossiers"
    __table_args__ = (Index("ix_report_month_dossiers_month", "month", "receiving_unit_id"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    month: Mapped[date] = mapped_column(Date)
    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    procedure_slug: Mapped[str] = mapped_column(String(80))
    measure: Mapped[str] = mapped_column(String(30))
    previous_month: Mapped[date | None] = mapped_column(Date)
    dossiers: Mapped[int] = mapped_column(Integer)


class IndicatorFigures:
    """The Decision 766 measures' numerators (``*_hits``) and denominators (``*_population``) for one line over a
    day or a month (store/indicator_rollup.py); signed for the open state, which is kept as flows."""

    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    procedure_slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    synced_hits: Mapped[int] = mapped_column(Integer, default=0)
    synced_population: Mapped[int] = mapped_column(Integer, default=0)
    online_hits: Mapped[int] = mapped_column(Integer, default=0)
    online_population: Mapped[int] = mapped_column(Integer, default=0)
    paid_online_hits: Mapped[int] = mapped_column(Integer, default=0)
    paid_online_population: Mapped[int] = mapped_column(Integer, default=0)
    reused_hits: Mapped[int] = mapped_column(Integer, default=0)
    reused_population: Mapped[int] = mapped_column(Integer, default=0)
    fee_paid_online_hits: Mapped[int] = mapped_column(Integer, default=0)
    fee_paid_online_population: Mapped[int] = mapped_column(Integer, default=0)
    electronic_result_hits: Mapped[int] = mapped_column(Integer, default=0)
    electronic_result_population: Mapped[int] = mapped_column(Integer, default=0)
    digitised_hits: Mapped[int] = mapped_column(Integer, default=0)
    digitised_population: Mapped[int] = mapped_column(Integer, default=0)
    dossier_satisfaction_hits: Mapped[int] = mapped_column(Integer, default=0)
    dossier_satisfaction_population: Mapped[int] = mapped_column(Integer, default=0)
    on_time_finished_hits: Mapped[int] = mapped_column(Integer, default=0)
    on_time_finished_population: Mapped[int] = mapped_column(Integer, default=0)
    on_time_open_hits: Mapped[int] = mapped_column(Integer, default=0)
    on_time_open_population: Mapped[int] = mapped_column(Integer, default=0)


class IndicatorDay(IndicatorFigures, Base):
    """A day's figures of the indicators per line and measure."""

    __tablename__ = "indicator_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class IndicatorMonth(IndicatorFigures, Base):
    """A month's figures: the sum of its days, so a year is read from twelve rows a line and measure."""

    __tablename__ = "indicator_months"
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
