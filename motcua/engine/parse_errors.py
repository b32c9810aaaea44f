"""SpiffWorkflow's parser errors, and lxml's, as problems naming the file, the line, the element and a fix.

SpiffWorkflow reports a diagram it cannot parse with a ``ValidationException`` carrying the element's id
(its ``line_number`` is never set for lxml trees), with other ``SpiffWorkflowException`` kinds carrying a
task spec or nothing, or, for a long enough chain of tasks, with a ``RecursionError`` wrapped in a
``ValidationException``. An analyst needs where and what to do: the line comes from the element's id in
the lxml tree, the fix from the table below, and what names no element is placed on the element it
concerns (a call activity, the process) or else on the diagram's root.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException

from motcua.engine import depth
from motcua.engine.problems import Problem

PREFIXES = {"http://www.omg.org/spec/BPMN/20100524/MODEL": "bpmn",
            "http://spiffworkflow.org/bpmn/schema/1.0/core": "spiffworkflow"}
# lxml's own limits, which MotCua keeps (huge_tree stays off): what each means for an analyst.
XML_LIMITS = (
    ("Text node too long", "a text in the diagram is longer than 10,000,000 characters, the limit for one text: "
                           "keep long texts in a form or a document, not in the diagram"),
    ("Excessive depth", "elements are nested more than 256 deep, the limit: flatten the diagram (fewer nested "
                        "sub-processes or extension elements)"),
    ("amplification", "the diagram declares entities that expand to more text than allowed: remove the "
                      "<!DOCTYPE> and its <!ENTITY> declarations (BPMN needs none)"),
    ("external entity", "the diagram refers to an external entity, which MotCua never reads: remove the "
                        "<!DOCTYPE> and its <!ENTITY> declarations (BPMN needs none)"),
    ("Huge input lookup", "the diagram is too large to parse: split it into smaller diagrams"),
    ("Unsupported encoding", "re-save the file as UTF-8 and write encoding=\"UTF-8\" in its first line"),
)
# SpiffWorkflow's messages (a pattern on the first line) and what the analyst should do.
FIXES = (
    (r"^Element '.*': This element is not expected",
     "this element is not BPMN 2.0 or a SpiffWorkflow extension in this place: correct its name or remove it"),
    (r"^Element '.*': The attribute '.*' is required",
     "add the attribute the message names"),
    (r"^Element '.*': The attribute '.*' is not allowed",
     "remove the attribute or correct its name"),
    (r"^Element '.*'", "correct the element or attribute the message names so the diagram is valid BPMN 2.0"),
    (r"^There is no support implemented for this task type",
     "replace it with a task MotCua runs (user, manual, service, script task, sub-process or call activity)"),
    (r"^Multiple outgoing flows are not supported",
     "keep one outgoing flow and put a gateway after the task to split the flow"),
    (r"^When looking for a task spec", "give the element a unique id; no extension element may reuse it"),
    (r"^Non-default exclusive outgoing sequence flow without condition",
     "give the flow a condition, or make it the gateway's default flow"),
    (r"^Exactly one start event is required in a SubWorkflow",
     "give the sub-process exactly one start event"),
    (r"^A SubWorkflow Must contain an End event", "add an end event to the sub-process"),
    (r'^No "calledElement" attribute', "set calledElement to the id of the process the call activity runs"),
    (r"^Invalid Script Task", "write the script in the script task"),
    (r"^A Service Task must have an operator",
     "name a MotCua handler with spiffworkflow:serviceTaskOperator"),
    (r"^No DMN Diagram available with id",
     "add the DMN file that defines this decision to the pack's dmn/ folder, or correct the business rule task's "
     "spiffworkflow:calledDecisionId"),
    (r"^Process .* is not executable", "set isExecutable=\"true\" on the process"),
    (r"^No start event found", "add a start event to the process"),
    (r"^Duplicate process ID", "give each process a unique id"),
    (r"^Could not find messageRef|^Message identifier is missing|^Cannot resolve data",
     "declare the message, data object or data store the element refers to, or correct the reference"),
    (r"identifier is missing from bpmn xml", "give the element the id the message names"),
    (r"^Conditional event definition with missing condition", "write the event's condition"),
    (r"^Unknown Time Specification|^Time Specification Error",
     "write the timer as an ISO 8601 duration such as P3D or PT4H"),
    (r"^only duration timers", "write the timer as a timeDuration such as P3D (working days) or PT4H (office hours)"),
    (r"^Data Store with name .* has no implementation",
     "MotCua runs no data stores: remove the data store and keep the value in the task data (a form field)"),
    (r"^Ad hoc subprocesses|^Sequential ordering for ad hoc",
     "draw the ad hoc sub-process as an ordinary sub-process with sequence flows"),
)
GENERIC_FIX = ("correct the element as the message says; if the diagram looks right, send it to MotCua's "
               "maintainers, since SpiffWorkflow's parser could not read it")


def fix_for(message: str) -> str:
    """What to do about a SpiffWorkflow parser message."""
    for pattern, fix in FIXES:
        if re.search(pattern, message):
            return fix
    return GENERIC_FIX


def _element_near(source: bytes, line: int) -> str | None:
    """The id of the last element with one that starts at or before ``line``, read leniently (lxml's recover
    mode, the same safety options): the element the analyst was editing where the file breaks."""
    try:
        # In recover mode a text with no element at all gives None (the stubs say it cannot).
        tree: etree._Element | None = etree.fromstring(source, etree.XMLParser(recover=True, resolve_entities=False,
                                                                                no_network=True))
    except etree.XMLSyntaxError:
        return None
    near = None
    for element in tree.iter() if tree is not None else ():
        if isinstance(element.tag, str) and element.get("id") and (element.sourceline or 0) <= line:
            near = element.get("id")
    return near


def xml_problem(exc: etree.XMLSyntaxError, filename: str, source: bytes | None = None) -> Problem:
    """lxml's refusal: malformed XML, or one of the size limits MotCua keeps, with the limit and a fix; the
    element is the one being read where it stopped, when ``source`` is given and one can be found."""
    line = exc.lineno or 1
    element = _element_near(source, line) if source is not None else None
    for marker, meaning in XML_LIMITS:
        if marker in exc.msg:
            return Problem(filename, f"XML refused: {meaning}", element=element, line=line)
    return Problem(filename, f"XML is not well-formed: {exc.msg}: correct the file at this line (an XML editor "
                             "shows the unclosed or misspelt tag)", element=element, line=line)


def entity_problem(tree: etree._Element, filename: str) -> Problem | None:
    """A diagram declaring entities is refused: they are never expanded (they could read files or grow without
    end), so the diagram would not say what it seems to; BPMN needs no DOCTYPE."""
    dtd = tree.getroottree().docinfo.internalDTD
    if dtd is None or not list(dtd.iterentities()):
        return None
    names = ", ".join(sorted(entity.name for entity in dtd.iterentities() if entity.name))
    return Problem(filename, f"the diagram declares entities ({names}) in a <!DOCTYPE>: MotCua reads no "
                             "entities; remove the <!DOCTYPE> and write the text itself", element=tree.get("id"),
                   line=1)


def _owner(tree: etree._Element, line: int) -> etree._Element | None:
    """The element at ``line`` that has an id, or the nearest ancestor of an element there that has one."""
    for element in tree.iter():
        if isinstance(element.tag, str) and element.sourceline == line:
            owner: etree._Element | None = element
            while owner is not None and not owner.get("id"):
                owner = owner.getparent()
            return owner
    return None


def _by_id(tree: etree._Element, ident: str) -> etree._Element | None:
    for element in tree.iter():
        if isinstance(element.tag, str) and element.get("id") == ident:
            return element
    return None


def _root_cause(exc: BaseException) -> BaseException:
    seen: set[int] = set()
    while (inner := exc.__cause__ or exc.__context__) is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc = inner
    return exc


def _text(exc: BaseException) -> str:
    """The first line of an exception's own message (SpiffWorkflow appends its notes to ``str``), with XML
    names written as in the file (``bpmn:userTask``, not ``{http://www.omg.org/…/MODEL}userTask``)."""
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    for namespace, prefix in PREFIXES.items():
        text = text.replace(f"{{{namespace}}}", f"{prefix}:")
    return text.split("\n")[0].strip().rstrip(".")


def parser_problem(exc: Exception, tree: etree._Element, filename: str, process_id: str,
                   companion: Callable[[str], object] | None = None) -> Problem:
    """One problem for an exception out of SpiffWorkflow's parser, placed on an element and a line.

    ``companion`` gives the tree of another file parsed with this diagram (a called diagram, a decision
    table) by its name, so an error SpiffWorkflow reports in that file is placed there.
    """
    element, line = None, None
    if isinstance(exc, ValidationException) and exc.file_name and exc.file_name != filename and companion:
        other = companion(exc.file_name)
        if isinstance(other, etree._Element):
            tree, filename = other, exc.file_name
    if isinstance(exc, ValidationException):
        element = _by_id(tree, exc.id) if exc.id else None
        if isinstance(exc.line_number, int) and exc.line_number:  # the schema validator's errors
            line = exc.line_number
            element = element if element is not None else _owner(tree, line)
    task_spec = getattr(exc, "task_spec", None) or getattr(getattr(exc, "task", None), "task_spec", None)
    if element is None and task_spec is not None:
        element = _by_id(tree, getattr(task_spec, "bpmn_id", None) or "")
    message = _text(exc)
    if isinstance(_root_cause(exc), RecursionError) or "RecursionError" in message:
        message = (f"the flow is too long for SpiffWorkflow's parser: more than about {depth.MAX_CHAIN:,} steps "
                   "follow one another in one process (MotCua's limit)")
        fix = "split the process into sub-processes or call activities of fewer steps each"
    elif message.startswith("The process '"):
        missing = re.match(r"The process '([^']*)'", message)
        wanted = missing.group(1) if missing else process_id
        element = next((e for e in tree.iter() if isinstance(e.tag, str) and e.get("calledElement") == wanted), None)
        fix = (f"add a process with id {wanted!r} or call one that exists" if element is not None else
               "set process_id in the procedure's processes/*.toml to one of the processes named")
    else:
        fix = fix_for(message)
    if element is None:
        element = _by_id(tree, process_id)
    if element is None:
        element = tree
    return Problem(filename, f"{message}: {fix}", element=element.get("id") or None,
                   line=line or element.sourceline or 1)
