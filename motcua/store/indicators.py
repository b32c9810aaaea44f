"""The Decision 766/QĐ-TTg indicators' counts, computed by the database, and the dossiers behind each.

Each measure is a pair of conditions on a dossier row: who is counted (the denominator) and who
counts for the indicator (the numerator, always within the denominator). One query sums every
measure of a scope (``SUM(CASE …)``, never loading rows); the same conditions list the dossiers
behind one measure, counted ones first, so the figures and the click-through can never disagree.
What a measure means and where its formula comes from is said in ``services/indicators.py``.

Two kinds of rows: administrative procedures' dossiers, counted for the unit that received them
(as the report counts them), and 1022 feedback, counted for the unit that received it or that
it was routed to (the unit that answers for it).
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Subquery,
    and_,
    case,
    exists,
    false,
    func,
    not_,
    or_,
    outerjoin,
    select,
)
from sqlalchemy.orm import Session

from motcua.domain.channels import Channel
from motcua.store.models import Dossier, DossierFee, DossierPaper, Event, OutboxMessage, Transfer, Unit
from motcua.store.reporting import Window, payment_wait

BASES = ("service", "feedback")  # the kinds of rows: administrative procedures' dossiers, and 1022 feedback
SUPPLEMENT_REQUEST = "dossier.paused"  # a request to supplement while processing (the clock stops)
PORTAL_STATUS = "dossier.status"  # the outbox topic that syncs a dossier's status to the national portal
# How a fee paid online would be recorded. The pack records "cash" and "transfer", both confirmed by a clerk: a
# transfer to the unit's account is not a payment through the national portal or a payment platform, which is what
# the method counts (DuocThanhToanTrucTuyen 1 or 2 in the portal's formula notes), so neither counts.
ONLINE_PAYMENT_METHODS = ("online",)


@dataclass(frozen=True)
class Scope:
    """Whose rows: receiving units, the procedures (slugs) and the feedback processes, and the period."""

    unit_ids: tuple[int, ...]
    slugs: tuple[str, ...]
    feedback_slugs: tuple[str, ...]
    window: Window


@dataclass(frozen=True)
class Count:
    """A measure's figures: numerator (``hits``) over denominator (``population``)."""

    hits: int
    population: int


@dataclass(frozen=True)
class Member:
    """A dossier behind a measure, with the register facts the list shows (never the applicant)."""

    dossier_id: int
    code: str | None
    procedure_slug: str
    receiving_unit_id: int
    unit_name: str
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    counted: bool  # in the numerator; otherwise in the rest of the denominator


@dataclass(frozen=True)
class Measure:
    base: str  # "service": administrative procedures' dossiers; "feedback": 1022 feedback
    population: ColumnElement[bool]
    hit: ColumnElement[bool]
    rows: FromClause  # what the conditions read: the register, and what is joined to it (the same for a base)


def requests_condition() -> ColumnElement[bool]:
    """An event that asks the citizen to supplement (a wait for payment is not a request)."""
    return and_(Event.kind == SUPPLEMENT_REQUEST, not_(payment_wait()))


def _supplement_requests(window: Window) -> Subquery:
    """How many times each dossier was asked to supplement before the period ended, or before it finished if
    that came first (what happens to a finished dossier no longer judges how it was handled; it also lets the
    roll-up judge a dossier on the day it finished), counted in one pass: a count per dossier row made SQLite
    walk the events by kind for every dossier."""
    return (select(Event.dossier_id, func.count(Event.id).label("requests"))
            .join(Dossier, Dossier.id == Event.dossier_id)
            .where(requests_condition(), Event.at < window.end,
                   or_(Dossier.finished_at.is_(None), Event.at < Dossier.finished_at))
            .group_by(Event.dossier_id).subquery("supplements"))


def measures(window: Window) -> dict[str, Measure]:
    """Every measure by key, for a period."""
    start, end = window.start, window.end
    cutoff = min(end, window.now)  # an open dossier is judged at the period's end, or now if that is sooner
    received = and_(Dossier.received_at >= start, Dossier.received_at < end)
    finished = and_(Dossier.timeliness.is_not(None), Dossier.finished_at >= start, Dossier.finished_at < end)
    open_at_end = and_(Dossier.received_at < end, or_(Dossier.finished_at.is_(None), Dossier.finished_at >= end))
    # An open dossier is within its time if its appointment is not past; one waiting for the citizen's papers is
    # judged when it was asked (the method takes the request as the end of processing).
    waiting = and_(Dossier.paused_at.is_not(None), Dossier.paused_at < cutoff)
    within_time = case((waiting, Dossier.paused_at <= Dossier.due_at), else_=Dossier.due_at >= cutoff)
    not_late = Dossier.timeliness.in_(("early", "on_time"))
    supplements = _supplement_requests(window)
    registered = outerjoin(Dossier, supplements, supplements.c.dossier_id == Dossier.id)

    def service(population: ColumnElement[bool], hit: ColumnElement[bool]) -> Measure:
        return Measure("service", population, hit, registered)

    # finished in the period and open at its end never overlap (finished_at < end, or none or >= end)
    on_time = and_(func.coalesce(supplements.c.requests, 0) <= 1,
                   or_(and_(finished, not_late), and_(open_at_end, within_time)))
    not_late_now = or_(not_late, and_(Dossier.finished_at.is_(None), Dossier.due_at >= window.now))
    fee_due = exists().where(DossierFee.dossier_id == Dossier.id, DossierFee.due > 0)
    return {
        "synced": service(received, exists().where(
            OutboxMessage.dossier_id == Dossier.id, OutboxMessage.topic == PORTAL_STATUS,
            OutboxMessage.delivered_at.is_not(None))),
        "on_time": service(or_(finished, open_at_end), on_time),
        "online": service(received, Dossier.channel == Channel.ONLINE.value),
        "paid_online": service(and_(received, fee_due), exists().where(
            DossierFee.dossier_id == Dossier.id, DossierFee.method.in_(ONLINE_PAYMENT_METHODS))),
        "electronic_result": service(finished, Dossier.result_electronic_at.is_not(None)),
        "digitised": service(finished, and_(Dossier.papers_digitised_at.is_not(None),
                                            Dossier.result_electronic_at.is_not(None))),
        "reused": service(received, exists().where(DossierPaper.dossier_id == Dossier.id,
                                                   DossierPaper.source == "reuse")),
        "dossier_satisfaction": service(finished, and_(
            not_late, or_(Dossier.rating.is_(None), Dossier.rating != "unsatisfied"))),
        "feedback_on_time": Measure("feedback", or_(finished, open_at_end), or_(
            and_(finished, not_late), and_(open_at_end, Dossier.due_at >= cutoff)), Dossier.__table__),
        "feedback_satisfied": Measure("feedback", received, not_late_now, Dossier.__table__),
    }


def _base(scope: Scope, base: str) -> ColumnElement[bool]:
    """The rows a scope holds: procedures' dossiers where received; feedback where received or routed to; only
    those the period can count (received before it ended, not finished before it began), so the indexes on
    (receiving unit, received) narrow the scan."""
    units, window = list(scope.unit_ids), scope.window
    relevant = and_(Dossier.received_at < window.end,
                    or_(Dossier.finished_at.is_(None), Dossier.finished_at >= window.start))
    if base == "service":
        return and_(Dossier.receiving_unit_id.in_(units), Dossier.procedure_slug.in_(list(scope.slugs)), relevant)
    if not scope.feedback_slugs:
        return false()
    routed = exists().where(Transfer.dossier_id == Dossier.id, Transfer.to_unit_id.in_(units))
    return and_(Dossier.procedure_slug.in_(list(scope.feedback_slugs)), relevant,
                or_(Dossier.receiving_unit_id.in_(units), routed))


def _hit_sum(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def counts(session: Session, scope: Scope, bases: Collection[str] = BASES) -> dict[str, Count]:
    """Every measure's numerator and denominator for the scope (of the kinds of rows asked: the roll-up counts
    the service measures), one aggregate query per kind of row."""
    found: dict[str, Count] = {}
    defined = measures(scope.window)
    for base in bases:
        keys = [key for key, measure in defined.items() if measure.base == base]
        columns = []
        for key in keys:
            measure = defined[key]
            columns += [_hit_sum(and_(measure.population, measure.hit)).label(f"{key}__hits"),
                        _hit_sum(measure.population).label(f"{key}__population")]
        rows = defined[keys[0]].rows
        row = session.execute(select(*columns).select_from(rows).where(_base(scope, base))).one()._mapping
        found.update({key: Count(int(row[f"{key}__hits"]), int(row[f"{key}__population"])) for key in keys})
    return found


def members(session: Session, scope: Scope, key: str, limit: int) -> list[Member]:
    """The dossiers behind one measure: those counted first, then the rest of the denominator, oldest first."""
    measure = measures(scope.window)[key]
    counted = case((measure.hit, 1), else_=0)
    query = (select(Dossier.id, Dossier.code, Dossier.procedure_slug, Dossier.receiving_unit_id, Unit.name,
                    Dossier.received_at, Dossier.due_at, Dossier.finished_at, counted.label("counted"))
             .select_from(measure.rows).join(Unit, Unit.id == Dossier.receiving_unit_id)
             .where(_base(scope, measure.base), measure.population)
             .order_by(counted.desc(), Dossier.received_at, Dossier.id).limit(limit))
    return [Member(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]))
            for row in session.execute(query)]


def slugs_paid_online(session: Session, scope: Scope) -> set[str]:
    """Procedures with a dossier received in the period whose fee was paid online."""
    window = scope.window
    query = (select(Dossier.procedure_slug).distinct().join(DossierFee, DossierFee.dossier_id == Dossier.id)
             .where(_base(scope, "service"), Dossier.received_at >= window.start, Dossier.received_at < window.end,
                    DossierFee.method.in_(ONLINE_PAYMENT_METHODS)))
    return set(session.scalars(query))


class Indicators:
    """The indicators' queries, on the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def counts(self, scope: Scope, bases: Collection[str] = BASES) -> dict[str, Count]:
        return counts(self.session, scope, bases)

    def members(self, scope: Scope, key: str, limit: int) -> list[Member]:
        return members(self.session, scope, key, limit)

    def slugs_paid_online(self, scope: Scope) -> set[str]:
        return slugs_paid_online(self.session, scope)

