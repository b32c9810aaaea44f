"""Dry-run a procedure before it goes live: every path walked in memory, with the pack's own handlers.

An analyst's "ok" must mean that the diagram runs. Static checks (schema, forms, handlers, lanes) cannot
see a gateway whose conditions leave no way out, a handler that refuses what its form lets through, a
timer nobody schedules, or data that cannot be saved; running the diagram can. So before a pack or a
modeler save is accepted, each process is started as a dossier in memory and driven the way the office
would drive it:

- every human task is completed with data its own form accepts (``samples``), once per choice of each
  field that may steer a gateway, with the papers checklist filled from the catalogue;
- every working-time timer that waits (a step deadline, an event-based gateway, an event sub-process
  start) is fired on a simulated clock, as the worker would;
- handlers run in their offline mode (``OfflineOffice``): codes, books and transfers in memory, and
  "signing" that returns the document as drawn, since no leader's key is at hand (a remote signature
  is answered the same way when its declared message arrives);
- after every step the state is saved and restored, as the database does between requests.

The walk is a search over choices rather than over all paths (which grow exponentially): each choice at
each task is tried once, and each branch is then followed to an end choosing, at every task, what that
branch used least, so loops (send back, supplement) are taken and then left. A branch that stops with no
task for anyone and no timer to wait for, or whose step raises, is a problem naming the element, its
line and what to do.
"""
from __future__ import annotations

import copy
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from lxml import etree
from SpiffWorkflow.util.task import TaskState

from motcua.domain.calendar import WorkingCalendar
from motcua.domain.clock import VN_TZ, FixedClock
from motcua.domain.dossier import DossierFacts
from motcua.domain.procedure import Procedure
from motcua.engine.forms import UNIT_WIDGET, Form, check_submission, with_defaults
from motcua.engine.handlers import HandlerRegistry
from motcua.engine.offline import OfflineOffice, offline_contexts
from motcua.engine.problems import Problem, coded
from motcua.engine.runner import HumanTask, ProcessRunner, StepError
from motcua.engine.samples import variants
from motcua.engine.timers import waiting_timers
from motcua.messages import render

if TYPE_CHECKING:
    from motcua.documents.official import SignaturePlace

HOME_UNIT, OTHER_UNIT = "DRYRUN-A", "DRYRUN-B"  # where the dossier is received, and another unit to send it to
START = datetime(2025, 11, 24, 8, 30, tzinfo=VN_TZ)  # a Monday morning, a working day
LOOP_LIMIT = 3  # a task done this often on one branch ends that branch: its loop was taken and left elsewhere
MAX_BRANCHES = 800  # saved branch points expanded
MAX_STEPS = 50_000  # steps in all (a long chain is walked in place, without a snapshot per step)
MAX_SECONDS = 60.0
SAVE_EVERY = 25  # on a long single way on, the state is still saved (and so checked storable) this often


@dataclass(frozen=True)
class DryRun:
    """What walking one process found."""

    process_id: str
    file: str
    paths: int  # branches that reached an end
    steps: int  # steps taken in all branches
    problems: list[Problem]
    finished: bool  # False when the walk stopped at its limits before trying every choice
    unreached: list[str] = field(default_factory=list)  # elements no walked path went through

    def summary(self, locale: str = "en") -> str:
        """One line for ``motcua validate``, in ``locale``."""
        limit = "" if self.finished else render("dryrun.summary_limit", {"branches": MAX_BRANCHES, "steps": MAX_STEPS,
                                                                         "seconds": f"{MAX_SECONDS:.0f}"}, locale)
        missed = render("dryrun.summary_unreached", {"elements": ", ".join(self.unreached)},
                        locale) if self.unreached else ""
        return render("dryrun.summary", {"file": self.file, "process": self.process_id, "paths": self.paths,
                                         "steps": self.steps, "limit": limit, "missed": missed}, locale)


class _DryOffice(OfflineOffice):
    """The offline office, keeping no document bytes and "signing" by returning the document as drawn."""

    def attach(self, kind: str, filename: str, content: bytes, signed: bool = False) -> None:
        self.documents.append((kind, filename, b""))

    def sign(self, pdf: bytes, reason: str, mark: SignaturePlace | None = None) -> bytes:
        return pdf

    def finish_remote_signature(self, signature: bytes | None, refusal: str = "") -> bytes | None:
        return None if refusal else b""  # the PDF asked for was kept by an earlier step's office, and is not needed


@dataclass
class _Branch:
    """A saved point of the walk: the instance state and everything outside it that handlers changed."""

    state: bytes
    facts: DossierFacts
    entries: list[dict[str, Any]]
    now: datetime
    uses: dict[str, int] = field(default_factory=dict)
    picks: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Option:
    """One way to move a waiting dossier on: complete its task with some data, or let a timer fall due.

    ``tries`` are alternatives of the same choice, tried in turn from the same saved point until one works:
    a date a handler refuses (a new appointment must lie ahead, a birth date behind) is what a clerk would
    correct, not a fault of the diagram.
    """

    key: str
    tries: tuple[Callable[[Any, Any, FixedClock], None], ...]


class _Walker:
    def __init__(self, procedure: Procedure, spec: Any, subprocess_specs: dict[str, Any], forms: dict[str, Form],
                 handlers: HandlerRegistry, calendar: WorkingCalendar, file: str, lines: dict[str, int]) -> None:
        self.procedure, self.spec, self.subs, self.forms = procedure, spec, subprocess_specs, forms
        self.file, self.lines = file, lines
        self.companions: dict[str, str] = {}
        self.messages: Collection[str] = ()  # the messages the pack declares the outside world may send
        self.clock = FixedClock(START)
        self.runner = ProcessRunner(handlers, self.clock, calendar)
        self.calendar = calendar
        self.problems: dict[tuple[str | None, str], Problem] = {}
        self.tried: set[tuple[str, str]] = set()
        self.paths = self.branches = self.steps = 0
        self.finished = True
        self.reached: set[str] = set()

    def problem(self, element: str | None, code: str, cause: str | None = None, **params: Any) -> None:
        """Note a coded problem once per element and cause (the same failure reached by several choices is one)."""
        key = (element, cause or render(code, params, "en"))
        if key not in self.problems:
            file, line = self.locate(element)
            self.problems[key] = coded(file, code, element, line, **params)

    def locate(self, element: str | None) -> tuple[str, int | None]:
        """The file and line of an element: the diagram's own, or a diagram it calls."""
        if element is None or element in self.lines:
            return self.file, self.lines.get(element) if element else None
        for name, text in self.companions.items():
            if name.endswith(".bpmn"):
                found = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False,
                                                                              no_network=True)).find(
                    f".//*[@id='{element}']")
                if found is not None:
                    return name, found.sourceline
        return self.file, None

    def contexts(self, facts: DossierFacts, entries: list[dict[str, Any]]) -> Callable[[Any], Any]:
        office = _DryOffice(facts, self.clock, entries=entries)
        return offline_contexts(self.procedure, facts, self.clock, self.calendar, office)

    def run(self) -> DryRun:
        facts = DossierFacts(code=None, procedure_code=self.procedure.code, applicant_name="",
                             receiving_unit=HOME_UNIT, handling_unit=HOME_UNIT)
        entries: list[dict[str, Any]] = []
        try:
            workflow = self.runner.start(self.spec, self.subs, self.contexts(facts, entries))
        except StepError as exc:
            self.problem(exc.element, "dryrun.cannot_start", detail=exc.words())
            return self.report()
        if not self.runner.human_tasks(workflow):
            self.problem(self.spec.name, "dryrun.nobody_starts")
            return self.report()
        started = time.monotonic()
        stack = [self.follow(workflow, facts, entries, {}, {})]
        while stack:
            if (self.branches >= MAX_BRANCHES or self.steps >= MAX_STEPS
                    or time.monotonic() - started > MAX_SECONDS):
                self.finished = False
                break
            self.expand(stack.pop(), stack)
        if not self.finished and not self.problems:
            self.problem(self.spec.name, "dryrun.limits", branches=MAX_BRANCHES, steps=MAX_STEPS,
                         seconds=f"{MAX_SECONDS:.0f}")
        if self.paths == 0 and not self.problems and self.finished:
            self.problem(self.spec.name, "dryrun.no_end")
        return self.report()

    def report(self) -> DryRun:
        elements = {s.bpmn_id for process in (self.spec, *self.subs.values()) for s in process.task_specs.values()
                    if getattr(s, "bpmn_id", None) and s.bpmn_id in self.lines}
        unreached = sorted(elements - self.reached, key=lambda e: self.lines.get(e) or 0) if self.paths else []
        return DryRun(self.spec.name, self.file, self.paths, self.steps, list(self.problems.values()),
                      self.finished, unreached)

    def seen(self, workflow: Any) -> None:
        self.reached.update(t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.COMPLETED)
                            if getattr(t.task_spec, "bpmn_id", None))

    def saved(self, workflow: Any, facts: DossierFacts, entries: list[dict[str, Any]], uses: dict[str, int],
              picks: dict[tuple[str, str], int]) -> _Branch | None:
        state = self.runner.dump(workflow, prune_finished=False)
        return _Branch(state, copy.deepcopy(facts), copy.deepcopy(entries), self.clock.now(), dict(uses), dict(picks))

    def expand(self, branch: _Branch | None, stack: list[_Branch | None]) -> None:
        if branch is None:
            return
        self.branches += 1
        workflow = self.runner.restore(branch.state, self.spec, self.subs)
        found = self.options_at(workflow, branch.facts, branch.now, branch.uses)
        if found is None:
            return
        task, options = found
        for option in self.choose(task, options, branch.picks):
            self.tried.add((self.scope(task), option.key))
            child = self.step(branch, task, option)
            if child is not None:
                stack.append(child)

    def options_at(self, workflow: Any, facts: DossierFacts, now: datetime,
                   uses: dict[str, int]) -> tuple[HumanTask | None, list[_Option]] | None:
        """The ways on from here: the first waiting task's choices, or time passing; None where a branch ends
        here (finished, stalled, or its loop taken often enough)."""
        if workflow.is_completed():
            self.runner.dump(workflow, prune_finished=False)  # the last state must be storable too
            self.paths += 1
            return None
        ready = self.runner.human_tasks(workflow)
        if not ready:
            options = self.timer_options(workflow) + self.message_options(workflow)
            if not options:
                self.stalled(workflow)
                return None
            return None, options
        task = ready[0]
        if uses.get(task.element_id, 0) >= LOOP_LIMIT:
            return None
        options = self.task_options(workflow, task) + self.timer_options(workflow) + self.message_options(workflow)
        due = facts.due_at
        if options and due is not None and now <= due and not options[0].key.startswith("timer:"):
            # the office is late: the dossier's appointment passes while this task waits
            later = self.calendar.deadline(due, days=1, seconds=0)
            options.append(_Option("after the appointment passed", tuple(_after(later, a) for a in options[0].tries)))
        return task, options

    def choose(self, task: HumanTask | None, options: list[_Option],
               picks: dict[tuple[str, str], int]) -> list[_Option]:
        """Every choice not tried yet at this task; else the one this branch used least, to go on to an end."""
        fresh = [o for o in options if (self.scope(task), o.key) not in self.tried]
        return fresh or [min(options, key=lambda o: picks.get((self.scope(task), o.key), 0))]

    @staticmethod
    def scope(task: HumanTask | None) -> str:
        return task.element_id if task else ""

    def step(self, branch: _Branch, task: HumanTask | None, option: _Option) -> _Branch | None:
        failure: Exception | None = None
        for attempt in option.tries:
            workflow = self.runner.restore(branch.state, self.spec, self.subs)
            self.clock.set(branch.now)
            facts, entries = copy.deepcopy(branch.facts), copy.deepcopy(branch.entries)
            try:
                attempt(workflow, self.contexts(facts, entries), self.clock)
            except StepError as exc:
                failure = failure or exc
                continue
            except Exception as exc:  # the engine itself broke on this diagram: name it rather than crash
                self.broke(task, exc)
                return None
            uses, picks = self.counted(branch.uses, branch.picks, task, option)
            return self.follow(workflow, facts, entries, uses, picks)
        if isinstance(failure, StepError):
            self.failed(task, option, failure)
        return None

    def follow(self, workflow: Any, facts: DossierFacts, entries: list[dict[str, Any]], uses: dict[str, int],
               picks: dict[tuple[str, str], int]) -> _Branch | None:
        """Go on in place while there is a single way on (a long chain of steps costs no snapshot per step),
        and save a branch point where the walk forks; None when the branch ended here."""
        for linear in range(MAX_STEPS):
            self.steps += 1
            self.seen(workflow)
            found = self.options_at(workflow, facts, self.clock.now(), uses)
            if found is None:
                return None
            task, options = found
            chosen = self.choose(task, options, picks)
            if len(chosen) != 1 or len(chosen[0].tries) != 1 or self.steps >= MAX_STEPS:
                return self.saved(workflow, facts, entries, uses, picks)
            option = chosen[0]
            self.tried.add((self.scope(task), option.key))
            try:
                option.tries[0](workflow, self.contexts(facts, entries), self.clock)
            except StepError as exc:
                self.failed(task, option, exc)
                return None
            except Exception as exc:  # the engine itself broke on this diagram: name it rather than crash
                self.broke(task, exc)
                return None
            uses, picks = self.counted(uses, picks, task, option)
            if linear % SAVE_EVERY == SAVE_EVERY - 1:
                self.runner.dump(workflow, prune_finished=False)  # stored between requests: must stay storable
        return self.saved(workflow, facts, entries, uses, picks)

    def failed(self, task: HumanTask | None, option: _Option, failure: StepError) -> None:
        where = ({"vi": f" sau khi bước {task.title!r} ({task.element_id}) được làm với {option.key}",
                  "en": f" after {task.title!r} ({task.element_id}) was done with {option.key}"} if task else "")
        self.problem(failure.element or (task.element_id if task else None), "dryrun.fails_here",
                     cause=str(failure), where=where, detail=failure.words())

    def broke(self, task: HumanTask | None, exc: Exception) -> None:
        self.problem(task.element_id if task else self.spec.name, "dryrun.engine_failed",
                     detail=f"{type(exc).__name__}: {str(exc)[:200]}")

    def counted(self, uses: dict[str, int], picks: dict[tuple[str, str], int], task: HumanTask | None,
                option: _Option) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
        """The use counts after taking an option: how often each task was done, each choice made."""
        uses = dict(uses)
        if task is not None and not option.key.startswith("timer:"):
            uses[task.element_id] = uses.get(task.element_id, 0) + 1
        pick = (self.scope(task), option.key)
        return uses, {**picks, pick: picks.get(pick, 0) + 1}

    def task_options(self, workflow: Any, task: HumanTask) -> list[_Option]:
        if not task.form or task.form not in self.forms:
            return [_Option("done", (_completer(self.runner, task.id, {}),))]
        form = self.forms[task.form]
        options = []
        for index, (label, data) in enumerate(self.form_variants(form)):
            errors = check_submission(form, data)
            if errors:
                if index == 0:
                    fields = ", ".join(f"{e.field} ({e.code})" for e in errors[:5])
                    self.problem(task.element_id, "dryrun.no_sample", form=repr(form.name), fields=fields)
                continue
            tries = [_completer(self.runner, task.id, dated) for dated in _dated(form, data, self.clock.now())]
            options.append(_Option(label, tuple(tries)))
        return options

    def form_variants(self, form: Form) -> list[tuple[str, dict[str, Any]]]:
        return submissions(form, self.procedure, (OTHER_UNIT, HOME_UNIT))

    def timer_options(self, workflow: Any) -> list[_Option]:
        """Time passing until the next timer falls due, as the worker would see it (a later timer is only
        reached through the earlier ones, which fire first)."""
        waiting = waiting_timers(workflow)
        if not waiting:
            return []
        timer, due = min(waiting, key=lambda pair: pair[1])
        return [_Option(f"timer:{timer.task_spec.bpmn_id}@{due:%Y%m%d%H%M}", (_firer(self.runner, due),))]

    def message_options(self, workflow: Any) -> list[_Option]:
        """A message the pack declares (``messages.toml``) arriving while the dossier waits for it."""
        return [_Option(f"message:{name}", (_deliverer(self.runner, name),))
                for name in self.runner.waiting_messages(workflow) if name in self.messages]

    def stalled(self, workflow: Any) -> None:
        waiting = [t for t in workflow.get_tasks(state=TaskState.WAITING | TaskState.READY)
                   if getattr(t.task_spec, "bpmn_id", None)]
        if not waiting:
            self.problem(self.spec.name, "dryrun.stops_without_end")
            return
        for task in waiting:
            spec = task.task_spec
            event = type(getattr(spec, "event_definition", None)).__name__.replace("EventDefinition", "").lower()
            what = ({"vi": f"chờ một sự kiện {event}", "en": f"waits for a {event} event"} if event != "nonetype"
                    else {"vi": "chờ", "en": "waits"})
            self.problem(spec.bpmn_id, "dryrun.stalls", step=repr(spec.bpmn_name or spec.bpmn_id), what=what)


def submissions(form: Form, procedure: Procedure, units: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    """A form's sample data, then one variant per choice, each labelled by what it changes, with what the desk
    fills in for its special widgets: the papers checklist from the catalogue (all handed in), each of
    ``units`` for a unit list, a scan's stored name for a file field."""
    papers = [{"name": p.name, "originals": p.originals, "copies": p.copies} for p in procedure.papers]
    extra: dict[str, list[Any]] = {}
    for name, ui in form.uischema.items():
        widget = ui.get("ui:widget") if isinstance(ui, dict) else None
        if widget == "papers":
            extra[name] = [papers]
        elif widget == UNIT_WIDGET:
            extra[name] = list(units)
        elif widget == "file":
            extra[name] = ["dry-run-scan.pdf"]
    found = [{**data, **{name: values[0] for name, values in extra.items()}} for data in variants(form.schema)]
    found += [{**found[0], name: value} for name, values in extra.items() for value in values[1:]]
    base = found[0]
    labelled = [("sample data", base)]
    for data in found[1:]:
        changed = [f"{k}={v!r}" for k, v in data.items() if base.get(k) != v]
        labelled.append((", ".join(changed) or "sample data", data))
    minimal = _blank_optional(form, base)
    if minimal is not None:
        labelled.append(("optional fields left blank", minimal))
    return labelled


def _blank_optional(form: Form, data: dict[str, Any]) -> dict[str, Any] | None:
    """The sample with every field the form lets a clerk leave empty left out (as a hurried clerk would), or
    None when nothing is optional. A diagram that reads such a field unguarded fails on this variant."""
    required = set(form.schema.get("required") or ())
    minimal = with_defaults(form, {k: v for k, v in data.items() if k in required})  # as the desk submits it
    for _ in range(len(data)):  # fields a condition requires once others are set (``if``/``then``)
        missing = [e.field for e in check_submission(form, minimal) if e.code == "required" and e.field in data]
        if not missing:
            break
        minimal.update({name: data[name] for name in missing})
    if minimal == data or check_submission(form, minimal):
        return None
    return minimal


def _dated(form: Form, data: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """The data as sampled, then with its dates a month back, then ten days ahead of the simulated clock."""
    dates = [name for name, prop in (form.schema.get("properties") or {}).items()
             if isinstance(prop, dict) and prop.get("format") == "date" and name in data]
    if not dates:
        return [data]
    return [data] + [{**data, **{name: (now + timedelta(days=shift)).date().isoformat() for name in dates}}
                     for shift in (-30, 10)]


def _completer(runner: ProcessRunner, task_id: str, data: dict[str, Any]) -> Callable[[Any, Any, FixedClock], None]:
    def apply(workflow: Any, context_for: Any, clock: FixedClock) -> None:
        runner.complete(workflow, task_id, copy.deepcopy(data), context_for)
    return apply


def _after(moment: datetime, then: Callable[[Any, Any, FixedClock], None]) -> Callable[[Any, Any, FixedClock], None]:
    def apply(workflow: Any, context_for: Any, clock: FixedClock) -> None:
        clock.set(max(moment, clock.now()))
        then(workflow, context_for, clock)
    return apply


def _deliverer(runner: ProcessRunner, name: str) -> Callable[[Any, Any, FixedClock], None]:
    def apply(workflow: Any, context_for: Any, clock: FixedClock) -> None:
        runner.deliver(workflow, name, {}, context_for)
    return apply


def _firer(runner: ProcessRunner, due: datetime) -> Callable[[Any, Any, FixedClock], None]:
    def apply(workflow: Any, context_for: Any, clock: FixedClock) -> None:
        clock.set(max(due, clock.now()))
        runner.fire_timers(workflow, context_for)
    return apply


def dry_run_compiled(procedure: Procedure, compiled: Any, handlers: HandlerRegistry,
                     calendar: WorkingCalendar, messages: Collection[str] = ()) -> DryRun:
    """Dry-run a compiled diagram (``engine.diagram.CompiledDiagram``) of a procedure; ``messages`` are the
    names the pack declares in ``messages.toml``, which the walk lets arrive when a dossier waits for them."""
    walker = _Walker(procedure, compiled.spec, compiled.subprocess_specs, compiled.forms, handlers, calendar,
                     compiled.file, compiled.lines)
    walker.companions, walker.messages = compiled.companions, messages
    return walker.run()


def dry_run_pack(pack: Any) -> list[DryRun]:
    """Dry-run every process of a loaded pack (``engine.pack.Pack``), in catalogue order."""
    return [dry_run_compiled(loaded.procedure, loaded.compiled, pack.handlers, pack.calendar, pack.messages)
            for _slug, loaded in sorted(pack.procedures.items())]
