"""Trial steps: online (issue 7)."""
from __future__ import annotations
