"""Aggregate queries for the reports: counts computed by the database (GROUP BY), never by loading rows.

Each query returns one dict of counts per (receiving unit id, procedure slug).
Dossiers are counted where they were received (the one-stop counter that
answers for them); a period is a half-open interval [start, end) of aware
datetimes, bound as UTC like every other moment in the store.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, not_, or_, select
from sqlalchemy.orm import Session

from motcua.domain.channels import Channel
from motcua.domain.dossier import PAYMENT_WAIT
from motcua.store.models import Dossier, DossierFee, Event

Key = tuple[int, str]  # (receiving unit id, procedure slug)

SUPPLEMENT_EVENTS = ("dossier.supplement_requested", "dossier.paused")  # at reception; during processing
PAUSED = "dossier.paused"
REFUSED_AT_INTAKE = "dossier.refused"
RESULT_SIGNED = "result.signed"  # detail.outcome == "refuse": a reasoned reply instead of the result


def payment_wait() -> ColumnElement[bool]:
    """A pause to wait for the citizen's tax payment (``handlers/processing.await_payment``): it stops the clock
    like a request to supplement, but asks for no papers (the portal's status 6, not 5)."""
    return func.coalesce(Event.detail["request"].as_string(), "").like(f"{PAYMENT_WAIT}%")


def supplement_request() -> ColumnElement[bool]:
    """An event asking the citizen to supplement: at reception, or a pause in processing that is not a wait for
    payment (the reports, their roll-up and the Decision 766 indicators count the same requests)."""
    return and_(Event.kind.in_(SUPPLEMENT_EVENTS), or_(Event.kind != PAUSED, not_(payment_wait())))


@dataclass(frozen=True)
class Window:
    """The reporting period [start, end) and the moment "now" (for what is overdue today)."""

    start: datetime
    end: datetime
    now: datetime


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def dossier_counts(session: Session, unit_ids: Collection[int], slugs: Collection[str],
                   window: Window) -> dict[Key, dict[str, int]]:
    """Received (by channel), carried over, finished by timeliness (and returned by post), in progress, stopped
    (dừng giải quyết: not finished, never classified), overdue, submitted online, ratings per unit and procedure."""
    start, end, now = window.start, window.end, window.now
    received = and_(Dossier.received_at >= start, Dossier.received_at < end)
    finished = and_(Dossier.timeliness.is_not(None), Dossier.finished_at >= start, Dossier.finished_at < end)
    open_at_end = and_(Dossier.received_at < end, or_(Dossier.finished_at.is_(None), Dossier.finished_at >= end))
    columns = {
        "received": received,
        "received_in_person": and_(received, Dossier.channel == Channel.COUNTER.value),
        "received_online": and_(received, Dossier.channel == Channel.ONLINE.value),
        "received_postal": and_(received, Dossier.channel == Channel.POSTAL.value),
        "carried_over": and_(Dossier.received_at < start,
                             or_(Dossier.finished_at.is_(None), Dossier.finished_at >= start)),
        "finished": finished,
        "early": and_(finished, Dossier.timeliness == "early"),
        "on_time": and_(finished, Dossier.timeliness == "on_time"),
        "late": and_(finished, Dossier.timeliness == "late"),
        "returned_by_post": and_(finished, Dossier.result_channel == Channel.POSTAL.value),
        "in_progress": open_at_end,
        "stopped": and_(Dossier.status == "stopped", Dossier.finished_at >= start, Dossier.finished_at < end),
        "overdue_now": and_(Dossier.received_at < end, Dossier.finished_at.is_(None), Dossier.paused_at.is_(None),
                            Dossier.due_at < now),
        "online_submitted": and_(Dossier.channel == Channel.ONLINE.value, Dossier.created_at >= start,
                                 Dossier.created_at < end),
        "rated": and_(finished, Dossier.rating.is_not(None)),
        "satisfied": and_(finished, Dossier.rating == "satisfied"),
    }
    relevant = or_(and_(Dossier.received_at < end, or_(Dossier.finished_at.is_(None), Dossier.finished_at >= start)),
                   and_(Dossier.created_at >= start, Dossier.created_at < end))
    query = (
        select(Dossier.receiving_unit_id, Dossier.procedure_slug,
               *(_count(condition).label(name) for name, condition in columns.items()))
        .where(Dossier.receiving_unit_id.in_(list(unit_ids)), Dossier.procedure_slug.in_(list(slugs)), relevant)
        .group_by(Dossier.receiving_unit_id, Dossier.procedure_slug)
    )
    return {(row[0], row[1]): {name: int(row._mapping[name]) for name in columns}
            for row in session.execute(query)}


def event_counts(session: Session, unit_ids: Collection[int], slugs: Collection[str],
                 window: Window) -> dict[Key, dict[str, int]]:
    """Supplement requests and refusals recorded in the period, per unit and procedure of their dossiers."""
    supplement = supplement_request()
    refused_after_review = and_(Event.kind == RESULT_SIGNED, Event.detail["outcome"].as_string() == "refuse")
    columns = {
        "supplement_requests": _count(supplement),
        "supplement_dossiers": func.count(func.distinct(case((supplement, Event.dossier_id)))),
        "refused_at_intake": func.count(func.distinct(case((Event.kind == REFUSED_AT_INTAKE, Event.dossier_id)))),
        "refused_after_review": func.count(func.distinct(case((refused_after_review, Event.dossier_id)))),
    }
    query = (
        select(Dossier.receiving_unit_id, Dossier.procedure_slug,
               *(expression.label(name) for name, expression in columns.items()))
        .join(Dossier, Dossier.id == Event.dossier_id)
        .where(Event.at >= window.start, Event.at < window.end,
               Event.kind.in_((*SUPPLEMENT_EVENTS, REFUSED_AT_INTAKE, RESULT_SIGNED)),
               Dossier.receiving_unit_id.in_(list(unit_ids)), Dossier.procedure_slug.in_(list(slugs)))
        .group_by(Dossier.receiving_unit_id, Dossier.procedure_slug)
    )
    return {(row[0], row[1]): {name: int(row._mapping[name]) for name in columns}
            for row in session.execute(query)}


def fee_counts(session: Session, unit_ids: Collection[int], slugs: Collection[str],
               window: Window) -> dict[Key, dict[str, int]]:
    """Fees collected (VND and dossiers, by when the money was confirmed) and exempted (by when the dossier was
    assessed at intake) in the period, and what is still owed at its end, per unit and procedure."""
    paid = and_(DossierFee.paid_at >= window.start, DossierFee.paid_at < window.end)
    assessed = and_(DossierFee.assessed_at >= window.start, DossierFee.assessed_at < window.end)
    owed_at_end = and_(DossierFee.assessed_at < window.end, DossierFee.due > 0,
                       or_(DossierFee.paid_at.is_(None), DossierFee.paid_at >= window.end))
    columns = {
        "fees_paid": _count(paid),
        "fees_collected": func.coalesce(func.sum(case((paid, DossierFee.due), else_=0)), 0),
        "fees_exempt": _count(and_(assessed, DossierFee.exempted > 0)),
        "fees_exempted": func.coalesce(func.sum(case((assessed, DossierFee.exempted), else_=0)), 0),
        "fees_owed": _count(owed_at_end),
    }
    query = (
        select(Dossier.receiving_unit_id, Dossier.procedure_slug,
               *(expression.label(name) for name, expression in columns.items()))
        .join(Dossier, Dossier.id == DossierFee.dossier_id)
        .where(Dossier.receiving_unit_id.in_(list(unit_ids)), Dossier.procedure_slug.in_(list(slugs)),
               or_(paid, assessed, owed_at_end))
        .group_by(Dossier.receiving_unit_id, Dossier.procedure_slug)
    )
    return {(row[0], row[1]): {name: int(row._mapping[name]) for name in columns}
            for row in session.execute(query)}


class Reporting:
    """The report's aggregate queries, on the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def dossier_counts(self, unit_ids: Collection[int], slugs: Collection[str],
                       window: Window) -> dict[Key, dict[str, int]]:
        return dossier_counts(self.session, unit_ids, slugs, window)

    def event_counts(self, unit_ids: Collection[int], slugs: Collection[str],
                     window: Window) -> dict[Key, dict[str, int]]:
        return event_counts(self.session, unit_ids, slugs, window)

    def fee_counts(self, unit_ids: Collection[int], slugs: Collection[str],
                   window: Window) -> dict[Key, dict[str, int]]:
        return fee_counts(self.session, unit_ids, slugs, window)
