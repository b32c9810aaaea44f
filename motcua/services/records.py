"""A dossier's records: the documents issued for it, its control sheet (phiếu kiểm soát, Mẫu số 06), and a
unit's register of dossiers for a period (sổ theo dõi hồ sơ, Mẫu số 07) as a PDF."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from motcua.documents.layout import Letterhead
from motcua.documents.slips import Applicant, ControlLine, RegisterLine, control_sheet, register_book
from motcua.domain.clock import VN_TZ
from motcua.services import access
from motcua.services.errors import NotFound
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier
from motcua.store.ports import UnitOfWorkPort

TIMELINESS_VI = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn", None: ""}
STATUS_NOTE_VI = {"stopped": "Dừng giải quyết", "refused": "Từ chối", "supplement": "Chờ bổ sung",
                  "returned": "Đã trả kết quả", "awaiting_return": "Chờ trả kết quả", "processing": "Đang giải quyết"}
REGISTER_EVENTS = ("dossier.received", "dossier.transferred", "result.signed", "dossier.returned")



@dataclass(frozen=True)
class DocumentInfo:
    """A document of a dossier as the pages list it: a scan is named by the form field it was handed in under
    (``title``; issued slips are named by ``kind``), and ``media`` says how a page previews it in place."""

    id: int
    kind: str
    filename: str
    created_at: datetime
    signed: bool
    title: str = ""
    media: str = ""  # "pdf", "image", or "" (download only)


MEDIA = {"pdf": "pdf", "jpg": "image", "jpeg": "image", "png": "image"}
PAPER_SCAN = "paper:"  # Document.kind of a paper scanned at intake ("paper:<kind>"), listed with the digitised papers


def media(filename: str | None) -> str:
    """How a page previews a file in place, from its extension: "pdf", "image", or "" (download only)."""
    return MEDIA.get((filename or "").rsplit(".", 1)[-1].lower(), "")


def _upload_titles(runtime: Runtime, uow: UnitOfWorkPort, dossier: Dossier) -> dict[str, str]:
    """The titles of the file fields of the dossier's forms, by field name."""
    titles: dict[str, str] = {}
    for form in runtime.version(uow, dossier.version_id).forms.values():
        for name in form.uploads():
            titles.setdefault(name, form.schema.get("properties", {}).get(name, {}).get("title", name))
    return titles


def visible(uow: UnitOfWorkPort, user_id: int, dossier_id: int) -> Dossier:
    """The dossier, when the user may see it; NotFound otherwise (not Forbidden: its existence is not told)."""
    user = uow.users.get(user_id)
    dossier = uow.dossiers.get(dossier_id)
    if user is None or dossier is None or not access.can_see(uow, user, dossier):
        raise NotFound("dossier.not_in_your_units", dossier=dossier_id)
    return dossier


def documents(runtime: Runtime, user_id: int, dossier_id: int) -> list[DocumentInfo]:
    """The scans handed in under the forms' file fields and the slips and results issued for a dossier the user
    may see (the papers of the checklist are listed with the digitised papers: ``services.digitisation``)."""
    with runtime.uow() as uow:
        return files_of(runtime, uow, visible(uow, user_id, dossier_id))


def files_of(runtime: Runtime, uow: UnitOfWorkPort, dossier: Dossier) -> list[DocumentInfo]:
    """The documents of a dossier already found visible, as the pages list them (one query); the papers of the
    checklist are listed with the digitised papers (``services.digitisation``)."""
    titles = _upload_titles(runtime, uow, dossier)
    return [DocumentInfo(d.id, d.kind, d.filename, d.created_at, d.signed_by_id is not None,
                         titles.get(d.kind.removeprefix("upload:"), "") if d.kind.startswith("upload:") else "",
                         media(d.filename))
            for d in uow.documents.for_dossier(dossier.id) if not d.kind.startswith(PAPER_SCAN)]


def document(runtime: Runtime, user_id: int, document_id: int) -> tuple[str, bytes]:
    """A document's file name and bytes, exactly as issued."""
    with runtime.uow() as uow:
        found = uow.documents.get(document_id)
        if found is None:
            raise NotFound("document.not_found", document=document_id)
        visible(uow, user_id, found.dossier_id)
        return found.filename, found.content


def control_lines(uow: UnitOfWorkPort, dossier: Dossier) -> list[ControlLine]:
    """Each completed step as a hand-over: who handed on, to whom, when, by what deadline, how it went."""
    lines = []
    for event in uow.events.for_dossier(dossier.id):
        if event.kind != "task.completed":
            continue
        detail = event.detail or {}
        due = datetime.fromisoformat(detail["due_at"]) if detail.get("due_at") else None
        received_by = ", ".join(detail.get("handed_to") or []) or "Công dân (kết thúc)"
        lines.append(ControlLine(f"{event.task}: {event.unit.name if event.unit else ''}", received_by, event.at,
                                 due, TIMELINESS_VI.get(detail.get("timeliness"), ""),
                                 giver=event.user.full_name if event.user else "", receiver=""))
    return lines


def control_sheet_pdf(runtime: Runtime, user_id: int, dossier_id: int) -> tuple[str, bytes]:
    """The printable control sheet of a dossier, built from its history as it stands now."""
    with runtime.uow() as uow:
        dossier = visible(uow, user_id, dossier_id)
        head = Letterhead(dossier.receiving_unit.name, dossier.code or f"#{dossier.id}",
                          runtime.lookup_url(dossier.code or ""), dossier.receiving_unit.name)
        procedure = runtime.pack.get(dossier.procedure_slug).procedure
        received = next((e.detail or {} for e in uow.events.for_dossier(dossier.id)
                         if e.kind == "dossier.received"), {})
        who = Applicant(dossier.applicant_name, str(received.get("address") or ""), dossier.applicant_phone or "",
                        str(received.get("email") or ""))
        pdf = control_sheet(head, applicant=who, procedure=procedure.name_vi,
                            received_at=dossier.received_at, due_at=dossier.due_at,
                            lines=control_lines(uow, dossier), issued_at=runtime.clock.now())
        return f"phieu-kiem-soat-{dossier.code or dossier.id}.pdf", pdf


def register_pdf(runtime: Runtime, user_id: int, unit_code: str, start: date, end: date) -> tuple[str, bytes]:
    """Mẫu số 07 for one unit the user works in: the dossiers it received from ``start`` to ``end`` (both days
    included, Vietnam time), each with its number in the register, milestones and status."""
    with runtime.uow() as uow:
        user = uow.users.get(user_id)
        unit = uow.units.by_code(unit_code)
        if user is None or unit is None or unit.id not in access.unit_ids(user):
            raise NotFound("register.not_your_unit", unit=unit_code)
        since = datetime.combine(start, time.min, VN_TZ)
        until = datetime.combine(end + timedelta(days=1), time.min, VN_TZ)
        dossiers = uow.dossiers.received_by(unit.id, since, until)
        milestones: dict[int, dict[str, datetime]] = {}
        details: dict[int, dict[str, object]] = {}
        for event in uow.events.of_kinds([d.id for d in dossiers], REGISTER_EVENTS):
            milestones.setdefault(event.dossier_id, {}).setdefault(event.kind, event.at)
            if event.kind == "dossier.received":
                details[event.dossier_id] = event.detail or {}
        lines = []
        for d in dossiers:
            seen, detail = milestones.get(d.id, {}), details.get(d.id, {})
            entry = runtime.pack.procedures.get(d.procedure_slug)
            address = str(detail.get("address") or "")
            lines.append(RegisterLine(
                number=d.register_number, code=d.code or "", sets=int(str(detail.get("sets") or 1)),
                procedure=entry.procedure.name_vi if entry else d.procedure_slug, applicant=d.applicant_name,
                contacts=", ".join(v for v in (address, d.applicant_phone or "") if v),
                handling_unit=d.handling_unit.name, received_at=d.received_at, due_at=d.due_at,
                transferred_at=seen.get("dossier.transferred"), result_at=seen.get("result.signed"),
                returned_at=seen.get("dossier.returned"),
                note=STATUS_NOTE_VI.get(d.status, "") + (f" ({TIMELINESS_VI[d.timeliness]})"
                                                          if d.timeliness in TIMELINESS_VI and d.timeliness else "")))
        head = Letterhead(unit.name, "", runtime.lookup_url(""), unit.name.removeprefix("Phường ").removeprefix("Xã "))
        pdf = register_book(head, lines=lines, start=start, end=end, issued_at=runtime.clock.now())
        return f"so-theo-doi-ho-so-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.pdf", pdf
