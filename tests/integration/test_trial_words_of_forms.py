"""Scenarios written from ``--list-fields`` and ``new`` alone: every catalogue procedure submitted and worked
without a table, generated features that run green as written, and deliberate mistakes told as sentences."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from features.steps.library import submit
from features.steps.trial import Trial
from motcua import trial
from motcua.cli import main
from motcua.engine.pack import Pack
from motcua.trial import skeleton
from motcua.trial.failures import TrialFailure
from tests.support.packs import PROJECT_ROOT

ROLE_WORDS = {"reception": "reception clerk", "specialist": "specialist", "leader": "leader"}


def test_every_catalogue_procedure_is_submitted_and_worked_to_its_return_without_a_table(trial: Trial) -> None:
    trial.language = "vi"
    trial.ensure_unit("ward", "Long An", "Tây Ninh")
    services = [p.procedure for p in trial.runtime.pack.procedures.values() if p.procedure.is_public_service]
    assert len(services) >= 46
    unfinished = {}
    for procedure in services:
        submit(trial, procedure.name_vi, "Long An")
        for _ in range(20):
            waiting = trial.desk.waiting(trial.current)
            if not waiting:
                break
            title, role, unit = waiting[0]
            trial.do(ROLE_WORDS[role], unit, title)
        status = trial.desk.dossier(trial.current, trial.desk_user(trial.current)).dossier.status
        if status != "returned":
            unfinished[procedure.slug] = (status, trial.desk.waiting(trial.current))
    assert unfinished == {}


def test_a_task_that_is_not_there_says_what_the_dossier_waits_for(trial: Trial) -> None:
    trial.language = "vi"
    submit(trial, "cấp bản sao trích lục hộ tịch", "Long An")
    with pytest.raises(TrialFailure) as caught:
        trial.do("lãnh đạo", "Long An", "Phê duyệt kết quả")
    assert str(caught.value) == ("Lãnh đạo của «Long An» không có bước «Phê duyệt kết quả» trên hồ sơ này. "
                                 "Hồ sơ đang chờ: «Xử lý hồ sơ tại quầy» (Cán bộ tiếp nhận của Phường Long An).")


def test_a_refused_form_names_the_field_by_its_title(trial: Trial) -> None:
    trial.language = "en"
    submit(trial, "civil_status_extract_copy", "Long An")
    with pytest.raises(TrialFailure) as caught:
        trial.do("reception clerk", "Long An", "Xử lý hồ sơ tại quầy", rows=[["Ý kiến xử lý", "Đủ"]])
    assert str(caught.value) == ("The form «Xử lý tại quầy» of the step «Xử lý hồ sơ tại quầy» was refused: "
                                 "«Đề xuất» is empty (required); «Ý kiến xử lý» needs at least 5 characters.")


def test_list_fields_shows_each_step_of_the_procedure_and_of_the_shared_parts_it_calls(project_pack: Pack) -> None:
    text = skeleton.fields(project_pack.get("burial_support"))
    assert "[phần dùng chung one_stop_reception: bpmn/shared/reception.bpmn]" in text
    assert "Bước «Thẩm định hồ sơ» — Chuyên viên xử lý (specialist) — biểu mẫu review" in text
    assert ("- «Quyết định» (decision): lựa chọn, bắt buộc; chọn: «Đồng ý, ký kết quả» (sign) | "
            "«Trả lại chuyên viên xử lý» (send_back)") in text
    assert "- «Đề nghị gia hạn trả kết quả đến ngày» (new_due_date): ngày dd/mm/yyyy, bắt buộc" in text
    result = CliRunner().invoke(main, ["trial", "--list-fields", "mai tang phi"])
    assert result.exit_code == 0 and "Bước «Trả kết quả cho công dân»" in result.output
    result = CliRunner().invoke(main, ["trial", "--list-fields", "đăng ký khai thuế"])
    assert result.exit_code == 1 and "Closest: «Đăng ký khai tử»" in result.output


MISTAKES = """# language: vi
Tính năng: Lỗi cố ý của người viết kịch bản
  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30

  Kịch bản: Trường không có trên biểu mẫu
    Khi công dân nộp hồ sơ "đăng ký khai tử" tại "Long An" với:
      | trường   | giá trị    |
      | Ngày mất | 20/11/2025 |

  Kịch bản: Lựa chọn không có
    Khi công dân nộp hồ sơ "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội" tại "Long An"
    Và chuyên viên của "Long An" hoàn thành "Thẩm định hồ sơ" với:
      | trường           | giá trị |
      | Ý kiến thẩm định | Đạt     |
      | Đề xuất          | Đồng ý  |

  Kịch bản: Bước không có
    Khi công dân nộp hồ sơ "Cấp bản sao trích lục hộ tịch" tại "Long An"
    Và chuyên viên của "Long An" hoàn thành "Thẩm định hồ sơ"

  Kịch bản: Thủ tục không có
    Khi công dân nộp hồ sơ "đăng ký khai thuế" tại "Long An"
"""


def test_generated_features_run_green_and_deliberate_mistakes_read_as_sentences(project_pack: Pack, tmp_path: Path,
                                                                                  capfd: pytest.CaptureFixture) -> None:
    green = tmp_path / "green"
    for slug in ("burial_support", "civil_status_extract_copy"):
        result = CliRunner().invoke(main, ["trial", "new", slug, "--out", str(green / f"{slug}.feature")])
        assert result.exit_code == 0, result.output
    text = (green / "burial_support.feature").read_text(encoding="utf-8")
    assert text.startswith("# language: vi\n") and "| Đề xuất          | Đủ điều kiện, trình lãnh đạo ký kết quả |" in text
    assert "CHỈ đường chính của thủ tục" in text  # honest about what it covers, and what it leaves out:
    assert "#   Bước «Thẩm định hồ sơ», «Đề xuất»: «Không đủ điều kiện, trình ký văn bản trả lời nêu rõ lý do»" in text
    assert "#   Bước chưa đi qua: «Lập phiếu xin lỗi, hẹn lại ngày trả»" in text
    run = trial.run(PROJECT_ROOT, green, tmp_path / "green-report")
    assert run.exit_code == 0, capfd.readouterr().out[-3000:]
    mistakes = tmp_path / "mistakes"
    mistakes.mkdir()
    (mistakes / "mistakes.feature").write_text(MISTAKES, encoding="utf-8")
    run = trial.run(PROJECT_ROOT, mistakes, tmp_path / "mistakes-report")
    assert run.exit_code == 1
    [feature] = json.loads(run.cucumber_json.read_text(encoding="utf-8"))
    errors = {element["name"]: step["result"]["error_message"] for element in feature["elements"]
              for step in element["steps"] if step["result"].get("error_message")}
    assert errors["Trường không có trên biểu mẫu"].startswith(
        "Biểu mẫu «Tiếp nhận hồ sơ đăng ký khai tử» không có trường «Ngày mất». Gần nhất: «Ngày chết»")
    assert errors["Lựa chọn không có"] == (
        "Trường «Đề xuất» không nhận giá trị «Đồng ý»: chỉ chọn một trong «Đủ điều kiện, trình lãnh đạo ký kết quả», "
        "«Không đủ điều kiện, trình ký văn bản trả lời nêu rõ lý do», "
        "«Cần công dân bổ sung, hoàn thiện hồ sơ (dừng tính thời gian)».")
    assert errors["Bước không có"] == ("Chuyên viên xử lý của «Long An» không có bước «Thẩm định hồ sơ» trên hồ sơ "
                                       "này. Hồ sơ đang chờ: «Xử lý hồ sơ tại quầy» (Cán bộ tiếp nhận của Phường "
                                       "Long An).")
    assert errors["Thủ tục không có"].startswith("Không có thủ tục «đăng ký khai thuế» trong danh mục. Gần nhất: "
                                                 "«Đăng ký khai tử»")
    assert all("Traceback" not in e and ".py:" not in e for e in errors.values())
