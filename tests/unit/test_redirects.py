"""``next`` targets stay on this site: the probe's tab and newline tricks, backslashes, schemes, hosts."""
from __future__ import annotations

import pytest

from motcua.web.redirects import safe_next


@pytest.mark.parametrize("target", [
    "/\t/evil.example/phish", "/\n/evil.example", "/\r\nSet-Cookie: a=1", "//evil.example", "/\\evil.example",
    "\\\\evil.example", "https://evil.example/", "javascript:alert(1)", "evil.example", "", None, "/\x7f/x",
])
def test_targets_off_the_site_fall_back(target: str | None) -> None:
    assert safe_next(target, "/") == "/"


@pytest.mark.parametrize("target", ["/", "/register", "/tasks/abc?x=1", "/thu-tuc?q=khai%20sinh#top"])
def test_paths_of_this_site_are_kept(target: str) -> None:
    assert safe_next(target, "/") == target
