"""An API in the spirit of Open311 GeoReport v2 for 1022 feedback, under /open311/v2/.

services.json lists the feedback categories, services/<code>.json their attributes; requests.json creates
(POST, form-encoded as GeoReport says, CSRF-exempt but rate-limited) and searches requests; requests/<id>.json
reads one. Errors are GeoReport's list of {code, description}, the description naming the parameter.
Responses carry the status and the published answer only: no name, phone, e-mail or address of anyone.
"""
from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from flask import Blueprint, jsonify, request

from motcua.domain.clock import VN_TZ
from motcua.engine.forms import FieldError
from motcua.services import feedback
from motcua.services.errors import Forbidden, InvalidSubmission, NotFound
from motcua.web.context import runtime
from motcua.web.form_render import error_messages
from motcua.web.i18n import error_text
from motcua.web.public import limiter

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
CREATE_LIMIT = "10 per minute;100 per day"
READ_LIMIT = "120 per minute"
GROUP = "Phản ánh, kiến nghị"
FIRST_YEAR, LAST_YEAR = 1900, 2100  # what the register can hold, with room for time zones
PARAMETER = {"applicant_name": "first_name/last_name", "applicant_phone": "phone", "address": "address_string",
             "service_code": "service_code", "description": "description", "email": "email"}
STAGE_NOTES = {"received": "Đã tiếp nhận, đang phân loại.", "routed": "Đã chuyển {agency} xử lý."}


class BadRequest(Exception):
    """A parameter GeoReport clients sent wrongly; the message names it."""


def _errors(status: int, *descriptions: str) -> tuple[Any, int]:
    return jsonify([{"code": status, "description": d} for d in descriptions]), status


def _when(value: datetime | None) -> str | None:
    return value.astimezone(VN_TZ).isoformat(timespec="seconds") if value else None


def _notice() -> str:
    days = feedback.procedure(runtime()).processing_days
    return f"Thời hạn trả lời: {days} ngày làm việc kể từ khi tiếp nhận."


def _request_json(found: feedback.PublicFeedback) -> dict[str, Any]:
    notes = found.answer or found.closing_note or STAGE_NOTES.get(found.stage, "").format(agency=found.agency) or None
    return {
        "service_request_id": found.code, "status": found.status, "status_notes": notes,
        "service_name": found.service_name, "service_code": found.service_code, "description": found.description,
        "agency_responsible": found.agency, "service_notice": _notice(),
        "requested_datetime": _when(found.requested_at), "updated_datetime": _when(found.updated_at),
        "expected_datetime": _when(found.due_at),
    }


@bp.get("/services.json")
@limiter.limit(READ_LIMIT)
def services() -> Any:
    return jsonify([{"service_code": c.code, "service_name": c.name, "description": c.description,
                     "metadata": True, "type": "realtime", "keywords": "", "group": GROUP}
                    for c in feedback.categories(runtime())])


@bp.get("/services/<code>.json")
@limiter.limit(READ_LIMIT)
def service(code: str) -> Any:
    try:
        attributes = feedback.attributes(runtime(), code)
    except NotFound as exc:
        return _errors(404, f"service_code: {error_text(exc)}")
    return jsonify({"service_code": code, "attributes": [{
        "variable": True, "code": a.code, "datatype": "singlevaluelist" if a.values else "string",
        "required": a.required, "datatype_description": None, "order": a.order, "description": a.description,
        "values": [{"key": v.key, "name": v.name} for v in a.values],
    } for a in attributes]})


def _coordinate(name: str) -> float | None:
    text = request.values.get(name, "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise BadRequest(f"{name}: must be a decimal number (WGS84), not {text!r}") from None
    if not math.isfinite(value) or abs(value) > (90 if name == "lat" else 180):
        raise BadRequest(f"{name}: {value} is outside the globe")
    return value


def _submission() -> dict[str, Any]:
    """GeoReport's parameters as the intake form's fields (Vietnamese names are family name first)."""
    values = request.values
    data: dict[str, Any] = {}
    name = " ".join(p for p in (values.get("last_name", "").strip(), values.get("first_name", "").strip()) if p)
    for field, text in (("service_code", values.get("service_code")), ("description", values.get("description")),
                        ("address", values.get("address_string")), ("email", values.get("email")),
                        ("applicant_phone", values.get("phone")), ("applicant_name", name)):
        if text and text.strip():
            data[field] = text.strip()
    for key, text in values.items():
        if key.startswith("attribute[") and key.endswith("]") and text.strip():
            data[key[len("attribute["):-1]] = text.strip()
    return data


def _parameter(error: FieldError) -> str:
    return PARAMETER.get(error.field, f"attribute[{error.field}]")


@bp.post("/requests.json")
@limiter.limit(CREATE_LIMIT)
def create() -> Any:
    try:
        lat, long = _coordinate("lat"), _coordinate("long")
    except BadRequest as exc:
        return _errors(400, str(exc))
    data = _submission()
    if not data.get("service_code"):
        return _errors(400, "service_code: required (see services.json)")
    try:
        received = feedback.receive(runtime(), data, source="online", lat=lat, long=long)
    except InvalidSubmission as exc:
        messages = error_messages(feedback.request_form(runtime()).form, exc.errors)
        named = {e.field: _parameter(e) for e in exc.errors}
        return _errors(400, *(f"{named[f]}: {m}" for f, m in messages.items()))
    except (NotFound, Forbidden) as exc:
        return _errors(503, error_text(exc))
    return jsonify([{"service_request_id": received.code, "service_notice": _notice(), "account_id": None}]), 201


def _moment(name: str) -> datetime | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{name}: not a W3C date-time such as 2025-11-24T08:30:00+07:00: {text!r}") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise BadRequest(f"{name}: {text!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


@bp.get("/requests.json")
@limiter.limit(READ_LIMIT)
def search() -> Any:
    status = request.args.get("status", "").strip() or None
    try:
        if status not in (None, "open", "closed"):
            raise BadRequest(f"status: must be open or closed, not {status!r}")
        start, end = _moment("start_date"), _moment("end_date")
        if start and end and start > end:
            raise BadRequest("start_date: is after end_date")
    except BadRequest as exc:
        return _errors(400, str(exc))
    codes = [c.strip() for c in request.args.get("service_request_id", "").split(",") if c.strip()]
    found = feedback.search(runtime(), feedback.Query(codes, request.args.get("service_code") or None, status,
                                                      start, end))
    return jsonify([_request_json(f) for f in found])


@bp.get("/requests/<code>.json")
@limiter.limit(READ_LIMIT)
def one(code: str) -> Any:
    found = feedback.lookup(runtime(), code)
    if found is None:
        return _errors(404, f"service_request_id: no request {code!r}")
    return jsonify([_request_json(found)])
