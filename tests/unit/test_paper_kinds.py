"""Paper kinds: how long a digitised paper of each kind may be reused, and the pack's check that every paper and
signed result of the catalogue names a declared kind."""
from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from motcua.domain.papers import MONTHS, PERMANENT, SINGLE_USE, UNTIL_EXPIRY, PaperKind, add_months, still_valid
from motcua.domain.procedure import Paper, Procedure
from motcua.engine.pack import Pack
from motcua.engine.paper_kinds import check_kinds, read_paper_kinds
from motcua.engine.problems import Problem


def kind(validity: str, months: int = 0) -> PaperKind:
    return PaperKind("k", "Giấy", "Paper", validity, "test", months)


def test_each_validity_rule_gives_the_last_day_of_use() -> None:
    issued = date(2025, 11, 24)
    assert kind(MONTHS, 6).valid_until(issued) == date(2026, 5, 23)  # "06 tháng kể từ ngày cấp"
    assert kind(PERMANENT).valid_until(issued) is None
    assert kind(UNTIL_EXPIRY).valid_until(issued, date(2035, 3, 2)) == date(2035, 3, 2)
    assert kind(UNTIL_EXPIRY).valid_until(issued) == issued  # nobody typed the card's date: this dossier only
    assert kind(SINGLE_USE).valid_until(issued) == issued and not kind(SINGLE_USE).reusable


def test_months_end_on_the_months_last_day_and_validity_includes_its_last_day() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 15), 2) == date(2026, 2, 15)
    assert still_valid(date(2026, 5, 23), date(2026, 5, 23)) and not still_valid(date(2026, 5, 23), date(2026, 5, 24))
    assert still_valid(None, date(2099, 1, 1))


def test_the_file_is_read_and_a_wrong_rule_named(tmp_path: Path) -> None:
    path = tmp_path / "paper_kinds.toml"
    path.write_text('[kinds.id_card]\ntitle_vi = "Căn cước"\nvalidity = "until_expiry"\nsource = "Luật Căn cước"\n'
                    '[kinds.bad]\ntitle_vi = "Sai"\nvalidity = "months"\nsource = "x"\n'
                    '[kinds.nosource]\ntitle_vi = "Không nguồn"\nvalidity = "permanent"\n', encoding="utf-8")
    problems: list[Problem] = []
    kinds = read_paper_kinds(path, problems)
    assert set(kinds) == {"other", "id_card"}
    assert [p.message.split(":")[0] for p in problems] == [
        "kind 'bad'", "kind 'nosource' needs title_vi and source (the text its rule is from)"]


def test_a_paper_of_an_undeclared_kind_is_refused_with_the_file_named(project_pack: Pack) -> None:
    procedure = Procedure(slug="x", code="1", name_vi="X", name_en="X", field="f", level="commune", diagram="x.bpmn",
                          process_id="x", processing_days=1, processing_hours=None, fee="", result="",
                          papers=(Paper("Thẻ", 1, kind="id_cards"),), result_kind="nothing")
    problems: list[Problem] = []
    check_kinds([procedure], project_pack.paper_kinds, problems)
    assert [p.file for p in problems] == ["processes/x.toml", "processes/x.toml"]
    assert "'id_cards'" in problems[0].message and "[result_document] kind" in problems[1].message


def test_every_paper_of_the_catalogue_names_its_kind(project_pack: Pack) -> None:
    untyped = [(path.name, paper["name"]) for path in sorted((project_pack.root / "processes").glob("*.toml"))
               for paper in tomllib.loads(path.read_text(encoding="utf-8")).get("papers", []) if "kind" not in paper]
    assert untyped == []
    assert project_pack.get("marital_status").procedure.result_kind == "marital_status_confirmation"
