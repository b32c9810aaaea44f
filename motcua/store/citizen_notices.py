"""The notices to citizens (e-mail, SMS) as a repository: written with the step, leased to one worker by
compare-and-set (``store.leases``, as the portal's outbox), settled when the relay or gateway answered."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from motcua.store.db import rows_matched
from motcua.store.leases import due, lease_first, nothing_earlier_pending
from motcua.store.models import CitizenNotice, Dossier


class CitizenNotices:
    """E-mails and SMS to citizens, one row per notice and channel."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, notice: CitizenNotice) -> None:
        self.session.add(notice)

    def claim(self, now: datetime, lease: timedelta, channels: Iterable[str]) -> CitizenNotice | None:
        """Lease the oldest due notice of these channels whose dossier has nothing earlier pending on the same
        channel (the citizen reads them in order), until ``now + lease``; None when there is none. Notices
        refused for good wait for an administrator and hold nothing up."""
        candidates = self.session.scalars(
            select(CitizenNotice).where(due(CitizenNotice, now), CitizenNotice.failed_at.is_(None),
                                        CitizenNotice.channel.in_(list(channels)),
                                        nothing_earlier_pending(CitizenNotice, "dossier_id", "channel",
                                                                given_up="failed_at"))
            .order_by(CitizenNotice.id).limit(20)
        ).all()
        return lease_first(self.session, CitizenNotice, candidates, now, lease)

    def delivered(self, notice_id: int, at: datetime) -> None:
        self.session.execute(update(CitizenNotice).where(CitizenNotice.id == notice_id).values(delivered_at=at))

    def failed(self, notice_id: int, attempts: int, error: str, retry_at: datetime | None, at: datetime) -> None:
        """Note a refused try (the error cut to 500 characters) and when to try again; ``retry_at`` None: refused
        for good (``failed_at``), and it stops holding up the dossier's later notices."""
        values = {"attempts": attempts, "last_error": error[:500]}
        self.session.execute(update(CitizenNotice).where(CitizenNotice.id == notice_id).values(
            **values, **({"available_at": retry_at} if retry_at else {"failed_at": at})))

    def for_dossier(self, dossier_id: int) -> Sequence[CitizenNotice]:
        return self.session.scalars(select(CitizenNotice).where(CitizenNotice.dossier_id == dossier_id)
                                    .order_by(CitizenNotice.id)).all()

    def failing(self, unit_ids: Iterable[int], min_attempts: int,
                limit: int) -> Sequence[tuple[CitizenNotice, str | None]]:
        """Unsent notices of dossiers received in these units, refused for good or tried at least
        ``min_attempts`` times, with their dossier's code."""
        rows = self.session.execute(
            select(CitizenNotice, Dossier.code).join(Dossier, Dossier.id == CitizenNotice.dossier_id)
            .where(CitizenNotice.delivered_at.is_(None),
                   or_(CitizenNotice.failed_at.is_not(None), CitizenNotice.attempts >= min_attempts),
                   Dossier.receiving_unit_id.in_(list(unit_ids)))
            .order_by(CitizenNotice.id).limit(limit))
        return [(notice, code) for notice, code in rows]

    def due_at_once(self, notice_id: int, unit_ids: Iterable[int]) -> bool:
        """Make an unsent notice of these units' dossiers due at once, even one refused for good; False when
        there is no such one."""
        ours = select(Dossier.id).where(Dossier.receiving_unit_id.in_(list(unit_ids)))
        return rows_matched(self.session.execute(
            update(CitizenNotice).where(CitizenNotice.id == notice_id, CitizenNotice.delivered_at.is_(None),
                                        CitizenNotice.dossier_id.in_(ours))
            .values(available_at=CitizenNotice.created_at, failed_at=None)
            .execution_options(synchronize_session=False)
        )) == 1
