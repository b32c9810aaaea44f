"""Stopping a dossier (dừng giải quyết): the applicant withdrew it, or the law requires it to stop.

The leader of the unit handling the dossier decides (the shared decision part, ``bpmn/shared/decision.bpmn``);
the notice (Mẫu số 05 of Circular 03/2025/TT-VPCP, Annex I: Thông báo dừng giải quyết hồ sơ) is issued to the
applicant and kept with the dossier, which ends with its own status, counted apart in the reports. The cases
(withdrawal at the applicant's request, a stop the law requires) are as far as we know from Nghị định
118/2025/NĐ-CP's secondary summaries [I]: compare with the decree.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from motcua.documents import slips
from motcua.domain.dossier import Status
from motcua.engine.handlers import HandlerContext, Refusal, handler

from ._slips import applicant, issue, letterhead


@handler("stopping.stop")
def stop(ctx: HandlerContext, *, ground: str, reason: str) -> dict[str, Any]:
    """Stop the dossier: the notice of stopping to the applicant, the status ``stopped``, the clock ended.

    ``ground``: ``withdrawn`` (the applicant asked, on the leader form's optional ``stop_request_date``) or
    ``by_law``.
    """
    dossier, now = ctx.dossier, ctx.clock.now()
    if ground not in slips.STOP_GROUNDS:
        raise ValueError(f"the ground for stopping must be one of {', '.join(slips.STOP_GROUNDS)}, not {ground!r}")
    if not reason.strip():
        raise Refusal("stop.reason_missing")
    request_date = ctx.data.get("stop_request_date")
    asked = date.fromisoformat(str(request_date)) if request_date else None
    issue(ctx, "thong-bao-dung", slips.stop_notice(
        letterhead(ctx), applicant=applicant(ctx), procedure=ctx.procedure.name_vi,
        received_at=dossier.received_at, due_at=dossier.due_at, ground=ground, reason=reason, request_date=asked,
        issued_at=now, signer=ctx.office.actor_name(), receiving_unit=ctx.office.unit_name(dossier.receiving_unit)))
    dossier.status = Status.STOPPED
    dossier.finished_at = now
    dossier.paused_at = None
    ctx.office.record("dossier.stopped", {"ground": ground, "reason": reason})
    ctx.office.notify("stopped", {"reason": reason})
    return {"stopped": True}
