"""An administrative procedure (thủ tục hành chính) as the public catalogue states it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from motcua.domain.fees import FeeSchedule
from motcua.domain.text import fold


@dataclass(frozen=True)
class Paper:
    """One required paper of a dossier, with how many originals and copies are asked for."""

    name: str
    originals: int = 0
    copies: int = 0
    optional: bool = False
    kind: str = "other"  # what it is across procedures (paper_kinds.toml): how long a digitised copy may be reused

    @property
    def marked_optional(self) -> bool:
        """True when the page should add "(nếu có)": optional, and the catalogue's name does not say so already."""
        return self.optional and "nếu có" not in self.name.casefold()


@dataclass(frozen=True)
class StepDeadline:
    """A step's internal time quota: the leader is warned when ``near`` has passed and again at ``late``.

    Written once per procedure in its TOML (``[steps.<task id>]``) and added to the compiled diagram as
    non-interrupting boundary timers, so no diagram draws the same four escalation elements per step.
    """

    task: str
    near: str
    late: str


# The catalogue facts a sheet may flag as not confirmed against a primary public source.
CHECKABLE_FACTS = ("code", "name_vi", "processing_days", "processing_hours", "fee", "papers", "result",
                   "legal_basis", "competent_authority")


@dataclass(frozen=True)
class Procedure:
    """Catalogue facts of one procedure, loaded from ``processes/<slug>.toml``."""

    slug: str
    code: str
    name_vi: str
    name_en: str
    field: str
    level: str
    diagram: str
    process_id: str
    processing_days: int | None
    processing_hours: int | None
    fee: str
    result: str
    legal_basis: tuple[str, ...] = ()
    papers: tuple[Paper, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    same_day_until: time | None = None
    kind: str = "service"
    pattern: str = ""  # a standard pattern of the one-stop frame, when the procedure draws no diagram of its own
    unconfirmed: tuple[str, ...] = ()  # facts not confirmed against a primary public sheet (CHECKABLE_FACTS)
    competent_authority: str = ""  # who decides, when the commune is only the reception point
    result_title: str = ""  # the title printed on the signed result
    result_kind: str = ""  # the paper kind the signed result is (paper_kinds.toml); "" keeps it out of the store
    forms: tuple[tuple[str, str], ...] = ()  # (task id, form file): the procedure's own form for a shared step
    steps: tuple[StepDeadline, ...] = ()
    parameters: tuple[tuple[str, str, str], ...] = ()  # (task id, parameter, expression) for a shared step
    fees: FeeSchedule | None = None  # the fee schedule intake computes from the form (``[fees]``), if any

    def form_for(self, task: str) -> str | None:
        """The form this procedure gives a shared step (the reception's ``receive``), if it gives one."""
        return dict(self.forms).get(task)

    def is_unconfirmed(self, fact: str) -> bool:
        """True when the catalogue says this fact could not be confirmed on a primary public sheet."""
        return fact in self.unconfirmed

    @property
    def is_public_service(self) -> bool:
        """Administrative procedures are listed publicly, reported to the portal and counted in the reports;
        the pack's other processes (official documents, meetings, 1022 feedback) run on the same runtime."""
        return self.kind == "service"

    def name(self, locale: str) -> str:
        """The procedure's name in the reader's language (Vietnamese is authoritative)."""
        return self.name_en if locale == "en" and self.name_en else self.name_vi

    def search_text(self) -> str:
        """Everything a citizen may search by, folded: names, code, field, tags, papers."""
        return fold(" ".join([self.slug, self.code, self.name_vi, self.name_en, self.field, *self.tags]))

    def matches(self, query: str) -> bool:
        """True when every word of the query occurs, accents and case ignored ("dang ky khai sinh")."""
        text = self.search_text()
        return all(word in text for word in fold(query).split())

    def time_limit(self) -> tuple[str, int | float | None]:
        """How the statutory time reads: ("days", n), ("hours", n) or ("same_day", None)."""
        if self.processing_hours is not None:
            return "hours", self.processing_hours
        if not self.processing_days:
            return "same_day", None
        return "days", self.processing_days
