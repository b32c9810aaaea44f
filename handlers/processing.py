"""Processing pauses: a request to supplement, or a wait for the citizen to pay what the tax office notified,
stops the clock; the supplement or the payment restarts it."""
from __future__ import annotations

from typing import Any

from motcua.documents import slips
from motcua.domain.dossier import PAYMENT_WAIT, Status
from motcua.engine.handlers import HandlerContext, handler

from ._slips import applicant, issue, letterhead


@handler("processing.request_supplement")
def request_supplement(ctx: HandlerContext, *, request: str) -> dict[str, Any]:
    """Ask the citizen for more papers and stop the processing clock until they come."""
    dossier = ctx.dossier
    dossier.paused_at = ctx.clock.now()
    dossier.status = Status.SUPPLEMENT
    issue(ctx, "phieu-yeu-cau-bo-sung", slips.supplement_request(
        letterhead(ctx), applicant=applicant(ctx), procedure=ctx.procedure.name_vi, missing=[request],
        reason="", legal_basis=list(ctx.procedure.legal_basis), issued_at=dossier.paused_at,
        clerk=ctx.office.actor_name(), clock_stopped=True))
    ctx.office.record("dossier.paused", {"request": request})
    ctx.office.notify("supplement", {"request": request})
    return {}


@handler("processing.await_payment")
def await_payment(ctx: HandlerContext, *, notice: str) -> dict[str, Any]:
    """Stop the clock while the citizen pays the financial obligation the tax office notified.

    The time the citizen takes to pay is not part of the procedure's statutory time (land registration under
    Nghị định 151/2025/NĐ-CP; the pack's note docs/land_change_2025.md, step 6, gives the sources and how sure
    they are), so the appointment moves by the working time spent waiting, as after a supplement.
    """
    dossier = ctx.dossier
    dossier.paused_at = ctx.clock.now()
    dossier.status = Status.SUPPLEMENT
    ctx.office.record("dossier.paused", {"request": f"{PAYMENT_WAIT}: {notice}",
                                         "reason": "payment"})  # not a supplement: the portal's status 6
    return {}


@handler("processing.resume")
def resume(ctx: HandlerContext) -> dict[str, Any]:
    """Restart the clock: the working time left when it stopped is counted again from now."""
    dossier = ctx.dossier
    now = ctx.clock.now()
    if dossier.paused_at and dossier.due_at:
        dossier.due_at = ctx.calendar.resume_after_pause(dossier.due_at, dossier.paused_at, now)
    dossier.paused_at = None
    dossier.status = Status.PROCESSING
    ctx.office.record("dossier.resumed", {"due_at": dossier.due_at.isoformat() if dossier.due_at else None})
    return {"due_date": dossier.due_at.strftime("%d/%m/%Y") if dossier.due_at else ""}
