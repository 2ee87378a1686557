"""Reading legal-text files (CSV or Excel .xlsx) into plain rows, and checking their cells.

Pure functions: nothing here touches the database. Rows keep their spreadsheet row numbers (the
header is row 1) so every problem can be reported as (row, column, reason).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from qms.core.text import fold

from .models import LegalTextKind

FIELDS = ("number", "kind", "issuer", "title", "signed_on", "effective_on", "expires_on", "url")
REQUIRED_FIELDS = ("number", "kind")
DATE_FIELDS = ("signed_on", "effective_on", "expires_on")
MAX_ROWS = 20000


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(str(header or "")))


# Accepted headers (compared folded, without spaces or punctuation): the English names of the
# sample file and the Vietnamese headings of a register kept in Excel.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("number", "Số, ký hiệu", "Số ký hiệu", "Số hiệu", "Ký hiệu"),
    "kind": ("type", "kind", "Loại văn bản", "Loại", "Hình thức văn bản"),
    "issuer": ("issuer", "Cơ quan ban hành", "Cơ quan ban hành văn bản"),
    "title": ("title", "Trích yếu", "Trích yếu nội dung", "Tên văn bản"),
    "signed_on": ("signed_on", "Ngày ký", "Ngày ban hành", "Ngày ký ban hành"),
    "effective_on": ("effective_on", "Ngày hiệu lực", "Ngày có hiệu lực"),
    "expires_on": ("expires_on", "Ngày hết hiệu lực"),
    "url": ("url", "source_url", "Đường dẫn", "Liên kết"),
}
_HEADER_MAP = {_key(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases}


def field_label(field: str) -> str:
    labels = {
        "number": _("Số, ký hiệu"),
        "kind": _("Loại văn bản"),
        "issuer": _("Cơ quan ban hành"),
        "title": _("Trích yếu"),
        "signed_on": _("Ngày ký"),
        "effective_on": _("Ngày hiệu lực"),
        "expires_on": _("Ngày hết hiệu lực"),
        "url": pgettext("legal text column", "Đường dẫn"),
    }
    return labels.get(field, field)


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Dòng %(row)s, cột “%(column)s”: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.reason,
            }
        if self.row:
            return _("Dòng %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}
        return self.reason


class LegalImportError(ValidationError):
    """The file was refused: ``problems`` lists every bad cell; nothing was written."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__([str(p) for p in problems], code="import")


@dataclass
class SourceRows:
    """Rows of a file: ``columns`` maps each known field to the header as written in the file."""

    columns: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]

    def as_plain(self) -> dict[str, Any]:
        """JSON-safe (kept in the session between the preview and the confirmation)."""
        return {"columns": self.columns, "rows": [[n, r] for n, r in self.rows]}

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> SourceRows:
        return cls(columns=dict(data["columns"]), rows=[(int(n), dict(r)) for n, r in data["rows"]])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _from_table(table: Iterable[Iterable[Any]]) -> SourceRows:
    iterator = iter(table)
    header: list[str] = []
    for raw in iterator:
        header = [_cell(v) for v in raw]
        if any(header):
            break
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        field = _HEADER_MAP.get(_key(name))
        if field and field not in positions:
            positions[field] = index
            columns[field] = name
    missing = [f for f in REQUIRED_FIELDS if f not in positions]
    if missing:
        raise LegalImportError(
            [
                RowProblem(1, field_label(f), _("Thiếu cột “%(column)s” ở dòng tiêu đề.") % {"column": field_label(f)})
                for f in missing
            ]
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for number, raw in enumerate(iterator, start=2):
        cells = [_cell(v) for v in raw]
        if not any(cells):
            continue
        row = {f: (cells[i] if i < len(cells) else "") for f, i in positions.items()}
        rows.append((number, row))
        if len(rows) > MAX_ROWS:
            raise LegalImportError([RowProblem(0, "", _("Tệp có quá %(n)s dòng.") % {"n": MAX_ROWS})])
    return SourceRows(columns=columns, rows=rows)


def read_csv(data: bytes) -> SourceRows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LegalImportError(
            [RowProblem(0, "", _("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”)."))]
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return _from_table(csv.reader(io.StringIO(text), delimiter=delimiter))


def read_xlsx(data: bytes) -> SourceRows:
    from openpyxl import load_workbook  # imported when needed: a few hundred ms to load

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise LegalImportError([RowProblem(0, "", _("Không đọc được tệp Excel (.xlsx)."))]) from None
    try:
        sheet = workbook.worksheets[0]
        return _from_table(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_file(source: str | Path | IO[bytes], filename: str = "") -> SourceRows:
    """Rows of a CSV or .xlsx file given as a path or an open binary file (an upload)."""
    if isinstance(source, str | Path):
        path = Path(source)
        filename = filename or path.name
        data = path.read_bytes()
    else:
        data = source.read()
        filename = filename or getattr(source, "name", "") or ""
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        return read_xlsx(data)
    if filename and not filename.lower().endswith((".csv", ".txt")):
        raise LegalImportError([RowProblem(0, "", _("Chỉ nhận tệp CSV hoặc Excel (.xlsx)."))])
    return read_csv(data)


def rows_from_mappings(rows: Iterable[Mapping[str, Any]]) -> SourceRows:
    """Rows given as dictionaries (headers as keys, any accepted header)."""
    materialised = list(rows)
    headers: list[str] = []
    for row in materialised:
        for name in row:
            if name not in headers:
                headers.append(name)
    return _from_table([headers, *([row.get(h) for h in headers] for row in materialised)])


# --- cells ------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_date(value: str) -> dt.date | None:
    """``dd/mm/yyyy`` (also with ``-`` or ``.``) or ISO ``yyyy-mm-dd``; "" is None; else ValueError."""
    value = value.strip()
    if not value:
        return None
    match = _DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    match = _ISO.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    raise ValueError(value)


def _kind_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in LegalTextKind.choices:
                mapping[_key(str(label))] = value
    for value in LegalTextKind.values:
        mapping[_key(value)] = value
    return mapping


def parse_kind(value: str) -> str | None:
    return _kind_map().get(_key(value))
