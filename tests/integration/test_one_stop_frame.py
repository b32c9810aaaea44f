"""The one-stop frame: shared parts written once, called by every procedure, fitted from the catalogue.

A change to a shared part reaches every procedure that calls it (a new version for each), a procedure on a
standard pattern runs with no diagram of its own, and the catalogue's forms, parameters and step quotas fit
the shared parts to each procedure.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from motcua.domain.clock import FixedClock
from motcua.engine.pack import load_pack
from motcua.engine.problems import PackError
from motcua.services.runtime import Runtime
from tests.support.packs import PROJECT_ROOT
from tests.support.walk import work_dossier

SHARED = ("bpmn/shared/reception.bpmn", "bpmn/shared/decision.bpmn", "bpmn/shared/result_return.bpmn")


def project_copy(root: Path) -> Path:
    """The project's pack, copied so a test may change one file of it."""
    for folder in ("bpmn", "forms", "processes", "dmn"):
        if (PROJECT_ROOT / folder).is_dir():
            shutil.copytree(PROJECT_ROOT / folder, root / folder)
    shutil.copytree(PROJECT_ROOT / "handlers", root / "handlers", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("calendar.toml", "queue.toml", "messages.toml", "paper_kinds.toml"):
        if (PROJECT_ROOT / name).is_file():
            shutil.copy(PROJECT_ROOT / name, root / name)
    return root


def test_every_procedure_calls_the_shared_parts_and_most_need_no_diagram(runtime: Runtime) -> None:
    services = [p for p in runtime.pack.procedures.values() if p.procedure.is_public_service]
    assert len(services) >= 40
    for loaded in services:
        assert set(SHARED) <= set(loaded.compiled.companions), loaded.procedure.slug
    on_patterns = [p for p in services if p.procedure.pattern]
    assert len(on_patterns) >= 30
    assert {p.procedure.pattern for p in on_patterns} == {"counter_same_day", "specialist_leader",
                                                          "verified_by_other_unit", "other_authority"}


def test_a_rule_change_in_a_shared_part_reaches_every_procedure_that_calls_it(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "pack")
    before = load_pack(root)
    part = root / "bpmn" / "shared" / "result_return.bpmn"
    part.write_text(part.read_text(encoding="utf-8").replace(
        'name="Trả kết quả cho công dân"', 'name="Trả kết quả và lấy ý kiến đánh giá"'), encoding="utf-8")
    after = load_pack(root)
    for slug, loaded in after.procedures.items():
        calls = "bpmn/shared/result_return.bpmn" in loaded.compiled.companions
        assert (loaded.digest != before.procedures[slug].digest) == calls, slug
        if calls:
            names = {t.bpmn_name for spec in loaded.compiled.subprocess_specs.values()
                     for t in spec.task_specs.values() if getattr(t, "bpmn_name", None)}
            assert "Trả kết quả và lấy ý kiến đánh giá" in names


def test_a_broken_shared_part_is_refused_naming_its_own_file_and_element(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "pack")
    part = root / "bpmn" / "shared" / "decision.bpmn"
    part.write_text(part.read_text(encoding="utf-8").replace('id="signing.sign_result"', 'id="signing.stamp"'),
                    encoding="utf-8")
    with pytest.raises(PackError) as refused:
        load_pack(root)
    problems = [(p.file, p.element) for p in refused.value.problems if p.file != "queue.toml"]
    assert problems == [("bpmn/shared/decision.bpmn", "sign")]  # once, though every procedure calls the part
    line = next(p.line for p in refused.value.problems)
    assert 'id="sign"' in part.read_text(encoding="utf-8").splitlines()[line - 1]


@pytest.mark.parametrize("slug", ["civil_status_extract_copy", "parent_child_recognition", "land_first_registration",
                                  "land_certificate_exchange", "land_transfer", "marriage_registration"])
def test_a_procedure_on_the_frame_is_worked_to_its_end_by_the_staff(slug: str, runtime: Runtime,
                                                                   clock: FixedClock) -> None:
    result = work_dossier(runtime, clock, slug, "80001")
    assert result.finished, f"{slug}: {result.stuck} after {result.done}"
    assert "Tiếp nhận, kiểm tra hồ sơ" in result.done and "Trả kết quả cho công dân" in result.done


def test_step_quotas_of_the_catalogue_become_escalations_on_the_shared_step(runtime: Runtime) -> None:
    loaded = runtime.pack.get("land_transfer")
    decision = loaded.compiled.subprocess_specs["one_stop_decision"]
    assert {"approve_near", "approve_late", "approve_near_alert", "approve_late_alert"} <= set(decision.task_specs)
    assert decision.task_specs["approve_late_alert"].operation_params["level"]["value"] == "'overdue'"
    other = runtime.pack.get("civil_status_extract_copy")  # no quota in its catalogue entry
    assert "approve_near" not in other.compiled.subprocess_specs["one_stop_decision"].task_specs


def test_the_catalogue_names_problems_with_a_pattern_or_a_code(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "pack")
    entry = root / "processes" / "burial_support.toml"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace('pattern = "specialist_leader"', 'pattern = "leader_only"'), encoding="utf-8")
    with pytest.raises(PackError) as refused:
        load_pack(root)
    [problem] = refused.value.problems
    assert problem.file == "processes/burial_support.toml" and "pattern 'leader_only' is not one" in problem.message
    assert problem.line and "pattern" in entry.read_text(encoding="utf-8").splitlines()[problem.line - 1]
