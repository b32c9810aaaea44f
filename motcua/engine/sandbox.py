"""Sandboxed evaluation of the Python that diagrams carry, bounded in time and memory.

Scripts, gateway conditions and service-task parameters are compiled with
RestrictedPython (see restricted.py: no imports, no underscore names, safe
builtins only) and run in a helper process (see script_process.py) that has an
address-space limit of its own and is killed when the time budget is spent. So
``'a' * 10**10``, ``list(range(10**10))``, ``bytes(10**10)`` or ``10**10**8``
fail within the budget with a script error naming the task, and the web or
worker process that runs the step is unharmed.
"""
from __future__ import annotations

from types import CodeType
from typing import Any

from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from motcua.engine.restricted import Compiler, ScriptError, ScriptMemoryError, ScriptTimeout, vn_date
from motcua.engine.script_process import ScriptProcesses

__all__ = ["SandboxEnvironment", "ScriptError", "ScriptMemoryError", "ScriptTimeout", "vn_date"]


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """A SpiffWorkflow script environment: restricted code, run in a bounded helper process."""

    def __init__(self, time_limit: float = 2.0, memory_limit_mb: int = 256) -> None:
        super().__init__({})
        self.time_limit = time_limit
        self.memory_limit_mb = memory_limit_mb
        self._compiler = Compiler()
        self._processes = ScriptProcesses(memory_limit_mb)

    def compile(self, source: str, mode: str) -> CodeType:
        """Compile once per distinct source (the pack's checks); refusals name the offending line."""
        return self._compiler.compile(source, mode)

    def _run(self, mode: str, source: str, context: dict[str, Any],
             external_context: dict[str, Any] | None) -> dict[str, Any]:
        self.compile(source, mode)  # refused here, before a process is involved
        return self._processes.current().run(mode, source, context, dict(external_context or {}), self.time_limit)

    def evaluate(self, expression: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> Any:
        """Evaluate a condition or parameter expression against task data."""
        return self._run("eval", expression, context, external_context)["value"]

    def execute(self, script: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> bool:
        """Run a script task; only plain data it assigns flows back into the task data."""
        result = self._run("exec", script, context, external_context)
        for key in result["deleted"]:
            context.pop(key, None)
        context.update(result["data"])
        return True

    def call_service(self, context: dict[str, Any], **kwargs: Any) -> Any:
        """Service calls go through the step's handler dispatcher, never the environment."""
        raise ScriptError("service tasks are dispatched by the engine, not by scripts")
