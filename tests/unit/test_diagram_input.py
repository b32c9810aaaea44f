"""Diagrams from other tools: their encodings, SpiffArena's form declaration, and every parser error placed on a
line with what to do."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from motcua.engine.diagram import compile_diagram
from motcua.engine.forms import adopt_spiffarena_properties, fill_instructions, form_name, load_form
from motcua.engine.handlers import HandlerRegistry
from motcua.engine.parse_errors import GENERIC_FIX, xml_problem
from motcua.engine.problems import PackError, Problem
from motcua.engine.xmltext import normalise_declaration, read_diagram
from tests.support.packs import PROJECT_ROOT, diagram, user_task

NAME = "Thẩm định hồ sơ Café"
VIETNAMESE_1258 = "Thâ\u0309m đi\u0323nh hô\u0300 sơ Café"  # how windows-1258 spells it: tone marks combine
PROBLEM_LINE = re.compile(r"^bpmn/trial\.bpmn:\d+ \[[^\]]+\]: .+: .+")


def _declared(encoding: str, name: str = NAME) -> str:
    return diagram("ask", user_task("ask", "end", name=name), lane=("ask",)).replace(
        'encoding="UTF-8"', f'encoding="{encoding}"')


@pytest.mark.parametrize("encoding, data", [
    ("ISO-8859-1", _declared("ISO-8859-1", "Café").encode("latin-1")),
    ("UTF-16", _declared("UTF-16", NAME).encode("utf-16")),  # Python writes the byte-order mark
    ("windows-1258", _declared("windows-1258", VIETNAMESE_1258).encode("cp1258")),
    ("UTF-8 with a byte-order mark", b"\xef\xbb\xbf" + _declared("UTF-8", NAME).encode("utf-8")),
])
def test_a_diagram_in_any_declared_encoding_becomes_unicode_declared_utf8(encoding: str, data: bytes) -> None:
    text = read_diagram(data, "bpmn/trial.bpmn")
    assert isinstance(text, str), text
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert ("Café" if encoding == "ISO-8859-1" else NAME) in text
    assert etree.fromstring(text.encode("utf-8")).find(".//{*}userTask").get("name") in ("Café", NAME)


def test_text_in_utf8_is_kept_byte_for_byte_but_for_line_ends() -> None:
    text = _declared("UTF-8")
    assert read_diagram(text.encode("utf-8"), "x") == text
    assert read_diagram(text.replace("\n", "\r\n").encode("utf-8"), "x") == text


def test_an_encoding_python_does_not_know_is_refused_naming_it_and_what_to_do() -> None:
    problem = read_diagram(_declared("x-mac-vietnamese").encode("utf-8"), "bpmn/trial.bpmn")
    assert isinstance(problem, Problem) and problem.line == 1
    assert "'x-mac-vietnamese'" in problem.message and "re-save the file as UTF-8" in problem.message


def test_bytes_the_declared_encoding_cannot_hold_are_placed_on_their_line() -> None:
    data = _declared("UTF-8", "Café").encode("latin-1")  # says UTF-8, written in Latin-1
    problem = read_diagram(data, "bpmn/trial.bpmn")
    assert isinstance(problem, Problem)
    assert problem.line == next(i for i, line in enumerate(data.split(b"\n"), 1) if b"Caf\xe9" in line)
    assert "byte 0xe9 is not valid in the encoding its XML declaration names (UTF-8)" in problem.message
    assert "re-save the file as UTF-8" in problem.message


def test_the_modelers_text_gets_its_declaration_corrected_and_nothing_else() -> None:
    sent = _declared("ISO-8859-1", "Café")
    assert normalise_declaration(sent) == _declared("UTF-8", "Café")
    assert normalise_declaration("\ufeff" + _declared("UTF-16")) == _declared("UTF-8")
    assert normalise_declaration(_declared("utf-8")) == _declared("utf-8")  # already right: untouched
    assert normalise_declaration("<bpmn:definitions/>") == "<bpmn:definitions/>"


def test_spiffarena_properties_are_read_as_motcua_settings_and_motcuas_own_win() -> None:
    extensions = {"properties": {"formJsonSchemaFilename": "x-schema.json", "formUiSchemaFilename": "x-uischema.json",
                                 "instructionsForEndUser": "Kiểm tra {{ applicant_name }}"}}
    adopt_spiffarena_properties(extensions)
    assert extensions["formJsonSchemaFilename"] == "x-schema.json"
    assert extensions["instructionsForEndUser"] == "Kiểm tra {{ applicant_name }}"
    own = {"formJsonSchemaFilename": "review.schema.json", "properties": {"formJsonSchemaFilename": "x-schema.json"}}
    adopt_spiffarena_properties(own)
    assert own["formJsonSchemaFilename"] == "review.schema.json"


def test_a_form_is_named_the_same_in_either_tools_naming() -> None:
    assert form_name("review.schema.json") == form_name("review-schema.json") == form_name("review") == "review"
    assert form_name("pizza_form.json") == "pizza_form"  # SpiffArena takes any JSON file name


def _schema(title: str) -> str:
    return json.dumps({"type": "object", "title": title, "properties": {"note": {"type": "string"}}})


def test_a_form_beside_the_diagram_is_found_with_its_ui_schema_and_forms_wins(tmp_path: Path) -> None:
    forms, beside = tmp_path / "forms", tmp_path / "bpmn"
    forms.mkdir()
    beside.mkdir()
    (beside / "check-schema.json").write_text(_schema("beside"), encoding="utf-8")
    (beside / "check-uischema.json").write_text('{"note": {"ui:widget": "textarea"}}', encoding="utf-8")
    form = load_form(forms, "check-schema.json", beside=beside)
    assert form.name == "check" and form.schema["title"] == "beside"
    assert form.uischema == {"note": {"ui:widget": "textarea"}}
    assert isinstance(load_form(forms, "check-schema.json"), Problem)  # the loader was not told where the diagram is
    (forms / "check.schema.json").write_text(_schema("forms"), encoding="utf-8")
    assert load_form(forms, "check-schema.json", beside=beside).schema["title"] == "forms"


def test_a_form_reference_never_leaves_the_diagrams_folder(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "bpmn").mkdir()
    (tmp_path / "secret-schema.json").write_text(_schema("outside"), encoding="utf-8")
    problem = load_form(tmp_path / "forms", "../secret-schema.json", beside=tmp_path / "bpmn")
    assert isinstance(problem, Problem)
    assert "is given as a path ('../secret-schema.json'): name a file of forms/ instead" in problem.message


def test_instructions_fill_plain_placeholders_and_leave_the_rest() -> None:
    text = "Gọi {{ applicant_name }} ({{ applicant.phone }}).\n{% for x in y %}{{ missing }}{% endfor %}"
    data = {"applicant_name": "Nguyễn Văn <b>An</b>", "applicant": {"phone": "0901234567"}}
    assert fill_instructions(text, data) == ("Gọi Nguyễn Văn <b>An</b> (0901234567).\n"
                                             "{% for x in y %}{{ missing }}{% endfor %}")


@pytest.mark.parametrize("source, limit", [
    (b"<a>" + b"x" * (11 * 1024 * 1024) + b"</a>", "longer than 10,000,000 characters"),
    (b"<a>" * 300 + b"</a>" * 300, "nested more than 256 deep"),
])
def test_lxmls_size_limits_are_named_with_the_limit(source: bytes, limit: str) -> None:
    with pytest.raises(etree.XMLSyntaxError) as refused:
        etree.fromstring(source, etree.XMLParser(resolve_entities=False, no_network=True))
    problem = xml_problem(refused.value, "bpmn/trial.bpmn")
    assert limit in problem.message and problem.line == 1 and "XML_PARSE_HUGE" not in problem.message


def _compile(bpmn: str) -> list[Problem]:
    handlers = HandlerRegistry.load(PROJECT_ROOT / "handlers")
    with pytest.raises(PackError) as refused:
        compile_diagram(bpmn.encode("utf-8"), "bpmn/trial.bpmn", "trial", PROJECT_ROOT / "forms", handlers)
    return refused.value.problems


@pytest.mark.parametrize("element, expected", [
    ('<bpmn:businessRuleTask id="decide"><bpmn:extensionElements><spiffworkflow:calledDecisionId>fee'
     '</spiffworkflow:calledDecisionId></bpmn:extensionElements></bpmn:businessRuleTask>',
     ("decide", "No DMN Diagram available", "add the DMN file")),
    ('<bpmn:callActivity id="decide" calledElement="elsewhere" />',
     ("decide", "The process 'elsewhere' was not found", "add a process with id 'elsewhere'")),
    ('<bpmn:serviceTask id="decide" />', ("decide", "A Service Task must have an operator", "name a MotCua handler")),
])
def test_spiffworkflows_parser_errors_carry_element_line_and_fix(element: str, expected: tuple[str, str, str]) -> None:
    bpmn = diagram("decide", f"    {element}\n    <bpmn:sequenceFlow id=\"f_decide\" sourceRef=\"decide\" "
                             "targetRef=\"end\" />", lane=("decide",))
    problems = [p for p in _compile(bpmn) if p.element == expected[0]]
    assert problems, _compile(bpmn)
    [problem] = problems
    line = next(i for i, text in enumerate(bpmn.splitlines(), 1) if 'id="decide"' in text)
    assert problem.line == line and expected[1] in problem.message and expected[2] in problem.message
    assert GENERIC_FIX["en"] not in problem.message
    assert PROBLEM_LINE.match(str(problem)), str(problem)


def test_a_schema_error_is_placed_on_the_element_at_its_line() -> None:
    bpmn = diagram("ask", user_task("ask", "end"), '    <bpmn:wishTask id="dream" />', lane=("ask",))
    [problem] = [p for p in _compile(bpmn) if "wishTask" in p.message]
    assert problem.element == "dream"
    assert problem.line == bpmn.splitlines().index('    <bpmn:wishTask id="dream" />') + 1
    assert "correct its name or remove it" in problem.message


def test_a_utf16_label_on_8_bit_text_is_read_as_the_utf8_it_is() -> None:
    text = read_diagram(_declared("UTF-16").encode("utf-8"), "bpmn/trial.bpmn")
    assert isinstance(text, str) and NAME in text and text.startswith('<?xml version="1.0" encoding="UTF-8"?>')


@pytest.mark.parametrize("doctype, entity_use, expected", [
    ('<!DOCTYPE bpmn:definitions [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;",
     "the diagram declares entities (x) in a <!DOCTYPE>: MotCua reads no entities"),
    ('<!DOCTYPE bpmn:definitions [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 'Việc" data="&x;',
     "refers to an external entity, which MotCua never reads"),
    ('<!DOCTYPE bpmn:definitions [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
     '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>', 'Việc" data="&f;&f;',
     "declares entities that expand to more text than allowed"),
])
def test_entities_are_refused_with_what_to_do(doctype: str, entity_use: str, expected: str) -> None:
    bpmn = diagram("ask", user_task("ask", "end", name="Việc"),
                   '    <bpmn:textAnnotation id="note"><bpmn:text>&x;</bpmn:text></bpmn:textAnnotation>'
                   if entity_use == "&x;" else "", lane=("ask",))
    bpmn = bpmn.replace('name="Việc"', f'name="{entity_use}"') if entity_use != "&x;" else bpmn
    bpmn = bpmn.replace("<bpmn:definitions", doctype + "\n<bpmn:definitions", 1)
    [problem] = _compile(bpmn)
    assert expected in problem.message and "remove the <!DOCTYPE>" in problem.message and problem.line
    assert "root:" not in str(problem)
