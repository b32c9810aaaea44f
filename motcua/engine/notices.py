"""The words of the notices a citizen is sent by e-mail and SMS, as pack data: ``notices/<event>.toml``.

A handler tells the citizen what happened with ``ctx.office.notify(event, values)``; the runtime fills the
pack's template for that event and queues it for the channels the citizen chose at intake. One file per event,
in Vietnamese, with plain ``{{ name }}`` placeholders (the syntax of a task's instructions; no template
language is run)::

    # notices/received.toml: sent when the dossier is received (intake.receive)
    subject = "Hồ sơ {{ code }} đã được tiếp nhận"
    email = \"\"\"Kính gửi ông/bà {{ applicant_name }}, ...\"\"\"
    sms = "Ho so {{ code }} da duoc tiep nhan, hen tra {{ due_date }}."

Every template may use the dossier's placeholders (``COMMON``) and its event's own (``EVENTS``); anything else
is refused by ``motcua validate`` naming the file, its line and the placeholder. The SMS must fit one message
(``SMS_LIMIT`` characters without diacritics) with typical values; the free text a clerk types (a request, a
reason) is cut to the room left when the notice is written, so a long one never splits the SMS.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from motcua.domain.text import strip_accents
from motcua.engine.forms import PLACEHOLDER, fill_instructions
from motcua.engine.problems import Problem, coded

FOLDER = "notices"
SMS_LIMIT = 160  # one GSM-7 message; Vietnamese SMS are usually sent without diacritics to fit it
# What every notice may say about its dossier, with the typical values the SMS length is checked with.
COMMON = {"code": "000.00.06.H56-251203-0001", "applicant_name": "Nguyễn Thị Hoa",
          "procedure": "Đăng ký biến động đất đai", "unit": "Phường Long An", "received_date": "03/12/2025",
          "due_date": "17/12/2025", "lookup_url": "https://dichvucong.example.gov.vn/tra-cuu?ma=000.00.06.H56-251203-0001"}
# The events a citizen is told of, and what each adds (the handler that sends it gives these values).
EVENTS: dict[str, dict[str, str]] = {
    "received": {},  # intake.receive: the receipt and appointment (Mẫu số 01)
    "supplement": {"request": "Bản sao giấy chứng nhận quyền sử dụng đất"},  # intake/processing: Mẫu số 02
    "result_ready": {"return_place": "Bộ phận Một cửa, Phường Long An"},  # result.check_deadline
    "apology": {"reason": "Chờ ý kiến cơ quan thuế", "new_date": "24/12/2025"},  # result.apologize: Mẫu số 04
    "stopped": {"reason": "Công dân rút hồ sơ"},  # stopping.stop: Mẫu số 05
}
FREE_TEXT = frozenset({"request", "reason", "return_place", "applicant_name", "procedure"})  # cut to fit an SMS
PARTS = ("subject", "email", "sms")
OPENING = re.compile(r"\{\{")
CUT = "..."


@dataclass(frozen=True)
class NoticeText:
    """The words of one event's notice: an e-mail's subject and body, and an SMS; as the pack writes them, or
    filled for one dossier (what is kept with it and sent)."""

    event: str
    subject: str
    email: str
    sms: str


def placeholders(event: str) -> dict[str, str]:
    """The placeholders a notice of ``event`` may use, with typical values."""
    return {**COMMON, **EVENTS[event]}


def fill(template: NoticeText, values: dict[str, str]) -> NoticeText:
    """The notice for one dossier; the SMS's free text is cut (with "...") so the whole fits ``SMS_LIMIT``."""
    subject = " ".join(fill_instructions(template.subject, values).split())  # a header is one line
    return NoticeText(template.event, subject, fill_instructions(template.email, values),
                        fill_instructions(template.sms, _fitted(template.sms, values)).strip())


def _fitted(sms: str, values: dict[str, str]) -> dict[str, str]:
    """The values with the free text shortened to share what room the SMS leaves."""
    used = [name for name in dict.fromkeys(m.group(1) for m in PLACEHOLDER.finditer(sms)) if name in FREE_TEXT]
    fixed = len(fill_instructions(sms, {**values, **dict.fromkeys(used, "")}).strip())
    room = max(SMS_LIMIT - fixed, 0) // max(len(used), 1)
    return {**values, **{name: _cut(values.get(name, ""), room) for name in used}}


def _cut(text: str, room: int) -> str:
    """The text on one line, cut to ``room`` characters with "..." (GSM-7 has no "…": it would make the SMS
    Unicode, 70 characters a message)."""
    text = " ".join(text.split())
    return text if len(text) <= room else text[: max(room - len(CUT), 0)].rstrip() + CUT


def read_notices(folder: Path, problems: list[Problem]) -> dict[str, NoticeText]:
    """The pack's notice templates by event (none when the folder is absent: then nobody is notified);
    problems are appended, each naming the file and line."""
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.glob("*.toml")):
        template = _read(path, f"{FOLDER}/{path.name}", problems)
        if template is not None:
            found[template.event] = template
    return found


def _read(path: Path, shown: str, problems: list[Problem]) -> NoticeText | None:
    event = path.stem
    if event not in EVENTS:
        problems.append(coded(shown, "notice.unknown_event", line=1, event=repr(event),
                              files=", ".join(f"{e}.toml" for e in EVENTS)))
        return None
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        problems.append(coded(shown, "toml.not_utf8", line=1))
        return None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        problems.append(coded(shown, "toml.invalid", line=int(found.group(1)) if found else 1, detail=str(exc)))
        return None
    before = len(problems)
    for key in sorted(set(data) - set(PARTS)):
        problems.append(coded(shown, "notice.unknown_part", line=_line_of(text, key), key=repr(key),
                              parts=", ".join(PARTS)))
    for part in PARTS:
        if not isinstance(data.get(part), str) or not data[part].strip():
            problems.append(coded(shown, "notice.part_missing", line=_line_of(text, part) or 1, part=repr(part)))
    if len(problems) > before:
        return None
    template = NoticeText(event, data["subject"].strip(), data["email"].strip() + "\n", data["sms"].strip())
    problems.extend(_check(template, text, shown))
    return None if len(problems) > before else template


def _check(template: NoticeText, text: str, shown: str) -> list[Problem]:
    """Placeholders the event has, written whole; an SMS that fits one message with typical values."""
    allowed = placeholders(template.event)
    found = []
    for part in PARTS:
        value = getattr(template, part)
        line = _line_of(text, part)
        whole = {m.start() for m in PLACEHOLDER.finditer(value)}
        for opening in OPENING.finditer(value):
            if opening.start() not in whole:
                found.append(coded(shown, "notice.unclosed", line=line, part=part,
                                   start=repr(value[opening.start():][:20])))
        for match in PLACEHOLDER.finditer(value):
            if match.group(1) not in allowed:
                found.append(coded(shown, "notice.unknown_placeholder", line=line, part=part,
                                   placeholder=match.group(0), event=repr(template.event),
                                   allowed=", ".join(sorted(allowed))))
    if not found:
        sms = strip_accents(fill(template, allowed).sms)
        if len(sms) > SMS_LIMIT:
            found.append(coded(shown, "notice.sms_too_long", line=_line_of(text, "sms"), length=len(sms),
                               limit=SMS_LIMIT))
    return found


def _line_of(text: str, key: str) -> int | None:
    """The line of the file that sets ``key``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("=")[0].strip() == key:
            return number
    return None


def check_values(event: str, values: dict[str, str]) -> None:
    """Refuse a notice the runtime does not know, or given other values than its event has: a fault of the
    handler that sends it (the dry run meets it before any dossier does)."""
    if event not in EVENTS:
        raise ValueError(f"no notice is sent at {event!r}: notify one of {', '.join(EVENTS)}")
    if set(values) != set(EVENTS[event]):
        wanted = ", ".join(EVENTS[event]) or "none"
        raise ValueError(f"the notice {event!r} takes the values {wanted}, not {', '.join(sorted(values)) or 'none'}")


def channels(choice: str | None) -> tuple[str, ...]:
    """The channels a citizen's choice at intake (``notify_by``) asks for."""
    return {"email": ("email",), "sms": ("sms",), "both": ("email", "sms")}.get(choice or "", ())
