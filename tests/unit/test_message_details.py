"""The detail a check passes into a message (issue 18, what was left): our own reasons are said in the reader's
language, and a library's words stay quoted as its original after a Vietnamese sentence that is whole without
them ("chi tiết kỹ thuật, nguyên văn tiếng Anh của ...")."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from motcua.domain.fees import FeeRuleError, check_schedule, read_schedule
from motcua.engine.pack import read_procedure
from motcua.engine.problems import Problem
from motcua.engine.timers import DurationError, working_duration
from motcua.messages import MESSAGES, render
from motcua.services.fees import FeeNotComputable
from tests.integration.test_vietnamese_pages import raw_words

TECHNICAL = "; chi tiết kỹ thuật, nguyên văn tiếng Anh của "
ENTRY = 'code = "1.000001"\nname_vi = "Thử"\nfield = "Hộ tịch"\nlevel = "commune"\ndiagram = "thu.bpmn"\nprocess_id = "thu"\n' \
        'processing_days = 1\nfee = "Không"\nresult = "Giấy"\n'


def sentence(text: str) -> str:
    """The Vietnamese sentence without the library's quoted words."""
    return text.split(TECHNICAL)[0]


def test_every_quoted_library_text_comes_last_after_a_whole_sentence() -> None:
    quoting = {code: vi for code, (vi, _en) in MESSAGES.items() if TECHNICAL in vi}
    assert {"xml.malformed", "toml.invalid", "form.bad_json", "form.bad_schema", "calendar.invalid",
            "sheet.not_a_workbook", "diagram.bad_expression", "dryrun.engine_failed"} <= set(quoting)
    for code, vi in quoting.items():
        assert re.search(r"của [^:]+: «\{detail\}»$", vi), code  # the original, quoted, at the end
        assert "{detail}" not in sentence(vi) and raw_words(re.sub(r"\{\w+\}", " ", sentence(vi))) == [], code


def test_a_toml_parse_error_is_a_vietnamese_sentence_with_tomllibs_words_quoted(tmp_path: Path) -> None:
    (tmp_path / "processes").mkdir()
    broken = tmp_path / "processes" / "thu.toml"
    broken.write_text(ENTRY + 'legal_basis = ["Luật"\n', "utf-8")
    problem = read_procedure(broken, tmp_path)
    assert isinstance(problem, Problem)
    vi = problem.text("vi")
    assert vi.startswith("Tệp không phải TOML hợp lệ: sửa tệp ở dòng được chỉ ra" + TECHNICAL + "trình đọc TOML")
    assert vi.endswith("«Unclosed array (at end of document)»")  # tomllib's own English, as it said it
    assert problem.text("en").startswith("not valid TOML: ")


def test_a_fee_rules_problem_in_the_catalogue_is_said_in_vietnamese(tmp_path: Path) -> None:
    (tmp_path / "processes").mkdir()
    entry = tmp_path / "processes" / "thu.toml"
    entry.write_text(ENTRY + '[fees]\n[[fees.items]]\nlabel = "Phí thử"\nkind = "thuế"\namount = 1000\n', "utf-8")
    problem = read_procedure(entry, tmp_path)
    assert isinstance(problem, Problem)
    assert problem.text("vi") == "Khoản phí «Phí thử» trong [fees] chưa đúng: kind phải là một trong phí, lệ phí, " \
                                 "không phải 'thuế': sửa quy tắc đó"
    assert "kind must be one of phí, lệ phí, not 'thuế'" in problem.text("en")


def test_a_fee_that_cannot_be_computed_at_intake_gives_its_reason_in_the_clerks_language() -> None:
    schedule = read_schedule({"items": [{"label": "Phí thử", "amount": "1000 * pages"}]})
    with pytest.raises(FeeRuleError) as caught:
        schedule.assess({"pages": "ba"}, date(2026, 1, 5))
    refused = FeeNotComputable({"vi": "Thủ tục thử", "en": "Trial"}, caught.value)
    vi, en = (render(refused.code, refused.params, locale) for locale in ("vi", "en"))
    assert vi == "Chưa tính được phí, lệ phí của thủ tục «Thủ tục thử», khoản «Phí thử» (trường pages): không tính " \
                 "được «1000 * pages» (phép tính cần số, nhưng nhận được 1000 và 'ba')."
    assert en.endswith("cannot be computed: «1000 * pages» cannot be computed (arithmetic needs numbers, got 1000 "
                       "and 'ba').")
    [problem] = check_schedule(read_schedule({"items": [{"label": "Phí thử", "amount": "1000 * so_trang"}]}),
                               {"pages"}, [{"pages": 1}], date(2026, 1, 5))
    assert problem.text("vi").startswith("quy tắc phí, lệ phí đọc «so_trang», trường mà biểu mẫu tiếp nhận không có")


def test_pythons_own_words_inside_a_fee_reason_are_marked_as_such() -> None:
    schedule = read_schedule({"items": [{"label": "Phí thử", "amount": "1000 // (pages - pages)"}]})
    with pytest.raises(FeeRuleError) as caught:
        schedule.assess({"pages": 2}, date(2026, 1, 5))
    assert caught.value.reason.text("vi") == "không tính được «1000 // (pages - pages)» (chi tiết kỹ thuật, nguyên " \
                                             "văn tiếng Anh của Python: «integer division or modulo by zero»)"


@pytest.mark.parametrize(("duration", "vi"), [
    ("P1M", "'P1M': năm và tháng không quy được ra ngày làm việc; hãy ghi theo ngày (P20D)"),
    ("3 ngày", "'3 ngày' không phải là khoảng thời gian theo ISO 8601 (ví dụ P3D hoặc PT4H)"),
])
def test_a_timers_duration_is_refused_in_the_analysts_language(duration: str, vi: str) -> None:
    with pytest.raises(DurationError) as caught:
        working_duration(duration)
    assert caught.value.said.text("vi") == vi
    assert render("diagram.bad_timer", {"detail": caught.value.said.words()}, "vi") == \
        f"Thời hạn hẹn giờ không hợp lệ: {vi}"
