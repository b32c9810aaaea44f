"""Diagrams made by other modelers (tests/corpus/interop): MotCua never crashes on one, refuses each clearly,
and works every diagram it accepts to its end as the roles its lanes name.

These are invariants, not today's counts: as MotCua supports more elements, more diagrams move from
"refused" to "accepted", and each of them must then be worked to its end by a real dossier. The counts of
both engines are printed with the table (``python -m bench.interop tests/corpus/interop`` prints the same).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench import interop

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "interop"


@pytest.fixture(scope="module")
def rows(request: pytest.FixtureRequest) -> list[interop.Row]:
    """Both engines over the whole corpus, once; the table and counts printed for whoever runs the tests."""
    measured = interop.run(CORPUS)
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        for line in interop.render(measured).splitlines():
            reporter.write_line(line)
    return measured


def test_the_corpus_holds_forty_diagrams_from_other_modelers_each_with_its_source_and_licence() -> None:
    diagrams = interop.discover(CORPUS)
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    files = [p for p in CORPUS.iterdir() if p.name != "SOURCES.md"]
    assert len(diagrams) >= 40
    assert [p.name for p in files if f"`{p.name}`" not in sources] == []
    assert [p.name for p in files if p.stat().st_size > 200 * 1024] == []
    assert sum(p.stat().st_size for p in files) < 3 * 1024 * 1024


def test_no_diagram_crashes_the_pack_loader(rows: list[interop.Row]) -> None:
    assert [(r.file, r.motcua_detail) for r in rows if r.motcua == "crashed"] == []


def test_every_refusal_names_the_element_and_the_line_or_is_about_the_whole_file(rows: list[interop.Row]) -> None:
    """The kinds about a whole file are listed in ``interop.WHOLE_FILE`` (unreadable XML, unknown encodings)."""
    refused = [r for r in rows if r.motcua == "refused"]
    assert [r.file for r in refused if not r.problems] == []
    assert [(r.file, line) for r in refused for line in r.unlocated] == []


def test_a_problem_without_an_element_counts_as_unlocated_unless_it_is_about_the_whole_file() -> None:
    from motcua.engine.problems import Problem

    assert interop.located(Problem("bpmn/x.bpmn", "XML is not well-formed: tag mismatch", line=3))
    assert interop.located(Problem("bpmn/x.bpmn", "is not reachable", element="Task_1", line=9))
    assert not interop.located(Problem("bpmn/x.bpmn", "is not reachable", element="Task_1"))
    assert not interop.located(Problem("bpmn/x.bpmn", "a gateway has no default flow", line=9))


def test_every_accepted_diagram_is_worked_to_its_end_by_the_roles_its_lanes_name(rows: list[interop.Row]) -> None:
    accepted = [r for r in rows if r.motcua == "accepted"]
    assert [(r.file, r.dossier) for r in accepted if r.dossier != "dossier worked to end"] == []


def test_bare_spiffworkflow_runs_the_same_files_and_says_how_each_ended(rows: list[interop.Row]) -> None:
    verdicts = ("ran to end", "stalled: ", "error: ", "not parsed: ")
    assert [(r.file, r.spiff) for r in rows if not r.spiff.startswith(verdicts)] == []
    assert any(r.spiff == "ran to end" for r in rows)


def test_the_command_prints_rows_as_json_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("hand_form_json.bpmn", "hand_form_json--request.schema.json", "spiff_non_executable_process.bpmn"):
        shutil.copyfile(CORPUS / name, tmp_path / name)
    assert interop.main([str(tmp_path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in printed["rows"]] == ["hand_form_json.bpmn", "spiff_non_executable_process.bpmn"]
    assert printed["totals"]["diagrams"] == 2
    assert printed["rows"][1]["spiff"].startswith("not parsed: ")
