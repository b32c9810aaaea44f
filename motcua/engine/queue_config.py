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
from motcua.engine.problems import Problem

FILENAME = "queue.toml"


def read_queue(path: Path, catalogue_fields: set[str], problems: list[Problem]) -> QueueConfig:
    """The pack's queue configuration (no groups when the file is absent); problems are appended."""
    if not path.is_file():
        return QueueConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(FILENAME, f"not valid TOML: {exc}"))
        return QueueConfig()
    found: list[Problem] = []
    groups = _groups(data.get("groups", []), catalogue_fields, found)
    letters = {g.letter for g in groups}
    units: dict[str, tuple[str, ...]] = {}
    for code, entry in (data.get("units") or {}).items():
        chosen = tuple(entry.get("groups", ())) if isinstance(entry, dict) else ()
        unknown = [letter for letter in chosen if letter not in letters]
        if not chosen or unknown:
            found.append(Problem(FILENAME, f"units.{code}: groups must list letters of [[groups]] "
                                           f"({', '.join(sorted(letters))}); got {list(chosen)}"))
        units[str(code)] = chosen
    problems.extend(found)
    return QueueConfig() if found else QueueConfig(groups=tuple(groups), unit_groups=units)


def _groups(entries: Any, catalogue_fields: set[str], found: list[Problem]) -> list[ServiceGroup]:
    if not isinstance(entries, list) or not entries:
        found.append(Problem(FILENAME, "declare the service groups as [[groups]] tables"))
        return []
    groups: list[ServiceGroup] = []
    for index, entry in enumerate(entries, start=1):
        where = f"groups #{index}"
        letter = str(entry.get("letter", "")) if isinstance(entry, dict) else ""
        if len(letter) != 1 or not ("A" <= letter <= "Z"):
            found.append(Problem(FILENAME, f"{where}: letter must be one capital letter A-Z, not {letter!r}"))
            continue
        where = f"group {letter}"
        if any(g.letter == letter for g in groups):
            found.append(Problem(FILENAME, f"{where}: the letter is used by another group"))
        if not str(entry.get("name_vi", "")).strip():
            found.append(Problem(FILENAME, f"{where}: name_vi (the kiosk button's text) is missing"))
        fields = tuple(entry.get("fields", ()))
        unknown = [f for f in fields if f not in catalogue_fields]
        if unknown:
            found.append(Problem(FILENAME, f"{where}: no procedure of the catalogue has the field(s) "
                                           f"{', '.join(map(repr, unknown))}"))
        groups.append(ServiceGroup(letter, str(entry.get("name_vi", "")).strip(), str(entry.get("name_en", "")),
                                   fields))
    return groups
