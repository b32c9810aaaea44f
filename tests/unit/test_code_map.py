"""README's map of the code against the tree: every module of ``motcua/`` and ``handlers/`` is named there, and every path the
map names exists, so the map stays what a new engineer can trust."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DESCRIPTION_COLUMN = 26  # entries start left of it; a line starting there continues the line above
ENTRY = re.compile(r"^( *)(\S+)")


def _mapped() -> tuple[set[Path], set[Path]]:
    """The paths the map names, and the directories it names with no entries under them (their modules are
    named as a whole, like the Alembic migrations)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Map of the code", 1)[1].split("```", 2)[1]
    named: set[Path] = set()
    parents: list[tuple[int, Path]] = []
    for line in block.splitlines():
        found = ENTRY.match(line)
        if not found or len(found.group(1)) >= DESCRIPTION_COLUMN:
            continue
        indent, name = len(found.group(1)), found.group(2)
        if not (name.endswith("/") or name.endswith(".py")):
            continue
        while parents and parents[-1][0] >= indent:
            parents.pop()
        path = (parents[-1][1] if parents else Path()) / name.rstrip("/")
        named.add(path)
        if name.endswith("/"):
            parents.append((indent, path))
    leaves = {p for p in named if not any(q.parent == p for q in named)}
    return named, leaves


def test_every_module_of_the_runtime_and_the_handlers_is_in_the_code_map() -> None:
    named, leaves = _mapped()
    modules = {p.relative_to(ROOT) for top in ("motcua", "handlers") for p in (ROOT / top).rglob("*.py")}
    missing = sorted(str(m) for m in modules
                     if m not in named and not any(leaf in m.parents for leaf in leaves)
                     and not (m.name == "__init__.py" and m.parent in named))  # a package's line names it
    assert not missing, f"README's map of the code does not name: {', '.join(missing)}"


def test_every_path_in_the_code_map_exists() -> None:
    named, _ = _mapped()
    gone = sorted(str(p) for p in named if not (ROOT / p).exists())
    assert not gone, f"README's map of the code names what is not in the tree: {', '.join(gone)}"
