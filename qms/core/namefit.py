"""Fitting names to their column in official documents: an issuing body's name is printed on one
line, smaller if need be, or on two lines broken only between its parts, never mid-word
(``officedoc.name_cell`` builds the table cell from these)."""

from __future__ import annotations

import unicodedata

# Advance widths (em) of Times New Roman, regular and bold (the metric-compatible Liberation Serif
# gives the same numbers). Vietnamese letters take their base letter's width (the tone marks sit
# above or below); Ơ and Ư are a little wider than O and U for the horn.
_WIDTHS_REGULAR = dict(
    zip(
        " ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,-&()/:;abcdefghijklmnopqrstuvwxyz",
        (0.25, 0.722, 0.667, 0.667, 0.722, 0.611, 0.556, 0.722, 0.722, 0.333, 0.389, 0.722, 0.611, 0.889)
        + (0.722, 0.722, 0.556, 0.722, 0.667, 0.556, 0.611, 0.722, 0.722, 0.944, 0.722, 0.722, 0.611)
        + (0.5,) * 10
        + (0.25, 0.25, 0.333, 0.778, 0.333, 0.333, 0.278, 0.278, 0.278)
        + (0.444, 0.5, 0.444, 0.5, 0.444, 0.333, 0.5, 0.5, 0.278, 0.278, 0.5, 0.278, 0.778, 0.5, 0.5)
        + (0.5, 0.5, 0.333, 0.389, 0.278, 0.5, 0.5, 0.722, 0.5, 0.5, 0.444),
        strict=True,
    )
)
_WIDTHS_BOLD = dict(
    zip(
        " ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,-&()/:;abcdefghijklmnopqrstuvwxyz",
        (0.25, 0.722, 0.667, 0.722, 0.722, 0.667, 0.611, 0.778, 0.778, 0.389, 0.5, 0.778, 0.667, 0.944)
        + (0.722, 0.778, 0.611, 0.778, 0.722, 0.556, 0.667, 0.722, 0.722, 1.0, 0.722, 0.722, 0.667)
        + (0.5,) * 10
        + (0.25, 0.25, 0.333, 0.833, 0.333, 0.333, 0.278, 0.333, 0.333)
        + (0.5, 0.556, 0.444, 0.556, 0.444, 0.333, 0.5, 0.556, 0.278, 0.333, 0.556, 0.278, 0.833, 0.556)
        + (0.5, 0.556, 0.556, 0.444, 0.389, 0.333, 0.556, 0.5, 0.722, 0.5, 0.5, 0.444),
        strict=True,
    )
)
_HORN = {"Ơ": "O", "Ư": "U", "ơ": "o", "ư": "u", "Đ": "D", "đ": "d"}
_PT_MM = 25.4 / 72
# Where an issuing body's name may go onto a second line: after "VÀ" or a comma ("SỞ NÔNG NGHIỆP
# VÀ / PHÁT TRIỂN NÔNG THÔN"), or before the administrative level that starts a place name
# ("ỦY BAN NHÂN DÂN / TỈNH QUẢNG NINH"). Never between the syllables of a word or inside a place
# name ("CÔNG NGHỆ", "QUẢNG NINH").
_BREAK_AFTER = ("VÀ", "VA")
_BREAK_BEFORE = ("TỈNH", "THÀNH PHỐ", "PHƯỜNG", "XÃ", "HUYỆN", "QUẬN", "THỊ XÃ", "ĐẶC KHU")


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of ``text`` on one line in Times New Roman at ``size_pt``."""
    table = _WIDTHS_BOLD if bold else _WIDTHS_REGULAR
    total = 0.0
    for ch in text:
        extra = 0.05 if ch in "ƠƯơư" else 0.0
        base = _HORN.get(ch) or unicodedata.normalize("NFD", ch)[:1] or ch
        total += table.get(base, 0.6) + extra
    return total * size_pt * _PT_MM


def _break_points(words: list[str]) -> list[int]:
    """Indexes ``i`` where a line may end after ``words[:i]``."""
    points = []
    for i in range(1, len(words)):
        before, after = words[i - 1], " ".join(words[i:]).upper()
        ends_part = before.upper() in _BREAK_AFTER or before.endswith(",")
        if ends_part or any(after.startswith(level + " ") for level in _BREAK_BEFORE):
            points.append(i)
    return points


def fit_name(
    text: str, width_mm: float, *, size_pt: float, bold: bool, min_pt: float | None = None
) -> tuple[list[str], float]:
    """The lines and font size that print the name ``text`` in ``width_mm``: on one line at
    ``size_pt`` or smaller (down to ``min_pt``), else on two lines broken only where the name
    allows it (see ``_BREAK_AFTER`` and ``_BREAK_BEFORE``). A name that fits nowhere is returned
    whole at ``min_pt`` and wraps as Word decides."""
    text = " ".join(text.split())
    smallest = size_pt if min_pt is None else min_pt
    room = width_mm * 0.97  # Word's rendering and kerning vary a little from the metrics
    sizes = []
    size = size_pt
    while size >= smallest - 1e-6:
        sizes.append(round(size, 1))
        size -= 0.5
    for size in sizes:
        if text_width_mm(text, size, bold=bold) <= room:
            return [text], size
    words = text.split(" ")
    for size in sizes:
        options = []
        for i in _break_points(words):
            lines = [" ".join(words[:i]), " ".join(words[i:])]
            widest = max(text_width_mm(line, size, bold=bold) for line in lines)
            if widest <= room:
                options.append((widest, lines))
        if options:
            return min(options)[1], size
    return [text], smallest
