"""Decision 766 scoring rules and the indicator set's shape: points per group add up to the decision's maxima."""
from __future__ import annotations

from datetime import datetime

import pytest

from motcua.domain.clock import VN_TZ
from motcua.services import indicators
from motcua.services.indicators import GROUPS, INDICATORS, Result, Rule
from motcua.store.indicators import measures
from motcua.store.reporting import Window


@pytest.mark.parametrize(("rule", "rate", "maximum", "points"), [
    (Rule(), 62.5, 20, 12.5),  # proportional
    (Rule(), 100.0, 6, 6.0),
    (Rule(), 0.0, 6, 0.0),
    (Rule(50), 25.0, 12, 6.0),  # full points from 50%
    (Rule(50), 50.0, 12, 12.0),
    (Rule(50), 80.0, 12, 12.0),  # capped at the maximum
    (Rule(80), 20.0, 4, 1.0),
    (Rule(80), 79.99, 4, 4.0),  # 3.9995, rounded to two decimals
    (Rule(90), 60.0, 6, 4.0),
    (Rule(90), 100 * 2 / 3, 6, 4.44),
    (Rule(), None, 20, None),  # nothing to count: no points
])
def test_a_rate_earns_points_by_the_rule(rule: Rule, rate: float | None, maximum: float, points: float | None) -> None:
    assert rule.points(rate, maximum) == points


def test_a_rule_says_itself() -> None:
    assert Rule().words() == "điểm theo tỷ lệ"
    assert Rule(80).words("en") == "full points from 80%, proportional below"


def test_points_come_from_the_exact_rate_and_the_rate_is_shown_rounded() -> None:
    online = indicators.indicator("online")
    result = Result(online, 1, 7)
    assert result.rate == 14.29 and result.points == 3.43  # 12 × (1/7) ÷ 50%
    assert Result(online, 0, 0).points is None and Result(online, 0, 0).rate is None


def test_the_groups_hold_the_decision_s_points() -> None:
    assert [(g.key, g.maximum) for g in GROUPS] == [("transparency", 18), ("progress", 20), ("digitisation", 22),
                                                    ("online", 22), ("satisfaction", 18)]
    for group in GROUPS:
        assert sum(i.maximum for i in INDICATORS if i.group == group.key) == group.maximum, group.key
    assert sum(g.maximum for g in GROUPS) == 100


def test_every_indicator_is_defined_whole() -> None:
    now = datetime(2025, 7, 1, tzinfo=VN_TZ)
    known = set(measures(Window(now, now, now)))
    assert len({i.key for i in INDICATORS}) == len(INDICATORS)
    for item in INDICATORS:
        assert item.group in {g.key for g in GROUPS} and "766" in item.source and "thứ cấp" in item.short_source
        assert item.number or item.basis == "none"  # the method numbers every formula it gives
        assert item.formula_vi and item.formula_en
        if item.basis == "dossiers":
            assert item.measure in known, item.key
        elif item.basis == "none":
            assert item.missing_vi and item.missing_en, item.key
        else:
            assert item.key in indicators.PROCEDURE_TESTS
        if item.basis != "none":
            assert item.numerator_vi and item.denominator_vi and item.numerator_en and item.denominator_en


def test_an_unknown_indicator_is_not_found() -> None:
    with pytest.raises(indicators.NotFound):
        indicators.indicator("nonsense")
