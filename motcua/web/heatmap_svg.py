"""The heat map drawn on the server as SVG, from the version's own layout (its BPMN DI shapes and edges): it
prints without script, and the printable page and the download are the same drawing. Also the small weekly
charts of the trends section.

Steps are filled by their level (green to red, scaled to the worst step); each flow is drawn as thick as the
share of dossiers that took it, with the count beside it; the figures of a step are written above it.

The pack's own words (the procedure's, its steps' and flows' names, the units') are marked ``xml:lang="vi"``:
they are written in Vietnamese whatever the reader's language, and a screen reader (and the test that walks the
English pages) must tell them from the drawing's own words, which follow the reader's language.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from motcua.domain.histogram import Quantile
from motcua.domain.roles import role_for_lane, role_title
from motcua.services.heatmap import HeatMap, StepFigures, Week

SVG = "http://www.w3.org/2000/svg"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FILL = ("#f5f5f5", "#c8e6c9", "#fff59d", "#ffcc80", "#ef9a9a")  # by level: none, green, yellow, orange, red
STROKE = ("#9e9e9e", "#2e7d32", "#f9a825", "#ef6c00", "#c62828")
PAD = 30
HEADER = 70
TASKS = {"task", "userTask", "manualTask", "serviceTask", "scriptTask", "sendTask", "receiveTask",
         "businessRuleTask", "callActivity", "subProcess"}
GATEWAYS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway"}
WORDS = {
    "now": ("Đang có", "Now"), "median": ("Trung vị", "Median"), "p90": ("P90", "P90"),
    "late": ("Trễ hạn", "Late"), "hours": ("giờ", "h"), "period": ("Kỳ", "Period"),
    "version": ("phiên bản", "version"), "measure": ("Màu theo", "Colour by"),
    "legend": ("Xanh: nhanh nhất · Đỏ: chậm nhất (so với bước chậm nhất) · Xám: chưa có số liệu",
               "Green: fastest · Red: slowest (against the worst step) · Grey: no figures"),
    "units": ("Đơn vị", "Units"), "working": ("thời gian tính theo giờ làm việc", "times in working hours"),
}
MEASURE_WORDS = {"median": ("trung vị thời gian", "median time"),
                 "p90": ("phân vị 90 thời gian", "90th percentile time"), "late": ("tỷ lệ trễ hạn", "share late")}


def say(key: str, locale: str) -> str:
    """A word of the drawing in the reader's language."""
    vi, en = WORDS.get(key) or MEASURE_WORDS[key]
    return en if locale == "en" else vi


def hours(value: Quantile | None, locale: str) -> str:
    """Working minutes as hours with one decimal ("2,5" in Vietnamese), or a dash."""
    if value is None:
        return "–"
    text = f"{value.value / 60:.1f}"
    return text.replace(".", ",") if locale != "en" else text


def figures_line(step: StepFigures, locale: str) -> tuple[str, str]:
    """The two lines written above a step."""
    late = "–" if step.late_share is None else f"{step.late_share:g}%".replace(".", "," if locale != "en" else ".")
    return (f"{say('now', locale)} {step.now} · {say('late', locale)} {late}",
            f"{say('median', locale)} {hours(step.median, locale)} · P90 {hours(step.p90, locale)} "
            f"{say('hours', locale)}")


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | float) -> etree._Element:
    child = etree.SubElement(parent, f"{{{SVG}}}{tag}", {k.replace("_", "-"): str(v) for k, v in attrs.items()})
    if text is not None:
        child.text = text
    return child


def _data(parent: etree._Element, text: str) -> etree._Element:
    """A ``tspan`` of the pack's own (Vietnamese) words inside a text of the drawing."""
    span = _el(parent, "tspan", text)
    span.set(XML_LANG, "vi")
    return span


def _wrap(name: str, width: int) -> list[str]:
    """A step's name cut into lines of about ``width`` characters."""
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line][:4] if line or lines else []


def diagram_svg(heat: HeatMap, locale: str = "vi") -> bytes:
    """The whole heat map as one SVG document."""
    route = heat.route
    boxes = list(route.shapes.values()) or []
    points = [p for edge in route.edges.values() for p in edge]
    left = min([b.x for b in boxes] + [p[0] for p in points], default=0) - PAD
    top = min([b.y for b in boxes] + [p[1] for p in points], default=0) - PAD - HEADER
    right = max([b.x + b.width for b in boxes] + [p[0] for p in points], default=400) + PAD
    bottom = max([b.y + b.height for b in boxes] + [p[1] for p in points], default=300) + PAD
    width, height = right - left, bottom - top
    root = etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG}, attrib={
        "viewBox": f"{left:g} {top:g} {width:g} {height:g}", "width": f"{width:g}", "height": f"{height:g}",
        "font-family": "DejaVu Sans, Arial, sans-serif", "role": "img"})
    period = (f" ({say('version', locale)} {heat.version_number}) · {say('period', locale)} "
              f"{heat.request.date_from:%d/%m/%Y} – {heat.request.date_to:%d/%m/%Y}")
    _el(root, "title", heat.procedure_name + period)  # a title holds no markup: the name stays unmarked here
    defs = _el(root, "defs")
    marker = _el(defs, "marker", id="arrow", viewBox="0 0 10 10", refX=9, refY=5, markerWidth=9, markerHeight=9,
                 markerUnits="userSpaceOnUse", orient="auto-start-reverse")
    _el(marker, "path", d="M0,0 L10,5 L0,10 z", fill="#555")
    _el(root, "rect", x=left, y=top, width=width, height=height, fill="#ffffff")
    heading = _el(root, "text", x=left + PAD, y=top + 24, font_size=16, font_weight="bold")
    _data(heading, heat.procedure_name).tail = period
    measure = say(heat.request.measure, locale)
    units = ", ".join(name for _, name in heat.units[:6]) + ("…" if len(heat.units) > 6 else "")
    named = _el(root, "text", f"{say('units', locale)}: ", x=left + PAD, y=top + 44, font_size=11, fill="#333")
    _data(named, units).tail = f" · {say('measure', locale)}: {measure} · {say('working', locale)}"
    for level in range(5):
        x = left + PAD + level * 22
        _el(root, "rect", x=x, y=top + 52, width=18, height=10, fill=FILL[level], stroke=STROKE[level])
    _el(root, "text", say("legend", locale), x=left + PAD + 5 * 22 + 6, y=top + 61, font_size=10, fill="#333")
    _draw_containers(root, heat, locale)
    _draw_flows(root, heat, locale)
    _draw_nodes(root, heat, locale)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _draw_containers(root: etree._Element, heat: HeatMap, locale: str) -> None:
    lanes = [(lane, role_title(role_for_lane(name) or name, locale), role_for_lane(name) is not None)
             for lane, name in heat.route.lanes.items()]
    pools = [(pool, name, False) for pool, name in heat.route.pools.items()]
    for element, name, ours in [*pools, *lanes]:  # a pool's name, a lane not named by a role: the pack's words
        box = heat.route.shapes.get(element)
        if box is None:
            continue
        _el(root, "rect", x=box.x, y=box.y, width=box.width, height=box.height, fill="none", stroke="#bbb")
        middle = box.y + box.height / 2
        label = _el(root, "text", name, x=box.x + 18, y=middle, font_size=11, fill="#555", text_anchor="middle",
                    transform=f"rotate(-90 {box.x + 18:g} {middle:g})")
        if not ours:
            label.set(XML_LANG, "vi")


def _draw_flows(root: etree._Element, heat: HeatMap, locale: str) -> None:
    most = max((f.taken for f in heat.flows), default=0)
    nodes = heat.route.nodes
    for flow in heat.flows:
        points = heat.route.edges.get(flow.id)
        if not points:
            continue
        thickness = 1.2 + (5 * flow.taken / most if most else 0)
        group = _el(root, "g", **{"class": "flow", "data-flow": flow.id})
        ends = " → ".join(nodes[n].name if n in nodes else "" for n in (flow.source, flow.target))
        _el(group, "title", f"{ends}{f' ({flow.name})' if flow.name else ''}: {flow.taken}").set(XML_LANG, "vi")
        _el(group, "polyline", points=" ".join(f"{x:g},{y:g}" for x, y in points), fill="none",
            stroke="#1565c0" if flow.taken else "#999", stroke_width=f"{thickness:.1f}", marker_end="url(#arrow)")
        if flow.taken:
            middle = len(points) // 2
            (x1, y1), (x2, y2) = points[max(0, middle - 1)], points[middle]
            _el(group, "text", str(flow.taken), x=(x1 + x2) / 2 + 4, y=(y1 + y2) / 2 - 4, font_size=12,
                font_weight="bold", fill="#0d47a1")


def _draw_nodes(root: etree._Element, heat: HeatMap, locale: str) -> None:
    steps = {s.element: s for s in heat.steps}
    for node in sorted(heat.route.nodes.values(), key=lambda n: n.id in steps):  # steps on top, never hidden
        box = heat.route.shapes.get(node.id)
        if box is None:
            continue
        step = steps.get(node.id)
        level = step.level if step else 0
        group = _el(root, "g", **{"class": "step" if step else "node", "data-element": node.id,
                                  "data-level": str(level)})
        if node.kind in TASKS:
            _el(group, "rect", x=box.x, y=box.y, width=box.width, height=box.height, rx=10,
                fill=FILL[level] if step else "#ffffff", stroke=STROKE[level] if step else "#555",
                stroke_width=3 if step else 1.5)
            name = _el(group, "text", x=box.x + box.width / 2, y=box.y + 18, font_size=11, text_anchor="middle")
            name.set(XML_LANG, "vi")  # the pack's step name, broken into lines
            for index, line in enumerate(_wrap(node.name, max(8, int(box.width / 7)))):
                _el(name, "tspan", line, x=box.x + box.width / 2, dy=13 if index else 0)
            if node.kind == "callActivity":
                _el(group, "rect", x=box.x + box.width / 2 - 7, y=box.y + box.height - 16, width=14, height=14,
                    fill="none", stroke="#555")
        elif node.kind in GATEWAYS:
            cx, cy = box.x + box.width / 2, box.y + box.height / 2
            _el(group, "polygon", points=f"{cx:g},{box.y:g} {box.x + box.width:g},{cy:g} {cx:g},"
                                         f"{box.y + box.height:g} {box.x:g},{cy:g}", fill="#fff", stroke="#555")
        else:
            _el(group, "circle", cx=box.x + box.width / 2, cy=box.y + box.height / 2, r=box.width / 2, fill="#fff",
                stroke="#555", stroke_width=3 if node.kind == "endEvent" else 1.5)
        if step:
            first, second = figures_line(step, locale)
            _el(group, "title", node.name).set(XML_LANG, "vi")  # its figures are written above it
            _el(group, "text", first, x=box.x, y=box.y - 18, font_size=10, fill="#222")
            _el(group, "text", second, x=box.x, y=box.y - 6, font_size=10, fill="#222")


@dataclass(frozen=True)
class Spark:
    """A small weekly chart: the polyline's points, the dots, and the highest value it shows."""

    width: int
    height: int
    points: str
    dots: list[tuple[float, float, str]]  # x, y, the week's label
    top: float


def sparkline(weeks: Sequence[Week], measure: str, width: int = 220, height: int = 48) -> Spark:
    """The geometry of a step's weekly chart for a measure (working hours, or % late)."""
    values: list[float | None] = []
    for week in weeks:
        if measure == "late":
            values.append(week.late_share)
        else:
            value = week.median if measure == "median" else week.p90
            values.append(value.value / 60 if value else None)
    top = max((v for v in values if v is not None), default=0.0) or 1.0
    step = (width - 10) / max(1, len(weeks) - 1)
    dots = [(5 + i * step, height - 5 - (height - 10) * v / top, f"{w.monday:%d/%m}")
            for i, (w, v) in enumerate(zip(weeks, values, strict=True)) if v is not None]
    return Spark(width, height, " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in dots), dots, top)
