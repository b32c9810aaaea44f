"""The dry run: a diagram is only accepted when every path a dossier can take runs to an end.

Each of these diagrams passes every static check (schema, forms, handlers, lanes, expressions) and would
once have been accepted; each stops a dossier at run time, and the dry run names the element and its line.
"""
from __future__ import annotations

from pathlib import Path

from motcua.engine.dryrun import dry_run_pack
from motcua.engine.pack import load_pack
from tests.support.packs import diagram, make_pack, script_task, service_task, user_task

GATEWAY_NO_WAY_OUT = """    <bpmn:exclusiveGateway id="route" />
    <bpmn:sequenceFlow id="f_route" sourceRef="route" targetRef="end">
      <bpmn:conditionExpression>rating == 'no such choice'</bpmn:conditionExpression>
    </bpmn:sequenceFlow>"""


def walked(tmp_path: Path, bpmn: str):  # noqa: ANN201 - a DryRun
    [run] = dry_run_pack(load_pack(make_pack(tmp_path, bpmn)))
    return run


def test_a_gateway_whose_conditions_all_fail_is_named_with_its_line(tmp_path: Path) -> None:
    run = walked(tmp_path, diagram("ask", user_task("ask", "route"), GATEWAY_NO_WAY_OUT, lane=("ask",)))
    [problem, blank] = run.problems
    assert problem.element == "route" and problem.line and problem.file == "bpmn/trial.bpmn"
    assert "a dossier fails here" in problem.message and "'Việc thử' (ask) was done" in problem.message
    assert run.paths == 0
    # the form's optional `rating` left blank, as a hurried clerk would: the condition cannot even be read
    assert blank.element == "route" and "with optional fields left blank" in blank.message
    assert "Error evaluating expression" in blank.message


def test_a_process_no_clerk_can_open_is_refused(tmp_path: Path) -> None:
    run = walked(tmp_path, diagram("calc", script_task("calc", "x = 1", "end"), lane=("calc",)))
    [problem] = run.problems
    assert problem.element == "trial" and "no clerk can open" in problem.message
    assert "begin the process with a user task" in problem.message


def test_a_handler_that_refuses_every_try_is_named_at_its_service_task(tmp_path: Path) -> None:
    """``result.apologize`` refuses a new date that is not ahead; the parameter here is always in the past."""
    bpmn = diagram("ask", user_task("ask", "apologize"),
                   service_task("apologize", "result.apologize", "end",
                                {"reason": "'trễ'", "new_date": "'2020-01-01'"}), lane=("ask", "apologize"))
    run = walked(tmp_path, bpmn)
    [problem] = run.problems
    assert problem.element == "apologize" and problem.line
    assert "must be after today" in problem.message


def test_the_walk_takes_every_choice_of_a_form(tmp_path: Path) -> None:
    """``review`` offers approve / supplement / refuse: three ways on, three paths walked."""
    choose = """    <bpmn:exclusiveGateway id="route" />
    <bpmn:sequenceFlow id="f_route_a" sourceRef="route" targetRef="end">
      <bpmn:conditionExpression>proposal == 'approve'</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_route_b" sourceRef="route" targetRef="again">
      <bpmn:conditionExpression>proposal != 'approve'</bpmn:conditionExpression></bpmn:sequenceFlow>"""
    bpmn = diagram("ask", user_task("ask", "route", form="review"), choose,
                   user_task("again", "end", name="Việc sau"), lane=("ask", "again"))
    run = walked(tmp_path, bpmn)
    assert run.problems == [] and run.unreached == []
    assert run.paths >= 3
