"""Problems found in a pack: each names the file, the element and, when known, the line."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack file, phrased so an analyst can fix it."""

    file: str
    message: str
    element: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        element = f" [{self.element}]" if self.element else ""
        return f"{where}{element}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form for the modeler page and the API."""
        return {"file": self.file, "element": self.element, "line": self.line, "message": self.message}


class PackError(Exception):
    """The pack (or one diagram) cannot go live; every problem found is listed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
