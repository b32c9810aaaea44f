"""Load the pack: procedures, their diagrams and forms, and the handlers.

The pack is data and plug-ins in the project's top-level folders; a province
adds a procedure by adding files there. Loading checks everything and refuses
the whole pack with every problem listed, so nothing half-valid goes live.
"""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from motcua.domain.calendar import DEFAULT_HOURS, WorkingCalendar
from motcua.domain.fees import FeeRuleError, FeeSchedule, FeeTableError, check_schedule, read_schedule
from motcua.domain.papers import OTHER, PaperKind
from motcua.domain.procedure import CHECKABLE_FACTS, Paper, Procedure, StepDeadline
from motcua.domain.queue import QueueConfig
from motcua.domain.text import fold
from motcua.engine.diagram import CompiledDiagram, compile_diagram
from motcua.engine.forms import Form
from motcua.engine.handlers import HandlerError, HandlerRegistry
from motcua.engine.library import Library
from motcua.engine.messages import ExternalMessage, read_messages
from motcua.engine.notices import FOLDER as NOTICES_FOLDER
from motcua.engine.notices import NoticeText, read_notices
from motcua.engine.paper_kinds import FALLBACK, check_kinds, read_paper_kinds
from motcua.engine.problems import PackError, Problem, coded
from motcua.engine.queue_config import read_queue
from motcua.engine.samples import variants
from motcua.engine.xmltext import normalise_declaration, read_diagram
from motcua.messages import Said

# What a process in the pack is: an administrative procedure (the default) or one of the center's own
# processes, which are kept out of the public catalogue, the portal's status feed and the procedure reports.
PROCESS_KINDS = ("service", "document", "meeting", "feedback")
REQUIRED_FIELDS = ("code", "name_vi", "field", "level", "fee", "result")
PATTERNS_DIR = "patterns"  # bpmn/patterns/<name>.bpmn: the frame's standard patterns, process id = <name>


@dataclass
class LoadedProcedure:
    """A catalogue entry with its checked diagram, ready to start dossiers."""

    procedure: Procedure
    diagram_xml: str
    compiled: CompiledDiagram

    @property
    def forms(self) -> dict[str, Form]:
        """The forms this version's user tasks use."""
        return self.compiled.forms

    @property
    def digest(self) -> str:
        """Identifies a version: the diagram and its forms, byte for byte, and the diagrams it calls and the
        decision tables it uses, when it has any (so changing one of those makes a new version)."""
        forms = json.dumps({k: v.as_dict() for k, v in sorted(self.forms.items())}, sort_keys=True)
        companions = "".join(f"\0{name}\0{text}" for name, text in sorted(self.compiled.companions.items()))
        fitted = json.dumps([self.procedure.forms, self.procedure.parameters,
                             [list(vars(s).values()) for s in self.procedure.steps]])
        return hashlib.sha256((self.diagram_xml + "\0" + forms + companions + fitted).encode("utf-8")).hexdigest()


@dataclass
class Pack:
    """Everything loaded from the pack folders."""

    root: Path
    procedures: dict[str, LoadedProcedure]
    handlers: HandlerRegistry
    calendar: WorkingCalendar
    queue: QueueConfig = field(default_factory=QueueConfig)  # the counter queue's service groups
    messages: dict[str, ExternalMessage] = field(default_factory=dict)  # what the outside world may send
    paper_kinds: dict[str, PaperKind] = field(default_factory=lambda: {OTHER: FALLBACK})  # paper_kinds.toml
    notices: dict[str, NoticeText] = field(default_factory=dict)  # what citizens are told, by event

    def find(self, name: str) -> LoadedProcedure:
        """A procedure by slug, code, name in either language, or tag, with or without accents.

        An exact name wins; otherwise the words must pick out exactly one procedure.
        """
        wanted = fold(name)
        for loaded in self.procedures.values():
            p = loaded.procedure
            if wanted in {fold(p.slug), fold(p.code), fold(p.name_vi), fold(p.name_en), *(fold(t) for t in p.tags)}:
                return loaded
        found = [loaded for loaded in self.procedures.values() if loaded.procedure.matches(name)]
        if len(found) == 1:
            return found[0]
        if found:
            raise KeyError(f"{name!r} could be any of: {', '.join(sorted(f.procedure.name_en for f in found))}")
        raise KeyError(f"no procedure called {name!r} (have: {', '.join(sorted(self.procedures))})")

    def get(self, slug: str) -> LoadedProcedure:
        """A procedure by its slug; KeyError names what exists."""
        if slug not in self.procedures:
            raise KeyError(f"no procedure {slug!r} in the pack (have: {', '.join(sorted(self.procedures))})")
        return self.procedures[slug]


def _procedure(path: Path, data: dict[str, Any]) -> Procedure:
    pattern = str(data.get("pattern", ""))
    diagram, process_id = (f"{PATTERNS_DIR}/{pattern}.bpmn", pattern) if pattern else (data["diagram"],
                                                                                     data["process_id"])
    unconfirmed = tuple(str(f) for f in data.get("unconfirmed", ()))
    unknown = [f for f in unconfirmed if f not in CHECKABLE_FACTS]
    if unknown:
        raise EntryError("catalogue.unknown_unconfirmed", names=", ".join(unknown), facts=", ".join(CHECKABLE_FACTS))
    document = data.get("result_document", {})
    papers = tuple(
        Paper(name=p["name"], originals=int(p.get("originals", 0)), copies=int(p.get("copies", 0)),
              optional=bool(p.get("optional", False)), kind=str(p.get("kind", OTHER)))
        for p in data.get("papers", [])
    )
    return Procedure(
        slug=path.stem, code=str(data["code"]), name_vi=data["name_vi"], name_en=data.get("name_en", ""),
        field=data["field"], level=data["level"], diagram=diagram, process_id=process_id,
        processing_days=data.get("processing_days"), processing_hours=data.get("processing_hours"),
        fee=data["fee"], result=data["result"], legal_basis=tuple(data.get("legal_basis", ())),
        papers=papers, sources=tuple(str(s) for s in data.get("sources", ())), tags=tuple(data.get("tags", ())),
        same_day_until=time.fromisoformat(data["same_day_until"]) if data.get("same_day_until") else None,
        kind=_kind(data.get("kind", "service")), pattern=pattern, unconfirmed=unconfirmed,
        competent_authority=str(data.get("competent_authority", "")), result_title=str(document.get("title", "")),
        result_kind=str(document.get("kind", "")),
        forms=tuple(sorted((str(task), str(form)) for task, form in data.get("forms", {}).items())),
        parameters=tuple((str(task), str(name), str(value))
                         for task, values in sorted(data.get("parameters", {}).items())
                         for name, value in sorted(values.items())),
        steps=tuple(StepDeadline(str(task), str(limits["near"]), str(limits["late"]))
                    for task, limits in sorted(data.get("steps", {}).items())),
        fees=_fees(data["fees"]) if "fees" in data else None,
    )


class EntryError(ValueError):
    """A catalogue entry's field holds what it may not, in our own words (``said``)."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.said = Said(code, **params)
        super().__init__(str(self.said))


def _fees(data: Any) -> FeeSchedule:
    if not isinstance(data, dict):
        raise FeeTableError("fee_rule.not_a_table", items="[[fees.items]]")
    try:
        return read_schedule(data)
    except (FeeRuleError, FeeTableError):
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"[fees] {exc}") from exc


def check_fees(procedure: Procedure, forms: dict[str, Form], toml: Path) -> list[Problem]:
    """A fee schedule must read only fields of one of the procedure's forms and compute on every sample of data
    that form accepts (the dry run's samples): otherwise intake would stop on it."""
    if procedure.fees is None:
        return []
    wanted = procedure.fees.names()
    shown, line = f"processes/{procedure.slug}.toml", _field_line(toml, "[fees]")
    holding = [f for f in forms.values() if wanted <= set(f.schema.get("properties") or {})]
    if not holding:
        every = set().union(*(set(f.schema.get("properties") or {}) for f in forms.values()))
        return [coded(shown, "catalogue.fee_fields", line=line, procedure=procedure.slug,
                      fields=", ".join(sorted(wanted - every)))]
    today = date.today()
    found = check_schedule(procedure.fees, set(holding[0].schema["properties"]), variants(holding[0].schema), today)
    return [coded(shown, "catalogue.fee_rule", line=line, procedure=procedure.slug, detail=problem.words())
            for problem in found]


def _kind(value: str) -> str:
    if value not in PROCESS_KINDS:
        raise EntryError("catalogue.unknown_kind", kind=repr(value), kinds=", ".join(PROCESS_KINDS))
    return value


def read_procedure(path: Path, root: Path) -> Procedure | Problem:
    """Read one catalogue file; a Problem names the missing or malformed field."""
    shown = str(path.relative_to(root))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        return coded(shown, "toml.invalid", line=_toml_line(exc), detail=str(exc))
    except UnicodeDecodeError as exc:
        return coded(shown, "toml.not_utf8", line=path.read_bytes()[: exc.start].count(b"\n") + 1)
    missing = [f for f in REQUIRED_FIELDS if f not in data]
    if missing:
        return coded(shown, "catalogue.missing_fields", line=1, fields=", ".join(missing))
    if not data.get("pattern") and ("diagram" not in data or "process_id" not in data):
        named = ", ".join(patterns(root))
        return coded(shown, "catalogue.no_diagram", line=1,
                     patterns={"vi": named or "không có mẫu nào trong bpmn/patterns",
                               "en": named or "none in bpmn/patterns"})
    if data.get("pattern") and data["pattern"] not in patterns(root):
        return coded(shown, "catalogue.unknown_pattern", line=_field_line(path, "pattern"),
                     pattern=repr(data["pattern"]), patterns=", ".join(patterns(root)))
    if data.get("processing_days") is None and data.get("processing_hours") is None:
        return coded(shown, "catalogue.no_time", line=1)
    try:
        return _procedure(path, data)
    except FeeRuleError as exc:
        return coded(shown, "catalogue.bad_fee_item", line=_field_line(path, "[fees]"), item=exc.item,
                     detail=exc.reason.words())
    except (FeeTableError, EntryError) as exc:
        return coded(shown, "catalogue.bad_entry", line=1, detail=exc.said.words())
    except (KeyError, TypeError, ValueError) as exc:  # Python's words about a value of the wrong type
        return coded(shown, "catalogue.malformed", line=1, detail=str(exc))


def patterns(root: Path) -> list[str]:
    """The frame's standard patterns a catalogue entry may name (``bpmn/patterns/<name>.bpmn``)."""
    return sorted(p.stem for p in (root / "bpmn" / PATTERNS_DIR).glob("*.bpmn"))


def load_pack(root: Path) -> Pack:
    """Load and check the whole pack under ``root``; raise PackError listing every problem."""
    problems: list[Problem] = []
    try:
        handlers = HandlerRegistry.load(root / "handlers")
    except HandlerError as exc:
        raise PackError([coded("handlers/", "handlers.broken", detail=str(exc))]) from exc
    procedures: dict[str, LoadedProcedure] = {}
    codes: dict[str, str] = {}
    for path in sorted((root / "processes").glob("*.toml")):
        procedure = read_procedure(path, root)
        if isinstance(procedure, Problem):
            problems.append(procedure)
            continue
        if not procedure.code and not procedure.is_unconfirmed("code"):
            problems.append(coded(str(path.relative_to(root)), "catalogue.no_code", line=_field_line(path, "code")))
        if procedure.code and procedure.code in codes:
            problems.append(coded(str(path.relative_to(root)), "catalogue.code_taken", line=_field_line(path, "code"),
                                  number=procedure.code, other=codes[procedure.code]))
        codes[procedure.code] = path.name
        loaded = load_procedure(root, procedure, handlers)
        if isinstance(loaded, list):
            problems.extend(loaded)
        else:
            procedures[procedure.slug] = loaded
    calendar = read_calendar(root / "calendar.toml", problems)
    fields = {p.procedure.field for p in procedures.values() if p.procedure.is_public_service}
    queue = read_queue(root / "queue.toml", fields, problems)
    messages = read_messages(root / "messages.toml", problems)
    paper_kinds = read_paper_kinds(root / "paper_kinds.toml", problems)
    check_kinds((p.procedure for p in procedures.values()), paper_kinds, problems)
    notices = read_notices(root / NOTICES_FOLDER, problems)
    if problems:  # a shared part's problem comes once from each procedure calling it: say it once
        raise PackError(list(dict.fromkeys(problems)))
    return Pack(root=root, procedures=procedures, handlers=handlers, calendar=calendar, queue=queue,
                messages=messages, notices=notices, paper_kinds=paper_kinds)


def read_calendar(path: Path, problems: list[Problem]) -> WorkingCalendar:
    """The province's days off, make-up working days and office hours (defaults when the file is absent)."""
    if not path.is_file():
        return WorkingCalendar()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        hours = []
        for span in data.get("office_hours", []):
            start, end = span.split("-")  # a span is two times: ValueError otherwise
            hours.append((time.fromisoformat(start), time.fromisoformat(end)))
        return WorkingCalendar.of(
            extra_days_off=[date.fromisoformat(str(d)) for d in data.get("days_off", [])],
            make_up_days=[date.fromisoformat(str(d)) for d in data.get("make_up_days", [])],
            office_hours=hours or DEFAULT_HOURS,
        )
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        problems.append(coded(path.name, "calendar.invalid", line=_toml_line(exc), detail=str(exc)))
        return WorkingCalendar()


def _toml_line(exc: Exception) -> int:
    """The line a TOML error names ("… (at line 3, column 7)"), else the first."""
    found = re.search(r"at line (\d+)", str(exc))
    return int(found.group(1)) if found else 1


def _field_line(path: Path, name: str) -> int | None:
    """The line of a catalogue file that sets ``name`` (where the analyst has to look)."""
    if path.is_file():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.split("=")[0].strip() == name:
                return number
    return None


def load_procedure(root: Path, procedure: Procedure, handlers: HandlerRegistry,
                   diagram_xml: str | bytes | None = None,
                   library: Library | None = None) -> LoadedProcedure | list[Problem]:
    """Compile a procedure's diagram (from disk, or the text or file bytes given) against the pack.

    Bytes are decoded by the encoding the diagram declares; text (the modeler's) is already unicode. Either
    way the diagram kept is unicode declared UTF-8 (``xmltext``). The diagrams it calls come from ``library``
    (the modeler's, with its saved shared parts), else from the pack's files.
    """
    diagram_path = root / "bpmn" / procedure.diagram
    shown = f"bpmn/{procedure.diagram}"
    if diagram_xml is None:
        if not diagram_path.is_file():
            toml = root / "processes" / f"{procedure.slug}.toml"
            return [coded(f"processes/{procedure.slug}.toml", "catalogue.diagram_missing",
                          line=_field_line(toml, "diagram"), diagram=shown)]
        diagram_xml = diagram_path.read_bytes()
    decoded = read_diagram(diagram_xml, shown) if isinstance(diagram_xml, bytes) else normalise_declaration(diagram_xml)
    if isinstance(decoded, Problem):
        return [decoded]
    diagram_xml = decoded
    try:
        compiled = compile_diagram(diagram_xml.encode("utf-8"), shown, procedure.process_id,
                                   root / "forms", handlers, diagram_dir=diagram_path.parent,
                                   library=library or Library.of_pack(root), procedure=procedure)
    except PackError as exc:
        return exc.problems
    fee_problems = check_fees(procedure, compiled.forms, root / "processes" / f"{procedure.slug}.toml")
    if fee_problems:
        return fee_problems
    return LoadedProcedure(procedure=procedure, diagram_xml=diagram_xml, compiled=compiled)
