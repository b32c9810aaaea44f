"""Parse one BPMN diagram and check it against the pack before it may run.

The same function serves the pack loader, ``motcua validate`` and (later) the
modeler's save button, so an analyst sees one set of rules everywhere. Each
problem names the file, the element id and its line in the XML.
"""
from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.spiff.parser.process import VALIDATOR
from SpiffWorkflow.spiff.specs.defaults import ManualTask, NoneTask, ScriptTask, UserTask

from motcua.domain.procedure import Procedure
from motcua.domain.roles import ROLES
from motcua.engine.depth import deep_flow
from motcua.engine.foreign import foreign_problems
from motcua.engine.forms import FORM_KEY, Form, adopt_spiffarena_properties, load_form
from motcua.engine.handlers import HandlerRegistry
from motcua.engine.ids import id_problems
from motcua.engine.lanes import resolve_lanes
from motcua.engine.library import Library
from motcua.engine.links import links_as_flows
from motcua.engine.parse_errors import entity_problem, parser_problem, xml_problem
from motcua.engine.problems import PackError, Problem, coded
from motcua.engine.reach import shape_problems
from motcua.engine.sandbox import SandboxEnvironment, ScriptError
from motcua.engine.spec import HandlerServiceTask, MotcuaParser
from motcua.engine.tailor import tailor
from motcua.engine.timers import ISO_DURATION, DurationError, WorkingDurationTimer, working_duration

# What an expression is, named in each language (a problem's ``what``: the modeler shows the analyst's).
SCRIPT = {"vi": "Đoạn mã", "en": "script"}
CONDITION = {"vi": "Điều kiện", "en": "condition"}
TIMER = {"vi": "Thời hạn hẹn giờ", "en": "timer duration"}
CAMUNDA_SYNTAX = {"vi": ", không dùng ${…} (cú pháp của Camunda và Flowable)",
                  "en": ", without ${…} (that is Camunda's and Flowable's syntax)"}

HUMAN_TASKS = (UserTask, ManualTask, NoneTask)  # a plain `task` is done by a person: a confirmation step


@dataclass
class CompiledDiagram:
    """A diagram that passed every check: its specs and the forms its user tasks use."""

    spec: Any
    subprocess_specs: dict[str, Any]
    forms: dict[str, Form]
    file: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # element id -> line in the diagram, for later problems
    companions: dict[str, str] = field(default_factory=dict)  # called diagrams and decision tables, by file
    notes: list[Problem] = field(default_factory=list)  # what was assumed, for ``motcua validate`` to say


def _xml(source: bytes, filename: str) -> etree._Element:
    """The diagram's tree; entities are not resolved, nothing is fetched, and lxml's size limits stay on."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    try:
        tree = etree.fromstring(source, parser)
    except etree.XMLSyntaxError as exc:
        raise PackError([xml_problem(exc, filename, source)]) from exc
    entities = entity_problem(tree, filename)
    if entities is not None:
        raise PackError([entities])
    return tree


Parts = dict[str, etree._Element]  # the called diagrams and decision tables a procedure uses, by file


def _specs(tree: etree._Element, filename: str, process_id: str, library: Library | None = None,
           fit: Callable[[etree._Element], object] | None = None) -> tuple[Any, dict[str, Any], Parts]:
    """SpiffWorkflow's specs of the process; what its parser refuses becomes a problem with a line and a fix.

    The parser follows the flow recursively, so it runs with room for a long chain of steps (``deep_flow``).
    SpiffArena's form properties are read as MotCua's here, once, so the checks and the runtime see one key.
    ``fit`` tailors each diagram to the procedure before it is parsed (``motcua.engine.tailor``).
    """
    parser = MotcuaParser(validator=VALIDATOR)
    if fit is not None:
        fit(tree)
    try:
        with deep_flow():
            parser.add_bpmn_xml(etree.ElementTree(links_as_flows(tree)), filename=filename)
            companions = library.add_needed(parser, tree, filename, fit) if library else {}
            spec, subprocess_specs = parser.get_spec(process_id), parser.get_subprocess_specs(process_id)
    except PackError:
        raise
    except Exception as exc:  # the parser's own exceptions, a RecursionError, or whatever odd input makes it raise
        companion = library.tree if library else None
        raise PackError([parser_problem(exc, tree, filename, process_id, companion)]) from exc
    for process in [spec, *subprocess_specs.values()]:
        for task_spec in process.task_specs.values():
            adopt_spiffarena_properties(getattr(task_spec, "extensions", None) or {})
    return spec, subprocess_specs, companions


def compile_diagram(source: bytes, filename: str, process_id: str, forms_dir: Path,
                    handlers: HandlerRegistry, diagram_dir: Path | None = None,
                    library: Library | None = None, procedure: Procedure | None = None) -> CompiledDiagram:
    """Parse a diagram and refuse it, with every problem listed, unless it can run in this pack.

    Forms are read from ``forms_dir``, else from the diagram's own folder ``diagram_dir`` (SpiffArena's layout).
    With a ``procedure``, the diagram and the shared parts it calls are first fitted to its catalogue entry
    (its forms for shared steps, its step quotas); an entry that fits no task of them is a problem.
    """
    tree = _xml(source, filename)
    shape = foreign_problems(tree, filename) + id_problems(tree, filename) + shape_problems(tree, filename)
    touched: set[str] = set()

    def fit(part: etree._Element) -> None:
        if procedure is not None:
            touched.update(tailor(part, procedure))

    try:
        spec, subprocess_specs, used = _specs(tree, filename, process_id, library, fit)
    except PackError as exc:
        raise PackError(shape + exc.problems) from exc
    if procedure is not None:
        shape += _untouched(procedure, touched)
    companions = {name: etree.tostring(part, encoding="unicode") for name, part in used.items()}
    notes = [coded(filename, "note.no_lanes", process=repr(name))
             for name in resolve_lanes([spec, *subprocess_specs.values()], HUMAN_TASKS)]
    lines = _lines(tree)
    checker = _Checker(filename, lines, forms_dir, handlers, diagram_dir)
    part_lines = {name: _lines(part) for name, part in used.items()}
    for process in [spec, *subprocess_specs.values()]:
        # a called part's problems name its own file and lines
        checker.filename, checker.lines = ((process.file, part_lines[process.file]) if process.file in part_lines
                                           else (filename, lines))
        for task_spec in process.task_specs.values():
            checker.check(task_spec)
    checker.filename, checker.lines = filename, lines
    if shape or checker.problems:
        raise PackError(shape + checker.problems)
    return CompiledDiagram(spec, subprocess_specs, checker.forms, filename, lines, companions,
                           notes + checker.notes)


def part_problems(source: bytes, filename: str) -> list[Problem]:
    """What a called diagram (a shared part of the frame) must satisfy on its own, before the procedures that
    call it are compiled with it: well-formed XML, nothing of another engine, unique ids, and in each process
    a start, an end and no element that no flow reaches. The rest is checked in every procedure that calls it,
    where its forms and quotas are fitted."""
    try:
        tree = _xml(source, filename)
    except PackError as exc:
        return exc.problems
    return foreign_problems(tree, filename) + id_problems(tree, filename) + shape_problems(tree, filename)


def _lines(tree: etree._Element) -> dict[str, int]:
    """Element id -> line in its file (elements the tailoring added have none)."""
    return {ident: el.sourceline for el in tree.iter()
            if isinstance(el.tag, str) and (ident := el.get("id")) and el.sourceline is not None}


def _untouched(procedure: Procedure, touched: set[str]) -> list[Problem]:
    """A form or step quota in the catalogue that names no task of the diagram or its shared parts."""
    shown = f"processes/{procedure.slug}.toml"
    named = ([(task, "forms") for task, _form in procedure.forms]
             + [(task, f"parameters.{task}") for task, _name, _value in procedure.parameters]
             + [(s.task, f"steps.{s.task}") for s in procedure.steps])
    return [coded(shown, "catalogue.unknown_task", where=where, task=repr(task))
            for task, where in named if task not in touched]


class _Checker:
    """The rules a task spec must satisfy; collects problems instead of stopping at the first."""

    def __init__(self, filename: str, lines: dict[str, int], forms_dir: Path, handlers: HandlerRegistry,
                 diagram_dir: Path | None = None) -> None:
        self.filename, self.lines, self.forms_dir, self.handlers = filename, lines, forms_dir, handlers
        self.diagram_dir = diagram_dir
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []  # what passes but an analyst should know
        self.forms: dict[str, Form] = {}
        self._sandbox = SandboxEnvironment()

    def problem(self, task_spec: Any, code: str, **params: Any) -> None:
        """A coded problem of an element (``motcua.messages``: the modeler says it in the analyst's language)."""
        element = task_spec.bpmn_id
        self.problems.append(coded(self.filename, code, element, self.lines.get(element), **params))

    def check(self, task_spec: Any) -> None:
        if isinstance(task_spec, HandlerServiceTask):
            self.check_operator(task_spec)
        if isinstance(task_spec, HUMAN_TASKS):
            self.check_human(task_spec)
        if isinstance(task_spec, (ExclusiveGateway, InclusiveGateway)):
            self.check_conditions(task_spec)
        if isinstance(task_spec, ScriptTask):
            self.check_expression(task_spec, task_spec.script or "", SCRIPT, mode="exec")
        if isinstance(getattr(task_spec, "event_definition", None), WorkingDurationTimer):
            self.check_timer(task_spec)

    def check_operator(self, task_spec: HandlerServiceTask) -> None:
        operator = self.handlers.get(task_spec.operation_name)
        if operator is None:
            known = ", ".join(self.handlers.names()) or "none"
            self.problem(task_spec, "diagram.unknown_operator", operator=repr(task_spec.operation_name), known=known)
            return
        given = set(task_spec.operation_params)
        for missing in sorted(operator.required - given):
            self.problem(task_spec, "diagram.missing_parameter", operator=repr(operator.name), parameter=repr(missing))
        if not operator.open_ended:
            for unknown in sorted(given - operator.accepted):
                self.problem(task_spec, "diagram.unknown_parameter", operator=repr(operator.name),
                             parameter=repr(unknown), accepted=", ".join(sorted(operator.accepted)))
        for name, param in task_spec.operation_params.items():
            self.check_expression(task_spec, param["value"], {"vi": f"Tham số {name!r}", "en": f"parameter {name!r}"})

    def check_human(self, task_spec: Any) -> None:
        if not task_spec.lane:
            self.problem(task_spec, "diagram.no_lane", roles=", ".join(ROLES))
        elif task_spec.lane not in ROLES:
            self.problem(task_spec, "diagram.unknown_role", lane=repr(task_spec.lane), roles=", ".join(ROLES))
        reference = task_spec.extensions.get(FORM_KEY) if isinstance(task_spec, UserTask) else None
        if isinstance(task_spec, UserTask) and not reference:  # as in SpiffArena: instructions and a submit button
            self.notes.append(coded(self.filename, "note.no_form", task_spec.bpmn_id,
                                    self.lines.get(task_spec.bpmn_id)))
        elif reference:
            form = load_form(self.forms_dir, reference, beside=self.diagram_dir)
            if isinstance(form, Problem):
                self.problem(task_spec, "diagram.bad_form", form=repr(reference), detail=form.words())
            else:
                self.forms[form.name] = form

    def check_timer(self, task_spec: Any) -> None:
        """A literal duration is checked now; one computed from the data can only be checked when it runs."""
        expression = task_spec.event_definition.expression.strip()
        if not ISO_DURATION.match(expression):
            self.check_expression(task_spec, expression, TIMER)
            try:
                expression = str(ast.literal_eval(expression))
            except (ValueError, SyntaxError):
                return
        try:
            working_duration(expression)
        except DurationError as exc:
            self.problem(task_spec, "diagram.bad_timer", detail=exc.said.words())

    def check_conditions(self, task_spec: Any) -> None:
        for condition, _target in getattr(task_spec, "cond_task_specs", []):
            if condition is not None:
                self.check_expression(task_spec, condition.args[0], CONDITION)

    def check_expression(self, task_spec: Any, expression: str, what: Mapping[str, str], mode: str = "eval") -> None:
        """``what`` names the expression in each language (``SCRIPT``, ``CONDITION``, a parameter)."""
        try:
            self._sandbox.compile(expression, mode)
        except (ScriptError, SyntaxError) as exc:
            self.problem(task_spec, "diagram.bad_expression", what=what, expression=repr(expression), detail=str(exc),
                         camunda=CAMUNDA_SYNTAX if "${" in expression else "")
