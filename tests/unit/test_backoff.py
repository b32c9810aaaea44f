"""Retry schedules: the outbox's per message and the worker's after a failed round, both capped and jittered."""
from __future__ import annotations

import random
from datetime import timedelta

from motcua.services.outbox import FIRST_RETRY, LONGEST_RETRY, backoff
from motcua.services.worker import LONGEST_PAUSE, pause_after


def test_the_outbox_backoff_doubles_with_jitter_and_stops_at_five_minutes() -> None:
    rng = random.Random(1022)
    waits = [backoff(attempt, rng) for attempt in range(1, 13)]
    for attempt, wait in enumerate(waits, 1):
        step = min(FIRST_RETRY * 2 ** (attempt - 1), LONGEST_RETRY)
        assert step / 2 <= wait <= step
    assert max(waits) <= LONGEST_RETRY == timedelta(minutes=5)
    assert backoff(10_000, rng) <= LONGEST_RETRY  # no overflow however long the portal stays away


def test_the_jitter_spreads_retries_of_messages_that_failed_together() -> None:
    rng = random.Random(7)
    waits = {backoff(4, rng) for _ in range(50)}
    assert len(waits) == 50
    assert min(waits) < timedelta(seconds=25) < max(waits)


def test_the_same_seed_gives_the_same_schedule() -> None:
    assert [backoff(a, random.Random(3)) for a in range(1, 8)] == [backoff(a, random.Random(3)) for a in range(1, 8)]


def test_the_worker_pauses_longer_after_each_failed_round_up_to_a_minute() -> None:
    rng = random.Random(5)
    pauses = [pause_after(failures, 5.0, rng) for failures in range(1, 10)]
    for failures, pause in enumerate(pauses, 1):
        step = min(5.0 * 2 ** failures, LONGEST_PAUSE.total_seconds())
        assert step / 2 <= pause <= step
    assert pauses[-1] <= 60
