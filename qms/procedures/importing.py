"""Reading TTHC catalogue files (CSV or Excel .xlsx) into plain rows, and reading their cells.

Pure functions: nothing here touches the database. Rows keep their spreadsheet row numbers (the
header is row 1) so every problem is reported as (row, column, reason). Headers may be the
Vietnamese headings of the published lists ("Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực",
"Cấp thực hiện", "Thời hạn giải quyết", "Phí, lệ phí", "Căn cứ pháp lý", "Quyết định công bố",
"Cơ quan thực hiện", "Loại thay đổi", "Thay thế mã") or the English names of the sample file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from qms.core.tabular import TableFormat, TabularImportError
from qms.core.text import fold

from .models import ChangeKind, ProcedureLevel

FIELDS = (
    "code",
    "name",
    "field",
    "level",
    "time_limit",
    "time_limit_days",
    "fees",
    "legal_bases",
    "decision",
    "agencies",
    "change",
    "replaces",
)
REQUIRED_FIELDS = ("code", "name", "level")
MAX_ROWS = 20000


HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "Mã TTHC", "Mã số", "Mã số TTHC", "Mã thủ tục", "Mã thủ tục hành chính", "Mã hồ sơ TTHC"),
    "name": ("name", "Tên thủ tục hành chính", "Tên TTHC", "Tên thủ tục"),
    "field": ("field", "Lĩnh vực", "Lĩnh vực thực hiện"),
    "level": ("level", "Cấp thực hiện", "Cấp", "Cấp giải quyết"),
    "time_limit": ("time_limit", "Thời hạn giải quyết", "Thời gian giải quyết", "Thời hạn"),
    "time_limit_days": (
        "time_limit_days",
        "Thời hạn (ngày làm việc)",
        "Thời hạn giải quyết (ngày làm việc)",
        "Số ngày làm việc",
        "Số ngày giải quyết",
    ),
    "fees": ("fee", "fees", "Phí, lệ phí", "Phí lệ phí", "Lệ phí", "Phí, lệ phí (nếu có)"),
    "legal_bases": ("legal_bases", "Căn cứ pháp lý", "Căn cứ pháp lý của TTHC"),
    "decision": ("source_decision", "decision", "Quyết định công bố", "Quyết định công bố TTHC", "Số quyết định"),
    "agencies": (
        "agencies",
        "agency",
        "Cơ quan thực hiện",
        "Cơ quan có thẩm quyền",
        "Cơ quan giải quyết",
        "Cơ quan có thẩm quyền giải quyết",
        "Đơn vị thực hiện",
    ),
    "change": ("change", "Loại thay đổi", "Hình thức công bố", "Loại công bố"),
    "replaces": ("replaces", "Thay thế mã", "Mã TTHC được thay thế", "Mã TTHC bị thay thế"),
}


def field_label(name: str) -> str:
    labels = {
        "code": _("Mã TTHC"),
        "name": _("Tên thủ tục hành chính"),
        "field": _("Lĩnh vực"),
        "level": _("Cấp thực hiện"),
        "time_limit": _("Thời hạn giải quyết"),
        "time_limit_days": _("Thời hạn (ngày làm việc)"),
        "fees": _("Phí, lệ phí"),
        "legal_bases": _("Căn cứ pháp lý"),
        "decision": _("Quyết định công bố"),
        "agencies": _("Cơ quan thực hiện"),
        "change": _("Loại thay đổi"),
        "replaces": _("Thay thế mã"),
    }
    return labels.get(name, name)


class CatalogueImportError(TabularImportError):
    """The file was refused: ``problems`` lists every bad cell; nothing was written."""


FORMAT = TableFormat(
    aliases=HEADER_ALIASES,
    required=REQUIRED_FIELDS,
    label=lambda name: field_label(name),
    error=CatalogueImportError,
    max_rows=MAX_ROWS,
    # Published annexes often start with title lines: the header is the first line naming a code column.
    header_field="code",
)
read_file = FORMAT.read_file
read_csv = FORMAT.read_csv
read_xlsx = FORMAT.read_xlsx
rows_from_mappings = FORMAT.rows_from_mappings


# --- cells ----------------------------------------------------------------------------------------

# National codes: "1.004122", "2.000908"; some provinces add a suffix ("1.014464.H05", "2.000908.00").
CODE_RE = re.compile(r"^[0-9]\.[0-9]{6}(?:\.[A-Z0-9]{1,6})?$")
_BARE_CODE = re.compile(r"^([0-9])([0-9]{6})$")


def normalise_code(value: str) -> str:
    """Trim and upper-case; "1004122" (the dot lost in a spreadsheet) becomes "1.004122"."""
    code = re.sub(r"\s+", "", value or "").upper()
    bare = _BARE_CODE.match(code)
    if bare:
        code = f"{bare.group(1)}.{bare.group(2)}"
    return code


def code_error(code: str) -> str | None:
    if not code:
        return _("Thiếu mã TTHC.")
    if not CODE_RE.match(code):
        return _(
            "Mã TTHC “%(code)s” không đúng dạng mã trên Cơ sở dữ liệu quốc gia (ví dụ 1.004122, 2.000908, "
            "1.014464.H05)."
        ) % {"code": code}
    return None


_LEVELS: tuple[tuple[str, str], ...] = (
    ("trung uong", ProcedureLevel.CENTRAL),
    ("central", ProcedureLevel.CENTRAL),
    ("tinh", ProcedureLevel.PROVINCE),
    ("province", ProcedureLevel.PROVINCE),
    ("huyen", ProcedureLevel.DISTRICT),
    ("district", ProcedureLevel.DISTRICT),
    ("xa", ProcedureLevel.COMMUNE),
    ("phuong", ProcedureLevel.COMMUNE),
    ("dac khu", ProcedureLevel.COMMUNE),
    ("commune", ProcedureLevel.COMMUNE),
    ("co quan khac", ProcedureLevel.OTHER),
    ("khac", ProcedureLevel.OTHER),
    ("other", ProcedureLevel.OTHER),
)


def parse_level(value: str) -> str | None:
    """ "tỉnh", "Cấp tỉnh", "TTHC cấp xã", "province" … → a ``ProcedureLevel``; the first level named
    wins ("Cấp tỉnh, cấp xã" → province). None when no level is recognised."""
    folded = " " + re.sub(r"[^a-z0-9]+", " ", fold(value or "")) + " "
    best: tuple[int, str] | None = None
    for word, level in _LEVELS:
        index = folded.find(f" {word} ")
        if index >= 0 and (best is None or index < best[0]):
            best = (index, level)
    return best[1] if best else None


_CHANGES: tuple[tuple[str, str], ...] = (
    ("bai bo", ChangeKind.ABOLISHED),
    ("abolish", ChangeKind.ABOLISHED),
    ("thay the", ChangeKind.REPLACED),
    ("replace", ChangeKind.REPLACED),
    ("sua doi", ChangeKind.AMENDED),
    ("bo sung", ChangeKind.AMENDED),
    ("amend", ChangeKind.AMENDED),
    ("moi", ChangeKind.ADDED),
    ("new", ChangeKind.ADDED),
    ("add", ChangeKind.ADDED),
)


def parse_change(value: str) -> str | None:
    """ "Công bố mới" / "mới" → added, "sửa đổi, bổ sung" → amended, "thay thế" → replaced,
    "bãi bỏ" → abolished; "" → "" (decided from the catalogue); None when not recognised."""
    folded = fold(value or "").strip()
    if not folded:
        return ""
    for word, kind in _CHANGES:
        if word in folded:
            return kind
    return None


def parse_number(value: str) -> Decimal | None:
    """A plain number ("10", "0,5", "2.5"); "" is None; anything else raises ValueError."""
    text = (value or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite() or number < 0 or number >= 100000:
        raise ValueError(value)
    return number


_WORKING_DAYS = re.compile(r"\(?\s*(\d{1,4}(?:[.,]\d+)?)\s*\)?\s*(?:\([^)]{0,30}\)\s*)?ngày")
_HOURS = re.compile(r"\(?\s*(\d{1,3}(?:[.,]\d+)?)\s*\)?\s*(?:\([^)]{0,30}\)\s*)?giờ\s+làm\s+việc")
_SAME_DAY = re.compile(r"(?:ngay\s+)?trong\s+ngay|ngay\s+sau\s+khi|ngay\s+khi", re.IGNORECASE)


def parse_time_limit(text: str) -> Decimal | None:
    """Working days in a published time limit, or None when none can be computed.

    "Trong thời hạn 22 ngày làm việc, kể từ …" → 22; "05 ngày làm việc" → 5; "Mười (10) ngày làm
    việc" → 10; "15 ngày" → 15 (as published: the text is kept beside the number); "04 giờ làm
    việc" → 0.5 (hours / QMS_WORKING_HOURS_PER_DAY); "Trong ngày", "Ngay trong ngày" → 1. When a
    text states several limits (one per case), the longest applies: a process must fit every case.
    Months, years and limits written only in words are not computable (None)."""
    if not text or not text.strip():
        return None
    lowered = text.lower()
    days = [Decimal(m.group(1).replace(",", ".")) for m in _WORKING_DAYS.finditer(lowered)]
    days = [d for d in days if 0 < d < 1000]
    if days:
        return max(days)
    if _SAME_DAY.search(fold(text)):
        return Decimal(1)
    hours = [Decimal(m.group(1).replace(",", ".")) for m in _HOURS.finditer(lowered)]
    hours = [h for h in hours if 0 < h < 1000]
    if hours:
        per_day = Decimal(int(getattr(settings, "QMS_WORKING_HOURS_PER_DAY", 8)) or 8)
        return max(Decimal("0.1"), (max(hours) / per_day).quantize(Decimal("0.1")))
    return None


_DECISION_NUMBER = re.compile(r"(\d{1,6}[A-Za-z0-9/.\-]*/Q[ĐD][A-Za-z0-9Đđ\-]*)", re.IGNORECASE)
_DECISION_DATE = re.compile(r"ngày\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", re.IGNORECASE)
_ANY_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")


@dataclass(frozen=True)
class DecisionRef:
    number: str
    signed_on: dt.date


def parse_decision(value: str) -> DecisionRef | None:
    """ "Quyết định 1949/QĐ-UBND ngày 18/11/2025 – Tỉnh Cao Bằng" → (1949/QĐ-UBND, 18/11/2025).
    None when the number or the signing date cannot be read (raises nothing)."""
    if not value or not value.strip():
        return None
    number = _DECISION_NUMBER.search(value)
    date = _DECISION_DATE.search(value) or _ANY_DATE.search(value[number.end() :] if number else value)
    if not number or not date:
        return None
    day, month, year = (int(g) for g in date.groups())
    try:
        signed_on = dt.date(year, month, day)
    except ValueError:
        return None
    cleaned = number.group(1).replace("QD", "QĐ").replace("Qd", "QĐ").replace("qđ", "QĐ")
    return DecisionRef(number=cleaned.rstrip(".-/"), signed_on=signed_on)


def split_agencies(value: str) -> list[str]:
    """Agency codes or names separated by ";" or new lines (commas belong to names)."""
    parts = re.split(r"[;\n]+", value or "")
    seen: list[str] = []
    for part in parts:
        name = " ".join(part.split()).strip(" .")
        if name and name not in seen:
            seen.append(name)
    return seen
