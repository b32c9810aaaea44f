"""Units, users and sign-in. Passwords are hashed with Argon2id (argon2-cffi)."""
from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from motcua.services.runtime import Runtime
from motcua.store.models import Unit, User

_hasher = PasswordHasher()


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in, and where they work."""

    id: int
    username: str
    full_name: str
    locale: str
    roles: tuple[tuple[str, str, str], ...]  # (unit code, unit name, role)

    def units_with(self, role: str) -> list[tuple[str, str]]:
        """(code, name) of the units where the user holds a role."""
        return [(code, name) for code, name, r in self.roles if r == role]


def hash_password(password: str) -> str:
    """An Argon2id hash with the library's current parameters."""
    return _hasher.hash(password)


def _signed_in(user: User) -> SignedIn:
    roles = tuple((m.unit.code, m.unit.name, m.role) for m in user.memberships)
    return SignedIn(user.id, user.username, user.full_name, user.locale, roles)


def authenticate(runtime: Runtime, username: str, password: str) -> SignedIn | None:
    """The user if the password matches; None otherwise (same answer for unknown users)."""
    with runtime.uow() as uow:
        user = uow.users.by_username(username.strip())
        if user is None:
            _hasher.hash(password)  # spend the same time as a real check
            return None
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
            uow.commit()
        return _signed_in(user)


def load_user(runtime: Runtime, user_id: int) -> SignedIn | None:
    """The signed-in user for a session id, or None if the account is gone."""
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        return _signed_in(user) if user else None


def add_unit(runtime: Runtime, code: str, name: str, kind: str, parent_code: str | None = None) -> None:
    """Create a unit (idempotent on its code)."""
    with runtime.uow() as uow:
        if uow.units.by_code(code) is None:
            parent = uow.units.by_code(parent_code) if parent_code else None
            uow.units.add(Unit(code=code, name=name, kind=kind, parent_id=parent.id if parent else None))
            uow.commit()


def add_user(runtime: Runtime, username: str, full_name: str, password: str,
             roles: list[tuple[str, str]], locale: str = "vi") -> None:
    """Create a user with (unit code, role) memberships (idempotent on the username)."""
    with runtime.uow() as uow:
        if uow.users.by_username(username) is not None:
            return
        pairs = []
        for unit_code, role in roles:
            unit = uow.units.by_code(unit_code)
            if unit is None:
                raise ValueError(f"unknown unit {unit_code!r} for user {username!r}")
            pairs.append((unit, role))
        uow.users.add(User(username=username, full_name=full_name, password_hash=hash_password(password),
                           locale=locale), pairs)
        uow.commit()


def holders(runtime: Runtime, unit_code: str, role: str) -> list[str]:
    """Usernames of the people holding a role in a unit (who a task of that lane is offered to)."""
    with runtime.uow() as uow:
        unit = uow.units.by_code(unit_code)
        return [] if unit is None else [u.username for u in uow.users.holding(unit.id, role)]
