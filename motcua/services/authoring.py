"""What an analyst may choose from when editing a diagram (the pack's forms, handlers and roles),
and diagrams from other modelers converted against those same choices."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from motcua.domain.roles import ROLES
from motcua.engine.diagram import compile_diagram
from motcua.engine.forms import SCHEMA_SUFFIX, UI_SUFFIX
from motcua.engine.handlers import HandlerRegistry
from motcua.engine.importer import Imported, import_diagram
from motcua.engine.library import Library
from motcua.engine.problems import PackError, Problem, coded
from motcua.services.runtime import Runtime


@dataclass(frozen=True)
class OperatorChoice:
    """A handler a service task may call, with the parameters it needs and takes."""

    name: str
    summary: str
    required: list[str]
    optional: list[str]


@dataclass(frozen=True)
class Palette:
    """The choices the modeler's properties panel offers."""

    forms: list[tuple[str, bool]]  # (form name, has a UI schema)
    operators: list[OperatorChoice]
    roles: list[tuple[str, str]]  # (code, title)


def palette(runtime: Runtime, locale: str = "vi") -> Palette:
    """Forms in ``forms/``, registered handlers and known roles, as the pack has them now."""
    forms = sorted(pack_forms(runtime.pack.root).items())
    operators = []
    for operator in runtime.pack.handlers.operators():
        doc = (operator.func.__doc__ or "").strip().splitlines()
        operators.append(OperatorChoice(operator.name, doc[0] if doc else "", sorted(operator.required),
                                        sorted(operator.accepted - operator.required)))
    roles = [(code, titles[1] if locale == "en" else titles[0]) for code, titles in ROLES.items()]
    return Palette(forms, operators, roles)


def pack_forms(root: Path) -> dict[str, bool]:
    """Each form in the pack's ``forms/`` folder, and whether it has a UI schema."""
    folder = root / "forms"
    return {p.name[: -len(SCHEMA_SUFFIX)]: (folder / p.name.replace(SCHEMA_SUFFIX, UI_SUFFIX)).is_file()
            for p in folder.glob(f"*{SCHEMA_SUFFIX}")}


def import_foreign(root: Path, handlers: HandlerRegistry, filename: str, content: bytes,
                   process_id: str | None = None) -> Imported:
    """Convert a diagram from Camunda, Flowable or Activiti against this pack's forms, roles and handlers."""
    return import_diagram(content, filename, pack_forms(root), tuple(ROLES), operators=handlers.names(),
                          process_id=process_id)


def import_into(runtime: Runtime, slug: str, filename: str, content: bytes) -> Imported:
    """Convert a diagram to replace a procedure's in the modeler: its process takes the procedure's id."""
    procedure = runtime.pack.get(slug).procedure
    return import_foreign(runtime.pack.root, runtime.pack.handlers, filename, content, procedure.process_id)


def check_imported(root: Path, handlers: HandlerRegistry, imported: Imported, target: Path,
                   shown: str) -> list[Problem]:
    """What the pack's diagram checks still refuse in a converted diagram written at ``target`` (nothing when it
    may run as it is); the dry run of ``motcua validate`` needs its catalogue entry, so it comes after."""
    if not imported.process_ids:
        return [coded(shown, "diagram.no_executable_process")]
    problems: list[Problem] = []
    library = Library.of_pack(root)
    for process_id in imported.process_ids:
        try:
            compile_diagram(imported.xml.encode("utf-8"), shown, process_id, root / "forms", handlers,
                            diagram_dir=target.parent, library=library)
        except PackError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    return problems
