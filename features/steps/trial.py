"""The state of one trial scenario: the runtime, who is who, and the dossier being talked about.

Steps address people by role and unit ("the specialist of Kiến Tường"), never
by username, so testers write what the trial script says. Units named in a
scenario are created with their staff if the deployment does not have them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest

from motcua.domain.roles import ROLES
from motcua.engine.pack import LoadedProcedure
from motcua.services import queries
from motcua.services.demo import DEMO_PASSWORD
from motcua.services.people import add_unit, add_user, holders
from motcua.services.queries import unit_choices
from motcua.services.runtime import Runtime
from motcua.services.steps import fire_due_timers
from motcua.trial.desk import Desk
from motcua.trial.failures import TrialFailure, closest, failure
from motcua.trial.words import FormWords, sample_data

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
        raise TrialFailure(f"unknown role «{words}»; say one of: {', '.join(ROLE_WORDS)}") from None


@dataclass
class Trial:
    """One scenario's world."""

    runtime: Runtime
    desk: Desk
    dossier_id: int | None = None
    dossiers: list[int] = field(default_factory=list)
    language: str = "en"  # the feature's, for failures (set by the plug-in before each scenario)

    def unit(self, name: str) -> str:
        """A unit's code by its bare name ("Long An") or full name ("Phường Long An")."""
        choices = unit_choices(self.runtime)
        for code, full in choices:
            if name in (full, full.split(" ", 1)[-1]):
                return code
        names = [n for _, full in choices for n in (full, full.split(" ", 1)[-1])]
        raise failure(self.language, "no_unit", name=name, closest=closest(self.language, name, names))

    def unit_name(self, code: str) -> str:
        """A unit's bare name ("Long An") by its code."""
        return next((full.split(" ", 1)[-1] for c, full in unit_choices(self.runtime) if c == code), code)

    def procedure(self, name: str) -> LoadedProcedure:
        """A catalogue procedure by any of its names; an unknown one fails naming the closest."""
        try:
            return self.runtime.pack.find(name)
        except KeyError:
            entries = [p.procedure for p in self.runtime.pack.procedures.values()]
            names = [p.name_vi if self.language == "vi" else p.name_en for p in entries] + [p.slug for p in entries]
            raise failure(self.language, "no_procedure", name=name,
                          closest=closest(self.language, name, names)) from None

    def task(self, role_words: str, unit_name: str, title: str | None = None) -> tuple[str, Any]:
        """(username, inbox entry) of the task of that title (or the first) waiting on this dossier for the
        person of that role in that unit; when there is none, a failure saying what the dossier waits for."""
        username = self.user(role_words, unit_name)
        entries = [t for t in queries.inbox(self.runtime, self.desk.user_id(username))
                   if t.dossier.id == self.current and (title is None or t.title == title)]
        if not entries:
            raise self.desk.missing(self.current, role_code(role_words), unit_name, title or "…", self.language)
        return username, entries[0]

    def do(self, role_words: str, unit_name: str, title: str | None = None, data: dict[str, Any] | None = None,
           rows: list[list[str]] | None = None) -> None:
        """Complete a waiting task: with ``data`` as given, plus the table ``rows`` in the form's words; with
        neither, with sample data the form accepts (its examples and defaults, else generated)."""
        username, entry = self.task(role_words, unit_name, title)
        view = queries.task_view(self.runtime, self.desk.user_id(username), entry.task_id)
        words = FormWords(view.form, self.language) if view.form else None
        if data is None and rows is None:
            candidates = self.samples(view, self.unit(unit_name))
        else:
            typed = words.typed(rows, self.unit) if words and rows else {}
            candidates = [{**(data or {}), **typed}]
        self.desk.complete(username, entry.task_id, entry.title, candidates, words, self.language)

    def samples(self, view: Any, unit: str, given: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Sample data for a task's form (``given`` values win), for the procedure of the dossier."""
        if view.form is None:
            return [dict(given or {})]
        procedure = self.runtime.pack.get(view.dossier.procedure_slug).procedure
        today = self.runtime.clock.now().date()
        return [{**data, **(given or {})} for data in sample_data(view.form, procedure, (unit,), today)]

    def ensure_unit(self, kind_words: str, name: str, province: str | None = None) -> str:
        """A unit with one user per role, created when the deployment lacks it."""
        try:
            return self.unit(name)
        except AssertionError:
            pass
        parent = self.ensure_unit("province", province) if province else None
        if province == name and kind_words.lower() in ("province", "tỉnh"):
            return parent  # tỉnh "Cao Bằng" of tỉnh "Cao Bằng": the province itself, made just above
        number = len(unit_choices(self.runtime)) + 1
        code = f"9{number:04d}"  # a trial unit; its electronic identifier has the national form, level 1 made up
        add_unit(self.runtime, code, f"{UNIT_WORDS[kind_words.lower()]} {name}", kind_words.lower(), parent,
                 f"{number:03d}.00.00.Z99")
        for role in ROLES:
            add_user(self.runtime, f"{role}.{code}", f"{ROLES[role][0]} {name}", DEMO_PASSWORD, [(code, role)])
        return self.unit(name)

    def user(self, role_words: str, unit_name: str) -> str:
        """The username of whoever holds that role in that unit."""
        people = holders(self.runtime, self.unit(unit_name), role_code(role_words))
        if not people:
            raise failure(self.language, "nobody", role=role_words, unit=unit_name)
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
