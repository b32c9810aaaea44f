"""The sandbox refuses what a diagram must not do and runs what it may."""
from __future__ import annotations

import pytest

from motcua.engine.sandbox import SandboxEnvironment, ScriptError, ScriptTimeout


@pytest.fixture
def sandbox() -> SandboxEnvironment:
    return SandboxEnvironment(time_limit=0.2)


def test_scripts_compute_into_the_data_and_may_delete_keys(sandbox: SandboxEnvironment) -> None:
    data = {"fee": 50000, "papers": ["a", "b"], "scratch": 1}
    sandbox.execute("total = fee * len(papers)\ncounts = {p: 1 for p in papers}\ndel scratch", data)
    assert data == {"fee": 50000, "papers": ["a", "b"], "total": 100000, "counts": {"a": 1, "b": 1}}


def test_expressions_see_the_data(sandbox: SandboxEnvironment) -> None:
    assert sandbox.evaluate("decision == 'sign' and fee > 0", {"decision": "sign", "fee": 1}) is True


@pytest.mark.parametrize("source", ["__import__('os')", "x = ().__class__.__bases__", "_secret = 1", "eval('1')"])
def test_underscore_names_and_eval_are_refused_at_compile_time(sandbox: SandboxEnvironment, source: str) -> None:
    with pytest.raises(ScriptError, match="invalid|not allowed"):
        sandbox.execute(source, {})


@pytest.mark.parametrize("source, error", [
    ("import os", ImportError), ("open('/etc/passwd')", NameError), ("getattr(1, 'real')", NameError),
])
def test_dangerous_builtins_are_absent(sandbox: SandboxEnvironment, source: str, error: type) -> None:
    with pytest.raises(error):
        sandbox.execute(source, {})


def test_a_runaway_loop_is_stopped_and_tracing_is_restored(sandbox: SandboxEnvironment) -> None:
    import sys

    before = sys.gettrace()
    with pytest.raises(ScriptTimeout, match="longer than 0.2 s"):
        sandbox.execute("while True:\n    pass", {})
    assert sys.gettrace() is before


def test_functions_defined_by_a_script_do_not_leak_into_the_data(sandbox: SandboxEnvironment) -> None:
    data: dict = {}
    sandbox.execute("def double(x):\n    return 2 * x\ny = double(4)", data)
    assert data == {"y": 8}
