"""The trial plug-in for pytest-bdd: the step library, helpful unknown-step errors, pending scenarios.

Loaded by the project's conftest and by ``motcua trial``, so any folder of
.feature files can use the same steps.
"""
from __future__ import annotations

import difflib
import json
import os
from typing import Any

import pytest
from pytest_bdd.exceptions import StepDefinitionNotFoundError
from pytest_bdd.steps import step_function_context_registry

from features.steps.documents import *  # noqa: F403 - official documents and meetings
from features.steps.fees import *  # noqa: F403 - fees and charges
from features.steps.library import *  # noqa: F403 - registers the step fixtures
from features.steps.online import *  # noqa: F403 - online submission and 1022 feedback
from features.steps.papers import *  # noqa: F403 - digitised papers and their reuse
from features.steps.queue import *  # noqa: F403 - the counter queue
from features.steps.reports import *  # noqa: F403 - reports
from features.steps.trial import Trial, trial  # noqa: F401 - the scenario's world
from motcua.trial.failures import NotOverHttp, TrialFailure, language_of, sentence

# A scenario needing a capability that is not built yet carries @pending-issue-N: it runs, must fail,
# and is reported with the issue that will make it pass (strict: an unexpected pass is an error).
ISSUES = {
    "4": "Procedure catalogue: eight real commune procedures, their forms, the public catalogue page, SLA timers",
    "5": "Analysts' authoring: BPMN modeler in the browser, validation before deploy, versions",
    "7": "The other seed systems: official documents, 1022 feedback, reports, counter queue",
    "8": "Load, faults and scale on PostgreSQL",
}


UNKNOWN_STEPS = "MOTCUA_TRIAL_UNKNOWN_STEPS"  # a file motcua trial reads the unknown steps from
REPORT_WORDS = " the report of "  # a scenario that reads reports (features/steps/reports.py)
NOT_OVER_HTTP = "MOTCUA_TRIAL_NOT_OVER_HTTP"  # … and the steps that could not be done over HTTP


def _record(variable: str, entry: dict[str, str]) -> None:
    path = os.environ.get(variable)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")


def known_steps() -> list[str]:
    """Every phrasing the library understands, as "Given …" lines."""
    lines = {f"{(context.type or 'step').capitalize()} {context.parser.name}"
             for context in list(step_function_context_registry.values())}
    return sorted(lines)


def pytest_bdd_step_func_lookup_error(request: Any, feature: Any, scenario: Any, step: Any,
                                      exception: Exception) -> None:
    """Say which known steps come closest, so a tester can fix the wording without reading Python."""
    wanted = f"{step.type.capitalize()} {step.name}"
    closest = difflib.get_close_matches(wanted, known_steps(), n=5, cutoff=0.4)
    hint = "\n".join(f"    {line}" for line in closest) or "    (none is close: motcua trial --list-steps)"
    message = f"{exception}\n  Closest known steps:\n{hint}"
    # pytest-bdd's cucumber JSON leaves an unknown step out: the report reads it from here
    _record(UNKNOWN_STEPS, {"feature": feature.name, "scenario": scenario.name, "keyword": step.keyword,
                            "step": step.name, "error": message})
    raise StepDefinitionNotFoundError(message)


def pytest_bdd_step_error(request: Any, feature: Any, scenario: Any, step: Any, step_func: Any,
                          step_func_args: Any, exception: Exception) -> None:
    """A step not possible over HTTP ends its scenario as such (reported with the reason, not as failed)."""
    if isinstance(exception, NotOverHttp):
        world: Trial = request.getfixturevalue("trial")
        reason = sentence(world.language, "not_over_http", reason=str(exception))
        _record(NOT_OVER_HTTP, {"feature": feature.name, "scenario": scenario.name, "keyword": step.keyword,
                                "step": step.name, "error": reason})


def pytest_bdd_before_scenario(request: Any, feature: Any, scenario: Any) -> None:
    """Failures are told in the feature's language (``# language: vi``: Vietnamese)."""
    world: Trial = request.getfixturevalue("trial")
    world.language = language_of(feature.language)
    if world.web is not None:
        world.web.language = world.language
        world.reads_reports = any(REPORT_WORDS in f" {step.name}" or "báo cáo của" in step.name
                                  for step in scenario.steps)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Any:
    """A TrialFailure is reported as its sentence alone, the step that failed named by the report: the tester
    reads why, not a traceback (``motcua trial --debug``, pytest's ``--full-trace``, keeps the traceback)."""
    outcome = yield
    report = outcome.get_result()
    excinfo = call.excinfo
    if report.failed and excinfo is not None and isinstance(excinfo.value, NotOverHttp):
        report.outcome = "skipped"  # neither passed nor failed: the report says why it could not run
        report.longrepr = (str(item.path), 0, f"not possible over HTTP: {excinfo.value}")
        return
    if (report.failed and excinfo is not None and isinstance(excinfo.value, TrialFailure)
            and not item.config.getoption("fulltrace", False)):
        report.longrepr = str(excinfo.value)


def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """Turn @pending-issue-N into a strict xfail naming the issue."""
    if tag.startswith("pending-issue-"):
        number = tag.removeprefix("pending-issue-")
        reason = f"needs issue {number}: {ISSUES.get(number, 'not filed')}"
        pytest.mark.xfail(reason=reason, strict=True, raises=StepDefinitionNotFoundError)(function)
        return True
    return None
