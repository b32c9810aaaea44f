"""Sign-in security: the lockout, the second factor (TOTP), ending sessions, and the audit of all of it.

Leaders sign legal results and administrators hand dossiers over, so a password alone is not enough for
them: the roles in SECOND_FACTOR_ROLES sign in with a TOTP code from an authenticator app as well (RFC 6238,
pyotp). Failures in a row, of the password or the code, lock the account for LOCK_MINUTES; an
administrator of the user's unit can unlock it earlier. The counters live in the database, so every
process serving the app sees the same count (the per-address throttles are in the web layer's limiter).

TOTP codes are checked against the wall clock, not the application's clock: the phone computing them
keeps real time even when a rehearsal stops the application's clock.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pyotp
from argon2.exceptions import InvalidHashError, VerificationError

from motcua.domain.passwords import check_password
from motcua.services.errors import Conflict, Forbidden, NotFound
from motcua.services.people import SignedIn, signed_in
from motcua.services.runtime import Runtime
from motcua.store.models import SecurityEvent, Unit, User
from motcua.store.ports import UnitOfWorkPort

SECOND_FACTOR_ROLES = ("leader", "admin", "analyst")
LOCK_AFTER = 10  # failures in a row
LOCK_MINUTES = 30
ISSUER = "MotCua"


@dataclass(frozen=True)
class Attempt:
    """What a sign-in step decided: ``outcome`` is "ok", "second_factor" (ask for the code), "enrol" (the role
    needs a second factor the user has not set up), "refused" or "locked" (then ``locked_until`` says until when)."""

    outcome: str
    user: SignedIn | None = None
    locked_until: datetime | None = None


def needs_second_factor(user: User, required: bool) -> bool:
    """True when the user must give a code: enrolled, or (when the deployment requires it) holding such a role."""
    return user.totp_secret is not None or (required and any(m.role in SECOND_FACTOR_ROLES
                                                              for m in user.memberships))


def _locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def _failed(uow: UnitOfWorkPort, user: User, now: datetime, address: str | None, kind: str) -> Attempt:
    """Count a failure; the LOCK_AFTER-th in a row locks the account."""
    user.failed_logins = (user.failed_logins or 0) + 1
    uow.audit.record(now, kind, username=user.username, user_id=user.id, address=address,
                     detail={"in_a_row": user.failed_logins})
    if user.failed_logins >= LOCK_AFTER:
        user.locked_until, user.failed_logins = now + timedelta(minutes=LOCK_MINUTES), 0
        uow.audit.record(now, "account.locked", username=user.username, user_id=user.id, address=address,
                         detail={"until": user.locked_until.isoformat()})
        uow.commit()
        return Attempt("locked", locked_until=user.locked_until)
    uow.commit()
    return Attempt("refused")


def _succeeded(uow: UnitOfWorkPort, user: User, now: datetime, address: str | None) -> Attempt:
    user.failed_logins = 0
    uow.audit.record(now, "signin.succeeded", username=user.username, user_id=user.id, address=address)
    uow.commit()
    return Attempt("ok", signed_in(user))


def check_password_step(runtime: Runtime, username: str, password: str, address: str | None,
                        require_second_factor: bool) -> Attempt:
    """The first step of signing in. A locked account is refused without looking at the password."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        user = uow.users.by_username(username.strip())
        if user is None:
            runtime.passwords.hash(password)  # spend the same time as a real check
            uow.audit.record(now, "signin.failed", username=username.strip()[:80], address=address,
                             detail={"reason": "unknown user"})
            uow.commit()
            return Attempt("refused")
        if _locked(user, now):
            uow.audit.record(now, "signin.refused_locked", username=user.username, user_id=user.id, address=address)
            uow.commit()
            return Attempt("locked", locked_until=user.locked_until)
        try:
            runtime.passwords.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return _failed(uow, user, now, address, "signin.failed")
        if runtime.passwords.check_needs_rehash(user.password_hash):
            user.password_hash = runtime.passwords.hash(password)
        if needs_second_factor(user, require_second_factor):
            uow.commit()
            return Attempt("second_factor" if user.totp_secret else "enrol", signed_in(user))
        return _succeeded(uow, user, now, address)


def _code_matches(secret: str, code: str) -> bool:
    """A six-digit code of this 30-second step or the one either side (a phone's clock drifts a little)."""
    code = "".join(code.split())
    return len(code) == 6 and code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)  # wall clock


def _refused_code(runtime: Runtime, uow: UnitOfWorkPort, user: User, code: str, now: datetime,
                  address: str | None) -> Attempt | None:
    """Why a user's code is refused (no second factor, locked, wrong: counted towards the lockout), or None."""
    if user.totp_secret is None:
        return Attempt("refused")
    if _locked(user, now):
        return Attempt("locked", locked_until=user.locked_until)
    secret = runtime.secrets.open(user.totp_secret)
    if secret is None or not _code_matches(secret, code):
        return _failed(uow, user, now, address, "2fa.failed")
    return None


def check_code_step(runtime: Runtime, user_id: int, code: str, address: str | None) -> Attempt:
    """The second step of signing in (or a fresh proof before signing): the code from the user's app."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:  # the account went away between the two steps
            return Attempt("refused")
        refused = _refused_code(runtime, uow, user, code, now, address)
        return refused or _succeeded(uow, user, now, address)


def confirm_code(runtime: Runtime, user_id: int, code: str, address: str | None, purpose: str) -> Attempt:
    """A fresh second factor for an act (signing a result): a wrong code counts towards the lockout too."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:  # the account went away since it signed in
            return Attempt("refused")
        refused = _refused_code(runtime, uow, user, code, now, address)
        if refused is not None:
            return refused
        user.failed_logins = 0
        uow.audit.record(now, "2fa.confirmed", username=user.username, user_id=user.id, address=address,
                         detail={"for": purpose})
        uow.commit()
        return Attempt("ok", signed_in(user))


def new_secret() -> str:
    """A fresh base32 TOTP seed (160 bits) for an enrolment."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, username: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def enrol(runtime: Runtime, user_id: int, secret: str, code: str, address: str | None) -> bool:
    """Keep ``secret`` (sealed) as the user's second factor once a code from it proves the app holds it."""
    if not _code_matches(secret, code):
        return False
    now = runtime.clock.now()
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("user.not_found")
        if user.totp_secret is not None:  # else a password alone would replace the second factor
            raise Conflict("totp.already_enrolled")
        user.totp_secret, user.totp_enrolled_at, user.failed_logins = runtime.secrets.seal(secret), now, 0
        uow.audit.record(now, "2fa.enrolled", username=user.username, user_id=user.id, address=address)
        uow.commit()
    return True


def set_known_secret(runtime: Runtime, username: str, secret: str) -> None:
    """Enrol a user with a given seed, without a code: for demo staff, whose seed is published."""
    with runtime.uow() as uow:
        user = uow.users.by_username(username)
        if user is None:
            raise NotFound("user.not_found_by_name", username=username)
        if user.totp_secret is None:
            user.totp_secret, user.totp_enrolled_at = runtime.secrets.seal(secret), runtime.clock.now()
            uow.commit()


@dataclass(frozen=True)
class Resealed:
    """What ``reseal_second_factors`` did: seeds moved to the current secret, and whose seed nothing opens."""

    moved: int
    unreadable: list[str]


def reseal_second_factors(runtime: Runtime) -> Resealed:
    """Seal every stored second-factor seed under the current app secret.

    Run after rotating ``MOTCUA_SECRET_KEY`` with the old one in ``MOTCUA_PREVIOUS_SECRET_KEYS``: afterwards the
    previous secret may be dropped. A seed no known secret opens is left as it is and named (its owner's second
    factor must be reset by an administrator); nothing else changes.
    """
    moved, unreadable = 0, []
    with runtime.uow() as uow:
        for user in uow.users.with_second_factor():
            sealed = runtime.secrets.reseal(user.totp_secret) if user.totp_secret else None
            if sealed is None:
                unreadable.append(user.username)
                continue
            user.totp_secret = sealed
            moved += 1
        uow.audit.record(runtime.clock.now(), "2fa.resealed", detail={"moved": moved, "unreadable": unreadable})
        uow.commit()
    return Resealed(moved, unreadable)


def end_sessions(runtime: Runtime, user_id: int, address: str | None, kind: str = "signout") -> int:
    """End every session of the user (a session carries the generation it was opened in); the new generation."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:
            return 0
        user.session_generation = (user.session_generation or 0) + 1
        uow.audit.record(now, kind, username=user.username, user_id=user.id, address=address)
        uow.commit()
        return user.session_generation


def change_password(runtime: Runtime, user_id: int, current: str, new: str, address: str | None) -> int:
    """Replace the password (the policy applies) and end the user's other sessions; the new generation.

    Raises WeakPassword for a new password the policy refuses, Forbidden for a wrong current one."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("user.not_found")
        try:
            runtime.passwords.verify(user.password_hash, current)
        except (VerificationError, InvalidHashError):
            uow.audit.record(now, "password.change_refused", username=user.username, user_id=user.id,
                             address=address)
            uow.commit()
            raise Forbidden("password.wrong_current") from None
        check_password(new, user.username)
        user.password_hash = runtime.passwords.hash(new)
        user.session_generation = (user.session_generation or 0) + 1
        uow.audit.record(now, "password.changed", username=user.username, user_id=user.id, address=address)
        uow.commit()
        return user.session_generation


# What an administrator of a unit does for its people.

@dataclass(frozen=True)
class Account:
    """One line of the administrator's list of accounts."""

    username: str
    full_name: str
    roles: tuple[tuple[str, str], ...]  # (unit name, role)
    locked_until: datetime | None
    second_factor: bool


def _subtree(units: Iterable[Unit], roots: set[int]) -> set[int]:
    """The ids of units under any root, roots included."""
    by_parent: dict[int | None, list[int]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit.id)
    found, frontier = set(), list(roots)
    while frontier:
        current = frontier.pop()
        if current not in found:
            found.add(current)
            frontier.extend(by_parent.get(current, []))
    return found


def _administered(uow: UnitOfWorkPort, admin_id: int) -> tuple[User, set[int], bool]:
    """The administrator, the units they administer (with every unit under them), and whether one is a root
    unit (such an administrator also sees failures naming accounts that do not exist)."""
    admin = uow.users.get(admin_id)
    roots = {m.unit_id for m in admin.memberships if m.role == "admin"} if admin else set()
    if admin is None or not roots:
        raise Forbidden("admin.admins_only")
    units = list(uow.units.all())
    top = any(u.parent_id is None for u in units if u.id in roots)
    return admin, _subtree(units, roots), top


def accounts(runtime: Runtime, admin_id: int) -> list[Account]:
    """The accounts of the administrator's units, with their lock and second-factor state."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        _, unit_ids, _ = _administered(uow, admin_id)
        return [Account(u.username, u.full_name, tuple((m.unit.name, m.role) for m in u.memberships),
                        u.locked_until if _locked(u, now) else None, u.totp_secret is not None)
                for u in uow.users.in_units(unit_ids)]


def _managed(uow: UnitOfWorkPort, admin_id: int, username: str) -> tuple[User, User]:
    admin, unit_ids, _ = _administered(uow, admin_id)
    user = uow.users.by_username(username)
    if user is None or not any(m.unit_id in unit_ids for m in user.memberships):
        raise NotFound("admin.account_not_yours", username=username)
    return admin, user


def unlock(runtime: Runtime, admin_id: int, username: str, address: str | None) -> None:
    """An administrator lifts a lockout before it ends."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        admin, user = _managed(uow, admin_id, username)
        user.locked_until, user.failed_logins = None, 0
        uow.audit.record(now, "account.unlocked", username=user.username, user_id=user.id, actor_id=admin.id,
                         address=address)
        uow.commit()


def reset_second_factor(runtime: Runtime, admin_id: int, username: str, address: str | None) -> None:
    """A lost phone: the user enrols again at the next sign-in, and their sessions end now."""
    now = runtime.clock.now()
    with runtime.uow() as uow:
        admin, user = _managed(uow, admin_id, username)
        user.totp_secret, user.totp_enrolled_at = None, None
        user.session_generation = (user.session_generation or 0) + 1
        uow.audit.record(now, "2fa.reset", username=user.username, user_id=user.id, actor_id=admin.id,
                         address=address)
        uow.commit()


@dataclass(frozen=True)
class AuditLine:
    """One security event as an administrator reads it."""

    at: datetime
    kind: str
    username: str
    actor: str
    address: str
    detail: dict[str, Any]


def audit_log(runtime: Runtime, admin_id: int, start: datetime, end: datetime) -> list[AuditLine]:
    """Security events of the administrator's people in [start, end), newest first."""
    with runtime.uow() as uow:
        _, unit_ids, top = _administered(uow, admin_id)
        people = {u.id: u.username for u in uow.users.in_units(unit_ids)}
        rows: list[SecurityEvent] = uow.audit.between(start, end, people.keys(), include_unknown=top)
        actors = {u.id: u.username for u in (uow.users.get(r.actor_id) for r in rows if r.actor_id) if u}
        return [AuditLine(r.at, r.kind, r.username, actors.get(r.actor_id, "") if r.actor_id else "",
                          r.address or "", dict(r.detail or {})) for r in rows]



