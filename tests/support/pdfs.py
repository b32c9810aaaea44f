"""A plain one-page document laid out like our slips, for tests that sign, tamper with or verify a PDF."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.platypus import Paragraph

from motcua.documents.layout import Letterhead, render, styles, text


def result(head: Letterhead, *, title: str, paragraphs: Sequence[str], signer_name: str, signer_title: str,
           issued_at: datetime) -> bytes:
    """A document with a title, paragraphs and a signature block (not the Decree 30 result: see official.result)."""
    body = [Paragraph(text(p), styles()["body"]) for p in paragraphs if p]
    return render(head, title, body, signer_title, signer_name, issued_at)
