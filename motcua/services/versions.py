"""Procedure versions: each distinct diagram-and-forms of a procedure is stored once.

New dossiers start on the newest version; a running dossier keeps the version
it started with, because its state only makes sense against that spec, unless
it is migrated to another version the engine can align it with.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from motcua.engine.dryrun import dry_run_compiled
from motcua.engine.pack import LoadedProcedure, load_procedure
from motcua.engine.problems import Problem
from motcua.services.errors import Forbidden, NotFound
from motcua.services.runtime import Runtime
from motcua.services.steps import move_to_version
from motcua.store.models import ProcedureVersion, User
from motcua.store.ports import UnitOfWorkPort


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
        spec_json=runtime.engine.serializer.dump_spec(compiled.spec, compiled.subprocess_specs),
        forms={name: form.as_dict() for name, form in loaded.forms.items()},
        author=author, created_at=runtime.clock.now(),
    ))


def register_pack_versions(runtime: Runtime) -> None:
    """Record the pack's diagrams as versions at start-up (unchanged ones are found, not duplicated)."""
    with runtime.uow() as uow:
        for loaded in runtime.pack.procedures.values():
            ensure_version(uow, runtime, loaded, author="pack")
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
    checked = load_procedure(runtime.pack.root, loaded.procedure, runtime.pack.handlers, diagram_xml=diagram_xml)
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
