"""Is this process able to serve? What a load balancer asks before sending it clerks."""
from __future__ import annotations

from dataclasses import dataclass, field

from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from motcua.services.runtime import Runtime
from motcua.store.db import newest_revisions


@dataclass(frozen=True)
class Readiness:
    """Each check's verdict; ready only when all pass."""

    checks: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(verdict == "ok" for verdict in self.checks.values())


def readiness(runtime: Runtime) -> Readiness:
    """The database answers, its schema is the newest migration, and the pack is loaded."""
    checks: dict[str, str] = {}
    try:
        with runtime.db.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
        head = newest_revisions()
        checks["database"] = "ok"
        checks["schema"] = "ok" if current == head else f"at {sorted(current)}, newest is {sorted(head)}"
    except SQLAlchemyError as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
        checks["schema"] = "unknown"
    checks["pack"] = "ok" if runtime.pack.procedures else "no procedures loaded"
    return Readiness(checks)
