"""Handler contexts without a database: for benchmarks, unit tests and dry runs of a diagram.

Codes are numbered in memory, events and documents are kept in lists, and a
transfer only moves the dossier's handling unit. The books of official documents
number their lines in memory; a delivered document and a notice to the citizen are only noted. Signing needs keys, so it
is done by the function given, or refused with a clear message; a remote
signature is "answered" by that same function.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import TYPE_CHECKING, Any

from motcua.domain.calendar import WorkingCalendar
from motcua.domain.clock import Clock
from motcua.domain.dossier import DossierFacts
from motcua.domain.fees import FeeAssessment
from motcua.domain.procedure import Procedure
from motcua.domain.vietqr import BankAccount
from motcua.engine.handlers import HandlerContext, Office
from motcua.engine.notices import check_values

if TYPE_CHECKING:
    from motcua.documents.official import SignaturePlace


@dataclass
class OfflineOffice:
    """The Office protocol in memory (mypy checks it keeps the whole protocol: see offline_contexts)."""

    facts: DossierFacts
    clock: Clock
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    documents: list[tuple[str, str, bytes]] = field(default_factory=list)
    sign_with: Callable[[bytes, str], bytes] | None = None
    remote_pending: tuple[bytes, str] | None = None  # the PDF sent for a remote signature, and why

    entries: list[dict[str, Any]] = field(default_factory=list)
    fees: list[FeeAssessment] = field(default_factory=list)  # what intake charged
    notices: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # what the citizen was told
    bank_account: BankAccount | None = None

    def __post_init__(self) -> None:
        self._numbers = count(1)
        self._register = count(1)

    def record(self, kind: str, detail: dict[str, Any]) -> None:
        self.events.append((kind, detail))

    def issue_code(self) -> str:
        return f"{self.facts.receiving_unit}-{self.clock.now():%y%m%d}-{next(self._numbers):04d}"

    def register_entry(self) -> int:
        return next(self._register)

    def transfer(self, unit_code: str, reason: str, comment: str = "") -> None:
        self.record("dossier.transferred", {"from": self.facts.handling_unit, "to": unit_code, "reason": reason})
        self.facts.handling_unit = unit_code

    def attach(self, kind: str, filename: str, content: bytes, signed: bool = False) -> None:
        self.documents.append((kind, filename, content))

    def issue_result(self, filename: str, pdf: bytes, approved: bool) -> None:
        self.attach("ket-qua", filename, pdf, signed=True)

    def sign(self, pdf: bytes, reason: str, mark: SignaturePlace | None = None) -> bytes:
        if self.sign_with is None:
            raise RuntimeError("signing needs keys: give OfflineOffice a sign_with function")
        return self.sign_with(pdf, reason)

    def ask_remote_signature(self, pdf: bytes, reason: str) -> str:
        self.remote_pending = (pdf, reason)
        return "offline"

    def finish_remote_signature(self, signature: bytes | None, refusal: str = "") -> bytes | None:
        if self.remote_pending is None:
            raise RuntimeError("no remote signature was asked for in this dossier")
        pdf, reason = self.remote_pending
        self.remote_pending = None
        return None if refusal or signature is None else self.sign(pdf, reason)

    def lookup_url(self, code: str) -> str:
        return f"http://localhost/tra-cuu?ma={code}"

    def unit_name(self, code: str) -> str:
        return code

    def actor_name(self) -> str:
        return "offline"

    def actor_title(self) -> str:
        return ""

    def issuing_body(self) -> tuple[str, str]:
        return self.unit_name(self.facts.handling_unit), ""

    def escalate(self, level: str, step: str) -> None:
        self.record(f"sla.{level}", {"step": step})

    def enter_in_book(self, book: str, fields: dict[str, Any]) -> dict[str, Any]:
        number = 1 + sum(1 for e in self.entries if e["book"] == book)
        year = self.clock.now().year
        symbol = str(fields.get("symbol") or f"{number}/{fields.get('office') or 'VP'}")
        self.entries.append({"book": book, "number": number, "symbol": symbol, "fields": dict(fields),
                             "documents": []})
        self.record("document.registered", {"book": book, "number": number, "symbol": symbol, "year": year})
        return {"entry_id": len(self.entries), "number": number, "symbol": symbol, "year": year}

    def file_document(self, entry_id: int, kind: str, filename: str, content: bytes, signed: bool = False) -> None:
        self._entry(entry_id)["documents"].append(filename)
        self.attach(kind, filename, content, signed)

    def link_upload(self, entry_id: int, stored_name: str) -> None:
        self._entry(entry_id)["documents"].append(stored_name)

    def deliver(self, entry_id: int, unit_codes: list[str]) -> list[str]:
        entry = self._entry(entry_id)
        if entry["book"] != "outgoing" or not entry["documents"]:
            raise ValueError("only a signed outgoing document can be sent")
        units = [self.unit_name(code) for code in dict.fromkeys(c for c in unit_codes if c)]
        self.record("document.delivered", {"entry": entry_id, "to": units})
        return units

    def charge_fee(self, assessment: FeeAssessment) -> BankAccount | None:
        self.fees.append(assessment)
        return self.bank_account

    def notify(self, event: str, values: dict[str, str]) -> None:
        check_values(event, values)
        self.notices.append((event, values))

    def _entry(self, entry_id: int) -> dict[str, Any]:
        if not 1 <= int(entry_id) <= len(self.entries):
            raise ValueError(f"no book entry {entry_id} in this dossier")
        return self.entries[int(entry_id) - 1]


def offline_contexts(procedure: Procedure, facts: DossierFacts, clock: Clock,
                     calendar: WorkingCalendar | None = None,
                     office: OfflineOffice | None = None) -> Callable[[Any], HandlerContext]:
    """A ``context_for`` callable for ProcessRunner.start/complete that needs no store."""
    handed: Office = office or OfflineOffice(facts, clock)  # the type checker holds the offline office to Office
    calendar = calendar or WorkingCalendar()

    def context_for(task: Any) -> HandlerContext:
        return HandlerContext(data=dict(task.data), dossier=facts, procedure=procedure, clock=clock,
                              calendar=calendar, office=handed,
                              task_name=task.task_spec.bpmn_name or task.task_spec.bpmn_id)

    return context_for
