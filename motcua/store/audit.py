"""The security audit log's repository: append, and read back a period for administrators."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from motcua.store.models import SecurityEvent


class AuditLog:
    """Security events; rows are only ever added."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, at: datetime, kind: str, *, username: str = "", user_id: int | None = None,
               actor_id: int | None = None, address: str | None = None,
               detail: dict[str, Any] | None = None) -> None:
        """Append one event in the caller's transaction."""
        self.session.add(SecurityEvent(at=at, kind=kind, username=username, user_id=user_id, actor_id=actor_id,
                                       address=address, detail=detail or {}))

    def between(self, start: datetime, end: datetime, user_ids: Iterable[int] | None,
                include_unknown: bool = False, limit: int = 5000) -> list[SecurityEvent]:
        """Events in [start, end), newest first; ``user_ids`` None means everyone's, else those users' events
        (and, with ``include_unknown``, failures that named no existing account)."""
        query = select(SecurityEvent).where(SecurityEvent.at >= start, SecurityEvent.at < end)
        if user_ids is not None:
            ids = list(user_ids)
            scope = [SecurityEvent.user_id.in_(ids), SecurityEvent.actor_id.in_(ids)]
            if include_unknown:
                scope.append(SecurityEvent.user_id.is_(None))
            query = query.where(or_(*scope))
        return list(self.session.scalars(query.order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
                                         .limit(limit)))
