"""Testers' side of the trial scripts: a new scenario needs no Python; a mistyped step says what was meant."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from motcua import trial
from tests.support.packs import PROJECT_ROOT

NEW_SCENARIO = """# language: vi
Tính năng: Kịch bản mới của tổ chạy thử phường Long An
  Kịch bản: Hồ sơ nhận và trả ngay tại phường
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 01/12/2025 lúc 14:00
    Khi công dân nộp hồ sơ "dang ky bien dong dat dai" tại "Long An"
    Thì ngày hẹn trả là 15/12/2025 lúc 17:00
    Khi chuyên viên của "Long An" thẩm định đạt
    Và lãnh đạo của "Long An" ký duyệt kết quả
    Và cán bộ tiếp nhận của "Long An" trả kết quả
    Thì hồ sơ được trả trước hạn
"""

MISTYPED = """Feature: A tester's typo
  Scenario: The leader signs
    Given ward "Long An" and ward "Kiến Tường" of province "Tây Ninh"
    When a citizen submits "land change registration" at "Long An"
    And the specialist of "Long An" approve the dossier
"""


@pytest.fixture
def written(tmp_path: Path):
    def write(text: str) -> Path:
        folder = tmp_path / "features"
        folder.mkdir()
        (folder / "new.feature").write_text(text, encoding="utf-8")
        return folder
    return write


def test_a_new_scenario_made_of_existing_steps_runs_and_is_reported(written, tmp_path: Path, capfd) -> None:
    result = trial.run(PROJECT_ROOT, written(NEW_SCENARIO), tmp_path / "reports")
    assert result.exit_code == 0, capfd.readouterr().out[-3000:]
    [feature] = json.loads(result.cucumber_json.read_text(encoding="utf-8"))
    steps = feature["elements"][0]["steps"]
    assert len(steps) == 8 and {s["result"]["status"] for s in steps} == {"passed"}
    html = result.html.read_text(encoding="utf-8")
    assert "Hồ sơ nhận và trả ngay tại phường — đạt" in html and "1 đạt" in html  # in the feature's language
    assert "— passed" not in html and "1 passed" not in html and 'lang="vi"' in html
    assert "Chạy lúc" in html and "Phiên bản gói quy trình" in html and "sha256:" in html
    assert "Cơ sở dữ liệu</dt><dd>SQLite" in html or "postgresql" in html


def test_an_unknown_step_fails_naming_the_closest_known_steps(written, tmp_path: Path, capfd) -> None:
    result = trial.run(PROJECT_ROOT, written(MISTYPED), tmp_path / "reports")
    output = capfd.readouterr().out
    assert result.exit_code == 1
    assert 'Step definition is not found: When "the specialist of "Long An" approve the dossier"' in output
    assert "Closest known steps:" in output
    assert 'When the specialist of "{unit}" approves the dossier' in output
    html = result.html.read_text(encoding="utf-8")
    assert "The leader signs — failed" in html and "Trial report" in html and "Run at" in html  # English feature


OTHER_SYSTEMS_MISTAKES = """# language: vi
Tính năng: Lỗi ở các bước văn bản, phản ánh và xếp hàng
  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30

  Kịch bản: Văn bản chưa đến
    Thì văn bản đến của "Kiến Tường" có "Công văn chưa gửi"

  Kịch bản: Nhóm phản ánh không có
    Khi người dân gửi trực tuyến phản ánh "Môi trường biển" đến tổng đài 1022 của "Tây Ninh": "Rác ở đầu hẻm 12"

  Kịch bản: Phản ánh quá ngắn
    Khi người dân gửi trực tuyến phản ánh "Giao thông" đến tổng đài 1022 của "Tây Ninh": "Đèn"

  Kịch bản: Nhóm quầy không có
    Khi công dân lấy số thứ tự nhóm "Thuế" tại "Long An"

  Kịch bản: Thời hạn trả lời sai
    Khi người dân gửi trực tuyến phản ánh "Giao thông" đến tổng đài 1022 của "Tây Ninh": "Đèn đường trước chợ hỏng"
    Và tổng đài viên của "Tây Ninh" không xử lý phản ánh vì "Trùng"
    Thì người dân tra cứu phản ánh bằng mã và đọc được "Đã sửa đèn"
"""


def test_documents_feedback_and_queue_steps_fail_with_a_tester_s_sentence(written, tmp_path: Path, capfd) -> None:
    result = trial.run(PROJECT_ROOT, written(OTHER_SYSTEMS_MISTAKES), tmp_path / "reports")
    capfd.readouterr()
    assert result.exit_code == 1
    [feature] = json.loads(result.cucumber_json.read_text(encoding="utf-8"))
    errors = {element["name"]: step["result"]["error_message"] for element in feature["elements"]
              for step in element["steps"] if step["result"].get("error_message")}
    assert errors["Văn bản chưa đến"] == ("Văn bản không có trong sổ văn bản đến của «Kiến Tường». "
                                          "Sổ đang có: (trống).")
    assert errors["Nhóm phản ánh không có"].startswith("Không có nhóm phản ánh «Môi trường biển». Gần nhất: "
                                                         "«Môi trường")
    assert errors["Nhóm quầy không có"].startswith("«Long An» không có nhóm «Thuế». Các nhóm: «A»")
    assert errors["Phản ánh quá ngắn"].startswith("Biểu mẫu «")
    assert "«Nội dung phản ánh, kiến nghị» cần ít nhất" in errors["Phản ánh quá ngắn"]
    assert errors["Thời hạn trả lời sai"] == "Người dân đọc được «Trùng», không phải «Đã sửa đèn»."
    assert all("Traceback" not in e and "assert " not in e for e in errors.values())
