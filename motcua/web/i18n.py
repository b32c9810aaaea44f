"""Translations: Vietnamese is the source language; English is a translation catalogue.

Catalogues are kept as .po text in the repository and compiled to .mo when the
app starts if the text is newer, so no build step is needed.
"""
from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import get_locale

from motcua.errors import ServiceError
from motcua.messages import render

LOCALES = ("vi", "en")


def compile_translations(directory: Path) -> None:
    """Compile every messages.po under ``directory`` whose .mo is missing or older."""
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)


def error_text(exc: ServiceError) -> str:
    """A service error's words in the reader's language (the session's locale)."""
    return render(exc.code, exc.params, str(get_locale() or "vi"))


def error_body(exc: ServiceError, **extra: object) -> dict[str, object]:
    """A JSON API's error body: the stable ``code`` for programs, the ``message`` in the reader's language."""
    return {"code": exc.code, "message": error_text(exc), **extra}
