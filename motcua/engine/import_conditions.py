"""Conditions written for other engines (JUEL ``${x == 'a'}``, FEEL ``= x = "a"``) as sandbox Python.

Only the simple kind is translated: names, string, number and boolean literals,
comparisons, ``and``/``or``/``not`` and parentheses. Anything else (method
calls, ``execution.getVariable``, ``empty``, property paths) returns None so
the importer lists it for the analyst instead of guessing at its meaning.
"""
from __future__ import annotations

import re

from motcua.engine.sandbox import SandboxEnvironment, ScriptError

_TOKEN = re.compile(r"""\s+|'[^'\\]*'|"[^"\\]*"|\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||[<>!=()]""")
_JUEL_WORDS = {"and": "and", "or": "or", "not": "not", "eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=",
               "ge": ">=", "true": "True", "false": "False", "null": "None"}
_JUEL_SYMBOLS = {"==": "==", "!=": "!=", "<=": "<=", ">=": ">=", "<": "<", ">": ">", "&&": "and", "||": "or",
                 "!": "not", "(": "(", ")": ")"}
_FEEL_WORDS = {"and": "and", "or": "or", "not": "not", "true": "True", "false": "False", "null": "None"}
_FEEL_SYMBOLS = {"=": "==", "!=": "!=", "<=": "<=", ">=": ">=", "<": "<", ">": ">", "(": "(", ")": ")"}
_REFUSED_NAMES = {"empty", "div", "mod", "instanceof", "execution", "task", "in", "some", "every", "for", "if",
                  "then", "else", "between", "function"}


def _tokens(text: str) -> list[str] | None:
    found, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            return None
        if match.group().strip():
            found.append(match.group())
        position = match.end()
    return found


def _body(text: str) -> tuple[str, str] | None:
    """(dialect, expression) of a JUEL ``${...}``/``#{...}`` or FEEL ``=...`` condition."""
    stripped = text.strip()
    if re.fullmatch(r"[$#]\{.*\}", stripped, re.DOTALL):
        return "juel", stripped[2:-1]
    if stripped.startswith("="):
        return "feel", stripped[1:]
    return None


def translate_condition(text: str) -> str | None:
    """The Python expression a simple JUEL or FEEL condition means, or None when it is not that simple."""
    parsed = _body(text)
    if parsed is None:
        return None
    dialect, body = parsed
    tokens = _tokens(body)
    if not tokens:
        return None
    words, symbols = (_JUEL_WORDS, _JUEL_SYMBOLS) if dialect == "juel" else (_FEEL_WORDS, _FEEL_SYMBOLS)
    out: list[str] = []
    for piece in tokens:
        if piece == "(" and out and out[-1].isidentifier() and out[-1] not in ("and", "or", "not"):
            return None  # a function call: its meaning is the other engine's
        if piece in symbols:
            out.append(symbols[piece])
        elif piece in words:
            out.append(words[piece])
        elif piece[0] in "'\"" or piece[0].isdigit():
            out.append(piece)
        elif piece.isidentifier() and piece not in _REFUSED_NAMES:
            out.append(piece)
        else:
            return None
    python = " ".join(out).replace("( ", "(").replace(" )", ")")
    try:
        SandboxEnvironment().compile(python, "eval")
    except (ScriptError, SyntaxError):
        return None
    return python
