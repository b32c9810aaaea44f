"""Dossier codes in the national format: unique nationally because they begin with the receiving agency's
electronic identifier (motcua/domain/dossier_codes.py), and per agency and day because the sequence is a
database counter that concurrent writers bump atomically (``Counters.next``)."""
from __future__ import annotations

from datetime import datetime

from motcua.domain.dossier_codes import dossier_code
from motcua.errors import Conflict
from motcua.store.models import Unit
from motcua.store.ports import UnitOfWorkPort


def require_agency_code(unit: Unit) -> str:
    """The unit's electronic identifier; a unit without one may not receive (its codes would not be national)."""
    if not unit.agency_code:
        raise Conflict("unit.no_agency_code", unit=unit.name)
    return unit.agency_code


def next_dossier_code(uow: UnitOfWorkPort, unit: Unit, at: datetime) -> str:
    """``<identifier>-<yymmdd>-<4-digit sequence of that unit and day>``, e.g. ``000.00.31.H53-250701-0001``."""
    agency = require_agency_code(unit)
    return dossier_code(agency, at, uow.counters.next(f"dossier:{agency}:{at:%y%m%d}"))
