"""Fee schedules as data: the rule language, exemptions, caps, and the errors that name the item and the field."""
from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from motcua.documents.fees import vnd, vnd_in_words
from motcua.domain.fees import FeeRuleError, FeeStatus, check_schedule, read_schedule, status_of

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 11, 24)


def schedule_of(slug: str):  # type: ignore[no-untyped-def]
    return read_schedule(tomllib.loads((ROOT / "processes" / f"{slug}.toml").read_text(encoding="utf-8"))["fees"])


@pytest.mark.parametrize("pages, copies, due", [
    (1, 1, 2_000), (2, 1, 4_000), (3, 1, 5_000), (10, 3, 3 * 12_000),
    (250, 1, 200_000),  # 4.000 + 248.000 would be 252.000: capped at 200.000 per copy
    (250, 2, 400_000),
])
def test_certified_copies_cost_by_page_with_a_cap_per_copy(pages: int, copies: int, due: int) -> None:
    assessment = schedule_of("copy_certification").assess({"pages": pages, "copies": copies}, TODAY)
    assert assessment.due == due and assessment.exempted == 0
    [line] = assessment.lines
    assert (line.quantity, line.unit, line.kind) == (copies, "bản", "phí")
    assert status_of(assessment) == FeeStatus.DUE


def test_birth_registration_on_time_is_exempt_and_late_is_charged_unless_the_family_is_exempt() -> None:
    schedule = schedule_of("birth_registration")
    on_time = schedule.assess({"child_birth_date": "2025-10-01", "fee_exemption": "none"}, TODAY)
    assert (on_time.due, on_time.exempted, status_of(on_time)) == (0, 8_000, FeeStatus.EXEMPT)
    assert "đúng hạn" in on_time.exemption
    late = schedule.assess({"child_birth_date": "2025-01-01", "fee_exemption": "none"}, TODAY)
    assert (late.due, late.exemption) == (8_000, "")
    poor = schedule.assess({"child_birth_date": "2025-01-01", "fee_exemption": "poor"}, TODAY)
    assert (poor.due, poor.exempted) == (0, 8_000) and "hộ nghèo" in poor.exemption
    assert schedule.unconfirmed  # the amount is the province's


def test_a_condition_decides_whether_an_item_is_charged() -> None:
    schedule = schedule_of("land_change")
    assert schedule.assess({"change_type": "transfer"}, TODAY).due == 25_000
    nothing = schedule.assess({"change_type": "other"}, TODAY)
    assert (nothing.due, nothing.lines, status_of(nothing)) == (0, (), FeeStatus.NONE)


def rules(amount: object, **extra: object) -> dict[str, object]:
    return {"items": [{"label": "Lệ phí thử", "amount": amount, **extra}]}


@pytest.mark.parametrize("amount, words", [
    ("2 ** 100", "Pow"), ("pages.real", "Attribute"), ("__import__('os')", "calls something"),
    ("[x for x in pages]", "ListComp"), ("open('f')", "calls something"), ("1 +", "not an expression"),
])
def test_the_rule_language_refuses_what_it_does_not_have(amount: str, words: str) -> None:
    with pytest.raises(FeeRuleError, match=words) as caught:
        read_schedule(rules(amount))
    assert caught.value.item == "Lệ phí thử"


def test_a_rule_that_cannot_be_computed_names_the_item_and_the_field() -> None:
    schedule = read_schedule(rules("1000 * pages"))
    with pytest.raises(FeeRuleError) as missing:
        schedule.assess({}, TODAY)
    assert (missing.value.item, missing.value.field_name, missing.value.missing) == ("Lệ phí thử", "pages", True)
    with pytest.raises(FeeRuleError, match="cannot be computed") as wrong:
        schedule.assess({"pages": "ba"}, TODAY)
    assert wrong.value.field_name == "pages" and not wrong.value.missing
    with pytest.raises(FeeRuleError, match="at least 0"):
        read_schedule(rules("0 - pages")).assess({"pages": 3}, TODAY)
    with pytest.raises(FeeRuleError, match="beyond any fee"):
        read_schedule(rules("pages * 1000000000000")).assess({"pages": 3}, TODAY)


def test_malformed_tables_are_named() -> None:
    with pytest.raises(ValueError, match="no items"):
        read_schedule({})
    with pytest.raises(FeeRuleError, match="kind"):
        read_schedule(rules(1000, kind="thuế"))
    with pytest.raises(FeeRuleError, match="cap"):
        read_schedule(rules(1000, cap="nhiều"))
    with pytest.raises(FeeRuleError, match="no amount"):
        read_schedule({"items": [{"label": "Lệ phí thử"}]})


def test_a_schedule_is_checked_against_the_form_it_reads() -> None:
    schedule = read_schedule(rules("1000 * page_count"))
    assert [str(p) for p in check_schedule(schedule, {"pages", "copies"}, [{"pages": 1}], TODAY)] == [
        "the fee rules read «page_count», which the reception form does not have: name one of its fields"]
    texts = read_schedule(rules("1000 * pages"))
    [problem] = check_schedule(texts, {"pages"}, [{"pages": "một"}], TODAY)
    assert "Lệ phí thử" in str(problem) and "field «pages»" in str(problem)
    assert problem.text("vi").startswith("khoản phí «Lệ phí thử»: không tính được «1000 * pages» (phép tính cần số")
    assert check_schedule(texts, {"pages"}, [{}], TODAY) == []  # an optional field left empty is asked for at intake


def test_amounts_in_figures_and_words() -> None:
    assert vnd(1_250_000) == "1.250.000 đồng"
    assert vnd_in_words(1_250_000) == "Một triệu hai trăm năm mươi nghìn đồng"
    assert vnd_in_words(54_321) == "Năm mươi tư nghìn ba trăm hai mươi mốt đồng"
    assert vnd_in_words(105) == "Một trăm linh năm đồng"
    assert vnd_in_words(1_005_000) == "Một triệu không trăm linh năm nghìn đồng"
    assert vnd_in_words(0) == "Không đồng"
