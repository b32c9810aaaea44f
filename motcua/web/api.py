"""The read APIs' JSON answers: one mapping from service errors to HTTP statuses, so every endpoint says
401, 400 (naming the parameter), 403 and 404 the same way: ``{"code", "message"}``, the message translated."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g, jsonify

from motcua.services.errors import Forbidden, NotFound, ServiceError
from motcua.web.i18n import error_body


def json_answer(build: Callable[[], dict[str, Any]], invalid: tuple[type[ServiceError], ...],
                sign_in: str = "sign in first") -> Any:
    """``build()``'s dict as JSON for a signed-in user; ``invalid`` errors carry the ``field`` at fault."""
    if g.user is None:
        return jsonify({"code": "auth.sign_in", "message": sign_in}), 401
    try:
        return jsonify(build())
    except invalid as exc:
        return jsonify(error_body(exc, field=getattr(exc, "field", None))), 400
    except Forbidden as exc:
        return jsonify(error_body(exc)), 403
    except NotFound as exc:
        return jsonify(error_body(exc)), 404
