"""`motcua catalogue import`: a province's procedure list becomes catalogue entries on a standard pattern.

Each procedure of the sheet becomes ``processes/<slug>.toml`` naming one of the frame's patterns, with the facts
the sheet states, ``sources`` pointing at its row, and every fact the sheet left blank or could only partly read
listed in ``unconfirmed`` (the public sheet shows the flag). Nothing is guessed: a row without a name, a field or
a readable time is refused with its row number, since an entry cannot run without them; a row without a code is
written with ``code = ""`` flagged (the pack accepts that while the code is looked for), and matched to an
earlier import by its name instead.

The pattern is chosen by one rule (``choose_pattern``), which ``--pattern`` overrides for the whole file:
1. decided by another authority (the "cơ quan thực hiện" names the land registration office, the police, tax,
   a provincial department or the province; or, with no such column, the level is the province's or above)
   → ``other_authority``, with ``competent_authority`` as the sheet names it (the commune is the reception point);
2. settled the day it is received ("Trong ngày", "Ngay trong ngày làm việc ...") → ``counter_same_day``;
3. otherwise → ``specialist_leader``. ``verified_by_other_unit`` is never chosen: no column says so.

An analyst's work is never overwritten. Each file the importer writes starts with the line
``# imported from FILE row N (sheet S), sha256=HASH``, HASH being the SHA-256 of everything after that line.
A file whose first line is not such a header (written by hand), or whose body no longer hashes to it (edited
since), is *kept* as it is; only a file still exactly as imported may be refreshed from a newer sheet.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import textwrap
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from motcua.domain.catalogue_cells import (
    CENTRAL,
    COMMUNE,
    PROVINCE,
    CellError,
    Code,
    TimeLimit,
    cell_text,
    decided_elsewhere,
    deciding_body,
    one_line,
    read_code,
    read_fee,
    read_legal_basis,
    read_level,
    read_papers,
    read_time,
    received_at_commune,
)
from motcua.domain.procedure import CHECKABLE_FACTS, Paper
from motcua.domain.text import fold
from motcua.messages import Said, render
from motcua.services.catalogue_sheet import SheetRead, SheetRow, read_workbook

PATTERNS = ("counter_same_day", "specialist_leader", "verified_by_other_unit", "other_authority")
HEADER = re.compile(r"^# imported from (?P<source>.+), sha256=(?P<hash>[0-9a-f]{64})$")
SLUG_LENGTH = 60
# The sheet's words for each fact, as ``sources`` says what a row confirmed.
SHEET_WORDS = {"code": "mã", "name_vi": "tên", "field": "lĩnh vực", "level": "cấp thực hiện",
               "competent_authority": "cơ quan thực hiện", "time": "thời hạn", "fee": "phí/lệ phí",
               "papers": "thành phần hồ sơ", "result": "kết quả", "legal_basis": "căn cứ pháp lý"}


@dataclass
class Entry:
    """One procedure ready to be written: its facts, and what the sheet left unconfirmed."""

    code: str
    name_vi: str
    field: str
    level: str
    pattern: str
    time: TimeLimit
    fee: str
    result: str
    legal_basis: list[str]
    papers: list[Paper]
    place: Said  # its row(s) of the sheet, in the reader's language (``where`` in English)
    competent_authority: str = ""
    # `field` names the procedure's field (lĩnh vực) here, so the dataclasses function is spelt out
    unconfirmed: list[str] = dataclasses.field(default_factory=list)
    confirmed: list[str] = dataclasses.field(default_factory=list)  # keys of SHEET_WORDS the row stated
    notes: list[str] = dataclasses.field(default_factory=list)
    pattern_reason: str = ""

    @property
    def where(self) -> str:
        """"row 5 (sheet Hộ tịch)", as the file's header and sources say it."""
        return str(self.place)


STATUS_WORDS = {"written": "sheet_import.written", "refreshed": "sheet_import.refreshed",
                "unchanged": "sheet_import.unchanged", "kept": "sheet_import.kept_status",
                "skipped": "sheet_import.skipped", "failed": "sheet_import.failed"}  # status: its words' code


@dataclass
class Outcome:
    """What became of one procedure of the sheet. ``status``: written, refreshed, unchanged (the file is already
    as the sheet says), kept (an analyst's file, left alone), skipped (not received at the commune), failed.
    ``place`` and ``said`` are words, rendered in the operator's language when the report is printed."""

    place: Said
    status: str
    said: Said | None = None
    path: Path | None = None
    content: str = ""

    @property
    def where(self) -> str:
        """The row(s) in English: "row 5 (sheet Hộ tịch)"."""
        return str(self.place)

    def text(self, locale: str = "en") -> str:
        """Why, or what was written, in ``locale`` ("" when there is nothing to add)."""
        return self.said.text(locale) if self.said else ""

    def line(self, locale: str = "en") -> str:
        """One line of the command's report, in ``locale``."""
        shown = f" processes/{self.path.name}" if self.path else ""
        why = self.text(locale)
        return render("sheet_import.outcome", {"where": self.place.text(locale), "file": shown,
                                               "status": render(STATUS_WORDS[self.status], {}, locale),
                                               "message": f": {why}" if why else ""}, locale)


@dataclass
class ImportReport:
    """Every procedure's outcome, in sheet order, and notes about whole sheets."""

    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[Said] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        """The rows that could not be read: the command exits 1 when there is any."""
        return [o for o in self.outcomes if o.status == "failed"]

    def counts(self) -> dict[str, int]:
        """How many procedures ended in each status."""
        counted: dict[str, int] = {}
        for outcome in self.outcomes:
            counted[outcome.status] = counted.get(outcome.status, 0) + 1
        return counted


def import_catalogue(workbook: Path, pack_root: Path, *, pattern: str | None = None, sheet: str | None = None,
                     dry_run: bool = False) -> ImportReport:
    """Read the workbook and write (or, with ``dry_run``, only say) what each of its procedures becomes."""
    if pattern is not None and pattern not in PATTERNS:
        raise ValueError(f"pattern {pattern!r} is not one of {', '.join(PATTERNS)}")
    read = read_workbook(workbook, sheet)
    processes = pack_root / "processes"
    existing = ExistingEntries.scan(processes)
    report = plan(read, workbook.name, existing, pattern)
    if not dry_run:
        processes.mkdir(parents=True, exist_ok=True)
        for outcome in report.outcomes:
            if outcome.status in ("written", "refreshed") and outcome.path is not None:
                _write(outcome.path, outcome.content)
    return report


@dataclass
class ExistingEntries:
    """The catalogue files already in ``processes/``: their codes, and which the importer may still refresh."""

    directory: Path
    by_key: dict[str, Path] = field(default_factory=dict)  # entry_key(code, name) -> file
    slugs: set[str] = field(default_factory=set)
    notes: list[Said] = field(default_factory=list)

    @classmethod
    def scan(cls, directory: Path) -> ExistingEntries:
        """Read every ``*.toml`` of the folder for its code; a file that does not parse is named in ``notes``."""
        found = cls(directory)
        for path in sorted(directory.glob("*.toml")) if directory.is_dir() else []:
            found.slugs.add(path.stem)
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                found.notes.append(Said("sheet_import.unparsable", file=path.name, detail=str(exc)))
                continue
            if "code" in data:
                found.by_key.setdefault(entry_key(str(data["code"]), str(data.get("name_vi", ""))), path)
        return found


def analyst_edited(text: str) -> Said | None:
    """Why a catalogue file must be kept as it is, or None when it is still exactly as the importer wrote it."""
    first, _, body = text.partition("\n")
    match = HEADER.match(first.rstrip("\r"))
    if match is None:
        return Said("sheet_import.by_hand")
    if hashlib.sha256(body.encode("utf-8")).hexdigest() != match.group("hash"):
        return Said("sheet_import.edited")
    return None


def plan(read: SheetRead, source: str, existing: ExistingEntries, pattern: str | None = None) -> ImportReport:
    """What each procedure of the sheet becomes, deciding files and slugs, without touching the disk."""
    report = ImportReport(notes=[*read.notes, *existing.notes])
    problems = sorted(read.problems, key=lambda p: (p.sheet, p.row))
    seen: dict[str, Said] = {}
    taken = set(existing.slugs)
    outcomes: list[tuple[tuple[str, int], Outcome]] = [
        ((p.sheet, p.row), Outcome(p.place(), "failed", p.said)) for p in problems]
    for row in read.procedures:
        key = (row.sheet, row.rows[0])
        try:
            entry = build_entry(row, read.headers[row.sheet].time_in_working_days, pattern)
        except CellError as exc:
            outcomes.append((key, Outcome(row.place(), "failed", exc.said)))
            continue
        except NotAtCommune as exc:
            outcomes.append((key, Outcome(row.place(), "skipped", exc.said)))
            continue
        wanted = entry_key(entry.code, entry.name_vi)
        if wanted in seen:
            other = seen[wanted].words()
            same = Said("sheet_import.same_code", code=entry.code, other=other) if entry.code else \
                Said("sheet_import.same_name", name=repr(entry.name_vi), other=other)
            outcomes.append((key, Outcome(row.place(), "failed", same)))
            continue
        seen[wanted] = row.place()
        outcomes.append((key, _decide(entry, source, existing, taken)))
    order = {sheet: i for i, sheet in enumerate(read.headers)}
    report.outcomes = [o for _, o in sorted(outcomes, key=lambda pair: (order.get(pair[0][0], 0), pair[0][1]))]
    return report


def _decide(entry: Entry, source: str, existing: ExistingEntries, taken: set[str]) -> Outcome:
    """Write a new file, refresh an unedited import, or keep an analyst's file."""
    content = render_entry(entry, source)
    path = existing.by_key.get(entry_key(entry.code, entry.name_vi))
    summary = Said("sheet_import.pattern_unconfirmed", pattern=entry.pattern, facts=", ".join(entry.unconfirmed)) \
        if entry.unconfirmed else Said("sheet_import.pattern", pattern=entry.pattern)
    if path is None:
        slug = unique_slug(entry.name_vi, entry.code, taken)
        taken.add(slug)
        return Outcome(entry.place, "written", summary, existing.directory / f"{slug}.toml", content)
    try:
        current = path.read_bytes().decode("utf-8")  # bytes as they are: an editor's CRLF is an edit too
    except UnicodeDecodeError:
        current = ""
    why = analyst_edited(current)
    if why is not None:
        same = {"vi": f"Mã {entry.code}", "en": f"code {entry.code}"} if entry.code else \
            {"vi": "Tên này (không có mã)", "en": "this name (no code)"}
        return Outcome(entry.place, "kept", Said("sheet_import.kept", entry=same, why=why.words()), path)
    if current.partition("\n")[2] == content.partition("\n")[2]:
        return Outcome(entry.place, "unchanged", summary, path)
    return Outcome(entry.place, "refreshed", summary, path, content)


class NotAtCommune(ValueError):
    """The list says the dossier is received elsewhere: not a procedure of the commune's one-stop desk."""

    def __init__(self, code: str, /, **params: object) -> None:
        self.said = Said(code, **params)
        super().__init__(str(self.said))


def build_entry(row: SheetRow, time_in_working_days: bool = False, pattern: str | None = None) -> Entry:
    """The catalogue facts of one procedure of the sheet; CellError when its name, field or time is unreadable."""
    code = read_code(row.first("code")) if one_line(row.text("code")) else Code("", False, "")
    name = one_line(cell_text(row.first("name")))
    if not name:
        raise CellError("sheet_import.no_name_for_code", code=code.code) if code.code else \
            CellError("sheet_import.no_name")
    time = read_time(row.first("time"), header_says_working_days=time_in_working_days)
    reception = row.text("reception")
    if not received_at_commune(reception):
        shown = one_line(reception)
        raise NotAtCommune("sheet_import.not_at_commune", place={"vi": f"“{shown}”", "en": repr(shown)})
    field_name = one_line(cell_text(row.first("field"))) or row.heading_field
    if not field_name:
        raise CellError("sheet_import.no_field")
    unconfirmed: list[str] = []
    confirmed = ["code", "name_vi", "field", "time"] if code.code else ["name_vi", "field", "time"]
    notes = list(time.notes)
    if not code.code:
        unconfirmed.append("code")
        notes.append("no code on the sheet: look it up in the national procedure database")
    elif not code.national:
        unconfirmed.append("code")
        notes.append(f"code {code.code!r} is not in the national database's form (1.001193)")
    elif code.written:
        notes.append(f"code on the sheet: {code.written!r}")
    if time.notes:
        unconfirmed.append("processing_hours" if time.hours is not None else "processing_days")

    level_text, authority_text = one_line(row.text("level")), row.text("authority")
    level = read_level(level_text)
    body = deciding_body(authority_text) if authority_text else ""
    elsewhere = decided_elsewhere(body) if body else level in (PROVINCE, CENTRAL)
    if level is None:
        try:
            level = read_level(body) if body else COMMUNE
        except CellError:
            level = PROVINCE if elsewhere else COMMUNE
        notes.append(f"level not given: {level}, read from " + (f"the deciding body {body!r}" if body else
                                                                  "the list being a commune's"))
    else:
        confirmed.append("level")
    competent = ""
    if elsewhere:
        competent = body or level_text
        confirmed.append("competent_authority")
        if not body:
            unconfirmed.append("competent_authority")
            notes.append(f"the sheet names no deciding body, only the level {level_text!r}")
    chosen, reason = choose_pattern(time, elsewhere, body or level_text)
    if pattern is not None:
        chosen, reason = pattern, f"set by --pattern (the rule would choose {chosen}: {reason})"
    if chosen == "other_authority" and not competent:
        unconfirmed.append("competent_authority")
        notes.append("--pattern other_authority, but the sheet names no other deciding body")

    fee_text = row.text("fee")
    fee = read_fee(row.first("fee")) if len(row.values.get("fee", [])) == 1 else one_line(fee_text)
    result = one_line(row.text("result"))
    legal = read_legal_basis(row.text("legal_basis"))
    papers_read = read_papers(row.text("papers"))
    for fact, value in (("fee", fee), ("result", result), ("legal_basis", legal), ("papers", papers_read.papers)):
        if value:
            confirmed.append(fact)
        else:
            unconfirmed.append(fact)
            notes.append(f"{SHEET_WORDS[fact]}: left blank on the sheet")
    if papers_read.uncounted:
        unconfirmed.append("papers")
        notes.append(f"the sheet does not say how many originals or copies of {len(papers_read.uncounted)} "
                     f"paper(s) (first: {papers_read.uncounted[0][:80]!r}): 0 written")
    if legal:
        notes.append("legal_basis as the sheet lists it: check that each document is in force after 1 July 2025")
    return Entry(code=code.code, name_vi=name, field=field_name, level=level or COMMUNE, pattern=chosen, time=time,
                 fee=fee, result=result, legal_basis=legal, papers=papers_read.papers, place=row.place(),
                 competent_authority=competent if chosen == "other_authority" else "",
                 unconfirmed=[f for f in CHECKABLE_FACTS if f in unconfirmed], confirmed=confirmed, notes=notes,
                 pattern_reason=reason)


def entry_key(code: str, name: str) -> str:
    """What identifies a procedure across imports: its code, or its folded name while it has none."""
    return code or f"name:{fold(name)}"


def choose_pattern(time: TimeLimit, elsewhere: bool, decider: str) -> tuple[str, str]:
    """The standard pattern the facts point to, and why (the module's docstring states the rule)."""
    if elsewhere:
        return "other_authority", f"decided by {decider!r}, the commune receives and returns"
    if time.same_day:
        return "counter_same_day", "settled the day it is received"
    return "specialist_leader", "decided by the commune, not on the same day"


def unique_slug(name: str, code: str, taken: Iterable[str]) -> str:
    """The file name from the procedure's name, ASCII-folded ("Đăng ký khai sinh" → dang_ky_khai_sinh); when
    taken, the code is added, then a number."""
    used = set(taken)
    words = re.sub(r"[^a-z0-9]+", "_", re.sub(r"^thu tuc\s+", "", fold(name))).strip("_")
    if len(words) > SLUG_LENGTH:
        words = words[:SLUG_LENGTH].rsplit("_", 1)[0]
    base = words or "thu_tuc"
    with_code = f"{base}_{re.sub(r'[^a-z0-9]+', '_', fold(code)).strip('_')}" if code else base
    candidates = [base, with_code, *(f"{with_code}_{n}" for n in range(2, 100))]
    return next(c for c in candidates if c not in used)


def render_entry(entry: Entry, source: str) -> str:
    """The catalogue file: the import header with the body's hash, then the body (comments, facts, papers)."""
    stated = ", ".join(SHEET_WORDS[f] for f in SHEET_WORDS if f in entry.confirmed)
    lines = _comment(
        f"Imported by `motcua catalogue import` from {source}, {entry.where}: a province's list in the columns of "
        "the national procedure database. Every fact below is as that row states it, except those named in "
        "`unconfirmed` (left blank there or read only in part); none was checked against dichvucong.gov.vn. "
        f"Pattern {entry.pattern}: {entry.pattern_reason}.")
    lines += _comment(*entry.notes, prefix="- ")
    lines += [f"code = {_str(entry.code)}", f"name_vi = {_str(entry.name_vi)}", f"field = {_str(entry.field)}",
              f"level = {_str(entry.level)}", f"pattern = {_str(entry.pattern)}"]
    if entry.time.hours is not None:
        lines.append(f"processing_hours = {entry.time.hours}")
    else:
        lines.append(f"processing_days = {entry.time.days}")
    if entry.time.same_day_until is not None:
        lines.append(f"same_day_until = {_str(entry.time.same_day_until.strftime('%H:%M'))}")
    lines += [f"fee = {_str(entry.fee)}", f"result = {_str(entry.result)}",
              f"legal_basis = {_list(entry.legal_basis)}",
              f"sources = {_list([f'{source} {entry.where} — {stated}'])}",
              f"unconfirmed = {_list(entry.unconfirmed)}"]
    if entry.competent_authority or entry.pattern == "other_authority":
        lines.append(f"competent_authority = {_str(entry.competent_authority)}")
    for paper in entry.papers:
        lines += ["", "[[papers]]", f"name = {_str(paper.name)}", f"originals = {paper.originals}",
                  f"copies = {paper.copies}", f"optional = {'true' if paper.optional else 'false'}"]
    body = "\n".join(lines) + "\n"
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return f"# imported from {source} {entry.where}, sha256={digest}\n{body}"


def _comment(*paragraphs: str, prefix: str = "") -> list[str]:
    wrapped: list[str] = []
    for paragraph in paragraphs:
        wrapped += textwrap.wrap(paragraph, 114, initial_indent=f"# {prefix}",
                                 subsequent_indent="# " + " " * len(prefix), break_on_hyphens=False)
    return wrapped


def _str(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and TOML also forbids a raw DEL."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _list(values: list[str]) -> str:
    if not values:
        return "[]"
    if len(values) == 1 and len(values[0]) < 80:
        return f"[{_str(values[0])}]"
    return "[\n" + "".join(f"  {_str(v)},\n" for v in values) + "]"


def _write(path: Path, content: str) -> None:
    """Write beside, then rename: a file is never left half-written."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content.encode("utf-8"))
    os.replace(temporary, path)

