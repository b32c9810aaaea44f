"""Reading issued PDFs back in trial steps and tests, as a person reads them: the text, whitespace collapsed.

pypdf comes with the ``test`` extra, which ``motcua trial`` needs anyway (pytest, pytest-bdd).
"""
from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """All pages' text on one line, runs of whitespace made single spaces (PDF line breaks fall anywhere)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
