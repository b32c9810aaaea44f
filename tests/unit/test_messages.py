"""Every error code raised in motcua/ has words in Vietnamese and English asking for the parameters given, and
an error without words still says something a clerk can report."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from motcua.errors import NotFound
from motcua.messages import MESSAGES, placeholders, render

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "motcua", ROOT / "handlers")  # the pack's handlers raise refusals with codes too
CODE = re.compile(r"^[a-z_0-9]+\.[a-z_0-9]+$")
ERRORS = {"ServiceError", "NotFound", "Forbidden", "Conflict", "QueueClosed", "CounterRefused", "BadPeriod",
          "InvalidReportRequest", "DatabaseUnavailable", "InvalidSubmission", "StepFailed", "InvalidField",
          "InvalidBankAccount", "FeeNotComputable", "PaymentRefused", "Refusal", "SignatureProblem", "InvalidPdf",
          "ReuseRefused",
          "PortalUnauthorized", "PortalInvalid",
          "problem", "coded", "note", "done", "StepError", "Said", "CellError", "SheetError", "NotAtCommune",
          "FeeTableError", "_Unfit", "DurationError", "EntryError"}
# problem, coded, note, done: a coded problem or note of a diagram or form (engine/problems.py, importer.py);
# StepError: a failure of a step that the engine adapter explains (motcua/engine/runner.py); Said: words said
# later in the reader's language (a catalogue import's report); CellError, SheetError, NotAtCommune: why a
# province's list or one of its rows cannot be imported; FeeTableError, _Unfit, DurationError, EntryError: what
# our own checks of a fee rule, a timer or a catalogue entry found (the detail of a problem's message)


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _codes(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _codes(node.body) + _codes(node.orelse)
    return []


def raised() -> dict[str, set[str] | None]:
    """Code -> the parameters its raise sites name (None when one passes ``**params`` on)."""
    found: dict[str, set[str] | None] = {}
    for path in (p for source in SOURCES for p in source.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {c.name: c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _name(call)
            inside_error = name == "__init__" and any(call in ast.walk(c) for c in classes.values()
                                                      if c.name in ERRORS)
            if name not in ERRORS and not inside_error:
                continue
            codes = [c for arg in call.args for c in _codes(arg)]
            if name == "InvalidReportRequest":
                codes = [f"report.{arg.value}" for arg in call.args[1:2] if isinstance(arg, ast.Constant)]
            given = {k.arg for k in call.keywords if k.arg}
            if name == "InvalidField":  # (code, field, value, **params): the field and value are parameters
                given |= {"field", "value"}
            spread = any(k.arg is None for k in call.keywords)
            for code in codes:
                before = found.get(code, set())
                found[code] = None if spread or before is None else before | given
    return found


def test_the_scan_finds_the_codes_raised() -> None:
    codes = raised()
    assert {"dossier.not_found", "task.already_done", "report.not_a_date", "period.too_long", "step.failed",
            "database.lost_while_saving", "queue.closed", "intake.papers_missing"} <= set(codes)


@pytest.mark.parametrize("code", sorted(raised()))
def test_every_raised_code_has_words_in_both_languages(code: str) -> None:
    assert code in MESSAGES, f"{code} is raised in motcua/ but has no words in motcua/messages.py"
    vietnamese, english = MESSAGES[code]
    assert vietnamese.strip() and english.strip()
    assert placeholders(vietnamese) == placeholders(english), f"{code}: the two languages ask for different values"


@pytest.mark.parametrize(("code", "given"), [(c, g) for c, g in sorted(raised().items()) if g is not None])
def test_every_raise_site_gives_the_parameters_its_words_ask_for(code: str, given: set[str]) -> None:
    missing = placeholders(MESSAGES.get(code, ("", ""))[0]) - given
    assert not missing, f"{code} is raised without {', '.join(sorted(missing))}"


def test_no_words_for_a_code_nobody_raises() -> None:
    assert set(MESSAGES) - set(raised()) == set()


def test_an_error_is_said_in_the_readers_language() -> None:
    error = NotFound("dossier.not_found", dossier="80001-250701-0001")
    assert render(error.code, error.params, "vi") == "Không có hồ sơ 80001-250701-0001."
    assert render(error.code, error.params, "en") == str(error) == "No dossier 80001-250701-0001."


def test_words_chosen_per_language_by_the_service() -> None:
    params = {"roles": {"vi": "cán bộ tiếp nhận", "en": "reception clerk"}, "unit": "Phường Long An"}
    assert render("procedure.role_required", params, "en").startswith("Only a reception clerk of Phường Long An")
    assert render("procedure.role_required", params, "vi").startswith("Chỉ cán bộ tiếp nhận của Phường Long An")


def test_a_code_without_words_still_says_something() -> None:
    assert render("ticket.melted", {"ticket": "A-001"}, "vi") == \
        "Không thực hiện được yêu cầu (mã lỗi ticket.melted). ticket=A-001"
    assert str(NotFound("ticket.melted")) == "The request could not be done (error ticket.melted)."
    assert render("dossier.not_found", {}, "en") == "No dossier {dossier}."  # a forgotten parameter stays visible
