"""Read the counter queue's service groups from ``queue.toml`` at the pack root.

A province changes its kiosk buttons by editing that file: each ``[[groups]]`` has a ``letter``
(the ticket prefix), ``name_vi`` (``name_en``) and the catalogue ``fields`` whose dossiers its
counters receive; ``[units."<unit code>"] groups = ["A", "B"]`` limits a unit to some groups.
Every problem is named with the file and the group, like the rest of the pack's checks.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from motcua.domain.queue import QueueConfig, ServiceGroup
from motcua.engine.problems import Problem, coded

FILENAME = "queue.toml"


def read_queue(path: Path, catalogue_fields: set[str], problems: list[Problem]) -> QueueConfig:
    """The pack's queue configuration (no groups when the file is absent); problems are appended."""
    if not path.is_file():
        return QueueConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(coded(FILENAME, "toml.invalid", detail=str(exc)))
        return QueueConfig()
    found: list[Problem] = []
    groups = _groups(data.get("groups", []), catalogue_fields, found)
    letters = {g.letter for g in groups}
    units: dict[str, tuple[str, ...]] = {}
    for code, entry in (data.get("units") or {}).items():
        chosen = tuple(entry.get("groups", ())) if isinstance(entry, dict) else ()
        unknown = [letter for letter in chosen if letter not in letters]
        if not chosen or unknown:
            found.append(coded(FILENAME, "queue.bad_units", unit=code, letters=", ".join(sorted(letters)),
                               chosen=str(list(chosen))))
        units[str(code)] = chosen
    problems.extend(found)
    return QueueConfig() if found else QueueConfig(groups=tuple(groups), unit_groups=units)


def _groups(entries: Any, catalogue_fields: set[str], found: list[Problem]) -> list[ServiceGroup]:
    if not isinstance(entries, list) or not entries:
        found.append(coded(FILENAME, "queue.no_groups"))
        return []
    groups: list[ServiceGroup] = []
    for index, entry in enumerate(entries, start=1):
        where = {"vi": f"Nhóm thứ {index}", "en": f"groups #{index}"}
        letter = str(entry.get("letter", "")) if isinstance(entry, dict) else ""
        if len(letter) != 1 or not ("A" <= letter <= "Z"):
            found.append(coded(FILENAME, "queue.bad_letter", where=where, letter=repr(letter)))
            continue
        where = {"vi": f"Nhóm {letter}", "en": f"group {letter}"}
        if any(g.letter == letter for g in groups):
            found.append(coded(FILENAME, "queue.letter_taken", where=where))
        if not str(entry.get("name_vi", "")).strip():
            found.append(coded(FILENAME, "queue.no_name", where=where))
        fields = tuple(entry.get("fields", ()))
        unknown = [f for f in fields if f not in catalogue_fields]
        if unknown:
            found.append(coded(FILENAME, "queue.unknown_fields", where=where, fields=", ".join(map(repr, unknown))))
        groups.append(ServiceGroup(letter, str(entry.get("name_vi", "")).strip(), str(entry.get("name_en", "")),
                                   fields))
    return groups
