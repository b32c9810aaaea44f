"""Valid sample data for a form's JSON Schema: what a dry run, a benchmark or a trial types into a form.

A diagram is only proven to run when each of its user tasks can be completed, so the dry run needs data
that the task's own schema accepts, and one variant per choice that may steer a gateway. The values are
deterministic (the same schema always gives the same data) and prefer what the form author declared:
``default``, then ``examples``, then the first choice of an ``enum`` / ``oneOf`` of constants; only then
are values generated (strings matching ``pattern`` with rstr, seeded). Data that still fails the schema
(for instance two keywords the generator cannot satisfy together) is reported by ``sample`` as it is, so
the caller can name the form and the field rather than guess.
"""
from __future__ import annotations

import random
from datetime import date
from typing import Any

import rstr

FORMAT_VALUES = {
    "date": "2025-11-24",
    "date-time": "2025-11-24T08:30:00+07:00",
    "time": "08:30:00",
    "email": "cong.dan@example.vn",
    "uri": "https://example.vn/",
    "uuid": "00000000-0000-4000-8000-000000000000",
}
_SEED = 20250701


def choices(schema: dict[str, Any]) -> list[Any]:
    """The values a field may only take (``enum``, ``const``, or a ``oneOf``/``anyOf`` of constants)."""
    if "const" in schema:
        return [schema["const"]]
    if isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
            return [o["const"] for o in options]
    return []


def sample(schema: dict[str, Any], overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """One valid object for a form's schema, every declared property filled; ``overrides`` win."""
    value = _value(schema, random.Random(_SEED), depth=0)  # noqa: S311 - sample text, not a secret
    data = value if isinstance(value, dict) else {}
    data.update(overrides or {})
    return data


def variants(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample, then one variant per other choice of each top-level choice field.

    A gateway after the task reads these fields, so trying every choice of each (one at a time, the
    others left at their first choice) walks every branch that a single field decides.
    """
    base = sample(schema)
    found = [base]
    for name, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        options = choices(prop) or ([True, False] if prop.get("type") == "boolean" else [])
        for option in options:
            if base.get(name) != option:
                found.append({**base, name: option})
    return found


def _value(schema: Any, rng: random.Random, depth: int) -> Any:
    if not isinstance(schema, dict) or depth > 8:
        return None
    if "default" in schema:
        return schema["default"]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    fixed = choices(schema)
    if fixed:
        return fixed[0]
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return _value({**schema[key][0], **{k: v for k, v in schema.items() if k not in (key,)}}, rng, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    return _BY_TYPE.get(kind, lambda s, r, d: None)(schema, rng, depth)


def _object(schema: dict[str, Any], rng: random.Random, depth: int) -> dict[str, Any]:
    return {name: _value(prop, rng, depth + 1) for name, prop in (schema.get("properties") or {}).items()
            if isinstance(prop, dict)}


def _array(schema: dict[str, Any], rng: random.Random, depth: int) -> list[Any]:
    count = max(int(schema.get("minItems", 1)), 1)
    items = schema.get("items", {})
    return [_value(items, rng, depth + 1) for _ in range(count)]


def _string(schema: dict[str, Any], rng: random.Random, depth: int) -> str:
    if schema.get("format") in FORMAT_VALUES:
        return FORMAT_VALUES[schema["format"]]
    low, high = int(schema.get("minLength", 1)), int(schema.get("maxLength", 40))
    if "pattern" in schema:
        generator, text = _ShortStrings(rng), ""
        for _ in range(20):
            text = generator.xeger(schema["pattern"])
            if low <= len(text) <= high:
                return text
        return text
    text = "Mẫu thử " + date(2025, 11, 24).strftime("%d/%m/%Y")
    if len(text) < low:
        text = text + "x" * (low - len(text))
    return text[:high] if high >= low else text


class _ShortStrings(rstr.Rstr):
    """rstr with repetitions (``+``, ``*``, ``{2,}``) kept short, so generated text fits the usual maxLength."""

    def _handle_repeat(self, start_range: int, end_range: int, value: str) -> str:
        return super()._handle_repeat(start_range, min(end_range, start_range + 6), value)


def _number(schema: dict[str, Any], rng: random.Random, depth: int) -> int | float:
    low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + (1 if "exclusiveMinimum" in schema else 0))
    high = schema.get("maximum", schema.get("exclusiveMaximum", low + 2) - (1 if "exclusiveMaximum" in schema else 0))
    value = max(low, min(1, high))
    step = schema.get("multipleOf")
    if step:
        value = step * max(1, round(value / step))
    return int(value) if schema.get("type") == "integer" else value


_BY_TYPE = {
    "object": _object,
    "array": _array,
    "string": _string,
    "integer": _number,
    "number": _number,
    "boolean": lambda schema, rng, depth: True,
    "null": lambda schema, rng, depth: None,
}
