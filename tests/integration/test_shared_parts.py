"""Shared parts of the one-stop frame edited in the modeler: a save is checked in every procedure that calls the
part and, when all pass, reaches each of them as a new version; running dossiers finish on the version they
started with; a broken part is refused naming the procedure and the element; only analysts save."""
from __future__ import annotations

from pathlib import Path

import pytest

from features.steps.land_change import RETURN_DATA, SIGN, VERIFY, receive_data
from motcua.services import versions
from motcua.services.errors import Forbidden
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk

ROOT = Path(__file__).resolve().parents[2]
PART = "bpmn/shared/result_return.bpmn"
RETURN_XML = (ROOT / PART).read_text(encoding="utf-8")
OLD_STEP, NEW_STEP = "Trả kết quả cho công dân", "Trả kết quả cho người dân"
ANALYST = "quytrinh.tayninh"
LAND_CHANGE = (ROOT / "bpmn" / "land_change.bpmn").read_text(encoding="utf-8")


def users_in_the_pack(runtime: Runtime) -> set[str]:
    """The procedures the pack compiled with the part (an account of "used by" independent of the modeler's)."""
    return {slug for slug, loaded in runtime.pack.procedures.items() if PART in loaded.compiled.companions}


def return_step_name(runtime: Runtime, slug: str) -> str:
    """The label of the shared return step in the newest version of a procedure, as its dossiers will see it."""
    with runtime.uow() as uow:
        cached = runtime.version(uow, uow.versions.latest(slug).id)
    return cached.subprocess_specs["one_stop_return"].task_specs["return_result"].bpmn_name


@pytest.fixture
def desk(runtime: Runtime) -> Desk:
    return Desk(runtime)


def test_a_renamed_step_in_a_shared_part_reaches_every_procedure_using_it_and_running_dossiers_keep_theirs(
        desk: Desk, runtime: Runtime) -> None:
    analyst = desk.user_id(ANALYST)
    [part] = [p for p in versions.shared_parts(runtime) if p.name == PART]
    assert set(part.used_by) == users_in_the_pack(runtime)
    assert {"land_change", "birth_registration", "adoption_re_registration"} <= set(part.used_by)  # a pattern's too
    assert (part.number, part.author) == (1, "pack")  # the file, recorded at start-up
    assert PART in versions.parts_called(runtime, "adoption_re_registration")

    old = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), old)

    saved = versions.save_shared_part(runtime, analyst, "one_stop_return", RETURN_XML.replace(OLD_STEP, NEW_STEP))
    assert saved.ok and (saved.name, saved.number, saved.created) == (PART, 2, True)
    assert set(saved.procedures) == set(part.used_by)
    assert {(o.number, o.created) for o in saved.procedures.values()} == {(2, True)}
    assert saved.paths > len(saved.procedures)  # every calling procedure was dry-run
    assert {return_step_name(runtime, slug) for slug in part.used_by} == {NEW_STEP}
    assert [(v.number, v.author) for v in versions.shared_part_history(runtime, PART)] == [(2, ANALYST), (1, "pack")]
    assert versions.shared_part(runtime, PART)[1:] == (2, RETURN_XML.replace(OLD_STEP, NEW_STEP))

    new = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), new)
    for dossier in (old, new):
        desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, dossier)
        desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, dossier)
    assert sorted(desk.tasks("tiepnhan.longan")) == sorted([(OLD_STEP, old), (NEW_STEP, new)])
    desk.do("tiepnhan.longan", OLD_STEP, RETURN_DATA, old)
    desk.do("tiepnhan.longan", NEW_STEP, RETURN_DATA, new)
    assert desk.dossier(old).dossier.status == desk.dossier(new).dossier.status == "returned"
    assert [(v.number, v.running) for v in versions.history(runtime, "land_change")] == [(2, 0), (1, 0)]

    # Saving the procedure's own diagram afterwards compiles it with the part as saved, not as on disk.
    edited = LAND_CHANGE.replace('name="Thẩm định hồ sơ"', 'name="Thẩm định hồ sơ (quy trình mới)"')
    assert versions.save_diagram(runtime, analyst, "land_change", edited).number == 3
    assert return_step_name(runtime, "land_change") == NEW_STEP


def test_a_broken_shared_part_is_refused_naming_each_procedure_and_the_element(desk: Desk,
                                                                              runtime: Runtime) -> None:
    broken = RETURN_XML.replace(">not late<", ">not late ==<")
    saved = versions.save_shared_part(runtime, desk.user_id(ANALYST), PART, broken)
    assert not saved.ok and saved.number is None and saved.procedures == {}
    assert set(saved.by_procedure) == users_in_the_pack(runtime)
    for problems in saved.by_procedure.values():
        assert {(p.file, p.element) for p in problems} == {(PART, "gw_late")}
        assert "condition 'not late ==' is not a valid expression" in problems[0].message
    assert [v.number for v in versions.shared_part_history(runtime, PART)] == [1]
    assert [v.number for v in versions.history(runtime, "land_change")] == [1]


def test_a_part_must_stand_on_its_own_and_keep_the_process_its_callers_name(desk: Desk, runtime: Runtime) -> None:
    analyst = desk.user_id(ANALYST)
    unreachable = RETURN_XML.replace('<bpmn:endEvent id="end"', '<bpmn:task id="orphan" />\n    <bpmn:endEvent id="end"')
    saved = versions.save_shared_part(runtime, analyst, PART, unreachable)
    assert [(p.file, p.element) for p in saved.problems] == [(PART, "orphan")] and saved.by_procedure == {}
    renamed_process = RETURN_XML.replace('"one_stop_return"', '"one_stop_return_2"')
    saved = versions.save_shared_part(runtime, analyst, PART, renamed_process)
    assert [p.message.split(",")[0] for p in saved.problems] == ["no longer defines process 'one_stop_return'"]
    saved = versions.save_shared_part(runtime, analyst, PART, "<bpmn")
    assert "XML is not well-formed" in saved.problems[0].message
    assert [v.number for v in versions.shared_part_history(runtime, PART)] == [1]


def test_only_an_analyst_saves_a_shared_part(desk: Desk, runtime: Runtime) -> None:
    with pytest.raises(Forbidden):
        versions.save_shared_part(runtime, desk.user_id("lanhdao.longan"), PART, RETURN_XML)
