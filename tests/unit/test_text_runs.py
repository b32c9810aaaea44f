"""Plain runs of text on the forms: broken into lines no wider than their column, fonts kept, nothing lost."""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from motcua.documents.fonts import register
from motcua.documents.layout import Runs, labelled


def _laid_out(runs: Runs, width: float) -> list[list[tuple[str, str]]]:
    register()
    runs.wrap(width, 1000)
    return runs.lines


def _width(line: list[tuple[str, str]], size: float = 10.5) -> float:
    return sum(pdfmetrics.stringWidth(value, "Body" if font == "Body-Italic" else font, size) for font, value in line)


def test_a_label_and_its_value_fit_on_one_line_as_two_runs() -> None:
    assert _laid_out(labelled("Số điện thoại", "0912345678"), 400) == [[("Body", "Số điện thoại: "),
                                                                         ("Body-Bold", "0912345678")]]


def test_long_text_breaks_at_spaces_within_the_width_and_keeps_every_word() -> None:
    value = "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (mã 1.012345)"
    lines = _laid_out(labelled("Nội dung yêu cầu giải quyết", value), 200)
    assert len(lines) > 2
    assert all(_width(line) <= 200 for line in lines)
    text = " ".join("".join(v for _, v in line) for line in lines)
    assert text.split() == f"Nội dung yêu cầu giải quyết: {value}".split()
    assert lines[-1][-1][0] == "Body-Bold"  # the value stays bold across lines


def test_a_word_wider_than_the_column_is_cut_not_overflowing() -> None:
    url = "https://dichvucong.example.vn/tra-cuu?ma=000.00.31.H53-261130-0001&ngon-ngu=vi"
    lines = _laid_out(Runs([("Body", url)], size=8.5), 120)
    assert len(lines) > 1 and all(_width(line, 8.5) <= 120 for line in lines)
    assert "".join(v for line in lines for _, v in line) == url


def test_an_empty_run_is_one_empty_line() -> None:
    assert _laid_out(Runs([("Body", "")]), 100) == [[("Body", "")]]
