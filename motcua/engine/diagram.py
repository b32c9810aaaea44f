"""Parse one BPMN diagram and check it against the pack before it may run.

The same function serves the pack loader, ``motcua validate`` and (later) the
modeler's save button, so an analyst sees one set of rules everywhere. Each
problem names the file, the element id and its line in the XML.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR
from SpiffWorkflow.spiff.specs.defaults import ManualTask, ScriptTask, UserTask

from motcua.domain.roles import ROLES
from motcua.engine.foreign import foreign_problems
from motcua.engine.forms import Form, load_form
from motcua.engine.handlers import HandlerRegistry
from motcua.engine.ids import id_problems
from motcua.engine.problems import PackError, Problem
from motcua.engine.reach import shape_problems
from motcua.engine.sandbox import SandboxEnvironment, ScriptError
from motcua.engine.spec import HandlerServiceTask, MotcuaParser
from motcua.engine.timers import ISO_DURATION, DurationError, WorkingDurationTimer, working_duration

FORM_KEY = "formJsonSchemaFilename"
HUMAN_TASKS = (UserTask, ManualTask)


@dataclass
class CompiledDiagram:
    """A diagram that passed every check: its specs and the forms its user tasks use."""

    spec: Any
    subprocess_specs: dict[str, Any]
    forms: dict[str, Form]


def _xml(source: bytes, filename: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    try:
        return etree.fromstring(source, parser)
    except etree.XMLSyntaxError as exc:
        raise PackError([Problem(filename, f"XML is not well-formed: {exc.msg}", line=exc.lineno)]) from exc


def _specs(tree: etree._Element, filename: str, process_id: str) -> tuple[Any, dict[str, Any]]:
    parser = MotcuaParser(validator=VALIDATOR)
    try:
        parser.add_bpmn_xml(etree.ElementTree(tree), filename=filename)
        return parser.get_spec(process_id), parser.get_subprocess_specs(process_id)
    except ValidationException as exc:
        message = str(exc).split("\n")[0]
        raise PackError([Problem(filename, message, element=exc.id or None, line=exc.line_number or None)]) from exc
    except SpiffWorkflowException as exc:
        raise PackError([Problem(filename, str(exc).split("\n")[0])]) from exc


def compile_diagram(source: bytes, filename: str, process_id: str, forms_dir: Path,
                    handlers: HandlerRegistry) -> CompiledDiagram:
    """Parse a diagram and refuse it, with every problem listed, unless it can run in this pack."""
    tree = _xml(source, filename)
    shape = foreign_problems(tree, filename) + id_problems(tree, filename) + shape_problems(tree, filename)
    try:
        spec, subprocess_specs = _specs(tree, filename, process_id)
    except PackError as exc:
        raise PackError(shape + exc.problems) from exc
    lines = {el.get("id"): el.sourceline for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    checker = _Checker(filename, lines, forms_dir, handlers)
    for process in [spec, *subprocess_specs.values()]:
        for task_spec in process.task_specs.values():
            checker.check(task_spec)
    if shape or checker.problems:
        raise PackError(shape + checker.problems)
    return CompiledDiagram(spec, subprocess_specs, checker.forms)


class _Checker:
    """The rules a task spec must satisfy; collects problems instead of stopping at the first."""

    def __init__(self, filename: str, lines: dict[str, int], forms_dir: Path, handlers: HandlerRegistry) -> None:
        self.filename, self.lines, self.forms_dir, self.handlers = filename, lines, forms_dir, handlers
        self.problems: list[Problem] = []
        self.forms: dict[str, Form] = {}
        self._sandbox = SandboxEnvironment()

    def problem(self, task_spec: Any, message: str) -> None:
        element = task_spec.bpmn_id
        self.problems.append(Problem(self.filename, message, element=element, line=self.lines.get(element)))

    def check(self, task_spec: Any) -> None:
        if isinstance(task_spec, HandlerServiceTask):
            self.check_operator(task_spec)
        if isinstance(task_spec, HUMAN_TASKS):
            self.check_human(task_spec)
        if isinstance(task_spec, (ExclusiveGateway, InclusiveGateway)):
            self.check_conditions(task_spec)
        if isinstance(task_spec, ScriptTask):
            self.check_expression(task_spec, task_spec.script or "", "script", mode="exec")
        if isinstance(getattr(task_spec, "event_definition", None), WorkingDurationTimer):
            self.check_timer(task_spec)

    def check_operator(self, task_spec: HandlerServiceTask) -> None:
        operator = self.handlers.get(task_spec.operation_name)
        if operator is None:
            known = ", ".join(self.handlers.names()) or "none"
            self.problem(task_spec, f"service task names operator {task_spec.operation_name!r}, "
                                    f"which no handler registers (registered: {known})")
            return
        given = set(task_spec.operation_params)
        for missing in sorted(operator.required - given):
            self.problem(task_spec, f"operator {operator.name!r} needs parameter {missing!r}")
        if not operator.open_ended:
            for unknown in sorted(given - operator.accepted):
                self.problem(task_spec, f"operator {operator.name!r} takes no parameter {unknown!r}")
        for name, param in task_spec.operation_params.items():
            self.check_expression(task_spec, param["value"], f"parameter {name!r}")

    def check_human(self, task_spec: Any) -> None:
        if not task_spec.lane:
            self.problem(task_spec, "human task is in no lane, so no role can be offered it")
        elif task_spec.lane not in ROLES:
            self.problem(task_spec, f"lane {task_spec.lane!r} is not a known role "
                                    f"(known: {', '.join(ROLES)})")
        reference = task_spec.extensions.get(FORM_KEY) if isinstance(task_spec, UserTask) else None
        if isinstance(task_spec, UserTask) and not reference:
            self.problem(task_spec, "user task has no form (spiffworkflow:formJsonSchemaFilename)")
        elif reference:
            form = load_form(self.forms_dir, reference)
            if isinstance(form, Problem):
                self.problem(task_spec, f"form {reference!r}: {form.message}")
            else:
                self.forms[form.name] = form

    def check_timer(self, task_spec: Any) -> None:
        """A literal duration is checked now; one computed from the data can only be checked when it runs."""
        expression = task_spec.event_definition.expression.strip()
        if not ISO_DURATION.match(expression):
            self.check_expression(task_spec, expression, "timer duration")
            try:
                expression = str(ast.literal_eval(expression))
            except (ValueError, SyntaxError):
                return
        try:
            working_duration(expression)
        except DurationError as exc:
            self.problem(task_spec, f"timer duration {exc}")

    def check_conditions(self, task_spec: Any) -> None:
        for condition, _target in getattr(task_spec, "cond_task_specs", []):
            if condition is not None:
                self.check_expression(task_spec, condition.args[0], "condition")

    def check_expression(self, task_spec: Any, expression: str, what: str, mode: str = "eval") -> None:
        try:
            self._sandbox.compile(expression, mode)
        except (ScriptError, SyntaxError) as exc:
            self.problem(task_spec, f"{what} {expression!r} is not a valid expression: {exc}")
