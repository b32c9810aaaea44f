"""`motcua import`: a Camunda diagram becomes a pack diagram that validates once its catalogue entry is written."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from motcua.cli import main
from tests.support.packs import diagram, make_pack, user_task

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
CAMUNDA = FIXTURES / "camunda7_verification.bpmn"


def pack(tmp_path: Path) -> Path:
    return make_pack(tmp_path, diagram("task", user_task("task", "end"), lane=("task",)))


def test_an_import_writes_the_diagram_lists_every_note_by_line_and_prints_the_catalogue_entry_to_complete(
        tmp_path: Path) -> None:
    root = pack(tmp_path)
    result = CliRunner().invoke(main, ["import", str(CAMUNDA), "--pack", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "camunda7_verification.bpmn: settings of Camunda 7" in lines
    assert "  camunda7_verification.bpmn:7 [verify]: Camunda 7 candidateGroups 'Chuyên viên xử lý' -> lane " \
           "specialist" in lines
    assert "  camunda7_verification.bpmn:10 [verify]: Camunda 7 setting inputOutput (element) was removed: pass " \
           "data through a handler's parameters or a Python script task" in lines
    assert "the pack's checks pass (`motcua validate` also walks every path once the catalogue names it)" in lines
    written = root / "bpmn" / "camunda7_verification.bpmn"
    assert "spiffworkflow:formJsonSchemaFilename" in written.read_text(encoding="utf-8")
    template = result.output[result.output.index("# processes/camunda7_verification.toml"):]
    assert 'process_id = "verification"' in template and 'name_vi = "Xác minh hồ sơ"' in template
    assert "\ncode =" not in template  # facts the diagram does not hold are left for the analyst

    entry = root / "processes" / "camunda7_verification.toml"
    entry.write_text(template, encoding="utf-8")
    refused = CliRunner().invoke(main, ["validate", str(root), "--lang", "en"])
    assert refused.exit_code == 1 and "missing field(s): code, field, level, fee, result" in refused.output
    entry.write_text(template + 'code = "9.000077"\nfield = "Thử"\nlevel = "commune"\nprocessing_days = 3\n'
                                'fee = "Không"\nresult = "Văn bản"\n', encoding="utf-8")
    accepted = CliRunner().invoke(main, ["validate", str(root), "--lang", "en"])
    assert accepted.exit_code == 0, accepted.output
    assert "ok: 2 procedure(s)" in accepted.output


def test_an_import_never_overwrites_unless_forced_and_takes_an_existing_procedure_s_process_id(
        tmp_path: Path) -> None:
    root = pack(tmp_path)
    before = (root / "bpmn" / "trial.bpmn").read_text(encoding="utf-8")
    target = ["--slug", "trial", "--out", str(root / "bpmn" / "trial.bpmn")]
    kept = CliRunner().invoke(main, ["import", str(CAMUNDA), "--pack", str(root), *target])
    assert kept.exit_code == 1 and "exists" in kept.output and "--force" in kept.output
    assert (root / "bpmn" / "trial.bpmn").read_text(encoding="utf-8") == before
    forced = CliRunner().invoke(main, ["import", str(CAMUNDA), "--pack", str(root), *target, "--force"])
    assert forced.exit_code == 0, forced.output
    assert "process 'verification' -> 'trial' (the procedure's process_id)" in forced.output
    assert "processes/trial.toml already names this diagram" in forced.output
    assert CliRunner().invoke(main, ["validate", str(root), "--lang", "en"]).exit_code == 0


def test_an_import_that_still_needs_work_says_what_the_checks_refuse(tmp_path: Path) -> None:
    root = pack(tmp_path)
    result = CliRunner().invoke(main, ["import", str(FIXTURES / "camunda8_intake.bpmn"), "--pack", str(root)])
    assert result.exit_code == 0, result.output
    assert "the pack's checks still refuse it (1):" in result.output
    assert "bpmn/camunda8_intake.bpmn:" in result.output and "[pay]" in result.output
    broken = tmp_path / "broken.bpmn"
    broken.write_text("<bpmn:definitions", encoding="utf-8")
    refused = CliRunner().invoke(main, ["import", str(broken), "--pack", str(root)])
    assert refused.exit_code == 1 and "broken.bpmn:1: XML is not well-formed" in refused.output
    assert not (root / "bpmn" / "broken.bpmn").exists()
