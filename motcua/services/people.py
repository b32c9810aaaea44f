"""Units and users. Passwords are hashed with Argon2id (``Runtime.passwords``) and must pass the policy of
motcua/domain/passwords.py; signing in, its lockout and second factor are in services/security.py."""
from __future__ import annotations

from dataclasses import dataclass

from motcua.domain.passwords import check_password
from motcua.services.runtime import Runtime
from motcua.store.models import Unit, User


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in, and where they work."""

    id: int
    username: str
    full_name: str
    locale: str
    roles: tuple[tuple[str, str, str], ...]  # (unit code, unit name, role)
    generation: int = 0  # sessions opened in an older generation have ended (services/security.py)
    second_factor: bool = False  # enrolled in TOTP

    def units_with(self, role: str) -> list[tuple[str, str]]:
        """(code, name) of the units where the user holds a role."""
        return [(code, name) for code, name, r in self.roles if r == role]


def signed_in(user: User) -> SignedIn:
    """What a request needs to know of a user row, detached from the database session."""
    roles = tuple((m.unit.code, m.unit.name, m.role) for m in user.memberships)
    return SignedIn(user.id, user.username, user.full_name, user.locale, roles, user.session_generation or 0,
                    user.totp_secret is not None)


def load_user(runtime: Runtime, user_id: int) -> SignedIn | None:
    """The signed-in user for a session id, or None if the account is gone."""
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        return signed_in(user) if user else None


def add_unit(runtime: Runtime, code: str, name: str, kind: str, parent_code: str | None = None) -> None:
    """Create a unit (idempotent on its code)."""
    with runtime.uow() as uow:
        if uow.units.by_code(code) is None:
            parent = uow.units.by_code(parent_code) if parent_code else None
            uow.units.add(Unit(code=code, name=name, kind=kind, parent_id=parent.id if parent else None))
            uow.commit()


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
