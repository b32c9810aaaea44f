"""The writes of the runtime: start a dossier, complete a task, fire the timers that are due, move a
dossier to another version of its procedure.

Each is one transaction: workflow state (optimistically locked), the dossier's
searchable facts, its open tasks and its events are saved together or not at all.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from motcua.domain.calendar import classify
from motcua.domain.channels import BadPostalItem, Channel
from motcua.domain.channels import postal_item as checked_postal_item
from motcua.domain.dossier import DossierFacts, Status, Timeliness
from motcua.domain.fees import FeeAssessment
from motcua.domain.roles import role_title
from motcua.domain.vietqr import BankAccount
from motcua.engine.forms import FieldError, Form, check_submission, with_defaults
from motcua.engine.handlers import HandlerContext, Office
from motcua.engine.notices import check_values
from motcua.engine.runner import StepError, TaskNotWaiting
from motcua.services import access, books, citizen_notices, digitisation, fees, remote_signing
from motcua.services.errors import (
    Conflict,
    Forbidden,
    InvalidField,
    InvalidSubmission,
    NotFound,
    Refusal,
    ServiceError,
    step_failed,
)
from motcua.services.numbering import next_dossier_code, require_agency_code
from motcua.services.portal_messages import announce
from motcua.services.runtime import CachedVersion, Runtime
from motcua.services.transient import commit, retry_once
from motcua.store.models import (
    Dossier,
    Event,
    Instance,
    Notification,
    Transfer,
    Unit,
    User,
    WorkItem,
)
from motcua.store.ports import UnitOfWorkPort
from motcua.store.repositories import StaleState

if TYPE_CHECKING:
    from motcua.documents.official import SignaturePlace

FACT_FIELDS = ("code", "applicant_name", "applicant_phone", "applicant_id_number", "status",
               "received_at", "due_at", "finished_at", "timeliness", "paused_at", "rating", "result_channel",
               "result_postal_item", "result_postal_address", "result_posted_on", "register_number",
               "applicant_email", "notify_by")
log = logging.getLogger(__name__)
RISK_LEVELS = ("near_due", "overdue")  # in rising order
SYSTEM_NAME = "Hệ thống MotCua"
RESULT_KIND = "ket-qua"  # Document.kind of a dossier's signed result


@dataclass
class LiveOffice:
    """The office handlers work through (``engine.handlers.Office``) in one step's transaction: it numbers,
    hands over, keeps documents and signs with the store and the runtime, and collects the step's events."""

    runtime: Runtime
    uow: UnitOfWorkPort
    user: User | None  # None when the worker fires a timer
    dossier: Dossier
    facts: DossierFacts
    events: list[tuple[str, dict[str, Any]]]

    def __post_init__(self) -> None:
        self.acting_unit_id = self.dossier.handling_unit_id
        self.escalation: str | None = None
        self.remote_signer_id: int | None = None  # the leader whose remote signature this step received
        self.notices: list[tuple[str, dict[str, str]]] = []  # queued for the citizen when the step is saved

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None

    def record(self, kind: str, detail: dict[str, Any]) -> None:
        self.events.append((kind, detail))

    def issue_code(self) -> str:
        return next_dossier_code(self.uow, self.dossier.receiving_unit, self.runtime.clock.now())

    def register_entry(self) -> int:
        unit, year = self.dossier.receiving_unit.code, self.runtime.clock.now().year
        return self.uow.counters.next(f"so-theo-doi:{unit}:{year}")

    def transfer(self, unit_code: str, reason: str, comment: str = "") -> None:
        target = self.uow.units.by_code(unit_code)
        if target is None:
            raise Refusal("transfer.unknown_unit", unit=unit_code)
        source = self.uow.units.require_code(self.facts.handling_unit)
        self.uow.flush()  # documents issued earlier in this step travel too
        travelling = [d.filename for d in self.uow.documents.for_dossier(self.dossier.id)]
        self.uow.transfers.add(Transfer(
            dossier_id=self.dossier.id, at=self.runtime.clock.now(), from_unit_id=source.id,
            from_user_id=self.user_id, to_unit_id=target.id, reason=reason, comment=comment,
            attachments=travelling,
        ))
        self.facts.handling_unit = target.code
        self.record("dossier.transferred", {"from": source.name, "to": target.name, "reason": reason})

    def attach(self, kind: str, filename: str, content: bytes, signed: bool = False) -> None:
        self.uow.documents.keep(self.dossier.id, kind, filename, content, self.runtime.clock.now(),
                                signed_by_id=(self.user_id or self.remote_signer_id) if signed else None)

    def issue_result(self, filename: str, pdf: bytes, approved: bool) -> None:
        document = self.uow.documents.keep(self.dossier.id, RESULT_KIND, filename, pdf, self.runtime.clock.now(),
                                           signed_by_id=self.user_id or self.remote_signer_id)
        digitisation.issue_result(self, document, self.runtime.pack.get(self.dossier.procedure_slug).procedure,
                                  approved)

    def sign(self, pdf: bytes, reason: str, mark: SignaturePlace | None = None) -> bytes:
        if self.user is None:
            raise ValueError("only a person can sign: put the signing task after a leader's task, not a timer")
        self.uow.audit.record(self.runtime.clock.now(), "result.signed", username=self.user.username,
                              user_id=self.user.id, detail={"dossier": self.dossier.code, "reason": reason})
        return self.runtime.signer.sign(pdf, self.user, reason, self.dossier.handling_unit.name, mark)

    # Remote signing (issue 19): asked in the leader's step, settled in the step the worker's message runs.
    def ask_remote_signature(self, pdf: bytes, reason: str) -> str:
        return remote_signing.ask(self, pdf, reason)

    def finish_remote_signature(self, signature: bytes | None, refusal: str = "") -> bytes | None:
        return remote_signing.settle(self, signature, refusal)

    def lookup_url(self, code: str) -> str:
        return self.runtime.lookup_url(code)

    def unit_name(self, code: str) -> str:
        unit = self.uow.units.by_code(code)
        return unit.name if unit else code

    def actor_name(self) -> str:
        return self.user.full_name if self.user else SYSTEM_NAME

    def actor_title(self) -> str:
        return (self.user.title or "") if self.user else ""

    def issuing_body(self) -> tuple[str, str]:
        unit = self.uow.units.require_code(self.facts.handling_unit)
        parent = self.uow.units.get(unit.parent_id) if unit.parent_id else None
        return unit.name, parent.name if parent else ""

    def escalate(self, level: str, step: str) -> None:
        if level not in RISK_LEVELS:
            raise ValueError(f"escalation level must be one of {', '.join(RISK_LEVELS)}, not {level!r}")
        if self.escalation is None or RISK_LEVELS.index(level) > RISK_LEVELS.index(self.escalation):
            self.escalation = level
        detail = {"step": step, "code": self.dossier.code, "due_at": self.facts.due_at.isoformat()
                  if self.facts.due_at else None}
        self.record(f"sla.{level}", detail)
        now = self.runtime.clock.now()
        for leader in self.uow.users.holding(self.dossier.handling_unit_id, "leader"):
            self.uow.notifications.add(Notification(user_id=leader.id, dossier_id=self.dossier.id,
                                                    kind=f"sla.{level}", detail=detail, created_at=now))

    # Official documents: the unit's books and delivery, in this step's transaction.
    def enter_in_book(self, book: str, fields: dict[str, Any]) -> dict[str, Any]:
        return books.enter(self, book, fields)

    def file_document(self, entry_id: int, kind: str, filename: str, content: bytes, signed: bool = False) -> None:
        books.file(self, entry_id, kind, filename, content, signed)

    def link_upload(self, entry_id: int, stored_name: str) -> None:
        books.link_upload(self, entry_id, stored_name)

    def deliver(self, entry_id: int, unit_codes: list[str]) -> list[str]:
        return books.deliver(self, entry_id, unit_codes)

    def charge_fee(self, assessment: FeeAssessment) -> BankAccount | None:
        return fees.charge(self, assessment)

    def notify(self, event: str, values: dict[str, str]) -> None:
        check_values(event, values)
        self.notices.append((event, values))

    def start_process(self, slug: str, unit_code: str, data: dict[str, Any]) -> int:
        """Open a dossier of a pack process at a unit in this step's transaction (a document delivered there)."""
        unit = self.uow.units.by_code(unit_code)
        if unit is None or slug not in self.runtime.pack.procedures:
            raise ValueError(f"cannot start {slug!r} at unit {unit_code!r}: unknown process or unit")
        child, workflow, _ = _open(self.runtime, self.uow, self.user, unit, slug, data=data,
                                   started={"from": self.dossier.code})
        return _first_save(child, workflow).dossier_id

    def context_for(self, task: Any) -> HandlerContext:
        office: Office = self  # the type checker holds the live office to the handlers' contract
        return HandlerContext(
            data=dict(task.data), dossier=self.facts,
            procedure=self.runtime.pack.get(self.dossier.procedure_slug).procedure,
            clock=self.runtime.clock, calendar=self.runtime.pack.calendar, office=office,
            task_name=task.task_spec.bpmn_name or task.task_spec.bpmn_id,
        )


def _facts(dossier: Dossier) -> DossierFacts:
    return DossierFacts(
        code=dossier.code, procedure_code=dossier.procedure_code, applicant_name=dossier.applicant_name,
        receiving_unit=dossier.receiving_unit.code, handling_unit=dossier.handling_unit.code,
        status=Status(dossier.status), received_at=dossier.received_at, due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        timeliness=Timeliness(dossier.timeliness) if dossier.timeliness else None,
        applicant_phone=dossier.applicant_phone, applicant_id_number=dossier.applicant_id_number,
        paused_at=dossier.paused_at, rating=dossier.rating, result_channel=dossier.result_channel,
        result_postal_item=dossier.result_postal_item, result_postal_address=dossier.result_postal_address,
        result_posted_on=dossier.result_posted_on, register_number=dossier.register_number,
        applicant_email=dossier.applicant_email, notify_by=dossier.notify_by or "none",
    )


@dataclass(frozen=True)
class Outcome:
    """Where a dossier stands after a step: its id and the tasks now waiting (id, role); and where the person
    who took the step goes next, decided in the step's own transaction (no second read to land the page): the
    first waiting task they may do, else whether they may still read the dossier."""

    dossier_id: int
    waiting: list[tuple[str, str]]
    next_task: str | None = None
    sees_dossier: bool = False


def _save(office: LiveOffice, workflow: Any, instance: Instance, completed: WorkItem | None) -> Outcome:
    runtime, uow, dossier = office.runtime, office.uow, office.dossier
    now = runtime.clock.now()
    ended = runtime.runner.end_reached(workflow)  # before the save prunes the finished branches
    status_before, unit_before, rating_before = dossier.status, dossier.handling_unit_id, dossier.rating
    values = asdict(office.facts)
    for name in FACT_FIELDS:
        value = values[name]
        value = value.value if hasattr(value, "value") else value
        if getattr(dossier, name) != value:  # an unchanged dossier stays clean: no flush to work out it is
            setattr(dossier, name, value)
    if office.facts.handling_unit != dossier.handling_unit.code:
        uow.dossiers.hand_to(dossier, uow.units.require_code(office.facts.handling_unit))
    fields = runtime.version(uow, instance.version_id).form_fields  # read before the save expires the row
    try:
        uow.instances.save(instance, runtime.runner.dump(workflow), workflow.completed, now,
                           runtime.runner.next_timer(workflow))
    except StaleState as exc:
        raise Conflict("dossier.changed_meanwhile") from exc
    waiting = runtime.runner.human_tasks(workflow)
    items = uow.work_items.replace(dossier.id, [
        WorkItem(task_id=t.id, dossier_id=dossier.id, version_id=dossier.version_id,
                 unit_id=dossier.handling_unit_id, role=t.role, element_id=t.element_id, title=t.title, form=t.form,
                 created_at=now,
                 due_at=t.due_at or dossier.due_at, instructions=t.instructions,
                 data={k: v for k, v in t.data.items() if k in fields})
        for t in waiting
    ])
    _mark_risk(dossier, items, office.escalation)
    if completed is not None:
        office.events.insert(0, ("task.completed", {
            "due_at": completed.due_at.isoformat() if completed.due_at else None,
            "timeliness": classify(now, completed.due_at).value if completed.due_at else None,
            "handed_to": [f"{role_title(t.role)} · {dossier.handling_unit.name}" for t in waiting],
            # the heat map's stays and flows (domain/stays.py): which step, offered when, the end it led to
            "element": completed.element_id, "entered_at": completed.created_at.isoformat(),
            **({"ended": ended} if ended else {}),
        }))
    for kind, detail in office.events:
        uow.events.add(Event(dossier_id=dossier.id, at=now, kind=kind, user_id=office.user_id,
                             unit_id=office.acting_unit_id, task=completed.title if completed else None,
                             task_id=completed.task_id if completed else None, detail=detail))
    if dossier.status != status_before or dossier.handling_unit_id != unit_before:
        announce(office.runtime, uow, dossier, now, rating_before)
    if office.notices:
        citizen_notices.queue(runtime, uow, dossier, office.notices, now)
    person = office.user
    next_task = next((t.id for t in waiting if person and access.has_role(person, dossier.handling_unit_id, t.role)),
                     None)
    sees = next_task is not None or (person is not None and access.can_see(uow, person, dossier))
    return Outcome(dossier.id, [(t.id, t.role) for t in waiting], next_task, sees)


def _keep_uploads(office: LiveOffice, form: Form, files: Mapping[str, Upload]) -> dict[str, str]:
    """Check each file against its field's rule and keep it with the dossier; the data holds its stored name."""
    kept, errors = {}, []
    for name, rule in form.uploads().items():
        upload = files.get(name)
        if upload is None or not upload.content:
            continue
        problem = rule.check(upload.content)
        if problem:
            errors.append(FieldError(name, problem[0], problem[1]))
            continue
        digest = hashlib.sha256(upload.content).hexdigest()
        stored = f"{name}-{digest[:10]}.{rule.extension(upload.content)}"
        office.attach(f"upload:{name}", stored, upload.content)
        kept[name] = stored
    if errors:
        raise InvalidSubmission(errors)
    return kept


def _mark_risk(dossier: Dossier, items: list[WorkItem], escalation: str | None) -> None:
    """A timer that fired escalates the open steps; the dossier is at risk while any open step is."""
    for item in items:
        if escalation and (item.escalation is None
                           or RISK_LEVELS.index(escalation) > RISK_LEVELS.index(item.escalation)):
            item.escalation = escalation
    levels = [RISK_LEVELS.index(i.escalation) for i in items if i.escalation]
    at_risk = RISK_LEVELS[max(levels)] if levels else None
    if dossier.at_risk != at_risk:  # as the facts: an unchanged row is not written again
        dossier.at_risk = at_risk


def already_done(uow: UnitOfWorkPort, task_id: str) -> ServiceError:
    """Conflict naming who completed the task and when, or NotFound for a task that never existed."""
    event = uow.events.completion_of(task_id)
    if event is None:
        return NotFound("task.not_found")
    who = event.user.full_name if event.user else "?"
    return Conflict("task.already_done", task=event.task, user=who, at=f"{event.at:%d/%m/%Y %H:%M}")


def offered_task(uow: UnitOfWorkPort, user_id: int, task_id: str) -> tuple[User, WorkItem]:
    """The user and the waiting task offered to them, or the error saying why they cannot act on it."""
    user = uow.users.get(user_id)
    if user is None:
        raise NotFound("user.not_found")
    return user, offered_to(uow, user, task_id)


def offered_to(uow: UnitOfWorkPort, person: access.Person, task_id: str) -> WorkItem:
    """The waiting task if it is offered to ``person``, else the error saying why they cannot act on it."""
    item = uow.work_items.by_task(task_id)
    if item is None:
        raise already_done(uow, task_id)
    if not access.can_act(person, item):
        raise Forbidden("task.not_offered")
    return item


def _open(runtime: Runtime, uow: UnitOfWorkPort, user: User | None, unit: Unit, slug: str, *, channel: str = "counter",
          data: dict[str, Any] | None = None, started: dict[str, Any] | None = None,
          postal: str | None = None) -> tuple[LiveOffice, Any, CachedVersion]:
    """A new dossier row of a process at a unit, and its instance run to the first wait (saved by the caller).

    An online dossier gets its code and applicant facts at once, so the citizen can follow it; ``postal`` is
    the item number of papers received by post."""
    version = uow.versions.latest(slug)
    if version is None:
        raise NotFound("version.none_registered", procedure=slug)
    now = runtime.clock.now()
    dossier = uow.dossiers.add(Dossier(
        procedure_slug=slug, procedure_code=runtime.pack.get(slug).procedure.code, version_id=version.id,
        receiving_unit_id=unit.id, handling_unit_id=unit.id, status=Status.DRAFT.value, channel=channel,
        created_at=now, created_by_id=user.id if user else None, applicant_name="", postal_item=postal,
    ))
    if user is None:  # sent from outside (online, or the national portal): the citizen follows it by its code
        dossier.code = next_dossier_code(uow, unit, now)
        given = data or {}
        dossier.applicant_name = str(given.get("applicant_name", ""))
        dossier.applicant_phone, dossier.applicant_id_number = (given.get("applicant_phone"),
                                                                given.get("applicant_id_number"))
        dossier.applicant_email, dossier.notify_by = given.get("applicant_email"), given.get("notify_by") or "none"
    office = LiveOffice(runtime, uow, user, dossier, _facts(dossier),
                        [("dossier.started", {"version": version.number, "channel": channel,
                                              **({"postal_item": postal} if postal else {}), **(started or {})})])
    cached = runtime.version(uow, version.id)
    try:
        workflow = runtime.runner.start(cached.spec, cached.subprocess_specs, office.context_for, data)
    except StepError as exc:
        raise step_failed(exc, exc.element) from exc
    return office, workflow, cached


def _first_save(office: LiveOffice, workflow: Any) -> Outcome:
    """Save a new instance's first state with its dossier's facts, open tasks and events."""
    instance = office.uow.instances.add(Instance(dossier_id=office.dossier.id,
                                                 version_id=office.dossier.version_id, state=b"", revision=0,
                                                 completed=False, updated_at=office.runtime.clock.now()))
    return _save(office, workflow, instance, None)


def _received_by_post(channel: str, postal_item: str | None) -> str | None:
    """The checked item number of papers received by post (None for the other channels), or the error naming
    the field: a wrong channel, a postal dossier without its number, a number not in the S10 form."""
    if channel not in {c.value for c in Channel}:
        raise InvalidField("input.channel", "channel", channel)
    if channel != Channel.POSTAL:
        return None
    if not (postal_item or "").strip():
        raise InvalidField("input.postal_item_missing", "postal_item", "")
    try:
        return checked_postal_item(postal_item or "")
    except BadPostalItem as exc:
        raise InvalidField("input.postal_item_check" if exc.check_digit else "input.postal_item", "postal_item",
                           (postal_item or "").strip()) from exc


@retry_once
def start_dossier(runtime: Runtime, user_id: int | None, unit_code: str, slug: str, *, channel: str = "counter",
                  data: dict[str, Any] | None = None, files: Mapping[str, Upload] | None = None,
                  also: Callable[[UnitOfWorkPort, Dossier], None] | None = None,
                  postal_item: str | None = None, reuse: Mapping[int, int] | None = None) -> Outcome:
    """Open a new dossier of a procedure at a unit: by a clerk holding the role of its first step there, or,
    with no user, sent online by a citizen or through the national portal (``data`` and ``files`` then fill the
    first step's form for the clerk, and the dossier gets its code at once so the citizen can follow it).
    Papers received by post (``channel="postal"``) carry their item number; online, ``reuse`` names the
    citizen's held papers they reuse (paper index to held paper). ``also`` writes the caller's own rows in the
    same transaction. A unit without its electronic identifier cannot receive: its codes would not be
    national."""
    postal = _received_by_post(channel, postal_item)
    with runtime.uow() as uow:
        user = uow.users.require(user_id) if user_id is not None else None
        unit = uow.units.require_code(unit_code)
        if user is None and channel == Channel.COUNTER:
            raise Forbidden("dossier.clerk_required")
        if slug not in runtime.pack.procedures:
            raise NotFound("procedure.not_found", procedure=slug)
        require_agency_code(unit)
        office, workflow, cached = _open(runtime, uow, user, unit, slug, channel=channel, data=data, postal=postal)
        first = runtime.runner.human_tasks(workflow)
        if user is not None and not any(access.has_role(user, unit.id, t.role) for t in first):
            roles = {locale: " / ".join(sorted({role_title(t.role, locale).lower() for t in first}))
                     for locale in ("vi", "en")}
            raise Forbidden("procedure.role_required", roles=roles, unit=unit.name)
        if files and first and first[0].form:
            runtime.runner.prefill(workflow, first[0].id, _keep_uploads(office, cached.forms[first[0].form], files))
        if (files or reuse) and user is None:  # sent by the citizen (online, or through the national portal)
            digitisation.record_online(office, files or {}, str((data or {}).get("applicant_id_number") or "") or None,
                                       reuse)
        outcome = _first_save(office, workflow)
        if also is not None:
            also(uow, office.dossier)
        commit(uow)
        return outcome


@dataclass(frozen=True)
class Upload:
    """A file handed in with a form (a scanned paper)."""

    filename: str
    content: bytes


@retry_once
def complete_task(runtime: Runtime, user_id: int, task_id: str, data: dict[str, Any],
                  files: Mapping[str, Upload] | None = None) -> Outcome:
    """Complete a waiting task with its validated form data and the files its file fields take; at intake, the
    papers scanned or reused are recorded in the same transaction (a refused reuse is logged on its own)."""
    try:
        return _complete(runtime, user_id, task_id, data, files)
    except digitisation.ReuseRefused as refused:
        digitisation.log_refusal(runtime, user_id, refused)
        raise


def _complete(runtime: Runtime, user_id: int, task_id: str, data: dict[str, Any],
              files: Mapping[str, Upload] | None) -> Outcome:
    with runtime.uow() as uow:
        user, item = offered_task(uow, user_id, task_id)
        dossier = item.dossier
        instance = uow.instances.for_dossier(dossier.id)
        if instance is None:
            raise NotFound("dossier.no_instance", dossier=dossier.code or dossier.id)
        version = runtime.version(uow, instance.version_id)
        office = LiveOffice(runtime, uow, user, dossier, _facts(dossier), [])
        if item.form:
            form = version.forms[item.form]
            data = {**data, **_keep_uploads(office, form, files or {})}
            data = with_defaults(form, data)
            errors = check_submission(form, data)
            if errors:
                raise InvalidSubmission(errors)
            digitisation.record_intake(office, form, data, files or {})
        workflow = runtime.runner.restore(instance.state, version.spec, version.subprocess_specs)
        try:
            runtime.runner.complete(workflow, task_id, data, office.context_for)
        except TaskNotWaiting as exc:  # completed by someone else after we read the inbox
            raise already_done(uow, task_id) from exc
        except StepError as exc:
            raise step_failed(exc, exc.element) from exc
        outcome = _save(office, workflow, instance, item)
        commit(uow)
        return outcome


def fire_due_timers(runtime: Runtime, limit: int = 100) -> int:
    """Fire the timers that have come, one dossier per transaction; the number of dossiers advanced.

    Safe with several workers: PostgreSQL hands each worker different rows, and the revision check
    makes a second firing of the same timer fail rather than double its escalation. A dossier whose
    timer path fails is logged and left for the next pass, never retried in a hot loop.
    """
    fired, tried = 0, set[int]()
    while len(tried) < limit:
        with runtime.uow() as uow:
            instance = uow.instances.next_due_timer(runtime.clock.now(), skip=tried)
            if instance is None:
                break
            tried.add(instance.id)
            dossier = uow.dossiers.require(instance.dossier_id)
            version = runtime.version(uow, instance.version_id)
            workflow = runtime.runner.restore(instance.state, version.spec, version.subprocess_specs)
            office = LiveOffice(runtime, uow, None, dossier, _facts(dossier), [])
            try:
                runtime.runner.fire_timers(workflow, office.context_for)
                _save(office, workflow, instance, None)
            except StepError as exc:
                log.error("timer of dossier %s failed: %s", dossier.code or dossier.id, exc)
                continue
            except Conflict:
                continue  # another worker fired it first
            uow.commit()
            fired += 1
    return fired


def deliver_message(runtime: Runtime, dossier_code: str, name: str, payload: dict[str, Any] | None = None) -> Outcome:
    """Hand a message from outside (declared in the pack's ``messages.toml``) to the dossier waiting for it, in
    one transaction with the step it lets run; NotFound for an unknown dossier or message, StepFailed when
    the dossier is not waiting for it (nothing is saved then)."""
    if name not in runtime.pack.messages:
        raise NotFound("message.not_declared", message=name)
    with runtime.uow() as uow:
        dossier = uow.dossiers.by_code(dossier_code) if dossier_code else None
        instance = uow.instances.for_dossier(dossier.id) if dossier is not None else None
        if dossier is None or instance is None:
            raise NotFound("dossier.not_found", dossier=dossier_code)
        version = runtime.version(uow, instance.version_id)
        workflow = runtime.runner.restore(instance.state, version.spec, version.subprocess_specs)
        office = LiveOffice(runtime, uow, None, dossier, _facts(dossier),
                            [("message.received", {"message": name, "sender": runtime.pack.messages[name].sender})])
        try:
            runtime.runner.deliver(workflow, name, dict(payload or {}), office.context_for)
        except StepError as exc:
            raise step_failed(exc, exc.element) from exc
        outcome = _save(office, workflow, instance, None)
        uow.commit()
        return outcome


def move_to_version(runtime: Runtime, dossier_id: int, version_id: int) -> list[str]:
    """Move a running dossier onto another version of its procedure; why it cannot (nothing saved then)."""
    with runtime.uow() as uow:
        instance = uow.instances.for_dossier(dossier_id)
        dossier = uow.dossiers.require(dossier_id)
        if instance is None or instance.completed:
            return ["the dossier is finished"]
        old, new = runtime.version(uow, instance.version_id), runtime.version(uow, version_id)
        if old.slug != new.slug:
            return [f"version {version_id} belongs to {new.slug}, not {old.slug}"]
        workflow = runtime.runner.restore(instance.state, old.spec, old.subprocess_specs)
        office = LiveOffice(runtime, uow, None, dossier, _facts(dossier), [])
        try:
            reasons = runtime.runner.migrate(workflow, new.spec, new.subprocess_specs, office.context_for)
        except StepError as exc:
            return [str(exc)]
        if reasons:
            return reasons
        office.record("dossier.migrated", {"from": old.number, "to": new.number})
        instance.version_id = dossier.version_id = new.id
        _save(office, workflow, instance, None)
        uow.commit()
        return []
