"""Getting a deployment ready for a trial replayed over HTTP: the units the features declare, with staff.

``Given ward "Bạc Liêu" of province "Cà Mau"`` makes the unit in-process when the database lacks it. A running
deployment gets no such unit from a web page (units are set up by its operators), so ``motcua trial prepare
FOLDER`` does it on the deployment's own database, the way ``motcua seed-demo`` does: each unit the features
declare, with one account per role (the rehearsal password; the roles that sign in with a code enrolled with
the rehearsal TOTP seed), then writes the accounts file ``motcua trial --target`` signs in with. Existing
units and accounts are left as they are.
"""
from __future__ import annotations

from pathlib import Path

from parse import compile as compile_pattern  # type: ignore[import-untyped]  # pytest-bdd's parser

from motcua.domain.roles import ROLES
from motcua.services.people import add_unit, add_user
from motcua.services.queries import unit_choices
from motcua.services.runtime import Runtime
from motcua.services.security import SECOND_FACTOR_ROLES, set_known_secret

UNIT_WORDS = {"ward": "Phường", "phường": "Phường", "commune": "Xã", "xã": "Xã",
              "former district": "Huyện", "huyện cũ": "Huyện", "province": "Tỉnh", "tỉnh": "Tỉnh"}


def _kind(text: str) -> str:
    return text


# a parse type matching the kind words (what parse.with_pattern does)
setattr(_kind, "pattern", "|".join(sorted(UNIT_WORDS, key=len, reverse=True)))  # noqa: B010
setattr(_kind, "regex_group_count", 0)  # noqa: B010
KINDS = {"Kind": _kind}
# The phrasings that declare units (the step library binds the same patterns).
TWO_UNITS = ('{kind_a:Kind} "{a}" and {kind_b:Kind} "{b}" of province "{province}"',
             '{kind_a:Kind} "{a}" và {kind_b:Kind} "{b}" của tỉnh "{province}"')
ONE_UNIT = ('{kind:Kind} "{name}" of province "{province}"', '{kind:Kind} "{name}" của tỉnh "{province}"')


def unit_code(runtime: Runtime, name: str) -> str | None:
    """A unit's code by its bare name ("Long An") or full name ("Phường Long An"), or None."""
    return next((code for code, full in unit_choices(runtime) if name in (full, full.split(" ", 1)[-1])), None)


def ensure_unit(runtime: Runtime, kind_words: str, name: str, province: str | None, password: str,
                totp_seed: str | None = None) -> str:
    """A unit with one user per role (``{role}.{code}``), created when the database lacks it; its code."""
    found = unit_code(runtime, name)
    if found:
        return found
    parent = ensure_unit(runtime, "province", province, None, password, totp_seed) if province else None
    if province == name and kind_words.lower() in ("province", "tỉnh"):
        assert parent is not None
        return parent  # tỉnh "Cao Bằng" of tỉnh "Cao Bằng": the province itself, made just above
    number = len(unit_choices(runtime)) + 1
    code = f"9{number:04d}"  # a trial unit; its electronic identifier has the national form, level 1 made up
    add_unit(runtime, code, f"{UNIT_WORDS[kind_words.lower()]} {name}", kind_words.lower(), parent,
             f"{number:03d}.00.00.Z99")
    for role in ROLES:
        add_user(runtime, f"{role}.{code}", f"{ROLES[role][0]} {name}", password, [(code, role)])
        if totp_seed and role in SECOND_FACTOR_ROLES:
            set_known_secret(runtime, f"{role}.{code}", totp_seed)
    return code


def declared_units(features: Path) -> list[tuple[str, str, str]]:
    """(kind words, name, province) of every unit the .feature files under ``features`` declare, in order."""
    two = [compile_pattern(p, extra_types=KINDS) for p in TWO_UNITS]
    one = [compile_pattern(p, extra_types=KINDS) for p in ONE_UNIT]
    found: list[tuple[str, str, str]] = []
    for path in sorted(features.rglob("*.feature")):
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.strip().split(" ", 1)
            text = words[1] if len(words) == 2 else ""
            for pattern in two:
                hit = pattern.parse(text)
                if hit:
                    found += [(hit["kind_a"], hit["a"], hit["province"]), (hit["kind_b"], hit["b"], hit["province"])]
                    break
            else:
                for pattern in one:
                    hit = pattern.parse(text)
                    if hit:
                        found.append((hit["kind"], hit["name"], hit["province"]))
                        break
    return list(dict.fromkeys(found))


def prepare(runtime: Runtime, features: Path, password: str, totp_seed: str | None) -> list[str]:
    """Create the units the features declare that the database lacks (with staff); their names."""
    made = []
    for kind, name, province in declared_units(features):
        if unit_code(runtime, name) is None:
            ensure_unit(runtime, kind, name, province, password, totp_seed)
            made.append(name)
    return made
