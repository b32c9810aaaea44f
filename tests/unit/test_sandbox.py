"""The sandbox refuses what a diagram must not do and runs what it may."""
from __future__ import annotations

import os
import signal
import threading
import time
from datetime import date, datetime

import pytest

from motcua.engine.sandbox import SandboxEnvironment, ScriptError, ScriptMemoryError, ScriptTimeout
from motcua.engine.script_process import WALL_FACTOR


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


def test_a_runaway_loop_is_stopped_and_the_next_script_runs(sandbox: SandboxEnvironment) -> None:
    with pytest.raises(ScriptTimeout, match="longer than 0.2 s"):
        sandbox.execute("while True:\n    pass", {})
    assert sandbox.evaluate("1 + 1", {}) == 2


def test_a_calculation_stuck_in_one_c_call_is_stopped_on_time() -> None:
    sandbox = SandboxEnvironment(time_limit=0.5)
    started = time.monotonic()
    with pytest.raises(ScriptTimeout, match="longer than 0.5 s"):
        sandbox.execute("x = 10 ** 10 ** 8", {})
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("source", [
    "s = 'a' * (10 ** 10)",
    "s = [0] * (10 ** 10)",
    "x = list(range(10 ** 10))",
    "x = [y for y in range(10 ** 9)]",
    "x = ['a' * 10 ** 6 for i in range(10 ** 5)]",
    "x = ''.join('ab' * 1000 for i in range(10 ** 7))",
    "x = 'a'.ljust(10 ** 10)",
    "x = '%10000000000d' % 1",
    "x = f'{1:>{10 ** 10}}'",
    "x = 'ab' * 10 ** 4\nwhile True:\n    x = x + x",
])
def test_a_large_allocation_fails_fast_with_a_script_error_and_the_process_survives(source: str) -> None:
    sandbox = SandboxEnvironment(time_limit=5, memory_limit_mb=128)
    started = time.monotonic()
    with pytest.raises(ScriptMemoryError, match="more than 128 MB"):
        sandbox.execute(source, {})
    assert time.monotonic() - started < 5
    assert sandbox.evaluate("fee * 2", {"fee": 3}) == 6


def test_bytes_is_not_a_builtin_of_scripts(sandbox: SandboxEnvironment) -> None:
    with pytest.raises(NameError, match="bytes"):
        sandbox.execute("x = bytes(10 ** 10)", {})


def test_a_script_may_leave_only_plain_data(sandbox: SandboxEnvironment) -> None:
    with pytest.raises(ScriptError, match="only plain data"):
        sandbox.execute("x = reversed([1, 2])", {})


def test_sets_and_plain_dates_cross_as_the_saved_state_would_hold_them(sandbox: SandboxEnvironment) -> None:
    data = {"day": date(2025, 11, 24), "pair": (1, 2)}
    sandbox.execute("kinds = {'a', 'a'}\nsame = day", data)
    assert data["kinds"] == ["a"] and data["same"] == "2025-11-24" and data["pair"] == [1, 2]


def test_dates_and_nested_data_cross_to_the_script_and_back(sandbox: SandboxEnvironment) -> None:
    received = datetime(2026, 11, 20, 8, 30)
    data = {"received": received, "papers": [{"name": "a", "copies": 2}]}
    sandbox.execute("later = received\ncopies = sum(p['copies'] for p in papers)", data)
    assert data["later"] == received and data["copies"] == 2


def test_functions_defined_by_a_script_do_not_leak_into_the_data(sandbox: SandboxEnvironment) -> None:
    data: dict = {}
    sandbox.execute("def double(x):\n    return 2 * x\ny = double(4)", data)
    assert data == {"y": 8}


def test_a_script_waiting_for_the_processor_is_not_stopped_for_the_clock_it_did_not_use() -> None:
    """On a loaded server a child may wait longer than its budget for a core; the budget is processor time."""
    sandbox = SandboxEnvironment(time_limit=0.2)
    assert sandbox.evaluate("1 + 1", {}) == 2  # the child is started
    child = sandbox._processes.current()._child
    assert child is not None
    os.kill(child.pid, signal.SIGSTOP)  # as if every core were busy for 0.8 s
    resumed = threading.Timer(0.8, os.kill, (child.pid, signal.SIGCONT))
    resumed.start()
    started = time.monotonic()
    try:
        assert sandbox.evaluate("decision == 'sign'", {"decision": "sign"}) is True
    finally:
        resumed.join()
    assert time.monotonic() - started >= 0.7  # it did wait past its budget on the clock


def test_a_script_kept_off_the_processor_is_still_given_up_on_the_clock() -> None:
    sandbox = SandboxEnvironment(time_limit=0.1)
    assert sandbox.evaluate("1 + 1", {}) == 2
    child = sandbox._processes.current()._child
    assert child is not None
    os.kill(child.pid, signal.SIGSTOP)  # never resumed: killed by the parent after WALL_FACTOR times the budget
    started = time.monotonic()
    with pytest.raises(ScriptTimeout, match="longer than 0.1 s"):
        sandbox.evaluate("1 + 1", {})
    assert 0.1 * WALL_FACTOR - 0.05 <= time.monotonic() - started < 0.1 * WALL_FACTOR + 2
    assert sandbox.evaluate("2 + 2", {}) == 4  # a new child
