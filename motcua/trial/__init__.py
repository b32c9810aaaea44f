"""Trial runs: the Gherkin features replayed through pytest-bdd, with a report testers can read.

A run is in-process on a fresh database per scenario, or, with a ``Target``, against a running deployment
over HTTP (``motcua trial --target URL``): the same steps, driven through its web pages
(``motcua.trial.web_desk``); steps that cannot be done there are reported "not possible over HTTP" with why.

pytest-bdd writes cucumber JSON; this module turns it into one self-contained
HTML page (features, scenarios, every step with its outcome and the error of
a failed one), readable offline at a commune office, in the language its features are written in, and saying
when it ran, on which version of the pack and on which database. The step library (the pack's features/steps)
works dossiers with ``motcua.trial.desk`` and reads issued PDFs with ``motcua.trial.pdf``.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.engine import make_url


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


@dataclass(frozen=True)
class Target:
    """A running deployment to replay the features against, and how to sign in there."""

    url: str
    accounts: Path  # the accounts file (motcua/trial/accounts.py)
    password: str | None = None  # every account's, unless the file gives one
    totp_seed: str | None = None  # of the accounts that sign in with a code
    clock_token: str | None = None  # the deployment's MOTCUA_REHEARSAL_TOKEN, when it lets its clock be moved

    def environment(self) -> dict[str, str]:
        """What the step library reads (features/steps/trial.py)."""
        given = {"MOTCUA_TRIAL_TARGET": self.url, "MOTCUA_TRIAL_ACCOUNTS": str(self.accounts.resolve()),
                 "MOTCUA_TRIAL_PASSWORD": self.password, "MOTCUA_TRIAL_TOTP_SEED": self.totp_seed,
                 "MOTCUA_TRIAL_CLOCK_TOKEN": self.clock_token}
        return {k: v for k, v in given.items() if v}


def run(pack_root: Path, features: Path, report_dir: Path, extra_args: list[str] | None = None,
        target: Target | None = None) -> TrialRun:
    """Run every .feature under ``features`` (against ``target`` when given) and write ``trial.json`` and
    ``trial.html`` in ``report_dir``."""
    report_dir.mkdir(parents=True, exist_ok=True)
    cucumber = (report_dir / "trial.json").resolve()
    unknown = (report_dir / "unknown-steps.jsonl").resolve()
    impossible = (report_dir / "not-over-http.jsonl").resolve()
    unknown.unlink(missing_ok=True)
    impossible.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_TRIAL_")}
    env.update({"MOTCUA_FEATURES": str(features.resolve()), "MOTCUA_TRIAL_UNKNOWN_STEPS": str(unknown),
                "MOTCUA_TRIAL_NOT_OVER_HTTP": str(impossible), **(target.environment() if target else {})})
    command = [sys.executable, "-m", "pytest", str(pack_root / "features" / "test_trial_scripts.py"),
               f"--cucumberjson={cucumber}", "-p", "no:cacheprovider", "-rxXs", *(extra_args or [])]
    exit_code = subprocess.call(command, cwd=pack_root, env=env)
    html = report_dir / "trial.html"
    facts = RunFacts(datetime.now().astimezone(), pack_version(pack_root),
                     target.url if target else database_shown(os.environ.get("DATABASE_URL")), target is not None)
    html.write_text(render(json.loads(cucumber.read_text(encoding="utf-8")) if cucumber.exists() else [], facts,
                           _lines(unknown), _lines(impossible)), encoding="utf-8")
    return TrialRun(exit_code, html, cucumber)


def _lines(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


@dataclass(frozen=True)
class RunFacts:
    """What a report must say about its run, so a result can be traced to what was tested."""

    ran_at: datetime
    pack: str
    database: str  # or the deployment's address, over HTTP
    over_http: bool = False


def pack_version(pack_root: Path) -> str:
    """The pack as tested: its git commit when it is a checkout (``+`` when files differ from it), and a digest of
    its catalogue, diagrams, forms and handlers either way (the same files give the same digest)."""
    digest = hashlib.sha256()
    for folder in ("processes", "bpmn", "forms", "handlers", "dmn"):
        for path in sorted((pack_root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(pack_root).as_posix().encode() + b"\0" + path.read_bytes())
    shown = f"sha256:{digest.hexdigest()[:12]}"
    git = subprocess.run(["git", "-C", str(pack_root), "describe", "--always", "--dirty=+"], capture_output=True,
                         text=True, check=False)
    return f"{git.stdout.strip()} ({shown})" if git.returncode == 0 and git.stdout.strip() else shown


def database_shown(url: str | None) -> str:
    """The database the features ran on, without its password."""
    if not url:
        return "SQLite"
    return make_url(url).render_as_string(hide_password=True)


# The report's words, in the language of the features (``# language: vi`` or English).
WORDS = {
    "vi": {"title": "Báo cáo chạy thử", "passed": "đạt", "failed": "lỗi", "pending": "chờ tính năng",
           "skipped": "bỏ qua", "ran_at": "Chạy lúc", "pack": "Phiên bản gói quy trình", "database": "Cơ sở dữ liệu",
           "fresh": "mỗi kịch bản một bản sao mới", "undefined": "chưa có định nghĩa bước",
           "target": "Máy chủ chạy thử (qua HTTP)", "not_over_http": "không thực hiện được qua HTTP"},
    "en": {"title": "Trial report", "passed": "passed", "failed": "failed", "pending": "pending a feature",
           "skipped": "skipped", "ran_at": "Run at", "pack": "Pack version", "database": "Database",
           "fresh": "a fresh copy for each scenario", "undefined": "no step definition",
           "target": "Deployment (over HTTP)", "not_over_http": "not possible over HTTP"},
}
ENGLISH_KEYWORDS = {"Feature", "Business Need", "Ability"}


def render(cucumber: list[dict[str, Any]], facts: RunFacts | None = None,
           unknown_steps: list[dict[str, str]] | None = None,
           not_over_http: list[dict[str, str]] | None = None) -> str:
    """The HTML report of a cucumber JSON document, in its features' language (Vietnamese when any is).

    ``unknown_steps`` are the steps no definition matched (the step plug-in records them): the cucumber JSON
    leaves them out, and without them such a scenario would read as passed. ``not_over_http`` are the steps a
    run against a deployment could not do: their scenarios are reported so, with the reason."""
    env = Environment(loader=PackageLoader("motcua", "templates"), autoescape=select_autoescape())
    languages = {"en" if f.get("keyword", "Feature").strip() in ENGLISH_KEYWORDS else "vi" for f in cucumber}
    language = "vi" if "vi" in languages or not languages else "en"
    features = []
    for feature in cucumber:
        scenarios = []
        for element in feature.get("elements", []):
            steps = [{"keyword": s.get("keyword", "").strip(), "name": s.get("name", ""),
                      "status": s.get("result", {}).get("status", "skipped"),
                      "error": s.get("result", {}).get("error_message", "")} for s in element.get("steps", [])]
            steps += [{"keyword": u["keyword"], "name": u["step"], "status": "failed", "error": u["error"]}
                      for u in unknown_steps or ()
                      if u["feature"] == feature.get("name") and u["scenario"] == element.get("name")]
            for u in not_over_http or ():
                if u["feature"] == feature.get("name") and u["scenario"] == element.get("name"):
                    for step in steps:
                        if step["name"] == u["step"] and step["status"] != "passed":
                            step.update(status="not_over_http", error=u["error"])
            statuses = {s["status"] for s in steps}
            outcome = ("failed" if "failed" in statuses else "not_over_http" if "not_over_http" in statuses
                       else "passed" if statuses == {"passed"} else "skipped")
            tags = [t["name"] for t in element.get("tags", [])]
            if any(t.startswith("pending-issue-") for t in tags):
                outcome = "pending"  # a strict xfail: had it passed, pytest would have failed the run
            scenarios.append({"name": element.get("name", ""), "outcome": outcome, "steps": steps, "tags": tags})
        features.append({"name": feature.get("name", ""), "uri": feature.get("uri", ""),
                         "description": feature.get("description", ""), "scenarios": scenarios})
    totals = {k: sum(s["outcome"] == k for f in features for s in f["scenarios"])
              for k in ("passed", "failed", "pending", "not_over_http", "skipped")}
    return env.get_template("trial_report.html").render(features=features, totals=totals, facts=facts,
                                                          words=WORDS[language], language=language)
