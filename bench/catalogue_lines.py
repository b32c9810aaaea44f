"""What one procedure costs to write: lines of its diagram, its own forms and its catalogue entry.

    python -m bench.catalogue_lines                 # the pack in this checkout
    python -m bench.catalogue_lines --at bc905a5    # the pack at a commit (read with git, nothing checked out)

A procedure's own lines are its TOML, the diagram it draws (none when it names a pattern of the frame) and the
forms no other procedure uses. What several procedures share (the frame's parts in ``bpmn/shared/``, the
patterns, forms used by two or more procedures, form parts) is counted once, apart. Only administrative
procedures (``kind = "service"``, the default) are counted.
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORM = re.compile(r"formJsonSchemaFilename>([^<]+)<|name=\"formJsonSchemaFilename\" value=\"([^\"]+)\"")
CALL = re.compile(r"calledElement=\"([^\"]+)\"")


def _reader(at: str | None) -> tuple[Callable[[str], str | None], list[str]]:
    """Read a pack file by its path, from the working tree or from a commit; and the list of files."""
    if at is None:
        files = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file() and ".git" not in p.parts]

        def read(path: str) -> str | None:
            target = ROOT / path
            return target.read_text(encoding="utf-8") if target.is_file() else None
        return read, files
    files = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "-r", "--name-only", at], check=True,
                           capture_output=True, text=True).stdout.split()

    def read_at(path: str) -> str | None:
        done = subprocess.run(["git", "-C", str(ROOT), "show", f"{at}:{path}"], capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else None
    return read_at, files


def _lines(text: str | None) -> int:
    return len(text.splitlines()) if text else 0


def measure(at: str | None = None) -> dict[str, object]:
    """Per procedure: own lines; and the lines shared by several procedures."""
    read, files = _reader(at)
    processes = {}  # process id -> diagram path
    for path in files:
        if path.startswith("bpmn/") and path.endswith(".bpmn"):
            for pid in re.findall(r"<bpmn:process id=\"([^\"]+)\"", read(path) or ""):
                processes.setdefault(pid, path)
    uses: dict[str, set[str]] = {}  # form file -> procedures using it
    own: dict[str, dict[str, int]] = {}
    for path in sorted(f for f in files if f.startswith("processes/") and f.endswith(".toml")):
        text = read(path) or ""
        data = tomllib.loads(text)
        if data.get("kind", "service") != "service":
            continue
        slug = Path(path).stem
        diagram = f"bpmn/patterns/{data['pattern']}.bpmn" if data.get("pattern") else f"bpmn/{data['diagram']}"
        seen, pending, forms = set(), [diagram], set(data.get("forms", {}).values())
        while pending:  # the diagram and what it calls
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            body = read(current) or ""
            forms |= {a or b for a, b in FORM.findall(body)}
            pending += [processes[c] for c in CALL.findall(body) if c in processes]
        for form in forms:
            uses.setdefault(form, set()).add(slug)
        own[slug] = {"toml": _lines(text), "diagram": 0 if data.get("pattern") else _lines(read(diagram))}
    for form, users in uses.items():
        if len(users) == 1:
            (slug,) = users
            stem = form.removesuffix(".schema.json")
            own[slug]["forms"] = own[slug].get("forms", 0) + _lines(read(f"forms/{form}")) + \
                _lines(read(f"forms/{stem}.uischema.json"))
    shared_paths = [f for f in files if f.startswith(("bpmn/shared/", "bpmn/patterns/", "forms/parts/"))]
    shared_paths += [f"forms/{form}" for form, users in uses.items() if len(users) > 1]
    totals = {slug: sum(parts.values()) for slug, parts in own.items()}
    return {"procedures": len(own), "own": own, "totals": totals,
            "with_diagram": sum(1 for parts in own.values() if parts["diagram"]),
            "shared": sum(_lines(read(p)) for p in shared_paths)}


def report(label: str, figures: dict[str, object]) -> None:
    totals: dict[str, int] = figures["totals"]  # type: ignore[assignment]
    values = sorted(totals.values())
    print(f"{label}: {figures['procedures']} procedures ({figures['with_diagram']} draw a diagram), "
          f"own lines per procedure: median {statistics.median(values):.0f}, mean {statistics.mean(values):.0f}, "
          f"max {values[-1]}, total {sum(values)}; shared once: {figures['shared']} lines")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--at", help="a git commit to measure instead of the working tree")
    parser.add_argument("--each", action="store_true", help="print every procedure's lines")
    args = parser.parse_args()
    figures = measure(args.at)
    report(args.at or "this checkout", figures)
    if args.each:
        for slug, parts in sorted(figures["own"].items()):  # type: ignore[union-attr]
            print(f"  {slug}: {sum(parts.values())} ({', '.join(f'{k} {v}' for k, v in sorted(parts.items()))})")


if __name__ == "__main__":
    main()
