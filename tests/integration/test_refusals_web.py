"""A refusal a clerk meets is a coded message in their language, never a handler's exception (issue 18, point 2):
receiving a dossier whose paper counts were left at 0 says what is missing and what to choose, in Vietnamese or
in English, and keeps what was typed."""
from __future__ import annotations

import html
import re

import pytest
from flask import Flask

from features.steps.land_change import PAPERS, receive
from tests.support.web import Clerk

EMPTY = [(name, 0, 0) for name, _originals, _copies in PAPERS]


def flashed(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<p class="flash error"[^>]*>([^<]*)</p>', page)]


@pytest.mark.parametrize(("locale", "words"), [
    ("vi", "Hồ sơ chưa đủ thành phần nên chưa tiếp nhận được; hãy chọn “Hướng dẫn bổ sung”. Còn thiếu: "),
    ("en", "The dossier is incomplete and cannot be received; choose “guide to supplement”. Missing: "),
])
def test_receiving_with_papers_left_at_zero_is_refused_in_the_clerks_words(app: Flask, locale: str,
                                                                            words: str) -> None:
    clerk = Clerk(app, "tiepnhan.longan")
    clerk.submit(f"/lang/{locale}", {"next": "/"}, token_from="/")
    started = clerk.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"})
    page = clerk.submit(started.location, receive(papers=EMPTY))

    assert page.status_code == 422
    [message] = flashed(page.text)
    assert message.startswith(words)
    for raw in ("handler", "ValueError", "Refusal", "intake.", "check_papers", "failed"):
        assert raw not in page.text
    assert 'value="Nguyễn Thị Hoa"' in page.text  # nothing typed is lost
