"""Reading an import file (CSV or Excel .xlsx) into plain rows keyed by field.

One reader for every import of the product (legal register, TTHC catalogue, …): each app
describes its columns with a ``TableFormat`` (accepted headers, required fields, labels, its
own error class) and checks the cells itself. Rows keep their spreadsheet row numbers so every
problem is reported as (row, column, reason). Nothing here touches the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .text import fold


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    reason: str
    # What went wrong, for code that explains a problem further ("missing": an empty required
    # cell); not shown, not compared.
    kind: str = field(default="", compare=False)

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


class TabularImportError(ValidationError):
    """The file was refused: ``problems`` lists every bad cell; nothing was written."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__([str(p) for p in problems], code="import")


@dataclass
class SourceRows:
    """Rows of a file: ``columns`` maps each known field to the header as written in the file.

    ``sections``: (row, text) of the section headings (rows a format's ``section_row`` accepts)
    and of the title lines above the header it accepts, in file order; ``header_row`` is the
    spreadsheet row of the header."""

    columns: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]
    sections: list[tuple[int, str]] = field(default_factory=list)
    header_row: int = 1

    def as_plain(self) -> dict[str, Any]:
        """JSON-safe (kept in the session between the preview and the confirmation)."""
        return {
            "columns": self.columns,
            "rows": [[n, r] for n, r in self.rows],
            "sections": [[n, t] for n, t in self.sections],
            "header_row": self.header_row,
        }

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> SourceRows:
        return cls(
            columns=dict(data["columns"]),
            rows=[(int(n), dict(r)) for n, r in data["rows"]],
            sections=[(int(n), str(t)) for n, t in data.get("sections", [])],
            header_row=int(data.get("header_row", 1)),
        )


def header_key(header: Any) -> str:
    """Headers compare folded, without spaces or punctuation: "Số, ký hiệu" == "so ky hieu"."""
    return re.sub(r"[^a-z0-9]", "", fold(str(header or "")))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


@dataclass(frozen=True)
class TableFormat:
    """The columns one import accepts.

    ``aliases``: field → accepted headers. ``header_field``: when set, the header is the first of
    the first ``header_search`` rows naming that field, or naming at least ``header_min_fields``
    known fields when that is set (published annexes start with title lines, and some have no
    column for that field); otherwise it is the first non-empty row.

    ``section_row``: when set, it is asked about every row below the header (its known fields
    and all its non-empty cells joined by spaces) and every non-empty line above it (no fields):
    a row it accepts is a section heading ("A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH", "I. Lĩnh vực Hộ
    tịch"), kept in ``SourceRows.sections`` instead of the data rows."""

    aliases: Mapping[str, Sequence[str]]
    required: Sequence[str]
    label: Callable[[str], str]
    error: type[TabularImportError] = TabularImportError
    max_rows: int = 20000
    header_field: str | None = None
    header_search: int = 10
    header_min_fields: int = 0
    section_row: Callable[[Mapping[str, str], str], bool] | None = None
    header_map: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        mapping = {header_key(alias): name for name, aliases in self.aliases.items() for alias in aliases}
        object.__setattr__(self, "header_map", mapping)

    def field_of(self, header: Any) -> str | None:
        return self.header_map.get(header_key(header))

    def _refuse(self, problems: list[RowProblem]) -> TabularImportError:
        return self.error(problems)

    def _is_header(self, cells: list[str]) -> bool:
        if self.header_field is None:
            return any(cells)
        named = {self.field_of(c) for c in cells} - {None}
        return self.header_field in named or bool(self.header_min_fields and len(named) >= self.header_min_fields)

    def from_table(self, table: Iterable[Iterable[Any]]) -> SourceRows:
        iterator = iter(table)
        header: list[str] = []
        header_row = 0
        above: list[tuple[int, str]] = []
        for raw in iterator:
            header_row += 1
            header = [cell_text(v) for v in raw]
            if self._is_header(header) or (self.header_field is not None and header_row >= self.header_search):
                break
            if any(header):
                above.append((header_row, " ".join(c for c in header if c)))
        columns: dict[str, str] = {}
        positions: dict[str, int] = {}
        for index, name in enumerate(header):
            known = self.field_of(name)
            if known and known not in positions:
                positions[known] = index
                columns[known] = name
        missing = [f for f in self.required if f not in positions]
        if missing:
            raise self._refuse(
                [
                    RowProblem(
                        header_row,
                        self.label(f),
                        _("Thiếu cột “%(column)s” ở dòng tiêu đề.") % {"column": self.label(f)},
                    )
                    for f in missing
                ]
            )
        rows: list[tuple[int, dict[str, str]]] = []
        is_section = self.section_row
        sections = [(n, text) for n, text in above if is_section({}, text)] if is_section else []
        for number, raw in enumerate(iterator, start=header_row + 1):
            cells = [cell_text(v) for v in raw]
            if not any(cells):
                continue
            values = {f: (cells[i] if i < len(cells) else "") for f, i in positions.items()}
            if is_section is not None:
                text = " ".join(c for c in cells if c)
                if is_section(values, text):
                    sections.append((number, text))
                    continue
            rows.append((number, values))
            if len(rows) > self.max_rows:
                raise self._refuse([RowProblem(0, "", _("Tệp có quá %(n)s dòng.") % {"n": self.max_rows})])
        return SourceRows(columns=columns, rows=rows, sections=sections, header_row=header_row)

    def read_csv(self, data: bytes) -> SourceRows:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise self._refuse(
                [RowProblem(0, "", _("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”)."))]
            ) from None
        first_line = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first_line.count)
        return self.from_table(csv.reader(io.StringIO(text), delimiter=delimiter))

    def read_xlsx(self, data: bytes) -> SourceRows:
        from openpyxl import load_workbook  # imported when needed: a few hundred ms to load

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise self._refuse([RowProblem(0, "", _("Không đọc được tệp Excel (.xlsx)."))]) from None
        try:
            return self.from_table(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()

    def read_file(self, source: str | Path | IO[bytes], filename: str = "") -> SourceRows:
        """Rows of a CSV or .xlsx file given as a path or an open binary file (an upload)."""
        if isinstance(source, str | Path):
            path = Path(source)
            filename = filename or path.name
            data = path.read_bytes()
        else:
            data = source.read()
            filename = filename or getattr(source, "name", "") or ""
        if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
            return self.read_xlsx(data)
        if filename and not filename.lower().endswith((".csv", ".txt")):
            raise self._refuse([RowProblem(0, "", _("Chỉ nhận tệp CSV hoặc Excel (.xlsx)."))])
        return self.read_csv(data)

    def rows_from_mappings(self, rows: Iterable[Mapping[str, Any]]) -> SourceRows:
        """Rows given as dictionaries (headers as keys, any accepted header)."""
        materialised = list(rows)
        headers: list[str] = []
        for row in materialised:
            for name in row:
                if name not in headers:
                    headers.append(name)
        return self.from_table([headers, *([row.get(h) for h in headers] for row in materialised)])
