"""Trial runs: the Gherkin features replayed through pytest-bdd, with a report testers can read.

pytest-bdd writes cucumber JSON; this module turns it into one self-contained
HTML page (features, scenarios, every step with its outcome and the error of
a failed one), readable offline at a commune office. The step library (the pack's features/steps) works
dossiers with ``motcua.trial.desk`` and reads issued PDFs with ``motcua.trial.pdf``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


@dataclass(frozen=True)
class TrialRun:
    """Where the reports went and how pytest ended."""

    exit_code: int
    html: Path
    cucumber_json: Path


def known_steps(pack_root: Path) -> str:
    """Every step phrasing of the pack's library (features/steps), one per line."""
    code = "from features.steps.plugin import known_steps; print('\\n'.join(known_steps()))"
    return subprocess.run([sys.executable, "-c", code], cwd=pack_root, capture_output=True, text=True,
                          check=True).stdout


def run(pack_root: Path, features: Path, report_dir: Path, extra_args: list[str] | None = None) -> TrialRun:
    """Run every .feature under ``features`` and write ``trial.json`` and ``trial.html`` in ``report_dir``."""
    report_dir.mkdir(parents=True, exist_ok=True)
    cucumber = (report_dir / "trial.json").resolve()
    env = {**os.environ, "MOTCUA_FEATURES": str(features.resolve())}
    command = [sys.executable, "-m", "pytest", str(pack_root / "features" / "test_trial_scripts.py"),
               f"--cucumberjson={cucumber}", "-p", "no:cacheprovider", "-rxX", *(extra_args or [])]
    exit_code = subprocess.call(command, cwd=pack_root, env=env)
    html = report_dir / "trial.html"
    html.write_text(render(json.loads(cucumber.read_text(encoding="utf-8")) if cucumber.exists() else []),
                    encoding="utf-8")
    return TrialRun(exit_code, html, cucumber)


def render(cucumber: list[dict[str, Any]]) -> str:
    """The HTML report of a cucumber JSON document."""
    env = Environment(loader=PackageLoader("motcua", "templates"), autoescape=select_autoescape())
    features = []
    for feature in cucumber:
        scenarios = []
        for element in feature.get("elements", []):
            steps = [{"keyword": s.get("keyword", "").strip(), "name": s.get("name", ""),
                      "status": s.get("result", {}).get("status", "skipped"),
                      "error": s.get("result", {}).get("error_message", "")} for s in element.get("steps", [])]
            statuses = {s["status"] for s in steps}
            outcome = "failed" if "failed" in statuses else "passed" if statuses == {"passed"} else "skipped"
            tags = [t["name"] for t in element.get("tags", [])]
            if any(t.startswith("pending-issue-") for t in tags):
                outcome = "pending"  # a strict xfail: had it passed, pytest would have failed the run
            scenarios.append({"name": element.get("name", ""), "outcome": outcome, "steps": steps, "tags": tags})
        features.append({"name": feature.get("name", ""), "uri": feature.get("uri", ""),
                         "description": feature.get("description", ""), "scenarios": scenarios})
    totals = {k: sum(s["outcome"] == k for f in features for s in f["scenarios"])
              for k in ("passed", "failed", "pending", "skipped")}
    return env.get_template("trial_report.html").render(features=features, totals=totals)
