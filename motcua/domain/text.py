"""Vietnamese text as people type it: with or without accents, in any case."""
from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """The text without diacritics, đ → d, case and spacing kept: "Hồ sơ Đã nhận" → "Ho so Da nhan" (how
    Vietnamese SMS are commonly written, to fit the 160 characters of one GSM message)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def fold(text: str) -> str:
    """Lower-case, accents removed, đ → d, spaces collapsed: "Đăng ký  Khai sinh" → "dang ky khai sinh"."""
    return " ".join(strip_accents(text).casefold().split())
