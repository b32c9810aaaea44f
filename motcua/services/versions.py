"""Procedure versions: each distinct diagram-and-forms of a procedure is stored once.

New dossiers start on the newest version; a running dossier keeps the version
it started with, because its state only makes sense against that spec, unless
it is migrated to another version the engine can align it with.

The frame's shared parts (``bpmn/shared/``) are versioned too: an analyst's save of one is checked in every
procedure that calls it and, when all of them pass, makes the next version of each, in one transaction.
Every compile the modeler does reads the shared parts as last saved (``modeler_library``), so saving one
procedure's diagram never brings back a part's older text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from lxml import etree

from motcua.engine.diagram import part_problems
from motcua.engine.dryrun import dry_run_compiled
from motcua.engine.library import BPMN, Library
from motcua.engine.pack import LoadedProcedure, load_procedure
from motcua.engine.problems import Problem, coded
from motcua.engine.xmltext import normalise_declaration, read_diagram
from motcua.services.errors import Conflict, Forbidden, NotFound
from motcua.services.runtime import Runtime
from motcua.services.steps import move_to_version
from motcua.store.models import ProcedureVersion, SharedPartVersion, User
from motcua.store.ports import UnitOfWorkPort

PACK_AUTHOR = "pack"  # the author of versions loaded from the pack's files (shown as words: web filters)


def ensure_version(uow: UnitOfWorkPort, runtime: Runtime, loaded: LoadedProcedure, author: str) -> ProcedureVersion:
    """The stored version for this diagram and forms, created (numbered next) if new."""
    slug = loaded.procedure.slug
    existing = uow.versions.by_digest(slug, loaded.digest)
    if existing is not None:
        return existing
    latest = uow.versions.latest(slug)
    compiled = loaded.compiled
    return uow.versions.add(ProcedureVersion(
        slug=slug, number=(latest.number + 1) if latest else 1, digest=loaded.digest,
        diagram_xml=loaded.diagram_xml,
        spec_json=runtime.runner.serializer.dump_spec(compiled.spec, compiled.subprocess_specs),
        forms={name: form.as_dict() for name, form in loaded.forms.items()},
        author=author, created_at=runtime.clock.now(),
    ))


def register_pack_versions(runtime: Runtime) -> None:
    """Record the pack's diagrams as versions at start-up (unchanged ones are found, not duplicated).

    A shared part's file is recorded too when its text is none of the part's stored versions (the first start,
    or a file changed since): like a changed procedure diagram, it is then the newest, and the modeler compiles
    with it from now on.
    """
    with runtime.uow() as uow:
        for loaded in runtime.pack.procedures.values():
            ensure_version(uow, runtime, loaded, author=PACK_AUTHOR)
        library = Library.of_pack(runtime.pack.root)
        for name in library.shared_parts():
            text = read_diagram(library.diagrams[name], name)
            stored = uow.shared_parts.all_of(name)
            if isinstance(text, str) and text not in {v.xml for v in stored}:
                uow.shared_parts.add(SharedPartVersion(name=name, number=stored[0].number + 1 if stored else 1,
                                                       xml=text, author=PACK_AUTHOR, created_at=runtime.clock.now()))
        uow.commit()



@dataclass(frozen=True)
class VersionInfo:
    """One version in a procedure's history."""

    number: int
    author: str
    created_at: datetime
    running: int


@dataclass(frozen=True)
class Saved:
    """What saving a diagram gave: the version now used for new dossiers, or the problems that stopped it."""

    number: int | None
    created: bool
    problems: list[Problem]
    paths: int = 0  # paths the dry run walked to an end before the version was accepted


@dataclass(frozen=True)
class Migration:
    """Dossiers moved to another version, and those that could not move with the reason."""

    moved: list[str]
    refused: list[tuple[str, str]]


def _analyst(uow: UnitOfWorkPort, user_id: int) -> User:
    user = uow.users.get(user_id)
    if user is None or "analyst" not in {m.role for m in user.memberships}:
        raise Forbidden("version.analysts_only")
    return user


def modeler_library(runtime: Runtime, uow: UnitOfWorkPort) -> Library:
    """The pack's diagrams with each shared part as last saved in the modeler (the file when never saved)."""
    return Library.of_pack(runtime.pack.root, uow.shared_parts.newest_texts())


def save_diagram(runtime: Runtime, user_id: int, slug: str, diagram_xml: str | bytes) -> Saved:
    """Check a diagram edited in the modeler against the pack; when it passes, it is the procedure's next version.

    Saving the same diagram twice creates nothing new; a diagram with problems is not saved at all. The
    modeler sends unicode text whose declaration may still name the encoding of the file it was opened from
    (ISO-8859-1, UTF-16): it is kept as unicode declared UTF-8, so "Café" stays "Café" in the version and in
    its download. Bytes (a file as uploaded) are decoded by the encoding they declare.
    """
    loaded = runtime.pack.get(slug)
    with runtime.uow() as uow:
        _analyst(uow, user_id)  # before any work: only analysts may make the server compile and walk a diagram
        library = modeler_library(runtime, uow)
    checked = load_procedure(runtime.pack.root, loaded.procedure, runtime.pack.handlers, diagram_xml=diagram_xml,
                             library=library)
    if isinstance(checked, list):
        return Saved(None, False, checked)
    walked = dry_run_compiled(checked.procedure, checked.compiled, runtime.pack.handlers, runtime.pack.calendar,
                              runtime.pack.messages)
    if walked.problems:
        return Saved(None, False, walked.problems)
    with runtime.uow() as uow:
        user = _analyst(uow, user_id)
        before = uow.versions.latest(slug)
        version = ensure_version(uow, runtime, checked, author=user.username)
        created = before is None or version.number > before.number
        uow.commit()
        return Saved(version.number, created, [], walked.paths)


def diagram(runtime: Runtime, slug: str, number: int | None = None) -> tuple[int, str]:
    """A version's diagram XML (the newest when no number is given), as it was saved."""
    runtime.pack.get(slug)
    with runtime.uow() as uow:
        version = uow.versions.number(slug, number) if number else uow.versions.latest(slug)
        if version is None:
            raise NotFound("version.not_found", procedure=slug, number=number)
        return version.number, version.diagram_xml


def history(runtime: Runtime, slug: str) -> list[VersionInfo]:
    """Every version of a procedure, newest first, with how many dossiers still run on it."""
    runtime.pack.get(slug)
    with runtime.uow() as uow:
        running = uow.versions.running_counts(slug)
        return [VersionInfo(v.number, v.author, v.created_at, running.get(v.id, 0))
                for v in uow.versions.all_of(slug)]


def migrate(runtime: Runtime, slug: str, from_number: int, to_number: int) -> Migration:
    """Move every running dossier of one version to another where the engine can align their steps."""
    with runtime.uow() as uow:
        source, target = uow.versions.number(slug, from_number), uow.versions.number(slug, to_number)
        if source is None or target is None:
            raise NotFound("version.not_found", procedure=slug, number=from_number if source is None else to_number)
        dossiers = [(d.id, d.code or f"#{d.id}") for d in uow.dossiers.running_on(source.id)]
        target_id = target.id
    moved, refused = [], []
    for dossier_id, code in dossiers:
        reasons = move_to_version(runtime, dossier_id, target_id)
        if reasons:
            refused.append((code, "; ".join(reasons)))
        else:
            moved.append(code)
    return Migration(moved, refused)


# --- the frame's shared parts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedPart:
    """A shared part as the modeler lists it: its newest version and the procedures whose newest version calls
    it (directly or through another part; a pattern's procedures included)."""

    name: str  # bpmn/shared/x.bpmn
    processes: list[tuple[str, str]]  # (process id, name) it defines
    number: int | None
    author: str
    created_at: datetime | None
    used_by: list[str]  # procedure slugs

    @property
    def stem(self) -> str:
        """The part's file name without folder and suffix: how the modeler's address names it."""
        return PurePosixPath(self.name).stem


@dataclass(frozen=True)
class PartVersionInfo:
    """One version in a shared part's history."""

    number: int
    author: str
    created_at: datetime


@dataclass(frozen=True)
class ProcedureOutcome:
    """What a shared part's save gave one procedure that calls it: the version new dossiers now start on."""

    number: int
    created: bool


@dataclass(frozen=True)
class PartSaved:
    """What saving a shared part gave: its version and each calling procedure's, or the problems that stopped it
    (the part's own, and those of each procedure compiled or dry-run with it, by slug)."""

    name: str
    number: int | None
    created: bool
    problems: list[Problem] = field(default_factory=list)
    by_procedure: dict[str, list[Problem]] = field(default_factory=dict)
    procedures: dict[str, ProcedureOutcome] = field(default_factory=dict)
    paths: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.by_procedure


def _part_name(library: Library, name: str) -> str:
    """A shared part named by its file (``bpmn/shared/x.bpmn``) or by a process it defines."""
    parts = library.shared_parts()
    if name in parts:
        return name
    if library.process_files().get(name) in parts:
        return library.process_files()[name]
    raise NotFound("shared_part.not_found", part=name, known=", ".join(parts) or "—")


def _callers(runtime: Runtime, library: Library, diagrams: dict[str, tuple[int, str]]) -> dict[str, list[str]]:
    """Each procedure's called diagrams (transitively), read from its newest version's diagram."""
    called: dict[str, list[str]] = {}
    for slug, loaded in runtime.pack.procedures.items():
        text = diagrams[slug][1] if slug in diagrams else loaded.diagram_xml
        try:
            tree = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue  # a stored version parsed when it was saved; nothing else is ever stored
        called[slug] = library.calls(tree, f"bpmn/{loaded.procedure.diagram}")
    return called


def _processes(library: Library, name: str) -> list[tuple[str, str]]:
    tree = library.tree(name)
    return [] if isinstance(tree, Problem) else [(ident, p.get("name") or "")
                                                 for p in tree.iter(f"{{{BPMN}}}process") if (ident := p.get("id"))]


def shared_parts(runtime: Runtime) -> list[SharedPart]:
    """Every shared part of the frame, with its newest version and the procedures that use it."""
    with runtime.uow() as uow:
        library = modeler_library(runtime, uow)
        callers = _callers(runtime, library, uow.versions.newest_diagrams())
        found = []
        for name in library.shared_parts():
            latest = uow.shared_parts.latest(name)
            found.append(SharedPart(
                name, _processes(library, name), latest.number if latest else None,
                latest.author if latest else "", latest.created_at if latest else None,
                sorted(slug for slug, called in callers.items() if name in called)))
        return found


def parts_called(runtime: Runtime, slug: str) -> list[str]:
    """The shared parts a procedure's newest version calls, directly or through another part."""
    runtime.pack.get(slug)
    with runtime.uow() as uow:
        library = modeler_library(runtime, uow)
        called = _callers(runtime, library, uow.versions.newest_diagrams()).get(slug, [])
    return [name for name in called if name in library.shared_parts()]


def shared_part(runtime: Runtime, name: str, number: int | None = None) -> tuple[str, int | None, str]:
    """A shared part's text: the version asked for, else the newest saved (else the pack's file); with its file
    name and version number (None for the pack's file never recorded)."""
    with runtime.uow() as uow:
        library = modeler_library(runtime, uow)
        name = _part_name(library, name)
        version = uow.shared_parts.number(name, number) if number else uow.shared_parts.latest(name)
        if version is not None:
            return name, version.number, version.xml
        if number:
            raise NotFound("version.not_found", procedure=name, number=number)
    text = read_diagram(library.diagrams[name], name)
    if isinstance(text, Problem):
        raise NotFound("shared_part.unreadable", part=name, detail=text.words())
    return name, None, text


def shared_part_history(runtime: Runtime, name: str) -> list[PartVersionInfo]:
    """Every saved version of a shared part, newest first."""
    with runtime.uow() as uow:
        name = _part_name(modeler_library(runtime, uow), name)
        return [PartVersionInfo(v.number, v.author, v.created_at) for v in uow.shared_parts.all_of(name)]


def save_shared_part(runtime: Runtime, user_id: int, name: str, xml: str | bytes) -> PartSaved:
    """Check a shared part edited in the modeler in every procedure that calls it; when all pass, it is the part's
    next version and each of those procedures gets its next version, in one transaction.

    The part must be sound on its own and keep defining the processes it defined (the procedures call them by
    id). Each calling procedure (found from its newest version's diagram, through other parts and patterns) is
    then compiled from that diagram with the new text and dry-run, as ``save_diagram`` does. One problem
    anywhere and nothing is saved; the problems come back by procedure. Running dossiers keep their versions.
    Saving the newest text again creates nothing.
    """
    with runtime.uow() as uow:
        _analyst(uow, user_id)  # before any work: only analysts may make the server compile and walk diagrams
        overrides = uow.shared_parts.newest_texts()
        before = Library.of_pack(runtime.pack.root, overrides)
        name = _part_name(before, name)
        base = uow.shared_parts.latest(name)
        base_number = base.number if base else None
        diagrams = uow.versions.newest_diagrams()
    text = read_diagram(xml, name) if isinstance(xml, bytes) else normalise_declaration(xml)
    if isinstance(text, Problem):
        return PartSaved(name, None, False, [text])
    problems = part_problems(text.encode("utf-8"), name)
    kept = {pid for pid, _ in _processes(Library({name: text.encode("utf-8")}), name)}
    problems += [coded(name, "library.process_dropped", line=1, process=repr(pid))
                 for pid, _title in _processes(before, name) if pid not in kept]
    if problems:
        return PartSaved(name, None, False, problems)
    after = Library.of_pack(runtime.pack.root, {**overrides, name: text})
    callers = sorted(slug for slug, called in _callers(runtime, after, diagrams).items() if name in called)
    compiled: dict[str, LoadedProcedure] = {}
    by_procedure: dict[str, list[Problem]] = {}
    for slug in callers:
        procedure = runtime.pack.get(slug).procedure
        checked = load_procedure(runtime.pack.root, procedure, runtime.pack.handlers,
                                 diagram_xml=diagrams[slug][1] if slug in diagrams else None, library=after)
        if isinstance(checked, list):
            by_procedure[slug] = checked
        else:
            compiled[slug] = checked
    paths = 0
    if not by_procedure:  # dry-run only what compiled everywhere: one compile problem already refuses the save
        for slug, checked in compiled.items():
            walked = dry_run_compiled(checked.procedure, checked.compiled, runtime.pack.handlers,
                                      runtime.pack.calendar, runtime.pack.messages)
            paths += walked.paths
            if walked.problems:
                by_procedure[slug] = walked.problems
    if by_procedure:
        return PartSaved(name, None, False, by_procedure=by_procedure)
    with runtime.uow() as uow:
        user = _analyst(uow, user_id)
        latest = uow.shared_parts.latest(name)
        newest = uow.versions.newest_diagrams()
        moved = [slug for slug in callers if newest.get(slug, (None,))[0] != diagrams.get(slug, (None,))[0]]
        if (latest.number if latest else None) != base_number or moved:
            raise Conflict("shared_part.saved_meanwhile", part=name, procedures=", ".join(moved) or name)
        created = latest is None or latest.xml != text
        if latest is None or created:
            latest = uow.shared_parts.add(SharedPartVersion(
                name=name, number=latest.number + 1 if latest else 1, xml=text, author=user.username,
                created_at=runtime.clock.now()))
        outcomes = {}
        for slug, checked in compiled.items():
            previous = uow.versions.latest(slug)
            version = ensure_version(uow, runtime, checked, author=user.username)
            outcomes[slug] = ProcedureOutcome(version.number, previous is None or version.number > previous.number)
        uow.commit()
        return PartSaved(name, latest.number, created, procedures=outcomes, paths=paths)
