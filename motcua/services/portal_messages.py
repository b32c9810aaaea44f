"""The messages for the National Public Service Portal: what a step queues in the outbox, and what the worker sends.
(The catalogue's messages are queued by services/portal_catalogue.py and shaped here too.)

A step queues the dossier's *facts* (status, dates, supplements, the stop, digitisation, payment) in its own
transaction, as they are at that moment: a later change never rewrites an earlier message. The worker shapes
them as the portal names them (``domain/portal_shape.py``) with the catalogue as it is when sending, so a message
held for a wrong procedure code goes out right once the code is fixed and the message released.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from motcua.domain.portal_shape import (
    PAYMENT_PAUSE,
    SYNC_SERVICE,
    Catalogue,
    catalogue_record,
    rating_record,
    status_record,
)
from motcua.engine.pack import Pack
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier, Event, OutboxMessage
from motcua.store.ports import UnitOfWorkPort

STATUS_TOPIC = "dossier.status"  # the shared contract: a delivered row of this topic means "synced"
RATING_TOPIC = "dossier.rating"
CATALOGUE_TOPIC = "catalogue.procedure"  # a procedure as the province offers it (services/portal_catalogue.py)
PROCESSED_EVENTS = ("result.signed", "dossier.stopped", "dossier.refused")
# The events the status message is made of: read alone, not the dossier's every step (announced at each status).
STATUS_EVENTS = ("dossier.received", "dossier.supplement_requested", "dossier.paused", "dossier.resumed",
                 "dossier.returned", *PROCESSED_EVENTS)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _supplements(events: Sequence[Event]) -> tuple[list[dict[str, Any]], str | None]:
    """Each request to supplement, with when the papers came and how the appointment moved; and what the dossier
    waits for now, if paused (``payment`` or ``supplement``)."""
    found: list[dict[str, Any]] = []
    due: str | None = None
    waiting: str | None = None
    for event in events:
        detail = event.detail or {}
        if event.kind == "dossier.received":
            due = detail.get("due_at") or due
            if found and found[-1]["stage"] == "reception" and not found[-1]["received_at"]:
                found[-1]["received_at"] = _iso(event.at)
        elif event.kind == "dossier.supplement_requested":
            found.append({"id": event.id, "stage": "reception", "requested_at": _iso(event.at),
                          "note": detail.get("note"), "by": event.user.full_name if event.user else "",
                          "received_at": None, "due_before": None, "due_after": None})
        elif event.kind == "dossier.paused":
            waiting = detail.get("reason") or "supplement"
            if waiting != PAYMENT_PAUSE:
                found.append({"id": event.id, "stage": "processing", "requested_at": _iso(event.at),
                              "note": detail.get("request"), "by": event.user.full_name if event.user else "",
                              "received_at": None, "due_before": due, "due_after": None})
        elif event.kind == "dossier.resumed":
            if waiting != PAYMENT_PAUSE and found and not found[-1]["received_at"]:
                found[-1]["received_at"], found[-1]["due_after"] = _iso(event.at), detail.get("due_at")
            due, waiting = detail.get("due_at") or due, None
    return found, waiting


def _last(events: Sequence[Event], kinds: Sequence[str]) -> Event | None:
    return next((e for e in reversed(events) if e.kind in kinds), None)


def _fee(uow: UnitOfWorkPort, dossier_id: int) -> dict[str, Any] | None:
    row = uow.fees.for_dossier(dossier_id)
    if row is None:
        return None
    lines = [{"label": line["label"], "kind": line["kind"], "total": line["total"]}
             for line in (row.assessment or {}).get("lines", [])]
    return {"status": row.status, "due": row.due, "exempted": row.exempted, "method": row.method,
            "paid_at": _iso(row.paid_at), "lines": lines}


def status_facts(uow: UnitOfWorkPort, dossier: Dossier) -> dict[str, Any]:
    """What the portal is told of a dossier now: the status message's stored payload."""
    events = uow.events.of_kinds([dossier.id], STATUS_EVENTS)
    supplements, waiting = _supplements(events)
    stopped, processed = _last(events, ("dossier.stopped",)), _last(events, PROCESSED_EVENTS)
    received = _last(events, ("dossier.received",))
    returned = _last(events, ("dossier.returned",))
    return {
        "dossier_code": dossier.code, "procedure_slug": dossier.procedure_slug,
        "procedure_code": dossier.procedure_code, "status": dossier.status, "timeliness": dossier.timeliness,
        "channel": dossier.channel, "receiving_unit": dossier.receiving_unit.code,
        "receiving_agency_code": dossier.receiving_unit.agency_code, "handling_unit": dossier.handling_unit.code,
        "handling_unit_name": dossier.handling_unit.name, "applicant_name": dossier.applicant_name,
        "applicant_phone": dossier.applicant_phone,
        "applicant_email": (received.detail or {}).get("email") if received else None,
        "received_at": _iso(dossier.received_at), "due_at": _iso(dossier.due_at),
        "finished_at": _iso(dossier.finished_at), "processed_at": _iso(processed.at) if processed else None,
        "returned_at": _iso(returned.at) if returned else None, "result_channel": dossier.result_channel,
        "paused_for": waiting if dossier.paused_at else None, "supplements": supplements,
        "stop": {"at": _iso(stopped.at), **{k: (stopped.detail or {}).get(k) for k in ("ground", "reason")}}
        if stopped else None,
        "papers_digitised_at": _iso(dossier.papers_digitised_at),
        "result_electronic_at": _iso(dossier.result_electronic_at), "fee": _fee(uow, dossier.id),
        "first": not uow.outbox.has_topic(dossier.id, STATUS_TOPIC),
    }


def rating_facts(dossier: Dossier, now: datetime) -> dict[str, Any]:
    """The rating message's stored payload."""
    return {"dossier_code": dossier.code, "procedure_slug": dossier.procedure_slug,
            "procedure_code": dossier.procedure_code, "receiving_agency_code": dossier.receiving_unit.agency_code,
            "status": dossier.status, "rating": dossier.rating, "rated_at": now.isoformat(),
            "channel": dossier.channel}


def announce(runtime: Runtime, uow: UnitOfWorkPort, dossier: Dossier, now: datetime,
             rating_before: str | None = None) -> None:
    """Queue the dossier's new status for the national portal, in the caller's transaction, and the citizen's
    rating when it is new (administrative procedures only: the center's own processes are not the portal's
    business). Steps call it when the status or the handling unit changed, the fee desk when a fee is paid."""
    if not (dossier.code and runtime.pack.get(dossier.procedure_slug).procedure.is_public_service):
        return
    uow.outbox.add(OutboxMessage(dossier_id=dossier.id, topic=STATUS_TOPIC, payload=status_facts(uow, dossier),
                                 created_at=now, available_at=now, attempts=0))
    if dossier.rating and dossier.rating != rating_before:
        uow.outbox.add(OutboxMessage(dossier_id=dossier.id, topic=RATING_TOPIC, payload=rating_facts(dossier, now),
                                     created_at=now, available_at=now, attempts=0))


def _catalogue(pack: Pack, slug: str | None) -> Catalogue | None:
    loaded = pack.procedures.get(slug or "")
    if loaded is None:
        return None
    return Catalogue(loaded.procedure.code, loaded.procedure.name_vi, loaded.procedure.field)


def message_body(message: OutboxMessage, pack: Pack) -> dict[str, Any]:
    """What the portal receives for a queued message; ``message_id`` is also the Idempotency-Key header. A topic
    without a portal shape goes as its facts (and fails no schema: none is declared for it)."""
    facts = message.payload
    envelope = {"message_id": f"motcua-outbox-{message.id}", "topic": message.topic,
                "created_at": message.created_at.isoformat()}
    procedure = _catalogue(pack, facts.get("procedure_slug"))
    if message.topic == STATUS_TOPIC:
        return {**envelope, "service": SYNC_SERVICE, "isUpdating": "False" if facts.get("first") else "True",
                "MaDinhDanhDV": facts.get("receiving_agency_code") or "", "data": [status_record(facts, procedure)]}
    if message.topic == RATING_TOPIC:
        return {**envelope, "MaDinhDanhDV": facts.get("receiving_agency_code") or "",
                "data": [rating_record(facts, procedure)]}
    if message.topic == CATALOGUE_TOPIC:  # the entry as it is now: a fix made while it was held goes out
        loaded = pack.procedures.get(facts.get("procedure_slug") or "")
        return {**envelope, "data": [catalogue_record(loaded.procedure) if loaded else facts["record"]]}
    return {**envelope, "dossier": facts}
