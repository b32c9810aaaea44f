"""Units and users. Passwords are hashed with Argon2id (``Runtime.passwords``) and must pass the policy of
motcua/domain/passwords.py; signing in, its lockout and second factor are in services/security.py."""
from __future__ import annotations

from dataclasses import dataclass

from motcua.domain.dossier_codes import BadAgencyCode, agency_code
from motcua.domain.passwords import check_password
from motcua.services.errors import Forbidden, InvalidField, NotFound
from motcua.services.runtime import Runtime
from motcua.store.models import Unit, User
from motcua.store.ports import UnitOfWorkPort


@dataclass(frozen=True)
class UnitRole:
    """A role held in a unit, by the unit's id (what access rules compare)."""

    unit_id: int
    role: str


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in, and where they work; an ``access.Person``, so reading pages take it as it is."""

    id: int
    username: str
    full_name: str
    locale: str
    roles: tuple[tuple[str, str, str], ...]  # (unit code, unit name, role)
    generation: int = 0  # sessions opened in an older generation have ended (services/security.py)
    second_factor: bool = False  # enrolled in TOTP
    memberships: tuple[UnitRole, ...] = ()

    def units_with(self, role: str) -> list[tuple[str, str]]:
        """(code, name) of the units where the user holds a role."""
        return [(code, name) for code, name, r in self.roles if r == role]


def signed_in(user: User) -> SignedIn:
    """What a request needs to know of a user row, detached from the database session."""
    roles = tuple((m.unit.code, m.unit.name, m.role) for m in user.memberships)
    return SignedIn(user.id, user.username, user.full_name, user.locale, roles, user.session_generation or 0,
                    user.totp_secret is not None, tuple(UnitRole(m.unit_id, m.role) for m in user.memberships))


def load_user(runtime: Runtime, user_id: int) -> SignedIn | None:
    """The signed-in user for a session id, or None if the account is gone."""
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        return signed_in(user) if user else None


def add_unit(runtime: Runtime, code: str, name: str, kind: str, parent_code: str | None = None,
             identifier: str | None = None) -> None:
    """Create a unit (idempotent on its code) with its electronic identifier, which an existing unit without
    one also gets; a malformed identifier raises BadAgencyCode (a ValueError)."""
    checked = agency_code(identifier) if identifier else None
    with runtime.uow() as uow:
        unit = uow.units.by_code(code)
        if unit is None:
            parent = uow.units.by_code(parent_code) if parent_code else None
            uow.units.add(Unit(code=code, name=name, kind=kind, parent_id=parent.id if parent else None,
                               agency_code=checked))
        elif unit.agency_code is None and checked:
            unit.agency_code = checked
        uow.commit()


@dataclass(frozen=True)
class UnitLine:
    """A unit as its administrator sees it on the units page."""

    code: str
    name: str
    kind: str
    agency_code: str | None


def _administered(uow: UnitOfWorkPort, admin_id: int) -> set[int]:
    """The units an administrator answers for (their own and every unit under them)."""
    admin = uow.users.get(admin_id)
    roots = {m.unit_id for m in admin.memberships if m.role == "admin"} if admin else set()
    if not roots:
        raise Forbidden("admin.admins_only")
    return uow.units.with_descendants(roots)


def administered_units(runtime: Runtime, admin_id: int) -> list[UnitLine]:
    """The administrator's units with their electronic identifiers (empty where none is set yet)."""
    with runtime.uow() as uow:
        ids = _administered(uow, admin_id)
        return [UnitLine(u.code, u.name, u.kind, u.agency_code) for u in uow.units.all() if u.id in ids]


def set_agency_code(runtime: Runtime, admin_id: int, unit_code: str, value: str, address: str | None) -> str:
    """An administrator sets a unit's electronic identifier (the start of its dossier codes, QCVN 102:2016/BTTTT).

    A malformed or already used identifier is refused naming the field, and the unit keeps the one it had;
    dossiers already coded keep their codes."""
    try:
        checked = agency_code(value)
    except BadAgencyCode as exc:
        raise InvalidField("input.agency_code", "agency_code", value.strip()) from exc
    with runtime.uow() as uow:
        unit = uow.units.by_code(unit_code)
        if unit is None or unit.id not in _administered(uow, admin_id):
            raise NotFound("unit.not_found", unit=unit_code)
        holder = uow.units.by_agency_code(checked)
        if holder is not None and holder.id != unit.id:
            raise InvalidField("input.agency_code_taken", "agency_code", checked, unit=holder.name)
        before, unit.agency_code = unit.agency_code, checked
        uow.audit.record(runtime.clock.now(), "unit.agency_code_set", user_id=admin_id, actor_id=admin_id,
                         address=address, detail={"unit": unit.code, "before": before, "after": checked})
        uow.commit()
        return checked


def add_user(runtime: Runtime, username: str, full_name: str, password: str,
             roles: list[tuple[str, str]], locale: str = "vi", title: str | None = None) -> None:
    """Create a user with (unit code, role) memberships (idempotent on the username); ``title`` is their chức
    danh ("Chủ tịch", "Phó Chủ tịch"), printed over their name on the results they sign.

    Raises WeakPassword (a ValueError) naming the rule a new user's password breaks."""
    with runtime.uow() as uow:
        if uow.users.by_username(username) is not None:
            return
        check_password(password, username)
        pairs = []
        for unit_code, role in roles:
            unit = uow.units.by_code(unit_code)
            if unit is None:
                raise ValueError(f"unknown unit {unit_code!r} for user {username!r}")
            pairs.append((unit, role))
        user = uow.users.add(User(username=username, full_name=full_name, title=title,
                                  password_hash=runtime.passwords.hash(password), locale=locale), pairs)
        uow.audit.record(runtime.clock.now(), "user.created", username=username, user_id=user.id,
                         detail={"roles": [[unit.code, role] for unit, role in pairs]})
        uow.commit()


def holders(runtime: Runtime, unit_code: str, role: str) -> list[str]:
    """Usernames of the people holding a role in a unit (who a task of that lane is offered to)."""
    with runtime.uow() as uow:
        unit = uow.units.by_code(unit_code)
        return [] if unit is None else [u.username for u in uow.users.holding(unit.id, role)]
