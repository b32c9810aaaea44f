"""Messages the outside world sends to a waiting dossier, declared in ``messages.toml`` at the pack root.

A diagram may wait for something that happens outside the office: a remote-signing service confirming the
leader's signature, a reply from another authority, the National Public Service Portal reporting a payment.
BPMN says that with a message catch event (or receive task, or an event-based gateway branch). MotCua lets a
message in only when the pack declares it, so that ``motcua validate`` can tell a wait for a declared message
(delivered by ``motcua deliver`` or a service that calls ``services.steps.deliver_message``) from a wait that
nothing will ever end::

    [messages.chu_ky_so_tu_xa]
    title_vi = "Dịch vụ ký số từ xa xác nhận chữ ký"
    title_en = "The remote-signing service confirms the signature"
    sender = "remote signing service"
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from motcua.engine.problems import Problem, coded

FILENAME = "messages.toml"


@dataclass(frozen=True)
class ExternalMessage:
    """A message a dossier may wait for, and who sends it."""

    name: str
    title_vi: str
    title_en: str
    sender: str


def read_messages(path: Path, problems: list[Problem]) -> dict[str, ExternalMessage]:
    """The declared messages by name (none when the file is absent); problems are appended."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(coded(FILENAME, "toml.invalid", detail=str(exc)))
        return {}
    found = {}
    for name, entry in (data.get("messages") or {}).items():
        if not isinstance(entry, dict) or not entry.get("title_vi") or not entry.get("sender"):
            problems.append(coded(FILENAME, "messages.incomplete", name=repr(name)))
            continue
        found[name] = ExternalMessage(name, str(entry["title_vi"]), str(entry.get("title_en", entry["title_vi"])),
                                      str(entry["sender"]))
    return found
