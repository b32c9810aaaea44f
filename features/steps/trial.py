"""The state of one trial scenario, and the one vocabulary its steps act through, in-process or over HTTP.

Steps address people by role and unit ("the specialist of Kiến Tường"), never by username, so testers write
what the trial script says. A scenario runs with one of two drivers behind the same methods:

- in-process (``motcua trial``): a fresh database, the services called directly (``motcua.trial.desk``);
  units named in a scenario are created with their staff if missing;
- over HTTP (``motcua trial --target URL``): a running deployment worked through its web pages
  (``motcua.trial.web_desk``), people signing in with the accounts file; its units must exist
  (``motcua trial prepare``), and its clock moves only when the deployment allows it.

A step written against these methods runs in both modes. A step that reaches for ``runtime`` or ``desk``
works only in-process: over HTTP it is reported "not possible over HTTP" with the reason, never faked.
"""
from __future__ import annotations

import calendar
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from motcua.domain.procedure import Procedure
from motcua.domain.roles import role_title
from motcua.engine.forms import Form
from motcua.engine.pack import LoadedProcedure, Pack
from motcua.services import queries, reports
from motcua.services.demo import DEMO_PASSWORD
from motcua.services.people import holders
from motcua.services.queries import unit_choices
from motcua.services.runtime import Runtime
from motcua.services.steps import fire_due_timers
from motcua.trial import accounts as accounts_file
from motcua.trial.accounts import Account, Accounts
from motcua.trial.desk import Desk
from motcua.trial.failures import NotOverHttp, TrialFailure, closest, failure, sentence
from motcua.trial.rehearsal import ensure_unit
from motcua.trial.skeleton import task_forms
from motcua.trial.web_desk import DossierFacts, WebDesk
from motcua.trial.words import FormWords, sample_data

ROLE_WORDS = {
    "reception clerk": "reception", "specialist": "specialist", "leader": "leader", "administrator": "admin",
    "cán bộ tiếp nhận": "reception", "chuyên viên": "specialist", "lãnh đạo": "leader", "quản trị": "admin",
    "1022 operator": "operator", "tổng đài viên": "operator",
    "records clerk": "clerical", "văn thư": "clerical",
}
MOMENT_FIGURES = ("in_progress", "overdue_now")  # report figures of the moment, not of the period
# What ``motcua trial --target`` passes to the pytest run (motcua/trial/__init__.py sets them).
TARGET, ACCOUNTS, PASSWORD, TOTP_SEED, CLOCK_TOKEN = ("MOTCUA_TRIAL_TARGET", "MOTCUA_TRIAL_ACCOUNTS",
                                                      "MOTCUA_TRIAL_PASSWORD", "MOTCUA_TRIAL_TOTP_SEED",
                                                      "MOTCUA_TRIAL_CLOCK_TOKEN")


def role_code(words: str) -> str:
    """The role a scenario names, in English or Vietnamese."""
    try:
        return ROLE_WORDS[words.strip().lower()]
    except KeyError:
        raise TrialFailure(f"unknown role «{words}»; say one of: {', '.join(ROLE_WORDS)}") from None


@dataclass
class Trial:
    """One scenario's world, and the vocabulary's methods (each works in-process and over HTTP)."""

    pack: Pack
    engine: Runtime | None = None  # in-process
    web: WebDesk | None = None  # over HTTP
    accounts: Accounts | None = None  # over HTTP
    dossier_id: int | None = None
    dossiers: list[int] = field(default_factory=list)
    language: str = "en"  # the feature's, for failures (set by the plug-in before each scenario)
    receiving: dict[int, tuple[str, str]] = field(default_factory=dict)  # dossier id -> (unit code, viewer role)
    slugs: dict[int, str] = field(default_factory=dict)  # dossier id -> procedure, when the scenario knows it
    declared: list[str] = field(default_factory=list)  # the units the scenario declared
    reads_reports: bool = False  # the scenario checks report figures (set by the plug-in)
    baselines: dict[str, tuple[date, dict[str, Any]]] = field(default_factory=dict)  # over HTTP, see report()
    _desk: Desk | None = None

    # --- the two drivers -----------------------------------------------------------------------------------

    @property
    def runtime(self) -> Runtime:
        """The in-process runtime; over HTTP a step using it is not possible (reported so, not failed)."""
        if self.engine is None:
            raise NotOverHttp(sentence(self.language, "in_process_only"))
        return self.engine

    @property
    def desk(self) -> Desk:
        """The in-process desk (see ``runtime``)."""
        if self._desk is None:
            self._desk = Desk(self.runtime)
        return self._desk

    def in_process(self, reason: dict[str, str]) -> None:
        """Say why a step cannot be done over HTTP ({"vi": …, "en": …}); in-process, nothing."""
        if self.web is not None:
            raise NotOverHttp(reason.get(self.language, reason["en"]))

    # --- who and where -------------------------------------------------------------------------------------

    def unit(self, name: str) -> str:
        """A unit's code by its bare name ("Long An") or full name ("Phường Long An")."""
        if self.accounts is not None:
            code = self.accounts.code(name)
            if code is None:
                raise failure(self.language, "not_prepared", name=name,
                              closest=closest(self.language, name, self.accounts.unit_names()))
            return code
        choices = unit_choices(self.runtime)
        for code, full in choices:
            if name in (full, full.split(" ", 1)[-1]):
                return code
        names = [n for _, full in choices for n in (full, full.split(" ", 1)[-1])]
        raise failure(self.language, "no_unit", name=name, closest=closest(self.language, name, names))

    def unit_name(self, code: str) -> str:
        """A unit's bare name ("Long An") by its code."""
        if self.accounts is not None:
            return self.accounts.name_of(code).split(" ", 1)[-1]
        return next((full.split(" ", 1)[-1] for c, full in unit_choices(self.runtime) if c == code), code)

    def ensure_unit(self, kind_words: str, name: str, province: str | None = None) -> str:
        """A unit with one user per role: created in-process when missing; over HTTP it must exist already."""
        if self.accounts is not None:
            self.declared.append(name)
            return self.unit(name)
        return ensure_unit(self.runtime, kind_words, name, province, DEMO_PASSWORD)

    def procedure(self, name: str) -> LoadedProcedure:
        """A catalogue procedure by any of its names; an unknown one fails naming the closest."""
        try:
            return self.pack.find(name)
        except KeyError:
            entries = [p.procedure for p in self.pack.procedures.values()]
            names = [p.name_vi if self.language == "vi" else p.name_en for p in entries] + [p.slug for p in entries]
            raise failure(self.language, "no_procedure", name=name,
                          closest=closest(self.language, name, names)) from None

    def user(self, role_words: str, unit_name: str) -> str:
        """The username of whoever holds that role in that unit."""
        if self.accounts is not None:
            return self.account(role_words, unit_name).username
        people = holders(self.runtime, self.unit(unit_name), role_code(role_words))
        if not people:
            raise failure(self.language, "nobody", role=role_words, unit=unit_name)
        return people[0]

    def account(self, role_words: str, unit_name: str) -> Account:
        """Over HTTP: the account to sign in as for that role in that unit."""
        assert self.accounts is not None
        self.unit(unit_name)
        found = self.accounts.holder(role_code(role_words), unit_name)
        if found is None:
            raise failure(self.language, "no_account", role=role_words, unit=unit_name)
        return found

    def desk_user(self, dossier_id: int) -> str:
        """Someone who may see the dossier: whoever the step that made it said (a document's records clerk, the
        1022 operator), else the reception clerk of the unit that received it."""
        if dossier_id in self.receiving and role_code(self.receiving[dossier_id][1]) != "reception":
            code, role = self.receiving[dossier_id]
            people = holders(self.runtime, code, role_code(role))
            if people:
                return people[0]
        receiving = self.desk.receiving_unit(dossier_id)
        return holders(self.runtime, receiving, "reception")[0]

    def viewer(self, dossier_id: int | None = None) -> Account:
        """Over HTTP: who sees the dossier (by default the current one): the reception clerk of the unit that
        received it, or whoever the step that found it said (a document's records clerk)."""
        assert self.accounts is not None
        code, role = self.receiving[dossier_id or self.current]
        return self.account(role, self.accounts.name_of(code))

    @property
    def current(self) -> int:
        """The dossier the scenario is talking about."""
        assert self.dossier_id is not None, "no dossier yet: a citizen must submit one first"
        return self.dossier_id

    def follow(self, dossier_id: int, unit_code: str, slug: str | None = None,
               viewer: str = "reception clerk") -> None:
        """The scenario now talks about this dossier (of that unit, seen there by ``viewer``)."""
        self.dossier_id = dossier_id
        if dossier_id not in self.dossiers:
            self.dossiers.append(dossier_id)
        self.receiving[dossier_id] = (unit_code, viewer)
        if slug:
            self.slugs[dossier_id] = slug

    # --- forms ---------------------------------------------------------------------------------------------

    def task_form(self, slug: str, title: str) -> Form | None:
        """The form of a procedure's task by its title (the pack as the deployment runs it)."""
        return next((t.form.form for t in task_forms(self.pack.get(slug)) if t.title == title and t.form), None)

    def samples(self, form: Form | None, procedure: Procedure, unit: str,
                given: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Sample data for a task's form (``given`` values win), for a procedure."""
        if form is None:
            return [dict(given or {})]
        today = self.now().date()
        return [{**data, **(given or {})} for data in sample_data(form, procedure, (unit,), today)]

    # --- work ----------------------------------------------------------------------------------------------

    def before_dossier(self) -> None:
        """Called by every step that makes a dossier, before it does: over HTTP, the first one takes the
        report baselines (see ``report``)."""
        if self.web is not None and self.reads_reports and not self.dossiers and not self.baselines:
            self._report_baselines()

    def start(self, role_words: str, unit_name: str, slug: str, viewer: str = "reception clerk") -> tuple[str, str]:
        """Start a dossier of a procedure at a unit's desk (a document from the books' page), which the scenario
        then follows; (the id, the title) of its first task."""
        self.before_dossier()
        code = self.unit(unit_name)
        if self.web is not None:
            account = self.account(role_words, unit_name)
            is_document = not self.pack.get(slug).procedure.is_public_service
            task_id = (self.web.start_document if is_document else self.web.start)(account, code, slug)
            dossier_id, title = self.web.task_dossier(account, task_id)
            self.follow(dossier_id, code, slug, viewer)
            return task_id, title
        self.follow(self.desk.start(self.user(role_words, unit_name), code, slug), code, slug, viewer)
        _, entry = self.task(role_words, unit_name)
        return entry.task_id, entry.title

    def task(self, role_words: str, unit_name: str, title: str | None = None) -> tuple[str, Any]:
        """(username, inbox entry) of the task of that title (or the first) waiting on this dossier for the
        person of that role in that unit; when there is none, a failure saying what the dossier waits for."""
        if self.web is not None:
            account = self.account(role_words, unit_name)
            rows = [r for r in self.web.inbox(account)
                    if r.dossier_id == self.current and (title is None or r.title == title)]
            if not rows:
                waiting = self.web.open_tasks(self.viewer(), self.current)
                raise failure(self.language, "no_task", task=title or "…",
                              waiting=", ".join(waiting) or sentence(self.language, "waits_for_nobody"),
                              who=sentence(self.language, "who", role=role_title(role_code(role_words), self.language),
                                           unit=unit_name))
            return account.username, rows[0]
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
        if self.web is not None:
            slug = self.slugs.get(self.current) or self.facts().procedure
            form = self.task_form(slug, entry.title)
            self.complete(role_words, unit_name, entry.task_id, entry.title, form, self.pack.get(slug).procedure,
                          data, rows)
            return
        view = queries.task_view(self.runtime, self.desk.user_id(username), entry.task_id)
        procedure = self.pack.get(view.dossier.procedure_slug).procedure
        shown = view.form.schema.get("properties", {}) if view.form else {}
        prefilled = {k: v for k, v in view.prefill.items() if k in shown}  # what the page shows, as posted
        self.complete(role_words, unit_name, entry.task_id, entry.title, view.form, procedure, data, rows,
                      prefilled)

    def complete(self, role_words: str, unit_name: str, task_id: str, title: str, form: Form | None,
                 procedure: Procedure, data: dict[str, Any] | None = None, rows: list[list[str]] | None = None,
                 given: dict[str, Any] | None = None) -> None:
        """Complete a task: ``data`` and the table ``rows`` on top of ``given``; with neither, sample data."""
        words = FormWords(form, self.language) if form else None
        if data is None and rows is None:
            candidates = self.samples(form, procedure, self.unit(unit_name), given)
        else:
            typed = words.typed(rows, self.unit) if words and rows else {}
            candidates = [{**(given or {}), **(data or {}), **typed}]
        if self.web is not None:
            self.web.complete(self.account(role_words, unit_name), task_id, title, candidates, form, words)
        else:
            self.desk.complete(self.user(role_words, unit_name), task_id, title, candidates, words, self.language)

    # --- what is known about the dossier -------------------------------------------------------------------

    def facts(self, dossier_id: int | None = None) -> DossierFacts:
        """The dossier (by default the current one) as the reception clerk who received it sees it."""
        dossier_id = dossier_id or self.current
        if self.web is not None:
            return self.web.facts(self.viewer(dossier_id), dossier_id)
        d = self.desk.dossier(dossier_id, self.desk_user(dossier_id)).dossier
        return DossierFacts(d.id, d.code or "", d.status, d.timeliness, d.at_risk, d.due_at, d.procedure_slug)

    def waiting_for(self, role_words: str, unit_name: str) -> list[str]:
        """Titles of what waits on the current dossier in that person's inbox."""
        if self.web is not None:
            return [r.title for r in self.web.inbox(self.account(role_words, unit_name))
                    if r.dossier_id == self.current]
        return [t for t, d in self.desk.tasks(self.user(role_words, unit_name)) if d == self.current]

    def inbox_size(self, role_words: str, unit_name: str) -> int:
        """How many tasks wait for that person: on any dossier; over HTTP, on the scenario's dossiers (the
        deployment's other dossiers are other people's business)."""
        if self.web is not None:
            return len([r for r in self.web.inbox(self.account(role_words, unit_name))
                        if r.dossier_id in self.dossiers])
        return len(self.desk.tasks(self.user(role_words, unit_name)))

    # --- reports ---------------------------------------------------------------------------------------------

    def _month(self) -> tuple[date, date]:
        today = self.now().date()
        return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])

    def _report_baselines(self) -> None:
        """Over HTTP, before the scenario's first dossier: the declared units' figures this month, as they were
        (a deployment holds other dossiers; the scenario's figures are the change from these)."""
        first, last = self._month()
        for name in self.declared:
            leader = self.accounts.holder("leader", name) if self.accounts else None
            if self.web is not None and leader is not None:
                self.baselines[name] = (first, self.web.report(leader, self.unit(name), first, last))

    def report(self, unit_name: str, key: str) -> int:
        """A figure of the unit's report this month up to today, as its leader reads it. Over HTTP, the change
        since the scenario's first dossier (the deployment's other dossiers of the month left out); the figures
        of the moment (in progress, overdue now) count every running dossier of the unit, whenever received, so
        they cannot be told apart from the deployment's others and are not possible over HTTP."""
        if self.web is None:
            leader = self.desk.user_id(self.user("leader", unit_name))
            request = reports.parse_request(self.runtime, {"unit": self.unit(unit_name)})
            return int(reports.build(self.runtime, leader, request).total.value(key) or 0)
        if key in MOMENT_FIGURES:
            raise NotOverHttp(sentence(self.language, "report_moment"))
        first, last = self._month()
        baseline = self.baselines.get(unit_name)
        if baseline is None or baseline[0] != first:
            raise NotOverHttp(sentence(self.language, "report_baseline", unit=unit_name))
        now = self.web.report(self.account("leader", unit_name), self.unit(unit_name), first, last)
        return int(now.get(key) or 0) - int(baseline[1].get(key) or 0)

    # --- the clock -----------------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The trial's time (a rehearsal server's, over HTTP)."""
        return self.web.now() if self.web is not None else self.runtime.clock.now()

    def at(self, moment: datetime) -> None:
        """Set the clock to a moment (over HTTP the deployment also fires the timers that came due)."""
        if self.web is not None:
            self.web.set_clock(moment)
        else:
            self.runtime.clock.set(moment)

    def pass_working_days(self, n: int) -> None:
        """Move the clock n working days on, same time of day, then run what the worker runs."""
        now = self.now()
        day = now.date()
        for _ in range(n):
            day = self.pack.calendar.next_working_day(day)
        self.at(datetime.combine(day, now.timetz()))
        self.run_workers()

    def later(self, delta: timedelta) -> None:
        """Move the clock on by a duration."""
        self.at(self.now() + delta)
        self.run_workers()

    def run_workers(self) -> int:
        """What ``motcua worker`` does when time has passed: fire the step timers that came due (over HTTP
        the rehearsal server did it when its clock moved)."""
        return 0 if self.web is not None else fire_due_timers(self.runtime)


@pytest.fixture
def trial(request: pytest.FixtureRequest, project_pack: Pack) -> Any:
    """A fresh trial world: in-process on the test database with the demo province's wards, or, when
    ``motcua trial --target`` runs, against that deployment (its sessions closed after the scenario)."""
    target = os.environ.get(TARGET)
    if not target:
        runtime = request.getfixturevalue("runtime")
        yield Trial(runtime.pack, runtime)
        return
    accounts = accounts_file.load(Path(os.environ[ACCOUNTS]), os.environ.get(PASSWORD) or None,
                                  os.environ.get(TOTP_SEED) or None)
    web = WebDesk(target, os.environ.get(CLOCK_TOKEN) or None)
    try:
        yield Trial(project_pack, web=web, accounts=accounts)
    finally:
        web.close()
