"""Trial steps: reports (issue 7)."""
from __future__ import annotations
