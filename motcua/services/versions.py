"""Procedure versions: each distinct diagram-and-forms of a procedure is stored once.

New dossiers start on the newest version; a running dossier keeps the version
it started with, because its state only makes sense against that spec.
"""
from __future__ import annotations

from motcua.engine.pack import LoadedProcedure
from motcua.services.runtime import Runtime
from motcua.store.models import ProcedureVersion
from motcua.store.uow import UnitOfWork


def ensure_version(uow: UnitOfWork, runtime: Runtime, loaded: LoadedProcedure, author: str) -> ProcedureVersion:
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

