"""Result return (trả kết quả): the citizen receives the result and the dossier is classified."""
from __future__ import annotations

from motcua.domain.dossier import Status, Timeliness
from motcua.engine.handlers import HandlerContext, handler


@handler("result.return")
def return_result(ctx: HandlerContext, *, recipient_name: str) -> dict:
    """Close the dossier and classify it early / on time / late against its appointment date."""
    dossier = ctx.dossier
    finished = ctx.clock.now()
    dossier.finished_at = finished
    due = dossier.due_at
    if due is None or finished > due:
        dossier.timeliness = Timeliness.LATE
    elif finished.date() < due.date():
        dossier.timeliness = Timeliness.EARLY
    else:
        dossier.timeliness = Timeliness.ON_TIME
    dossier.status = Status.RETURNED
    ctx.record("dossier.returned", {"recipient": recipient_name, "timeliness": dossier.timeliness.value})
    return {"timeliness": dossier.timeliness.value}
