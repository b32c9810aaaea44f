"""Online submission (nộp hồ sơ trực tuyến): a citizen sends a dossier of a public procedure from its sheet.

The dossier runs the same process from the same first step as one handed in at the counter: it waits in
the inbox of the chosen unit's reception clerk with what the citizen typed (and the scans they sent) in
the intake form, and the clerk checks and receives it as usual. The citizen fills in only the intake form's
own fields, never the clerk's: the papers checklist, the intake decision and its note (``intake_*``) and the
clerk's ``note``, or whatever the form's UI schema lists under ``"ui:clerkOnly"``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from motcua.domain.procedure import Paper
from motcua.engine.forms import FieldError, Form, check_submission
from motcua.services import digitisation
from motcua.services.errors import InvalidSubmission, NotFound
from motcua.services.runtime import Runtime
from motcua.services.steps import Upload, start_dossier
from motcua.store.models import Dossier
from motcua.store.ports import UnitOfWorkPort

CLERK_ONLY_KEY = "ui:clerkOnly"
CLERK_NOTE = "note"
NOT_A_COUNTER = "province"  # a citizen sends dossiers to wards and communes (as the clerk's unit lists do)


def intake_form_name(slug: str) -> str:
    """The pack's convention: a procedure's intake step uses the form ``<slug>_receive``."""
    return f"{slug}_receive"


def clerk_fields(form: Form) -> set[str]:
    """The fields only the clerk fills in (declared, or by the pack's convention)."""
    declared = form.uischema.get(CLERK_ONLY_KEY)
    if isinstance(declared, list):
        return set(declared)
    return {name for name in form.schema.get("properties", {})
            if name.startswith("intake_") or name == CLERK_NOTE
            or form.uischema.get(name, {}).get("ui:widget") == "papers"}


def _mentions(rule: Any) -> set[str]:
    """Property names a conditional rule (``if``/``then``/``else``) talks about."""
    names: set[str] = set()
    if isinstance(rule, dict):
        names.update(rule.get("properties", {}))
        names.update(rule.get("required", []))
        for key in ("if", "then", "else"):
            names.update(_mentions(rule.get(key)))
    return names


def citizen_part(form: Form) -> Form:
    """The intake form without the clerk's fields: properties, required list and the conditions on them."""
    hidden = clerk_fields(form)
    schema = {k: v for k, v in form.schema.items() if k not in ("properties", "required", "allOf")}
    schema["properties"] = {k: v for k, v in form.schema.get("properties", {}).items() if k not in hidden}
    schema["required"] = [k for k in form.schema.get("required", []) if k not in hidden]
    rules = [r for r in form.schema.get("allOf", []) if not (_mentions(r) & hidden)]
    if rules:
        schema["allOf"] = rules
    uischema = {k: v for k, v in form.uischema.items() if k not in hidden and k != CLERK_ONLY_KEY}
    if "ui:order" in uischema:
        uischema["ui:order"] = [n for n in uischema["ui:order"] if n not in hidden]
    return Form(name=f"{form.name}.online", schema=schema, uischema=uischema)


@dataclass(frozen=True)
class OnlineForm:
    """What the online page shows: the procedure, the citizen's part of its intake form, where it may go, and
    its papers, each of which the citizen may attach scanned (``papers_received.<i>.scan``)."""

    slug: str
    name: str
    form: Form
    units: list[tuple[str, str]]
    papers: tuple[Paper, ...] = ()


def online_form(runtime: Runtime, slug: str, public_only: bool = True) -> OnlineForm:
    """The citizen's form for a procedure, from its newest version; NotFound if it is not offered online."""
    loaded = runtime.pack.procedures.get(slug)
    if loaded is None or (public_only and not loaded.procedure.is_public_service):
        raise NotFound("procedure.not_public", procedure=slug)
    with runtime.uow() as uow:
        version = uow.versions.latest(slug)
        forms = runtime.version(uow, version.id).forms if version else {}
        units = [(u.code, u.name) for u in uow.units.all() if u.kind != NOT_A_COUNTER]
    intake = forms.get(intake_form_name(slug))
    if intake is None:
        raise NotFound("procedure.not_online", procedure=loaded.procedure.name_vi, form=intake_form_name(slug))
    return OnlineForm(slug, loaded.procedure.name_vi, citizen_part(intake), units, loaded.procedure.papers)


@dataclass(frozen=True)
class Submitted:
    """What the citizen is told: the dossier's code (to look it up) and the unit it waits at."""

    dossier_id: int
    code: str
    unit_name: str


def submit(runtime: Runtime, slug: str, unit_code: str, data: dict[str, Any],
           files: Mapping[str, Upload] | None = None, reuse: Mapping[int, int] | None = None,
           earlier_code: str = "", address: str | None = None, *, channel: str = "online",
           postal_item: str | None = None, also: Callable[[UnitOfWorkPort, Dossier], None] | None = None) -> Submitted:
    """Send a dossier online to a ward's reception clerk, with the scans of its papers (kept as digitised by the
    citizen: ``services.digitisation``) and the citizen's held papers they reuse (``reuse``: paper index to held
    paper, allowed once ``earlier_code`` and the ID number identify them); InvalidSubmission names each wrong
    field, Forbidden a reuse not allowed (logged with ``address``). The national portal's dossiers come this way
    too (services/portal_inbound.py), possibly by post (``channel`` "postal" with its item number), with
    ``also`` writing the portal's id in the same transaction."""
    offered = online_form(runtime, slug)
    units = dict(offered.units)
    sent = {name: upload.filename for name, upload in (files or {}).items()
            if name in offered.form.uploads() and upload.content}  # checked by their bytes when kept
    errors = check_submission(offered.form, {**data, **sent})
    if unit_code not in units:
        errors.append(FieldError("unit", "required" if not unit_code else "enum"))
    unknown = set(data) - set(offered.form.schema["properties"])
    errors.extend(FieldError(name, "additionalProperties") for name in sorted(unknown))
    if errors:
        raise InvalidSubmission(errors)
    if reuse:
        digitisation.check_citizen(runtime, str(data.get("applicant_id_number") or ""), earlier_code)
    try:
        outcome = start_dossier(runtime, None, unit_code, slug, channel=channel, data=data, files=files, also=also,
                                postal_item=postal_item, reuse=reuse)
    except digitisation.ReuseRefused as refused:
        digitisation.log_refusal(runtime, None, refused, address)
        raise
    with runtime.uow() as uow:
        code = uow.dossiers.require(outcome.dossier_id).code or ""
    return Submitted(outcome.dossier_id, code, units[unit_code])
