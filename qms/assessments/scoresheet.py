"""Reading a filled score sheet (bảng tự chấm điểm / bảng điểm kiểm tra) and checking it.

The layout is the one of real annexes: a few title lines, a header row (``TT | Tiêu chí đánh
giá | Điểm tối đa | Điểm tự chấm | Điểm kiểm tra | Ghi chú`` or the English ``code | criterion |
max | score | note``), sometimes a row numbering the columns ``(1) (2) (3)``, then part headings
(``I`` or ``PHẦN I``), groups with their own stated subtotals, criteria, sub-criteria (``a``,
``b``, ``đ``…) and a final ``Tổng cộng`` row; signatures below are ignored. Decimals may be
written ``67.5`` or ``67,5``.

Rows are matched to the rubric by code, walking forward (so letters recurring under different
criteria land on the right one), else by the criterion's text. Everything is recomputed from the
leaf scores; every stated subtotal or total that disagrees with the leaves under it, and every
stated maximum that disagrees with the rubric, is reported. Problems that make the sheet
unusable (a score above its maximum, an unknown code, a non-number, a wrong step) are errors
naming the row. Pure: reads the rubric's criteria, writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from qms.core.text import fold

from . import scoring
from .models import AssessmentKind, Criterion, Rubric, ScoringMode, Verdict
from .rubricfile import ROMAN_RE

MAX_ROWS = 2000
HEADER_SCAN_ROWS = 25


def _key(text: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(str(text or "")))


HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("TT", "STT", "Số TT", "Số thứ tự", "Mã", "Mã tiêu chí", "code"),
    "text": (
        "Tiêu chí đánh giá",
        "Tiêu chí",
        "Nội dung",
        "Nội dung tiêu chí",
        "Nội dung đánh giá",
        "Nội dung kiểm tra",
        "Tên tiêu chí",
        "criterion",
        "criteria",
    ),
    "max": ("Điểm tối đa", "Điểm chuẩn", "Thang điểm", "Điểm tối đa (điểm)", "max", "max points", "maximum"),
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
    "score": ("Điểm", "Điểm chấm", "Điểm đánh giá", "Kết quả", "Kết luận", "score", "verdict", "result"),
    "note": ("Ghi chú", "Giải trình", "Ghi chú, giải trình", "Minh chứng", "Ghi chú / minh chứng", "note", "notes"),
}
_HEADER_MAP = {_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
TOTAL_WORDS = ("tongcong", "tongdiem", "total", "tongsodiem")
VERDICT_WORDS: dict[str, str] = {
    "dat": Verdict.CONFORMING,
    "phuhop": Verdict.CONFORMING,
    "conforming": Verdict.CONFORMING,
    "yes": Verdict.CONFORMING,
    "cankhacphuc": Verdict.NEEDS_CORRECTION,
    "khongdat": Verdict.NEEDS_CORRECTION,
    "chuadat": Verdict.NEEDS_CORRECTION,
    "khongphuhop": Verdict.NEEDS_CORRECTION,
    "needscorrection": Verdict.NEEDS_CORRECTION,
    "no": Verdict.NEEDS_CORRECTION,
    "khongapdung": Verdict.NOT_APPLICABLE,
    "na": Verdict.NOT_APPLICABLE,
    "notapplicable": Verdict.NOT_APPLICABLE,
}
COLUMN_LABELS = {
    "code": "TT",
    "text": "Tiêu chí đánh giá",
    "max": "Điểm tối đa",
    "self": "Điểm tự chấm",
    "inspection": "Điểm kiểm tra",
    "score": "Điểm",
    "note": "Ghi chú",
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Dòng %(row)s, cột “%(column)s”: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.message,
            }
        if self.row:
            return _("Dòng %(row)s: %(reason)s") % {"row": self.row, "reason": self.message}
        return self.message


@dataclass(frozen=True)
class Mismatch:
    code: str
    row: int
    field: str  # "score" (a stated subtotal / total) or "max" (a stated maximum)
    stated: Decimal
    computed: Decimal


@dataclass(frozen=True)
class PartLine:
    code: str
    text: str
    max_points: Decimal
    stated: Decimal | None
    computed: Decimal


@dataclass
class SheetLine:
    """One matched row of the sheet."""

    row: int
    criterion_id: int
    key: str
    is_leaf: bool
    stated_max: Decimal | None
    stated_score: Decimal | None
    verdict: str
    note: str | None


@dataclass
class SheetReport:
    rubric_code: str
    rubric_version: int
    kind: str
    score_column: str = ""
    lines: list[SheetLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    parts: list[PartLine] = field(default_factory=list)
    computed_total: Decimal = Decimal("0")
    stated_total: Decimal | None = None
    max_total: Decimal = Decimal("0")
    stated_max_total: Decimal | None = None
    total_row: int = 0
    scored: int = 0
    leaf_count: int = 0
    missing: list[str] = field(default_factory=list)
    has_notes: bool = False
    # Filled in by the service.
    written: bool = False
    changed: int = 0
    assessment_id: int | None = None
    organisation: str = ""
    year: int | None = None
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors

    def entries(self) -> dict[int, tuple[Decimal | None, str, str | None]]:
        """``{leaf criterion id: (value, verdict, note or None when the sheet has no notes)}``."""
        return {line.criterion_id: (line.stated_score, line.verdict, line.note) for line in self.lines if line.is_leaf}

    def as_json(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric_code,
            "rubric_version": self.rubric_version,
            "kind": self.kind,
            "organisation": self.organisation or None,
            "year": self.year,
            "dry_run": self.dry_run,
            "written": self.written,
            "changed": self.changed,
            "assessment": self.assessment_id,
            "score_column": self.score_column,
            "computed_total": _num(self.computed_total),
            "stated_total": _num(self.stated_total),
            "max_total": _num(self.max_total),
            "stated_max_total": _num(self.stated_max_total),
            "scored": self.scored,
            "leaf_count": self.leaf_count,
            "missing": self.missing,
            "parts": [
                {
                    "code": p.code,
                    "text": p.text,
                    "max": _num(p.max_points),
                    "stated": _num(p.stated),
                    "computed": _num(p.computed),
                }
                for p in self.parts
            ],
            "mismatches": [
                {"code": m.code, "row": m.row, "field": m.field, "stated": _num(m.stated), "computed": _num(m.computed)}
                for m in self.mismatches
            ],
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
        }


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# --- reading the table ---------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return " ".join(str(value).split())


def read_table(data: bytes, filename: str = "") -> list[list[Any]]:
    """The first sheet of an .xlsx, or a CSV (UTF-8, or Windows-1258), as rows of cell values."""
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
    if filename and not filename.lower().endswith((".csv", ".txt")):
        raise ValueError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise ValueError(_("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”).")) from None
    lines = text.splitlines()
    sample = "\n".join(lines[:HEADER_SCAN_ROWS])
    # A semicolon is the usual separator where the comma is the decimal mark.
    delimiter = max(";,\t", key=sample.count) if sample else ","
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if len(rows) > MAX_ROWS:
        raise ValueError(_("Tệp có quá %(n)s dòng: không phải một bảng điểm.") % {"n": MAX_ROWS})
    return rows


@functools.cache
def _localised_header_map() -> dict[str, str]:
    """The aliases plus their translation in every installed language: a sheet exported while
    the interface was in English ("No.", "Self-score") must import again."""
    result = dict(_HEADER_MAP)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, aliases in HEADER_ALIASES.items():
                for alias in aliases:
                    result.setdefault(_key(translation.gettext(alias)), name)
    return result


@functools.cache
def _localised_verdicts() -> dict[str, str]:
    result = dict(VERDICT_WORDS)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in Verdict.choices:
                result.setdefault(_key(str(label)), value)
    return result


def _match_header(cell: Any) -> str | None:
    key = _key(cell)
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
    return best[1] if best else None


def find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, {column name: position}) or None."""
    for index, raw in enumerate(rows[:HEADER_SCAN_ROWS]):
        positions: dict[str, int] = {}
        for position, cell in enumerate(raw):
            name = _match_header(cell)
            if name and name not in positions:
                positions[name] = position
        if "code" in positions and ({"max", "self", "inspection", "score"} & positions.keys()):
            return index, positions
    return None


# --- codes ---------------------------------------------------------------------------------------


def normalise_code(raw: str) -> str:
    """``"Phần II"`` → ``II``; ``"7.1."`` → ``7.1``; ``"A"`` (a letter) stays upper only if Roman."""
    text = " ".join(str(raw or "").split()).strip()
    folded = fold(text)
    for prefix in ("phan ", "part "):
        if folded.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    text = text.rstrip(".:)").lstrip("(").strip()
    if ROMAN_RE.match(text.upper()) and text.isupper():
        return text.upper()
    if len(text) == 1 and text.isalpha():
        return text.lower()
    return text


def _is_total(code: str, text: str) -> bool:
    """``Tổng cộng``, ``Tổng điểm``, ``Cộng``, ``Total`` in the code or (without a code) the text."""
    for value in (code, text):
        key = _key(value)
        if key and (key == "cong" or any(key.startswith(word) for word in TOTAL_WORDS)):
            return True
    return False


def _is_column_numbers(code: str, text: str) -> bool:
    """The row ``(1) (2) (3) (4)`` some annexes put under the header."""
    return bool(re.fullmatch(r"\(?\d{1,2}\)?", text)) and bool(re.fullmatch(r"\(?\d{1,2}\)?", code or "1"))


def _part_from_text(text: str) -> str | None:
    match = re.match(r"^\s*(?:phan|part)\s+([ivxlc]+)\b", fold(text))
    return match.group(1).upper() if match else None


def parse_verdict(raw: str) -> str | None:
    """``Đạt`` / ``Cần khắc phục`` / ``Không áp dụng`` (and English) → a Verdict value."""
    return _localised_verdicts().get(_key(raw))


# --- checking a sheet against a rubric -----------------------------------------------------------


@dataclass
class _Crit:
    id: int
    parent_id: int | None
    code: str
    key: str
    text_key: str
    text: str
    max_points: Decimal
    order: int
    is_leaf: bool


def _criteria(rubric: Rubric) -> list[_Crit]:
    rows = Criterion.objects.filter(rubric=rubric).order_by("order")
    return [_Crit(c.pk, c.parent_id, c.code, c.key, "", c.text, c.max_points, c.order, c.is_leaf) for c in rows]


def check_sheet(rows: Sequence[Sequence[Any]], rubric: Rubric, kind: str) -> SheetReport:
    """Match the sheet's rows to ``rubric``, recompute from the leaves and report."""
    report = SheetReport(rubric_code=rubric.code, rubric_version=rubric.version, kind=kind)
    checklist = rubric.scoring_mode == ScoringMode.CHECKLIST
    criteria = _criteria(rubric)
    report.leaf_count = sum(1 for c in criteria if c.is_leaf)
    report.max_total = rubric.max_points
    header = find_header(rows)
    if header is None:
        report.errors.append(
            RowError(
                0,
                "",
                _(
                    "Không tìm thấy dòng tiêu đề của bảng điểm: cần các cột “TT”, “Tiêu chí đánh giá”, "
                    "“Điểm tối đa” và “Điểm tự chấm” hoặc “Điểm kiểm tra” (hoặc code, criterion, max, score)."
                ),
            )
        )
        return report
    header_index, positions = header
    wanted = "self" if kind == AssessmentKind.SELF else "inspection"
    score_col = positions.get(wanted, positions.get("score"))
    if score_col is None:
        report.errors.append(
            RowError(
                header_index + 1,
                "",
                _("Không có cột “%(column)s” để nhập điểm %(kind)s.")
                % {"column": COLUMN_LABELS[wanted], "kind": AssessmentKind(kind).label.lower()},
            )
        )
        return report
    report.score_column = _cell_text(rows[header_index][score_col])
    report.has_notes = "note" in positions
    score_label = report.score_column or COLUMN_LABELS[wanted]

    def cell(raw: Sequence[Any], name: str) -> Any:
        position = positions.get(name)
        if position is None or position >= len(raw):
            return None
        return raw[position]

    pointer = 0
    matched: dict[int, int] = {}  # criterion id → sheet row
    by_id = {c.id: c for c in criteria}
    lines: list[SheetLine] = []
    for index in range(header_index + 1, len(rows)):
        raw = rows[index]
        row_number = index + 1
        code_raw = _cell_text(cell(raw, "code"))
        text = _cell_text(cell(raw, "text"))
        max_raw = cell(raw, "max")
        score_raw = raw[score_col] if score_col < len(raw) else None
        if not any(_cell_text(v) for v in raw):
            continue
        if _is_column_numbers(code_raw, text):
            continue
        if _is_total(code_raw, text if not code_raw else ""):
            report.total_row = row_number
            report.stated_total = _number(score_raw, row_number, score_label, report)
            report.stated_max_total = _number(max_raw, row_number, COLUMN_LABELS["max"], report)
            break
        code = normalise_code(code_raw) if code_raw else (_part_from_text(text) or "")
        target: _Crit | None = None
        if code:
            # A capital letter may be a Roman part (I, V, X) or a sub-criterion typed in capitals.
            spellings = [code, code.lower()] if len(code) == 1 and code.isupper() else [code]
            for spelling in spellings:
                for j in range(pointer, len(criteria)):
                    if criteria[j].code == spelling and criteria[j].id not in matched:
                        target = criteria[j]
                        pointer = j + 1
                        break
                if target is not None:
                    break
            if target is None:
                candidates = [c for c in criteria if c.id not in matched and (c.key == code or c.code == code)]
                if len(candidates) == 1:
                    target = candidates[0]
        elif text:
            text_key = _key(text)
            if not criteria[0].text_key:  # folded texts, computed once and only when a row has no code
                for c in criteria:
                    c.text_key = _key(c.text)
            candidates = [c for c in criteria if c.id not in matched and c.text_key == text_key]
            if candidates:
                target = candidates[0]
        if target is None:
            if code:
                already = next((c for c in criteria if c.code == code and c.id in matched), None)
                if already is not None and not any(c.code == code and c.id not in matched for c in criteria):
                    report.errors.append(
                        RowError(
                            row_number,
                            COLUMN_LABELS["code"],
                            _("tiêu chí “%(code)s” đã có ở dòng %(other)s.")
                            % {"code": code_raw, "other": matched[already.id]},
                        )
                    )
                else:
                    report.errors.append(
                        RowError(
                            row_number,
                            COLUMN_LABELS["code"],
                            _("mã “%(code)s” không có trong bộ tiêu chí %(rubric)s.")
                            % {"code": code_raw, "rubric": rubric.code},
                        )
                    )
            elif _cell_text(score_raw) or _cell_text(max_raw):
                report.errors.append(
                    RowError(
                        row_number,
                        COLUMN_LABELS["text"],
                        _("dòng có điểm nhưng không có mã (TT) và nội dung không khớp tiêu chí nào."),
                    )
                )
            continue  # a text-only line without scores: a heading or a remark
        matched[target.id] = row_number
        stated_max = _number(max_raw, row_number, COLUMN_LABELS["max"], report)
        note_raw = cell(raw, "note")
        line = SheetLine(
            row=row_number,
            criterion_id=target.id,
            key=target.key,
            is_leaf=target.is_leaf,
            stated_max=stated_max,
            stated_score=None,
            verdict="",
            note=_cell_text(note_raw) if report.has_notes else None,
        )
        if checklist and target.is_leaf:
            verdict_text = _cell_text(score_raw)
            if verdict_text:
                verdict = parse_verdict(verdict_text)
                if verdict is None:
                    report.errors.append(
                        RowError(
                            row_number,
                            score_label,
                            _("“%(v)s” không phải là kết luận hợp lệ (Đạt, Cần khắc phục, Không áp dụng).")
                            % {"v": verdict_text},
                        )
                    )
                else:
                    line.verdict = verdict
        elif not checklist:
            value = _number(score_raw, row_number, score_label, report)
            if value is not None and target.is_leaf:
                reason = scoring.check_value(value, max_points=target.max_points, step=rubric.score_step)
                if reason:
                    report.errors.append(
                        RowError(
                            row_number,
                            score_label,
                            _("tiêu chí %(code)s: %(reason)s") % {"code": target.key, "reason": reason},
                        )
                    )
                    value = None
            line.stated_score = value
        lines.append(line)
    report.lines = lines
    _compare(report, criteria, by_id, checklist)
    return report


def _number(raw: Any, row: int, column: str, report: SheetReport) -> Decimal | None:
    try:
        return scoring.parse_decimal(raw)
    except ValueError:
        report.errors.append(RowError(row, column, _("“%(v)s” không phải là số.") % {"v": _cell_text(raw)}))
        return None


def _compare(report: SheetReport, criteria: list[_Crit], by_id: dict[int, _Crit], checklist: bool) -> None:
    nodes = [scoring.Node(c.id, c.parent_id, c.key, c.code, c.max_points, c.order, c.is_leaf) for c in criteria]
    values = {line.criterion_id: line.stated_score for line in report.lines if line.is_leaf}
    verdicts = {line.criterion_id: line.verdict for line in report.lines if line.is_leaf and line.verdict}
    totals = scoring.compute(nodes, values, verdicts)
    report.computed_total = totals.total
    report.scored = totals.scored_count
    present = {line.criterion_id for line in report.lines}
    report.missing = [c.key for c in criteria if c.is_leaf and c.id not in present]
    stated_by_id = {line.criterion_id: line for line in report.lines}
    for line in report.lines:
        crit = by_id[line.criterion_id]
        if not checklist and line.stated_max is not None and line.stated_max != crit.max_points:
            report.mismatches.append(Mismatch(crit.key, line.row, "max", line.stated_max, crit.max_points))
        if not line.is_leaf and line.stated_score is not None and line.stated_score != totals.subtotals[crit.id]:
            report.mismatches.append(
                Mismatch(crit.key, line.row, "score", line.stated_score, totals.subtotals[crit.id])
            )
    if not checklist:
        if report.stated_total is not None and report.stated_total != totals.total:
            report.mismatches.append(Mismatch("total", report.total_row, "score", report.stated_total, totals.total))
        if report.stated_max_total is not None and report.stated_max_total != report.max_total:
            report.mismatches.append(
                Mismatch("total", report.total_row, "max", report.stated_max_total, report.max_total)
            )
    for c in criteria:
        if c.parent_id is None:
            stated = stated_by_id.get(c.id)
            report.parts.append(
                PartLine(
                    code=c.key,
                    text=c.text,
                    max_points=c.max_points,
                    stated=stated.stated_score if stated is not None else None,
                    computed=totals.subtotals[c.id],
                )
            )


def mismatch_text(m: Mismatch) -> str:
    what = _("điểm tối đa") if m.field == "max" else _("điểm")
    code = _("Tổng cộng") if m.code == "total" else m.code
    return _("Dòng %(row)s, %(code)s: %(what)s ghi %(stated)s, tính từ các tiêu chí là %(computed)s.") % {
        "row": m.row,
        "code": code,
        "what": what,
        "stated": scoring.fmt(m.stated),
        "computed": scoring.fmt(m.computed),
    }


def lines_of(values: Iterable[Any]) -> list[list[Any]]:
    """Rows given directly (tests)."""
    return [list(v) for v in values]
