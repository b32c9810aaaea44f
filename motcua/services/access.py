"""Who may see and do what: roles held in units.

A clerk acts on a task only with the task's role in the unit where the dossier currently sits. A clerk sees
every dossier one of their units held at some time: received it, handles it now, or handed it on or had it
handed to them (the transfer log). A ward that decided a dossier received elsewhere keeps reading it after
the result goes back, and the place it is now is shown beside it.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from motcua.errors import NotFound
from motcua.store.models import Dossier, WorkItem
from motcua.store.ports import UnitOfWorkPort


class Held(Protocol):
    """A role held in a unit."""

    @property
    def unit_id(self) -> int: ...
    @property
    def role(self) -> str: ...


class Person(Protocol):
    """Whom access is decided for: a user row with its memberships, or the signed-in person the web layer
    already loaded for this request (``people.SignedIn``), so a page need not load them again."""

    @property
    def id(self) -> int: ...
    @property
    def memberships(self) -> Sequence[Held]: ...


def person(uow: UnitOfWorkPort, who: int | Person) -> Person:
    """The person given, or the user with that id (NotFound when there is none)."""
    if not isinstance(who, int):
        return who
    user = uow.users.get(who)
    if user is None:
        raise NotFound("user.not_found")
    return user


def memberships(user: Person) -> list[tuple[int, str]]:
    """(unit id, role) pairs the user holds."""
    return [(m.unit_id, m.role) for m in user.memberships]


def unit_ids(user: Person) -> set[int]:
    """Units the user belongs to, in any role."""
    return {m.unit_id for m in user.memberships}


def can_act(user: Person, item: WorkItem) -> bool:
    """True when the user holds the task's role in the task's unit."""
    return (item.unit_id, item.role) in memberships(user)


def holds_now(user: Person, dossier: Dossier) -> bool:
    """True when the dossier was received by, or now sits in, one of the user's units (not only held once)."""
    units = unit_ids(user)
    return dossier.handling_unit_id in units or dossier.receiving_unit_id in units


def can_see(uow: UnitOfWorkPort, user: Person, dossier: Dossier) -> bool:
    """True when one of the user's units holds the dossier now or held it once (the transfer log says so; read
    only when the dossier is not the user's units' now)."""
    return holds_now(user, dossier) or bool(unit_ids(user) & uow.transfers.holders(dossier.id))


def held_by(user: Person, dossier: Dossier, holders: set[int]) -> bool:
    """``can_see`` with the units the transfer log names already read (many dossiers checked at once)."""
    return holds_now(user, dossier) or bool(unit_ids(user) & holders)


def has_role(user: Person, unit_id: int, role: str) -> bool:
    """True when the user holds a given role in a given unit."""
    return (unit_id, role) in memberships(user)


def store_units(uow: UnitOfWorkPort, unit_id: int) -> set[int]:
    """The units whose digitised papers a unit may read from a citizen's store: every unit of its province (the
    top of its tree), since the province runs the one-stop system that holds them; another province's stay
    out, as their papers would in the national portal's store, which this pack does not link to."""
    top = uow.units.get(unit_id)
    while top is not None and top.parent_id is not None:
        top = uow.units.get(top.parent_id)
    return uow.units.with_descendants([top.id]) if top is not None else set()
