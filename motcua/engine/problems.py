"""Problems found in a pack: each names the file, the element and, when known, the line."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from motcua.messages import render


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack file, phrased so an analyst can fix it. ``message`` is English (the CLI's
    language); a problem with a ``code`` (``motcua.messages``) is also said in the analyst's language."""

    file: str
    message: str
    element: str | None = None
    line: int | None = None
    code: str | None = field(default=None, compare=False)
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def text(self, locale: str = "en") -> str:
        """The message in ``locale`` (the English one for a problem without a code)."""
        return render(self.code, self.params, locale) if self.code else self.message

    def words(self) -> dict[str, str]:
        """The message in each language, as a parameter of a message that quotes it."""
        return {locale: self.text(locale) for locale in ("vi", "en")}

    @property
    def where(self) -> str:
        """``file:line [element]``, as an analyst's editor and the modeler find it."""
        return self.file + (f":{self.line}" if self.line else "") + (f" [{self.element}]" if self.element else "")

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def as_dict(self, locale: str = "en") -> dict[str, object]:
        """A JSON-ready form for the modeler page and the API, the message in ``locale``."""
        return {"file": self.file, "element": self.element, "line": self.line, "message": self.text(locale),
                "code": self.code}


def coded(file: str, code: str, element: str | None = None, line: int | None = None, **params: Any) -> Problem:
    """A problem in the words of ``motcua.messages`` (``code`` with ``params``; a parameter may be given per
    language, ``{"vi": ..., "en": ...}``), its English kept as ``message`` for logs and ``str``."""
    return Problem(file, render(code, params, "en"), element=element, line=line, code=code, params=params)


class PackError(Exception):
    """The pack (or one diagram) cannot go live; every problem found is listed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
