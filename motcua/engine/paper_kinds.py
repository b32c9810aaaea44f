"""The kinds of papers a pack knows (``paper_kinds.toml`` at its root) and the check that every paper and
signed result of a procedure names one of them.

A file with no kinds, or no file, leaves only ``other`` (single use), so a pack that says nothing about
digitised papers offers none for reuse::

    [kinds.marital_status_confirmation]
    title_vi = "Giấy xác nhận tình trạng hôn nhân"
    validity = "months"
    months = 6
    source = "Nghị định số 123/2015/NĐ-CP, Điều 23"
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from motcua.domain.papers import MONTHS, OTHER, SINGLE_USE, VALIDITIES, PaperKind
from motcua.domain.procedure import Procedure
from motcua.engine.problems import Problem, coded

FILENAME = "paper_kinds.toml"
FALLBACK = PaperKind(OTHER, "Giấy tờ khác", "Other paper", SINGLE_USE, "a paper no kind describes is not reused")


def read_paper_kinds(path: Path, problems: list[Problem]) -> dict[str, PaperKind]:
    """The declared kinds by name (``other`` always among them); problems are appended."""
    kinds = {OTHER: FALLBACK}
    if not path.is_file():
        return kinds
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(coded(FILENAME, "toml.invalid", detail=str(exc)))
        return kinds
    for name, entry in (data.get("kinds") or {}).items():
        if not isinstance(entry, dict) or not entry.get("title_vi") or not entry.get("source"):
            problems.append(coded(FILENAME, "paper_kinds.incomplete", kind=repr(name)))
            continue
        validity, months = str(entry.get("validity", "")), entry.get("months", 0)
        if validity not in VALIDITIES:
            problems.append(coded(FILENAME, "paper_kinds.bad_validity", kind=repr(name),
                                  validities=", ".join(VALIDITIES)))
            continue
        if validity == MONTHS and not (isinstance(months, int) and months > 0):
            problems.append(coded(FILENAME, "paper_kinds.bad_months", kind=repr(name)))
            continue
        kinds[name] = PaperKind(name, str(entry["title_vi"]), str(entry.get("title_en", "")), validity,
                                str(entry["source"]), int(months or 0))
    return kinds


def check_kinds(procedures: Iterable[Procedure], kinds: dict[str, PaperKind], problems: list[Problem]) -> None:
    """Refuse a procedure whose papers or result name a kind the pack does not declare."""
    for procedure in procedures:
        named: list[tuple[str, dict[str, str]]] = [
            (p.kind, {"vi": f"Giấy tờ {p.name[:60]!r}", "en": f"paper {p.name[:60]!r}"}) for p in procedure.papers]
        if procedure.result_kind:
            named.append((procedure.result_kind, {"vi": "Mục kind của [result_document]",
                                                  "en": "[result_document] kind"}))
        for kind, where in named:
            if kind not in kinds:
                problems.append(coded(f"processes/{procedure.slug}.toml", "paper_kinds.undeclared", where=where,
                                      kind=repr(kind), declaring=FILENAME, declared=", ".join(sorted(kinds))))
