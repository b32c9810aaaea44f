"""Where a ``next`` parameter may send a browser: only to a path of this site.

"/\t/evil.example" looks like a path, but browsers drop tabs and newlines from URLs and read a backslash as
a slash, so it opens "//evil.example", another site. A target is therefore refused when it holds any
control character or backslash, has a scheme or host, or starts with "//"; a newline would also have made
the ``Location`` header itself invalid (a 500).
"""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` when it is a path on this site, else ``fallback``."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return fallback
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else fallback
