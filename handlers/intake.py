"""Intake (tiếp nhận): the dossier gets its national code, its receipt time and its appointment date."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from motcua.domain.dossier import Status
from motcua.engine.handlers import HandlerContext, handler

CLOSING = time(17, 0)


def appointment(received_at: datetime, days: int) -> datetime:
    """Appointment at closing time, ``days`` calendar days after receipt (working days come with the calendar)."""
    return datetime.combine((received_at + timedelta(days=days)).date(), CLOSING, tzinfo=received_at.tzinfo)


@handler("intake.receive")
def receive(ctx: HandlerContext, *, applicant_name: str) -> dict:
    """Register a complete dossier: code, receipt time, appointment date, searchable applicant facts."""
    dossier = ctx.dossier
    dossier.code = ctx.issue_code()
    dossier.received_at = ctx.clock.now()
    dossier.due_at = appointment(dossier.received_at, ctx.procedure.processing_days or 0)
    dossier.applicant_name = applicant_name
    dossier.applicant_phone = ctx.data.get("applicant_phone")
    dossier.applicant_id_number = ctx.data.get("applicant_id_number")
    dossier.status = Status.PROCESSING
    ctx.record("dossier.received", {"code": dossier.code, "due_at": dossier.due_at.isoformat()})
    return {"dossier_code": dossier.code, "due_date": dossier.due_at.strftime("%d/%m/%Y")}
