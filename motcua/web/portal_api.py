"""The national portal's door: ``POST /api/v1/portal/ho-so`` takes a dossier submitted on the National Public
Service Portal and puts it in its ward's reception inbox (services/portal_inbound.py).

A machine endpoint: no session and no CSRF token, the body signed instead (``X-Portal-Signature: sha256=<hex
HMAC-SHA256 of the body under MOTCUA_PORTAL_INBOUND_SECRET>``). Unsigned or forged: 401, and a line in the
security log. Without the setting the route answers 404, as if it did not exist. Answers are JSON: 201 with the
dossier made, 200 with the dossier an earlier submission of the same portal id made, 422 naming each field.

Refusals are throttled per address (``REFUSED_LIMIT``): each one writes a line in the security log, so a flood
of forged requests would otherwise be a flood of writes. Only refusals count, so the portal's own traffic,
however heavy, is never slowed; past the limit the address gets 429 with a JSON body."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from motcua.errors import ServiceError
from motcua.services import portal_inbound
from motcua.web.context import runtime
from motcua.web.i18n import error_body
from motcua.web.public import limiter

bp = Blueprint("portal_api", __name__)
REFUSED_PER_MINUTE = 30  # unsigned or forged requests from one address
REFUSED_LIMIT = f"{REFUSED_PER_MINUTE} per minute"  # Flask-Limiter's notation


def _refused(response: Response) -> bool:
    return response.status_code == 401


@bp.errorhandler(429)
def throttled(_error: Exception) -> Any:
    """Past the limit of refusals: a JSON answer, as every answer of this door."""
    return jsonify(error_body(ServiceError("portal.throttled", count=REFUSED_PER_MINUTE))), 429


@bp.post("/api/v1/portal/ho-so")
@limiter.limit(REFUSED_LIMIT, deduct_when=_refused)
def receive() -> Any:
    secret = current_app.config.get("MOTCUA_PORTAL_INBOUND_SECRET")
    if not secret:
        return jsonify({"code": "portal.inbound_disabled", "message": "not found"}), 404
    raw = request.get_data(cache=False)
    try:
        portal_inbound.check_signature(secret, raw, request.headers.get(portal_inbound.SIGNATURE_HEADER))
    except portal_inbound.PortalUnauthorized as exc:
        portal_inbound.record_refusal(runtime(), exc, request.remote_addr, request.path)
        return jsonify(error_body(exc)), 401
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        body = None
    try:
        accepted = portal_inbound.receive(runtime(), body)
    except portal_inbound.PortalInvalid as exc:
        problems = [{"field": field, "message": why} for field, why in exc.problems]
        return jsonify(error_body(exc, field=problems[0]["field"], errors=problems)), 422
    answer = {"MaHoSo": accepted.portal_dossier_id, "dossier_code": accepted.dossier_code,
              "unit": accepted.unit_name, "created": accepted.created}
    return jsonify(answer), 201 if accepted.created else 200
