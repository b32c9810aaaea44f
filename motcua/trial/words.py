"""A form in the words a tester reads on screen: fields by title or key, choices by title or value, dd/mm/yyyy.

Trial scripts are written by people who see the forms, not the JSON Schemas behind them, so a table row
``| Quan hệ với người được khai tử | Con |`` must mean ``relationship = "child"``. ``FormWords`` turns the
tester's rows into the typed data the services take, says in the tester's language what is wrong with a row
(naming the field by its title and the values it allows), words a refusal of the services the same way, and
goes the other way for ``motcua trial new`` and ``--list-fields``: a form's fields and sample values written
as a tester would type them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from motcua.domain.procedure import Procedure
from motcua.domain.text import fold
from motcua.engine.dryrun import submissions
from motcua.engine.forms import FieldError, Form
from motcua.engine.samples import choices
from motcua.trial.failures import closest, failure, quoted, sentence

# The English catalogue of the web UI: a form title that has an entry there may be written in English too.
ENGLISH_CATALOGUE = Path(__file__).resolve().parents[1] / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
YES = {"yes", "true", "có", "co", "x", "✓", "đúng", "dung"}
NO = {"no", "false", "không", "khong", "", "-", "sai"}
NOT_IN_TABLES = ("papers", "file", "list")  # filled by the steps (the catalogue's papers, a scan), not typed


@lru_cache(maxsize=1)
def english_titles() -> dict[str, str]:
    """Vietnamese text → its English translation, from the UI's catalogue (empty when it has none)."""
    from babel.messages.pofile import read_po

    if not ENGLISH_CATALOGUE.is_file():
        return {}
    with ENGLISH_CATALOGUE.open("rb") as po:
        return {str(m.id): str(m.string) for m in read_po(po) if isinstance(m.id, str) and m.string}


@dataclass(frozen=True)
class FieldWords:
    """One field of a form as a tester sees it."""

    key: str
    title: str
    english: str  # the English title, "" when neither the UI schema nor the catalogue gives one
    kind: str  # text, integer, number, boolean, date, choice, unit, papers, file or list
    required: bool
    choices: tuple[tuple[Any, str], ...] = ()  # (value, title)

    def names(self) -> list[str]:
        """Every way a tester may name the field."""
        return [n for n in (self.title, self.english, self.key) if n]


def _kind(prop: dict[str, Any], widget: str | None) -> str:
    if widget in ("papers", "file", "unit"):
        return widget
    if choices(prop):
        return "choice"
    if prop.get("format") == "date":
        return "date"
    kind = prop.get("type")
    if kind in ("integer", "number", "boolean"):
        return str(kind)
    return "list" if kind in ("array", "object") else "text"


def _choice_titles(prop: dict[str, Any]) -> tuple[tuple[Any, str], ...]:
    titled = {o["const"]: str(o.get("title", o["const"])) for key in ("oneOf", "anyOf")
              for o in prop.get(key, []) if isinstance(o, dict) and "const" in o}
    return tuple((value, titled.get(value, str(value))) for value in choices(prop))


class FormWords:
    """A form's fields, readable and writable in the tester's words; failures in ``language`` (vi or en)."""

    def __init__(self, form: Form, language: str = "vi") -> None:
        self.form, self.language = form, language
        props: dict[str, Any] = form.schema.get("properties") or {}
        order = [n for n in form.uischema.get("ui:order", []) if n in props] + list(props)
        required = set(form.schema.get("required") or ())
        english = english_titles()
        self.fields: list[FieldWords] = []
        for key in dict.fromkeys(order):
            prop, ui = props[key], form.uischema.get(key, {})
            ui = ui if isinstance(ui, dict) else {}
            if not isinstance(prop, dict) or ui.get("ui:widget") == "hidden":
                continue
            title = str(ui.get("ui:title") or prop.get("title") or key)
            self.fields.append(FieldWords(key, title, english.get(title, ""), _kind(prop, ui.get("ui:widget")),
                                          key in required, _choice_titles(prop)))

    @property
    def title(self) -> str:
        """The form's title, or its file name."""
        return str(self.form.schema.get("title") or self.form.name)

    def typeable(self) -> list[FieldWords]:
        """The fields a table row may fill (not the papers checklist, scans or lists)."""
        return [f for f in self.fields if f.kind not in NOT_IN_TABLES]

    def field(self, name: str) -> FieldWords:
        """The field a tester names by its title (Vietnamese or English) or key, accents and case aside."""
        for match in (lambda n: n == name.strip(), lambda n: fold(n) == fold(name)):
            for f in self.fields:
                if any(match(n) for n in f.names()):
                    return f
        names = [n for f in self.typeable() for n in f.names()]
        raise failure(self.language, "no_field", form=self.title, name=name,
                      closest=closest(self.language, name, names),
                      fields=", ".join(f"«{f.title}» ({f.key})" for f in self.typeable())) from None

    def value(self, f: FieldWords, text: str, unit_of: Callable[[str], str]) -> Any:
        """The typed value of what a tester wrote in a field's cell."""
        text = text.strip()
        if f.kind == "choice":
            for match in (lambda v, t: str(v) == text or t == text,
                          lambda v, t: fold(str(v)) == fold(text) or fold(t) == fold(text)):
                for value, title in f.choices:
                    if match(value, title):
                        return value
            raise failure(self.language, "bad_choice", field=f.title, value=text,
                          allowed=quoted(t for _, t in f.choices))
        if f.kind == "unit":
            return unit_of(text)
        if f.kind in NOT_IN_TABLES:
            raise failure(self.language, "bad_value", field=f.title, value=text,
                          expected=sentence(self.language, "list"))
        try:
            return self._scalar(f.kind, text)
        except ValueError:
            raise failure(self.language, "bad_value", field=f.title, value=text,
                          expected=sentence(self.language, f.kind)) from None

    @staticmethod
    def _scalar(kind: str, text: str) -> Any:
        if kind == "integer":
            return int(text.replace(".", "").replace(" ", ""))
        if kind == "number":
            return float(text.replace(" ", "").replace(",", "."))
        if kind == "boolean":
            if fold(text) in YES or text.casefold() in YES:
                return True
            if fold(text) in NO or text.casefold() in NO:
                return False
            raise ValueError(text)
        if kind == "date":
            for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
                try:
                    return datetime.strptime(text, pattern).date().isoformat()
                except ValueError:
                    continue
            raise ValueError(text)
        return text

    def typed(self, rows: Iterable[list[str]], unit_of: Callable[[str], str]) -> dict[str, Any]:
        """A table's ``field | value`` rows (the header row already left out) as the form's typed data."""
        data: dict[str, Any] = {}
        for row in rows:
            f = self.field(row[0])
            data[f.key] = self.value(f, row[1] if len(row) > 1 else "", unit_of)
        return data

    def written(self, f: FieldWords, value: Any, unit_name: Callable[[str], str]) -> str:
        """A value as a tester types it in a table: a choice's title, dd/mm/yyyy, có/không, a unit's name."""
        if f.kind == "choice":
            return next((t for v, t in f.choices if v == value), str(value))
        if f.kind == "boolean":
            return ("có" if value else "không") if self.language == "vi" else ("yes" if value else "no")
        if f.kind == "date" and isinstance(value, str):
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        if f.kind == "unit":
            return unit_name(str(value))
        return str(value)

    def refusal(self, errors: list[FieldError]) -> str:
        """The services' field errors, each naming the field by its title, and the choices a field allows."""
        by_key = {f.key: f for f in self.fields}
        props = self.form.schema.get("properties") or {}
        problems = []
        for error in errors:
            key = error.field.split(".")[0]
            f = by_key.get(key)
            name = f.title if f else error.field
            if error.code == "required":
                problems.append(sentence(self.language, "required", field=name))
            elif f is not None and f.choices and error.code in ("oneOf", "enum", "const", "anyOf"):
                problems.append(sentence(self.language, "choice", field=name,
                                         allowed=quoted(t for _, t in f.choices)))
            elif error.code == "pattern":
                hint = str((props.get(key) or {}).get("description") or "")
                problems.append(sentence(self.language, "pattern", field=name, hint=f" ({hint})" if hint else ""))
            elif error.code in ("minLength", "maxLength", "minimum", "maximum", "format"):
                problems.append(sentence(self.language, error.code, field=name, limit=error.params.get("limit")))
            else:
                problems.append(sentence(self.language, "limit", field=name, code=error.code,
                                         limit=error.params.get("limit")))
        return "; ".join(problems)


def sample_data(form: Form, procedure: Procedure, units: tuple[str, ...], today: date) -> list[dict[str, Any]]:
    """Valid data for a form a scenario fills without a table: the form's examples and defaults, else generated
    (the dry run's sample, with the catalogue's papers all handed in and ``units`` for a unit list), then the
    same with its dates a month back and ten days ahead of ``today``, for a step that checks dates against the
    clock. A step tries them in order."""
    base = submissions(form, procedure, units)[0][1]
    dates = [f.key for f in FormWords(form).fields if f.kind == "date" and f.key in base]
    shifted = [{**base, **{key: (today + timedelta(days=shift)).isoformat() for key in dates}} for shift in (-30, 10)]
    return [base, *shifted] if dates else [base]
