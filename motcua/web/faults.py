"""What the web answers when input cannot be stored or the database is away: a 4xx naming the field, or a
503 in the user's language, never a driver's message.

PostgreSQL refuses NUL in text and Python cannot encode lone surrogates
("\\ud800" in JSON) to UTF-8, so either would fail deep in a step as a 500; they
are refused here, once for every form post, query string, path and JSON body,
with the field named; an id in a path larger than a database column holds is a
404. A lost database connection (see services/transient.py) is a 503 with
Retry-After and a message saying whether anything may have been saved.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from werkzeug.routing import IntegerConverter

from motcua.services.transient import DatabaseUnavailable, lost_connection
from motcua.web.i18n import error_text

log = logging.getLogger(__name__)
RETRY_AFTER = "5"
_MACHINE_PREFIXES = ("/api/", "/open311/")


class IdConverter(IntegerConverter):
    """``<int:...>`` in a route, bounded to what an id column holds: a larger number is a 404, not an overflow."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None,  # noqa: A002 - werkzeug's names
                 max: int | None = 2**63 - 1, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, text) of every key and string inside a JSON value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            yield inner, str(key)
            yield from _strings(item, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}" if path else str(index))


def _unstorable(text: str | None) -> bool:
    if not text:
        return False
    if "\x00" in text or "\ufffd" in text:  # NUL, or bytes that were not UTF-8 (decoded as U+FFFD)
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    return False


def _inputs() -> Iterator[tuple[str, str]]:
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str):
            yield name, value
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            yield name, name
            yield name, value
    for name, upload in request.files.items(multi=True):
        yield name, upload.filename or ""
    if request.is_json and request.content_length:
        yield from _strings(request.get_json(silent=True), "")


def _answer(status: int, code: str, message: str, field: str | None = None) -> Any:
    """The error as the client expects it: GeoReport's list, JSON with the field, or the error page."""
    if request.path.startswith("/open311/"):
        return jsonify([{"code": status, "description": f"{field}: {message}" if field else message}]), status
    if request.path.startswith(_MACHINE_PREFIXES) or request.is_json:
        return jsonify({"code": code, "message": message, "field": field}), status
    return render_template("error.html", status=status, message=message), status


def refuse_unstorable_text() -> Any:
    """Before any view: 400 naming the first field holding NUL or text that is not valid Unicode."""
    for field, text in _inputs():
        if _unstorable(text):
            message = _("Trường “%(field)s” chứa ký tự không hợp lệ (ký tự NUL hoặc mã Unicode lỗi).",
                        field=field[:80])
            return _answer(400, "text.unstorable", message, field[:80])
    return None


def _unavailable(exc: DatabaseUnavailable) -> Any:
    response, status = _answer(503, exc.code, error_text(exc))
    return response, status, {"Retry-After": RETRY_AFTER}


def _database_error(exc: DBAPIError) -> Any:
    if lost_connection(exc) is not None:
        log.warning("request %s %s lost its database connection: %s", request.method, request.path,
                    type(exc.orig).__name__)
        return _unavailable(DatabaseUnavailable())
    log.exception("database error in %s %s", request.method, request.path)
    return _answer(500, "database.error", _("Lỗi máy chủ khi ghi dữ liệu; thao tác chưa được lưu."))


def install(app: Flask) -> None:
    """Check every request's text before its view, and answer database failures in the user's language.
    Call it before the blueprints are registered: their ``<int:...>`` routes take the bounded converter."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_unstorable_text)
    app.register_error_handler(DatabaseUnavailable, _unavailable)
    app.register_error_handler(DBAPIError, _database_error)
