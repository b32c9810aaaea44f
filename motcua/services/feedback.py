"""1022 feedback (phản ánh, kiến nghị): received by phone or online, then handled by its BPMN process.

The request as the person made it is kept (``feedback_requests``); its handling is an ordinary dossier of the
``feedback_1022`` process: the province's 1022 operator classifies and routes it, the responsible unit answers
within the deadline, its leader approves the answer, the operator tells the person and closes it. What anyone
may read (the lookup page, the Open311 API) is the status and the published answer, never who sent it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from motcua.domain.dossier_codes import normalise
from motcua.domain.procedure import Procedure
from motcua.engine.forms import UNIT_WIDGET, FieldError, check_submission
from motcua.services import online
from motcua.services.errors import Forbidden, InvalidSubmission, NotFound
from motcua.services.runtime import Runtime
from motcua.services.steps import Upload, start_dossier
from motcua.store.models import Dossier, Event, FeedbackRequest
from motcua.store.ports import UnitOfWorkPort

SLUG = "feedback_1022"
OPERATOR = "operator"
SOURCES = ("phone", "online")


@dataclass(frozen=True)
class Category:
    """A kind of feedback people may send (an Open311 "service")."""

    code: str
    name: str
    description: str


@dataclass(frozen=True)
class Choice:
    key: str
    name: str


@dataclass(frozen=True)
class Attribute:
    """A field beyond the description that a category asks for (an Open311 attribute)."""

    code: str
    description: str
    required: bool
    order: int
    values: list[Choice] = field(default_factory=list)


def procedure(runtime: Runtime) -> Procedure:
    """The feedback process's catalogue entry (its time limit, its name)."""
    return runtime.pack.get(SLUG).procedure


def request_form(runtime: Runtime) -> online.OnlineForm:
    """The form a person (or the operator for them) fills in: the intake form without the operator's part."""
    return online.online_form(runtime, SLUG, public_only=False)


def categories(runtime: Runtime) -> list[Category]:
    """The categories, as the newest version of the intake form lists them."""
    prop = request_form(runtime).form.schema["properties"]["service_code"]
    return [Category(o["const"], o.get("title", o["const"]), o.get("description", "")) for o in prop["oneOf"]]


def category(runtime: Runtime, code: str) -> Category:
    """One category; NotFound names the known ones."""
    found = {c.code: c for c in categories(runtime)}
    if code not in found:
        raise NotFound("feedback.category_not_found", category=code, known=", ".join(found))
    return found[code]


STANDARD_FIELDS = {"service_code", "description", "address", "attachment", "applicant_name", "applicant_phone",
                   "email"}


def attributes(runtime: Runtime, code: str) -> list[Attribute]:
    """What a category asks for beyond Open311's standard fields (its choices listed)."""
    category(runtime, code)
    offered = request_form(runtime)
    form = offered.form
    order = [n for n in form.uischema.get("ui:order", form.schema["properties"]) if n not in STANDARD_FIELDS]
    required = set(form.schema.get("required", []))
    result = []
    for index, name in enumerate(order, start=1):
        prop = form.schema["properties"][name]
        if form.uischema.get(name, {}).get("ui:widget") == UNIT_WIDGET:
            values = [Choice(c, n) for c, n in offered.units]
        else:
            values = [Choice(o["const"], o.get("title", o["const"])) for o in prop.get("oneOf", [])]
        result.append(Attribute(name, prop.get("title", name), name in required, index, values))
    return result


def _center(uow: UnitOfWorkPort, user_id: int | None, center: str | None = None) -> tuple[str, int | None]:
    """Where feedback is received: the operator's own unit, or (online) the unit whose staff answer 1022 calls
    (the one named, or the first that has a 1022 operator)."""
    if user_id is not None:
        user = uow.users.get(user_id)
        units = sorted(m.unit.code for m in (user.memberships if user else []) if m.role == OPERATOR)
        if not units:
            raise Forbidden("feedback.operators_only")
        return units[0], user_id
    for unit in sorted(uow.units.all(), key=lambda u: u.code):
        if center in (None, unit.code) and uow.users.holding(unit.id, OPERATOR):
            return unit.code, None
    raise NotFound("feedback.no_center")


@dataclass(frozen=True)
class Received:
    """What the person is told: the code to look the feedback up by, and when it is due."""

    dossier_id: int
    code: str
    due_at: datetime | None
    first_task_id: str | None


def receive(runtime: Runtime, data: dict[str, Any], *, source: str, user_id: int | None = None,
            files: Mapping[str, Upload] | None = None, lat: float | None = None,
            long: float | None = None, center: str | None = None) -> Received:
    """Take a feedback or recommendation (by the operator on the phone, or sent online); InvalidSubmission
    names each wrong field and nothing is saved then."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}")
    form = request_form(runtime).form
    sent = {n: u.filename for n, u in (files or {}).items() if n in form.uploads() and u.content}
    errors = check_submission(form, {**data, **sent})
    errors.extend(FieldError(n, "additionalProperties") for n in sorted(set(data) - set(form.schema["properties"])))
    if data.get("unit_concerned") and data["unit_concerned"] not in dict(request_form(runtime).units):
        errors.append(FieldError("unit_concerned", "enum"))
    if errors:
        raise InvalidSubmission(errors)
    with runtime.uow() as uow:
        center, user_id = _center(uow, user_id, center)
    now = runtime.clock.now()

    def keep_request(uow: UnitOfWorkPort, dossier: Dossier) -> None:
        uow.feedback.add(FeedbackRequest(
            dossier_id=dossier.id, service_code=data["service_code"], description=data["description"],
            address=data.get("address"), lat=lat, long=long, source=source, email=data.get("email"),
            requested_at=now))

    outcome = start_dossier(runtime, user_id, center, SLUG, channel="online" if source == "online" else "counter",
                            data=data, files=files, also=keep_request)
    with runtime.uow() as uow:
        dossier = uow.dossiers.require(outcome.dossier_id)
        return Received(dossier.id, dossier.code or "", dossier.due_at,
                        outcome.waiting[0][0] if outcome.waiting else None)


@dataclass(frozen=True)
class PublicFeedback:
    """Everything anyone may read about a feedback: no name, phone, e-mail or address of the person."""

    code: str
    service_code: str
    service_name: str
    kind: str | None
    description: str
    status: str  # "open" or "closed"
    stage: str  # received, routed, answered, answered_closed, rejected
    agency: str
    requested_at: datetime
    updated_at: datetime
    due_at: datetime | None
    answer: str | None
    answered_at: datetime | None
    closing_note: str | None
    timeliness: str | None


def _public(runtime: Runtime, request: FeedbackRequest, events: list[Event], names: dict[str, str]) -> PublicFeedback:
    dossier = request.dossier
    stage, kind, agency = "received", None, dossier.handling_unit.name
    answer = answered_at = note = None
    for event in events:
        detail = event.detail or {}
        if event.kind == "feedback.classified":
            kind = detail.get("kind")
            if detail.get("decision") == "route":
                stage, agency = "routed", detail.get("unit") or agency
        elif event.kind == "feedback.answered":
            stage, answer, answered_at, agency = "answered", detail.get("answer"), event.at, detail.get("unit", agency)
        elif event.kind == "feedback.closed":
            rejected = detail.get("outcome") == "rejected"
            stage = "rejected" if rejected else "answered_closed"
            note = detail.get("note") if rejected else None
    updated = max([request.requested_at, *(e.at for e in events)])
    return PublicFeedback(
        code=dossier.code or "", service_code=request.service_code,
        service_name=names.get(request.service_code, request.service_code), kind=kind,
        description=request.description, status="closed" if dossier.finished_at else "open", stage=stage,
        agency=agency, requested_at=request.requested_at, updated_at=updated, due_at=dossier.due_at, answer=answer,
        answered_at=answered_at, closing_note=note, timeliness=dossier.timeliness,
    )


def lookup(runtime: Runtime, code: str) -> PublicFeedback | None:
    """A feedback by its code (None for any other code, a dossier's included)."""
    names = {c.code: c.name for c in categories(runtime)}
    with runtime.uow() as uow:
        request = uow.feedback.by_code(normalise(code))
        if request is None:
            return None
        return _public(runtime, request, uow.feedback.public_events([request.dossier_id])[request.dossier_id], names)


@dataclass(frozen=True)
class Query:
    """Open311's filters: ids (which override the others), category, open/closed, a window of receipt times."""

    codes: list[str] = field(default_factory=list)
    service_code: str | None = None
    status: str | None = None
    start: datetime | None = None
    end: datetime | None = None


DEFAULT_WINDOW_DAYS = 90
MAX_RESULTS = 1000


def search(runtime: Runtime, query: Query) -> list[PublicFeedback]:
    """Feedback matching Open311's filters: by default the last 90 days, newest first, at most 1000."""
    names = {c.code: c.name for c in categories(runtime)}
    with runtime.uow() as uow:
        if query.codes:
            found = list(uow.feedback.by_codes(query.codes))
        else:
            end = query.end or runtime.clock.now()
            start = query.start or end - timedelta(days=DEFAULT_WINDOW_DAYS)
            closed = None if query.status is None else query.status == "closed"
            found = list(uow.feedback.matching(start, end, query.service_code, closed, MAX_RESULTS))
        events = uow.feedback.public_events(r.dossier_id for r in found)
        return [_public(runtime, r, events.get(r.dossier_id, []), names) for r in found]
