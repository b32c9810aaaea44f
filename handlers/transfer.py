"""Inter-unit transfer (liên thông): a dossier received at one unit is decided by another and comes back.

This is the "procedures without administrative boundaries" of the trial: received at
Long An ward, decided by Kiến Tường ward, the result returned where the citizen chose.
"""
from __future__ import annotations

from typing import Any

from motcua.engine.handlers import HandlerContext, handler


@handler("transfer.to_unit")
def to_unit(ctx: HandlerContext, *, unit: str, comment: str = "") -> dict[str, Any]:
    """Send the dossier to the unit competent for it (no-op when it already sits there)."""
    if unit and unit != ctx.dossier.handling_unit:
        ctx.office.transfer(unit, "route", comment or "Chuyển đơn vị có thẩm quyền giải quyết")
    return {"competent_unit": unit}


@handler("transfer.to_reception")
def to_reception(ctx: HandlerContext, *, comment: str = "") -> dict[str, Any]:
    """Bring the dossier (and its result) back to the counter where the citizen collects it."""
    if ctx.dossier.receiving_unit != ctx.dossier.handling_unit:
        ctx.office.transfer(ctx.dossier.receiving_unit, "return", comment or "Chuyển kết quả về nơi tiếp nhận")
    return {}
