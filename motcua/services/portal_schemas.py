"""The JSON Schemas of what goes to and comes from the National Public Service Portal (``docs/portal/``), and the
check every message passes: outgoing messages before the worker sends them (one that fails is held, never sent
or dropped), incoming dossiers before anything is stored (the answer names the field)."""
from __future__ import annotations

import functools
import json
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from motcua.config import PROJECT_ROOT

SCHEMA_DIR = PROJECT_ROOT / "docs" / "portal"
SCHEMAS = {"dossier.status": "dossier-status.schema.json", "dossier.rating": "dossier-rating.schema.json",
           "catalogue.procedure": "catalogue-procedure.schema.json", "incoming": "incoming-dossier.schema.json"}


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """The checked validator of a schema by topic (or ``incoming``); KeyError for a topic without one."""
    schema = json.loads((SCHEMA_DIR / SCHEMAS[name]).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _named(error: ValidationError) -> list[tuple[str, str]]:
    """Where an error is, as a dotted path naming the field, and what is wrong: one entry per missing field."""
    at = [str(part) for part in error.absolute_path]
    required = error.validator_value
    if error.validator == "required" and isinstance(error.instance, dict) and isinstance(required, list):
        return [(".".join([*at, name]), "required") for name in required if name not in error.instance]
    return [(".".join(at) or "(body)", error.message)]


def problems(name: str, body: Any) -> list[tuple[str, str]]:
    """Each way the body breaks the schema, as (field, what is wrong), in the order of the fields."""
    return sorted(found for error in validator(name).iter_errors(body) for found in _named(error))


def described(name: str, body: Any) -> str | None:
    """Every problem on one line for an administrator ("data.0.MaTTHC: '' does not match ...; ..."), or None when
    the body is valid."""
    return "; ".join(f"{field}: {message}" for field, message in problems(name, body)) or None
