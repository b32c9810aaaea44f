"""Diagrams from other modelers: bare SpiffWorkflow 3.2 and MotCua side by side, file by file.

    python -m bench.interop FOLDER [--json]

For each ``.bpmn`` file of FOLDER (files named ``<stem>--<part>.<ext>`` are companions, not rows) it prints:

- **SpiffWorkflow 3.2, bare**: the diagram parsed with ``SpiffBpmnParser`` (the called diagrams and DMN files of
  the folder added as dependencies), its main process run with ``do_engine_steps()``; every READY human task is
  completed with empty data; when nothing is ready but timers wait, the timer module's clock is moved a year on
  (``datetime`` patched in ``SpiffWorkflow.bpmn.specs.event_definitions.timer``, so no test waits) and the
  timers refreshed. At most ``STEP_BUDGET`` rounds. Verdicts: ``ran to end`` / ``stalled: …`` /
  ``error: <first line>`` / ``not parsed: <first line>``. Bare SpiffWorkflow runs scripts with Python's own
  ``eval``: run this command only on folders you trust.
- **MotCua**: a throw-away pack (the project's ``handlers/`` and ``forms/``, ``calendar.toml`` if any; the
  diagram, the diagrams it calls and the form JSON files it names in ``bpmn/``, beside it as their modeler
  left them; its DMN files in ``dmn/``; ``queue.toml`` is left out because its groups name catalogue fields
  the placeholder procedure does not have) with one ``processes/<stem>.toml`` of placeholder catalogue facts,
  then ``load_pack``: ``accepted`` / ``refused`` (PackError; problems without an element id or a line are
  counted unless they are about the whole file by nature, see ``WHOLE_FILE``) / ``crashed`` (any other
  exception).
- **Dossier**, for an accepted diagram: a real dossier on a fresh SQLite database with the demo staff, worked
  through the services (``steps.start_dossier``, ``queries.inbox``, ``steps.complete_task``,
  ``steps.fire_due_timers``) by a user holding each open task's role in the dossier's unit, with data made
  from the task's form as the dry run fills it (``motcua.engine.dryrun.submissions``); due timers fired by
  moving the FixedClock.
  ``dossier worked to end`` / ``dossier stalled at <task> (<reason>)`` / ``dossier failed: <first line>``.

The main process of a diagram is the first ``process`` in document order that no call activity of the
diagram calls, preferring ``isExecutable="true"``; in a collaboration that is one participant's process
(a MotCua procedure runs one process; the other participants are not started), and bare SpiffWorkflow runs
the same one, so both columns measure the same thing. Each column of each row runs in a process forked for it
(``os.fork``; Linux): what one diagram does cannot disturb the next, and ``os.wait4`` gives that process's
resource usage. Time printed is CPU time (user + system), steadier than wall time on a shared machine (both
are in the JSON); memory is the forked process's peak resident size (``getrusage().ru_maxrss``) minus its
resident size when it began, i.e. what the column's work added. Exit code 0 always.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
COMPANION = "--"  # <stem>--<part>.<ext> sits beside <stem>.bpmn and belongs to it
STEP_BUDGET = 5000  # rounds of the bare run and of a dossier before calling it stalled
TIMER_JUMP = timedelta(days=366)
START_AT = datetime(2025, 11, 24, 8, 30)  # a Monday morning in office hours, no holiday near
# The refusal problems that are about a whole file by nature: the file cannot be read as XML, so no element
# can be named (the line where reading stopped is given when there is one). Any other problem must name the
# element and the line.
WHOLE_FILE = (
    "XML is not well-formed",  # the parser stopped before the element could be known
    "XML refused:",  # a limit of the XML parser (nesting depth, size) was passed
    "the XML declaration names encoding",  # an encoding Python does not know, or no character set
    "is not valid in",  # a byte the declared (or assumed) encoding cannot decode
)
T = TypeVar("T")


@dataclass
class Diagram:
    """One row: a diagram file, what it needs beside it, and the process to run."""

    path: Path
    process_id: str | None
    process_name: str
    called: list[Path] = field(default_factory=list)  # diagrams its call activities need
    dmn: list[Path] = field(default_factory=list)
    forms: list[Path] = field(default_factory=list)


@dataclass
class Row:
    """What both engines made of one diagram."""

    file: str
    process: str | None
    spiff: str
    spiff_seconds: float  # wall
    spiff_cpu_seconds: float
    spiff_peak_kb: float  # peak resident size added
    motcua: str  # accepted / refused / crashed
    motcua_detail: str
    problems: list[dict[str, Any]]
    unlocated: list[str]  # refusal problems with no element or no line that are not about the whole file
    dossier: str | None
    motcua_seconds: float
    motcua_cpu_seconds: float
    motcua_peak_kb: float


# ---------------------------------------------------------------------------------------------------- folder

def _tree(path: Path) -> etree._Element | None:
    try:
        return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (etree.XMLSyntaxError, OSError, ValueError):
        return None


def _called_elements(root: etree._Element) -> set[str]:
    return {e.get("calledElement") for e in root.iter(f"{{{BPMN_NS}}}callActivity") if e.get("calledElement")}


def _decision_refs(root: etree._Element) -> set[str]:
    refs = {(e.text or "").strip() for e in root.iter(f"{{{SPIFF_NS}}}calledDecisionId")}
    for element in root.iter(f"{{{BPMN_NS}}}businessRuleTask"):
        refs |= {v for k, v in element.attrib.items() if etree.QName(k).localname == "decisionRef"}
    return {r for r in refs if r}


def _form_refs(root: etree._Element) -> set[str]:
    """Form files a diagram names: as SpiffWorkflow elements, or as SpiffArena's properties of the same name."""
    names = ("formJsonSchemaFilename", "formUiSchemaFilename")
    refs = {(e.text or "").strip() for e in root.iter(*(f"{{{SPIFF_NS}}}{n}" for n in names))}
    refs |= {e.get("value", "").strip() for e in root.iter(f"{{{SPIFF_NS}}}property") if e.get("name") in names}
    return {r for r in refs if r}


def _main_process(root: etree._Element) -> tuple[str | None, str]:
    processes = list(root.iter(f"{{{BPMN_NS}}}process"))
    called = _called_elements(root)
    free = [p for p in processes if p.get("id") not in called] or processes
    executable = [p for p in free if p.get("isExecutable", "").lower() == "true"]
    chosen = (executable or free or [None])[0]
    if chosen is None:
        return None, ""
    return chosen.get("id"), (chosen.get("name") or "").strip()


@dataclass
class _Index:
    """Every diagram and DMN file of a folder, parsed, and which file defines each process and decision."""

    trees: dict[Path, etree._Element | None]
    processes: dict[str, Path]
    decisions: dict[str, Path]


def _index(folder: Path) -> _Index:
    trees = {p: _tree(p) for p in sorted(folder.iterdir()) if p.suffix in (".bpmn", ".dmn")}
    index = _Index(trees, {}, {})
    for path, root in trees.items():
        for element in root.iter() if root is not None else ():
            if not isinstance(element.tag, str) or not element.get("id"):
                continue
            kind = etree.QName(element).localname
            if path.suffix == ".bpmn" and kind == "process":
                index.processes.setdefault(element.get("id"), path)
            elif path.suffix == ".dmn" and kind == "decision":
                index.decisions.setdefault(element.get("id"), path)
    return index


def _dependencies(path: Path, index: _Index) -> tuple[list[Path], set[str], set[str]]:
    """The diagrams ``path`` needs (its named companions, then what call activities reach, transitively), and the
    decisions and forms all of them name."""
    called = sorted(path.parent.glob(f"{path.stem}{COMPANION}*.bpmn"))
    pending, decisions, forms = [path, *called], set(), set()
    while pending:
        tree = index.trees.get(pending.pop())
        if tree is None:
            continue
        decisions |= _decision_refs(tree)
        forms |= _form_refs(tree)
        for ref in _called_elements(tree):
            found = index.processes.get(ref)
            if found and found != path and found not in called:
                called.append(found)
                pending.append(found)
    return called, decisions, forms


def discover(folder: Path) -> list[Diagram]:
    """The folder's diagrams with their companions: named ``<stem>--…`` or found by the ids they reference."""
    index = _index(folder)
    diagrams = []
    for path, root in index.trees.items():
        if path.suffix != ".bpmn" or COMPANION in path.stem:
            continue
        called, decisions, forms = _dependencies(path, index)
        dmn = sorted(folder.glob(f"{path.stem}{COMPANION}*.dmn"))
        dmn += [index.decisions[d] for d in sorted(decisions) if d in index.decisions and index.decisions[d] not in dmn]
        form_files = sorted(folder.glob(f"{path.stem}{COMPANION}*.json"))
        form_files += [folder / f for f in sorted(forms) if (folder / f).is_file() and folder / f not in form_files]
        process_id, name = _main_process(root) if root is not None else (None, "")
        diagrams.append(Diagram(path, process_id, name, called, dmn, form_files))
    return diagrams


# ------------------------------------------------------------------------------------------ bare SpiffWorkflow

def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().split("\n")[0] or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


@contextmanager
def _movable_timer_clock() -> Iterator[Callable[[], None]]:
    """SpiffWorkflow's timers read ``datetime.now`` in their module: give them one we can move forward."""
    from SpiffWorkflow.bpmn.specs.event_definitions import timer

    offset = [timedelta(0)]

    class _Moved(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return datetime.now(tz) + offset[0]

    def jump() -> None:
        offset[0] += TIMER_JUMP

    with mock.patch.object(timer, "datetime", _Moved):
        yield jump


def bare_spiff(diagram: Diagram) -> str:
    """Parse and run the diagram with SpiffWorkflow alone, completing human tasks with empty data."""
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
    from SpiffWorkflow.util.task import TaskState

    try:
        parser = SpiffBpmnParser()
        parser.add_bpmn_files([str(diagram.path), *(str(p) for p in diagram.called)])
        if diagram.dmn:
            parser.add_dmn_files([str(p) for p in diagram.dmn])
        if diagram.process_id is None:
            return "not parsed: no process in the file"
        spec = parser.get_spec(diagram.process_id)
        subprocesses = parser.get_subprocess_specs(diagram.process_id)
    except Exception as exc:  # noqa: BLE001 - any parser failure is this column's verdict
        return f"not parsed: {_first_line(exc)}"
    try:
        with _movable_timer_clock() as jump:
            workflow = BpmnWorkflow(spec, subprocesses)
            for _ in range(STEP_BUDGET):
                workflow.do_engine_steps()
                if workflow.is_completed():
                    return "ran to end"
                ready = workflow.get_tasks(state=TaskState.READY, manual=True)
                if ready:
                    ready[0].run()
                    continue
                before = _signature(workflow)
                jump()
                workflow.refresh_timers()
                workflow.do_engine_steps()
                if _signature(workflow) == before and not workflow.is_completed():
                    waiting = sorted({t.task_spec.bpmn_name or t.task_spec.bpmn_id
                                      for t in workflow.get_tasks(state=TaskState.WAITING)
                                      if getattr(t.task_spec, "bpmn_id", None)})
                    return f"stalled: waiting at {', '.join(waiting) or 'nothing'}"
            return f"stalled: still running after {STEP_BUDGET} rounds"
    except Exception as exc:  # noqa: BLE001 - an engine error is this column's verdict
        return f"error: {_first_line(exc)}"


def _signature(workflow: Any) -> tuple:
    return tuple(sorted((str(t.id), t.state) for t in workflow.get_tasks()))


# ---------------------------------------------------------------------------------------------------- MotCua

def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", stem.lower()).strip("_") or "diagram"


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def build_pack(diagram: Diagram, number: int, root: Path) -> str:
    """A pack of the project's handlers and forms with this diagram as its only procedure; its slug."""
    shutil.copytree(ROOT / "handlers", root / "handlers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "forms", root / "forms")
    if (ROOT / "calendar.toml").is_file():
        shutil.copyfile(ROOT / "calendar.toml", root / "calendar.toml")
    for folder, files in (("bpmn", [diagram.path, *diagram.called, *diagram.forms]), ("dmn", diagram.dmn)):
        (root / folder).mkdir(exist_ok=True)
        for path in files:
            shutil.copyfile(path, root / folder / path.name)
    slug = _slug(diagram.path.stem)
    name = diagram.process_name or diagram.path.stem
    (root / "processes").mkdir()
    (root / "processes" / f"{slug}.toml").write_text("\n".join([
        "# Placeholder catalogue facts written by bench.interop: not a real procedure.",
        f'code = "TEST.{number}"',
        f"name_vi = {_toml_string(name)}",
        f"name_en = {_toml_string(name)}",
        'field = "Thử nghiệm"',
        'level = "commune"',
        f"diagram = {_toml_string(diagram.path.name)}",
        f"process_id = {_toml_string(diagram.process_id or '')}",
        "processing_days = 1",
        'fee = "0"',
        'result = "—"',
        "",
    ]), encoding="utf-8")
    return slug


def located(problem: Any) -> bool:
    """A refusal line an analyst can act on: it names the element and the line, or is about the whole file."""
    if problem.element and problem.line:
        return True
    return problem.element is None and any(kind in problem.message for kind in WHOLE_FILE)


def motcua_load(pack_root: Path) -> tuple[str, str, list[Any]]:
    """What ``motcua validate`` says of the throw-away pack: ``load_pack``'s checks, then the dry run of every
    process: (accepted | refused | crashed, detail, problems)."""
    from motcua.engine.dryrun import dry_run_pack
    from motcua.engine.pack import load_pack
    from motcua.engine.problems import PackError

    try:
        problems = [p for run in dry_run_pack(load_pack(pack_root)) for p in run.problems]
    except PackError as exc:
        return "refused", str(exc.problems[0]) if exc.problems else "", list(exc.problems)
    except Exception as exc:  # noqa: BLE001 - a crash is what this column is for
        return "crashed", f"{type(exc).__name__}: {_first_line(exc)}", []
    if problems:
        return "refused", str(problems[0]), problems
    return "accepted", "", []


def work_dossier(pack_root: Path, slug: str, template_db: Path | Exception, scratch: Path) -> str:
    """Start a real dossier of the procedure and work it as the demo staff until it ends or stalls.

    ``template_db`` is migrated and holds the demo staff (``template_database``), or is why it could not."""
    from motcua.domain.clock import FixedClock
    from motcua.engine.dryrun import submissions
    from motcua.services import queries, steps
    from motcua.services.demo import WARDS
    from motcua.services.errors import Forbidden, ServiceError
    from motcua.services.runtime import build_runtime

    if isinstance(template_db, Exception):
        return f"dossier failed: no demo staff: {type(template_db).__name__}: {_first_line(template_db)}"
    database = scratch / "motcua.db"
    shutil.copyfile(template_db, database)
    clock = FixedClock(START_AT)
    try:
        runtime = build_runtime(f"sqlite:///{database}", pack_root, scratch / "instance", "interop-bench",
                                clock=clock, migrate=False)
        dossier_id = _open(runtime, slug, steps, Forbidden, ServiceError)
    except Exception as exc:  # noqa: BLE001 - any failure to open is this column's verdict
        return f"dossier failed: {type(exc).__name__}: {_first_line(exc)}"
    for _ in range(STEP_BUDGET):
        waiting = _waiting(runtime, dossier_id)
        if waiting is None:
            return "dossier worked to end"
        items, next_timer = waiting
        if not items:
            if next_timer is None:
                return "dossier stalled at (no open task) (no task waits for a person and no timer is set)"
            clock.set(max(clock.now(), next_timer) + timedelta(minutes=1))
            if steps.fire_due_timers(runtime) == 0:
                return f"dossier stalled at (timer due {next_timer:%Y-%m-%d %H:%M}) (firing it moved nothing)"
            continue
        task_id, title, role, users, form = items[0]
        if not users:
            return f"dossier stalled at {title} (no demo user holds role {role!r} in the dossier's unit)"
        offered = [u for u in users if any(e.task_id == task_id for e in queries.inbox(runtime, u))]
        if not offered:
            return f"dossier stalled at {title} (not in the inbox of any {role} of the unit)"
        try:
            data = submissions(form, runtime.pack.get(slug).procedure, (WARDS[0][0],))[0][1] if form else {}
            steps.complete_task(runtime, offered[0], task_id, data)
        except Exception as exc:  # noqa: BLE001 - a refused or failed step is this column's verdict
            return f"dossier stalled at {title} ({type(exc).__name__}: {_first_line(exc)})"
    return f"dossier stalled at (step budget) (still open after {STEP_BUDGET} steps)"


Waiting = tuple[str, str, str, list[int], Any]  # task id, title, role, its holders, its form (or None)


def _waiting(runtime: Any, dossier_id: int) -> tuple[list[Waiting], datetime | None] | None:
    """The dossier's open tasks (with the users holding each one's role in its unit) and its next timer;
    None once the dossier has ended."""
    with runtime.uow() as uow:
        instance = uow.instances.for_dossier(dossier_id)
        if instance is None or instance.completed:
            return None
        forms = runtime.version(uow, instance.version_id).forms
        items = [(i.task_id, i.title, i.role, [u.id for u in uow.users.holding(i.unit_id, i.role)],
                  forms[i.form] if i.form else None)
                 for i in uow.work_items.for_dossier(dossier_id)]
        return items, instance.next_timer_at


def _open(runtime: Any, slug: str, steps: Any, forbidden: type[Exception], service_error: type[Exception]) -> int:
    """Open the dossier as the first demo user allowed to (the first task's role decides), else as sent online;
    an error other than "not allowed" is the dossier's failure at once."""
    from motcua.services.demo import STAFF, WARDS

    tried = []
    for prefix, _role, _title in STAFF:
        username = f"{prefix}.{WARDS[0][2]}"
        with runtime.uow() as uow:
            user_id = uow.users.by_username(username).id
        try:
            return steps.start_dossier(runtime, user_id, WARDS[0][0], slug).dossier_id
        except forbidden as exc:
            tried.append(f"{username}: {_first_line(exc)}")
    try:
        return steps.start_dossier(runtime, None, WARDS[0][0], slug, channel="online").dossier_id
    except service_error as exc:
        raise RuntimeError(f"no demo user could open it ({'; '.join(tried)}); online: {_first_line(exc)}") from exc


# ------------------------------------------------------------------------------------------------- the bench

class MeasureError(Exception):
    """The forked process that measured a column died or raised instead of answering."""


def _resident_kb() -> int:
    """This process's resident size now (Linux ``/proc``), 0 where that cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _forked(work: Callable[[], T]) -> tuple[T, float, float, float]:
    """Run ``work`` in a forked process: its result, wall and CPU seconds, and the resident KB it added
    (the child's peak resident size less its resident size when it began).

    What the diagrams' scripts print is dropped, so ``--json`` stays parseable."""
    read_end, write_end = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe and leave without running the parent's exit handlers
        os.close(read_end)
        base = _resident_kb()
        try:
            with redirect_stdout(io.StringIO()):
                result = work()
            added = max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)
            answer = pickle.dumps(("ok", (result, added)))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
            answer = pickle.dumps(("raised", f"{type(exc).__name__}: {_first_line(exc)}"))
        with os.fdopen(write_end, "wb") as out:
            out.write(answer)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as source:
        answer = source.read()
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    if not answer:
        raise MeasureError(f"the measuring process died (wait status {status})")
    kind, value = pickle.loads(answer)  # noqa: S301 - written by our own child process just now
    if kind == "raised":
        raise MeasureError(value)
    result, added = value
    return result, wall, usage.ru_utime + usage.ru_stime, added


def template_database(scratch: Path) -> Path:
    """A migrated SQLite database holding the demo units and staff, copied for each dossier.

    Seeding once matters: the demo staff's Argon2 hashes take about two seconds, the rest of a dossier less.
    The runtime that seeds it loads an empty pack (the project's handlers and forms, no procedure).
    """
    from motcua.services.demo import seed_demo
    from motcua.services.runtime import build_runtime

    path, empty = scratch / "template.db", scratch / "empty-pack"
    shutil.copytree(ROOT / "handlers", empty / "handlers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "forms", empty / "forms")
    (empty / "processes").mkdir()
    runtime = build_runtime(f"sqlite:///{path}", empty, scratch / "empty-instance", "interop-bench")
    seed_demo(runtime)
    runtime.db.dispose()
    return path


def measure(diagram: Diagram, number: int, scratch: Path, template_db: Path | Exception) -> Row:
    """Both columns for one diagram."""
    try:
        spiff, spiff_wall, spiff_cpu, spiff_peak = _forked(lambda: bare_spiff(diagram))
    except MeasureError as exc:
        spiff, spiff_wall, spiff_cpu, spiff_peak = f"error: {exc}", 0.0, 0.0, 0.0
    pack_root = scratch / f"pack{number}"
    pack_root.mkdir()

    def motcua() -> tuple[str, str, list[Any], str | None]:
        slug = build_pack(diagram, number, pack_root)
        verdict, detail, problems = motcua_load(pack_root)
        dossier = None
        if verdict == "accepted":
            (scratch / f"run{number}").mkdir()
            dossier = work_dossier(pack_root, slug, template_db, scratch / f"run{number}")
        return verdict, detail, problems, dossier

    try:
        (verdict, detail, problems, dossier), wall, cpu, peak = _forked(motcua)
    except MeasureError as exc:
        verdict, detail, problems, dossier, wall, cpu, peak = "crashed", str(exc), [], None, 0.0, 0.0, 0.0
    return Row(
        file=diagram.path.name, process=diagram.process_id, spiff=spiff, spiff_seconds=spiff_wall,
        spiff_cpu_seconds=spiff_cpu, spiff_peak_kb=spiff_peak, motcua=verdict, motcua_detail=detail,
        problems=[p.as_dict() for p in problems], unlocated=[str(p) for p in problems if not located(p)],
        dossier=dossier, motcua_seconds=wall, motcua_cpu_seconds=cpu, motcua_peak_kb=peak,
    )


def run(folder: Path) -> list[Row]:
    """Measure every diagram of the folder (each in its own throw-away pack and database)."""
    with tempfile.TemporaryDirectory(prefix="motcua-interop-") as tmp:
        scratch = Path(tmp)
        template_db: Path | Exception
        try:
            template_db = template_database(scratch)
        except Exception as exc:  # noqa: BLE001 - each accepted row then says why no dossier was worked
            template_db = exc
        return [measure(d, n, scratch, template_db) for n, d in enumerate(discover(folder), start=1)]


def totals(rows: list[Row]) -> dict[str, int]:
    """The counts the issue asks for, side by side."""
    def count(test: Callable[[Row], bool]) -> int:
        return sum(1 for r in rows if test(r))

    return {
        "diagrams": len(rows),
        "spiff_ran_to_end": count(lambda r: r.spiff == "ran to end"),
        "spiff_stalled": count(lambda r: r.spiff.startswith("stalled")),
        "spiff_error": count(lambda r: r.spiff.startswith("error")),
        "spiff_not_parsed": count(lambda r: r.spiff.startswith("not parsed")),
        "motcua_accepted": count(lambda r: r.motcua == "accepted"),
        "motcua_refused": count(lambda r: r.motcua == "refused"),
        "motcua_crashed": count(lambda r: r.motcua == "crashed"),
        "refusal_problems": sum(len(r.problems) for r in rows),
        "refusal_problems_unlocated": sum(len(r.unlocated) for r in rows),
        "dossiers_worked_to_end": count(lambda r: r.dossier == "dossier worked to end"),
        "dossiers_stalled": count(lambda r: (r.dossier or "").startswith("dossier stalled")),
        "dossiers_failed": count(lambda r: (r.dossier or "").startswith("dossier failed")),
    }


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render(rows: list[Row]) -> str:
    """The table and the totals as printed."""
    head = (f"{'file':<44} {'SpiffWorkflow 3.2 (bare)':<48} {'ms':>6} {'KB':>6}   "
            f"{'MotCua load_pack / dossier':<70} {'ms':>6} {'KB':>6}")
    lines = [head, "-" * len(head)]
    for r in rows:
        motcua = r.dossier if r.motcua == "accepted" else f"{r.motcua}: {r.motcua_detail}"
        if r.motcua == "refused" and r.unlocated:
            motcua = f"{motcua} [{len(r.unlocated)} without element/line]"
        lines.append(f"{_cut(r.file, 44):<44} {_cut(r.spiff, 48):<48} {r.spiff_cpu_seconds * 1000:>6.0f} "
                     f"{r.spiff_peak_kb:>6.0f}   {_cut(motcua or '', 70):<70} {r.motcua_cpu_seconds * 1000:>6.0f} "
                     f"{r.motcua_peak_kb:>6.0f}")
    t = totals(rows)
    lines += [
        "",
        f"{t['diagrams']} diagrams. ms: CPU time (user + system) of the process forked for that column; "
        "KB: the peak resident memory its work added (getrusage ru_maxrss).",
        f"SpiffWorkflow 3.2 bare: {t['spiff_ran_to_end']} ran to end, {t['spiff_stalled']} stalled, "
        f"{t['spiff_error']} error, {t['spiff_not_parsed']} not parsed",
        f"MotCua load_pack:       {t['motcua_accepted']} accepted, {t['motcua_refused']} refused clearly, "
        f"{t['motcua_crashed']} crashed; {t['refusal_problems']} refusal problems, "
        f"{t['refusal_problems_unlocated']} without element and line",
        f"MotCua dossiers:        {t['dossiers_worked_to_end']} worked to end, {t['dossiers_stalled']} stalled, "
        f"{t['dossiers_failed']} failed (of {t['motcua_accepted']} accepted)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the table (or the rows as JSON); always exit 0: this measures, it does not judge."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of .bpmn files (and their companions)")
    parser.add_argument("--json", action="store_true", help="print the rows and totals as JSON instead")
    args = parser.parse_args(argv)
    rows = run(args.folder)
    if args.json:
        print(json.dumps({"rows": [asdict(r) for r in rows], "totals": totals(rows)}, ensure_ascii=False, indent=1))
    else:
        print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
