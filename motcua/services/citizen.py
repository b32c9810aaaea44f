"""What a citizen may see without signing in: a dossier by its code, and whether a result is genuine.

The lookup asks for the last four digits of the applicant's phone or ID number
as well as the code, so a code read over someone's shoulder reveals nothing,
and it masks personal data.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from motcua.domain.dossier_codes import normalise
from motcua.services.runtime import Runtime
from motcua.signing.pades import VerificationReport
from motcua.store.repositories import IssuedDocument
from motcua.store.uow import ReadUnitOfWork

PUBLIC_EVENTS = {  # what a citizen sees of a dossier's history (no names of staff, no internal steps)
    "dossier.received", "dossier.supplement_requested", "dossier.refused", "dossier.transferred",
    "dossier.paused", "dossier.resumed", "result.signed", "dossier.apologized", "dossier.returned",
    "dossier.stopped",
}
CITIZEN_SLIPS = frozenset({  # documents issued to the applicant, listed on the lookup (titles: web.filters)
    "giay-tiep-nhan", "phieu-yeu-cau-bo-sung", "phieu-tu-choi", "phieu-xin-loi", "thong-bao-dung", "ket-qua",
})


@dataclass(frozen=True)
class PublicStep:
    at: datetime
    kind: str
    unit: str


@dataclass(frozen=True)
class PublicSlip:
    """A form issued to the applicant (Circular 03/2025/TT-VPCP, Annex I: Mẫu số 01–05, or the signed result):
    which, when, and its id for the download (asked again with the code and digits)."""

    id: int
    kind: str
    issued_at: datetime


@dataclass(frozen=True)
class PublicDossier:
    code: str
    procedure_name: str
    applicant_name: str
    status: str
    received_at: datetime | None
    due_at: datetime | None
    new_due_at: datetime | None
    finished_at: datetime | None
    timeliness: str | None
    receiving_unit: str
    handling_unit: str
    history: list[PublicStep] = field(default_factory=list)
    result_postal_item: str | None = None  # the result went back by post: its item number, to track it
    result_posted_on: date | None = None
    slips: list[PublicSlip] = field(default_factory=list)


def mask_name(name: str) -> str:
    """Family name and initials: "Nguyễn Thị Hoa" → "Nguyễn T. H."."""
    parts = name.split()
    return " ".join(parts[:1] + [f"{p[0]}." for p in parts[1:]]) if parts else ""


def _matches(digits: str, *values: str | None) -> bool:
    return len(digits) == 4 and digits.isdigit() and any(v and v.endswith(digits) for v in values)


def lookup(runtime: Runtime, code: str, digits: str) -> PublicDossier | None:
    """The public view of a dossier, or None when the code and digits do not match (never saying which); read off
    the replica when there is one."""
    def work(uow: ReadUnitOfWork) -> PublicDossier | None:
        dossier = uow.dossiers.by_code(normalise(code))
        if dossier is None or not _matches(digits.strip(), dossier.applicant_phone, dossier.applicant_id_number):
            return None
        history, new_due = [], None
        for event in uow.events.for_dossier(dossier.id):
            if event.kind in PUBLIC_EVENTS:
                history.append(PublicStep(event.at, event.kind, event.unit.name if event.unit else ""))
            if event.kind == "dossier.apologized":
                new_due = datetime.fromisoformat(event.detail["new_due_at"])
        procedure = runtime.pack.procedures.get(dossier.procedure_slug)
        slips = [PublicSlip(d.id, d.kind, d.created_at)
                 for d in uow.documents.for_dossier(dossier.id) if d.kind in CITIZEN_SLIPS]
        return PublicDossier(
            code=dossier.code or normalise(code),
            procedure_name=procedure.procedure.name_vi if procedure else dossier.procedure_slug,
            applicant_name=mask_name(dossier.applicant_name), status=dossier.status, received_at=dossier.received_at,
            due_at=dossier.due_at, new_due_at=new_due, finished_at=dossier.finished_at,
            timeliness=dossier.timeliness, receiving_unit=dossier.receiving_unit.name,
            handling_unit=dossier.handling_unit.name, history=history, slips=slips,
            result_postal_item=dossier.result_postal_item, result_posted_on=dossier.result_posted_on,
        )
    return runtime.read(work)


def slip(runtime: Runtime, code: str, digits: str, document_id: int) -> tuple[str, bytes] | None:
    """A form issued to the applicant, exactly as issued, for the same code and digits the lookup asks
    (None when they do not match, or the document is not one of this dossier's slips); read off the replica."""
    def work(uow: ReadUnitOfWork) -> tuple[str, bytes] | None:
        dossier = uow.dossiers.by_code(code.strip())
        if dossier is None or not _matches(digits.strip(), dossier.applicant_phone, dossier.applicant_id_number):
            return None
        found = uow.documents.get(document_id)
        if found is None or found.dossier_id != dossier.id or found.kind not in CITIZEN_SLIPS:
            return None
        return found.filename, found.content
    return runtime.read(work)


# What each kind of document we issue is called ("Đây là … do … cấp"), Vietnamese and English; the forms of
# Circular 03/2025/TT-VPCP, Annex I (documents.slips.FORM_SOURCES) carry their number in lists.
KINDS = {
    "giay-tiep-nhan": ("giấy tiếp nhận hồ sơ và hẹn trả kết quả", "receipt and appointment slip"),
    "phieu-yeu-cau-bo-sung": ("phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "request to complete the dossier"),
    "phieu-tu-choi": ("phiếu từ chối tiếp nhận giải quyết hồ sơ", "refusal slip"),
    "phieu-xin-loi": ("văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
                      "apology and request to extend the time"),
    "thong-bao-dung": ("thông báo dừng giải quyết hồ sơ", "notice of stopping the dossier"),
    "phieu-kiem-soat": ("phiếu kiểm soát quá trình giải quyết hồ sơ", "control sheet of the dossier"),
    "bien-lai-thu-phi": ("biên lai thu phí, lệ phí", "receipt for fees and charges"),
    "ket-qua": ("kết quả giải quyết hồ sơ", "result of the dossier"),
    "van-ban-di": ("văn bản đi", "outgoing official document"),
    "van-ban-den": ("văn bản đến", "incoming official document"),
}
FORM_NUMBERS = {"giay-tiep-nhan": "01", "phieu-yeu-cau-bo-sung": "02", "phieu-tu-choi": "03", "phieu-xin-loi": "04",
                "thong-bao-dung": "05", "phieu-kiem-soat": "06"}


def kind_label(kind: str, locale: str = "vi", numbered: bool = False) -> str:
    """What a document of this kind is called, in the reader's language (``numbered``: with its form's number, as a
    list names it)."""
    vi, en = KINDS.get(kind, ("văn bản", "document"))
    label = en if locale == "en" else vi
    number = FORM_NUMBERS.get(kind) if numbered else None
    return f"{label} ({'form' if locale == 'en' else 'Mẫu số'} {number})" if number else label


@dataclass(frozen=True)
class Verification:
    """A signature report, plus the document this exact file is among those we issued, if it is."""

    report: VerificationReport
    document: IssuedDocument | None = None

    @property
    def issued_for(self) -> str | None:
        """The dossier code this exact file was issued for (None when we did not issue these bytes)."""
        return self.document.dossier_code if self.document else None

    @property
    def verdict(self) -> str:
        """One answer that the page words without contradiction:

        ``signed`` (every signature holds; ours or not, says ``document``), ``unsigned_ours`` (a slip we issued
        without a signature, byte for byte), ``unsigned_unknown`` (no signature, not ours), ``changed`` (a
        signature no longer matches the content), ``appended`` (content added after a signature),
        ``untrusted`` (intact, but the certificate chains to no trusted root).
        """
        checks = self.report.signatures
        if not checks:
            return "unsigned_ours" if self.document else "unsigned_unknown"
        if self.report.ok:
            return "signed"
        if not all(c.intact for c in checks):
            return "changed"
        if not all(c.covers_whole_file for c in checks):
            return "appended"
        return "untrusted"


def verify_file(runtime: Runtime, pdf: bytes) -> Verification:
    """Verify any PDF a citizen or another agency brings (raises InvalidPdf for something else)."""
    report = runtime.signer.verify(pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    with runtime.uow() as uow:
        issued = uow.documents.by_sha256(digest)
    return Verification(report, issued)


def verify_dossier(runtime: Runtime, code: str) -> Verification | None:
    """Verify the signed result we issued for a dossier code (None when there is none)."""
    with runtime.uow() as uow:
        dossier = uow.dossiers.by_code(normalise(code))
        result = uow.documents.latest(dossier.id, "ket-qua") if dossier else None
        content = result.content if result else None
    return verify_file(runtime, content) if content else None
