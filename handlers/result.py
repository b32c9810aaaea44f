"""Result return (trả kết quả): late dossiers apologise first; the return classifies the dossier."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from motcua.documents import slips
from motcua.domain.calendar import classify
from motcua.domain.channels import BadPostalItem, Channel, postal_item
from motcua.domain.dossier import Status, Timeliness
from motcua.engine.handlers import HandlerContext, Refusal, handler

from ._slips import applicant, issue, letterhead, return_place


@handler("result.check_deadline")
def check_deadline(ctx: HandlerContext) -> dict[str, Any]:
    """Is the dossier past its appointment? Then it needs an apology before it is returned.

    The moment the result reaches the return counter is kept: a citizen who collects it after the
    appointment does not make the office late. The citizen is told the result is ready.
    """
    due, now = ctx.dossier.due_at, ctx.clock.now()
    ctx.office.notify("result_ready", {"return_place": return_place(ctx)})
    return {"late": bool(due and now > due), "result_ready_at": now.isoformat()}


@handler("result.apologize")
def apologize(ctx: HandlerContext, *, reason: str, new_date: str) -> dict[str, Any]:
    """Issue the apology that asks the citizen to extend the time to a new date (Mẫu số 04: Văn bản xin lỗi và
    đề nghị gia hạn thời gian giải quyết), signed by the head of the unit that is late."""
    dossier = ctx.dossier
    now = ctx.clock.now()
    new_due = ctx.calendar.closing(date.fromisoformat(new_date))
    if new_due <= now:
        raise Refusal("apology.date_not_after_today", date=f"{new_due:%d/%m/%Y}")
    if dossier.received_at is None or dossier.due_at is None:
        raise Refusal("apology.before_intake")
    issue(ctx, "phieu-xin-loi", slips.apology(
        letterhead(ctx), applicant=applicant(ctx), procedure=ctx.procedure.name_vi,
        received_at=dossier.received_at, due_at=dossier.due_at, new_due_at=new_due, reason=reason,
        issued_at=now, signer=ctx.office.actor_name(), receiving_unit=ctx.office.unit_name(dossier.receiving_unit)))
    ctx.office.record("dossier.apologized", {"reason": reason, "new_due_at": new_due.isoformat()})
    ctx.office.notify("apology", {"reason": reason, "new_date": f"{new_due:%d/%m/%Y}"})
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
    by_post = _by_post(ctx) if ctx.data.get("return_channel") == Channel.POSTAL else None
    dossier.finished_at, dossier.timeliness = finished, timeliness
    dossier.rating = ctx.data.get("rating")
    dossier.status = Status.RETURNED
    dossier.result_channel = (Channel.POSTAL if by_post else Channel.COUNTER).value
    if by_post:
        dossier.result_postal_address, dossier.result_postal_item, dossier.result_posted_on = by_post
    ctx.office.record("dossier.returned", {
        "recipient": recipient_name, "recipient_id": ctx.data.get("recipient_id_number"),
        "timeliness": timeliness.value, "rating": dossier.rating, "channel": dossier.result_channel,
        **({"postal_item": by_post[1], "posted_on": by_post[2].isoformat()} if by_post else {}),
    })
    return {"timeliness": timeliness.value}


def _by_post(ctx: HandlerContext) -> tuple[str, str, date]:
    """The address, item number and hand-over date of a result sent by the public postal service.

    The form checks them; this check also holds for a form kept by an older version of the procedure."""
    address = str(ctx.data.get("postal_address") or "").strip()
    if not address:
        raise Refusal("return.postal_address_missing")
    typed = str(ctx.data.get("postal_item") or "")
    if not typed.strip():
        raise Refusal("input.postal_item_missing")
    try:
        item = postal_item(typed)
    except BadPostalItem as exc:
        raise Refusal("input.postal_item_check" if exc.check_digit else "input.postal_item", value=typed) from exc
    try:
        posted = date.fromisoformat(str(ctx.data.get("posted_on") or ""))
    except ValueError as exc:
        raise Refusal("return.posted_on_missing") from exc
    if posted > ctx.clock.now().date():
        raise Refusal("return.posted_on_future", date=f"{posted:%d/%m/%Y}")
    return address, item, posted
