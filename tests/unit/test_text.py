"""Accent-insensitive matching, as citizens and testers type Vietnamese."""
from pathlib import Path

import pytest

from motcua.domain.text import fold
from motcua.engine.pack import load_pack


def test_fold_removes_accents_case_and_extra_spaces() -> None:
    assert fold("Đăng ký  Khai sinh") == "dang ky khai sinh"
    assert fold("ĐẤT ĐAI") == fold("dat dai") == "dat dai"


def test_procedures_are_found_by_any_name_with_or_without_accents() -> None:
    pack = load_pack(Path(__file__).resolve().parents[2])
    for name in ("land change registration", "Đăng ký biến động đất đai", "dang ky bien dong dat dai",
                 "1.004227", "land_change", "sổ đỏ"):
        assert pack.find(name).procedure.slug == "land_change"
    with pytest.raises(KeyError, match="could be any of"):  # several land procedures now: the clerk must choose
        pack.find("quyền sử dụng đất")
