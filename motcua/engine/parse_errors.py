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
from motcua.engine.problems import Problem, coded

PREFIXES = {"http://www.omg.org/spec/BPMN/20100524/MODEL": "bpmn",
            "http://spiffworkflow.org/bpmn/schema/1.0/core": "spiffworkflow"}
# lxml's own limits, which MotCua keeps (huge_tree stays off): what each means for an analyst, in each language.
XML_LIMITS = (
    ("Text node too long",
     {"vi": "một đoạn văn bản trong sơ đồ dài quá 10.000.000 ký tự, giới hạn cho một đoạn: để văn bản dài trong "
            "biểu mẫu hoặc tài liệu, không để trong sơ đồ",
      "en": "a text in the diagram is longer than 10,000,000 characters, the limit for one text: keep long texts in "
            "a form or a document, not in the diagram"}),
    ("Excessive depth",
     {"vi": "các phần tử lồng nhau sâu quá 256 mức, giới hạn cho phép: làm phẳng sơ đồ (bớt quy trình con hoặc phần "
            "tử mở rộng lồng nhau)",
      "en": "elements are nested more than 256 deep, the limit: flatten the diagram (fewer nested sub-processes or "
            "extension elements)"}),
    ("amplification",
     {"vi": "sơ đồ khai báo thực thể (entity) nở ra nhiều văn bản hơn mức cho phép: bỏ <!DOCTYPE> và các khai báo "
            "<!ENTITY> (BPMN không cần đến)",
      "en": "the diagram declares entities that expand to more text than allowed: remove the <!DOCTYPE> and its "
            "<!ENTITY> declarations (BPMN needs none)"}),
    ("external entity",
     {"vi": "sơ đồ tham chiếu một thực thể bên ngoài, MotCua không bao giờ đọc: bỏ <!DOCTYPE> và các khai báo "
            "<!ENTITY> (BPMN không cần đến)",
      "en": "the diagram refers to an external entity, which MotCua never reads: remove the <!DOCTYPE> and its "
            "<!ENTITY> declarations (BPMN needs none)"}),
    ("Huge input lookup",
     {"vi": "sơ đồ quá lớn để đọc: tách thành các sơ đồ nhỏ hơn",
      "en": "the diagram is too large to parse: split it into smaller diagrams"}),
    ("Unsupported encoding",
     {"vi": "lưu lại tệp ở bảng mã UTF-8 và ghi encoding=\"UTF-8\" ở dòng đầu",
      "en": "re-save the file as UTF-8 and write encoding=\"UTF-8\" in its first line"}),
)
# SpiffWorkflow's messages (a pattern on the first line) and what the analyst should do, in each language.
FIXES = (
    (r"^Element '.*': This element is not expected",
     "phần tử này không thuộc BPMN 2.0 hay phần mở rộng SpiffWorkflow ở vị trí này: sửa tên hoặc bỏ nó",
     "this element is not BPMN 2.0 or a SpiffWorkflow extension in this place: correct its name or remove it"),
    (r"^Element '.*': The attribute '.*' is required",
     "thêm thuộc tính mà thông báo nêu", "add the attribute the message names"),
    (r"^Element '.*': The attribute '.*' is not allowed",
     "bỏ thuộc tính hoặc sửa lại tên", "remove the attribute or correct its name"),
    (r"^Element '.*'", "sửa phần tử hoặc thuộc tính mà thông báo nêu để sơ đồ đúng BPMN 2.0",
     "correct the element or attribute the message names so the diagram is valid BPMN 2.0"),
    (r"^There is no support implemented for this task type",
     "thay bằng loại bước MotCua chạy được (bước người dùng, thủ công, dịch vụ, kịch bản, quy trình con hoặc gọi "
     "quy trình)",
     "replace it with a task MotCua runs (user, manual, service, script task, sub-process or call activity)"),
    (r"^Multiple outgoing flows are not supported",
     "giữ một luồng ra và đặt một cổng (gateway) sau bước để rẽ nhánh",
     "keep one outgoing flow and put a gateway after the task to split the flow"),
    (r"^When looking for a task spec", "đặt cho phần tử một id duy nhất; không phần tử mở rộng nào được dùng lại id đó",
     "give the element a unique id; no extension element may reuse it"),
    (r"^Non-default exclusive outgoing sequence flow without condition",
     "ghi điều kiện cho luồng, hoặc đặt nó làm luồng mặc định của cổng",
     "give the flow a condition, or make it the gateway's default flow"),
    (r"^Exactly one start event is required in a SubWorkflow",
     "quy trình con phải có đúng một sự kiện bắt đầu", "give the sub-process exactly one start event"),
    (r"^A SubWorkflow Must contain an End event", "thêm sự kiện kết thúc vào quy trình con",
     "add an end event to the sub-process"),
    (r'^No "calledElement" attribute', "đặt calledElement là id của quy trình mà bước gọi quy trình chạy",
     "set calledElement to the id of the process the call activity runs"),
    (r"^Invalid Script Task", "viết kịch bản vào bước kịch bản", "write the script in the script task"),
    (r"^A Service Task must have an operator",
     "chọn hàm xử lý MotCua bằng spiffworkflow:serviceTaskOperator",
     "name a MotCua handler with spiffworkflow:serviceTaskOperator"),
    (r"^No DMN Diagram available with id",
     "thêm tệp DMN định nghĩa bảng quyết định này vào thư mục dmn/ của gói, hoặc sửa spiffworkflow:calledDecisionId "
     "của bước quy tắc nghiệp vụ",
     "add the DMN file that defines this decision to the pack's dmn/ folder, or correct the business rule task's "
     "spiffworkflow:calledDecisionId"),
    (r"^Process .* is not executable", "đặt isExecutable=\"true\" cho quy trình",
     "set isExecutable=\"true\" on the process"),
    (r"^No start event found", "thêm sự kiện bắt đầu vào quy trình", "add a start event to the process"),
    (r"^Duplicate process ID", "đặt cho mỗi quy trình một id riêng", "give each process a unique id"),
    (r"^Could not find messageRef|^Message identifier is missing|^Cannot resolve data",
     "khai báo thông điệp, đối tượng dữ liệu hoặc kho dữ liệu mà phần tử tham chiếu, hoặc sửa lại tham chiếu",
     "declare the message, data object or data store the element refers to, or correct the reference"),
    (r"identifier is missing from bpmn xml", "đặt cho phần tử id mà thông báo nêu",
     "give the element the id the message names"),
    (r"^Conditional event definition with missing condition", "viết điều kiện của sự kiện",
     "write the event's condition"),
    (r"^Unknown Time Specification|^Time Specification Error",
     "viết thời hạn theo ISO 8601, ví dụ P3D hoặc PT4H",
     "write the timer as an ISO 8601 duration such as P3D or PT4H"),
    (r"^only duration timers", "viết thời hạn dạng timeDuration, ví dụ P3D (ngày làm việc) hoặc PT4H (giờ hành chính)",
     "write the timer as a timeDuration such as P3D (working days) or PT4H (office hours)"),
    (r"^Data Store with name .* has no implementation",
     "MotCua không chạy kho dữ liệu: bỏ kho dữ liệu và giữ giá trị trong dữ liệu của bước (một trường biểu mẫu)",
     "MotCua runs no data stores: remove the data store and keep the value in the task data (a form field)"),
    (r"^Ad hoc subprocesses|^Sequential ordering for ad hoc",
     "vẽ quy trình con ad hoc thành quy trình con thường với các luồng tuần tự",
     "draw the ad hoc sub-process as an ordinary sub-process with sequence flows"),
)
GENERIC_FIX = {"vi": "sửa phần tử theo thông báo; nếu sơ đồ có vẻ đúng, hãy gửi cho nhóm phát triển MotCua vì trình "
                     "đọc của SpiffWorkflow không đọc được nó",
               "en": "correct the element as the message says; if the diagram looks right, send it to MotCua's "
                     "maintainers, since SpiffWorkflow's parser could not read it"}


def fix_for(message: str) -> dict[str, str]:
    """What to do about a SpiffWorkflow parser message, in each language."""
    for pattern, vietnamese, english in FIXES:
        if re.search(pattern, message):
            return {"vi": vietnamese, "en": english}
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
            return coded(filename, "xml.refused", element=element, line=line, meaning=meaning)
    return coded(filename, "xml.malformed", element=element, line=line, detail=exc.msg)


def entity_problem(tree: etree._Element, filename: str) -> Problem | None:
    """A diagram declaring entities is refused: they are never expanded (they could read files or grow without
    end), so the diagram would not say what it seems to; BPMN needs no DOCTYPE."""
    dtd = tree.getroottree().docinfo.internalDTD
    if dtd is None or not list(dtd.iterentities()):
        return None
    names = ", ".join(sorted(entity.name for entity in dtd.iterentities() if entity.name))
    return coded(filename, "xml.entities", element=tree.get("id"), line=1, names=names)


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
    too_long = isinstance(_root_cause(exc), RecursionError) or "RecursionError" in message
    wanted, called = None, False
    if not too_long and message.startswith("The process '"):
        missing = re.match(r"The process '([^']*)'", message)
        wanted = repr(missing.group(1) if missing else process_id)
        element = next((e for e in tree.iter() if isinstance(e.tag, str)
                        and repr(e.get("calledElement")) == wanted), None)
        called = element is not None
    if element is None:
        element = _by_id(tree, process_id)
    if element is None:
        element = tree
    ident, line = element.get("id") or None, line or element.sourceline or 1
    if too_long:
        return coded(filename, "diagram.chain_too_long", ident, line, steps=f"{depth.MAX_CHAIN:,}")
    if wanted is not None:
        return coded(filename, "diagram.called_process_missing" if called else "diagram.process_id_unknown", ident,
                     line, detail=message, process=wanted)
    return coded(filename, "diagram.parser", ident, line, detail=message, fix=fix_for(message))
