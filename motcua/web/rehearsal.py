"""The rehearsal clock: a trial replayed over HTTP (``motcua trial --target``) moves a staging server's clock.

Trial scripts say "today is 24/11/2025 at 08:30" and "3 working days pass". In-process the steps move the
runtime's clock; against a running deployment they can only do so when the deployment allows it: the server
must be started with its clock stopped (``MOTCUA_NOW``) and a rehearsal token (``MOTCUA_REHEARSAL_TOKEN``).
Then ``GET /thu-nghiem/dong-ho`` tells the time and ``POST`` sets it and runs what ``motcua worker`` would
(the step timers that came due), for a caller presenting the token in ``X-Rehearsal-Token``. Without both
settings the route does not exist (404), so no production server can have its time moved. The clock lives in
the server's process: serve a rehearsal with one process (``motcua run`` or gunicorn ``-w 1``).
"""
from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request

from motcua.domain.clock import FixedClock
from motcua.services.steps import fire_due_timers
from motcua.web.context import runtime

bp = Blueprint("rehearsal", __name__)
MAX_ROUNDS = 50  # of fire_due_timers (100 dossiers each) after a move of the clock
TOKEN_HEADER = "X-Rehearsal-Token"  # noqa: S105 - the header's name, not a secret


def _clock() -> FixedClock:
    """The stopped clock, for a caller with the token; 404 when the deployment does not allow rehearsals."""
    token = current_app.config.get("MOTCUA_REHEARSAL_TOKEN") or ""
    clock = runtime().clock
    if not token or not isinstance(clock, FixedClock):
        abort(404)
    if not hmac.compare_digest(request.headers.get(TOKEN_HEADER, ""), token):
        abort(403)
    return clock


@bp.route("/thu-nghiem/dong-ho", methods=["GET", "POST"])
def clock() -> Any:
    """The server's time (GET), or set it to ``at`` (ISO 8601, POST) and fire the timers that came due."""
    stopped = _clock()
    fired = 0
    if request.method == "POST":
        body = request.get_json(silent=True)
        try:
            moment = datetime.fromisoformat(str(body.get("at", "") if isinstance(body, dict) else ""))
        except ValueError:
            return jsonify({"error": "at: an ISO 8601 moment, e.g. 2025-11-24T08:30:00+07:00"}), 400
        stopped.set(moment)
        for _ in range(MAX_ROUNDS):  # a busy rehearsal server has more due dossiers than one round takes
            advanced = fire_due_timers(runtime())
            fired += advanced
            if not advanced:
                break
    return jsonify({"now": stopped.now().isoformat(), "fired": fired})
