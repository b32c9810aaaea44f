"""Step deadlines: what a timer on a processing step does when the step nears or passes its deadline."""
from __future__ import annotations

from typing import Any

from motcua.engine.handlers import HandlerContext, handler


@handler("sla.escalate")
def escalate(ctx: HandlerContext, *, level: str, step: str) -> dict[str, Any]:
    """Mark the dossier at risk (``near_due`` or ``overdue``) and notify the leaders of the unit handling it."""
    ctx.office.escalate(level, step)
    return {}
