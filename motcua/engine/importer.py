"""Diagrams from Camunda 7/8, Flowable and Activiti, converted to what MotCua runs.

``motcua validate`` refuses another engine's execution settings and names the
MotCua setting that replaces each (``foreign.py``); importing does that
replacement where the meaning is unambiguous, and lists the rest:

- a form key naming a form of the pack -> ``spiffworkflow:formJsonSchemaFilename``;
- ``candidateGroups``/``assignee`` naming a role (code, Vietnamese or English title) -> the task's lane;
- a due date given as a duration -> a non-interrupting timer boundary event (working days);
- a simple JUEL/FEEL condition -> the same condition in Python;
- a job type or topic that is the name of a registered handler -> ``spiffworkflow:serviceTaskOperator``.

Every other setting in another engine's namespace is removed from the output and
listed with its element, its line in the input and what to do in MotCua instead:
left in place it would only make validation refuse a diagram the modeler cannot
clean (its panel edits MotCua's settings, not Camunda's), and removing it loses
nothing MotCua would run. A condition or script that cannot be translated is kept
and listed, so validation still refuses it by name until the analyst rewrites it.
Layout is kept; lanes, pools and timers the import adds get shapes of their own.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from motcua.domain.roles import ROLES
from motcua.domain.text import fold
from motcua.engine import import_layout as layout
from motcua.engine.foreign import ENGINES, FORM, INSTEAD, KINDS, OPERATOR
from motcua.engine.import_conditions import translate_condition
from motcua.engine.parse_errors import xml_problem
from motcua.engine.problems import PackError, Problem, coded
from motcua.engine.reach import NODE_TAGS
from motcua.engine.timers import ISO_DURATION, DurationError, working_duration

BPMN, BPMNDI = layout.BPMN, layout.BPMNDI
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NAMESPACES = {"spiffworkflow": SPIFF, "bpmndi": BPMNDI, "dc": layout.DC, "di": "http://www.omg.org/spec/DD/20100524/DI"}
HUMAN = {"userTask", "manualTask"}
FORM_PREFIXES = ("camunda-forms:deployment:", "camunda-forms:app:", "embedded:app:", "embedded:deployment:",
                 "deployment:", "app:")
FORM_SUFFIXES = (".schema.json", ".uischema.json", ".form", ".html", ".htm", ".json", ".xhtml", ".jsf")
# What replaces each setting of another engine that foreign.py's table does not name, in each language.
_TIMER = {"vi": "gắn cho bước một sự kiện hẹn giờ biên không ngắt có thời hạn (ví dụ P3D)",
          "en": "give the task a non-interrupting timer boundary event with a duration (e.g. P3D)"}
_STARTS = {"vi": "không cần thiết lập: hồ sơ bắt đầu ở bộ phận tiếp nhận hoặc khi nộp trực tuyến",
           "en": "nothing to set: dossiers start at the reception desk or online"}
_STEP = {"vi": "không cần thiết lập: MotCua chạy mỗi bước trong một giao dịch riêng",
         "en": "nothing to set: MotCua runs each step in its own transaction"}
_DMN = {"vi": "MotCua không chạy DMN: quyết định bằng điều kiện ở cổng hoặc trong một hàm xử lý",
        "en": "MotCua runs no DMN: decide in a gateway condition or a handler"}
_DATA = {"vi": "truyền dữ liệu qua tham số của hàm xử lý hoặc một bước kịch bản Python",
         "en": "pass data through a handler's parameters or a Python script task"}
_LISTENER = {"vi": "gọi một hàm xử lý từ tác vụ dịch vụ ở chỗ listener đã chạy",
             "en": "call a handler from a service task where the listener ran"}
ADVICE = {
    "inputOutput": _DATA, "ioMapping": _DATA, "in": _DATA, "out": _DATA,
    "field": {"vi": "cho hàm xử lý các tham số (spiffworkflow:parameter)",
              "en": "give the handler parameters (spiffworkflow:parameter)"},
    "executionListener": _LISTENER, "taskListener": _LISTENER, "eventListener": _LISTENER,
    "asyncBefore": _STEP, "asyncAfter": _STEP, "async": _STEP, "exclusive": _STEP, "jobPriority": _STEP,
    "failedJobRetryTimeCycle": {"vi": "không cần thiết lập: MotCua không tự chạy lại một bước bị lỗi",
                                "en": "nothing to set: MotCua does not retry a failed step by itself"},
    "versionTag": {"vi": "không cần thiết lập: mỗi sơ đồ lưu trong trình vẽ quy trình thành một phiên bản có số",
                   "en": "nothing to set: each diagram saved in the modeler becomes a numbered version"},
    "historyTimeToLive": {"vi": "không cần thiết lập: hồ sơ được giữ trong sổ theo dõi",
                          "en": "nothing to set: dossiers are kept in the register"},
    "isStartableInTasklist": _STARTS, "candidateStarterGroups": _STARTS, "candidateStarterUsers": _STARTS,
    "dueDate": _TIMER, "followUpDate": _TIMER, "taskSchedule": _TIMER,
    "priority": {"vi": "MotCua không có mức ưu tiên của bước: đặt thời hạn cho bước bằng một hẹn giờ",
                 "en": "MotCua has no task priority: give the step a deadline with a timer"},
    "type": OPERATOR,
    "resultVariable": {"vi": "không cần thiết lập: kết quả của hàm xử lý được gộp vào dữ liệu của bước",
                       "en": "nothing to set: a handler's result is merged into the task data"},
    "properties": {"vi": "ghi các thông tin của thủ tục trong processes/<slug>.toml",
                   "en": "keep facts about the procedure in processes/<slug>.toml"},
    "formData": FORM, "formProperty": FORM, "userTaskForm": FORM,
    "calledElement": {"vi": "đặt calledElement của bước gọi quy trình là một quy trình của gói",
                      "en": "set the call activity's calledElement to a process of the pack"},
    "calledDecision": _DMN, "decisionRef": _DMN,
    "resource": {"vi": "viết kịch bản bằng Python ngay trong bước kịch bản",
                 "en": "write the script in Python inside the script task"},
}
DEFAULT_ADVICE = {"vi": "MotCua không có thiết lập này: mô hình hóa bằng hàm xử lý, biểu mẫu, làn hoặc hẹn giờ",
                  "en": "MotCua has no such setting: model it with a handler, a form, a lane or a timer"}


@dataclass(frozen=True)
class Imported:
    """A converted diagram: its XML, what was mapped, and what the analyst must still do by hand."""

    xml: str
    engines: list[str]
    converted: list[Problem]
    notes: list[Problem]
    process_ids: list[str]  # the executable processes, after any renaming
    process_names: dict[str, str]  # their names, by id


@dataclass
class _Setting:
    """One execution setting of another engine found on an element."""

    engine: str
    name: str
    value: str | None
    line: int | None
    kind: str  # "attribute" or "element"


def import_diagram(source: bytes, filename: str, forms: Mapping[str, bool], roles: Iterable[str] = tuple(ROLES),
                   *, operators: Iterable[str] = (), process_id: str | None = None) -> Imported:
    """Convert a diagram saved by another modeler; ``forms`` maps each pack form to whether it has a UI schema.

    ``process_id``, when given, becomes the id of the diagram's only executable process (the modeler imports
    into an existing procedure, whose catalogue entry names its process). Raises PackError when the bytes are
    not a BPMN 2.0 diagram at all.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(source, parser)
    except etree.XMLSyntaxError as exc:
        raise PackError([xml_problem(exc, filename, source)]) from exc
    if root.tag != f"{{{BPMN}}}definitions":
        raise PackError([coded(filename, "diagram.not_bpmn", line=root.sourceline, root=repr(root.tag))])
    work = _Import(_declare(root), filename, forms, set(roles), set(operators))
    return work.run(process_id)


def _declare(root: etree._Element) -> etree._Element:
    """The root again, declaring the namespaces the import may write (lxml cannot add one in place)."""
    missing: dict[str | None, str] = {p: uri for p, uri in NAMESPACES.items()
                                      if uri not in root.nsmap.values() and p not in root.nsmap}
    if not missing:
        return root
    fresh = etree.Element(root.tag, attrib=dict(root.attrib), nsmap={**root.nsmap, **missing})
    fresh.text = root.text
    for child in list(root):
        fresh.append(child)  # moved, not copied: each keeps its line in the input
    return fresh


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _engine(name: str) -> str | None:
    return ENGINES.get(etree.QName(name).namespace or "")


def _extensions(element: etree._Element) -> etree._Element:
    """The element's extensionElements, made where the BPMN schema wants it (after any documentation)."""
    extensions = element.find(f"{{{BPMN}}}extensionElements")
    if extensions is None:
        extensions = etree.Element(f"{{{BPMN}}}extensionElements")
        element.insert(sum(1 for c in element if isinstance(c.tag, str) and _local(c) == "documentation"), extensions)
    return extensions


def _advice(name: str) -> dict[str, str]:
    return ADVICE.get(name) or INSTEAD.get(name) or DEFAULT_ADVICE


class _Import:
    """One conversion: walks the tree once, then adds lanes per process."""

    def __init__(self, root: etree._Element, filename: str, forms: Mapping[str, bool], roles: set[str],
                 operators: set[str]) -> None:
        self.root, self.filename, self.forms, self.operators = root, filename, forms, operators
        self.converted: list[Problem] = []
        self.notes: list[Problem] = []
        self.engines: set[str] = set()
        self.ids = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
        self.role_names = {fold(alias): code for code in roles
                           for alias in (code, *ROLES.get(code, ()))}
        self.wanted: dict[str, str] = {}  # human task id -> role code
        self.plane = root.find(f"{{{BPMNDI}}}BPMNDiagram/{{{BPMNDI}}}BPMNPlane")  # the one pools and lanes are on
        self.drawn = layout.bounds_of(root)

    # --- notes ---------------------------------------------------------------------------------------------
    def done(self, element: etree._Element, line: int | None, code: str, **params: Any) -> None:
        """A setting mapped to MotCua's, in words of ``motcua.messages``."""
        self.converted.append(coded(self.filename, code, element.get("id"), line, **params))

    def note(self, element: etree._Element | None, line: int | None, code: str, **params: Any) -> None:
        """Something the analyst must still do by hand, in words of ``motcua.messages``."""
        owner = element
        while owner is not None and not owner.get("id"):
            owner = owner.getparent()
        self.notes.append(coded(self.filename, code, owner.get("id") if owner is not None else None, line, **params))

    def fresh_id(self, wanted: str) -> str:
        candidate, number = wanted, 1
        while candidate in self.ids:
            number += 1
            candidate = f"{wanted}_{number}"
        self.ids.add(candidate)
        return candidate

    # --- the walk ------------------------------------------------------------------------------------------
    def run(self, process_id: str | None) -> Imported:
        for element in list(self.root.iter()):
            if not isinstance(element.tag, str) or _engine(element.tag):
                continue  # a foreign element is handled (and removed) with the element that owns it
            settings = self.collect(element)
            if settings:
                self.apply(element, settings)
            if _local(element) == "conditionExpression" and etree.QName(element).namespace == BPMN:
                self.condition(element)
            if _local(element) == "scriptTask":
                self.script(element)
        for process in self.root.iter(f"{{{BPMN}}}process"):
            self.lanes(process)
        self.executable()
        if process_id:
            self.rename_process(process_id)
        for ext in list(self.root.iter(f"{{{BPMN}}}extensionElements")):
            parent = ext.getparent()
            if parent is not None and len(ext) == 0 and not (ext.text or "").strip():
                parent.remove(ext)
        keep = [p for p, uri in self.root.nsmap.items() if p and uri not in ENGINES]
        etree.cleanup_namespaces(self.root, keep_ns_prefixes=keep)
        etree.indent(self.root, space="  ")
        xml = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8").decode("utf-8")
        processes = {p.get("id", ""): p.get("name", "") for p in self.root.iter(f"{{{BPMN}}}process")
                     if p.get("isExecutable") != "false"}
        return Imported(xml, sorted(self.engines), self.converted, self.notes, list(processes), processes)

    def collect(self, element: etree._Element) -> list[_Setting]:
        """The foreign attributes of an element and the foreign elements directly inside it or its extensions."""
        found = []
        for name, value in list(element.attrib.items()):
            engine = _engine(name)
            if engine:
                found.append(_Setting(engine, etree.QName(name).localname, value, element.sourceline, "attribute"))
                del element.attrib[name]
        holders = [element, *element.findall(f"{{{BPMN}}}extensionElements")]
        for holder in holders:
            for child in list(holder):
                engine = _engine(child.tag) if isinstance(child.tag, str) else None
                if not engine:
                    continue
                found.extend(self.unfold(child, engine))
                holder.remove(child)
        self.engines.update(s.engine for s in found)
        return found

    @staticmethod
    def unfold(child: etree._Element, engine: str) -> list[_Setting]:
        """Zeebe's settings are elements with attributes; read them as the attributes Camunda 7 would use."""
        name, line = _local(child), child.sourceline
        if name == "formDefinition":
            return [_Setting(engine, "formKey", child.get("formKey") or child.get("formId"), line, "element")]
        if name == "assignmentDefinition":
            return [_Setting(engine, key, child.get(key), line, "element")
                    for key in ("assignee", "candidateGroups", "candidateUsers") if child.get(key)]
        if name == "taskSchedule":
            return [_Setting(engine, key, child.get(key), line, "element")
                    for key in ("dueDate", "followUpDate") if child.get(key)]
        if name == "taskDefinition":
            return [_Setting(engine, "taskDefinition", child.get("type"), line, "element")]
        return [_Setting(engine, name, None, line, "element")]

    def apply(self, element: etree._Element, settings: list[_Setting]) -> None:
        kind = _local(element)
        left = []  # each mapping returns True once it has dealt with its setting: mapped it, or noted why not
        for setting in settings:
            value = setting.value or ""
            if setting.name == "formKey" and kind == "startEvent":
                self.note(element, setting.line, "import.start_form", engine=setting.engine, value=repr(value))
            elif not (setting.name in ("formKey", "formRef") and kind == "userTask" and self.form(element, setting)
                    or setting.name in ("assignee", "candidateGroups") and kind in HUMAN
                    and self.role(element, setting)
                    or setting.name == "dueDate" and kind in HUMAN and self.due(element, setting)
                    or setting.name in ("topic", "taskDefinition") and value in self.operators
                    and self.operator(element, setting)):
                left.append(setting)
        topic_mapped = any(s.name == "topic" for s in settings) \
            and not any(s.name == "topic" for s in left)
        for setting in left:
            if setting.name == "type" and setting.value == "external" and topic_mapped:
                continue  # Camunda 7's marker of an external task: the topic mapped says it all
            shown = f"{setting.name}={setting.value!r}" if setting.value is not None else setting.name
            self.note(element, setting.line, "import.setting_removed", engine=setting.engine, setting=shown,
                      kind=KINDS.get(setting.kind, setting.kind), advice=_advice(setting.name))

    # --- the mappings ----------------------------------------------------------------------------------------
    def form(self, element: etree._Element, setting: _Setting) -> bool:
        name = self.form_named(setting.value or "")
        extensions = _extensions(element)
        if name is None or extensions.find(f"{{{SPIFF}}}formJsonSchemaFilename") is not None:
            why = ({"vi": "không chỉ biểu mẫu nào của gói (forms/NAME.schema.json)",
                    "en": "names no form of the pack (forms/NAME.schema.json)"} if name is None else
                   {"vi": "không cần: bước đã có biểu mẫu MotCua", "en": "is not needed: the task already has a MotCua "
                                                                          "form"})
            self.note(element, setting.line, "import.form_removed", engine=setting.engine, name=setting.name,
                      value=repr(setting.value), why=why)
            return True
        etree.SubElement(extensions, f"{{{SPIFF}}}formJsonSchemaFilename").text = f"{name}.schema.json"
        if self.forms[name]:
            etree.SubElement(extensions, f"{{{SPIFF}}}formUiSchemaFilename").text = f"{name}.uischema.json"
        self.done(element, setting.line, "import.to_form", engine=setting.engine, name=setting.name,
                  value=repr(setting.value), form=name)
        return True

    def form_named(self, key: str) -> str | None:
        """The pack form a form key names, ignoring the deployment prefixes, folders and file suffixes."""
        text = key.strip()
        if not text or "${" in text or "#{" in text or text.startswith("="):
            return None
        for prefix in FORM_PREFIXES:
            if text.startswith(prefix):
                text = text[len(prefix):]
        text = text.rsplit("/", 1)[-1]
        for suffix in FORM_SUFFIXES:
            if text.lower().endswith(suffix):
                text = text[: -len(suffix)]
        wanted = fold(text).replace("-", "_").replace(" ", "_")
        found = [name for name in self.forms if fold(name).replace("-", "_") == wanted]
        return found[0] if len(found) == 1 else None

    def role(self, element: etree._Element, setting: _Setting) -> bool:
        value = (setting.value or "").strip()
        names = [n.strip() for n in value.split(",") if n.strip()]
        found = [self.role_names.get(fold(n)) for n in names]
        codes = {c for c in found if c}
        if not names or None in found or len(codes) != 1:
            roles = ", ".join(sorted(codes if None not in found else set(self.role_names.values())))
            why = ({"vi": "là một biểu thức, chỉ tính ra khi quy trình chạy",
                    "en": "is an expression, worked out as the process runs"} if value.startswith(("${", "#{", "="))
                   else {"vi": f"chỉ nhiều vai trò ({roles})", "en": f"names several roles ({roles})"}
                   if None not in found else {"vi": f"không chỉ vai trò nào (các vai trò: {roles})",
                                              "en": f"names no role (roles: {roles})"})
            self.note(element, setting.line, "import.role_removed", engine=setting.engine, name=setting.name,
                      value=repr(value), why=why)
            return True
        [code] = codes
        task = element.get("id", "")
        if self.wanted.get(task, code) != code:
            self.note(element, setting.line, "import.role_conflict", engine=setting.engine, name=setting.name,
                      value=repr(setting.value), role=repr(code), other=repr(self.wanted[task]))
            return True
        self.wanted[task] = code
        self.done(element, setting.line, "import.to_lane", engine=setting.engine, name=setting.name,
                  value=repr(setting.value), role=code)
        return True

    def due(self, element: etree._Element, setting: _Setting) -> bool:
        duration = (setting.value or "").strip()
        if not ISO_DURATION.match(duration):
            return False
        try:
            working_duration(duration)
        except DurationError as exc:
            self.note(element, setting.line, "import.due_removed", engine=setting.engine, duration=repr(duration),
                      detail=exc.said.words())
            return True
        task, parent = element.get("id", ""), element.getparent()
        if parent is None:
            return False
        event_id = self.fresh_id(f"{task}_due")
        event = etree.Element(f"{{{BPMN}}}boundaryEvent", id=event_id, name=f"Hạn xử lý ({duration})",
                              cancelActivity="false", attachedToRef=task)
        definition = etree.SubElement(event, f"{{{BPMN}}}timerEventDefinition", id=self.fresh_id(f"{event_id}_timer"))
        etree.SubElement(definition, f"{{{BPMN}}}timeDuration").text = duration
        element.addnext(event)
        slot = sum(1 for e in parent.iter(f"{{{BPMN}}}boundaryEvent")
                   if e.get("attachedToRef") == task) - 1
        layout.draw_boundary(self.drawn.get(task), event_id, slot)
        for lane in parent.iter(f"{{{BPMN}}}lane"):
            if any(ref.text == task for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")):
                etree.SubElement(lane, f"{{{BPMN}}}flowNodeRef").text = event_id
        self.done(element, setting.line, "import.to_timer", engine=setting.engine, duration=duration, event=event_id)
        return True

    def operator(self, element: etree._Element, setting: _Setting) -> bool:
        extensions = _extensions(element)
        if extensions.find(f"{{{SPIFF}}}serviceTaskOperator") is not None:
            return False
        op = etree.SubElement(extensions, f"{{{SPIFF}}}serviceTaskOperator", id=setting.value or "", resultVariable="")
        etree.SubElement(op, f"{{{SPIFF}}}parameters")
        self.done(element, setting.line, "import.to_handler", engine=setting.engine, name=setting.name,
                  value=repr(setting.value), handler=setting.value)
        return True

    def condition(self, element: etree._Element) -> None:
        text = (element.text or "").strip()
        flow = element.getparent()
        if flow is None:  # a condition outside a sequence flow means nothing to convert
            return
        language = (element.get("language") or "").lower()
        if language and language not in ("python", "python3", "juel", "feel"):
            self.note(flow, element.sourceline, "import.condition_language", language=repr(language))
            return
        if not text.startswith(("${", "#{", "=")):
            return  # already Python (or empty): validation compiles it
        python = translate_condition(text)
        if python is None:
            self.note(flow, element.sourceline, "import.condition_complex", condition=repr(text))
            return
        element.text = python
        element.attrib.pop("language", None)
        self.done(flow, element.sourceline, "import.to_condition", condition=repr(text), python=repr(python))

    def script(self, element: etree._Element) -> None:
        language = (element.get("scriptFormat") or "python").lower()
        if language not in ("python", "python3"):
            self.note(element, element.sourceline, "import.script_language", language=repr(language))

    # --- lanes -----------------------------------------------------------------------------------------------
    def lanes(self, process: etree._Element) -> None:
        """Put each task with a role into that role's lane: existing lanes, or new ones drawn across the pool."""
        nodes = [ident for c in process if isinstance(c.tag, str) and (ident := c.get("id"))
                 and _local(c) in NODE_TAGS]
        wanted = {task: role for task, role in self.wanted.items() if task in nodes}
        self.note_nested(process)
        lanes = list(process.iter(f"{{{BPMN}}}lane"))
        for lane in lanes:
            code = self.role_names.get(fold(lane.get("name") or ""))
            if code and code != lane.get("name"):
                self.done(lane, lane.sourceline, "import.lane_to_role", lane=repr(lane.get("name")), role=code)
                lane.set("name", code)
        if lanes:
            self.fit_existing(lanes, wanted)
        elif wanted:
            self.new_lanes(process, nodes, wanted)

    def note_nested(self, process: etree._Element) -> None:
        for task, role in self.wanted.items():
            found = process.find(f".//*[@id='{task}']")
            if found is not None and found.getparent() is not process:
                self.note(found, found.sourceline, "import.task_nested", role=repr(role))

    def fit_existing(self, lanes: list[etree._Element], wanted: dict[str, str]) -> None:
        lane_of = {ref.text: lane for lane in lanes for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")}
        for task, role in wanted.items():
            lane = lane_of.get(task)
            element = self.root.find(f".//*[@id='{task}']")
            line = element.sourceline if element is not None else None
            if lane is None:
                self.note(element, line, "import.task_no_lane", role=repr(role))
            elif lane.get("name") == role:
                continue
            elif lane.get("name") not in self.role_names.values() and \
                    {wanted.get(ref.text or "", role) for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")} == {role}:
                self.done(lane, lane.sourceline, "import.lane_to_tasks_role", lane=repr(lane.get("name")), role=role)
                lane.set("name", role)
            else:
                self.note(element, line, "import.lane_mismatch", lane=repr(lane.get("name")), role=repr(role))

    def new_lanes(self, process: etree._Element, nodes: list[str], wanted: dict[str, str]) -> None:
        participant = self.root.find(f"{{{BPMN}}}collaboration/{{{BPMN}}}participant"
                                     f"[@processRef='{process.get('id')}']")
        drawn_pool = self.drawn.get(participant.get("id", "")) if participant is not None else None
        pool = drawn_pool[1] if drawn_pool else None
        drawable = self.plane is not None and (participant is not None or
                                               self.plane.get("bpmnElement") == process.get("id"))
        if drawable and pool is None and self.plane is not None:
            pool = layout.pool_box(self.drawn, nodes)
            if pool is not None:
                participant = participant if participant is not None else self.add_participant(process)
                layout.draw_pool(self.plane, participant.get("id", ""), pool)
        top, bottom = (pool.y, pool.y + pool.height) if pool is not None else (0.0, 0.0)
        plan, bands = layout.plan_lanes(nodes, wanted, self.drawn, top, bottom)
        lane_ids = {role: self.fresh_id(f"Lane_{role}") for role in plan.roles}
        layout.add_lanes(process, plan, lane_ids, self.fresh_id(f"LaneSet_{process.get('id')}"))
        for role in plan.roles:
            self.done(process, process.sourceline, "import.new_lane", role=repr(role),
                      tasks=", ".join(plan.members[role]))
        if pool is not None and participant is not None and self.plane is not None:
            after = self.plane.find(f"{{{BPMNDI}}}BPMNShape[@bpmnElement='{participant.get('id')}']")
            layout.draw_lanes(self.plane, pool, bands, [lane_ids[r] for r in plan.roles], after)
        else:
            self.note(process, process.sourceline, "import.no_layout")
        for task, role in plan.misplaced:
            element = process.find(f"*[@id='{task}']")
            line = element.sourceline if element is not None else None
            self.note(element, line, "import.task_outside_lane", role=repr(role))

    def add_participant(self, process: etree._Element) -> etree._Element:
        """A collaboration with one pool for the process: bpmn-js draws lanes only inside a pool."""
        collaboration = self.root.find(f"{{{BPMN}}}collaboration")
        if collaboration is None:
            collaboration = etree.Element(f"{{{BPMN}}}collaboration", id=self.fresh_id("Collaboration_1"))
            self.root.insert(self.root.index(process), collaboration)
        participant = etree.SubElement(collaboration, f"{{{BPMN}}}participant",
                                       id=self.fresh_id(f"Participant_{process.get('id')}"),
                                       processRef=process.get("id", ""))
        if name := process.get("name"):
            participant.set("name", name)
        if self.plane is not None:
            self.plane.set("bpmnElement", collaboration.get("id", ""))
        return participant

    # --- process id ------------------------------------------------------------------------------------------
    def executable(self) -> None:
        """bpmn.io draws processes as not executable; a diagram with one process means that one to run."""
        processes = list(self.root.iter(f"{{{BPMN}}}process"))
        if len(processes) == 1 and processes[0].get("isExecutable") == "false":
            processes[0].set("isExecutable", "true")
            self.done(processes[0], processes[0].sourceline, "import.made_executable")

    def rename_process(self, process_id: str) -> None:
        processes = [p for p in self.root.iter(f"{{{BPMN}}}process") if p.get("isExecutable") != "false"]
        if len(processes) != 1:
            self.note(None, None, "import.several_processes", count=len(processes), process=repr(process_id))
            return
        old = processes[0].get("id")
        if old == process_id:
            return
        if process_id in self.ids:
            self.note(processes[0], processes[0].sourceline, "import.cannot_rename", process=repr(process_id))
            return
        self.done(processes[0], processes[0].sourceline, "import.process_renamed", old=repr(old),
                  process=repr(process_id))
        for element in self.root.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("id", "processRef", "bpmnElement", "calledElement"):
                if element.get(attribute) == old:
                    element.set(attribute, process_id)
