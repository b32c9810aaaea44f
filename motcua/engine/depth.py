"""Room for a long flow: SpiffWorkflow walks a process's steps recursively.

Its parser follows each sequence flow into the next element (two Python frames a step) and a new instance
predicts its future steps the same way (one frame a step), so a chain of about 500 steps exceeds Python's
default recursion limit of 1,000. Those calls run with the limit raised for ``MAX_CHAIN`` steps, and back
after; a longer chain is refused when the diagram is checked, naming the limit.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

MAX_CHAIN = 10_000  # steps that may follow one another in one process


_lock = threading.Lock()
_inside = 0  # calls inside deep_flow now, in every thread
_before = 0  # the limit before the first of them


@contextmanager
def deep_flow() -> Iterator[None]:
    """Let SpiffWorkflow's recursive walks follow up to ``MAX_CHAIN`` steps, for the calls inside only.

    The limit is the process's, and web threads enter and leave in any order: the first to enter saves the
    limit and the last to leave puts it back, so interleaved calls never leave it raised for good."""
    global _inside, _before
    with _lock:
        if _inside == 0:
            _before = sys.getrecursionlimit()
        _inside += 1
        sys.setrecursionlimit(max(_before, 2 * MAX_CHAIN + 2_000))  # the parser's two frames a step, and headroom
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0:
                sys.setrecursionlimit(_before)
