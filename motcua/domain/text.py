"""Vietnamese text as people type it: with or without accents, in any case."""
from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accents removed, đ → d, spaces collapsed: "Đăng ký  Khai sinh" → "dang ky khai sinh"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.casefold().split())
