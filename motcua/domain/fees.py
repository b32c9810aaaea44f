"""Fees and charges (phí, lệ phí) as data: a procedure's schedule and the amount one dossier owes.

A schedule is written in the procedure's TOML (``[fees]``): items with a condition, an amount per unit, a
quantity and a cap per unit, and exemptions with a condition. Conditions and amounts are expressions over
the reception form's data in a small language (numbers, text, comparisons, ``and``/``or``/``not``, ``+ - *
/ // %``, ``x if c else y``, ``in (..)`` and the functions of ``FUNCTIONS``): no loops, attributes, powers or
imports, so it is evaluated in the calling process with no budget to watch, and a schedule is checked, like
a diagram's expressions, when the pack loads.
"""
from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from motcua.messages import Said

KINDS = ("phí", "lệ phí")
MAX_AMOUNT = 10**12  # VND: a result beyond it is a mistake in the rule, not a fee


class FeeRuleError(ValueError):
    """A fee rule could not be read or computed: the item, the field, and why (``reason``, words of
    ``motcua.messages`` said in the reader's language; ``str()`` is the English)."""

    def __init__(self, item: str, reason: Said, field_name: str = "", missing: bool = False) -> None:
        super().__init__(f"«{item}»: {reason}")
        self.item = item
        self.field_name = field_name
        self.reason = reason
        self.missing = missing  # the form has no value for ``field_name`` (yet)


class FeeTableError(ValueError):
    """The ``[fees]`` table itself is malformed (no item, an item without a label); ``said`` says so."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.said = Said(code, **params)
        super().__init__(str(self.said))


class _Unfit(ValueError):
    """A value the fee language cannot compute with (our own words, unlike Python's ZeroDivisionError)."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.said = Said(code, **params)
        super().__init__(str(self.said))


def _days_since(value: Any, today: date) -> int:
    try:
        return (today - date.fromisoformat(str(value))).days
    except ValueError as exc:
        raise _Unfit("fee_rule.days_since_date", value=repr(value)) from exc


FUNCTIONS: dict[str, Callable[..., Any]] = {"min": min, "max": max, "int": int, "abs": abs, "len": len,
                                            "round": round}
CONTEXT_FUNCTIONS = ("days_since",)  # functions that need the day of intake
_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b,
}
_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}


@dataclass(frozen=True)
class Rule:
    """One expression of a schedule, parsed once and checked against the small language."""

    source: str
    tree: ast.Expression

    @classmethod
    def parse(cls, source: str | int | float | bool, item: str) -> Rule:
        text = str(source)
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as exc:
            raise FeeRuleError(item, Said("fee_rule.not_expression", rule=text, detail=exc.msg)) from exc
        for node in ast.walk(tree):
            _check_node(node, item, text)
        return cls(text, tree)

    def names(self) -> set[str]:
        """The form fields the expression reads."""
        called = {n.func.id for n in ast.walk(self.tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        return {n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name)} - called

    def evaluate(self, data: Mapping[str, Any], today: date, item: str) -> Any:
        try:
            return _eval(self.tree.body, data, today)
        except _Missing as exc:
            raise FeeRuleError(item, Said("fee_rule.no_value", field=exc.name), exc.name, missing=True) from exc
        except (TypeError, ValueError, ZeroDivisionError, OverflowError) as exc:
            fields = sorted(self.names() & set(data))
            why = exc.said.words() if isinstance(exc, _Unfit) else \
                {"vi": f"chi tiết kỹ thuật, nguyên văn tiếng Anh của Python: «{exc}»", "en": str(exc)}
            raise FeeRuleError(item, Said("fee_rule.cannot_compute", rule=self.source, why=why),
                               fields[0] if fields else "") from exc


def _check_node(node: ast.AST, item: str, text: str) -> None:
    allowed = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.BinOp, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
               ast.Compare, ast.IfExp, ast.Call, ast.Name, ast.Load, ast.Constant, ast.Tuple, ast.List,
               *_BINARY, *_COMPARE)
    if not isinstance(node, allowed):
        raise FeeRuleError(item, Said("fee_rule.not_allowed", rule=text, construct=type(node).__name__,
                                      operators="and/or/not, x if c else y",
                                      functions=", ".join([*FUNCTIONS, *CONTEXT_FUNCTIONS])))
    if isinstance(node, ast.Call) and (not isinstance(node.func, ast.Name) or node.keywords
                                       or node.func.id not in (*FUNCTIONS, *CONTEXT_FUNCTIONS)):
        raise FeeRuleError(item, Said("fee_rule.bad_call", rule=text,
                                      functions=", ".join([*FUNCTIONS, *CONTEXT_FUNCTIONS])))


class _Missing(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _eval(node: ast.AST, data: Mapping[str, Any], today: date) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id == "today":
            return today.isoformat()
        if node.id not in data or data[node.id] is None:
            raise _Missing(node.id)
        return data[node.id]
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_eval(e, data, today) for e in node.elts)
    if isinstance(node, ast.BoolOp):
        values = (_eval(v, data, today) for v in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, data, today)
        return (not value) if isinstance(node.op, ast.Not) else (-value if isinstance(node.op, ast.USub) else +value)
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, data, today), _eval(node.right, data, today)
        if not (_is_number(left) and _is_number(right)) and not (isinstance(node.op, ast.Add)
                                                               and isinstance(left, str) and isinstance(right, str)):
            raise _Unfit("fee_rule.not_numbers", left=repr(left), right=repr(right))
        result = _BINARY[type(node.op)](left, right)
        if _is_number(result) and abs(result) > MAX_AMOUNT:
            raise _Unfit("fee_rule.too_large", value=result)
        return result
    if isinstance(node, ast.Compare):
        left = _eval(node.left, data, today)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, data, today)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _eval(node.test, data, today) else node.orelse, data, today)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [_eval(a, data, today) for a in node.args]
        if node.func.id == "days_since":
            if len(args) != 1:
                raise _Unfit("fee_rule.days_since_args")
            return _days_since(args[0], today)
        return FUNCTIONS[node.func.id](*args)
    raise _Unfit("fee_rule.not_in_language", construct=type(node).__name__)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class FeeItem:
    """One charge: ``amount`` VND per unit (at most ``cap`` per unit), times ``quantity`` units, when ``when``."""

    label: str
    kind: str
    amount: Rule
    quantity: Rule
    when: Rule
    unit: str = "hồ sơ"
    cap: int | None = None


@dataclass(frozen=True)
class Exemption:
    """Who does not pay (miễn): when ``when`` holds, the items are charged nothing and counted as exempted."""

    label: str
    when: Rule


@dataclass(frozen=True)
class FeeSchedule:
    """A procedure's fees as its TOML states them, with the legal source and whether it is confirmed."""

    items: tuple[FeeItem, ...]
    exemptions: tuple[Exemption, ...] = ()
    source: str = ""
    unconfirmed: bool = False  # amounts a province sets, or known from secondary sources only

    def names(self) -> set[str]:
        """Every form field the schedule reads."""
        rules = [r for i in self.items for r in (i.amount, i.quantity, i.when)] + [e.when for e in self.exemptions]
        return set().union(*(r.names() for r in rules)) - {"today"}

    def assess(self, data: Mapping[str, Any], today: date) -> FeeAssessment:
        """What a dossier owes given its reception form; FeeRuleError names the item and field that fail."""
        lines = []
        for item in self.items:
            if not item.when.evaluate(data, today, item.label):
                continue
            per_unit = _whole(item.amount.evaluate(data, today, item.label), item.label, "amount")
            if item.cap is not None:
                per_unit = min(per_unit, item.cap)
            count = _whole(item.quantity.evaluate(data, today, item.label), item.label, "quantity")
            if count:
                lines.append(FeeLine(item.label, item.kind, per_unit, count, item.unit, per_unit * count))
        exemption = next((e.label for e in self.exemptions if e.when.evaluate(data, today, e.label)), "")
        total = sum(line.total for line in lines)
        return FeeAssessment(lines=tuple(lines), due=0 if exemption else total, exempted=total if exemption else 0,
                             exemption=exemption, source=self.source, unconfirmed=self.unconfirmed)


def _whole(value: Any, item: str, what: str) -> int:
    if not _is_number(value) or value < 0:
        said = {"vi": "số tiền" if what == "amount" else "số lượng", "en": what}
        raise FeeRuleError(item, Said("fee_rule.negative", what=said, value=repr(value)))
    return int(round(value))


@dataclass(frozen=True)
class FeeLine:
    """One line of what a dossier owes: unit price × quantity."""

    label: str
    kind: str
    unit_amount: int
    quantity: int
    unit: str
    total: int


@dataclass(frozen=True)
class FeeAssessment:
    """What one dossier owes at intake (``due``), or would have owed but is exempt from (``exempted``)."""

    lines: tuple[FeeLine, ...] = ()
    due: int = 0
    exempted: int = 0
    exemption: str = ""
    source: str = ""
    unconfirmed: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON for the store and the task data."""
        return {"lines": [dict(vars(line)) for line in self.lines], "due": self.due, "exempted": self.exempted,
                "exemption": self.exemption, "source": self.source, "unconfirmed": self.unconfirmed}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeeAssessment:
        return cls(lines=tuple(FeeLine(**line) for line in data.get("lines", [])), due=int(data.get("due", 0)),
                   exempted=int(data.get("exempted", 0)), exemption=str(data.get("exemption", "")),
                   source=str(data.get("source", "")), unconfirmed=bool(data.get("unconfirmed", False)))


def read_schedule(data: Mapping[str, Any]) -> FeeSchedule:
    """The ``[fees]`` table of a catalogue entry; FeeRuleError or ValueError names what is malformed."""
    items = []
    for raw in data.get("items", []):
        label = str(raw.get("label", "")).strip()
        if not label:
            raise FeeTableError("fee_rule.no_label")
        kind = str(raw.get("kind", "lệ phí"))
        if kind not in KINDS:
            raise FeeRuleError(label, Said("fee_rule.bad_kind", kinds=", ".join(KINDS), kind=repr(kind)))
        if "amount" not in raw:
            raise FeeRuleError(label, Said("fee_rule.no_amount"))
        cap = raw.get("cap")
        if cap is not None and (not isinstance(cap, int) or cap < 0):
            raise FeeRuleError(label, Said("fee_rule.bad_cap", cap=repr(cap)))
        items.append(FeeItem(label=label, kind=kind, amount=Rule.parse(raw["amount"], label),
                             quantity=Rule.parse(raw.get("quantity", 1), label),
                             when=Rule.parse(raw.get("when", "True"), label), unit=str(raw.get("unit", "hồ sơ")),
                             cap=cap))
    if not items:
        raise FeeTableError("fee_rule.no_items", items="[[fees.items]]")
    exemptions = tuple(Exemption(str(e["label"]), Rule.parse(e["when"], str(e["label"])))
                       for e in data.get("exemptions", []))
    return FeeSchedule(items=tuple(items), exemptions=exemptions, source=str(data.get("source", "")),
                       unconfirmed=bool(data.get("unconfirmed", False)))


def check_schedule(schedule: FeeSchedule, fields: set[str], samples: list[dict[str, Any]],
                   today: date) -> list[Said]:
    """Problems of a schedule against the reception form: fields it does not have, and rules that cannot be
    computed on data the form accepts."""
    problems = [Said("fee_rule.unknown_field", field=name) for name in sorted(schedule.names() - fields)]
    if problems:
        return problems
    for data in samples:
        try:
            schedule.assess(data, today)
        except FeeRuleError as exc:
            if exc.missing:
                continue  # an optional field left empty: intake asks for it by name
            return [Said("fee_rule.item_fails_on", item=exc.item, why=exc.reason.words(), field=exc.field_name)
                    if exc.field_name else Said("fee_rule.item_fails", item=exc.item, why=exc.reason.words())]
    return []


class FeeStatus(StrEnum):
    """Where a dossier's fee stands, as the inbox, the register and the reports show it."""

    DUE = "due"  # owed: the dossier waits for the money (counter or transfer)
    PAID = "paid"
    EXEMPT = "exempt"  # an exemption applied
    NONE = "none"  # the schedule charges this dossier nothing


PAYMENT_METHODS = ("cash", "transfer")  # collected at the counter, or by bank transfer (VietQR)


def status_of(assessment: FeeAssessment) -> FeeStatus:
    """The status a fresh assessment starts in."""
    if assessment.due:
        return FeeStatus.DUE
    return FeeStatus.EXEMPT if assessment.exempted else FeeStatus.NONE
