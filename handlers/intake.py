"""Intake (tiếp nhận): check the papers; then a receipt with an appointment, a supplement request, or a refusal."""
from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from motcua.documents import slips
from motcua.documents.fees import fee_block, vnd
from motcua.domain import vietqr
from motcua.domain.dossier import Status
from motcua.domain.fees import FeeAssessment, FeeRuleError
from motcua.domain.intake import missing_papers
from motcua.engine.handlers import HandlerContext, Refusal, handler

from ._slips import applicant, issue, letterhead, papers_handed_in, return_place


@handler("intake.check_papers")
def check_papers(ctx: HandlerContext, *, decision: str) -> dict[str, Any]:
    """Refuse to receive an incomplete dossier: the clerk must guide the citizen to supplement instead."""
    missing = missing_papers(ctx.procedure.papers, ctx.data.get("papers_received", []))
    if decision == "receive" and missing:
        raise Refusal("intake.papers_missing", missing="; ".join(missing))
    return {"missing_papers": missing}


def _applicant(ctx: HandlerContext, applicant_name: str) -> None:
    dossier = ctx.dossier
    dossier.code = dossier.code or ctx.office.issue_code()
    dossier.applicant_name = applicant_name
    dossier.applicant_phone = ctx.data.get("applicant_phone")
    dossier.applicant_id_number = ctx.data.get("applicant_id_number")
    dossier.applicant_email = ctx.data.get("applicant_email") or None
    dossier.notify_by = str(ctx.data.get("notify_by") or "none")


@handler("intake.receive")
def receive(ctx: HandlerContext, *, applicant_name: str) -> dict[str, Any]:
    """Register a complete dossier: code, receipt time, appointment in working days, its line in the unit's
    register, and the receipt (Mẫu số 01, two copies)."""
    _applicant(ctx, applicant_name)
    dossier, procedure = ctx.dossier, ctx.procedure
    dossier.received_at = ctx.clock.now()
    dossier.due_at = ctx.calendar.due_at(dossier.received_at, days=procedure.processing_days,
                                         hours=procedure.processing_hours, same_day_until=procedure.same_day_until)
    dossier.status = Status.PROCESSING
    dossier.register_number = dossier.register_number or ctx.office.register_entry()
    sets = int(ctx.data.get("intake_sets") or 1)
    assessment = _assess_fee(ctx)
    fee_lines = _fee_block(ctx, assessment) if assessment else []
    issue(ctx, "giay-tiep-nhan", slips.receipt(
        letterhead(ctx), applicant=applicant(ctx), procedure=f"{procedure.name_vi} (mã {procedure.code})",
        papers=papers_handed_in(ctx), sets=sets, processing_days=procedure.processing_days,
        processing_hours=procedure.processing_hours, received_at=dossier.received_at, due_at=dossier.due_at,
        return_place=return_place(ctx),
        register_number=dossier.register_number, clerk=ctx.office.actor_name(),
        fee=_fee_text(assessment) if assessment else procedure.fee, payment=fee_lines))
    ctx.office.record("dossier.received", {
        "code": dossier.code, "due_at": dossier.due_at.isoformat(), "register_number": dossier.register_number,
        "sets": sets, "address": str(ctx.data.get("applicant_address") or ""),
        "email": str(ctx.data.get("applicant_email") or ""),
    })
    ctx.office.notify("received", {})
    return {"dossier_code": dossier.code, "due_date": dossier.due_at.strftime("%d/%m/%Y"),
            "fee_due": assessment.due if assessment else 0}


def _assess_fee(ctx: HandlerContext) -> FeeAssessment | None:
    """The fee the procedure's schedule puts on this dossier's form (None when it has no schedule)."""
    schedule = ctx.procedure.fees
    if schedule is None:
        return None
    try:
        return schedule.assess(ctx.data, ctx.clock.now().date())
    except FeeRuleError as exc:
        if exc.missing:
            raise Refusal("fees.missing_field", procedure=ctx.procedure.names(), item=exc.item,
                          field=exc.field_name) from exc
        raise Refusal("fees.not_computable", procedure=ctx.procedure.names(), item=exc.item,
                      field=exc.field_name or "-", reason=exc.reason.words()) from exc


def _fee_text(assessment: FeeAssessment) -> str:
    """Item 7 of the receipt: the amount owed (its lines follow in the fee block)."""
    if assessment.due:
        return f"{vnd(assessment.due)} (chi tiết dưới đây)"
    return "Được miễn" if assessment.exemption else "Không"


def _fee_block(ctx: HandlerContext, assessment: FeeAssessment) -> list[Flowable]:
    """The slip's fee block; the VietQR when something is owed and the unit takes transfers."""
    account = ctx.office.charge_fee(assessment)
    code = ctx.dossier.code or ""
    qr = vietqr.payload(account, assessment.due, code) if account and assessment.due else None
    return fee_block(assessment, dossier_code=code, account=account, qr_payload=qr)


@handler("intake.request_supplement")
def request_supplement(ctx: HandlerContext, *, note: str) -> dict[str, Any]:
    """Guide the citizen to complete the dossier (Mẫu số 02); the clock has not started."""
    _applicant(ctx, ctx.data.get("applicant_name", ""))
    ctx.dossier.status = Status.SUPPLEMENT
    missing = list(ctx.data.get("missing_papers", []))
    issue(ctx, "phieu-yeu-cau-bo-sung", slips.supplement_request(
        letterhead(ctx), applicant=applicant(ctx), procedure=ctx.procedure.name_vi,
        missing=missing or [note], reason=note if missing else "",
        legal_basis=list(ctx.procedure.legal_basis), issued_at=ctx.clock.now(), clerk=ctx.office.actor_name()))
    ctx.office.record("dossier.supplement_requested", {"at": "reception", "note": note})
    ctx.office.notify("supplement", {"request": "; ".join(p for p in [*missing, note] if p)})
    return {}


@handler("intake.refuse")
def refuse(ctx: HandlerContext, *, reason: str) -> dict[str, Any]:
    """Refuse the dossier with reasons (Mẫu số 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ)."""
    _applicant(ctx, ctx.data.get("applicant_name", ""))
    ctx.dossier.status = Status.REFUSED
    ctx.dossier.finished_at = ctx.clock.now()
    issue(ctx, "phieu-tu-choi", slips.refusal(
        letterhead(ctx), applicant=applicant(ctx), procedure=ctx.procedure.name_vi, reason=reason,
        issued_at=ctx.clock.now(), clerk=ctx.office.actor_name()))
    ctx.office.record("dossier.refused", {"reason": reason})
    return {}
