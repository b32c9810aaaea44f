"""The cells of a province's procedure list, read as the national procedure database words them.

Provinces publish their lists (Quyết định công bố danh mục TTHC, exports of the national database and of their
own portals) as spreadsheets whose cells are prose written by people: "05 ngày làm việc kể từ ngày nhận đủ hồ
sơ", "Ngay trong ngày làm việc; trường hợp nhận hồ sơ sau 15 giờ thì ...", papers as "1. ...; 2. ..." in one cell.
Each function here turns one such cell into catalogue facts and says, in a ``notes`` list, what it could only
read partly, so the importer can flag the fact as unconfirmed instead of guessing. Nothing here reads a file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

from motcua.domain.procedure import Paper
from motcua.domain.text import fold
from motcua.messages import Said

NATIONAL_CODE = re.compile(r"^\s*([1-3]\.\d{6})(?:\.[0-9A-Za-z.]+)?\s*$")  # 1.001193, 1.001193.000.00.00.H12


class CellError(ValueError):
    """A cell the importer cannot turn into the fact its column holds; its words (``said``, a code of
    ``motcua.messages``) say what was there, in the reader's language; ``str()`` is the English."""

    def __init__(self, code: str, /, **params: object) -> None:
        self.said = Said(code, **params)
        super().__init__(str(self.said))


def _quoted(text: str) -> dict[str, str]:
    """A cell's text quoted the way each language's sentence quotes it."""
    return {"vi": f"“{text}”", "en": repr(text)}


def cell_text(value: object) -> str:
    """A cell's value as text: Excel's escaped carriage returns and non-breaking spaces undone, lines kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    """A multi-line cell as one line, its lines joined by "; " (names, fees, results)."""
    return "; ".join(part.rstrip(";").strip() for part in text.split("\n") if part.strip(" ;"))


@dataclass(frozen=True)
class Code:
    """A procedure code as the catalogue keys it, and whether it has the national database's form."""

    code: str
    national: bool
    written: str  # as the sheet wrote it, when that differs ("1.001193.000.00.00.H12"), else ""


def read_code(value: object) -> Code:
    """"1.001193" from "1.001193", from "1.001193.000.00.00.H12" (the provinces' portals add the agency's
    part) or from a cell Excel turned into the number 1.001193; a code of another form is kept as written and
    said not to be national (nothing here checks it against the national database)."""
    if isinstance(value, float):
        return Code(f"{value:.6f}", True, "")  # Excel reads 1.000900 as the number 1.0009: six decimals undo it
    text = one_line(cell_text(value))
    if not text:
        raise CellError("cell.no_code")
    match = NATIONAL_CODE.match(text)
    if match:
        return Code(match.group(1), True, "" if match.group(1) == text else text)
    return Code(text, False, "")


@dataclass(frozen=True)
class TimeLimit:
    """The statutory time of a procedure as the catalogue holds it, and what the cell left uncertain."""

    days: int | None = None
    hours: int | None = None
    same_day_until: time | None = None
    notes: tuple[str, ...] = ()

    @property
    def same_day(self) -> bool:
        """Settled the day it is received (possibly the next working day when received late)."""
        return self.days == 0 and self.hours is None


_SAME_DAY = re.compile(r"\b(?:trong ngay|ngay khi nhan|ngay sau khi nhan|giai quyet ngay)\b")
_DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ngay lam viec|ngay|gio lam viec|gio|thang|nam|tuan)\b")
_CUTOFF = re.compile(r"(?:sau|tu|qua|truoc)\s+(\d{1,2})\s*(?:gio|h)\s*(?:(\d{2})\s*(?:phut)?)?")
_DAY_WORKING = {"ngay lam viec": True, "ngay": False}


def read_time(value: object, *, header_says_working_days: bool = False) -> TimeLimit:
    """"05 ngày làm việc" → 5 working days; "Trong ngày; nhận sau 15 giờ thì ..." → the same day until 15:00;
    "04 giờ làm việc" → 4 working hours. "Không quá 10 ngày" (days not said to be working days), a second time
    for some cases, or half days are read and noted; months, dates and prose without a time are refused."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)  # "05" typed as text in a "(ngày làm việc)" column
    if isinstance(value, int | float) and not isinstance(value, bool):
        days = float(value)
        assumed = () if header_says_working_days else (f"time {cell_text(value)!r}: a bare number, taken as working "
                                                       "days (the column does not say)",)
        if not days.is_integer() or days < 0:
            raise CellError("cell.days_not_whole", value=_quoted(cell_text(value)))
        return TimeLimit(days=int(days), notes=assumed)
    raw = one_line(cell_text(value))
    if not raw:
        raise CellError("cell.no_time")
    text = fold(raw)
    cutoffs = list(_CUTOFF.finditer(text))
    durations = [m for m in _DURATION.finditer(text)
                 if not any(c.start() <= m.start() < c.end() for c in cutoffs)
                 and not text[:m.start()].rstrip().endswith(("ngay", "thang"))]  # "ngày 01 tháng 9" is a date
    same_day = _SAME_DAY.search(text)
    notes: list[str] = []
    if same_day and (not durations or same_day.start() < durations[0].start()):
        until = None
        for cut in cutoffs:
            hour, minute = int(cut.group(1)), int(cut.group(2) or 0)
            if hour < 24 and minute < 60:
                until = time(hour, minute)
                break
        if durations:
            notes.append(f"time {raw!r} also gives {durations[0].group(0)} for some cases; the same day was taken")
        return TimeLimit(days=0, same_day_until=until, notes=tuple(notes))
    if not durations:
        raise CellError("cell.time_no_number", value=_quoted(raw))
    first = durations[0]
    amount, unit = float(first.group(1).replace(",", ".")), first.group(2)
    if unit in ("thang", "nam", "tuan"):
        raise CellError("cell.time_in_months", value=_quoted(raw))
    if len({m.group(0) for m in durations}) > 1:
        notes.append(f"time {raw!r} gives more than one time; the first, {first.group(0)}, was taken")
    if unit.startswith("gio"):
        if unit == "gio":
            notes.append(f"time {raw!r}: hours not said to be working hours, taken as working hours")
        if not amount.is_integer():
            raise CellError("cell.hours_not_whole", value=_quoted(raw))
        return TimeLimit(hours=int(amount), notes=tuple(notes))
    if not _DAY_WORKING[unit] and not header_says_working_days:
        notes.append(f"time {raw!r}: days not said to be working days, taken as working days")
    if not amount.is_integer():
        notes.append(f"time {raw!r}: {first.group(1)} days taken as {round(amount * 8)} working hours "
                     "(8-hour working day)")
        return TimeLimit(hours=round(amount * 8), notes=tuple(notes))
    return TimeLimit(days=int(amount), notes=tuple(notes))


_NO_FEE = {"khong", "khong co", "khong thu", "khong thu phi", "khong co phi", "khong co phi le phi", "0",
           "0 dong", "khong phi", "khong co le phi", "khong thu phi le phi"}


def read_fee(value: object) -> str:
    """The fee as published; the ways of saying there is none become "Không", a bare number "8.000 đồng"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == 0:
            return "Không"
        whole = int(value) if float(value).is_integer() else value
        return f"{whole:,} đồng".replace(",", ".") if isinstance(whole, int) else f"{value} đồng"
    text = one_line(cell_text(value))
    return "Không" if fold(text).strip(" .;") in _NO_FEE else text


_ITEM_START = re.compile(r"(?:^|(?<=[;.:]))\s*(?:\d{1,2}|[a-zđ])[.)]\s+(?=\S)")
_BULLET = re.compile(r"^\s*(?:[-+•*–]\s*|\d{1,2}[.)]\s*|[a-zđ]\)\s*|[a-zđ]\.\s+)")
_WORD_COUNT = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5}
_COUNT = r"(\d{1,2}|mot|hai|ba|bon|nam)"


def items(value: object) -> list[str]:
    """A cell holding a list, one item each: lines, "1. ...; 2. ..." or "a) ..." items, bullets ("-", "+")."""
    found: list[str] = []
    for line in cell_text(value).split("\n"):
        starts = [m.start() for m in _ITEM_START.finditer(line)] or [0]
        pieces = [line[a:b] for a, b in zip([0, *starts], [*starts, len(line)], strict=True)]
        for piece in pieces:
            piece = _BULLET.sub("", piece).strip(" ;,")
            if piece:
                found.append(piece)
    return found


def _count(folded: str, kinds: str) -> int | None:
    """How many of a kind ("ban chinh|ban goc", "ban sao") a paper's text asks for: a number with the kind
    anywhere ("01 bản chính", "Bản sao: 2"), else 1 when the paper is named as that kind ("Bản sao giấy ...",
    "... (bản chính)", "...: bản sao"), else None: "chứng thực bản sao" in the middle of a name is no count."""
    kind = f"(?:{kinds})"
    for pattern in (rf"\b{_COUNT}\s*(?:\(\w+\)\s*)?{kind}\b", rf"\b{kind}\s*[:=]\s*{_COUNT}\b",
                    rf"\b{kind}\s*\(?\s*{_COUNT}\s*ban\b"):
        match = re.search(pattern, folded)
        if match:
            word = match.group(1)
            return int(word) if word.isdigit() else _WORD_COUNT[word]
    named = rf"^(?:xuat trinh\s+|nop\s+)?{kind}\b|\(\s*{kind}\s*\)|[:–-]\s*{kind}\s*\.?$"
    return 1 if re.search(named, folded) else None


_OPTIONAL = re.compile(r"\(neu\b|\bneu co\b|\btruong hop\b")  # "nếu không có thì ..." is an alternative, not optional
_NOT_A_PAPER = re.compile(r"^(?:so luong|so bo ho so)\b")


@dataclass
class PapersRead:
    """The papers of a dossier read from its cell, and those whose counts the cell does not state."""

    papers: list[Paper] = field(default_factory=list)
    uncounted: list[str] = field(default_factory=list)


def read_papers(value: object) -> PapersRead:
    """Papers from a "thành phần hồ sơ" cell. Counts come from the paper's words ("01 bản chính", "bản sao",
    "Bản chính: 1"); a paper under a heading that says it is shown ("Giấy tờ phải xuất trình:") is one original;
    "bản chính hoặc bản sao" without numbers, or no word at all, leaves the counts at 0 and the paper named in
    ``uncounted``. Headings ending in ":" and "Số lượng hồ sơ: 01 bộ" are not papers."""
    read = PapersRead()
    shown = False
    for item in items(value):
        folded = fold(item)
        if _NOT_A_PAPER.match(folded):
            continue
        if item.endswith(":"):
            shown = "xuat trinh" in folded
            continue
        originals, copies = _count(folded, "ban chinh|ban goc"), _count(folded, "ban sao")
        either = " hoac " in folded and re.search(r"\bban (?:chinh|goc)\b", folded) and "ban sao" in folded
        if either and not re.search(rf"\b{_COUNT}\s*ban (?:chinh|sao)\b", folded):
            read.uncounted.append(item)  # the citizen may bring either: the sheet does not say how many of which
            originals = copies = None
        elif originals is None and copies is None and (shown or folded.startswith("xuat trinh")):
            originals = 1
            item = item if "xuat trinh" in folded else f"{item} (xuất trình)"
        elif originals is None and copies is None:
            read.uncounted.append(item)
        read.papers.append(Paper(name=item, originals=originals or 0, copies=copies or 0,
                                 optional=bool(_OPTIONAL.search(folded))))
    return read


def read_legal_basis(value: object) -> list[str]:
    """The legal documents of a "căn cứ pháp lý" cell, one per line, numbered item or ";"-separated part."""
    found: list[str] = []
    for item in items(value):
        found.extend(part.strip(" ,.") for part in item.split(";") if part.strip(" ,."))
    return list(dict.fromkeys(found))


COMMUNE = "commune"
PROVINCE = "province"
CENTRAL = "central"
_OTHER_BODIES = re.compile(
    r"\b(?:van phong dang ky dat dai|chi nhanh van phong dang ky|cong an|co quan thue|chi cuc thue|cuc thue|"
    r"thue co so|bao hiem xa hoi|toa an|vien kiem sat|chi huy quan su|ubnd (?:cap )?tinh|"
    r"uy ban nhan dan (?:cap )?tinh|cap tinh|ngan hang chinh sach|kho bac)\b")
_COMMUNE_BODIES = re.compile(r"\b(?:xa(?! hoi)|(?<!dia )phuong(?! an| thuc| tien| phap)|dac khu|thi tran)\b")
_PROVINCIAL_DEPARTMENT = re.compile(r"(?:^|\W)(?:Sở|SỞ)\s+\w")  # "Sở Tư pháp", not "cơ sở"


def _is_other_body(text: str) -> bool:
    return bool(_OTHER_BODIES.search(fold(text)) or _PROVINCIAL_DEPARTMENT.search(text))


def read_level(value: object) -> str | None:
    """"Cấp xã" → commune, "Cấp tỉnh" → province, "Cấp bộ"/"Trung ương" → central; a cell naming several
    levels is commune when the commune is one of them. "Cấp huyện" is refused: that level was abolished on
    1 July 2025 and who decides now must be read from the current list."""
    text = fold(one_line(cell_text(value)))
    if not text:
        return None
    if _COMMUNE_BODIES.search(text):
        return COMMUNE
    if re.search(r"\btinh\b|thanh pho truc thuoc", text):
        return PROVINCE
    if re.search(r"\b(?:bo|trung uong|chinh phu)\b", text):
        return CENTRAL
    if re.search(r"\bhuyen\b|\bquan\b|thi xa", text):
        raise CellError("cell.district_level", value=_quoted(one_line(cell_text(value))))
    raise CellError("cell.no_level", value=_quoted(one_line(cell_text(value))))


def deciding_body(value: object) -> str:
    """The body that decides, from a "cơ quan thực hiện" cell: what follows "thẩm quyền quyết định:" when the
    cell says so (the national database's wording), else its first line or ";"-part."""
    parts = [p.strip(" .") for line in cell_text(value).split("\n") for p in line.split(";") if p.strip(" .")]
    for part in parts:
        if "tham quyen quyet dinh" in fold(part) and ":" in part:
            return part.split(":", 1)[1].strip(" .")
    return parts[0] if parts else ""


def decided_elsewhere(body: str) -> bool:
    """True when the body named is not the commune's own (land registration office, police, tax, a provincial
    department or the province's people's committee); the commune's committee and its chair are its own."""
    return bool(body) and _is_other_body(body)


def received_at_commune(value: object) -> bool:
    """A "địa điểm thực hiện / nơi tiếp nhận" cell that names the commune (or says nothing) means the commune's
    one-stop desk receives the dossier."""
    text = fold(one_line(cell_text(value)))
    return not text or bool(_COMMUNE_BODIES.search(text))
