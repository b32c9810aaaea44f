"""The SQL statements a piece of work sends, captured with an engine listener (one line each, spaces folded)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from motcua.services.runtime import Runtime


@contextmanager
def captured(runtime: Runtime) -> Iterator[list[str]]:
    """Collect the statements sent to the runtime's database inside the block."""
    statements: list[str] = []
    listener = lambda _c, _k, statement, *_: statements.append(" ".join(statement.split()))  # noqa: E731
    event.listen(runtime.db, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(runtime.db, "before_cursor_execute", listener)
