"""How real annexes lay out a score table, for ``scoresheet``.

* Reading the file: the first sheet of an .xlsx, or a CSV / TSV whose separator is the one that
  gives the most rows of the same width (a semicolon where the comma is the decimal mark).
* The header: the first row (within ``HEADER_SCAN_ROWS``, so a title block of any usual length
  above it — ``UBND TỈNH …``, ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM``, ``PHỤ LỤC``, ``BẢNG TỰ CHẤM
  ĐIỂM …`` — is skipped) naming the criterion (``TT`` and/or ``Tiêu chí``) and a points column.
  A two-row header (merged cells: ``Kết quả chấm điểm`` over ``Điểm tự chấm | Điểm kiểm tra``)
  is read as one, the lower row naming the columns. Unknown columns are ignored; an evidence
  column (``Tài liệu kiểm chứng``, ``Các minh chứng``) is kept apart from ``Ghi chú``.
* Codes: ``PHẦN II`` → ``II``, ``7.1.`` → ``7.1``, ``a)`` / ``b.`` / ``(c)`` → the letter. Without
  a TT column (or with an empty TT cell) a code leading the criterion text (``1.1. Có …``,
  ``2.4.Tủ sách``, ``I. HOẠT ĐỘNG …``, ``a) …``) is the code; a maximum written only in the text
  (``1. Tổ chức bộ máy (10 điểm)``) is the stated maximum.
* The column-number row ``(1) (2) (3)`` (or ``A B 1 2``) under the header is skipped.
* Total rows: ``Tổng``, ``Tổng cộng``, ``TỔNG ĐIỂM``, ``Tổng số điểm``, ``Total`` are the total;
  ``Cộng phần I`` / ``Tổng điểm mục 7`` the stated subtotal of that part or criterion; a bare
  ``Cộng`` is decided by the rows above it (``scoresheet``).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from qms.core.text import fold

from .rubricfile import ROMAN_RE

MAX_ROWS = 2000
HEADER_SCAN_ROWS = 40
SCORE_COLUMNS = frozenset({"max", "self", "inspection", "score"})


def key_of(text: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(str(text or "")))


HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("TT", "STT", "Số TT", "Số thứ tự", "Mã", "Mã số", "Mã tiêu chí", "Mục", "code"),
    "text": (
        "Tiêu chí đánh giá",
        "Tiêu chí",
        "Tiêu chuẩn, tiêu chí",
        "Nội dung",
        "Nội dung tiêu chí",
        "Nội dung đánh giá",
        "Nội dung kiểm tra",
        "Tên tiêu chí",
        "criterion",
        "criteria",
    ),
    "max": (
        "Điểm tối đa",
        "Điểm chuẩn",
        "Thang điểm",
        "Điểm tối đa (điểm)",
        "Mức điểm",
        "Điểm quy định",
        "max",
        "max points",
        "maximum",
    ),
    "self": (
        "Điểm tự chấm",
        "Điểm tự đánh giá",
        "Tự chấm",
        "Tự đánh giá",
        "Điểm đơn vị tự chấm",
        "Điểm tự chấm của đơn vị",
        "Kết quả tự đánh giá",
        "self",
        "self score",
    ),
    "inspection": (
        "Điểm kiểm tra",
        "Điểm đoàn kiểm tra",
        "Điểm của đoàn kiểm tra",
        "Điểm đoàn kiểm tra chấm",
        "Điểm thẩm định",
        "Kết quả kiểm tra",
        "inspection",
        "inspection score",
    ),
    "score": (
        "Điểm",
        "Điểm chấm",
        "Điểm đánh giá",
        "Điểm đạt",
        "Điểm đạt được",
        "Kết quả",
        "Kết luận",
        "score",
        "verdict",
        "result",
    ),
    "note": ("Ghi chú", "Giải trình", "Ghi chú, giải trình", "Ghi chú / minh chứng", "note", "notes"),
    "evidence": (
        "Minh chứng",
        "Các minh chứng",
        "Tài liệu minh chứng",
        "Tài liệu kiểm chứng",
        "Tài liệu kiểm chứng / minh chứng",
        "Hồ sơ minh chứng",
        "evidence",
    ),
}
_HEADER_MAP = {key_of(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
# A header no alias starts with ("Điểm do đơn vị tự chấm", "Số điểm tối đa", "CÁC MINH CHỨNG"):
# the first of these rules whose words it all contains. Only for short cells: a title line ("BẢNG
# TỰ CHẤM ĐIỂM THEO BỘ TIÊU CHÍ …") is no header, nor is "Phương pháp kiểm tra" a score.
_HEADER_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("toida",), "max"),
    (("diem", "chuan"), "max"),
    (("mucdiem",), "max"),
    (("thangdiem",), "max"),
    (("tucham",), "self"),
    (("diem", "tudanhgia"), "self"),
    (("diem", "kiemtra"), "inspection"),
    (("diem", "thamdinh"), "inspection"),
    (("diem", "doan"), "inspection"),
    (("minhchung",), "evidence"),
    (("kiemchung",), "evidence"),
    (("ghichu",), "note"),
    (("giaitrinh",), "note"),
    (("tieuchi",), "text"),
)
_HEADER_WORDS_MAX_LEN = 60

COLUMN_LABELS = {
    "code": "TT",
    "text": "Tiêu chí đánh giá",
    "max": "Điểm tối đa",
    "self": "Điểm tự chấm",
    "inspection": "Điểm kiểm tra",
    "score": "Điểm",
    "note": "Ghi chú",
    "evidence": "Minh chứng",
}


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return " ".join(str(value).split())


# --- reading the file ----------------------------------------------------------------------------


def _delimiter(lines: Sequence[str]) -> str:
    """The separator giving the most rows of the same (more than one) width."""
    best, best_score = ",", (-1, -1)
    for delimiter in (";", ",", "\t"):
        widths = Counter(len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1)
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best


def read_table(data: bytes, filename: str = "") -> list[list[Any]]:
    """The first sheet of an .xlsx, or a CSV / TSV (UTF-8, or Windows-1258), as rows of cell values."""
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValueError(_("Không đọc được tệp Excel (.xlsx).")) from None
        try:
            rows = []
            for raw in workbook.worksheets[0].iter_rows(values_only=True):
                rows.append(list(raw))
                if len(rows) > MAX_ROWS:
                    raise ValueError(_("Tệp có quá %(n)s dòng: không phải một bảng điểm.") % {"n": MAX_ROWS})
            return rows
        finally:
            workbook.close()
    if filename and not filename.lower().endswith((".csv", ".tsv", ".txt")):
        raise ValueError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise ValueError(_("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”).")) from None
    lines = text.splitlines()
    delimiter = _delimiter(lines[: HEADER_SCAN_ROWS * 2]) if lines else ","
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if len(rows) > MAX_ROWS:
        raise ValueError(_("Tệp có quá %(n)s dòng: không phải một bảng điểm.") % {"n": MAX_ROWS})
    return rows


# --- the header ----------------------------------------------------------------------------------


@functools.cache
def _localised_header_map() -> dict[str, str]:
    """The aliases plus their translation in every installed language: a sheet exported while
    the interface was in English ("No.", "Self-score") must import again."""
    result = dict(_HEADER_MAP)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, aliases in HEADER_ALIASES.items():
                for alias in aliases:
                    result.setdefault(key_of(translation.gettext(alias)), name)
    return result


def match_header(cell: Any) -> str | None:
    key = key_of(cell)
    if not key:
        return None
    header_map = _localised_header_map()
    if key in header_map:
        return header_map[key]
    # "Điểm tự chấm của đơn vị (năm 2026)": the longest alias the header starts with.
    best = None
    for alias, name in header_map.items():
        if len(alias) >= 6 and key.startswith(alias) and (best is None or len(alias) > len(best[0])):
            best = (alias, name)
    if best:
        return best[1]
    if len(str(cell)) <= _HEADER_WORDS_MAX_LEN:
        for words, name in _HEADER_WORDS:
            if all(word in key for word in words):
                return name
    return None


@dataclass
class Header:
    """``first`` / ``last``: indexes of the header's first and last row (the data starts after
    ``last``); ``positions``: column name → position; ``labels``: the header as written."""

    first: int
    last: int
    positions: dict[str, int]
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def codes_in_text(self) -> bool:
        return "code" not in self.positions


def _names(raw: Sequence[Any]) -> dict[int, str]:
    return {position: name for position, cell in enumerate(raw) if (name := match_header(cell))}


def _invert(by_position: dict[int, str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for position in sorted(by_position):
        positions.setdefault(by_position[position], position)
    return positions


def _sub_names(upper: Sequence[Any], lower: Sequence[Any], positions: dict[str, int]) -> dict[int, str]:
    """The columns the lower row of a merged header names (nothing under TT / Tiêu chí), each cell
    read alone or under the label spanning it (``Điểm`` over ``Tối đa | Tự chấm | Kiểm tra``)."""
    for column in ("code", "text"):
        position = positions.get(column)
        if position is not None and position < len(lower) and cell_text(lower[position]):
            return {}
    names: dict[int, str] = {}
    for position, cell in enumerate(lower):
        sub = cell_text(cell)
        if not sub:
            continue
        name = match_header(sub)
        if name is None:
            spanning = next((cell_text(c) for c in reversed(upper[: position + 1]) if cell_text(c)), "")
            combined = match_header(f"{spanning} {sub}") if spanning else None
            name = combined if combined in ("max", "self", "inspection") else None
        if name:
            names[position] = name
    return names


def find_table_header(rows: Sequence[Sequence[Any]]) -> Header | None:
    """The header of the score table (one or two rows) or None."""
    for index, raw in enumerate(rows[:HEADER_SCAN_ROWS]):
        by_position = _names(raw)
        if len(by_position) < 2 or not ({"code", "text"} & set(by_position.values())):
            continue
        first, last = index, index
        labels_row = {p: cell_text(raw[p]) for p in by_position}
        lower = rows[index + 1] if index + 1 < len(rows) else []
        sub_names = _sub_names(raw, lower, _invert(by_position))
        if sub_names:
            for position, name in sub_names.items():
                if name == "score" and position in by_position:
                    continue  # a units row "(điểm)" under "Điểm tối đa": the upper name stays
                by_position[position] = name
                labels_row[position] = cell_text(lower[position])
            last = index + 1
        positions = _invert(by_position)
        if not SCORE_COLUMNS & positions.keys():
            continue
        labels = {name: labels_row[position] for name, position in positions.items()}
        return Header(first=first, last=last, positions=positions, labels=labels)
    return None


def find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int]] | None:
    """(index of the header's last row, {column name: position}) of a table with a TT column, or None."""
    header = find_table_header(rows)
    if header is None or header.codes_in_text:
        return None
    return header.last, header.positions


# --- codes ---------------------------------------------------------------------------------------


def normalise_code(raw: str) -> str:
    """``"Phần II"`` → ``II``; ``"7.1."`` → ``7.1``; ``"a)"`` → ``a``; ``"A"`` (a letter) stays upper only if Roman."""
    text = " ".join(str(raw or "").split()).strip()
    folded = fold(text)
    for prefix in ("phan ", "part "):
        if folded.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    text = text.rstrip(".:)-–").lstrip("(").strip()
    if ROMAN_RE.match(text.upper()) and text.isupper():
        return text.upper()
    if len(text) == 1 and text.isalpha():
        return text.lower()
    return text


def is_letter(code: str) -> bool:
    """A sub-criterion letter (``a``, ``đ``): it belongs to the nearest criterion above it."""
    return len(code) == 1 and code.isalpha() and code.islower()


_LEAD_CODE = re.compile(
    r"""^\s*(?:
        (?i:phần|phan|part)\s+(?P<part>[IVXLC]+)\b[.:)\-–]?   # PHẦN I, Phần II.
      | (?P<roman>[IVXLC]+)[.:)\-–]                             # I. II) III-
      | (?P<multi>\d{1,3}(?:\.\d{1,3})+)\.?(?=[^\d.,]|$)       # 1.1  1.1.  2.4.Tủ sách
      | (?P<single>\d{1,3})[.)](?=[^\d.,]|$)                   # 1.  12)
      | \(?(?P<letter>[a-zđA-ZĐ])[.)](?=\s)                    # a)  b.  (c)
    )\s*(?P<rest>.*)$""",
    re.VERBOSE | re.DOTALL,
)


def split_code(text: str) -> tuple[str, str]:
    """(code, the rest) of a criterion text that starts with its code, else ("", text)."""
    match = _LEAD_CODE.match(text)
    if not match:
        return "", text
    roman = match.group("part") or match.group("roman")
    if roman:
        if not ROMAN_RE.match(roman):
            return "", text
        return roman, match.group("rest").strip()
    code = match.group("multi") or match.group("single") or match.group("letter") or ""
    return normalise_code(code), match.group("rest").strip()


_MAX_IN_TEXT = re.compile(r"\(\s*(?:tối đa\s*)?(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:điểm|đ)\s*\)\s*$", re.IGNORECASE)


def max_in_text(text: str) -> Decimal | None:
    """``Cơ sở vật chất (20 điểm)`` → 20: a group's maximum written only in its text."""
    match = _MAX_IN_TEXT.search(text)
    return Decimal(match.group(1).replace(",", ".")) if match else None


_COLUMN_NUMBER = re.compile(r"\(?[0-9]{1,2}\)?|\(?[A-Z]\)?")


def is_column_numbers(code: str, text: str) -> bool:
    """The row ``(1) (2) (3) (4)`` (or ``A B 1 2``) some annexes put under the header."""
    return bool(_COLUMN_NUMBER.fullmatch(text)) and bool(_COLUMN_NUMBER.fullmatch(code or "1"))


# --- total and subtotal rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class TotalLabel:
    """``kind``: ``total`` (the sheet's total), ``subtotal`` (of ``code``) or ``bare`` (a lone
    ``Cộng``: the total, or the subtotal of the rows above it since the previous one)."""

    kind: str
    code: str = ""


_TOTAL_FILLER = frozenset(
    {"diem", "tu", "cham", "kiem", "tra", "toi", "da", "dat", "duoc", "cac", "ca", "hai", "va", "so", "chung"}
    | {"score", "scores", "points", "of", "and", "all"}
)
_TOTAL_SCOPE = frozenset({"phan", "part", "muc", "nhom", "section"})
_ROMAN_TOKEN = re.compile(r"^[ivxlc]+$")


def total_label(label: str) -> TotalLabel | None:
    """Whether ``label`` (a TT or criterion cell) names a total row, and of what."""
    tokens = re.findall(r"[a-z]+|\d+(?:[.,]\d+)*", fold(label))
    if not tokens:
        return None
    if tokens[:2] == ["grand", "total"]:
        tokens = tokens[1:]
    head, rest = tokens[0], tokens[1:]
    if head not in ("tong", "cong", "total"):
        return None
    if head == "tong" and rest[:1] == ["cong"]:
        rest = rest[1:]
    codes: list[str] = []
    for position, token in enumerate(rest):
        if token in _TOTAL_SCOPE:
            continue
        if _ROMAN_TOKEN.match(token) and ROMAN_RE.match(token.upper()):
            codes.append(token.upper())
        elif token[0].isdigit():
            if position and rest[position - 1] in _TOTAL_SCOPE:
                codes.append(token.replace(",", "."))
        elif token not in _TOTAL_FILLER:
            return None  # "Tổng hợp, báo cáo…", "Tổng số lượt người…": a criterion's text
    if len(codes) == 1:
        return TotalLabel("subtotal", codes[0])
    if head == "cong" and not codes:
        return TotalLabel("bare")
    return TotalLabel("total")
