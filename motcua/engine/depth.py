"""Room for a long flow: SpiffWorkflow walks a process's steps recursively.

Its parser follows each sequence flow into the next element (two Python frames a step) and a new instance
predicts its future steps the same way (one frame a step), so a chain of about 500 steps exceeds Python's
default recursion limit of 1,000. Those calls run with the limit raised for ``MAX_CHAIN`` steps, and back
after; a longer chain is refused when the diagram is checked, naming the limit.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

MAX_CHAIN = 10_000  # steps that may follow one another in one process


@contextmanager
def deep_flow() -> Iterator[None]:
    """Let SpiffWorkflow's recursive walks follow up to ``MAX_CHAIN`` steps, for the calls inside only."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, 2 * MAX_CHAIN + 2_000))  # the parser's two frames a step, and headroom
    try:
        yield
    finally:
        sys.setrecursionlimit(before)
