"""The background worker's loop: fire due timers, deliver the outbox and the citizens' notices, collect remote
signatures, discard intakes abandoned the day before, keep the daily roll-ups up to date, and outlive transient
faults.

A dropped database connection (a restart, a failover, an administrator's
``pg_terminate_backend``) or a portal that answers garbage must not stop the
worker: each round is one unit that either completes or fails whole (every
step and every delivery is its own transaction; a message in flight is
retried under its Idempotency-Key), so after a failed round the worker logs
it, waits a growing, jittered while and goes again. The process manager
(deploy/motcua-worker.service) restarts it only if the process itself dies.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from motcua.config import Settings
from motcua.domain.clock import Clock
from motcua.services import citizen_notices, drafts, rollup_upkeep
from motcua.services.mailer import SmtpMailer
from motcua.services.outbox import Send, deliver_pending
from motcua.services.remote_poll import poll_remote_signatures
from motcua.services.runtime import Runtime
from motcua.services.sms import SmsGateway
from motcua.services.steps import fire_due_timers

log = logging.getLogger("motcua.worker")
LONGEST_PAUSE = timedelta(seconds=60)


@dataclass(frozen=True)
class Round:
    """What one round did."""

    fired: int
    delivered: int
    failed: int
    signatures: int = 0  # remote signatures answered and delivered to their dossiers
    notices_sent: int = 0  # e-mails and SMS to citizens
    notices_failed: int = 0
    held: int = 0  # outbox messages that failed the portal's schema: kept for an administrator
    rolled_up: int = 0  # days of the daily roll-ups built or rebuilt (services/rollup_upkeep.py)


def pause_after(failures: int, interval: float, rng: random.Random | None = None) -> float:
    """Seconds to wait after ``failures`` failed rounds in a row: the interval, doubling, at most a minute,
    with equal jitter so workers that lost the same database do not come back in step."""
    step = min(interval * 2 ** min(failures, 20), LONGEST_PAUSE.total_seconds())
    return step / 2 + step / 2 * (rng or random).random()  # noqa: S311 - spreading retries, not secrecy


def notice_senders(settings: Settings) -> citizen_notices.Senders:
    """The relay and gateway the settings configure (a channel without one keeps its notices waiting)."""
    email = SmtpMailer(settings.smtp_url, settings.mail_from or "") if settings.smtp_url else None
    sms = (SmsGateway(settings.sms_url, settings.sms_token, settings.sms_ascii, settings.sms_sender)
           if settings.sms_url else None)
    return citizen_notices.Senders(email=email, sms=sms)


def one_round(runtime: Runtime, send: Send | None, clock: Clock | None = None,
              notices: citizen_notices.Senders | None = None) -> Round:
    """Fire what is due, deliver what waits (when a portal is configured), send the citizens' notices (by the
    channels configured), and collect the remote signatures that have been answered (when a remote-signing
    service is configured); drafts left since yesterday go; the daily roll-ups rebuild their dirty days and build
    the days they miss."""
    fired = fire_due_timers(runtime)
    report = deliver_pending(runtime, send, clock=clock) if send is not None else None
    told = citizen_notices.deliver_pending(runtime, notices, clock=clock) if notices else None
    signatures = poll_remote_signatures(runtime, clock=clock)
    drafts.discard_stale(runtime)
    if report is not None and report.held:
        log.warning("%d portal message(s) failed the portal's schema and are held: see /quan-tri/dong-bo", report.held)
    rolled_up = rollup_upkeep.keep_up(runtime)
    return Round(fired, report.delivered if report else 0, report.failed if report else 0, signatures.answered,
                 told.delivered if told else 0, told.failed if told else 0, report.held if report else 0,
                 len(rolled_up.days))


def run(runtime: Runtime, send: Send | None, interval: float, stopping: Callable[[], bool],
        sleep: Callable[[float], None] = time.sleep, rng: random.Random | None = None,
        clock: Clock | None = None, notices: citizen_notices.Senders | None = None) -> None:
    """Work rounds until ``stopping()``; a failed round is logged and retried after a backoff, never fatal.
    ``clock`` counts the outbox's leases and retries (the wall clock unless a test gives its own)."""
    failures = 0
    while not stopping():
        try:
            done = one_round(runtime, send, clock, notices)
        except Exception:  # noqa: BLE001 - a transient fault (database gone, ...) must not end the worker
            failures += 1
            wait = pause_after(failures, interval, rng)
            log.exception("worker round failed (%d in a row); next try in %.1f s", failures, wait)
            sleep(wait)
            continue
        if failures:
            log.warning("worker recovered after %d failed round(s)", failures)
        failures = 0
        if (done.fired or done.delivered or done.failed or done.signatures or done.notices_sent or done.notices_failed
                or done.rolled_up):
            log.info("timers: %d dossier(s) advanced; outbox: %d delivered, %d failed; remote signatures: %d; "
                     "notices to citizens: %d sent, %d failed; roll-ups: %d day(s) built", done.fired, done.delivered,
                     done.failed, done.signatures, done.notices_sent, done.notices_failed, done.rolled_up)
        sleep(interval)
