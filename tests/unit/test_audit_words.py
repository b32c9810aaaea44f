"""Every security event the services record, and every detail they attach to one, has words an administrator
reads on the audit page and in its CSV (issue 18: no raw ``signin.failed`` or ``in_a_row`` for a person)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from motcua.web.admin import DETAILS, EVENTS

ROOT = Path(__file__).resolve().parents[2]
KIND = re.compile(r"^[a-z0-9_]+(\.[a-z_]+)?$")


def recorded() -> tuple[set[str], set[str]]:
    """The kinds given to ``audit.record`` (or to the helpers that pass one on) and the keys of its details."""
    kinds, keys = {"signout"}, set()  # signout: end_sessions' default kind
    for path in (ROOT / "motcua").rglob("*.py"):
        for call in (n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name == "record" and "audit" in ast.unparse(call.func) or name in ("_failed", "end_sessions"):
                kinds |= {a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                          and KIND.match(a.value)}
                for keyword in call.keywords:
                    if keyword.arg == "kind" and isinstance(keyword.value, ast.Constant):
                        kinds.add(keyword.value.value)
                    if keyword.arg == "detail" and isinstance(keyword.value, ast.Dict):
                        keys |= {k.value for k in keyword.value.keys if isinstance(k, ast.Constant)}
    return kinds, keys


def test_the_scan_finds_what_is_recorded() -> None:
    kinds, keys = recorded()
    assert {"signin.failed", "2fa.failed", "account.locked", "result.signed", "fees.bank_account_set"} <= kinds
    assert {"in_a_row", "until", "dossier"} <= keys


def test_every_recorded_event_and_detail_has_words() -> None:
    kinds, keys = recorded()
    assert kinds - set(EVENTS) == set(), "audit events without words in motcua/web/admin.py EVENTS"
    assert keys - set(DETAILS) == set(), "audit details without words in motcua/web/admin.py DETAILS"
