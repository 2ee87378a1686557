"""Reading TTHC catalogue files (CSV or Excel .xlsx) into plain rows, and reading their cells.

Pure functions: nothing here touches the database. Rows keep their spreadsheet row numbers (the
header is row 1) so every problem is reported as (row, column, reason). Headers may be the
Vietnamese headings of the published lists ("Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực",
"Cấp thực hiện", "Thời hạn giải quyết", "Phí, lệ phí", "Căn cứ pháp lý", "Quyết định công bố",
"Cơ quan thực hiện", "Loại thay đổi", "Thay thế mã") or the English names of the sample file.

Annexes as published: the header may sit below a title block, and the level, the field and
sometimes the kind of change are section rows rather than columns ("A. DANH MỤC TTHC CẤP
TỈNH", "I. Lĩnh vực Hộ tịch", "LĨNH VỰC BẢO TRỢ XÃ HỘI (07 TTHC)", "B. DANH MỤC TTHC BÃI
BỎ"), with the numbering restarting in each. :func:`apply_sections` gives every data row the
level, field and change of the sections above it (a cell of the row wins) and counts the rows
of each section against the count it states; :func:`prepare_annex` then matches code-less rows
by name to the catalogue and refuses a code listed at two levels (see
``docs/decisions/0006-catalogue-annexes.md``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _

from qms.core.tabular import RowProblem, SourceRows, TableFormat, TabularImportError, header_key
from qms.core.text import fold

from .models import AdministrativeProcedure, ChangeKind, ProcedureLevel, ProcedureStatus

FIELDS = (
    "number",
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
# The code and the level may be missing from an annex's header: code-less rows are reported one by
# one (or matched by name), the level may come from section rows (checked in services_import).
REQUIRED_FIELDS = ("name",)
MAX_ROWS = 20000


HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("TT", "STT", "Số TT", "Số thứ tự"),
    "code": (
        "code",
        "Mã TTHC",
        "Mã số",
        "Mã số TTHC",
        "Mã thủ tục",
        "Mã thủ tục hành chính",
        "Mã hồ sơ TTHC",
        "Mã số hồ sơ",
        "Mã số hồ sơ TTHC",
        "Mã hồ sơ",
    ),
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
        "number": _("TT"),
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


def is_section_row(fields: Mapping[str, str], text: str) -> bool:
    """A heading row of an annex (or a title line above its header), not a procedure.

    A row holding a national code, or numbered like a procedure ("1", "01") and not worded as a
    heading ("Lĩnh vực …", "Danh mục …"), is a procedure; so is any row whose text is not a
    recognisable heading: a code-less procedure row is reported, never skipped."""
    code = normalise_code(fields.get("code", ""))
    if code[:1].isdigit():
        return False
    heading = parse_heading(text)
    if heading is None:
        return False
    return heading.worded or not _ROW_NUMBER.match(fields.get("number", "").strip())


FORMAT = TableFormat(
    aliases=HEADER_ALIASES,
    required=REQUIRED_FIELDS,
    label=lambda name: field_label(name),
    error=CatalogueImportError,
    max_rows=MAX_ROWS,
    # Published annexes often start with title lines: the header is the first line naming a code
    # column, or naming two known columns (annexes without a code column).
    header_field="code",
    header_min_fields=2,
    section_row=lambda fields, text: is_section_row(fields, text),
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


def parse_levels(value: str) -> list[str]:
    """Every ``ProcedureLevel`` named, in the order named: "Cấp tỉnh, cấp xã" → [province, commune]."""
    return list(_levels_named(value or ""))


@lru_cache(maxsize=1024)  # a catalogue of thousands of rows names a handful of levels
def _levels_named(value: str) -> tuple[str, ...]:
    folded = " " + re.sub(r"[^a-z0-9]+", " ", fold(value)) + " "
    found: dict[str, int] = {}
    for word, level in _LEVELS:
        start = 0
        while (index := folded.find(f" {word} ", start)) >= 0:
            # "co quan khac" is one level, not "other" named again by its "khac"
            if level not in found or index < found[level]:
                found[level] = index
            start = index + 1
    return tuple(sorted(found, key=lambda level: found[level]))


def parse_level(value: str) -> str | None:
    """ "tỉnh", "Cấp tỉnh", "TTHC cấp xã", "province" … → a ``ProcedureLevel``; the first level named
    wins ("Cấp tỉnh, cấp xã" → province). None when no level is recognised."""
    levels = parse_levels(value)
    return levels[0] if levels else None


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


# --- section rows of a published annex ------------------------------------------------------------

_ROW_NUMBER = re.compile(r"^\d{1,5}\.?$")  # "1", "01", "12." (numbering restarts in every section)
_MARKER = re.compile(
    r"^(?:(?i:phần|mục|phụ\s+lục)\s+)?(?P<marker>[IVXLC]+|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*)(?:\s*[.):\-–]\s*|\s+)"
)
_LETTER_MARKER = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])$")
_STATED = re.compile(r"\(\s*(\d{1,4})\s*(?:tthc|thủ\s+tục(?:\s+hành\s+chính)?)\s*\)", re.IGNORECASE)
_FIELD_PREFIX = re.compile(r"^lĩnh\s+vực\s*[:\-–]?\s*", re.IGNORECASE)
_LIST_STARTS = ("danh muc", "thu tuc hanh chinh", "tthc", "phan ", "phu luc")
_NOT_A_LIST = ("quyet dinh", "kem theo", "ban hanh kem theo", "ve viec")  # the decision's own title lines
_SECTION_LEVEL = re.compile(
    r"\bcap\s+(trung uong|tinh|huyen|xa)\b((?:\s*(?:,|;|/|va|-)\s*(?:cap\s+)?(?:trung uong|tinh|huyen|xa)\b)*)"
)
_SECTION_LEVEL_WORDS: dict[str, str] = {
    "trung uong": ProcedureLevel.CENTRAL.value,
    "tinh": ProcedureLevel.PROVINCE.value,
    "huyen": ProcedureLevel.DISTRICT.value,
    "xa": ProcedureLevel.COMMUNE.value,
}
_SECTION_CHANGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bbai bo\b"), ChangeKind.ABOLISHED.value),
    (re.compile(r"\bthay the\b"), ChangeKind.REPLACED.value),
    (re.compile(r"\bsua doi\b|\bbo sung\b"), ChangeKind.AMENDED.value),
    (re.compile(r"\b(?:cong bo|ban hanh) moi\b|\bmoi (?:cong bo|ban hanh)\b"), ChangeKind.ADDED.value),
)


@dataclass(frozen=True)
class Heading:
    """What a section row says: ``kind`` is "field", "level" (levels, perhaps a change too),
    "change" (only a kind of change: "B. DANH MỤC TTHC BÃI BỎ") or "other" (kept, not used).
    ``worded``: it reads as a list heading ("Danh mục…", "Thủ tục hành chính…", "Cấp tỉnh"), so
    it is a heading even in a numbered row."""

    kind: str
    title: str
    levels: tuple[str, ...] = ()
    field: str = ""
    change: str = ""
    stated: int | None = None
    worded: bool = False


def _fold_words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9,;/\-]+", " ", fold(text)).split())


def _section_levels(folded: str) -> tuple[str, ...]:
    levels: list[str] = []
    for match in _SECTION_LEVEL.finditer(folded):
        words = [match.group(1), *re.findall(r"trung uong|tinh|huyen|xa", match.group(2))]
        levels += [_SECTION_LEVEL_WORDS[w] for w in words]
    if re.search(r"\bco quan khac\b", folded):
        levels.append(ProcedureLevel.OTHER.value)
    return tuple(dict.fromkeys(levels))


def _field_name(text: str) -> str:
    """As published, but a heading in capitals becomes a sentence ("BẢO TRỢ XÃ HỘI" → "Bảo trợ xã hội")."""
    name = " ".join(text.split()).strip(" .:;-–")
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        name = name.lower()
        name = name[:1].upper() + name[1:]
    return name


def parse_heading(text: str) -> Heading | None:
    """The heading a section row or a title line states, or None when the text is not a heading.

    "I THỦ TỤC HÀNH CHÍNH CẤP TỈNH (12 TTHC)" → level [province], 12 stated; "LĨNH VỰC BẢO TRỢ XÃ
    HỘI (07 TTHC)" → field "Bảo trợ xã hội"; "B. DANH MỤC TTHC BÃI BỎ" → change abolished;
    "II. TTHC CẤP TỈNH, CẤP XÃ" → levels [province, commune]. A heading is recognised by its
    marker (I, II, A, B), a stated count, a list wording ("Danh mục…", "Thủ tục hành chính…",
    "Cấp tỉnh"), capitals or, for a field, its opening "Lĩnh vực"."""
    text = unicodedata.normalize("NFC", " ".join((text or "").split()))
    if not text:
        return None
    stated_match = _STATED.search(text)
    stated = int(stated_match.group(1)) if stated_match else None
    body = _STATED.sub(" ", text)
    marker = _MARKER.match(body)
    lettered = bool(marker and _LETTER_MARKER.match(marker.group("marker")))
    if marker and (marker.group(0).strip(" .):-–") != body.strip(" .):-–")):
        body = body[marker.end() :]
    body = " ".join(body.split()).strip(" .:;-–")
    folded = _fold_words(body)
    if not folded:
        return None
    if folded.startswith("linh vuc "):
        name = _field_name(_FIELD_PREFIX.sub("", body))
        return Heading("field", text, field=name, stated=stated, worded=True)
    letters = [c for c in body if c.isalpha()]
    capitals = len(letters) >= 3 and all(c.isupper() for c in letters)
    listed = folded.startswith(_LIST_STARTS) or bool(re.match(r"cap (trung uong|tinh|huyen|xa)\b", folded))
    if not (lettered or stated is not None or listed or capitals):
        return None
    if folded.startswith(_NOT_A_LIST):
        return Heading("other", text, stated=stated)
    levels = _section_levels(folded)
    changes = {kind for pattern, kind in _SECTION_CHANGES if pattern.search(folded)}
    change = changes.pop() if len(changes) == 1 else ""
    kind = "level" if levels else ("change" if change else "other")
    return Heading(kind, text, levels=levels, change=change, stated=stated, worded=listed)


@dataclass
class Section:
    """A section row as read: its heading and the procedure rows found under it."""

    row: int
    heading: Heading
    found: int = 0

    @property
    def count_differs(self) -> bool:
        return self.heading.stated is not None and self.heading.stated != self.found


@dataclass
class Annex:
    """The rows of a file with their sections applied. ``from_sections``: row → the fields given
    by a section (their cells were empty)."""

    source: SourceRows
    sections: list[Section] = dataclasses.field(default_factory=list)
    from_sections: dict[int, set[str]] = dataclasses.field(default_factory=dict)

    @property
    def names_levels(self) -> bool:
        return any(s.heading.levels for s in self.sections)

    @property
    def count_warnings(self) -> list[Section]:
        return [s for s in self.sections if s.count_differs]


def apply_sections(source: SourceRows) -> Annex:
    """Give each row the level, field and change of the sections above it (a cell of the row wins).

    A level heading starts a new level (and, when levels hold fields, clears the field); a field
    heading sets the field (and clears the level when fields hold levels); a change-only heading
    ("B. DANH MỤC TTHC BÃI BỎ") starts a new part: level and field cleared. The same field
    heading may thus recur under several levels. Each section counts the rows it holds."""
    sections = [Section(row, heading) for row, text in source.sections if (heading := parse_heading(text))]
    if not sections:
        return Annex(source)
    ordered = iter(sections)
    upcoming = next(ordered, None)
    level: Section | None = None
    field_section: Section | None = None
    change: Section | None = None
    outer = ""  # "level" or "field": which of the two holds the other
    rows: list[tuple[int, dict[str, str]]] = []
    from_sections: dict[int, set[str]] = {}
    for number, raw in source.rows:
        while upcoming is not None and upcoming.row < number:
            heading = upcoming.heading
            if heading.kind == "change":
                change, level, field_section = upcoming, None, None
            elif heading.kind == "level":
                outer = outer or "level"
                level = upcoming
                if heading.change or (change is not None and change.heading.kind == "level"):
                    change = upcoming if heading.change else None
                if outer == "level":
                    field_section = None
            elif heading.kind == "field":
                outer = outer or "field"
                field_section = upcoming
                if outer == "field":
                    level = None
            upcoming = next(ordered, None)
        values = dict(raw)
        given: set[str] = set()
        if level is not None and not values.get("level", "").strip():
            values["level"] = ", ".join(level.heading.levels)
            given.add("level")
        if field_section is not None and not values.get("field", "").strip():
            values["field"] = field_section.heading.field
            given.add("field")
        if change is not None and change.heading.change and not values.get("change", "").strip():
            values["change"] = change.heading.change
            given.add("change")
        for section in {id(s): s for s in (level, field_section, change) if s is not None}.values():
            section.found += 1
        if given:
            from_sections[number] = given
        rows.append((number, values))
    resolved = SourceRows(columns=source.columns, rows=rows, sections=source.sections, header_row=source.header_row)
    return Annex(resolved, sections, from_sections)


# --- an annex made ready for the row checks ---------------------------------------------------------


def _name_key(name: str) -> str:
    return header_key(name)


def _level_names(levels: list[str]) -> str:
    labels = dict(ProcedureLevel.choices)
    return ", ".join(str(labels.get(level, level)).lower() for level in levels)


@dataclass
class PreparedAnnex:
    """An annex made ready for the row checks (see ``docs/decisions/0006-catalogue-annexes.md``)."""

    source: SourceRows
    annex: Annex
    problems: list[RowProblem]
    matched_by_name: list[tuple[int, str, str]]
    several_levels: list[tuple[int, str, str]]
    unmatched: dict[int, str]  # code-less row → why no procedure of the catalogue was taken


def prepare_annex(source: SourceRows, existing: Mapping[str, AdministrativeProcedure]) -> PreparedAnnex:
    """Levels, fields and changes from the section rows; a code-less row takes the code of the one
    active procedure of the catalogue with the same name; a field from a section is spelled as in
    the catalogue; a row naming several levels keeps a known procedure at its catalogue level
    among them (else the first named); a code listed again at another level is refused as such
    (the catalogue holds one level per procedure) and left out of the plain duplicate check."""
    annex = apply_sections(source)
    by_name: dict[str, list[AdministrativeProcedure]] = {}
    if any(not raw.get("code", "").strip() for _n, raw in annex.source.rows):
        for procedure in existing.values():
            if procedure.status == ProcedureStatus.ACTIVE:
                by_name.setdefault(_name_key(procedure.name), []).append(procedure)
    fields: dict[str, str] = {}
    if any("field" in given for given in annex.from_sections.values()):
        for procedure in existing.values():
            if procedure.field:
                fields.setdefault(_name_key(procedure.field), procedure.field)
    problems: list[RowProblem] = []
    matched: list[tuple[int, str, str]] = []
    unmatched: dict[int, str] = {}
    several: list[tuple[int, str, str]] = []
    first_levels: dict[str, tuple[int, list[str]]] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    code_column = source.columns.get("code") or field_label("code")
    for number, raw in annex.source.rows:
        values = dict(raw)
        name = " ".join(values.get("name", "").split())
        if not values.get("code", "").strip() and name:
            candidates = by_name.get(_name_key(name), [])
            if len(candidates) == 1:
                values["code"] = candidates[0].code
                matched.append((number, candidates[0].code, name))
            elif candidates:
                unmatched[number] = _("Thiếu mã TTHC; danh mục có %(n)s TTHC cùng tên (%(codes)s): hãy ghi mã.") % {
                    "n": len(candidates),
                    "codes": ", ".join(sorted(c.code for c in candidates)),
                }
            else:
                unmatched[number] = _("Thiếu mã TTHC, và danh mục không có TTHC nào đang thực hiện cùng tên để ghép.")
        if "field" in annex.from_sections.get(number, ()):
            values["field"] = fields.get(_name_key(values["field"]), values["field"])
        code = normalise_code(values.get("code", ""))
        levels = parse_levels(values.get("level", ""))
        if code and CODE_RE.match(code) and levels:
            seen = first_levels.setdefault(code, (number, levels))
            if seen[0] != number and set(seen[1]) != set(levels):
                problems.append(
                    RowProblem(
                        number,
                        code_column,
                        _(
                            "Mã TTHC “%(code)s” có ở %(levels)s và ở %(first)s (dòng %(row)s): danh mục ghi mỗi TTHC một "
                            "cấp thực hiện, nên không nhập một TTHC ở hai cấp. Hãy giữ một dòng (ghi các cấp trong "
                            "cùng một ô nếu cần, ví dụ “Cấp tỉnh, cấp xã”)."
                        )
                        % {
                            "code": code,
                            "levels": _level_names(levels),
                            "first": _level_names(seen[1]),
                            "row": seen[0],
                        },
                    )
                )
                continue
        if len(levels) > 1:
            known = existing.get(code)
            recorded = known.level if known is not None and known.level in levels else levels[0]
            values["level"] = recorded
            several.append((number, code, _level_names(levels)))
        rows.append((number, values))
    prepared = SourceRows(columns=source.columns, rows=rows, sections=source.sections, header_row=source.header_row)
    return PreparedAnnex(prepared, annex, problems, matched, several, unmatched)
