"""Forms of user tasks: a JSON Schema and an optional UI schema per form, from ``forms/``."""
from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import filetype
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from motcua.domain.channels import is_postal_item
from motcua.engine.problems import Problem, coded

SCHEMA_SUFFIX = ".schema.json"
UI_SUFFIX = ".uischema.json"
SPIFFARENA_SCHEMA_SUFFIX = "-schema.json"  # SpiffArena's naming, beside the diagram
SPIFFARENA_UI_SUFFIX = "-uischema.json"
# What a user task's extensions name: its form, and text shown to whoever does it.
FORM_KEY = "formJsonSchemaFilename"
INSTRUCTIONS_KEY = "instructionsForEndUser"
FILE_WIDGET = "file"
UNIT_WIDGET = "unit"  # a select of the deployment's units (the province itself left out)
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


@lru_cache(maxsize=1)
def _formats() -> FormatChecker:
    """JSON Schema's formats plus the pack's own: ``upu-s10``, a postal item number with its check digit."""
    checker = FormatChecker()
    checker.checks("upu-s10")(lambda value: not isinstance(value, str) or is_postal_item(value))
    return checker


@dataclass(frozen=True)
class Form:
    """A form definition; stored with each procedure version so running dossiers keep theirs."""

    name: str
    schema: dict[str, Any]
    uischema: dict[str, Any] = field(default_factory=dict)

    def validator(self) -> Draft202012Validator:
        """A validator that also checks formats (dates, e-mail, and ``upu-s10`` postal item numbers)."""
        return Draft202012Validator(self.schema, format_checker=_formats())

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
    """The form's name from a diagram's reference: ``x.schema.json`` (MotCua), ``x-schema.json`` or ``x.json``
    (SpiffArena, which takes any JSON file name) or ``x``."""
    for suffix in (SCHEMA_SUFFIX, SPIFFARENA_SCHEMA_SUFFIX, ".json"):
        if filename.endswith(suffix) and len(filename) > len(suffix):
            return filename[: -len(suffix)]
    return filename


def adopt_spiffarena_properties(extensions: dict[str, Any]) -> None:
    """Read SpiffArena's form declaration as MotCua's, in a task spec's parsed ``extensions``.

    SpiffArena writes a user task's form as ``<spiffworkflow:properties><spiffworkflow:property
    name="formJsonSchemaFilename" value="x-schema.json"/>``, which SpiffWorkflow's parser keeps under
    ``extensions["properties"]``; MotCua writes ``<spiffworkflow:formJsonSchemaFilename>``, kept at the top.
    A value MotCua's own element gives wins. The UI schema is found by its name next to the form's
    (``x.uischema.json``, or SpiffArena's ``x-uischema.json``), as for MotCua's own forms.
    """
    properties = extensions.get("properties")
    if not isinstance(properties, dict):
        return
    for key in (FORM_KEY, INSTRUCTIONS_KEY):
        if properties.get(key) and not extensions.get(key):
            extensions[key] = properties[key]


def _plain_name(reference: str) -> bool:
    """A plain file name (no folder, not hidden): a reference is looked up only as such, never as a path."""
    return bool(reference) and Path(reference).name == reference and not reference.startswith(".")


def _locate(forms_dir: Path, reference: str, beside: Path | None) -> tuple[Path, Path] | None:
    """The schema file and the UI schema file to read: ``forms/<name>.schema.json`` first, else the file the
    reference names in the diagram's own folder (how SpiffArena keeps ``x-schema.json`` and ``x-uischema.json``)."""
    name = form_name(reference)
    path = forms_dir / f"{name}{SCHEMA_SUFFIX}"
    if path.is_file():
        return path, forms_dir / f"{name}{UI_SUFFIX}"
    if beside is not None and (beside / reference).is_file():
        ui = SPIFFARENA_UI_SUFFIX if reference.endswith(SPIFFARENA_SCHEMA_SUFFIX) else UI_SUFFIX
        return beside / reference, beside / f"{name}{ui}"
    return None


@lru_cache(maxsize=256)
def _schema_error(text: str) -> SchemaError | None:
    """Why a form's JSON Schema is not one, if it is not. Checking takes milliseconds and a diagram's user
    tasks often share one form (2,000 tasks took 10 s), so each distinct text is checked once."""
    try:
        Draft202012Validator.check_schema(json.loads(text))
    except SchemaError as exc:
        return exc
    return None


def load_form(forms_dir: Path, reference: str, beside: Path | None = None) -> Form | Problem:
    """Read one form by the file name a user task gives; a Problem says what is wrong with it and what to do.

    ``beside`` is the diagram's folder: a form not in ``forms/`` is also looked for there under the name the
    diagram gives, so a diagram and its forms exported from SpiffArena load as they are.
    """
    name = form_name(reference)
    if not _plain_name(reference):
        return coded(f"{forms_dir.name}/", "form.path_given", reference=repr(reference), folder=forms_dir.name)
    found = _locate(forms_dir, reference, beside)
    if found is None:
        also = ({"vi": f", cũng không có {beside.name}/{reference} cạnh sơ đồ",
                 "en": f", nor {beside.name}/{reference} beside the diagram"} if beside else "")
        file = f"{forms_dir.name}/{name}{SCHEMA_SUFFIX}"
        return coded(file, "form.missing", path=file, also=also, folder=forms_dir.name)
    path, ui_path = found
    shown = f"{path.parent.name}/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
        schema = json.loads(text)
    except json.JSONDecodeError as exc:
        return coded(shown, "form.bad_json", line=exc.lineno, detail=exc.msg)
    except UnicodeDecodeError:
        return coded(shown, "form.not_utf8", line=1)
    error = _schema_error(text)
    if error is not None:
        where = "/".join(str(p) for p in error.path) or "(root)"
        return coded(shown, "form.bad_schema", where=where, detail=error.message)
    uischema: dict[str, Any] = {}
    if ui_path.is_file():
        shown = f"{ui_path.parent.name}/{ui_path.name}"
        try:
            uischema = json.loads(ui_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            return coded(shown, "form.bad_json", line=exc.lineno, detail=exc.msg)
        except UnicodeDecodeError:
            return coded(shown, "form.not_utf8", line=1)
    if PARTS_KEY in schema:
        return _with_parts(forms_dir, name, schema, uischema, f"{path.parent.name}/{path.name}")
    return Form(name=name, schema=schema, uischema=uischema)


PARTS_KEY = "x-parts"  # a form's list of shared parts (forms/parts/<part>.schema.json) merged before its own fields
PARTS_DIR = "parts"
OWN = "*"


def _with_parts(forms_dir: Path, name: str, schema: dict[str, Any], uischema: dict[str, Any],
                shown: str) -> Form | Problem:
    """A form made of shared parts (the applicant block, the papers checklist, the reception's decision) and
    its own fields: each part is written once in ``forms/parts/`` and every form listing it gets its fields,
    required names, conditions and field order, in the order listed. ``"*"`` in the list marks where the
    form's own fields go (``["applicant", "*", "papers", "intake"]``); without it they come last.
    """
    listed = schema[PARTS_KEY]
    parts = [p for p in listed if p != OWN] if isinstance(listed, list) else listed
    if not isinstance(parts, list) or not all(isinstance(p, str) and _plain_name(p) for p in parts):
        return coded(shown, "form.bad_parts_list", key=PARTS_KEY, folder=f"{forms_dir.name}/{PARTS_DIR}")
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != PARTS_KEY}
    properties: dict[str, Any] = {}
    required: list[str] = []
    conditions: list[Any] = []
    order: list[str] = []
    ui: dict[str, Any] = {}
    own = schema.get("properties", {})
    own_order = uischema.get("ui:order", list(own))
    for part in listed:
        if part == OWN:
            order.append(OWN)
            continue
        loaded = load_form(forms_dir / PARTS_DIR, f"{part}{SCHEMA_SUFFIX}")
        if isinstance(loaded, Problem):
            return coded(shown, "form.bad_part", part=repr(part), key=PARTS_KEY, detail=loaded.words())
        properties.update(loaded.schema.get("properties", {}))
        required += [r for r in loaded.schema.get("required", []) if r not in required]
        conditions += loaded.schema.get("allOf", [])
        order += loaded.uischema.get("ui:order", list(loaded.schema.get("properties", {})))
        ui.update({k: v for k, v in loaded.uischema.items() if k != "ui:order"})
    merged["properties"] = {**properties, **own}
    merged["required"] = required + [r for r in schema.get("required", []) if r not in required]
    if conditions or "allOf" in schema:
        merged["allOf"] = conditions + schema.get("allOf", [])
    if OWN not in order:
        order.append(OWN)
    at = order.index(OWN)
    before, after = ([f for f in side if f not in own_order] for side in (order[:at], order[at + 1:]))
    merged_ui = {**ui, **uischema, "ui:order": before + own_order + after}
    error = _schema_error(json.dumps(merged))
    if error is not None:
        return coded(shown, "form.bad_merged", detail=error.message)
    return Form(name=name, schema=merged, uischema=merged_ui)


PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}")


def fill_instructions(text: str, data: dict[str, Any]) -> str:
    """A user task's instructions (SpiffArena's ``instructionsForEndUser``) with ``{{ name }}`` and
    ``{{ a.b }}`` replaced by the task data's values; anything else is left as written.

    SpiffArena renders the text as a Jinja template; MotCua does not run templates from a diagram (a loop
    in one could stall the page), so only plain placeholders are filled, and the page shows the result as
    escaped text.
    """
    def value(match: re.Match[str]) -> str:
        current: Any = data
        for part in match.group(1).split("."):
            if not isinstance(current, dict) or part not in current:
                return match.group(0)
            current = current[part]
        return "" if current is None else str(current)

    return PLACEHOLDER.sub(value, text)


def with_defaults(form: Form, data: dict[str, Any]) -> dict[str, Any]:
    """The submission with each top-level field it leaves out given the form's ``default``, if it has one.

    An unticked box or an untouched field a clerk skips arrives missing; a diagram's condition or parameter
    reading it would then fail the step. A field the form gives a default is therefore always in the data.
    """
    defaults = {name: prop["default"] for name, prop in (form.schema.get("properties") or {}).items()
                if isinstance(prop, dict) and "default" in prop and name not in data}
    return {**defaults, **data}


@dataclass(frozen=True)
class FieldError:
    """A submitted value that breaks its form's schema; ``code`` is the JSON Schema keyword."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)  # `field` names the form field here


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
