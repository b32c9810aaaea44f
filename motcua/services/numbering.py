"""Dossier codes: unique nationally because they begin with the unit's administrative code."""
from __future__ import annotations

from datetime import datetime

from motcua.store.ports import UnitOfWorkPort


def next_dossier_code(uow: UnitOfWorkPort, unit_code: str, at: datetime) -> str:
    """``<unit code>-<yymmdd>-<4-digit sequence of that unit and day>``, e.g. ``27436-250701-0001``."""
    day = at.strftime("%y%m%d")
    number = uow.counters.next(f"dossier:{unit_code}:{day}")
    return f"{unit_code}-{day}-{number:04d}"
