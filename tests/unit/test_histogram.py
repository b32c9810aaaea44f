"""Durations kept as bucket counts: the median and 90th percentile read back lie in the bucket of the value
computed by hand from the durations themselves, whatever the durations."""
from __future__ import annotations

import math
import random

import pytest

from motcua.domain.histogram import BUCKETS, EDGES, add, bucket, counts_of, quantile
from motcua.store.models import StepRollup


def by_hand(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def test_bucket_edges_are_explicit_and_match_the_roll_up_columns() -> None:
    assert EDGES == (0, 5, 15, 30, 60, 120, 240, 450, 900, 1350, 2250, 3150, 4500, 6750, 9000, 13500)
    assert [c.name for c in StepRollup.__table__.columns if c.name.startswith("m_")] == [f"m_{e}" for e in EDGES]
    assert [bucket(m) for m in (0, 4.9, 5, 449, 450, 13499, 13500, 10**6)] == [0, 0, 1, 6, 7, 14, 15, 15]


def test_a_small_set_read_back_within_its_bucket() -> None:
    minutes = [600, 900, 30, 1200, 60, 1500, 2000]  # by hand: median 900, p90 2000
    median, p90 = quantile(counts_of(minutes), 0.5), quantile(counts_of(minutes), 0.9)
    assert median is not None and (median.low, median.high) == (900, 1350) and 900 <= median.value < 1350
    assert p90 is not None and (p90.low, p90.high) == (1350, 2250) and 1350 <= p90.value < 2250
    assert quantile([0] * BUCKETS, 0.5) is None


@pytest.mark.parametrize("seed", range(20))
def test_any_durations_read_back_within_the_bucket_of_the_exact_value(seed: int) -> None:
    rng = random.Random(seed)
    values = [rng.expovariate(1 / rng.choice((20, 400, 3000))) for _ in range(rng.randint(1, 300))]
    half = len(values) // 2
    counts = add(counts_of(values[:half]), counts_of(values[half:]))  # days added together
    for q in (0.5, 0.9):
        read = quantile(counts, q)
        exact = by_hand(values, q)
        assert read is not None and read.low <= exact < (read.high or math.inf)
        assert read.low <= read.value <= (read.high or read.low)


def test_the_open_last_bucket_says_so() -> None:
    read = quantile(counts_of([20000, 30000]), 0.9)
    assert read is not None and (read.low, read.high, read.value) == (13500, None, 13500)
