"""Vietnamese-aware text helpers."""

from __future__ import annotations

import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case, diacritics removed: "Quy trình Đăng ký" → "quy trinh dang ky"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()


def vn_sort_key(text: str) -> tuple[str, str]:
    """Sort key that files "Đông Mai" among the D's, with accented forms after plain ones."""
    return (fold(text), text.casefold())
