"""Sandboxed evaluation of the Python that diagrams carry.

Script tasks, gateway conditions and service-task parameters are written by
analysts, not developers, so they run under RestrictedPython: no imports, no
names or attributes starting with an underscore, only safe builtins, and a
wall-clock budget enforced by a line tracer. A C-level call that never returns
to Python (say ``10**10**9``) cannot be interrupted this way; the budget guards
against loops, which is what a diagram can realistically get wrong.
"""
from __future__ import annotations

import sys
import time
from datetime import date
from types import CodeType
from typing import Any

from RestrictedPython import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
    safer_getattr,
)
from RestrictedPython.Utilities import utility_builtins
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

_FILENAME = "<diagram script>"
_EXTRA_BUILTINS = {
    name: __builtins__[name] if isinstance(__builtins__, dict) else getattr(__builtins__, name)
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


def _inplacevar(op: str, x: Any, y: Any) -> Any:
    if op not in _INPLACE:
        raise ScriptError(f"operator {op} is not allowed in diagram scripts")
    return _INPLACE[op](x, y)


def _guards() -> dict[str, Any]:
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


class _Deadline:
    """Raise ScriptTimeout from inside sandboxed code once its budget is spent."""

    def __init__(self, seconds: float) -> None:
        self.limit = time.monotonic() + seconds
        self.seconds = seconds

    def _local(self, frame, event, arg):  # noqa: ANN001, ANN202 - sys.settrace protocol
        if time.monotonic() > self.limit:
            raise ScriptTimeout(f"script ran longer than {self.seconds:g} s and was stopped")
        return self._local

    def _global(self, frame, event, arg):  # noqa: ANN001, ANN202 - sys.settrace protocol
        return self._local if frame.f_code.co_filename == _FILENAME else None

    def __enter__(self) -> _Deadline:
        self._previous = sys.gettrace()
        sys.settrace(self._global)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self._previous)


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """A SpiffWorkflow script environment that compiles everything with RestrictedPython."""

    def __init__(self, time_limit: float = 2.0, functions: dict[str, Any] | None = None) -> None:
        super().__init__(functions or {})
        self.time_limit = time_limit
        self._cache: dict[tuple[str, str], CodeType] = {}

    def compile(self, source: str, mode: str) -> CodeType:
        """Compile once per distinct source; refusals name the offending line."""
        key = (mode, source)
        if key not in self._cache:
            compiler = compile_restricted_eval if mode == "eval" else compile_restricted_exec
            result = compiler(source, filename=_FILENAME)
            if result.errors:
                raise ScriptError("; ".join(result.errors))
            self._cache[key] = result.code
        return self._cache[key]

    def _namespace(self, context: dict, external_context: dict | None) -> dict[str, Any]:
        namespace = _guards()
        namespace.update(self.globals)
        namespace.update(external_context or {})
        namespace.update(context)
        return namespace

    def evaluate(self, expression: str, context: dict, external_context: dict | None = None) -> Any:
        """Evaluate a condition or parameter expression against task data."""
        code = self.compile(expression, "eval")
        with _Deadline(self.time_limit):
            return eval(code, self._namespace(context, external_context))  # noqa: S307 - restricted code

    def execute(self, script: str, context: dict, external_context: dict | None = None) -> bool:
        """Run a script task; only plain data it assigns flows back into the task data."""
        code = self.compile(script, "exec")
        namespace = self._namespace(context, external_context)
        reserved = set(_guards()) | set(self.globals) | set(external_context or {})
        with _Deadline(self.time_limit):
            exec(code, namespace)  # noqa: S102 - restricted code
        for key in [k for k in context if k not in namespace]:
            del context[key]
        for key, value in namespace.items():
            if key not in reserved and not callable(value):
                context[key] = value
        return True

    def call_service(self, context: dict, **kwargs: Any) -> Any:
        """Service calls go through the step's handler dispatcher, never the environment."""
        raise ScriptError("service tasks are dispatched by the engine, not by scripts")
