"""Who may see and do what: roles held in units.

A clerk sees the dossiers their unit received or now handles, and acts on a
task only with the task's role in the unit where the dossier currently sits.
"""
from __future__ import annotations

from motcua.store.models import Dossier, User, WorkItem


def memberships(user: User) -> list[tuple[int, str]]:
    """(unit id, role) pairs the user holds."""
    return [(m.unit_id, m.role) for m in user.memberships]


def unit_ids(user: User) -> set[int]:
    """Units the user belongs to, in any role."""
    return {m.unit_id for m in user.memberships}


def can_act(user: User, item: WorkItem) -> bool:
    """True when the user holds the task's role in the task's unit."""
    return (item.unit_id, item.role) in memberships(user)


def can_see(user: User, dossier: Dossier) -> bool:
    """True when the dossier was received by, or now sits in, one of the user's units."""
    units = unit_ids(user)
    return dossier.handling_unit_id in units or dossier.receiving_unit_id in units


def has_role(user: User, unit_id: int, role: str) -> bool:
    """True when the user holds a given role in a given unit."""
    return (unit_id, role) in memberships(user)
