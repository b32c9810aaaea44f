"""The OpenAPI 3.1 description of MotCua's JSON answers, served at /api/v1/openapi.json.

It is a file kept beside this module (openapi.json), written for readers of the
API first; tests keep it true: every route of the app whose view answers JSON
must be described, and a property-based fuzz run (schemathesis) drives every
described operation and expects no server error.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, jsonify

DESCRIPTION = Path(__file__).with_name("openapi.json")
bp = Blueprint("openapi", __name__)


@cache
def description() -> dict[str, Any]:
    """The OpenAPI document, read once."""
    return json.loads(DESCRIPTION.read_text(encoding="utf-8"))


@bp.get("/api/v1/openapi.json")
def document() -> Any:
    return jsonify(description())
