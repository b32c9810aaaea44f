"""JSON-Schema forms as server-rendered HTML, and HTML posts back into typed data.

Forms work without JavaScript, and trial steps can post to the same endpoint
as the browser. Dates are typed and shown as dd/mm/yyyy and stored as ISO.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from motcua.domain.clock import DAY_FORMAT, shown_date
from motcua.domain.procedure import Paper
from motcua.engine.forms import FILE_WIDGET, FieldError, Form

DATE_FORMAT = DAY_FORMAT


@dataclass(frozen=True)
class Sources:
    """Deployment data some widgets list: the units (for a ``unit`` select) and the procedure's papers."""

    units: list[tuple[str, str]] = field(default_factory=list)
    papers: tuple[Paper, ...] = ()


@dataclass(frozen=True)
class PaperRow:
    """One line of the papers checklist: what the procedure requires and what was handed in."""

    index: int
    paper: Paper
    originals: int
    copies: int


@dataclass
class FieldView:
    """One input as the template draws it."""

    name: str
    title: str
    widget: str
    required: bool
    value: Any
    help: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""
    pattern: str | None = None
    maxlength: int | None = None
    rows: list[PaperRow] = field(default_factory=list)
    accept: str = ""


def _widget(prop: dict[str, Any], ui: dict[str, Any]) -> str:
    if ui.get("ui:widget"):
        return ui["ui:widget"]
    if prop.get("type") == "boolean":
        return "checkbox"
    if "oneOf" in prop or "enum" in prop:
        return "select"
    if prop.get("format") == "date":
        return "date"
    if prop.get("type") in ("integer", "number"):
        return "number"
    return "text"


def _options(prop: dict[str, Any], widget: str, sources: Sources) -> list[tuple[str, str]]:
    if widget == "unit":
        return list(sources.units)
    if "oneOf" in prop:
        return [(str(o["const"]), o.get("title", str(o["const"]))) for o in prop["oneOf"] if "const" in o]
    return [(str(v), str(v)) for v in prop.get("enum", [])]


def _shown(prop: dict[str, Any], value: Any) -> Any:
    if value is None:
        return ""
    if prop.get("format") == "date" and isinstance(value, str):
        return shown_date(value)
    return value


def _paper_rows(sources: Sources, value: Any) -> list[PaperRow]:
    given = {row.get("name"): row for row in value or [] if isinstance(row, dict)}
    return [PaperRow(i, paper, int(given.get(paper.name, {}).get("originals", 0)),
                     int(given.get(paper.name, {}).get("copies", 0))) for i, paper in enumerate(sources.papers)]


def field_views(form: Form, values: Mapping[str, Any], errors: Mapping[str, str],
                sources: Sources | None = None) -> list[FieldView]:
    """The form's fields in UI-schema order, with current values and error messages."""
    sources = sources or Sources()
    props: dict[str, Any] = form.schema.get("properties", {})
    order = form.uischema.get("ui:order") or list(props)
    order = [n for n in order if n in props] + [n for n in props if n not in order]
    required = set(form.schema.get("required", []))
    views = []
    for name in order:
        prop, ui = props[name], form.uischema.get(name, {})
        if ui.get("ui:widget") == "hidden":
            continue
        widget = _widget(prop, ui)
        views.append(FieldView(
            name=name, title=prop.get("title", name), widget=widget, required=name in required,
            value=_shown(prop, values.get(name)), help=ui.get("ui:help", prop.get("description", "")),
            options=_options(prop, widget, sources), error=errors.get(name, ""),
            pattern=prop.get("pattern", "").strip("^$") or None, maxlength=prop.get("maxLength"),
            rows=_paper_rows(sources, values.get(name)) if widget == "papers" else [],
            accept=",".join(form.uploads()[name].accept) if widget == FILE_WIDGET else "",
        ))
    return views


def _count(text: str | None) -> int:
    try:
        return max(0, int(text or 0))
    except ValueError:
        return 0


def parse_post(form: Form, raw: Mapping[str, str],
               sources: Sources | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed data from an HTML post, and messages for values that cannot even be typed."""
    sources = sources or Sources()
    data: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, prop in form.schema.get("properties", {}).items():
        kind = prop.get("type")
        if form.uischema.get(name, {}).get("ui:widget") == "papers":
            data[name] = [{"name": paper.name, "originals": _count(raw.get(f"{name}.{i}.originals")),
                           "copies": _count(raw.get(f"{name}.{i}.copies"))} for i, paper in enumerate(sources.papers)]
            continue
        if form.uischema.get(name, {}).get("ui:widget") == FILE_WIDGET:
            continue  # files come with the request's files, checked by the service
        if kind == "boolean":
            data[name] = raw.get(name) in ("on", "true", "1", "yes")
            continue
        text = (raw.get(name) or "").strip()
        if not text:
            continue
        if kind in ("integer", "number"):
            try:
                data[name] = int(text) if kind == "integer" else float(text.replace(",", "."))
            except ValueError:
                problems[name] = _("Vui lòng nhập một số.")
                data[name] = text
        elif prop.get("format") == "date":
            try:
                data[name] = datetime.strptime(text, DATE_FORMAT).date().isoformat()
            except ValueError:
                problems[name] = _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
                data[name] = text
        else:
            data[name] = text
    return data, problems


def error_messages(form: Form | None, errors: list[FieldError]) -> dict[str, str]:
    """One message per field, in the reader's language (worded from the field's schema when there is a form)."""
    props = form.schema.get("properties", {}) if form else {}
    messages: dict[str, str] = {}
    for error in errors:
        prop = props.get(error.field, {})
        messages.setdefault(error.field, _message(error, prop))
    return messages


def _message(error: FieldError, prop: dict[str, Any]) -> str:
    limit = error.params.get("limit")
    if error.code == "required":
        return _("Vui lòng nhập trường này.")
    if error.code == "pattern" or (error.code == "format" and prop.get("format") != "date"):
        hint = prop.get("description")
        return _("Giá trị không đúng định dạng.") + (f" ({hint})" if hint else "")
    if error.code == "minLength":
        return _("Cần ít nhất %(n)s ký tự.", n=limit)
    if error.code == "maxLength":
        return _("Không được quá %(n)s ký tự.", n=limit)
    if error.code == "const" and prop.get("type") == "boolean":
        return _("Cần xác nhận mục này.")
    if error.code in ("oneOf", "enum", "const"):
        return _("Vui lòng chọn một giá trị trong danh sách.")
    if error.code == "file_type":
        return _("Tệp không đúng loại cho phép (%(n)s).", n=limit)
    if error.code == "file_size":
        return _("Tệp quá lớn (tối đa %(n)s KB).", n=limit)
    if error.code == "format":
        return _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
    if error.code in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return _("Giá trị nằm ngoài khoảng cho phép (%(n)s).", n=limit)
    return _("Giá trị không hợp lệ.")
