"""Forms of user tasks: a JSON Schema and an optional UI schema per form, from ``forms/``."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filetype
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from motcua.engine.problems import Problem

SCHEMA_SUFFIX = ".schema.json"
UI_SUFFIX = ".uischema.json"
FILE_WIDGET = "file"
DEFAULT_ACCEPT = ("application/pdf", "image/jpeg", "image/png")
DEFAULT_MAX_KB = 5120


@dataclass(frozen=True)
class UploadRule:
    """What a file field accepts: content types (read from the file's bytes, not its name) and a size."""

    accept: tuple[str, ...] = DEFAULT_ACCEPT
    max_kb: int = DEFAULT_MAX_KB

    def check(self, content: bytes) -> tuple[str, dict[str, Any]] | None:
        """None when the file is acceptable, else (error code, its parameters)."""
        if len(content) > self.max_kb * 1024:
            return "file_size", {"limit": self.max_kb}
        kind = filetype.guess(content)
        if kind is None or kind.mime not in self.accept:
            return "file_type", {"limit": ", ".join(a.split("/")[-1].upper() for a in self.accept)}
        return None

    def extension(self, content: bytes) -> str:
        """The file's real extension, from its bytes."""
        kind = filetype.guess(content)
        return kind.extension if kind else "bin"


@dataclass(frozen=True)
class Form:
    """A form definition; stored with each procedure version so running dossiers keep theirs."""

    name: str
    schema: dict[str, Any]
    uischema: dict[str, Any] = field(default_factory=dict)

    def validator(self) -> Draft202012Validator:
        """A validator that also checks formats (dates, e-mail)."""
        return Draft202012Validator(self.schema, format_checker=FormatChecker())

    def uploads(self) -> dict[str, UploadRule]:
        """The form's file fields (``"ui:widget": "file"``) and what each accepts (``ui:options``)."""
        rules = {}
        for name, ui in self.uischema.items():
            if isinstance(ui, dict) and ui.get("ui:widget") == FILE_WIDGET:
                options = ui.get("ui:options", {})
                rules[name] = UploadRule(tuple(options.get("accept", DEFAULT_ACCEPT)),
                                         int(options.get("max_kb", DEFAULT_MAX_KB)))
        return rules

    def as_dict(self) -> dict[str, Any]:
        """The form as stored in a procedure version."""
        return {"name": self.name, "schema": self.schema, "uischema": self.uischema}


def form_name(filename: str) -> str:
    """The form's name from a diagram's reference (``x.schema.json`` or ``x``)."""
    return filename[: -len(SCHEMA_SUFFIX)] if filename.endswith(SCHEMA_SUFFIX) else filename


def load_form(forms_dir: Path, reference: str) -> Form | Problem:
    """Read one form by the file name a user task gives; a Problem says what is wrong with it."""
    name = form_name(reference)
    path = forms_dir / f"{name}{SCHEMA_SUFFIX}"
    shown = f"{forms_dir.name}/{path.name}"
    if not path.is_file():
        return Problem(shown, f"form file {path.name} does not exist in {forms_dir.name}/")
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
    except json.JSONDecodeError as exc:
        return Problem(shown, f"not valid JSON: {exc.msg}", line=exc.lineno)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.path) or "(root)"
        return Problem(shown, f"not a valid JSON Schema at {where}: {exc.message}")
    ui_path = forms_dir / f"{name}{UI_SUFFIX}"
    uischema: dict[str, Any] = {}
    if ui_path.is_file():
        try:
            uischema = json.loads(ui_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            return Problem(f"{forms_dir.name}/{ui_path.name}", f"not valid JSON: {exc.msg}", line=exc.lineno)
    return Form(name=name, schema=schema, uischema=uischema)


@dataclass(frozen=True)
class FieldError:
    """A submitted value that breaks its form's schema; ``code`` is the JSON Schema keyword."""

    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def check_submission(form: Form, data: dict[str, Any]) -> list[FieldError]:
    """Every field error of a submission, keyed by field (the web layer words them)."""
    errors = []
    for error in form.validator().iter_errors(data):
        if error.validator == "required":
            missing = error.message.split("'")[1]
            errors.append(FieldError(_path(error.path, missing), "required"))
            continue
        value = error.validator_value if not isinstance(error.validator_value, (dict, list)) else None
        errors.append(FieldError(_path(error.path), str(error.validator), {"limit": value}))
    return errors


def _path(path: Any, leaf: str | None = None) -> str:
    parts = [str(p) for p in path] + ([leaf] if leaf else [])
    return ".".join(parts) or "(form)"
