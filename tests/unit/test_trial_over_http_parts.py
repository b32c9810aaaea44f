"""The pieces of `motcua trial --target` that need no server: the browser's encoding of typed form data, the
accounts file, and finding the units a folder of features declares."""
from __future__ import annotations

from pathlib import Path

from motcua.engine.forms import Form
from motcua.trial import accounts
from motcua.trial.rehearsal import declared_units
from motcua.trial.web_desk import encoded

FORM = Form("f", {"type": "object", "properties": {
    "agreed": {"type": "boolean"}, "born": {"type": "string", "format": "date"}, "pages": {"type": "integer"},
    "papers_received": {"type": "array"}, "scan": {"type": "string"}, "name": {"type": "string"},
    "checked": {"type": "boolean"}}},
    {"papers_received": {"ui:widget": "papers"}, "scan": {"ui:widget": "file"}})


def test_typed_data_is_posted_as_the_browser_posts_the_form() -> None:
    fields, cleared, files = encoded(FORM, {
        "agreed": True, "checked": False, "born": "2025-11-20", "pages": 3, "name": "Trần An",
        "papers_received": [{"name": "Đơn", "originals": 1, "copies": 0}, {"name": "Bản sao", "originals": 0,
                                                                            "copies": 2}],
        "scan": "x"})
    assert fields == {"agreed": "on", "born": "20/11/2025", "pages": "3", "name": "Trần An",
                      "papers_received.0.originals": "1", "papers_received.0.copies": "0",
                      "papers_received.1.originals": "0", "papers_received.1.copies": "2"}
    assert cleared == {"checked": ""}  # an unticked box is left out of the post
    assert list(files) == ["scan"] and files["scan"][1].startswith(b"%PDF")


def test_the_accounts_file_names_who_signs_in_for_each_role(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text('password = "from-file"\n\n[units."Phường Long An"]\ncode = "80001"\nleader = "lanhdao.longan"\n'
                    'reception = "tiepnhan.longan"\n\n[accounts."lanhdao.longan"]\ntotp_seed = "OWNSEED"\n',
                    encoding="utf-8")
    found = accounts.load(path, totp_seed="SHARED")
    assert found.code("Long An") == found.code("Phường Long An") == "80001" and found.code("Kiến Tường") is None
    leader, clerk = found.holder("leader", "Long An"), found.holder("reception", "Long An")
    assert leader is not None and (leader.username, leader.password, leader.totp_seed) == (
        "lanhdao.longan", "from-file", "OWNSEED")
    assert clerk is not None and clerk.totp_seed == "SHARED" and found.holder("specialist", "Long An") is None
    assert accounts.load(path, password="given").holder("reception", "Long An").password == "given"  # type: ignore[union-attr]


def test_the_units_a_folder_of_features_declares_are_found_in_both_languages(tmp_path: Path) -> None:
    (tmp_path / "a.feature").write_text('# language: vi\nTính năng: x\n  Bối cảnh:\n'
                                        '    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"\n'
                                        '    Và huyện cũ "Đô Lương (cũ)" của tỉnh "Nghệ An"\n', encoding="utf-8")
    (tmp_path / "b.feature").write_text('Feature: y\n  Scenario: z\n    Given commune "Khánh Khê" of province '
                                        '"Lạng Sơn"\n    And ward "Long An" of province "Tây Ninh"\n',
                                        encoding="utf-8")
    assert declared_units(tmp_path) == [("phường", "Long An", "Tây Ninh"), ("phường", "Kiến Tường", "Tây Ninh"),
                                        ("huyện cũ", "Đô Lương (cũ)", "Nghệ An"), ("commune", "Khánh Khê", "Lạng Sơn"),
                                        ("ward", "Long An", "Tây Ninh")]
