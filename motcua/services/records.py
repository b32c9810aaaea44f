"""A dossier's records: the documents issued for it and its control sheet (phiếu kiểm soát)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from motcua.documents.layout import Letterhead
from motcua.documents.slips import ControlLine, control_sheet
from motcua.services import access
from motcua.services.errors import NotFound
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier
from motcua.store.ports import UnitOfWorkPort

TIMELINESS_VI = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn", None: ""}


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


def _upload_titles(runtime: Runtime, uow: UnitOfWorkPort, dossier: Dossier) -> dict[str, str]:
    """The titles of the file fields of the dossier's forms, by field name."""
    titles: dict[str, str] = {}
    for form in runtime.version(uow, dossier.version_id).forms.values():
        for name in form.uploads():
            titles.setdefault(name, form.schema.get("properties", {}).get(name, {}).get("title", name))
    return titles


def _visible(uow: UnitOfWorkPort, user_id: int, dossier_id: int) -> Dossier:
    user = uow.users.get(user_id)
    dossier = uow.dossiers.get(dossier_id)
    if user is None or dossier is None or not access.can_see(user, dossier):
        raise NotFound("dossier.not_in_your_units", dossier=dossier_id)
    return dossier


def documents(runtime: Runtime, user_id: int, dossier_id: int) -> list[DocumentInfo]:
    """The scans handed in and the slips and results issued for a dossier the user may see."""
    with runtime.uow() as uow:
        dossier = _visible(uow, user_id, dossier_id)
        titles = _upload_titles(runtime, uow, dossier)
        return [DocumentInfo(d.id, d.kind, d.filename, d.created_at, d.signed_by_id is not None,
                             titles.get(d.kind.removeprefix("upload:"), "") if d.kind.startswith("upload:") else "",
                             MEDIA.get(d.filename.rsplit(".", 1)[-1].lower(), ""))
                for d in uow.documents.for_dossier(dossier_id)]


def document(runtime: Runtime, user_id: int, document_id: int) -> tuple[str, bytes]:
    """A document's file name and bytes, exactly as issued."""
    with runtime.uow() as uow:
        found = uow.documents.get(document_id)
        if found is None:
            raise NotFound("document.not_found", document=document_id)
        _visible(uow, user_id, found.dossier_id)
        return found.filename, found.content


def control_lines(uow: UnitOfWorkPort, dossier: Dossier) -> list[ControlLine]:
    """Each completed step as a hand-over: who handed on, to whom, when, by what deadline, how it went."""
    lines = []
    for event in uow.events.for_dossier(dossier.id):
        if event.kind != "task.completed":
            continue
        detail = event.detail or {}
        due = datetime.fromisoformat(detail["due_at"]) if detail.get("due_at") else None
        handed_by = f"{event.user.full_name if event.user else ''} · {event.unit.name if event.unit else ''}"
        received_by = ", ".join(detail.get("handed_to") or []) or "Công dân (kết thúc)"
        lines.append(ControlLine(f"{event.task}: {handed_by}", received_by, event.at, due,
                                 TIMELINESS_VI.get(detail.get("timeliness"), "")))
    return lines


def control_sheet_pdf(runtime: Runtime, user_id: int, dossier_id: int) -> tuple[str, bytes]:
    """The printable control sheet of a dossier, built from its history as it stands now."""
    with runtime.uow() as uow:
        dossier = _visible(uow, user_id, dossier_id)
        head = Letterhead(dossier.receiving_unit.name, dossier.code or f"#{dossier.id}",
                          runtime.lookup_url(dossier.code or ""), dossier.receiving_unit.name)
        procedure = runtime.pack.get(dossier.procedure_slug).procedure
        pdf = control_sheet(head, applicant=dossier.applicant_name, procedure=procedure.name_vi,
                            received_at=dossier.received_at, due_at=dossier.due_at,
                            lines=control_lines(uow, dossier), issued_at=runtime.clock.now())
        return f"phieu-kiem-soat-{dossier.code or dossier.id}.pdf", pdf
