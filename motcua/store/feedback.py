"""The queries 1022 feedback needs: requests by code or by filter, and the public events of their handling."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from motcua.store.models import Dossier, Event, FeedbackRequest

PUBLIC_KINDS = ("feedback.received", "feedback.classified", "feedback.answered", "feedback.closed",
                "dossier.transferred")


class FeedbackRequests:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: FeedbackRequest) -> FeedbackRequest:
        self.session.add(request)
        self.session.flush()
        return request

    def by_code(self, code: str) -> FeedbackRequest | None:
        return self.session.scalar(select(FeedbackRequest).join(Dossier, Dossier.id == FeedbackRequest.dossier_id)
                                   .where(Dossier.code == code))

    def by_codes(self, codes: Iterable[str]) -> Sequence[FeedbackRequest]:
        return self.session.scalars(select(FeedbackRequest).join(Dossier, Dossier.id == FeedbackRequest.dossier_id)
                                    .where(Dossier.code.in_(list(codes))).order_by(FeedbackRequest.id)).all()

    def matching(self, start: datetime, end: datetime, service_code: str | None = None, closed: bool | None = None,
                 limit: int = 1000) -> Sequence[FeedbackRequest]:
        """Requests received in [start, end], newest first, optionally of one category and open or closed."""
        query = (select(FeedbackRequest).join(Dossier, Dossier.id == FeedbackRequest.dossier_id)
                 .where(FeedbackRequest.requested_at >= start, FeedbackRequest.requested_at <= end))
        if service_code:
            query = query.where(FeedbackRequest.service_code == service_code)
        if closed is not None:
            query = query.where(Dossier.finished_at.is_not(None) if closed else Dossier.finished_at.is_(None))
        return self.session.scalars(query.order_by(FeedbackRequest.requested_at.desc(), FeedbackRequest.id.desc())
                                    .limit(limit)).all()

    def public_events(self, dossier_ids: Iterable[int]) -> dict[int, list[Event]]:
        """Each dossier's events that may be shown publicly, oldest first, in one query."""
        ids = list(dossier_ids)
        grouped: dict[int, list[Event]] = defaultdict(list)
        if not ids:
            return grouped
        for event in self.session.scalars(select(Event).where(Event.dossier_id.in_(ids), Event.kind.in_(PUBLIC_KINDS))
                                          .order_by(Event.at, Event.id)):
            grouped[event.dossier_id].append(event)
        return grouped
