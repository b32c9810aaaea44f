"""Who signs in for a trial replayed over HTTP: the units of a deployment and, per role, an account.

A scenario names people by role and unit ("the leader of Kiến Tường"); a running deployment knows them only by
username and password. The accounts file says, per unit (its full name as the deployment shows it), its code
and the username of one holder of each role; a default password and TOTP seed for all of them (the rehearsal
accounts share them), and optionally one account's own. ``motcua trial prepare`` writes it from the deployment's
database. Passwords and seeds may be left out of the file and given by ``MOTCUA_TRIAL_PASSWORD`` and
``MOTCUA_TRIAL_TOTP_SEED`` (or ``--password`` / ``--totp-seed``), so the file itself holds no secret::

    password = "…"          # optional: every account's, unless its own is given below
    totp_seed = "…"         # optional: the authenticator seed of the accounts that sign in with a code

    [units."Phường Long An"]
    code = "80001"
    reception = "tiepnhan.longan"
    leader = "lanhdao.longan"

    [accounts."lanhdao.longan"]   # optional: one account's own password or seed
    password = "…"
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from motcua.domain.roles import ROLES
from motcua.services.people import holders
from motcua.services.queries import unit_choices
from motcua.services.runtime import Runtime


@dataclass(frozen=True)
class Account:
    """One person to sign in as."""

    username: str
    password: str
    totp_seed: str | None


@dataclass(frozen=True)
class Accounts:
    """The units of the deployment and who holds each role there."""

    units: dict[str, dict[str, str]]  # full name -> {"code": …, role: username}
    password: str = ""
    totp_seed: str | None = None
    own: dict[str, dict[str, str]] = field(default_factory=dict)  # username -> {"password"/"totp_seed": …}

    def unit_names(self) -> list[str]:
        """Every name a scenario may use for a unit: full ("Phường Long An") and bare ("Long An")."""
        return [n for full in self.units for n in (full, full.split(" ", 1)[-1])]

    def full_name(self, name: str) -> str | None:
        """The unit a scenario names, by its bare or full name."""
        return next((full for full in self.units if name in (full, full.split(" ", 1)[-1])), None)

    def code(self, name: str) -> str | None:
        """The unit's code, or None when the file does not have it."""
        full = self.full_name(name)
        return self.units[full]["code"] if full else None

    def name_of(self, code: str) -> str:
        """A unit's full name by its code (the code itself when unknown)."""
        return next((full for full, unit in self.units.items() if unit.get("code") == code), code)

    def holder(self, role: str, unit_name: str) -> Account | None:
        """The account holding ``role`` (a code) in that unit, or None."""
        full = self.full_name(unit_name)
        username = self.units[full].get(role) if full else None
        if not username:
            return None
        own = self.own.get(username, {})
        return Account(username, own.get("password", self.password), own.get("totp_seed", self.totp_seed))


def load(path: Path, password: str | None = None, totp_seed: str | None = None) -> Accounts:
    """The accounts file; ``password`` and ``totp_seed`` (given on the command line or by environment) win."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Accounts({str(k): {str(r): str(u) for r, u in v.items()} for k, v in data.get("units", {}).items()},
                    password or str(data.get("password", "")), totp_seed or data.get("totp_seed"),
                    {str(k): {str(a): str(b) for a, b in v.items()} for k, v in data.get("accounts", {}).items()})


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def written(runtime: Runtime) -> str:
    """The accounts file of a deployment's database: every unit, the first holder of each role there."""
    lines = ["# motcua trial --target URL --accounts FILE: who signs in for each role of each unit.",
             "# Passwords and the TOTP seed: MOTCUA_TRIAL_PASSWORD / MOTCUA_TRIAL_TOTP_SEED",
             "# (or password = \"…\" / totp_seed = \"…\" here, or [accounts.\"username\"] for one account's own)."]
    for code, name in unit_choices(runtime):
        lines += ["", f"[units.{_toml(name)}]", f"code = {_toml(code)}"]
        for role in ROLES:
            people = holders(runtime, code, role)
            if people:
                lines.append(f"{role} = {_toml(people[0])}")
    return "\n".join(lines) + "\n"
