"""A form in the tester's words: fields by title or key, choices by title or value, dd/mm/yyyy, readable refusals."""
from __future__ import annotations

import pytest

from motcua.engine.forms import FieldError, Form
from motcua.trial.failures import TrialFailure, closest
from motcua.trial.words import FormWords

FORM = Form("death", {
    "title": "Tiếp nhận hồ sơ đăng ký khai tử",
    "type": "object",
    "required": ["deceased_name", "relationship"],
    "properties": {
        "deceased_name": {"type": "string", "title": "Họ, chữ đệm, tên người đã chết"},
        "death_date": {"type": "string", "format": "date", "title": "Ngày chết"},
        "relationship": {"type": "string", "title": "Quan hệ với người đã chết",
                         "oneOf": [{"const": "child", "title": "Con"}, {"const": "spouse", "title": "Vợ, chồng"}]},
        "copies": {"type": "integer", "title": "Số bản sao"},
        "fee_collected": {"type": "boolean", "title": "Đã thu phí"},
        "note": {"type": "string", "title": "Ghi chú"},
        "parcel_unit": {"type": "string", "title": "Thửa đất thuộc"},
        "papers_received": {"type": "array", "title": "Thành phần hồ sơ"},
    },
}, {"parcel_unit": {"ui:widget": "unit"}, "papers_received": {"ui:widget": "papers"}})


def units(name: str) -> str:
    return {"Long An": "80001"}[name]


@pytest.mark.parametrize("name", ["deceased_name", "Họ, chữ đệm, tên người đã chết", "ho, chu dem, ten nguoi da chet",
                                  "  HỌ, CHỮ ĐỆM, TÊN NGƯỜI ĐÃ CHẾT "])
def test_a_field_is_named_by_its_title_with_or_without_accents_or_by_its_key(name: str) -> None:
    assert FormWords(FORM).field(name).key == "deceased_name"


def test_a_field_is_named_in_english_where_the_ui_catalogue_translates_its_title() -> None:
    assert FormWords(FORM).field("Note").key == "note"  # "Ghi chú" → "Note" in the web UI's English catalogue


def test_an_unknown_field_names_the_closest_and_every_field_of_the_form() -> None:
    with pytest.raises(TrialFailure) as caught:
        FormWords(FORM, "vi").field("Ngày mất")
    message = str(caught.value)
    assert message.startswith("Biểu mẫu «Tiếp nhận hồ sơ đăng ký khai tử» không có trường «Ngày mất».")
    assert "Gần nhất: «Ngày chết»" in message and "«Số bản sao» (copies)" in message
    assert "Thành phần hồ sơ" not in message  # filled by the steps, never typed


@pytest.mark.parametrize(("text", "value"), [("Con", "child"), ("child", "child"), ("vợ, chồng", "spouse"),
                                             ("Vo, chong", "spouse")])
def test_a_choice_is_named_by_its_title_or_its_value(text: str, value: str) -> None:
    words = FormWords(FORM)
    assert words.typed([["Quan hệ với người đã chết", text]], units) == {"relationship": value}


def test_a_choice_the_form_does_not_offer_lists_the_allowed_titles_in_the_features_language() -> None:
    with pytest.raises(TrialFailure, match=r"^Trường «Quan hệ với người đã chết» không nhận giá trị «Con trai»: "
                                           r"chỉ chọn một trong «Con», «Vợ, chồng»\.$"):
        FormWords(FORM, "vi").typed([["relationship", "Con trai"]], units)
    with pytest.raises(TrialFailure, match=r"^The field «Quan hệ với người đã chết» does not take «son»: "
                                           r"choose one of «Con», «Vợ, chồng»\.$"):
        FormWords(FORM, "en").typed([["relationship", "son"]], units)


def test_dates_numbers_yes_no_and_unit_names_become_what_the_form_expects() -> None:
    rows = [["Ngày chết", "20/11/2025"], ["Số bản sao", "3"], ["Đã thu phí", "có"], ["Thửa đất thuộc", "Long An"],
            ["Ghi chú", " Nhà riêng "]]
    assert FormWords(FORM).typed(rows, units) == {"death_date": "2025-11-20", "copies": 3, "fee_collected": True,
                                                  "parcel_unit": "80001", "note": "Nhà riêng"}
    assert FormWords(FORM).typed([["fee_collected", "không"]], units) == {"fee_collected": False}


@pytest.mark.parametrize(("field", "text", "expected"), [("Ngày chết", "20.11.2025", "dd/mm/yyyy"),
                                                         ("Số bản sao", "ba", "số nguyên"),
                                                         ("Đã thu phí", "chưa rõ", "«có» hoặc «không»")])
def test_a_value_of_the_wrong_kind_says_what_the_field_needs(field: str, text: str, expected: str) -> None:
    with pytest.raises(TrialFailure, match=f"^Trường «{field}» không nhận giá trị «{text}»: cần .*{expected}"):
        FormWords(FORM, "vi").typed([[field, text]], units)


def test_values_are_written_back_in_the_words_of_the_form() -> None:
    words = FormWords(FORM, "vi")
    assert words.written(words.field("relationship"), "spouse", str) == "Vợ, chồng"
    assert words.written(words.field("death_date"), "2025-11-20", str) == "20/11/2025"
    assert words.written(words.field("fee_collected"), True, str) == "có"
    assert words.written(words.field("parcel_unit"), "80001", {"80001": "Long An"}.get) == "Long An"


def test_a_refusal_names_each_field_by_its_title_and_the_values_a_choice_allows() -> None:
    refusal = FormWords(FORM, "vi").refusal([FieldError("deceased_name", "required"),
                                             FieldError("relationship", "oneOf")])
    assert refusal == ("«Họ, chữ đệm, tên người đã chết» chưa điền (bắt buộc); "
                       "«Quan hệ với người đã chết» chỉ nhận một trong «Con», «Vợ, chồng»")


def test_the_closest_names_ignore_accents_and_say_nothing_when_nothing_is_close() -> None:
    assert closest("vi", "dang ky khai tu", ["Đăng ký khai tử", "Chứng thực bản sao"]) == "Gần nhất: «Đăng ký khai tử». "
    assert closest("en", "zzzz", ["Đăng ký khai tử"]) == ""


def test_the_report_names_the_database_without_its_password_and_the_pack_by_its_files(tmp_path) -> None:
    from motcua.trial import database_shown, pack_version

    assert database_shown(None) == "SQLite"
    assert database_shown("postgresql://motcua:s3cret@db.example/motcua") == "postgresql://motcua:***@db.example/motcua"
    (tmp_path / "processes").mkdir()
    (tmp_path / "processes" / "a.toml").write_text("code = '1'", encoding="utf-8")
    first = pack_version(tmp_path)
    assert first.startswith("sha256:") and pack_version(tmp_path) == first
    (tmp_path / "processes" / "a.toml").write_text("code = '2'", encoding="utf-8")
    assert pack_version(tmp_path) != first
