"""The unit's books of official documents (sổ văn bản đến, sổ văn bản đi, sổ biên bản; Nghị định 30/2020/NĐ-CP,
công tác văn thư): numbering an entry, filing its PDF, delivering an outgoing document to the units it is
addressed to, and reading a book.

Entering and delivering run inside a workflow step's transaction (the step's live office calls them), so a
document is numbered, signed, sent and received at every recipient together, or not at all; the unique
(source, unit) pair of the book entries makes a second delivery to the same unit impossible.

(The dossier register, sổ theo dõi hồ sơ, is another thing: ``queries.register``.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from motcua.domain.text import fold
from motcua.services import access
from motcua.services.errors import Forbidden, NotFound, Refusal
from motcua.services.runtime import Runtime
from motcua.store.models import BookEntry, Dossier
from motcua.store.ports import UnitOfWorkPort

BOOKS = {  # book code: (Vietnamese title, English title)
    "incoming": ("Sổ đăng ký văn bản đến", "Register of incoming documents"),
    "outgoing": ("Sổ đăng ký văn bản đi", "Register of outgoing documents"),
    "minutes": ("Sổ biên bản họp", "Register of meeting minutes"),
}
# Abbreviations of document types in the số, ký hiệu (Nghị định 30/2020/NĐ-CP, Phụ lục III); a công văn
# has none: its symbol names the issuing authority and the drafting office instead ("15/UBND-VP").
# The certificates and permits a commune issues as results (GCN, GXN, GP) are specialised documents that
# Phụ lục III does not list; their abbreviations follow common practice (secondary: as seen on issued papers).
TYPE_CODES = {"Công văn": "", "Báo cáo": "BC", "Tờ trình": "TTr", "Thông báo": "TB", "Kế hoạch": "KH",
              "Quyết định": "QĐ", "Giấy mời": "GM", "Hướng dẫn": "HD", "Biên bản": "BB",
              "Giấy chứng nhận": "GCN", "Giấy xác nhận": "GXN", "Giấy phép": "GP"}
AUTHORITY = "UBND"  # every unit on this system is a people's committee (commune, ward, province)
INCOMING_PROCESS = "incoming_document"


class OfficeScope(Protocol):
    """What of the live office (``steps.LiveOffice``) the books use: its transaction, dossier, acting user
    and the runtime."""

    runtime: Runtime
    uow: UnitOfWorkPort
    dossier: Dossier

    @property
    def user_id(self) -> int | None: ...

    def record(self, kind: str, detail: dict[str, Any]) -> None: ...

    def start_process(self, slug: str, unit_code: str, data: dict[str, Any]) -> int: ...


def symbol_for(number: int, doc_type: str, drafting_office: str = "VP") -> str:
    """Số, ký hiệu: "15/UBND-VP" for a công văn, "12/BC-UBND" for a report."""
    if doc_type not in TYPE_CODES:
        raise ValueError(f"unknown document type {doc_type!r}; one of: {', '.join(TYPE_CODES)}")
    code = TYPE_CODES[doc_type]
    return f"{number}/{code}-{AUTHORITY}" if code else f"{number}/{AUTHORITY}-{drafting_office}"


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def enter(office: OfficeScope, book: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Give the step's document the next number of its unit's book for this year and write the line.

    ``fields``: summary, counterpart, doc_type, document_date (ISO), symbol (incoming: the sender's),
    office (outgoing: the drafting office), detail, source_id (incoming: the outgoing entry delivered).
    """
    if book not in BOOKS:
        raise ValueError(f"unknown book {book!r}; one of: {', '.join(BOOKS)}")
    uow, unit, now = office.uow, office.dossier.handling_unit, office.runtime.clock.now()
    books = uow.books
    source = books.get(int(fields["source_id"])) if fields.get("source_id") else None
    if fields.get("source_id") and (source is None or source.book != "outgoing"):
        raise ValueError(f"the delivered document {fields['source_id']} is not an entry of the outgoing book")
    # the counter's stored key keeps its first name ("register:"), so numbering carries on across upgrades
    number = uow.counters.next(f"register:{unit.code}:{book}:{now.year}")
    doc_type = str(fields.get("doc_type") or ("Biên bản" if book == "minutes" else "Công văn"))
    symbol = (str(fields.get("symbol") or "") if book == "incoming"
              else symbol_for(number, doc_type, str(fields.get("office") or "VP")))
    entry = books.add(BookEntry(
        dossier_id=office.dossier.id, unit_id=unit.id, book=book, year=now.year, number=number, symbol=symbol,
        doc_type=doc_type, summary=str(fields.get("summary") or "")[:4000],
        counterpart=str(fields.get("counterpart") or "")[:300], document_date=_day(fields.get("document_date")),
        registered_at=now, detail=dict(fields.get("detail") or {}), source_id=source.id if source else None,
        registered_by_id=None if source else office.user_id,  # a delivered document enters itself
    ))
    if source is not None and source.document_id is not None:
        original = uow.documents.get(source.document_id)
        if original is None:
            raise NotFound("document.not_found")
        copy = uow.documents.keep(office.dossier.id, "van-ban-den", original.filename, original.content, now,
                                  signed_by_id=original.signed_by_id)
        entry.document_id = copy.id
    office.record("document.registered", {"book": book, "number": number, "symbol": symbol, "year": now.year})
    return {"entry_id": entry.id, "number": number, "symbol": symbol, "year": now.year}


def file(office: OfficeScope, entry_id: int, kind: str, filename: str, content: bytes, signed: bool = False) -> None:
    """Keep a PDF with the dossier as the document of a line of a book (the signed letter, the scan received)."""
    entry = _own_entry(office, entry_id)
    document = office.uow.documents.keep(office.dossier.id, kind, filename, content, office.runtime.clock.now(),
                                        signed_by_id=office.user_id if signed else None)
    entry.document_id = document.id


def link_upload(office: OfficeScope, entry_id: int, stored_name: str) -> None:
    """Make a file uploaded in an earlier form of this dossier the document of a line of a book."""
    entry = _own_entry(office, entry_id)
    for document in office.uow.documents.for_dossier(office.dossier.id):
        if document.filename == stored_name:
            entry.document_id = document.id
            return
    raise ValueError(f"no file {stored_name!r} was uploaded with this document")


def deliver(office: OfficeScope, entry_id: int, unit_codes: list[str]) -> list[str]:
    """Send a numbered, signed outgoing document to units of the system: each gets it as an incoming document
    (a new incoming process, registered in its book with the signed PDF). Returns the units' names."""
    entry = _own_entry(office, entry_id)
    if entry.book != "outgoing" or entry.document_id is None:
        raise Refusal("document.send_unsigned")
    books, sent = office.uow.books, []
    already = {e.unit_id for e in books.delivered_from(entry.id)}
    for code in dict.fromkeys(c for c in unit_codes if c):
        unit = office.uow.units.by_code(code)
        if unit is None:
            raise Refusal("document.unknown_recipient", unit=code)
        if unit.id == entry.unit_id:
            raise Refusal("document.sent_to_itself", unit=unit.name)
        if unit.id in already:
            continue  # delivered before: never twice
        office.start_process(INCOMING_PROCESS, code, {
            "delivered_from": entry.id, "sender": office.dossier.handling_unit.name,
            "sender_unit": office.dossier.handling_unit.code, "symbol": entry.symbol, "summary": entry.summary,
            "doc_type": entry.doc_type,
            "document_date": (entry.document_date or entry.registered_at.date()).isoformat()})
        sent.append(unit.name)
    entry.detail = {**entry.detail, "sent_at": office.runtime.clock.now().isoformat(),
                    "sent_to": [*entry.detail.get("sent_to", []), *sent]}
    office.record("document.sent", {"symbol": entry.symbol, "to": sent})
    return sent


def _own_entry(office: OfficeScope, entry_id: int) -> BookEntry:
    entry = office.uow.books.get(int(entry_id))
    if entry is None or entry.dossier_id != office.dossier.id:
        raise ValueError(f"book line {entry_id} does not belong to this document")
    return entry


# --- reading the books (the desk) ----------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryView:
    """One line of a book as the page prints it."""

    id: int
    number: int
    year: int
    symbol: str
    doc_type: str
    summary: str
    counterpart: str
    document_date: date | None
    registered_at: datetime
    dossier_id: int
    dossier_code: str | None
    finished: bool
    document_id: int | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BookView:
    """A unit's book for a year, filtered by the words searched."""

    unit_code: str
    unit_name: str
    book: str
    title: str
    year: int
    words: str
    entries: list[EntryView]
    units: list[tuple[str, str]]  # the reader's units, to switch between


def _view(entry: BookEntry) -> EntryView:
    return EntryView(entry.id, entry.number, entry.year, entry.symbol, entry.doc_type, entry.summary,
                     entry.counterpart, entry.document_date, entry.registered_at, entry.dossier_id,
                     entry.dossier.code, entry.dossier.finished_at is not None, entry.document_id,
                     dict(entry.detail or {}))


def book(runtime: Runtime, user_id: int, book: str, unit_code: str | None = None, year: int | None = None,
         words: str = "", locale: str = "vi") -> BookView:
    """A book of one of the reader's units (staff of the unit only: official correspondence is internal);
    words match the symbol, summary or correspondent, accents and case ignored."""
    if book not in BOOKS:
        raise NotFound("register.not_found", book=book)
    with runtime.uow() as uow:
        user = uow.users.require(user_id)
        mine = sorted({m.unit_id: m.unit for m in user.memberships}.values(), key=lambda u: u.name)
        if not mine:
            raise Forbidden("user.no_unit")
        unit = next((u for u in mine if u.code == unit_code), None) if unit_code else mine[0]
        if unit is None:
            raise Forbidden("register.not_your_unit", unit=unit_code)
        year = year or runtime.clock.now().year
        wanted = fold(words).split()
        entries = [_view(e) for e in uow.books.book(unit.id, book, year)
                   if all(w in fold(f"{e.symbol} {e.summary} {e.counterpart} {e.doc_type}") for w in wanted)]
        vi, en = BOOKS[book]
        return BookView(unit.code, unit.name, book, en if locale == "en" else vi, year, words, entries,
                        [(u.code, u.name) for u in mine])


def entries_of(runtime: Runtime, user_id: int, dossier_id: int) -> list[tuple[str, EntryView]]:
    """The book lines of a dossier the user may see (book, line), for its page."""
    with runtime.uow() as uow:
        user, dossier = uow.users.require(user_id), uow.dossiers.get(dossier_id)
        if dossier is None or not access.can_see(uow, user, dossier):
            raise NotFound("dossier.not_in_your_units", dossier=dossier_id)
        return [(e.book, _view(e)) for e in uow.books.for_dossier(dossier_id)]


# --- what a person may start from the desk -------------------------------------------------------------------

STARTS = (  # (process, the role holding its first step, Vietnamese label, English label)
    ("incoming_document", "clerical", "Vào sổ văn bản đến (văn bản giấy)", "Register a paper incoming document"),
    ("outgoing_document", "specialist", "Soạn thảo văn bản đi", "Draft an outgoing document"),
    ("meeting_minutes", "specialist", "Lập biên bản họp", "Record meeting minutes"),
)


@dataclass(frozen=True)
class Start:
    """A document process the reader may open in one of their units."""

    slug: str
    label: str
    unit_code: str
    unit_name: str


def startable(runtime: Runtime, user_id: int, locale: str = "vi") -> list[Start]:
    """The document processes the reader may open, by the role its first step needs in each of their units."""
    with runtime.uow() as uow:
        user = uow.users.require(user_id)
        return [Start(slug, en if locale == "en" else vi, m.unit.code, m.unit.name)
                for slug, role, vi, en in STARTS if slug in runtime.pack.procedures
                for m in sorted(user.memberships, key=lambda m: m.unit.name) if m.role == role]
