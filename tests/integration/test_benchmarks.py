"""The benchmarks anyone can run keep running: each is driven briefly and must print its figures.

(The figures themselves are not asserted: speed targets live in the benchmarks' output, quoted in notes.)
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("DATABASE_URL")


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_http_load_drives_the_production_server() -> None:
    out = run("bench.http_load", "--clients", "3", "--seconds", "4", "--workers", "2",
              *(["--database-url", SERVER] if SERVER else []))
    completions = next(line for line in out.splitlines() if line.startswith("task completions"))
    assert "(0 errors)" in completions and int(completions.split(":")[1].split()[0]) > 0, out
    assert "(a) HTTP completions/s" in out and "p95" in out and "ratio (b)/(a)" in out
    assert "CPU budget at ratio 1.7  :" in out, out


@pytest.mark.skipif(not (SERVER or "").startswith("postgres"),
                    reason="generates rows with PostgreSQL's generate_series; CI runs it in the PostgreSQL pass")
def test_inbox_benchmark_generates_and_measures() -> None:
    out = run("bench.inbox", "--database-url", SERVER or "", "--dossiers", "3000", "--units", "3", "--samples", "20")
    assert "generated                         : 3000 dossiers" in out
    assert "inbox page (GET /, rendered)" in out and "Execution Time" in out  # the plan is printed


def test_pages_benchmark_counts_the_queries_of_each_page_and_of_a_posted_step() -> None:
    out = run("bench.pages", "-n", "12", "--repeat", "2")  # its own SQLite file: it leaves dossiers unfinished
    for title in ("inbox /", "task /tasks/<id>", "dossier /dossiers/<id>", "task form posted"):
        line = next(line for line in out.splitlines() if line.strip().startswith(title))
        assert int(line.split(":")[1].split()[0]) > 0 and "median" in line, out


def test_documents_benchmark_renders_signs_and_compares_with_its_targets() -> None:
    out = run("bench.documents", "-n", "2", "--dossiers", "1", *(["--database-url", SERVER] if SERVER else []))
    for measure in ("receipt slip render", "receipt slip size", "result render + PAdES sign",
                    "PDFs per finished dossier (1)"):
        assert measure in out, out


def test_engine_benchmark_prints_state_size_and_growth() -> None:
    out = run("bench.land_change", "-n", "3", "--loops", "4")
    assert "KB deflated" in out and "growth (send-back loops) : loop 1:" in out
    figures = {line.split(":")[0].strip(): line.split(":")[1].split() for line in out.splitlines() if ":" in line}
    for measure in ("(a) bare engine, memory", "(b) runtime + database", "(c) floor = (a) + saving",
                    "floor ratio (a)/(c)"):
        assert float(figures[measure][0]) > 0, out
    float(figures["bookkeeping (b) − (c)"][0])  # printed as a number (its sign is a figure, not asserted)


def test_reports_benchmark_reads_both_paths_and_they_agree() -> None:
    out = run("bench.reports", "-n", "1500", "--wards", "2", "--runs", "1",
              *(["--database-url", SERVER] if SERVER else []))
    assert "built the daily roll-ups of 364 days" in out
    for label in ("province, one month", "province, whole year", "one ward, one month"):
        line = next(text for text in out.splitlines() if text.strip().startswith(label))
        assert " yes " in line, out


def test_heatmap_benchmark_rebuilds_a_year_and_reads_it() -> None:
    out = run("bench.heatmap", "-n", "200", "--wards", "2")  # SQLite in a temporary file: nothing left behind
    assert "wrote 200 dossiers" in out and "rebuilt 364 days of the step roll-up" in out
    for label in ("heat map, province, year", "weekly trends, province, year", "between units, province, month",
                  "late at the examination, month", "finished at the examination, month",
                  "waiting at the examination now"):
        assert f"{label}:" in out, out
