"""Completeness of a dossier at the counter: the papers handed in against what the procedure requires."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from motcua.domain.procedure import Paper


def missing_papers(required: Sequence[Paper], received: Iterable[Mapping[str, Any]]) -> list[str]:
    """What is still missing, one line per paper, in the words a supplement request prints."""
    given = {row.get("name"): row for row in received}
    missing = []
    for paper in required:
        if paper.optional:
            continue
        row = given.get(paper.name, {})
        wanted = ((paper.originals, "originals", "bản chính"), (paper.copies, "copies", "bản sao"))
        short = [f"{need - int(row.get(kind, 0) or 0)} {label}" for need, kind, label in wanted
                 if int(row.get(kind, 0) or 0) < need]
        if short:
            missing.append(f"{paper.name} (thiếu {', '.join(short)})")
    return missing
