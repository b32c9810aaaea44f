"""Durations kept as counts in fixed buckets of working minutes, and the median and 90th percentile read back.

A daily roll-up cannot keep every duration of a year of dossiers, but counts per bucket add up across days,
units and versions. The price is precision: a percentile read from the counts is only known to lie in its
bucket. ``quantile`` says which bucket (``low``, ``high``) and gives a value interpolated linearly inside it;
the true value of the nearest-rank percentile of the durations counted is always within [low, high). The
edges are finer where steps are short (minutes at the counter) and coarser where they are long (days of
review): a working day is 450 minutes (7:30–11:30 and 13:30–17:00, ``domain/calendar.DEFAULT_HOURS``).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DAY = 450  # working minutes in a default office day
# The lower edge of each bucket, in working minutes; the last bucket has no upper edge.
EDGES: tuple[int, ...] = (0, 5, 15, 30, 60, 120, 240, DAY, 2 * DAY, 3 * DAY, 5 * DAY, 7 * DAY, 10 * DAY,
                          15 * DAY, 20 * DAY, 30 * DAY)
BUCKETS = len(EDGES)


def bucket(minutes: float) -> int:
    """The index of the bucket a duration falls in (a negative one counts as 0)."""
    index = 0
    for position, edge in enumerate(EDGES):
        if minutes >= edge:
            index = position
    return index


def counts_of(durations: Iterable[float]) -> list[int]:
    """The bucket counts of some durations in working minutes."""
    counts = [0] * BUCKETS
    for minutes in durations:
        counts[bucket(minutes)] += 1
    return counts


def add(left: Sequence[int], right: Sequence[int]) -> list[int]:
    """Two histograms counted together."""
    return [a + b for a, b in zip(left, right, strict=True)]


@dataclass(frozen=True)
class Quantile:
    """A percentile read from counts: ``value`` interpolated in its bucket [``low``, ``high``) (``high`` None for
    the last, open bucket, where ``value`` is its lower edge)."""

    value: float
    low: int
    high: int | None


def quantile(counts: Sequence[int], q: float) -> Quantile | None:
    """The ``q``-quantile (0 < q ≤ 1, nearest rank) of the durations counted, or None when nothing was counted."""
    total = sum(counts)
    if total == 0:
        return None
    rank = max(1, math.ceil(q * total))
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            low = EDGES[index]
            high = EDGES[index + 1] if index + 1 < BUCKETS else None
            if high is None:
                return Quantile(float(low), low, None)
            return Quantile(low + (high - low) * (rank - seen - 0.5) / count, low, high)
        seen += count
    raise AssertionError("unreachable: the rank is within the total")
