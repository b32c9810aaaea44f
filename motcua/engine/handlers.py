"""Handlers: the Python a service task calls by its operator name.

A pack module marks functions with ``@handler("intake.receive")``; the loader
collects them into a HandlerRegistry for that pack, so there is no global
registry to leak between apps or tests. Required parameters are read from the
function's keyword-only arguments, which lets validation check a diagram's
service task before anything runs.

A handler refuses a step the person can put right by raising ``Refusal`` (re-exported here) with a code from
``motcua.messages``; the clerk reads its words in their language, never the exception's text.
"""
from __future__ import annotations

import hashlib
import importlib.util
import inspect
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from motcua.domain.calendar import WorkingCalendar
from motcua.domain.clock import Clock
from motcua.domain.dossier import DossierFacts
from motcua.domain.fees import FeeAssessment
from motcua.domain.procedure import Procedure
from motcua.domain.vietqr import BankAccount
from motcua.errors import Refusal as Refusal  # re-exported: what plug-ins raise to refuse a step

if TYPE_CHECKING:
    from motcua.documents.official import SignaturePlace

HandlerFunc = Callable[..., dict[str, Any] | None]
_MARK = "__motcua_operator__"


class Office(Protocol):
    """What the runtime does for a handler: numbering, hand-overs, documents, signatures, history.

    Two offices keep it: the live office of a step's transaction (``services.steps.LiveOffice``) and the
    office in memory (``engine.offline.OfflineOffice``) of dry runs, benchmarks and unit tests."""

    def record(self, kind: str, detail: dict[str, Any]) -> None:
        """Add a business event to the dossier's history."""

    def issue_code(self) -> str:
        """A new nationally unique dossier code."""

    def register_entry(self) -> int:
        """The next số thứ tự of the receiving unit's register of dossiers (sổ theo dõi hồ sơ) this year."""

    def transfer(self, unit_code: str, reason: str, comment: str = "") -> None:
        """Move the dossier to another unit; the control sheet gets a line."""

    def attach(self, kind: str, filename: str, content: bytes, signed: bool = False) -> None:
        """Keep a document issued for the dossier (a slip, a signed result)."""

    def issue_result(self, filename: str, pdf: bytes, approved: bool) -> None:
        """Keep the signed result as issued electronically; an approved one of a kind the catalogue names goes to
        the applicant's store of digitised papers (``services.digitisation``)."""

    def sign(self, pdf: bytes, reason: str, mark: SignaturePlace | None = None) -> bytes:
        """Sign a PDF with the acting user's certificate; with ``mark`` the signature field is visible over the
        signature mark the layout drew there."""

    def ask_remote_signature(self, pdf: bytes, reason: str) -> str:
        """Send a PDF to the acting leader's remote-signing service and keep what finishing it needs; returns at
        once with the provider's request id (the worker polls it and delivers the answer as a message)."""

    def finish_remote_signature(self, signature: bytes | None, refusal: str = "") -> bytes | None:
        """Settle the dossier's pending remote signature: the signed PDF, or None when the leader refused (or
        the value returned does not verify); the request is closed either way."""

    def lookup_url(self, code: str) -> str:
        """The public page where a citizen looks the dossier up (printed as a QR code)."""

    def unit_name(self, code: str) -> str:
        """A unit's display name."""

    def actor_name(self) -> str:
        """The full name of the user acting in this step."""

    def actor_title(self) -> str:
        """The acting user's title (chức danh: "Chủ tịch", "Phó Chủ tịch"); "" when none is recorded."""

    def issuing_body(self) -> tuple[str, str]:
        """The names of the unit handling the dossier and of the unit above it ("" when it has none)."""

    def escalate(self, level: str, step: str) -> None:
        """Mark the dossier's open step near due or overdue and tell the unit's leaders."""

    def enter_in_book(self, book: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Enter the dossier's document in one of its unit's books (incoming, outgoing, minutes): number,
        symbol."""

    def file_document(self, entry_id: int, kind: str, filename: str, content: bytes, signed: bool = False) -> None:
        """Keep a PDF with the dossier as the document of a line of a book."""

    def link_upload(self, entry_id: int, stored_name: str) -> None:
        """Make a file uploaded in an earlier form the document of a line of a book."""

    def deliver(self, entry_id: int, unit_codes: list[str]) -> list[str]:
        """Send a signed outgoing document to units, where each receives it as an incoming document."""

    def charge_fee(self, assessment: FeeAssessment) -> BankAccount | None:
        """Keep what the dossier owes in fees (assessed at intake) with it; returns the receiving unit's bank
        account for transfers, when its administrator has set one (the slip's VietQR)."""

    def notify(self, event: str, values: dict[str, str]) -> None:
        """Tell the citizen what happened (an event of ``engine.notices.EVENTS``, with that event's own values)
        by the channels they chose at intake, in the words of the pack's ``notices/<event>.toml``; sent later
        by the worker, never holding up the step."""


@dataclass
class HandlerContext:
    """What a handler may see and change: task data (read), the dossier facts, time, the office."""

    data: dict[str, Any]
    dossier: DossierFacts
    procedure: Procedure
    clock: Clock
    calendar: WorkingCalendar
    office: Office
    task_name: str = ""


@dataclass(frozen=True)
class Operator:
    """A registered handler with the parameter names it requires and accepts."""

    name: str
    func: HandlerFunc
    source: str
    required: frozenset[str] = field(default_factory=frozenset)
    accepted: frozenset[str] = field(default_factory=frozenset)
    open_ended: bool = False

    def call(self, ctx: HandlerContext, params: dict[str, Any]) -> dict[str, Any]:
        """Run the handler; its result must be a mapping merged into the task data."""
        result = self.func(ctx, **params)
        if result is None:
            return {}
        if not isinstance(result, dict):
            raise TypeError(f"handler {self.name!r} ({self.source}) returned {type(result).__name__}, not a dict")
        return result


def handler(name: str) -> Callable[[HandlerFunc], HandlerFunc]:
    """Mark a function as the handler for a service-task operator name."""

    def mark(func: HandlerFunc) -> HandlerFunc:
        setattr(func, _MARK, name)
        return func

    return mark


def _operator_for(func: HandlerFunc, name: str, source: str) -> Operator:
    params = list(inspect.signature(func).parameters.values())[1:]
    keyword = [p for p in params if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return Operator(
        name=name,
        func=func,
        source=source,
        required=frozenset(p.name for p in keyword if p.default is p.empty),
        accepted=frozenset(p.name for p in keyword),
        open_ended=any(p.kind == p.VAR_KEYWORD for p in params),
    )


class HandlerError(Exception):
    """The handlers folder cannot be loaded; the message names the file."""


class HandlerRegistry:
    """The operators of one pack, by name."""

    def __init__(self) -> None:
        self._operators: dict[str, Operator] = {}

    def add(self, func: HandlerFunc, source: str) -> None:
        """Register one marked function, refusing a second handler under the same name."""
        name = getattr(func, _MARK)
        if name in self._operators and self._operators[name].func is not func:
            raise HandlerError(
                f"{source}: operator {name!r} is already registered by {self._operators[name].source}"
            )
        self._operators[name] = _operator_for(func, name, source)

    def get(self, name: str) -> Operator | None:
        """Return the operator registered under a name, if any."""
        return self._operators.get(name)

    def names(self) -> list[str]:
        """All operator names, sorted (for the modeler's choice list and error hints)."""
        return sorted(self._operators)

    def operators(self) -> list[Operator]:
        """All operators, sorted by name (the modeler's palette shows what each requires)."""
        return [self._operators[name] for name in self.names()]

    @classmethod
    def load(cls, folder: Path) -> HandlerRegistry:
        """Import every module of a handlers folder and collect its marked functions."""
        registry = cls()
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            module = _import_file(path, folder)
            for _, func in inspect.getmembers(module, inspect.isfunction):
                if hasattr(func, _MARK) and func.__module__ == module.__name__:
                    registry.add(func, f"{folder.name}/{path.name}")
        return registry


def _package(folder: Path) -> str:
    """Register the handlers folder as a package, so its modules can share helpers by relative import."""
    name = f"motcua_pack_{hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]}"
    if name not in sys.modules:
        package = types.ModuleType(name)
        package.__path__ = [str(folder)]
        sys.modules[name] = package
    return name


def _import_file(path: Path, folder: Path) -> Any:
    module_name = f"{_package(folder)}.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise HandlerError(f"{path}: not an importable Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a broken plug-in must not take the runtime down with a bare traceback
        sys.modules.pop(module_name, None)
        raise HandlerError(f"{folder.name}/{path.name}: cannot be loaded: {type(exc).__name__}: {exc}") from exc
    return module
