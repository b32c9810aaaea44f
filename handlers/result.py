"""Result return (trả kết quả): late dossiers apologise first; the return classifies the dossier."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from motcua.documents import slips
from motcua.domain.calendar import classify
from motcua.domain.dossier import Status, Timeliness
from motcua.engine.handlers import HandlerContext, Refusal, handler

from ._slips import issue, letterhead


@handler("result.check_deadline")
def check_deadline(ctx: HandlerContext) -> dict[str, Any]:
    """Is the dossier past its appointment? Then it needs an apology before it is returned.

    The moment the result reaches the return counter is kept: a citizen who collects it after the
    appointment does not make the office late.
    """
    due, now = ctx.dossier.due_at, ctx.clock.now()
    return {"late": bool(due and now > due), "result_ready_at": now.isoformat()}


@handler("result.apologize")
def apologize(ctx: HandlerContext, *, reason: str, new_date: str) -> dict[str, Any]:
    """Issue the apology slip with a new appointment (Phiếu xin lỗi và hẹn lại ngày trả kết quả)."""
    dossier = ctx.dossier
    now = ctx.clock.now()
    new_due = ctx.calendar.closing(date.fromisoformat(new_date))
    if new_due <= now:
        raise Refusal("apology.date_not_after_today", date=f"{new_due:%d/%m/%Y}")
    if dossier.received_at is None or dossier.due_at is None:
        raise Refusal("apology.before_intake")
    issue(ctx, "phieu-xin-loi", slips.apology(
        letterhead(ctx), applicant=dossier.applicant_name, procedure=ctx.procedure.name_vi,
        received_at=dossier.received_at, due_at=dossier.due_at, new_due_at=new_due, reason=reason,
        issued_at=now, signer=ctx.office.actor_name()))
    ctx.office.record("dossier.apologized", {"reason": reason, "new_due_at": new_due.isoformat()})
    return {"apology_issued": True, "new_due_date": new_due.strftime("%d/%m/%Y")}


@handler("result.return")
def return_result(ctx: HandlerContext, *, recipient_name: str) -> dict[str, Any]:
    """Hand the result over, record who received it, and classify early / on time / late.

    The class is the office's: it counts from when the result was ready at the counter (``check_deadline``),
    not from when the citizen came for it.
    """
    dossier = ctx.dossier
    finished = ctx.clock.now()
    ready = ctx.data.get("result_ready_at")
    done = min(finished, datetime.fromisoformat(ready)) if ready else finished
    timeliness = classify(done, dossier.due_at) if dossier.due_at else Timeliness.LATE
    if timeliness == Timeliness.LATE and not ctx.data.get("apology_issued"):
        raise Refusal("return.apology_first")
    dossier.finished_at, dossier.timeliness = finished, timeliness
    dossier.rating = ctx.data.get("rating")
    dossier.status = Status.RETURNED
    ctx.office.record("dossier.returned", {
        "recipient": recipient_name, "recipient_id": ctx.data.get("recipient_id_number"),
        "timeliness": timeliness.value, "rating": dossier.rating,
    })
    return {"timeliness": timeliness.value}
