"""Reading a filled score sheet (bảng tự chấm điểm / bảng điểm kiểm tra) and checking it.

The table may be laid out as real annexes are (``scoresheet_layout``): a title block, a header
of one or two rows (``TT | Tiêu chí đánh giá | Điểm tối đa | Điểm tự chấm | Điểm kiểm tra | Ghi
chú`` or the English ``code | criterion | max | score | note``, extra columns ignored), sometimes
a row numbering the columns ``(1) (2) (3)``, then part headings (``I`` or ``PHẦN I``), groups with
their own stated subtotals, criteria, sub-criteria (``a``, ``b``, ``đ``, also ``a)`` / ``b.``),
explanation rows, ``Cộng`` rows under a part, and a total row labelled in either the TT or the
criterion column (``Tổng``, ``Tổng cộng``, ``TỔNG ĐIỂM``, ``Cộng``); signatures below it are
ignored. Without a TT column the codes lead the criterion text (``1.1. Có …``). Decimals may be
written ``67.5`` or ``67,5``.

Rows are matched to the rubric by code, walking forward; a letter belongs to the nearest
criterion above it that has such a sub-criterion (so letters recurring under different criteria
land on the right one); a row without a code is matched by the criterion's text. Everything is
recomputed from the leaf scores; every stated subtotal or total (on a criterion's row or on a
``Cộng`` row) that disagrees with the leaves under it, and every stated maximum that disagrees with
the rubric, is reported. Problems that make the sheet unusable (a score above its maximum, an
unknown code, a non-number, a wrong step, a score on a row that is no criterion) are errors naming
the row and the column. Pure: reads the rubric's criteria, writes nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import scoring
from .models import AssessmentKind, Criterion, Rubric, ScoringMode, Verdict
from .scoresheet_layout import (
    COLUMN_LABELS,
    HEADER_ALIASES,
    HEADER_SCAN_ROWS,
    MAX_ROWS,
    Header,
    find_header,
    find_table_header,
    is_column_numbers,
    is_letter,
    max_in_text,
    normalise_code,
    read_table,
    split_code,
    total_label,
)
from .scoresheet_layout import cell_text as _cell_text
from .scoresheet_layout import key_of as _key

__all__ = [
    "COLUMN_LABELS",
    "HEADER_ALIASES",
    "HEADER_SCAN_ROWS",
    "MAX_ROWS",
    "Header",
    "Mismatch",
    "PartLine",
    "RowError",
    "SheetLine",
    "SheetReport",
    "SubtotalLine",
    "check_sheet",
    "find_header",
    "find_table_header",
    "lines_of",
    "mismatch_text",
    "normalise_code",
    "parse_verdict",
    "read_table",
]

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
class SubtotalLine:
    """A ``Cộng`` row (``Cộng phần I``, or a bare ``Cộng`` under a part) stating a subtotal."""

    row: int
    criterion_id: int
    key: str
    stated_max: Decimal | None
    stated_score: Decimal | None


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
    subtotals: list[SubtotalLine] = field(default_factory=list)
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


@functools.cache
def _localised_verdicts() -> dict[str, str]:
    result = dict(VERDICT_WORDS)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in Verdict.choices:
                result.setdefault(_key(str(label)), value)
    return result


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


class _Matcher:
    """Finds the criterion of each row: by code walking forward, a letter under the nearest
    criterion above it that has it, else by the criterion's text."""

    def __init__(self, criteria: list[_Crit]) -> None:
        self.criteria = criteria
        self.by_id = {c.id: c for c in criteria}
        self.position = {c.id: i for i, c in enumerate(criteria)}
        self.children: dict[int | None, list[_Crit]] = {}
        for c in criteria:
            self.children.setdefault(c.parent_id, []).append(c)
        self.pointer = 0
        self.matched: dict[int, int] = {}  # criterion id → sheet row
        self.context: _Crit | None = None
        self._texts = False

    def take(self, target: _Crit, row: int) -> None:
        self.matched[target.id] = row
        self.context = target

    def find(self, code: str) -> tuple[_Crit | None, int | None]:
        """(criterion, None), or (None, the row already holding it) or (None, None) when unknown."""
        if len(code) == 1 and code.isupper():  # a Roman part (I, V, X) or a letter typed in capitals
            target = self._forward(code)
            if target is not None:
                return target, None
            code = code.lower()
        if is_letter(code):
            return self._letter(code)
        target = self._forward(code)
        if target is None and code.islower() and code.upper() != code:
            target = self._forward(code.upper())  # "ii" for the part II
        if target is None:
            candidates = [c for c in self.criteria if c.id not in self.matched and code in (c.key, c.code)]
            if len(candidates) == 1:
                target = candidates[0]
        if target is not None:
            return target, None
        if any(code in (c.key, c.code) and c.id not in self.matched for c in self.criteria):
            return None, None
        already = next((c for c in self.criteria if code in (c.key, c.code) and c.id in self.matched), None)
        return None, (self.matched[already.id] if already is not None else None)

    def _forward(self, code: str) -> _Crit | None:
        for j in range(self.pointer, len(self.criteria)):
            if self.criteria[j].code == code and self.criteria[j].id not in self.matched:
                self.pointer = j + 1
                return self.criteria[j]
        return None

    def _letter(self, code: str) -> tuple[_Crit | None, int | None]:
        node, duplicate = self.context, None
        while node is not None:
            for child in self.children.get(node.id, []):
                if child.code == code:
                    if child.id not in self.matched:
                        self.pointer = max(self.pointer, self.position[child.id] + 1)
                        return child, None
                    duplicate = duplicate or self.matched[child.id]
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return None, duplicate

    def letter_parent(self) -> _Crit | None:
        """The criterion a letter on the next row would belong to (the nearest one not a letter)."""
        node = self.context
        while node is not None and is_letter(node.code):
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return node

    def by_text(self, *texts: str) -> _Crit | None:
        if not self._texts:  # folded texts, computed once and only when a row has no code
            for c in self.criteria:
                c.text_key = _key(c.text)
            self._texts = True
        for text in texts:
            key = _key(text)
            target = next((c for c in self.criteria if c.id not in self.matched and c.text_key == key), None)
            if key and target is not None:
                return target
        return None

    def named(self, code: str) -> _Crit | None:
        """The part (or criterion) a ``Cộng phần I`` row names."""
        roots = [c for c in self.children.get(None, []) if c.code == code]
        if len(roots) == 1:
            return roots[0]
        return next((c for c in self.criteria if c.key == code), None)

    def scope(self, ids: Sequence[int]) -> _Crit | None:
        """The deepest criterion holding every one of ``ids`` (None: none, or they span parts)."""
        common: list[int] | None = None
        for criterion_id in ids:
            chain: list[int] = []
            node: _Crit | None = self.by_id[criterion_id]
            while node is not None:
                chain.insert(0, node.id)
                node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
            if common is None:
                common = chain
            else:
                length = 0
                while length < min(len(common), len(chain)) and common[length] == chain[length]:
                    length += 1
                common = common[:length]
        return self.by_id[common[-1]] if common else None


def check_sheet(rows: Sequence[Sequence[Any]], rubric: Rubric, kind: str) -> SheetReport:
    """Match the sheet's rows to ``rubric``, recompute from the leaves and report."""
    report = SheetReport(rubric_code=rubric.code, rubric_version=rubric.version, kind=kind)
    checklist = rubric.scoring_mode == ScoringMode.CHECKLIST
    criteria = _criteria(rubric)
    report.leaf_count = sum(1 for c in criteria if c.is_leaf)
    report.max_total = rubric.max_points
    header = find_table_header(rows)
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
    positions = header.positions
    wanted = "self" if kind == AssessmentKind.SELF else "inspection"
    score_name = wanted if wanted in positions else "score"
    score_col = positions.get(score_name)
    if score_col is None:
        report.errors.append(
            RowError(
                header.first + 1,
                "",
                _("Không có cột “%(column)s” để nhập điểm %(kind)s.")
                % {"column": COLUMN_LABELS[wanted], "kind": AssessmentKind(kind).label.lower()},
            )
        )
        return report
    report.score_column = header.labels.get(score_name, "")
    note_col = positions.get("note", positions.get("evidence"))
    report.has_notes = note_col is not None
    score_label = report.score_column or COLUMN_LABELS[wanted]

    def cell(raw: Sequence[Any], position: int | None) -> Any:
        if position is None or position >= len(raw):
            return None
        return raw[position]

    matcher = _Matcher(criteria)
    since: list[int] = []  # criteria matched since the last Cộng row
    lines: list[SheetLine] = []
    for index in range(header.last + 1, len(rows)):
        raw = rows[index]
        row_number = index + 1
        if not any(_cell_text(v) for v in raw):
            continue
        code_raw = _cell_text(cell(raw, positions.get("code")))
        text = _cell_text(cell(raw, positions.get("text")))
        max_raw = cell(raw, positions.get("max"))
        score_raw = cell(raw, score_col)
        if is_column_numbers(code_raw, text):
            continue
        label = total_label(code_raw) if code_raw else total_label(text)
        if label is not None and code_raw:
            label = total_label(f"{code_raw} {text}") or label  # "Cộng" | "Phần I"
        if label is not None:
            scope: _Crit | None = None
            if label.kind == "subtotal":
                scope = matcher.named(label.code)
                if scope is None:
                    report.errors.append(
                        RowError(
                            row_number,
                            COLUMN_LABELS["code"] if code_raw else COLUMN_LABELS["text"],
                            _("“%(label)s”: không có phần hoặc tiêu chí “%(code)s” trong bộ tiêu chí %(rubric)s.")
                            % {"label": code_raw or text, "code": label.code, "rubric": rubric.code},
                        )
                    )
                    continue
            elif label.kind == "bare":
                scope = matcher.scope(since)
            if scope is None:
                report.total_row = row_number
                report.stated_total = _number(score_raw, row_number, score_label, report)
                report.stated_max_total = _number(max_raw, row_number, COLUMN_LABELS["max"], report)
                break  # signatures below
            report.subtotals.append(
                SubtotalLine(
                    row=row_number,
                    criterion_id=scope.id,
                    key=scope.key,
                    stated_max=_number(max_raw, row_number, COLUMN_LABELS["max"], report),
                    stated_score=None if checklist else _number(score_raw, row_number, score_label, report),
                )
            )
            since = []
            continue
        code, body, code_column = "", text, COLUMN_LABELS["code"]
        if code_raw:
            code = normalise_code(code_raw)
        elif text:
            code, body = split_code(text)
            code_column = COLUMN_LABELS["text"]
        target, duplicate_row = matcher.find(code) if code else (None, None)
        if target is None and code and not code_raw and not header.codes_in_text:
            code, body, duplicate_row = "", text, None  # a TT column, and a text that merely starts like a code
        if target is None and not code and text:
            target = matcher.by_text(body, text)
        if target is None:
            if code:
                shown = code_raw or code
                if duplicate_row is not None:
                    problem = _("tiêu chí “%(code)s” đã có ở dòng %(other)s.") % {"code": shown, "other": duplicate_row}
                elif len(code) == 1 and code.isalpha() and (parent := matcher.letter_parent()) is not None:
                    problem = _("mã “%(code)s” không có dưới tiêu chí %(parent)s của bộ tiêu chí %(rubric)s.") % {
                        "code": shown,
                        "parent": parent.key,
                        "rubric": rubric.code,
                    }
                else:
                    problem = _("mã “%(code)s” không có trong bộ tiêu chí %(rubric)s.") % {
                        "code": shown,
                        "rubric": rubric.code,
                    }
                report.errors.append(RowError(row_number, code_column, problem))
            elif _cell_text(score_raw):
                report.errors.append(
                    RowError(
                        row_number,
                        COLUMN_LABELS["text"],
                        _("dòng có điểm nhưng không có mã (TT) và nội dung không khớp tiêu chí nào."),
                    )
                )
            continue  # a heading, a remark or a scoring rule (its points in the maximum column only)
        matcher.take(target, row_number)
        since.append(target.id)
        stated_max = _number(max_raw, row_number, COLUMN_LABELS["max"], report)
        if stated_max is None and not _cell_text(max_raw):
            stated_max = max_in_text(body)  # "2. Cơ sở vật chất (20 điểm)"
        line = SheetLine(
            row=row_number,
            criterion_id=target.id,
            key=target.key,
            is_leaf=target.is_leaf,
            stated_max=stated_max,
            stated_score=None,
            verdict="",
            note=_cell_text(cell(raw, note_col)) if report.has_notes else None,
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
    _compare(report, criteria, matcher.by_id, checklist)
    return report


_POINTS_WORD = re.compile(r"\s*(?:điểm|đ)\.?\s*$", re.IGNORECASE)


def _number(raw: Any, row: int, column: str, report: SheetReport) -> Decimal | None:
    """A number (``67,5``; ``67,5 điểm``), or None for an empty cell; anything else is an error."""
    for candidate in (raw, _POINTS_WORD.sub("", _cell_text(raw))):
        try:
            return scoring.parse_decimal(candidate)
        except ValueError:
            continue
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
    stated_by_id = {line.criterion_id: line.stated_score for line in report.lines}
    for sub in report.subtotals:
        if stated_by_id.get(sub.criterion_id) is None:
            stated_by_id[sub.criterion_id] = sub.stated_score
    found: list[Mismatch] = []
    stated_rows: list[tuple[int, int, bool, Decimal | None, Decimal | None]] = [
        (line.row, line.criterion_id, line.is_leaf, line.stated_max, line.stated_score) for line in report.lines
    ]
    stated_rows += [(s.row, s.criterion_id, False, s.stated_max, s.stated_score) for s in report.subtotals]
    for row, criterion_id, is_leaf, stated_max, stated_score in sorted(stated_rows, key=lambda r: r[0]):
        crit = by_id[criterion_id]
        if not checklist and stated_max is not None and stated_max != crit.max_points:
            found.append(Mismatch(crit.key, row, "max", stated_max, crit.max_points))
        if not is_leaf and stated_score is not None and stated_score != totals.subtotals[crit.id]:
            found.append(Mismatch(crit.key, row, "score", stated_score, totals.subtotals[crit.id]))
    report.mismatches = found
    if not checklist:
        if report.stated_total is not None and report.stated_total != totals.total:
            report.mismatches.append(Mismatch("total", report.total_row, "score", report.stated_total, totals.total))
        if report.stated_max_total is not None and report.stated_max_total != report.max_total:
            report.mismatches.append(
                Mismatch("total", report.total_row, "max", report.stated_max_total, report.max_total)
            )
    for c in criteria:
        if c.parent_id is None:
            report.parts.append(
                PartLine(
                    code=c.key,
                    text=c.text,
                    max_points=c.max_points,
                    stated=stated_by_id.get(c.id),
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


def _is_total(code: str, text: str) -> bool:
    """``Tổng``, ``Tổng cộng``, ``TỔNG ĐIỂM``, ``Cộng``, ``Total`` in the code or (without a code) the text."""
    label = total_label(code) if code else total_label(text)
    return label is not None


def lines_of(values: Iterable[Any]) -> list[list[Any]]:
    """Rows given directly (tests)."""
    return [list(v) for v in values]
