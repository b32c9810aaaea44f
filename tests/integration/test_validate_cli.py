"""``motcua validate``: a broken pack is refused with the file and element of each problem."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from motcua.cli import main
from motcua.engine import depth
from motcua.engine.pack import load_pack
from tests.support.packs import (
    CHECK_SCHEMA,
    PROJECT_ROOT,
    diagram,
    make_pack,
    script_task,
    service_task,
    spiffarena_pack,
    timer_boundary,
    user_task,
)


def validate(root: Path, *options: str) -> tuple[int, str]:
    """The report in English unless ``options`` ask otherwise (the tests below read the English words)."""
    result = CliRunner().invoke(main, ["validate", str(root), *(options or ("--lang", "en"))])
    return result.exit_code, result.output


def test_the_report_is_in_vietnamese_for_the_analyst_unless_english_is_asked(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    bpmn = diagram("lookup", service_task("lookup", "cadastre.lookup", "end"), lane=("lookup",))
    root = make_pack(tmp_path, bpmn)
    monkeypatch.delenv("MOTCUA_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # names no language: Vietnamese, analysts read it
    refused = CliRunner().invoke(main, ["validate", str(root)])
    assert refused.exit_code == 1
    assert "lỗi: bpmn/trial.bpmn:" in refused.output and "[lookup]" in refused.output  # file, line, element stay
    assert "Tác vụ dịch vụ gọi thao tác 'cadastre.lookup'" in refused.output
    assert "gói chưa thể đưa vào vận hành" in refused.output
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the shell's language
    assert "error: bpmn/trial.bpmn:" in CliRunner().invoke(main, ["validate", str(root)]).output
    monkeypatch.setenv("MOTCUA_LANG", "vi")  # the operator's own choice wins over the shell's
    assert "Tác vụ dịch vụ" in CliRunner().invoke(main, ["validate", str(root)]).output
    assert "which no handler registers" in validate(root, "--lang", "en")[1]  # and --lang over both


def test_a_malformed_diagram_is_refused_in_the_analysts_language_with_its_line(tmp_path: Path) -> None:
    root = make_pack(tmp_path, diagram("ask", user_task("ask", "end"), lane=("ask",)).replace("</bpmn:process>", ""))
    code, output = validate(root, "--lang", "vi")
    assert code == 1 and "XML không đúng cú pháp" in output and re.search(r"bpmn/trial\.bpmn:\d+", output)
    assert "XML is not well-formed" in validate(root)[1]


def test_the_project_pack_is_valid_and_every_process_is_walked_to_its_end() -> None:
    code, output = validate(PROJECT_ROOT)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[-1].startswith("ok: ") and "path(s) walked to an end" in lines[-1]
    walked = [line for line in lines if line.startswith("walked: ")]
    assert len(walked) == len(list((PROJECT_ROOT / "processes").glob("*.toml")))
    assert all(int(re.search(r"(\d+) path\(s\) walked", line).group(1)) >= 2 for line in walked), walked


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
    assert "[ask]" in output and "form 'no_such_form.schema.json': form file forms/no_such_form.schema.json does not " \
                                 "exist, nor bpmn/no_such_form.schema.json beside the diagram" in output
    assert "add the form to forms/, or pick an existing form" in output


def test_malformed_xml_is_named_with_its_line(tmp_path: Path) -> None:
    bpmn = diagram("ask", user_task("ask", "end"), lane=("ask",)).replace("</bpmn:process>", "</bpmn:proces>")
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1
    assert "bpmn/trial.bpmn:" in output and "XML is not well-formed" in output
    line = bpmn.splitlines().index("  </bpmn:proces>") + 1
    assert f"bpmn/trial.bpmn:{line} [end]: XML is not well-formed" in output  # the last element read before it
    assert "correct the file at this line" in output


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


CAFE = "Café Thẩm định"
IN_1258 = "Café Thâ\u0309m đi\u0323nh"  # windows-1258 spells the tone marks as combining characters


@pytest.mark.parametrize("encoding, codec, name", [
    ("ISO-8859-1", "latin-1", "Café"),
    ("UTF-16", "utf-16", CAFE),  # with its byte-order mark
    ("windows-1258", "cp1258", IN_1258),
])
def test_a_diagram_in_the_encoding_it_declares_is_read_as_written(tmp_path: Path, encoding: str, codec: str,
                                                                  name: str) -> None:
    bpmn = diagram("ask", user_task("ask", "end", name=name), lane=("ask",))
    root = make_pack(tmp_path, bpmn)
    (root / "bpmn" / "trial.bpmn").write_bytes(bpmn.replace('encoding="UTF-8"', f'encoding="{encoding}"').encode(codec))
    code, output = validate(root)
    assert code == 0, output
    loaded = load_pack(root).get("trial")
    assert loaded.diagram_xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert f'name="{"Café" if encoding == "ISO-8859-1" else CAFE}"' in loaded.diagram_xml
    assert loaded.compiled.spec.task_specs["ask"].bpmn_name == ("Café" if encoding == "ISO-8859-1" else CAFE)


def test_an_encoding_mot_cua_cannot_read_is_named_with_what_to_do(tmp_path: Path) -> None:
    bpmn = diagram("ask", user_task("ask", "end"), lane=("ask",)).replace('encoding="UTF-8"', 'encoding="x-viscii-2"')
    code, output = validate(make_pack(tmp_path, bpmn))
    assert code == 1
    assert "bpmn/trial.bpmn:1: the XML declaration names encoding 'x-viscii-2'" in output
    assert "re-save the file as UTF-8" in output


def test_a_spiffarena_user_task_with_its_form_beside_the_diagram_is_accepted(tmp_path: Path) -> None:
    root = spiffarena_pack(tmp_path)
    code, output = validate(root)
    assert code == 0, output
    loaded = load_pack(root).get("trial")
    assert loaded.forms["check"].schema == CHECK_SCHEMA
    assert loaded.forms["check"].uischema == {"note": {"ui:widget": "textarea"}}
    (root / "bpmn" / "check-schema.json").unlink()
    code, output = validate(root)
    assert code == 1 and "[check]: form 'check-schema.json': form file forms/check.schema.json does not exist, " \
                          "nor bpmn/check-schema.json beside the diagram" in output


PROBLEM_LINE = re.compile(r"^error: (?P<file>[\w./-]+):(?P<line>\d+) \[(?P<element>[^\]]+)\]: .+: .+$")


def test_every_problem_line_names_file_line_element_and_what_to_do(tmp_path: Path) -> None:
    cases = {
        "dmn": '    <bpmn:businessRuleTask id="decide"><bpmn:extensionElements><spiffworkflow:calledDecisionId>fee'
               '</spiffworkflow:calledDecisionId></bpmn:extensionElements></bpmn:businessRuleTask>',
        "call": '    <bpmn:callActivity id="decide" calledElement="elsewhere" />',
        "operatorless": '    <bpmn:serviceTask id="decide" />',
        "schema": '    <bpmn:wishTask id="decide" />',
    }
    for name, element in cases.items():
        bpmn = diagram("decide", element + '\n    <bpmn:sequenceFlow id="f_decide" sourceRef="decide" targetRef="end" />',
                       lane=("decide",))
        code, output = validate(make_pack(tmp_path / name, bpmn))
        errors = [line for line in output.splitlines() if line.startswith("error:")]
        assert code == 1 and errors, (name, output)
        for line in errors:
            match = PROBLEM_LINE.match(line)
            assert match, (name, line)
            assert match["file"] == "bpmn/trial.bpmn" and int(match["line"]) > 1, (name, line)
            assert "send it to MotCua's maintainers" not in line, (name, line)  # each of these has its own fix


def _chain(steps: int) -> str:
    ids = [f"t{i}" for i in range(steps)]
    return diagram(ids[0], *(user_task(t, ids[i + 1] if i + 1 < steps else "end") for i, t in enumerate(ids)),
                   lane=tuple(ids))


def test_a_chain_of_2000_tasks_passes_the_checks(tmp_path: Path) -> None:
    """SpiffWorkflow's parser recurses once per step: 2,000 in a row used to end in a RecursionError."""
    loaded = load_pack(make_pack(tmp_path, _chain(2000))).get("trial")
    assert {f"t{i}" for i in range(2000)} <= set(loaded.compiled.spec.task_specs)


def test_a_chain_longer_than_the_limit_is_refused_naming_the_limit(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(depth, "MAX_CHAIN", 300)  # as if 2,000 steps were more than MotCua allows
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(1_000)  # Python's default, whatever else in this test process raised it to
    try:
        code, output = validate(make_pack(tmp_path, _chain(2000)))
    finally:
        sys.setrecursionlimit(before)
    assert code == 1
    assert "more than about 300 steps follow one another in one process (MotCua's limit)" in output
    assert "split the process into sub-processes or call activities" in output
    assert PROBLEM_LINE.match(output.splitlines()[0]), output.splitlines()[0]


def test_a_catalogue_file_not_in_utf8_is_named_not_crashed_on(tmp_path: Path) -> None:
    root = make_pack(tmp_path, diagram("ask", user_task("ask", "end"), lane=("ask",)))
    toml = root / "processes" / "trial.toml"
    toml.write_bytes(toml.read_bytes().replace("Thủ tục thử".encode(), "Café".encode("latin-1")))
    code, output = validate(root)
    assert code == 1 and "processes/trial.toml:2: not UTF-8 text, which TOML requires: re-save" in output



def test_the_catalogue_and_the_pack_files_are_explained_in_the_analysts_language(tmp_path: Path) -> None:
    root = make_pack(tmp_path, diagram("ask", user_task("ask", "end"), lane=("ask",)))
    toml = root / "processes" / "trial.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('processing_days', '# processing_days'),
                    encoding="utf-8")
    (root / "calendar.toml").write_text('days_off = ["2026-13-01"]\n', encoding="utf-8")
    (root / "notices").mkdir()
    (root / "notices" / "received.toml").write_text('subject = "Hồ sơ {{ code }}"\nsms = "Ho so"\n',
                                                    encoding="utf-8")
    code, output = validate(root, "--lang", "vi")
    assert code == 1
    assert "processes/trial.toml:1: Không có thời hạn giải quyết theo quy định" in output
    assert "calendar.toml:1: Lịch làm việc không hợp lệ" in output
    assert "notices/received.toml:1: 'email' bị thiếu hoặc để trống" in output
    english = validate(root)[1]
    assert "processes/trial.toml:1: no statutory time: set processing_days or processing_hours" in english
    assert "'email' is missing or empty" in english


FEES = '''
[fees]
source = "thử"

[[fees.items]]
label = "Phí thử"
kind = "phí"
amount = "{amount}"
quantity = "copies"
'''


@pytest.mark.parametrize("amount, words", [
    ("1000 * page_count", "read page_count, which no form of the procedure has"),
    ("1000 // (pages - pages)", "fee item «Phí thử»: «1000 // (pages - pages)» cannot be computed"),
    ("2 ** pages", "uses Pow, which a fee rule may not"),
])
def test_a_fee_rule_that_cannot_be_computed_is_named_with_its_procedure_and_field(
        tmp_path: Path, amount: str, words: str) -> None:
    bpmn = diagram("ask", user_task("ask", "end", form="copy_certification_receive"), lane=("ask",))
    root = make_pack(tmp_path, bpmn)
    with (root / "processes" / "trial.toml").open("a", encoding="utf-8") as toml:
        toml.write(FEES.format(amount=amount))
    code, output = validate(root)
    assert code == 1 and "processes/trial.toml" in output and words in output, output
    if "pages - pages" in amount:
        assert "(field «pages»)" in output


def test_a_notice_template_with_an_unknown_placeholder_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    bpmn = diagram("lookup", service_task("lookup", "intake.check_papers", "end", {"decision": "'receive'"}),
                   lane=("lookup",))
    root = make_pack(tmp_path, bpmn)
    (root / "notices").mkdir()
    (root / "notices" / "received.toml").write_text(
        'subject = "Hồ sơ {{ code }} đã được tiếp nhận"\nemail = "Kính gửi {{ ho_ten }}"\nsms = "Ho so {{ code }}"\n',
        encoding="utf-8")
    code, output = validate(root)
    assert code == 1
    assert "notices/received.toml:2" in output and "unknown placeholder {{ ho_ten }}" in output
    assert "may use applicant_name, code" in output
