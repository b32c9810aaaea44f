"""The state of one trial scenario: the runtime, who is who, and the dossier being talked about.

Steps address people by role and unit ("the specialist of Kiến Tường"), never
by username, so testers write what the trial script says. Units named in a
scenario are created with their staff if the deployment does not have them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from motcua.domain.roles import ROLES
from motcua.services.demo import DEMO_PASSWORD
from motcua.services.people import add_unit, add_user, holders
from motcua.services.queries import unit_choices
from motcua.services.runtime import Runtime
from motcua.services.steps import fire_due_timers
from motcua.trial.desk import Desk

ROLE_WORDS = {
    "reception clerk": "reception", "specialist": "specialist", "leader": "leader", "administrator": "admin",
    "cán bộ tiếp nhận": "reception", "chuyên viên": "specialist", "lãnh đạo": "leader", "quản trị": "admin",
    "1022 operator": "operator", "tổng đài viên": "operator",
    "records clerk": "clerical", "văn thư": "clerical",
}
UNIT_WORDS = {"ward": "Phường", "phường": "Phường", "commune": "Xã", "xã": "Xã",
              "former district": "Huyện", "huyện cũ": "Huyện", "province": "Tỉnh", "tỉnh": "Tỉnh"}


def role_code(words: str) -> str:
    """The role a scenario names, in English or Vietnamese."""
    try:
        return ROLE_WORDS[words.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown role {words!r}; say one of: {', '.join(ROLE_WORDS)}") from None


@dataclass
class Trial:
    """One scenario's world."""

    runtime: Runtime
    desk: Desk
    dossier_id: int | None = None
    dossiers: list[int] = field(default_factory=list)

    def unit(self, name: str) -> str:
        """A unit's code by its bare name ("Long An") or full name ("Phường Long An")."""
        for code, full in unit_choices(self.runtime):
            if name in (full, full.split(" ", 1)[-1]):
                return code
        raise AssertionError(f"no unit called {name!r}; declare it first (Given ward \"{name}\" of province …)")

    def ensure_unit(self, kind_words: str, name: str, province: str | None = None) -> str:
        """A unit with one user per role, created when the deployment lacks it."""
        try:
            return self.unit(name)
        except AssertionError:
            pass
        parent = self.ensure_unit("province", province) if province else None
        if province == name and kind_words.lower() in ("province", "tỉnh"):
            return parent  # tỉnh "Cao Bằng" of tỉnh "Cao Bằng": the province itself, made just above
        code = f"9{len(unit_choices(self.runtime)) + 1:04d}"
        add_unit(self.runtime, code, f"{UNIT_WORDS[kind_words.lower()]} {name}", kind_words.lower(), parent)
        for role in ROLES:
            add_user(self.runtime, f"{role}.{code}", f"{ROLES[role][0]} {name}", DEMO_PASSWORD, [(code, role)])
        return self.unit(name)

    def user(self, role_words: str, unit_name: str) -> str:
        """The username of whoever holds that role in that unit."""
        people = holders(self.runtime, self.unit(unit_name), role_code(role_words))
        assert people, f"nobody is {role_words} of {unit_name}"
        return people[0]

    def desk_user(self, dossier_id: int) -> str:
        """Someone who may see the dossier: the reception clerk of the unit that received it."""
        receiving = self.desk.receiving_unit(dossier_id)
        return holders(self.runtime, receiving, "reception")[0]

    @property
    def current(self) -> int:
        """The dossier the scenario is talking about."""
        assert self.dossier_id is not None, "no dossier yet: a citizen must submit one first"
        return self.dossier_id

    def pass_working_days(self, n: int) -> None:
        """Move the clock n working days on, same time of day."""
        now = self.runtime.clock.now()
        day = now.date()
        for _ in range(n):
            day = self.runtime.pack.calendar.next_working_day(day)
        self.runtime.clock.set(datetime.combine(day, now.timetz()))
        self.run_workers()

    def at(self, moment: datetime) -> None:
        """Set the clock to a moment."""
        self.runtime.clock.set(moment)

    def later(self, delta: timedelta) -> None:
        """Move the clock on by a duration."""
        self.runtime.clock.advance(delta)
        self.run_workers()

    def run_workers(self) -> int:
        """What ``motcua worker`` does when time has passed: fire the step timers that came due."""
        return fire_due_timers(self.runtime)


@pytest.fixture
def trial(runtime: Runtime) -> Trial:
    """A fresh trial world on the test database, with the demo province's wards."""
    return Trial(runtime, Desk(runtime))
