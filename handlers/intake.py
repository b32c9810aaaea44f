"""Intake (tiếp nhận): the dossier gets its national code, its receipt time and its appointment date."""
from __future__ import annotations

from motcua.domain.dossier import Status
from motcua.engine.handlers import HandlerContext, handler


@handler("intake.receive")
def receive(ctx: HandlerContext, *, applicant_name: str) -> dict:
    """Register a complete dossier: code, receipt time, appointment in working days, applicant facts."""
    dossier = ctx.dossier
    procedure = ctx.procedure
    dossier.code = dossier.code or ctx.issue_code()
    dossier.received_at = ctx.clock.now()
    dossier.due_at = ctx.calendar.due_at(dossier.received_at, days=procedure.processing_days,
                                         hours=procedure.processing_hours)
    dossier.applicant_name = applicant_name
    dossier.applicant_phone = ctx.data.get("applicant_phone")
    dossier.applicant_id_number = ctx.data.get("applicant_id_number")
    dossier.status = Status.PROCESSING
    ctx.record("dossier.received", {"code": dossier.code, "due_at": dossier.due_at.isoformat()})
    return {"dossier_code": dossier.code, "due_date": dossier.due_at.strftime("%d/%m/%Y")}
