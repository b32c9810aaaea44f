"""Read models for the clerk's pages: inbox, task, dossier. Plain data, no ORM objects leak out."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from motcua.domain.clock import VN_TZ, shown_date
from motcua.domain.dossier import RegisterQuery
from motcua.domain.procedure import Paper
from motcua.engine.forms import UNIT_WIDGET, Form, with_defaults
from motcua.services import access, digitisation, records, reports
from motcua.services.errors import NotFound
from motcua.services.records import DocumentInfo
from motcua.services.runtime import Runtime
from motcua.services.steps import offered_to
from motcua.store.models import Dossier, WorkItem
from motcua.store.ports import UnitOfWorkPort

REGISTER_EXPORT_LIMIT = 100_000  # rows in one CSV export of the register
PREFILL_FROM = "ui:prefillFrom"  # a field offered with what an earlier step recorded (the recipient: the applicant)


@dataclass(frozen=True)
class DossierSummary:
    id: int
    code: str | None
    procedure_slug: str
    procedure_name: str
    applicant_name: str
    status: str
    receiving_unit: str
    handling_unit: str
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    timeliness: str | None
    at_risk: str | None = None
    fee_status: str | None = None  # due, paid, exempt, none (domain.fees.FeeStatus); None: no fee schedule
    held_before: bool = False  # the reader's units held it once and handed it on: read-only, now elsewhere
    draft: bool = False  # an intake still at its first step (store.repositories.untouched_intake): discardable
    papers_digitised_at: datetime | None = None  # every paper received is held digitally (services.digitisation)
    result_electronic_at: datetime | None = None  # the signed result was issued electronically


@dataclass(frozen=True)
class InboxEntry:
    task_id: str
    title: str
    role: str
    unit: str
    waiting_since: datetime
    dossier: DossierSummary
    step_due_at: datetime | None = None
    escalation: str | None = None


@dataclass(frozen=True)
class Notice:
    """A notification for the user: a step of a dossier of their unit nears or passed its deadline."""

    kind: str
    at: datetime
    dossier_id: int | None
    dossier_code: str | None
    step: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    kind: str
    task: str | None
    user: str | None
    unit: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class DossierView:
    dossier: DossierSummary
    open_tasks: list[InboxEntry]
    history: list[HistoryEntry]
    data: dict[str, Any] = field(default_factory=dict)
    actionable: frozenset[str] = frozenset()  # the open tasks the reader may do (the others are shown unlinked)


@dataclass(frozen=True)
class TaskForm:
    """What taking a task's form needs: the form, what prefills it, and the procedure's papers its checklist
    lists. A posted form is parsed against this alone; the page around it (``TaskView``) is read only when it is
    shown."""

    task_id: str
    title: str
    form: Form | None
    prefill: dict[str, Any]
    papers: tuple[Paper, ...]
    role: str  # the lane's role: a leader's decision is what gets signed, so it asks for a fresh second factor
    dossier_code: str | None


@dataclass(frozen=True, kw_only=True)
class TaskView(TaskForm):
    """A task's page: its form, and the dossier, the earlier answers, documents and papers shown beside it."""

    dossier: DossierSummary
    units: list[tuple[str, str]]  # what a unit select offers
    answers: list[tuple[str, str]] = field(default_factory=list)
    instructions: str | None = None  # what the diagram tells whoever does the task (plain text)
    files: list[DocumentInfo] = field(default_factory=list)  # the dossier's documents, previewed beside the form
    digitised: list[digitisation.DigitisedPaper] = field(default_factory=list)  # its papers held digitally


def summary(runtime: Runtime, dossier: Dossier, locale: str = "vi", fee_status: str | None = None,
            held_before: bool = False, draft: bool = False) -> DossierSummary:
    """The register line of a dossier, in the reader's language (with its fee's status, when the caller read it;
    ``held_before``: the reader's unit handed it on)."""
    procedure = runtime.pack.procedures.get(dossier.procedure_slug)
    return DossierSummary(
        id=dossier.id, code=dossier.code, procedure_slug=dossier.procedure_slug,
        procedure_name=procedure.procedure.name(locale) if procedure else dossier.procedure_slug,
        applicant_name=dossier.applicant_name, status=dossier.status,
        receiving_unit=dossier.receiving_unit.name, handling_unit=dossier.handling_unit.name,
        received_at=dossier.received_at, due_at=dossier.due_at, finished_at=dossier.finished_at,
        timeliness=dossier.timeliness, at_risk=dossier.at_risk, fee_status=fee_status, held_before=held_before,
        draft=draft, papers_digitised_at=dossier.papers_digitised_at, result_electronic_at=dossier.result_electronic_at,
    )


def receiving_unit(runtime: Runtime, dossier_id: int) -> str:
    """The code of the unit where a dossier was received (where its citizen comes back)."""
    with runtime.uow() as uow:
        dossier = uow.dossiers.get(dossier_id)
        if dossier is None:
            raise NotFound("dossier.not_found", dossier=dossier_id)
        return dossier.receiving_unit.code


def unit_choices(runtime: Runtime) -> list[tuple[str, str]]:
    """(code, name) of every unit, for choosing where a dossier goes."""
    with runtime.uow() as uow:
        return [(u.code, u.name) for u in uow.units.all()]


def inbox(runtime: Runtime, who: int | access.Person, locale: str = "vi") -> list[InboxEntry]:
    """The tasks waiting for this person (or user id), oldest first."""
    with runtime.uow() as uow:
        return _inbox(runtime, uow, access.person(uow, who), locale)


@dataclass(frozen=True)
class DeskPage:
    """What the inbox page shows: the tasks waiting (drafts among them) and the notices not yet seen."""

    entries: list[InboxEntry]
    notices: list[Notice]


def desk_page(runtime: Runtime, who: access.Person, locale: str = "vi") -> DeskPage:
    """The inbox page's reads in one transaction: a clerk opens it between every two steps."""
    with runtime.uow() as uow:
        return DeskPage(_inbox(runtime, uow, who, locale), _notices(uow, who.id))


def _inbox(runtime: Runtime, uow: UnitOfWorkPort, user: access.Person, locale: str) -> list[InboxEntry]:
    items = uow.work_items.inbox(access.memberships(user), viewer=user.id)  # with unit, dossier and fee
    drafts = uow.dossiers.draft_ids(item.dossier for item in items)
    return [
        InboxEntry(item.task_id, item.title, item.role, item.unit.name, item.created_at,
                   summary(runtime, item.dossier, locale, fee_status(item.dossier),
                           draft=item.dossier_id in drafts), item.due_at,
                   item.escalation)
        for item in items
    ]


def fee_status(dossier: Dossier) -> str | None:
    """The status of a dossier's fee (None: its procedure charges none), from the row loaded with it."""
    return dossier.fee.status if dossier.fee else None


def notices(runtime: Runtime, user_id: int) -> list[Notice]:
    """What the user has not yet seen, newest first."""
    with runtime.uow() as uow:
        return _notices(uow, user_id)


def _notices(uow: UnitOfWorkPort, user_id: int) -> list[Notice]:
    return [Notice(n.kind, n.created_at, n.dossier_id, n.dossier.code if n.dossier else None,
                   n.detail.get("step", "")) for n in uow.notifications.unread(user_id)]


def mark_notices_seen(runtime: Runtime, user_id: int) -> None:
    """The user has read their notifications."""
    with runtime.uow() as uow:
        uow.notifications.mark_read(user_id, runtime.clock.now())
        uow.commit()


@dataclass(frozen=True)
class RegisterPage:
    """One page of the register as filtered; ``more`` says whether a next page exists (no count: a count over a
    province's million dossiers costs more than the page)."""

    entries: list[DossierSummary]
    page: int
    more: bool


def register(runtime: Runtime, user_id: int, locale: str = "vi", query: RegisterQuery | None = None,
             page: int = 1, per_page: int = 50) -> RegisterPage:
    """The dossiers of the user's units (the register, newest first), filtered, a page at a time."""
    asked = replace(query or RegisterQuery(), now=runtime.clock.now())
    page = max(1, page)
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("user.not_found")
        rows = uow.dossiers.search(access.unit_ids(user), asked, per_page + 1, (page - 1) * per_page)
        shown = rows[:per_page]
        fees = uow.fees.statuses(d.id for d in shown)
        return RegisterPage([summary(runtime, d, locale, fees.get(d.id), held_before=not access.holds_now(user, d))
                             for d in shown], page, len(rows) > per_page)


def register_query(args: Mapping[str, str]) -> RegisterQuery:
    """The register's filter from the page's query string (``q``, ``status``, ``procedure``, ``from``, ``to`` as
    dd/mm/yyyy or yyyy-mm-dd, both days included, ``timeliness`` "late" or "at_risk"); a wrong date raises
    ``reports.InvalidReportRequest`` naming the field."""
    def day(name: str) -> date | None:
        return reports.parse_date(args[name], name) if args.get(name, "").strip() else None

    start, end = day("from"), day("to")
    if start and end and end < start:
        raise reports.InvalidReportRequest("to", "ends_before_start", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
    timeliness = args.get("timeliness", "")
    return RegisterQuery(
        text=args.get("q", "").strip()[:100], status=args.get("status", "").strip(),
        procedure=args.get("procedure", "").strip(),
        received_from=datetime.combine(start, time(0), VN_TZ) if start else None,
        received_before=datetime.combine(end + timedelta(days=1), time(0), VN_TZ) if end else None,
        timeliness=timeliness if timeliness in ("late", "at_risk") else "")


def register_all(runtime: Runtime, user_id: int, locale: str = "vi", query: RegisterQuery | None = None,
                 limit: int = REGISTER_EXPORT_LIMIT) -> list[DossierSummary]:
    """Every dossier the filter finds (up to ``limit``), for the register's CSV export."""
    found: list[DossierSummary] = []
    page = 1
    while len(found) < limit:
        part = register(runtime, user_id, locale, query, page, per_page=1000)
        found.extend(part.entries)
        if not part.more:
            break
        page += 1
    return found[:limit]


def dossier_view(runtime: Runtime, user_id: int, dossier_id: int, locale: str = "vi") -> DossierView:
    """A dossier with its open tasks and history, if one of the user's units holds it or held it once."""
    with runtime.uow() as uow:
        user, dossier = visible_dossier(uow, user_id, dossier_id)
        return view_of(runtime, uow, user, dossier, locale)


def visible_dossier(uow: UnitOfWorkPort, who: int | access.Person, dossier_id: int) -> tuple[access.Person, Dossier]:
    """The person and the dossier with its fee and open tasks, if their units hold it or held it once."""
    user = access.person(uow, who)
    dossier = uow.dossiers.for_page(dossier_id)
    if dossier is None or not access.can_see(uow, user, dossier):
        raise NotFound("dossier.not_in_your_units", dossier=dossier_id)
    return user, dossier


def view_of(runtime: Runtime, uow: UnitOfWorkPort, user: access.Person, dossier: Dossier,
            locale: str) -> DossierView:
    """A visible dossier's head, open tasks and history (one query for the history)."""
    head = summary(runtime, dossier, locale, fee_status(dossier), held_before=not access.holds_now(user, dossier))
    items = dossier.work_items
    open_tasks = [InboxEntry(i.task_id, i.title, i.role, dossier.handling_unit.name, i.created_at, head)
                  for i in items]
    history = [
        HistoryEntry(e.at, e.kind, e.task, e.user.full_name if e.user else None,
                     e.unit.name if e.unit else None, e.detail or {})
        for e in uow.events.for_dossier(dossier.id)
    ]
    return DossierView(head, open_tasks, history,
                       actionable=frozenset(i.task_id for i in items if access.can_act(user, i)))


def earlier_answers(forms: dict[str, Form], data: dict[str, Any], current: Form | None,
                    units: dict[str, str]) -> list[tuple[str, str]]:
    """What earlier steps recorded, under their form titles (choices and units shown by their names)."""
    shown = set(current.schema.get("properties", {})) if current else set()
    answers = []
    for form in forms.values():
        for name, prop in form.schema.get("properties", {}).items():
            value = data.get(name)
            if name in shown or value in (None, "") or isinstance(value, (list, dict)) or name in form.uploads():
                continue  # a scan is shown as a document with its preview, not by its stored file name
            labels = {str(o.get("const")): o.get("title") for o in prop.get("oneOf", [])}
            if form.uischema.get(name, {}).get("ui:widget") == UNIT_WIDGET:
                labels = units
            text = labels.get(str(value)) or ("✓" if value is True else "✗" if value is False else
                                              shown_date(value) if prop.get("format") == "date" else str(value))
            answers.append((prop.get("title", name), text))
            shown.add(name)
    return answers


def task_view(runtime: Runtime, who: int | access.Person, task_id: str, locale: str = "vi") -> TaskView:
    """A waiting task with its form (as its procedure version stored it) and the data to prefill: read from
    its work item, which keeps what the task sees when it is offered, so the page never restores the workflow."""
    with runtime.uow() as uow:
        item = offered_to(uow, access.person(uow, who), task_id)
        version = runtime.version(uow, item.dossier.version_id)
        data, instructions = _offered(runtime, uow, item)
        shown = _task_form(runtime, item, version.forms, data)
        units = [(u.code, u.name) for u in uow.units.all() if u.kind != "province"]
        draft = item.dossier_id in uow.dossiers.draft_ids([item.dossier])
        return TaskView(**vars(shown), dossier=summary(runtime, item.dossier, locale, draft=draft), units=units,
                        answers=earlier_answers(version.forms, data, shown.form, dict(units)),
                        instructions=instructions, files=records.files_of(runtime, uow, item.dossier),
                        digitised=digitisation.listed(runtime, uow.papers.for_page(item.dossier_id), locale))


def task_form(runtime: Runtime, who: int | access.Person, task_id: str) -> TaskForm:
    """A waiting task's form and what parsing a post of it needs (``task_view`` less what only the page shows)."""
    with runtime.uow() as uow:
        item = offered_to(uow, access.person(uow, who), task_id)
        forms = runtime.version(uow, item.dossier.version_id).forms
        return _task_form(runtime, item, forms, _offered(runtime, uow, item)[0])


def _offered(runtime: Runtime, uow: UnitOfWorkPort, item: WorkItem) -> tuple[dict[str, Any], str | None]:
    """The data and instructions a task was offered with (kept on its work item since migration 0018)."""
    if item.data is not None:
        return item.data, item.instructions
    return _offered_before_0018(runtime, uow, item.dossier_id, item.task_id)


def _task_form(runtime: Runtime, item: WorkItem, forms: Mapping[str, Form], data: dict[str, Any]) -> TaskForm:
    form = forms[item.form] if item.form else None
    fields = set(form.schema.get("properties", {})) if form else set()
    prefill = with_defaults(form, {k: v for k, v in data.items() if k in fields}) if form else {}
    for name, ui in (form.uischema.items() if form else ()):  # "ui:prefillFrom": offered from earlier data
        source = ui.get(PREFILL_FROM) if isinstance(ui, dict) else None
        if name in fields and name not in prefill and source and data.get(source) not in (None, ""):
            prefill[name] = data[source]
    procedure = runtime.pack.get(item.dossier.procedure_slug).procedure
    return TaskForm(item.task_id, item.title, form, prefill, procedure.papers, item.role, item.dossier.code)


def _offered_before_0018(runtime: Runtime, uow: UnitOfWorkPort, dossier_id: int,
                         task_id: str) -> tuple[dict[str, Any], str | None]:
    """A task offered before its work item kept its data (migration 0018): read from the workflow once more."""
    instance = uow.instances.for_dossier(dossier_id)
    if instance is None:
        raise NotFound("dossier.no_instance", dossier=dossier_id)
    version = runtime.version(uow, instance.version_id)
    workflow = runtime.runner.restore(instance.state, version.spec, version.subprocess_specs)
    return runtime.runner.task_data(workflow, task_id), runtime.runner.instructions(workflow, task_id)
