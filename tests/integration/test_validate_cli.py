"""``motcua validate``: a broken pack is refused with the file and element of each problem."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from motcua.cli import main
from tests.support.packs import (
    PROJECT_ROOT,
    diagram,
    make_pack,
    script_task,
    service_task,
    timer_boundary,
    user_task,
)


def validate(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(root)])
    return result.exit_code, result.output


def test_the_project_pack_is_valid() -> None:
    code, output = validate(PROJECT_ROOT)
    assert code == 0, output
    assert output.startswith("ok: ")


def test_unknown_operator_is_named_with_file_and_element(tmp_path: Path) -> None:
    bpmn = diagram("lookup", service_task("lookup", "cadastre.lookup", "end"), lane=("lookup",))
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1
    assert "bpmn/trial.bpmn:" in output and "[lookup]" in output
    assert "operator 'cadastre.lookup', which no handler registers" in output
    assert "intake.receive" in output  # the message lists what is registered


def test_missing_operator_parameter_is_named(tmp_path: Path) -> None:
    bpmn = diagram("intake", service_task("intake", "intake.receive", "end"), lane=("intake",))
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1
    assert "[intake]" in output and "operator 'intake.receive' needs parameter 'applicant_name'" in output


def test_missing_form_is_named(tmp_path: Path) -> None:
    bpmn = diagram("ask", user_task("ask", "end", form="no_such_form"), lane=("ask",))
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1
    assert "[ask]" in output and "form 'no_such_form.schema.json': form file no_such_form.schema.json does not exist" in output


def test_malformed_xml_is_named_with_its_line(tmp_path: Path) -> None:
    bpmn = diagram("ask", user_task("ask", "end"), lane=("ask",)).replace("</bpmn:process>", "</bpmn:proces>")
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1
    assert "bpmn/trial.bpmn:" in output and "XML is not well-formed" in output
    line = bpmn.splitlines().index("  </bpmn:proces>") + 1
    assert f"bpmn/trial.bpmn:{line}" in output


def test_unknown_lane_role_and_bad_expressions_are_all_listed(tmp_path: Path) -> None:
    bpmn = diagram("calc", script_task("calc", "x = __import__('os')", "ask"), user_task("ask", "end"),
                   lane=("calc", "ask")).replace('name="reception"', 'name="cashier"')
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1
    assert "[ask]" in output and "lane 'cashier' is not a known role" in output
    assert "[calc]" in output and '"__import__" is an invalid variable name' in output
    assert "2 problem(s)" in output


def test_a_broken_handler_module_is_named(tmp_path: Path) -> None:
    root = make_pack(tmp_path, diagram("ask", user_task("ask", "end"), lane=("ask",)))
    (root / "handlers" / "broken.py").write_text("def oops(:\n", encoding="utf-8")
    code, output = validate(root)
    assert code == 1 and "handlers/broken.py: cannot be loaded: SyntaxError" in output


def _timed(duration: str | None = None, date: str | None = None) -> str:
    return diagram("ask", user_task("ask", "end"),
                   timer_boundary("ask_late", "ask", "alert", duration=duration, date=date),
                   service_task("alert", "sla.escalate", "end", {"level": "'overdue'", "step": "'Việc thử'"}),
                   lane=("ask", "ask_late", "alert"))


def test_a_working_day_timer_is_accepted_written_plainly_or_quoted(tmp_path: Path) -> None:
    assert validate(make_pack(tmp_path / "plain", _timed("P3D")))[0] == 0
    assert validate(make_pack(tmp_path / "quoted", _timed('"PT4H"')))[0] == 0


def test_a_timer_in_months_or_not_iso_is_named(tmp_path: Path) -> None:
    code, output = validate(make_pack(tmp_path / "months", _timed("P1M")))
    assert code == 1 and "[ask_late]" in output and "years and months are not counted in working days" in output
    code, output = validate(make_pack(tmp_path / "words", _timed("'three days'")))
    assert code == 1 and "[ask_late]" in output and "is not an ISO 8601 duration" in output


def test_a_timer_on_a_calendar_date_is_refused(tmp_path: Path) -> None:
    code, output = validate(make_pack(tmp_path, _timed(date="2026-01-01T00:00:00")))
    assert code == 1 and "ask_late" in output and "only duration timers" in output


def test_an_element_no_flow_reaches_is_named(tmp_path: Path) -> None:
    orphan = '    <bpmn:userTask id="forgotten" name="Bị quên"><bpmn:extensionElements><spiffworkflow:formJsonSchemaFilename>result_return.schema.json</spiffworkflow:formJsonSchemaFilename></bpmn:extensionElements></bpmn:userTask>'
    bpmn = diagram("ask", user_task("ask", "end"), orphan, lane=("ask", "forgotten"))
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1 and "[forgotten]: is not reachable from the start event" in output


def test_a_parameter_named_like_a_task_is_named(tmp_path: Path) -> None:
    bpmn = diagram("intake", service_task("intake", "intake.receive", "ask", {"applicant_name": "'An'", "ask": "1"}),
                   user_task("ask", "end"), lane=("intake", "ask"))
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1
    assert "[intake]: parameter 'ask' has the id of the element at line" in output and "rename the parameter" in output


def test_an_id_used_twice_is_named(tmp_path: Path) -> None:
    bpmn = diagram("ask", user_task("ask", "end"), lane=("ask",)).replace('sourceRef="ask" targetRef="end"',
                                                                         'sourceRef="ask" targetRef="end" />'
                                                                         '<bpmn:sequenceFlow id="f_ask" '
                                                                         'sourceRef="ask" targetRef="end"')
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1 and "[f_ask]: id 'f_ask' is also used at line" in output


def test_a_process_without_start_or_end_is_named(tmp_path: Path) -> None:
    bpmn = diagram("ask", user_task("ask", "end"), lane=("ask",))
    no_end = bpmn.replace('<bpmn:endEvent id="end"><bpmn:incoming>f_end</bpmn:incoming></bpmn:endEvent>',
                          '<bpmn:task id="end" />')
    code, output = validate(make_pack(tmp_path / "no_end", no_end))
    assert code == 1 and "[trial]: has no end event" in output
    no_start = bpmn.replace('<bpmn:startEvent id="start"><bpmn:outgoing>f_start</bpmn:outgoing></bpmn:startEvent>',
                            '<bpmn:task id="start" />')
    code, output = validate(make_pack(tmp_path / "no_start", no_start))
    assert code == 1 and "[trial]: has no start event" in output


def test_a_gateway_condition_that_does_not_parse_is_named(tmp_path: Path) -> None:
    gateway = ('    <bpmn:exclusiveGateway id="choose" default="f_plain" />\n'
               '    <bpmn:sequenceFlow id="f_cond" sourceRef="choose" targetRef="ask">'
               '<bpmn:conditionExpression>decision = = "sign"</bpmn:conditionExpression></bpmn:sequenceFlow>\n'
               '    <bpmn:sequenceFlow id="f_plain" sourceRef="choose" targetRef="ask" />')
    bpmn = diagram("choose", gateway, user_task("ask", "end"), lane=("choose", "ask"))
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1 and "[choose]" in output and "condition 'decision = = \"sign\"' is not a valid expression" in output


def test_an_element_bpmn_does_not_define_is_named_with_its_line(tmp_path: Path) -> None:
    bpmn = diagram("ask", user_task("ask", "end"), '    <bpmn:wishTask id="dream" />', lane=("ask",))
    code, output = validate(make_pack(tmp_path, bpmn))
    line = bpmn.splitlines().index('    <bpmn:wishTask id="dream" />') + 1
    assert code == 1 and f"bpmn/trial.bpmn:{line}" in output and "wishTask" in output
