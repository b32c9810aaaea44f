"""1022 feedback (phản ánh, kiến nghị): registered with a code, classified and routed, answered, closed.

The answer the leader approved is recorded as a public event (``feedback.answered``): it is what the citizen
reads on the lookup page and what Open311 clients get as ``status_notes``, so it never holds personal data
the specialist did not mean to publish.
"""
from __future__ import annotations

from typing import Any

from motcua.domain.calendar import classify
from motcua.domain.dossier import Status, Timeliness
from motcua.engine.handlers import HandlerContext, Refusal, handler

DECISIONS = ("route", "reject")
OUTCOMES = {"answered": Status.RETURNED, "rejected": Status.REFUSED}


def _contact(ctx: HandlerContext) -> None:
    """The person's name and phone as the operator has them now (kept private in the register row)."""
    dossier = ctx.dossier
    dossier.applicant_name = ctx.data.get("applicant_name") or dossier.applicant_name
    dossier.applicant_phone = ctx.data.get("applicant_phone") or dossier.applicant_phone


@handler("feedback.register")
def register(ctx: HandlerContext) -> dict[str, Any]:
    """Give the feedback its code and its deadline in working days, counted from when it was received."""
    dossier = ctx.dossier
    dossier.code = dossier.code or ctx.office.issue_code()
    _contact(ctx)
    dossier.received_at = ctx.clock.now()
    dossier.due_at = ctx.calendar.due_at(dossier.received_at, days=ctx.procedure.processing_days,
                                         hours=ctx.procedure.processing_hours)
    dossier.status = Status.PROCESSING
    ctx.office.record("feedback.received", {"code": dossier.code, "due_at": dossier.due_at.isoformat()})
    return {"feedback_code": dossier.code, "due_date": dossier.due_at.strftime("%d/%m/%Y")}


@handler("feedback.classify")
def classify_feedback(ctx: HandlerContext, *, decision: str, category: str, kind: str,
                      unit: str = "") -> dict[str, Any]:
    """Record how the operator classified it and where it goes (a route needs a responsible unit)."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    if decision == "route" and not unit:
        raise Refusal("feedback.unit_required")
    _contact(ctx)
    ctx.office.record("feedback.classified", {
        "decision": decision, "category": category, "kind": kind,
        "unit": ctx.office.unit_name(unit) if decision == "route" else None,
    })
    return {}


@handler("feedback.publish_answer")
def publish_answer(ctx: HandlerContext, *, answer: str) -> dict[str, Any]:
    """The leader approved the answer: it becomes public, under the name of the unit that answered."""
    if not answer.strip():
        raise Refusal("feedback.answer_empty")
    ctx.office.record("feedback.answered", {"answer": answer.strip(),
                                            "unit": ctx.office.unit_name(ctx.dossier.handling_unit)})
    return {"published_answer": answer.strip()}


@handler("feedback.close")
def close(ctx: HandlerContext, *, outcome: str, note: str = "") -> dict[str, Any]:
    """Close the feedback (answered and the person told, or not handled with a reason) and classify its time."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    dossier = ctx.dossier
    finished = ctx.clock.now()
    dossier.finished_at = finished
    dossier.timeliness = classify(finished, dossier.due_at) if dossier.due_at else Timeliness.LATE
    dossier.status = OUTCOMES[outcome]
    ctx.office.record("feedback.closed", {"outcome": outcome, "note": note,
                                          "timeliness": dossier.timeliness.value})
    return {"timeliness": dossier.timeliness.value}
