"""What an analyst may choose from when editing a diagram: the pack's forms, handlers and roles."""
from __future__ import annotations

from dataclasses import dataclass

from motcua.domain.roles import ROLES
from motcua.engine.forms import SCHEMA_SUFFIX, UI_SUFFIX
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
    folder = runtime.pack.root / "forms"
    forms = sorted((p.name[: -len(SCHEMA_SUFFIX)], (folder / p.name.replace(SCHEMA_SUFFIX, UI_SUFFIX)).is_file())
                   for p in folder.glob(f"*{SCHEMA_SUFFIX}"))
    operators = []
    for name in runtime.pack.handlers.names():
        operator = runtime.pack.handlers.get(name)
        doc = (operator.func.__doc__ or "").strip().splitlines()
        operators.append(OperatorChoice(name, doc[0] if doc else "", sorted(operator.required),
                                        sorted(operator.accepted - operator.required)))
    roles = [(code, titles[1] if locale == "en" else titles[0]) for code, titles in ROLES.items()]
    return Palette(forms, operators, roles)
