"""RestrictedPython for the Python that diagrams carry: what a script may name, and how it is run.

Script tasks, gateway conditions and service-task parameters are written by
analysts, not developers: no imports, no names or attributes starting with an
underscore, only safe builtins. This module compiles and runs such code; it is
run inside the script process (see script_process.py), which bounds its time
and memory, and by the pack's checks, which only compile.
"""
from __future__ import annotations

import builtins
from datetime import date
from types import CodeType
from typing import Any

from RestrictedPython.compile import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
    safer_getattr,
)
from RestrictedPython.Utilities import utility_builtins

FILENAME = "<diagram script>"
_EXTRA_BUILTINS = {
    name: getattr(builtins, name)
    for name in ("dict", "list", "sum", "min", "max", "any", "all", "enumerate", "sorted", "reversed", "map",
                 "filter")
}


def vn_date(value: str) -> str:
    """An ISO date from a form as Vietnamese documents write it (2025-11-20 -> 20/11/2025); for diagram expressions."""
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


_PACK_FUNCTIONS = {"vn_date": vn_date}
_INPLACE = {
    "+=": lambda a, b: a + b, "-=": lambda a, b: a - b, "*=": lambda a, b: a * b,
    "/=": lambda a, b: a / b, "//=": lambda a, b: a // b, "%=": lambda a, b: a % b,
}


class ScriptError(Exception):
    """A diagram's script or expression was refused or failed; the message says why."""


class ScriptTimeout(ScriptError):
    """A script ran past its time budget."""


class ScriptMemoryError(ScriptError):
    """A script needed more memory than its budget."""


def _inplacevar(op: str, x: Any, y: Any) -> Any:
    if op not in _INPLACE:
        raise ScriptError(f"operator {op} is not allowed in diagram scripts")
    return _INPLACE[op](x, y)


def guards() -> dict[str, Any]:
    """The globals RestrictedPython's rewritten code calls into: safe builtins and the access guards."""
    builtins = dict(safe_builtins)
    builtins.update(utility_builtins)
    builtins.update(_EXTRA_BUILTINS)
    builtins.update(_PACK_FUNCTIONS)
    return {
        "__builtins__": builtins,
        "_getattr_": safer_getattr,
        "_getitem_": default_guarded_getitem,
        "_getiter_": default_guarded_getiter,
        "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
        "_unpack_sequence_": guarded_unpack_sequence,
        "_write_": full_write_guard,
        "_inplacevar_": _inplacevar,
    }


class Compiler:
    """Restricted compilation, once per distinct source; refusals name the offending line."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], CodeType] = {}

    def compile(self, source: str, mode: str) -> CodeType:
        """The restricted code object of ``source`` (``mode`` "eval" or "exec"), or ScriptError saying why not."""
        key = (mode, source)
        if key not in self._cache:
            compiler = compile_restricted_eval if mode == "eval" else compile_restricted_exec
            result = compiler(source, filename=FILENAME)
            if result.errors or result.code is None:
                raise ScriptError("; ".join(result.errors) or "the script could not be compiled")
            self._cache[key] = result.code
        return self._cache[key]

    def run(self, mode: str, source: str, context: dict[str, Any], external: dict[str, Any]) -> dict[str, Any]:
        """Evaluate (``{"value": ...}``) or execute (``{"data": ..., "deleted": [...]}``) restricted code.

        A script's plain values flow back into the task data; its functions and the guards do not.
        """
        code = self.compile(source, mode)
        namespace = guards()
        namespace.update(external)
        namespace.update(context)
        if mode == "eval":
            return {"value": eval(code, namespace)}  # noqa: S307 - restricted code
        reserved = set(guards()) | set(external)
        exec(code, namespace)  # noqa: S102 - restricted code
        return {"data": {k: v for k, v in namespace.items() if k not in reserved and not callable(v)},
                "deleted": [k for k in context if k not in namespace]}
