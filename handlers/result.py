"""Result return (trả kết quả): the citizen receives the result and the dossier is classified."""
from __future__ import annotations

from motcua.domain.calendar import classify
from motcua.domain.dossier import Status, Timeliness
from motcua.engine.handlers import HandlerContext, handler


@handler("result.return")
def return_result(ctx: HandlerContext, *, recipient_name: str) -> dict:
    """Close the dossier and classify it early / on time / late against its appointment date."""
    dossier = ctx.dossier
    dossier.finished_at = ctx.clock.now()
    dossier.timeliness = classify(dossier.finished_at, dossier.due_at) if dossier.due_at else Timeliness.LATE
    dossier.status = Status.RETURNED
    ctx.record("dossier.returned", {"recipient": recipient_name, "timeliness": dossier.timeliness.value})
    return {"timeliness": dossier.timeliness.value}
