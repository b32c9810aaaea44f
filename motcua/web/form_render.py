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
from motcua.domain.papers import UNTIL_EXPIRY, PaperKind
from motcua.domain.procedure import Paper
from motcua.engine.forms import FILE_WIDGET, UNIT_WIDGET, FieldError, Form
from motcua.services.digitisation import HeldPaper

DATE_FORMAT = DAY_FORMAT


@dataclass(frozen=True)
class Sources:
    """Deployment data some widgets list: the units (for a ``unit`` select), the procedure's papers with their
    kinds, the applicant's papers held in the store that the checklist may reuse, and the papers of the dossier
    already digitised (a citizen's upload online)."""

    units: list[tuple[str, str]] = field(default_factory=list)
    papers: tuple[Paper, ...] = ()
    kinds: dict[str, PaperKind] = field(default_factory=dict)
    held: tuple[HeldPaper, ...] = ()
    held_link: str = ""  # where a held paper opens: a URL with ``__id__`` for the paper's id
    digitised: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PaperRow:
    """One line of the papers checklist: what the procedure requires and what was handed in."""

    index: int
    paper: Paper
    originals: int
    copies: int
    reuse: str = ""  # the held paper chosen instead of a scan
    valid_until: str = ""  # dd/mm/yyyy typed from the paper (an ID card's expiry)
    expires: bool = False  # its kind is valid until a date printed on it: the row asks for that date
    held: tuple[tuple[HeldPaper, str], ...] = ()  # the newest held paper of the row's kind, with its link
    digitised: bool = False  # already held for this dossier (sent online)


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
    if widget == UNIT_WIDGET:
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
    rows = []
    for i, paper in enumerate(sources.papers):
        row = given.get(paper.name, {})
        kind = sources.kinds.get(paper.kind)
        rows.append(PaperRow(i, paper, int(row.get("originals", 0)), int(row.get("copies", 0)),
                             reuse=str(row.get("reuse") or ""), valid_until=shown_date(row.get("valid_until")),
                             expires=kind is not None and kind.validity == UNTIL_EXPIRY,
                             held=tuple((h, sources.held_link.replace("__id__", str(h.id)))
                                        for h in sources.held if i in h.rows)[:1],
                             digitised=paper.name in sources.digitised))
    return rows


def _paper_row(name: str, index: int, paper: Paper, raw: Mapping[str, str]) -> tuple[dict[str, Any], bool]:
    """One checklist row from a post (counts, the held paper reused, the date the paper is valid until), and
    False when that date is not one."""
    row: dict[str, Any] = {"name": paper.name, "originals": _count(raw.get(f"{name}.{index}.originals")),
                           "copies": _count(raw.get(f"{name}.{index}.copies"))}
    reuse = (raw.get(f"{name}.{index}.reuse") or "").strip()
    if reuse.isdigit():
        row["reuse"] = int(reuse)
    typed = (raw.get(f"{name}.{index}.valid_until") or "").strip()
    if typed:  # not typed: the paper is then held for this dossier only
        try:
            row["valid_until"] = datetime.strptime(typed, DATE_FORMAT).date().isoformat()
        except ValueError:
            row["valid_until"] = typed  # kept as typed, shown again with the checklist's error
            return row, False
    return row, True


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
            read = [_paper_row(name, i, paper, raw) for i, paper in enumerate(sources.papers)]
            data[name] = [row for row, _ok in read]
            if not all(ok for _row, ok in read):
                problems[name] = _("Ngày hết hạn giấy tờ không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
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
