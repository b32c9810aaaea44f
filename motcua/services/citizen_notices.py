"""Notices to citizens: told by e-mail and SMS of receipt, a request to supplement, the result ready, an apology
for lateness and a stop, as they chose at intake (``notify_by``).

A handler raises a notice (``office.notify``); the step's save writes one row per channel, with the pack's words
(``notices/<event>.toml``) filled for the dossier, in the step's own transaction (``queue``): a notice is never
lost, and sending never happens inside a clerk's request. The worker sends them (``deliver_pending``) with the
portal outbox's rules: a compare-and-set lease, the same backoff, one dossier's notices on one channel in
order, at least once (each carries a stable id: the e-mail's Message-ID, the SMS gateway's Idempotency-Key).
A relay or gateway that is down only delays them; one that refuses a notice for good (an address it will
never accept) marks it failed, and it waits for an administrator (``failing``, ``retry_now``) without holding up
the dossier or its later notices.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from motcua.domain.clock import Clock, shown_date
from motcua.engine.notices import channels, fill
from motcua.services.errors import Forbidden, NotFound
from motcua.services.outbox import LEASE, DeliveryError, DeliveryReport, administered_units, backoff, drain
from motcua.services.runtime import Runtime
from motcua.store.models import CitizenNotice, Dossier
from motcua.store.ports import UnitOfWorkPort

log = logging.getLogger(__name__)
EMAIL, SMS = "email", "sms"


@dataclass(frozen=True)
class Outgoing:
    """One notice as a sender gets it; ``key`` is stable across retries (the receiving side deduplicates)."""

    key: str
    recipient: str
    subject: str | None
    body: str


Send = Callable[[Outgoing], None]  # raises DeliveryError when the relay or gateway did not take it


@dataclass(frozen=True)
class Senders:
    """The configured way out for each channel; a channel without one keeps its notices waiting."""

    email: Send | None = None
    sms: Send | None = None

    def by_channel(self) -> dict[str, Send]:
        return {name: send for name, send in ((EMAIL, self.email), (SMS, self.sms)) if send is not None}


def queue(runtime: Runtime, uow: UnitOfWorkPort, dossier: Dossier, raised: Sequence[tuple[str, dict[str, str]]],
          now: datetime) -> None:
    """Write the step's notices for the channels the citizen chose, in the caller's transaction. A channel
    without its address (no e-mail given), or an event the pack has no words for, is passed over."""
    wanted = channels(dossier.notify_by)
    if not wanted:
        return
    common = {"code": dossier.code or "", "applicant_name": dossier.applicant_name,
              "procedure": runtime.pack.get(dossier.procedure_slug).procedure.name_vi,
              "unit": dossier.receiving_unit.name, "received_date": shown_date(dossier.received_at),
              "due_date": shown_date(dossier.due_at), "lookup_url": runtime.lookup_url(dossier.code or "")}
    address = {EMAIL: dossier.applicant_email, SMS: dossier.applicant_phone}
    for event, values in raised:
        template = runtime.pack.notices.get(event)
        if template is None:
            log.info("the pack has no notices/%s.toml: dossier %s's citizen is not told", event, dossier.code)
            continue
        text = fill(template, {**common, **values})
        for channel in wanted:
            if address[channel]:
                uow.citizen_notices.add(CitizenNotice(
                    dossier_id=dossier.id, event=event, channel=channel, recipient=address[channel],
                    subject=text.subject if channel == EMAIL else None,
                    body=text.email if channel == EMAIL else text.sms,
                    created_at=now, available_at=now, attempts=0))


@dataclass(frozen=True)
class _Claimed:
    id: int
    attempts: int
    channel: str
    outgoing: Outgoing


def _claim(runtime: Runtime, now: datetime, ways: Sequence[str]) -> _Claimed | None:
    with runtime.uow() as uow:
        notice = uow.citizen_notices.claim(now, LEASE, ways)
        if notice is None:
            return None
        uow.commit()
        return _Claimed(notice.id, notice.attempts, notice.channel,
                        Outgoing(f"motcua-notice-{notice.id}", notice.recipient, notice.subject, notice.body))


def _settle(runtime: Runtime, claimed: _Claimed, error: DeliveryError | None, now: datetime) -> None:
    """Sent; or refused, tried again after the outbox's backoff, or never when refused for good."""
    with runtime.uow() as uow:
        if error is None:
            uow.citizen_notices.delivered(claimed.id, now)
        else:
            retry_at = None if error.permanent else now + backoff(claimed.attempts + 1)
            uow.citizen_notices.failed(claimed.id, claimed.attempts + 1, str(error), retry_at, now)
        uow.commit()


def deliver_pending(runtime: Runtime, senders: Senders, limit: int = 200, clock: Clock | None = None) -> DeliveryReport:
    """Send due notices of the configured channels one by one until none is due (or ``limit`` were tried);
    leases and retries are counted on ``clock``, the wall clock unless a test gives its own."""
    ways = senders.by_channel()
    if not ways:
        return DeliveryReport(0, 0)
    return drain(lambda now: _claim(runtime, now, list(ways)),
                 lambda claimed: ways[claimed.channel](claimed.outgoing),
                 lambda claimed, error, now: _settle(runtime, claimed, error, now), clock or Clock(), limit)


@dataclass(frozen=True)
class SentNotice:
    """A notice as the dossier page and the administrators' page show it."""

    id: int
    dossier_code: str | None
    event: str
    channel: str
    recipient: str
    subject: str | None
    body: str
    created_at: datetime
    attempts: int
    delivered_at: datetime | None
    failed_at: datetime | None
    last_error: str | None
    next_try: datetime | None  # None: due at once (or settled)

    @property
    def state(self) -> str:
        """sent, failed (refused for good), retrying (tried and refused for now) or waiting."""
        if self.delivered_at:
            return "sent"
        return "failed" if self.failed_at else "retrying" if self.attempts else "waiting"


def _shown(notice: CitizenNotice, code: str | None) -> SentNotice:
    settled = notice.delivered_at or notice.failed_at
    return SentNotice(notice.id, code, notice.event, notice.channel, notice.recipient, notice.subject, notice.body,
                      notice.created_at, notice.attempts, notice.delivered_at, notice.failed_at, notice.last_error,
                      None if settled or notice.available_at == notice.created_at else notice.available_at)


def notices_of(uow: UnitOfWorkPort, dossier: Dossier) -> list[SentNotice]:
    """The notices of a dossier already found visible, oldest first."""
    return [_shown(n, dossier.code) for n in uow.citizen_notices.for_dossier(dossier.id)]


def _administered(uow: UnitOfWorkPort, user_id: int) -> set[int]:
    """The units whose notices the user administers (as the portal's outbox counts them)."""
    try:
        return administered_units(uow, user_id)
    except Forbidden as exc:
        raise Forbidden("notice.admins_only") from exc


def failing(runtime: Runtime, user_id: int, min_attempts: int = 3, limit: int = 200) -> list[SentNotice]:
    """Unsent notices of the administrator's units refused for good or at least ``min_attempts`` times."""
    with runtime.uow() as uow:
        units = _administered(uow, user_id)
        return [_shown(n, code) for n, code in uow.citizen_notices.failing(units, min_attempts, limit)]


def retry_now(runtime: Runtime, user_id: int, notice_id: int) -> None:
    """Make an unsent notice due at once, even one refused for good (an administrator's retry, after the
    address was corrected at the relay, say)."""
    with runtime.uow() as uow:
        units = _administered(uow, user_id)
        if not uow.citizen_notices.due_at_once(notice_id, units):
            raise NotFound("notice.not_found", notice=notice_id)
        uow.commit()
