"""Digitised papers (Decision 766/QĐ-TTg's digitisation and reuse): scans at intake, the citizen's store of papers
keyed by ID number, reuse instead of scanning again, and the electronic result.

- At intake, each paper of the checklist can be scanned (a file per row: ``papers_received.<i>.scan``) or, when
  the applicant's store holds a valid paper of the same kind, reused (the row's ``reuse`` names the held
  paper). Each becomes a ``DossierPaper`` in the step's transaction: "scan" (the clerk who scanned it; None for
  the citizen's own upload online) or "reuse" (pointing at the paper reused).
- A paper counts as *received* when the checklist row records at least one original or copy; optional papers
  not handed in are left at 0 and do not count. A reused paper is received (the held copy stands for it): a row
  left at 0 is recorded with the counts the catalogue asks for, so completeness and the receipt count it.
  ``Dossier.papers_digitised_at`` is set once every received paper is held digitally (a scan or a reuse row of
  that paper), and cleared if a later intake step records a paper received and not digitised.
- The signed result is issued electronically (``Dossier.result_electronic_at``); an approved result of a
  procedure whose catalogue names its kind (``[result_document] kind``) goes to the applicant's store as a
  "result" paper, valid as its kind says (a marital status confirmation: 6 months).

Who may read the store: only a reception clerk holding the intake step of a dossier (the step whose form has
the papers checklist), only for the ID number the applicant presents on that form, and only papers digitised
for dossiers received by a unit of the same province as the clerk's (``access.store_units``): the province runs
the one-stop system that holds them. Every listing, opening and reuse, and every refused reuse, is written to
the security audit log (``store/audit.py``), which the units' administrators read at ``/quan-tri/nhat-ky``:
it names the person who looked, unlike the dossier's events, which belong to one dossier's history.
"""
from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

import filetype
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from motcua.domain.dossier_codes import normalise
from motcua.domain.papers import PaperKind, still_valid
from motcua.domain.procedure import Paper, Procedure
from motcua.engine.forms import FieldError, Form, UploadRule
from motcua.services import access, records
from motcua.services.errors import Forbidden, InvalidSubmission, NotFound
from motcua.services.runtime import Runtime
from motcua.store.models import Document, Dossier, DossierPaper, User, WorkItem
from motcua.store.ports import UnitOfWorkPort

PAPERS_WIDGET = "papers"
SCAN = "scan"  # DossierPaper.source
REUSE = "reuse"
RESULT = "result"
SCAN_RULE = UploadRule()  # PDF, JPEG or PNG up to 5 MB, checked by the bytes
CITIZEN = "(công dân trực tuyến)"  # the audit log's username for what a citizen did online, without an account
PAPERS_FIELD = "papers_received"  # the checklist's field on the pack's intake forms (forms/parts/papers)


class UploadLike(Protocol):
    """A file handed in (``steps.Upload``)."""

    @property
    def filename(self) -> str: ...

    @property
    def content(self) -> bytes: ...


class OfficeScope(Protocol):
    """What of the live office (``steps.LiveOffice``) recording papers uses."""

    runtime: Runtime
    uow: UnitOfWorkPort
    dossier: Dossier

    @property
    def user_id(self) -> int | None: ...

    def record(self, kind: str, detail: dict[str, Any]) -> None: ...


def papers_field(form: Form) -> str | None:
    """The form's papers checklist field (the intake step's), or None."""
    return next((name for name, ui in form.uischema.items()
                 if isinstance(ui, dict) and ui.get("ui:widget") == PAPERS_WIDGET), None)


def scan_key(field: str, index: int) -> str:
    """The name a checklist row's scan is posted under (the row's index in the procedure's papers)."""
    return f"{field}.{index}.scan"


def _pages(content: bytes) -> int:
    """The pages of a scan: a PDF's page count, 1 for an image (or an unreadable PDF, which the rule let in)."""
    kind = filetype.guess(content)
    if kind is None or kind.extension != "pdf":
        return 1
    try:
        return max(1, len(PdfReader(io.BytesIO(content)).pages))
    except (PyPdfError, ValueError, OSError):
        return 1


def _kind(runtime: Runtime, name: str) -> PaperKind:
    return runtime.pack.paper_kinds.get(name) or runtime.pack.paper_kinds["other"]


def _expiry(row: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(row["valid_until"])) if row.get("valid_until") else None
    except ValueError:
        return None


def _scan(office: OfficeScope, paper: Paper, upload: UploadLike, holder: str | None, field: str,
          expiry: date | None = None) -> DossierPaper:
    """Keep a paper's scan with the dossier and record it digitised by the acting clerk (None online)."""
    problem = SCAN_RULE.check(upload.content)
    if problem:
        raise InvalidSubmission([FieldError(field, problem[0], {**problem[1], "paper": paper.name})])
    now, uow = office.runtime.clock.now(), office.uow
    digest = hashlib.sha256(upload.content).hexdigest()
    stored = f"{paper.kind}-{digest[:10]}.{SCAN_RULE.extension(upload.content)}"
    uow.documents.keep(office.dossier.id, f"{records.PAPER_SCAN}{paper.kind}"[:30], stored, upload.content, now)
    return uow.papers.add(DossierPaper(
        dossier_id=office.dossier.id, paper_name=paper.name, kind=paper.kind, source=SCAN,
        pages=_pages(upload.content), holder_id_number=holder, stored_name=stored, sha256=digest,
        valid_until=_kind(office.runtime, paper.kind).valid_until(now.date(), expiry),
        digitised_by_id=office.user_id, digitised_at=now))


class ReuseRefused(Forbidden):
    """A paper asked to be reused that this person, unit or paper does not allow; logged by ``log_refusal``
    after the step's transaction is rolled back (the log must outlive it)."""

    def __init__(self, code: str, paper_id: int, dossier: str, holder: str) -> None:
        super().__init__(code)
        self.paper_id, self.dossier, self.holder = paper_id, dossier, holder


def _reuse(office: OfficeScope, paper: Paper, held_id: int, holder: str | None) -> DossierPaper:
    """Record a held paper reused for this dossier, after checking it is the holder's, of the kind the row
    asks for, still valid, and digitised in a unit the dossier's unit may read from."""
    uow, now = office.uow, office.runtime.clock.now()
    held = uow.papers.get(held_id)
    where = office.dossier.code or f"#{office.dossier.id}"
    if held is None or held.source not in (SCAN, RESULT):
        raise NotFound("papers.not_found", paper=held_id)
    if not holder or held.holder_id_number != holder:
        raise ReuseRefused("papers.not_the_holders", held_id, where, holder or "")
    origin = uow.dossiers.require(held.dossier_id)
    if origin.receiving_unit_id not in access.store_units(uow, office.dossier.receiving_unit_id):
        raise ReuseRefused("papers.unit_not_allowed", held_id, where, holder)
    if held.kind != paper.kind or not _kind(office.runtime, held.kind).reusable:
        raise ReuseRefused("papers.wrong_kind", held_id, where, holder)
    if not still_valid(held.valid_until, now.date()):
        raise ReuseRefused("papers.expired", held_id, where, holder)
    row = uow.papers.add(DossierPaper(
        dossier_id=office.dossier.id, paper_name=paper.name, kind=paper.kind, source=REUSE, pages=held.pages,
        holder_id_number=holder, stored_name=held.stored_name, sha256=held.sha256, reused_from_id=held.id,
        valid_until=held.valid_until, digitised_by_id=office.user_id, digitised_at=now))
    user = uow.users.get(office.user_id) if office.user_id else None
    uow.audit.record(now, "papers.reused", username=user.username if user else CITIZEN, user_id=office.user_id,
                     detail={"dossier": where, "paper": held.id, "kind": held.kind, "holder": holder,
                             "from_dossier": origin.code or f"#{origin.id}"})
    return row


def record_intake(office: OfficeScope, form: Form, data: dict[str, Any], files: Mapping[str, UploadLike]) -> None:
    """Digitise the papers an intake step's checklist records: each row's scan, or the held paper it reuses;
    then mark the dossier digitised when every paper received is held. Nothing happens on other forms."""
    field = papers_field(form)
    if field is None:
        return
    procedure = office.runtime.pack.get(office.dossier.procedure_slug).procedure
    rows = {row.get("name"): row for row in data.get(field) or [] if isinstance(row, dict)}
    holder = str(data.get("applicant_id_number") or office.dossier.applicant_id_number or "") or None
    scanned, reused = [], []
    for index, paper in enumerate(procedure.papers):
        row = rows.get(paper.name, {})
        upload = files.get(scan_key(field, index))
        if upload is not None and upload.content:
            kept = _scan(office, paper, upload, holder, field, _expiry(row))
            row["scan"] = kept.stored_name
            scanned.append(paper.name)
        elif str(row.get("reuse") or "").isdigit():
            _reuse(office, paper, int(row["reuse"]), holder)
            reused.append(paper.name)
            if not received([row]):  # the held copy stands for the paper: not asked for again (nor counted missing)
                row.update(name=paper.name, originals=paper.originals or (0 if paper.copies else 1),
                           copies=paper.copies)
    if scanned or reused:
        office.record("papers.digitised", {"scanned": scanned, "reused": reused})
    mark_papers_digitised(office, list(rows.values()))


def record_online(office: OfficeScope, files: Mapping[str, UploadLike], holder: str | None,
                  reuse: Mapping[int, int] | None = None) -> None:
    """Keep the scans a citizen attached to an online submission, one per paper of the checklist, as papers
    digitised by the citizen (no clerk), and the held papers they chose to reuse (``reuse``: paper index to held
    paper); the clerk's intake decides which papers were received."""
    procedure = office.runtime.pack.get(office.dossier.procedure_slug).procedure
    scanned, reused = [], []
    for index, paper in enumerate(procedure.papers):
        upload = files.get(scan_key(PAPERS_FIELD, index))
        if upload is not None and upload.content:
            _scan(office, paper, upload, holder, PAPERS_FIELD)
            scanned.append(paper.name)
        elif reuse and index in reuse:
            _reuse(office, paper, reuse[index], holder)
            reused.append(paper.name)
    if scanned or reused:
        office.record("papers.digitised", {"scanned": scanned, "reused": reused, "by": "citizen"})


def received(rows: Sequence[Mapping[str, Any]]) -> set[str]:
    """The papers a checklist records as handed in: at least one original or copy."""
    def count(value: Any) -> int:
        return int(value) if str(value or "").isdigit() else 0
    return {str(r.get("name")) for r in rows if count(r.get("originals")) + count(r.get("copies")) > 0}


def mark_papers_digitised(office: OfficeScope, rows: Sequence[Mapping[str, Any]]) -> None:
    """Set the dossier's mark when every received paper is held digitally, clear it when one is not."""
    wanted = received(rows)
    held = {p.paper_name for p in office.uow.papers.for_dossier(office.dossier.id) if p.source in (SCAN, REUSE)}
    if wanted and wanted <= held:
        office.dossier.papers_digitised_at = office.dossier.papers_digitised_at or office.runtime.clock.now()
    else:
        office.dossier.papers_digitised_at = None


def issue_result(office: OfficeScope, document: Document, procedure: Procedure, approved: bool) -> None:
    """Mark the dossier's signed result issued electronically; an approved result of a kind the catalogue names
    goes to the applicant's store, valid from today as its kind says."""
    now, dossier = office.runtime.clock.now(), office.dossier
    dossier.result_electronic_at = now
    if not (approved and procedure.result_kind):
        return
    office.uow.papers.add(DossierPaper(
        dossier_id=dossier.id, paper_name=procedure.result_title or procedure.result, kind=procedure.result_kind,
        source=RESULT, pages=_pages(document.content), holder_id_number=dossier.applicant_id_number,
        stored_name=document.filename, sha256=document.sha256, document_id=document.id,
        valid_until=_kind(office.runtime, procedure.result_kind).valid_until(now.date()),
        digitised_by_id=document.signed_by_id, digitised_at=now))


# Reading the store -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldPaper:
    """A paper of the applicant's store that an intake may reuse, with where and when it was digitised."""

    id: int
    kind: str
    kind_title: str
    paper_name: str
    source: str
    pages: int
    digitised_at: datetime
    unit: str
    dossier_code: str
    valid_until: date | None
    media: str
    rows: tuple[int, ...]  # the checklist rows (paper indices) it can stand for


def _intake(uow: UnitOfWorkPort, runtime: Runtime, user_id: int, task_id: str) -> tuple[User, WorkItem, Procedure]:
    """The clerk and the intake step they hold now; Forbidden for any other step (no papers checklist)."""
    from motcua.services.steps import offered_task  # steps records papers through this module

    user, item = offered_task(uow, user_id, task_id)
    version = runtime.version(uow, item.dossier.version_id)
    form = version.forms.get(item.form or "")
    if form is None or papers_field(form) is None:
        raise Forbidden("papers.not_an_intake")
    return user, item, runtime.pack.get(item.dossier.procedure_slug).procedure


def held_for_intake(runtime: Runtime, user_id: int, task_id: str, id_number: str,
                    locale: str = "vi") -> list[HeldPaper]:
    """The applicant's papers an intake step may reuse: of a kind its checklist asks for, still valid, digitised
    in the clerk's province; the listing is logged."""
    holder = id_number.strip()
    if not holder.isdigit():
        return []
    with runtime.uow() as uow:
        user, item, procedure = _intake(uow, runtime, user_id, task_id)
        kinds = {p.kind for p in procedure.papers if _kind(runtime, p.kind).reusable}
        now = runtime.clock.now()
        found = uow.papers.held(holder, kinds, access.store_units(uow, item.unit_id), now.date(),
                                exclude_dossier=item.dossier_id)
        uow.audit.record(now, "papers.listed", username=user.username, user_id=user.id,
                         detail={"dossier": item.dossier.code or f"#{item.dossier_id}", "holder": holder,
                                 "found": [paper.id for paper, _ in found]})
        uow.commit()
        return _held_papers(runtime, procedure, found, locale)


def _held_papers(runtime: Runtime, procedure: Procedure, found: Sequence[tuple[DossierPaper, Dossier]],
                 locale: str) -> list[HeldPaper]:
    return [HeldPaper(paper.id, paper.kind, _kind(runtime, paper.kind).title(locale), paper.paper_name,
                      paper.source, paper.pages, paper.digitised_at, origin.receiving_unit.name,
                      origin.code or f"#{origin.id}", paper.valid_until, records.media(paper.stored_name),
                      tuple(i for i, p in enumerate(procedure.papers) if p.kind == paper.kind))
            for paper, origin in found]


def _identified(uow: UnitOfWorkPort, id_number: str, earlier_code: str) -> Dossier | None:
    """The citizen's earlier dossier when its code and the full ID number match (the online path has no
    sign-in: VNeID is the national portal's, which this pack does not reach), else None."""
    earlier = uow.dossiers.by_code(normalise(earlier_code)) if earlier_code.strip() else None
    holder = id_number.strip()
    return earlier if earlier is not None and holder and earlier.applicant_id_number == holder else None


def held_for_citizen(runtime: Runtime, slug: str, id_number: str, earlier_code: str, address: str | None,
                     locale: str = "vi") -> list[HeldPaper]:
    """A citizen's own papers an online submission of a procedure may reuse, once they prove who they are by
    their full ID number and the code of an earlier dossier of theirs: papers digitised in the province that
    received that dossier. Every try, matched or not, is logged with the address it came from."""
    procedure = runtime.pack.get(slug).procedure
    with runtime.uow() as uow:
        earlier, now = _identified(uow, id_number, earlier_code), runtime.clock.now()
        if earlier is None:
            uow.audit.record(now, "papers.lookup_refused", username=CITIZEN, address=address,
                             detail={"holder": id_number.strip()[-4:], "earlier_dossier": earlier_code.strip()})
            uow.commit()
            raise Forbidden("papers.citizen_not_identified")
        kinds = {p.kind for p in procedure.papers if _kind(runtime, p.kind).reusable}
        found = uow.papers.held(id_number.strip(), kinds, access.store_units(uow, earlier.receiving_unit_id),
                                now.date())
        uow.audit.record(now, "papers.listed", username=CITIZEN, address=address,
                         detail={"holder": id_number.strip(), "identified_by": earlier.code or "",
                                 "found": [paper.id for paper, _ in found]})
        uow.commit()
        return _held_papers(runtime, procedure, found, locale)


def check_citizen(runtime: Runtime, id_number: str, earlier_code: str) -> None:
    """Forbidden unless the ID number and the earlier dossier's code identify the citizen (as for listing)."""
    with runtime.uow() as uow:
        if _identified(uow, id_number, earlier_code) is None:
            raise Forbidden("papers.citizen_not_identified")


def open_held(runtime: Runtime, user_id: int, task_id: str, paper_id: int, id_number: str) -> tuple[str, bytes]:
    """A held paper's file, for the clerk at the holder's intake to look at before reusing it; logged."""
    with runtime.uow() as uow:
        user, item, _ = _intake(uow, runtime, user_id, task_id)
        paper = uow.papers.get(paper_id)
        origin = uow.dossiers.get(paper.dossier_id) if paper else None
        if (paper is None or origin is None or paper.holder_id_number != id_number.strip()
                or origin.receiving_unit_id not in access.store_units(uow, item.unit_id)):
            raise NotFound("papers.not_found", paper=paper_id)
        document = uow.papers.content(paper)
        if document is None:
            raise NotFound("papers.not_found", paper=paper_id)
        uow.audit.record(runtime.clock.now(), "papers.opened", username=user.username, user_id=user.id,
                         detail={"dossier": item.dossier.code or f"#{item.dossier_id}", "paper": paper.id,
                                 "holder": paper.holder_id_number or "", "from_dossier": origin.code or ""})
        uow.commit()
        return document.filename, document.content


def log_refusal(runtime: Runtime, user_id: int | None, refused: ReuseRefused, address: str | None = None) -> None:
    """Keep a refused reuse in the audit log, in a transaction of its own (the step's was rolled back)."""
    with runtime.uow() as uow:
        user = uow.users.get(user_id) if user_id else None
        uow.audit.record(runtime.clock.now(), "papers.reuse_refused", username=user.username if user else CITIZEN,
                         user_id=user_id, address=address,
                         detail={"dossier": refused.dossier, "paper": refused.paper_id, "holder": refused.holder,
                                 "why": refused.code})
        uow.commit()


# A dossier's own digitised papers (its page) ------------------------------------------------------------------


@dataclass(frozen=True)
class DigitisedPaper:
    """A paper of a dossier held digitally, as its page lists it."""

    id: int
    paper_name: str
    kind_title: str
    source: str
    pages: int
    digitised_at: datetime
    digitised_by: str
    valid_until: date | None
    media: str
    reused_from: str  # the dossier code it was reused from, "" otherwise
    reused_digitised_at: datetime | None


def of_dossier(runtime: Runtime, user_id: int, dossier_id: int, locale: str = "vi") -> list[DigitisedPaper]:
    """The digitised papers of a dossier the user may see, and which were reused from which dossier."""
    with runtime.uow() as uow:
        return listed(runtime, uow.papers.for_page(records.visible(uow, user_id, dossier_id).id), locale)


def listed(runtime: Runtime, papers: Sequence[DossierPaper], locale: str = "vi") -> list[DigitisedPaper]:
    """Papers loaded with who digitised them and their origins (``store.papers.page_options``), as pages list
    them; nothing more is read."""
    found = []
    for paper in papers:
        origin = paper.reused_from
        found.append(DigitisedPaper(
            paper.id, paper.paper_name, _kind(runtime, paper.kind).title(locale), paper.source, paper.pages,
            paper.digitised_at, paper.digitised_by.full_name if paper.digitised_by else "", paper.valid_until,
            records.media(paper.stored_name), (origin.dossier.code or f"#{origin.dossier_id}") if origin else "",
            origin.digitised_at if origin else None))
    return found


def paper_file(runtime: Runtime, user_id: int, paper_id: int) -> tuple[str, bytes]:
    """A dossier's digitised paper, for a user who may see the dossier; a reused paper's bytes belong to the
    dossier it came from, so opening it is logged as an access to the store."""
    with runtime.uow() as uow:
        paper = uow.papers.get(paper_id)
        if paper is None:
            raise NotFound("papers.not_found", paper=paper_id)
        user, dossier = _visible(uow, user_id, paper.dossier_id)
        document = uow.papers.content(paper)
        if document is None:
            raise NotFound("papers.not_found", paper=paper_id)
        if document.dossier_id != dossier.id:
            uow.audit.record(runtime.clock.now(), "papers.opened", username=user.username, user_id=user.id,
                             detail={"dossier": dossier.code or f"#{dossier.id}", "paper": paper.id,
                                     "holder": paper.holder_id_number or ""})
            uow.commit()
        return document.filename, document.content


def _visible(uow: UnitOfWorkPort, user_id: int, dossier_id: int) -> tuple[User, Dossier]:
    dossier = records.visible(uow, user_id, dossier_id)
    return uow.users.require(user_id), dossier
