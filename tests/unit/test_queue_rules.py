"""The counter queue's plain rules: ticket numbers, counters, duration figures, and queue.toml checks."""
from __future__ import annotations

from pathlib import Path

import pytest

from motcua.domain.queue import Durations, QueueConfig, ServiceGroup, check_counter, ticket_number
from motcua.engine.problems import Problem
from motcua.engine.queue_config import read_queue

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"Đất đai", "Hộ tịch", "Chứng thực"}


def test_ticket_numbers_carry_the_group_letter_and_three_digits() -> None:
    assert ticket_number("A", 1) == "A-001"
    assert ticket_number("C", 42) == "C-042"
    assert ticket_number("B", 1234) == "B-1234"  # a very busy day still gets a unique number


def test_a_counter_opens_with_a_number_from_1_to_99_and_groups_the_unit_offers() -> None:
    assert check_counter(1, ["A"], "ABC") == []
    assert check_counter(0, ["A"], "ABC") == [("counter", "number_range")]
    assert check_counter(100, [], "ABC") == [("counter", "number_range"), ("groups", "no_groups")]
    assert check_counter(2, ["A", "Z"], "ABC") == [("groups", "unknown_group")]


def test_durations_give_count_average_nearest_rank_p90_and_max() -> None:
    figures = Durations.of([60.0 * m for m in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)])
    assert (figures.count, figures.average, figures.p90, figures.maximum) == (10, 330.0, 540.0, 600.0)
    assert Durations.of([300.0]).minutes() == {"count": 1, "average": 5.0, "p90": 5.0, "max": 5.0}
    eleven = Durations.of(float(s) for s in range(1, 12))  # rank ceil(9.9) = 10: the tenth value
    assert eleven.p90 == 10.0
    assert Durations.of([]) == Durations(0, None, None, None)


def test_groups_of_a_unit_follow_the_pack_with_overrides_per_unit() -> None:
    a, b = ServiceGroup("A", "Đất đai", fields=("Đất đai",)), ServiceGroup("B", "Hộ tịch", fields=("Hộ tịch",))
    config = QueueConfig(groups=(a, b), unit_groups={"80002": ("B",)})
    assert config.for_unit("80001") == (a, b)
    assert config.for_unit("80002") == (b,)
    assert config.group_for_field("80001", "Đất đai") == a
    with pytest.raises(KeyError, match="offers: B \\(Hộ tịch\\)"):
        config.group("80002", "A")


def test_the_pack_ships_groups_that_cover_its_catalogue() -> None:
    problems: list[Problem] = []
    config = read_queue(ROOT / "queue.toml", FIELDS | {"Thành lập và hoạt động của hộ kinh doanh"}, problems)
    assert problems == []
    assert [g.letter for g in config.groups] == ["A", "B", "C", "D", "E"]
    assert config.group_for_field("80001", "Hộ tịch").name_vi == "Hộ tịch"


def _read(tmp_path: Path, text: str) -> tuple[QueueConfig, list[str]]:
    path = tmp_path / "queue.toml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    config = read_queue(path, FIELDS, problems)
    return config, [str(p) for p in problems]


def test_a_missing_file_means_no_queue(tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert read_queue(tmp_path / "queue.toml", FIELDS, problems) == QueueConfig() and problems == []


def test_mistakes_in_queue_toml_are_named_with_the_group(tmp_path: Path) -> None:
    config, problems = _read(tmp_path, """
[[groups]]
letter = "A"
name_vi = "Đất đai"
fields = ["Dat dai"]

[[groups]]
letter = "A"
name_vi = ""

[[groups]]
letter = "ab"
name_vi = "Khác"

[units."80001"]
groups = ["A", "Q"]
""")
    assert config == QueueConfig()  # nothing half-valid goes live
    assert problems == [
        "queue.toml: group A: no procedure of the catalogue has the field(s) 'Dat dai'",
        "queue.toml: group A: the letter is used by another group",
        "queue.toml: group A: name_vi (the kiosk button's text) is missing",
        "queue.toml: groups #3: letter must be one capital letter A-Z, not 'ab'",
        "queue.toml: units.80001: groups must list letters of [[groups]] (A); got ['A', 'Q']",
    ]


def test_queue_toml_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    _, problems = _read(tmp_path, "[[groups]\nletter = A")
    assert len(problems) == 1 and problems[0].startswith("queue.toml: not valid TOML")


def test_mistakes_in_queue_toml_are_said_in_vietnamese_too(tmp_path: Path) -> None:
    path = tmp_path / "queue.toml"
    path.write_text('[[groups]]\nletter = "ab"\nname_vi = "Khác"\n', encoding="utf-8")
    problems: list[Problem] = []
    read_queue(path, FIELDS, problems)
    assert [p.text("vi") for p in problems] == ["Nhóm thứ 1: letter phải là một chữ cái in hoa A-Z, không phải 'ab'"]
