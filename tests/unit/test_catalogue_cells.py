"""The cells of a province's procedure list read as the catalogue's facts, and what is flagged instead of guessed."""
from datetime import time

import pytest

from motcua.domain.catalogue_cells import (
    CellError,
    decided_elsewhere,
    deciding_body,
    items,
    read_code,
    read_fee,
    read_legal_basis,
    read_level,
    read_papers,
    read_time,
    received_at_commune,
)
from motcua.services.catalogue_sheet import column_fact


@pytest.mark.parametrize(("cell", "days", "hours", "until", "noted"), [
    ("05 ngày làm việc", 5, None, None, False),
    ("03 ngày làm việc kể từ ngày nhận đủ hồ sơ", 3, None, None, False),
    ("Trong ngày", 0, None, None, False),
    ("Ngay trong ngày làm việc; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo",
     0, None, time(15), False),
    ("Trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận yêu cầu sau 15h30", 0, None,
     time(15, 30), False),
    ("Không quá 10 ngày", 10, None, None, True),  # days not said to be working days
    ("04 giờ làm việc", None, 4, None, False),
    ("03 ngày làm việc; trường hợp cần xác minh thì không quá 06 ngày làm việc", 3, None, None, True),
    ("0,5 ngày làm việc", None, 4, None, True),
    (7, 7, None, None, True),  # a bare number: the column does not say which days
    ("05", 5, None, None, True),
])
def test_time_cells_as_provinces_word_them(cell, days, hours, until, noted) -> None:
    limit = read_time(cell)
    assert (limit.days, limit.hours, limit.same_day_until, bool(limit.notes)) == (days, hours, until, noted)


def test_a_header_saying_working_days_confirms_a_bare_number() -> None:
    assert read_time(7, header_says_working_days=True).notes == ()


@pytest.mark.parametrize(("cell", "why"), [
    ("", "no processing time"),
    ("Rà soát từ ngày 01 tháng 9 đến hết ngày 14 tháng 12 của năm", "names no number of days or hours"),
    ("02 tháng", "in weeks, months or years"),
])
def test_a_time_that_is_not_one_is_refused_with_what_the_cell_said(cell, why) -> None:
    with pytest.raises(CellError, match=why):
        read_time(cell)


@pytest.mark.parametrize(("cell", "fee"), [
    ("Không", "Không"), ("Không có", "Không"), ("không thu phí.", "Không"), (0, "Không"), ("Miễn", "Miễn"),
    ("8.000 đồng/bản", "8.000 đồng/bản"), (8000, "8.000 đồng"), (None, ""),
    ("Lệ phí: 10.000 đồng\nMiễn cho hộ nghèo", "Lệ phí: 10.000 đồng; Miễn cho hộ nghèo"),
])
def test_fee_cells_are_kept_as_published_and_none_reads_khong(cell, fee) -> None:
    assert read_fee(cell) == fee


def test_codes_in_the_national_form_with_the_portal_suffix_or_turned_into_numbers_by_excel() -> None:
    assert read_code("1.001193").code == "1.001193"
    suffixed = read_code("1.004873.000.00.00.H01")
    assert (suffixed.code, suffixed.national, suffixed.written) == ("1.004873", True, "1.004873.000.00.00.H01")
    assert read_code(1.0009).code == "1.000900"
    local = read_code("T-LSN-01")
    assert (local.code, local.national) == ("T-LSN-01", False)
    with pytest.raises(CellError):
        read_code("  ")


def test_list_cells_split_by_lines_numbers_and_bullets_but_not_inside_an_item() -> None:
    assert items("1. Tờ khai; 2. Giấy chứng sinh; nếu không có thì giấy cam đoan\n- Giấy tờ tùy thân\n+ Sổ hộ khẩu") \
        == ["Tờ khai", "Giấy chứng sinh; nếu không có thì giấy cam đoan", "Giấy tờ tùy thân", "Sổ hộ khẩu"]
    assert items("a) Đơn đề nghị; b) Bản sao quyết định_x000D_\nc) Ảnh 4x6") == \
        ["Đơn đề nghị", "Bản sao quyết định", "Ảnh 4x6"]


def test_paper_counts_come_from_the_words_and_unstated_counts_are_named() -> None:
    read = read_papers(
        "Thành phần hồ sơ gồm:\n1. Tờ khai theo mẫu (01 bản chính);\n2. Bản sao Giấy khai sinh\n"
        "3. Văn bản ủy quyền (nếu có): bản chính hoặc bản sao\n4. Đơn đề nghị (Bản chính: 2, Bản sao: 1)\n"
        "5. Ảnh 4x6\nGiấy tờ phải xuất trình:\n- Căn cước\nSố lượng hồ sơ: 01 bộ")
    got = [(p.name, p.originals, p.copies, p.optional) for p in read.papers]
    assert got == [
        ("Tờ khai theo mẫu (01 bản chính)", 1, 0, False),
        ("Bản sao Giấy khai sinh", 0, 1, False),
        ("Văn bản ủy quyền (nếu có): bản chính hoặc bản sao", 0, 0, True),  # either: the sheet does not say
        ("Đơn đề nghị (Bản chính: 2, Bản sao: 1)", 2, 1, False),
        ("Ảnh 4x6", 0, 0, False),
        ("Căn cước (xuất trình)", 1, 0, False),
    ]
    assert read.uncounted == ["Văn bản ủy quyền (nếu có): bản chính hoặc bản sao", "Ảnh 4x6"]


def test_a_kind_named_inside_a_papers_name_is_no_count() -> None:
    paper = read_papers("Bản chính giấy tờ làm cơ sở để chứng thực bản sao").papers[0]
    assert (paper.originals, paper.copies) == (1, 0)


def test_legal_basis_one_document_per_line_item_or_semicolon() -> None:
    assert read_legal_basis("- Luật Hộ tịch số 60/2014/QH13;\n- Nghị định số 123/2015/NĐ-CP; Thông tư 04/2020/TT-BTP.") \
        == ["Luật Hộ tịch số 60/2014/QH13", "Nghị định số 123/2015/NĐ-CP", "Thông tư 04/2020/TT-BTP"]


def test_levels_and_who_decides() -> None:
    assert read_level("Cấp xã") == "commune" and read_level("Cấp Xã, Cấp Tỉnh") == "commune"
    assert read_level("Cấp tỉnh") == "province" and read_level("") is None
    with pytest.raises(CellError, match="abolished on 1 July 2025"):
        read_level("Cấp huyện")
    assert deciding_body("Cơ quan có thẩm quyền quyết định: Văn phòng đăng ký đất đai; Cơ quan trực tiếp thực "
                         "hiện: UBND cấp xã") == "Văn phòng đăng ký đất đai"
    assert deciding_body("Ủy ban nhân dân cấp xã\nCông chức Tư pháp - Hộ tịch") == "Ủy ban nhân dân cấp xã"
    for body in ("Chi nhánh Văn phòng đăng ký đất đai", "Công an cấp xã", "Sở Tư pháp", "UBND tỉnh"):
        assert decided_elsewhere(body), body
    for body in ("Ủy ban nhân dân cấp xã", "Chủ tịch UBND xã", "Phòng Văn hóa - Xã hội", "cơ sở giáo dục"):
        assert not decided_elsewhere(body), body
    assert received_at_commune("Bộ phận Một cửa UBND cấp xã") and received_at_commune("")
    assert not received_at_commune("Trung tâm Phục vụ hành chính công tỉnh")
    assert not received_at_commune("Sở Lao động - Thương binh và Xã hội")


@pytest.mark.parametrize(("title", "fact"), [
    ("Mã TTHC", "code"), ("Mã thủ tục", "code"), ("Ký hiệu thủ tục", "code"), ("Mã số TTHC", "code"),
    ("Tên thủ tục hành chính", "name"), ("Tên TTHC", "name"), ("Lĩnh vực", "field"), ("Tên lĩnh vực", "field"),
    ("Cấp thực hiện", "level"), ("Cơ quan thực hiện", "authority"), ("Thẩm quyền giải quyết", "authority"),
    ("Địa điểm thực hiện", "reception"), ("Thời hạn giải quyết", "time"), ("Thời gian giải quyết", "time"),
    ("Ngày thụ lý", "time"), ("Thời hạn giải quyết (ngày làm việc)", "time"), ("Phí, lệ phí (nếu có)", "fee"),
    ("Các khoản phí và lệ phí", "fee"), ("Lệ phí", "fee"), ("Thành phần hồ sơ", "papers"),
    ("Thành phần, số lượng hồ sơ", "papers"), ("Kết quả thực hiện", "result"), ("Kết quả thủ tục", "result"),
    ("Căn cứ pháp lý", "legal_basis"), ("Cơ sở pháp lý", "legal_basis"), ("STT", None),
    ("Đối tượng thực hiện", None), ("Trình tự thực hiện", None), ("Cách thức thực hiện", None),
])
def test_headers_are_matched_by_their_folded_names_and_common_variants(title, fact) -> None:
    assert column_fact(title) == fact
    assert column_fact(title.upper()) == fact


def test_an_entry_renders_as_toml_that_reads_back_whatever_the_sheet_held() -> None:
    import tomllib

    from motcua.domain.catalogue_cells import TimeLimit
    from motcua.messages import Said
    from motcua.services.catalogue_import import Entry, analyst_edited, render_entry

    odd = 'Thủ tục "thử" \\ một\tdòng\x7f'
    entry = Entry(code="1.000001", name_vi=odd, field="Hộ tịch", level="commune", pattern="counter_same_day",
                  time=TimeLimit(days=0, same_day_until=time(15)), fee="Không", result=odd, legal_basis=[odd],
                  papers=[], place=Said("sheet.row", row=5, sheet="S"))
    text = render_entry(entry, "ds.xlsx")
    data = tomllib.loads(text)
    assert (data["name_vi"], data["result"], data["legal_basis"], data["same_day_until"]) == (odd, odd, [odd], "15:00")
    assert analyst_edited(text) is None
    assert "edited since it was imported" in str(analyst_edited(text.replace("\n", "\r\n")))  # CRLF is an edit too
    assert "not written by the importer" in str(analyst_edited(text.split("\n", 1)[1]))


def test_slugs_are_ascii_from_the_name_and_unique() -> None:
    from motcua.services.catalogue_import import unique_slug

    assert unique_slug("Thủ tục Đăng ký khai sinh", "1.001193", set()) == "dang_ky_khai_sinh"
    assert unique_slug("Đăng ký khai sinh", "1.001193", {"dang_ky_khai_sinh"}) == "dang_ky_khai_sinh_1_001193"
    assert unique_slug("Đăng ký khai sinh", "1.001193", {"dang_ky_khai_sinh", "dang_ky_khai_sinh_1_001193"}) == \
        "dang_ky_khai_sinh_1_001193_2"
    long = unique_slug("Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
                       "2.000815", set())
    assert len(long) <= 60 and long.isascii() and not long.endswith("_")


def _row(**values):
    from motcua.services.catalogue_sheet import SheetRow

    base = {"code": ["1.000020"], "name": ["Thủ tục thử"], "field": ["Hộ tịch"], "time": ["05 ngày làm việc"],
            "fee": ["Không"], "papers": ["Đơn (01 bản chính)"], "result": ["Quyết định"], "legal_basis": ["Luật Thử"]}
    base.update({k: [v] for k, v in values.items()})
    return SheetRow(sheet="S", rows=[3], values=base)


def test_the_pattern_rule_another_authority_first_then_the_same_day_then_specialist_and_leader() -> None:
    from motcua.services.catalogue_import import build_entry

    assert build_entry(_row()).pattern == "specialist_leader"
    assert build_entry(_row(time="Trong ngày")).pattern == "counter_same_day"
    police = build_entry(_row(time="Trong ngày", authority="Công an cấp xã", level="Cấp xã"))
    assert (police.pattern, police.competent_authority, police.level, police.unconfirmed) == \
        ("other_authority", "Công an cấp xã", "commune", [])
    provincial = build_entry(_row(level="Cấp tỉnh"))  # no deciding body named: only the level
    assert (provincial.pattern, provincial.competent_authority, provincial.level, provincial.unconfirmed) == \
        ("other_authority", "Cấp tỉnh", "province", ["competent_authority"])
    commune = build_entry(_row(authority="Ủy ban nhân dân cấp xã", level="Cấp xã, Cấp tỉnh"))
    assert (commune.pattern, commune.competent_authority) == ("specialist_leader", "")
    forced = build_entry(_row(), pattern="other_authority")
    assert (forced.pattern, forced.competent_authority, forced.unconfirmed) == \
        ("other_authority", "", ["competent_authority"])
    assert "the rule would choose specialist_leader" in forced.pattern_reason
