"""The recursion room for long flows is given back however web threads enter and leave it."""
from __future__ import annotations

import sys

from motcua.engine.depth import MAX_CHAIN, deep_flow


def test_interleaved_calls_put_the_limit_back_when_the_last_one_leaves() -> None:
    before = sys.getrecursionlimit()
    first, second = deep_flow(), deep_flow()
    first.__enter__()
    assert sys.getrecursionlimit() >= 2 * MAX_CHAIN
    second.__enter__()
    first.__exit__(None, None, None)  # the first to enter leaves first, as threads may
    assert sys.getrecursionlimit() >= 2 * MAX_CHAIN  # the other call still needs the room
    second.__exit__(None, None, None)
    assert sys.getrecursionlimit() == before
