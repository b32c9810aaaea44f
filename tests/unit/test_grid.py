"""Ruled tables drawn on the canvas: long cells wrap within their column, a long table splits between rows with
its header repeated, and a register of many dossiers keeps every line across its pages."""
from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from motcua.documents import slips
from motcua.documents.grid import NORMAL, Grid, table
from motcua.documents.layout import Letterhead
from motcua.domain.clock import VN_TZ

HEAD = Letterhead("Phường Long An", "80001-261130-0001", "http://127.0.0.1:5000/tra-cuu?ma=x", "Long An")


def test_a_long_cell_wraps_within_its_column_and_a_short_one_stays_on_one_line() -> None:
    grid = table([("STT", "Tên giấy tờ"), ("1", "Hợp đồng, văn bản về việc chuyển quyền đã công chứng, chứng thực "
                                                "theo quy định của pháp luật về đất đai")], (12, 60))
    number, name = grid.cell_lines(1, 0), grid.cell_lines(1, 1)
    assert number == ("1",)
    assert len(name) > 1
    room = 60 * 72 / 25.4 - 2 * NORMAL.padding_x
    assert all(pdfmetrics.stringWidth(line, "Body", NORMAL.cell_size) <= room for line in name)
    assert " ".join(name).split() == ("Hợp đồng, văn bản về việc chuyển quyền đã công chứng, chứng thực theo "
                                            "quy định của pháp luật về đất đai").split()


def test_a_long_table_splits_between_rows_with_its_header_repeated() -> None:
    grid = table([("STT", "Mã hồ sơ")] + [(str(i), f"80001-261130-{i:04d}") for i in range(1, 41)], (12, 60))
    first, rest = grid.split(grid.width, grid.height / 2)
    assert isinstance(first, Grid) and isinstance(rest, Grid)
    assert first.height <= grid.height / 2
    assert rest.rows[0] == ["STT", "Mã hồ sơ"]
    assert first.rows[1:] + rest.rows[1:] == grid.rows[1:]
    assert grid.split(grid.width, 5) == []  # not even the header and a row: the page breaks before it


def test_a_register_of_many_dossiers_keeps_every_line_across_its_pages() -> None:
    at = datetime(2026, 11, 2, 8, 0, tzinfo=VN_TZ)
    lines = [slips.RegisterLine(i, f"80001-261102-{i:04d}", "Đăng ký biến động đất đai", 1, "Nguyễn Thị Hoa",
                                "Khu phố 1, 0912345678", "Phường Long An", at, at, None, None, None, "")
             for i in range(1, 61)]
    pdf = slips.register_book(HEAD, lines=lines, start=date(2026, 11, 1), end=date(2026, 11, 30), issued_at=at)
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) > 1
    text = "\n".join(page.extract_text() for page in pages)
    assert all(f"80001-261102-{i:04d}" in text for i in range(1, 61))
    assert all("Mã hồ sơ" in page.extract_text() for page in pages)  # the header on every page
