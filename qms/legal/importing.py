"""Reading legal-text files (CSV or Excel .xlsx) into plain rows, and checking their cells.

Pure functions: nothing here touches the database. Rows keep their spreadsheet row numbers (the
header is row 1) so every problem can be reported as (row, column, reason).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from qms.core.tabular import TableFormat, TabularImportError, header_key

from .models import LegalTextKind

FIELDS = ("number", "kind", "issuer", "title", "signed_on", "effective_on", "expires_on", "url")
REQUIRED_FIELDS = ("number", "kind")
DATE_FIELDS = ("signed_on", "effective_on", "expires_on")
MAX_ROWS = 20000


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


class LegalImportError(TabularImportError):
    """The file was refused: ``problems`` lists every bad cell; nothing was written."""


FORMAT = TableFormat(
    aliases=HEADER_ALIASES,
    required=REQUIRED_FIELDS,
    label=lambda name: field_label(name),
    error=LegalImportError,
    max_rows=MAX_ROWS,
)
read_file = FORMAT.read_file
read_csv = FORMAT.read_csv
read_xlsx = FORMAT.read_xlsx
rows_from_mappings = FORMAT.rows_from_mappings


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
                mapping[header_key(str(label))] = value
    for value in LegalTextKind.values:
        mapping[header_key(value)] = value
    return mapping


def parse_kind(value: str) -> str | None:
    return _kind_map().get(header_key(value))
