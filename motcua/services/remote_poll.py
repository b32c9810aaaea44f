"""The worker's round for remote signatures: ask the provider about each pending request, deliver the answers.

Each pending ``RemoteSignature`` is claimed with a compare-and-set lease (as the outbox does, so several
workers never poll the same request at once and no transaction is held across the provider's call), then
the provider is asked. No answer yet, or a provider that fails, puts the next poll off with the outbox's
backoff (5 s doubling to 5 minutes). An answer (a signature value, a refusal or an expiry) is delivered to
the dossier as the message ``chu_ky_so_tu_xa``, whose step settles the row in the same transaction. A
dossier that does not take the answer keeps its row, with the error, and is polled again after the backoff;
one that no longer exists has its request closed as abandoned.

Polls are operational times, counted on the wall clock the worker is given, like the outbox's retries.
"""
from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from motcua.domain.clock import Clock
from motcua.services.errors import Conflict, NotFound, StepFailed
from motcua.services.outbox import backoff
from motcua.services.remote_signing import MESSAGE
from motcua.services.runtime import Runtime
from motcua.services.steps import deliver_message
from motcua.signing.remote import SignatureRefused

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=60)


@dataclass(frozen=True)
class PollReport:
    """What one round did: answers delivered to dossiers, requests still waiting, provider failures."""

    answered: int
    waiting: int
    failed: int


def _claim(runtime: Runtime, now: datetime, skip: set[int]) -> tuple[int, str, str] | None:
    """Lease one due request: its row id, provider request id and dossier code; None when none is due."""
    with runtime.uow() as uow:
        row = uow.remote_signatures.claim(now, LEASE, skip)
        if row is None:
            return None
        uow.commit()
        return row.id, row.request_id, row.dossier.code or ""


def _later(runtime: Runtime, row_id: int, now: datetime, error: str | None = None) -> None:
    """Put the next poll off by the backoff for the attempts made so far (and note why, when it failed)."""
    with runtime.uow() as uow:
        row = uow.remote_signatures.require(row_id)
        row.next_poll_at = now + backoff(row.attempts)
        row.last_error = error[:500] if error else row.last_error
        uow.commit()


def _abandon(runtime: Runtime, row_id: int, now: datetime, why: str) -> None:
    with runtime.uow() as uow:
        row = uow.remote_signatures.require(row_id)
        row.settled_at, row.outcome, row.last_error = now, "abandoned", why[:500]
        uow.commit()


def poll_remote_signatures(runtime: Runtime, limit: int = 50, clock: Clock | None = None) -> PollReport:
    """Ask the provider about at most ``limit`` due requests and deliver the answers that have come."""
    service = runtime.signer.remote
    if service is None:
        return PollReport(0, 0, 0)
    clock = clock or Clock()
    answered = waiting = failed = 0
    tried: set[int] = set()
    while len(tried) < limit:
        claimed = _claim(runtime, clock.now(), tried)
        if claimed is None:
            break
        row_id, request_id, code = claimed
        tried.add(row_id)
        try:
            value = service.result(request_id)
            payload = {"signature": "", "refused": ""} if value is None else {
                "signature": base64.b64encode(value).decode("ascii"), "refused": ""}
        except SignatureRefused as exc:
            value, payload = b"", {"signature": "", "refused": str(exc) or "refused at the provider"}
        except Exception as exc:  # noqa: BLE001 - whatever the provider's adapter raises, poll again later
            log.warning("remote signature %s of dossier %s: the provider failed: %s", request_id, code, exc)
            _later(runtime, row_id, clock.now(), f"provider: {exc}")
            failed += 1
            continue
        if value is None:
            _later(runtime, row_id, clock.now())
            waiting += 1
            continue
        try:
            deliver_message(runtime, code, MESSAGE, payload)
        except Conflict:  # the dossier was saved by someone else meanwhile: deliver on the next poll
            _later(runtime, row_id, clock.now(), "the dossier changed while the answer was delivered")
            failed += 1
        except NotFound as exc:
            log.warning("remote signature %s: dossier %s is gone: %s", request_id, code, exc)
            _abandon(runtime, row_id, clock.now(), str(exc))
            failed += 1
        except StepFailed as exc:  # the dossier no longer waits (or its step fails): kept, visible, polled later
            log.error("remote signature %s: dossier %s did not take the answer: %s", request_id, code, exc.detail)
            _later(runtime, row_id, clock.now(), exc.detail)
            failed += 1
        else:
            answered += 1
    return PollReport(answered, waiting, failed)
