"""Excel files: an assessment as a score sheet in the layout of real annexes (which the import
reads back), and a rubric as a workbook (criteria, information, rating bands) that a coordinator
edits and imports as a new version.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from . import rubricfile, scoring
from .rubricfile import RubricSpec
from .scoresheet import RowError, find_header


@dataclass(frozen=True)
class SheetRow:
    code: str
    text: str
    max_points: Decimal
    depth: int
    is_leaf: bool
    value: Decimal | None  # leaf: its score (None = not scored); parent: the computed subtotal
    verdict_label: str = ""
    note: str = ""
    self_value: Decimal | None = None
    self_verdict_label: str = ""


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    side = Side(style="thin", color="999999")
    return {
        "border": Border(left=side, right=side, top=side, bottom=side),
        "bold": Font(bold=True),
        "title": Font(bold=True, size=13),
        "italic": Font(italic=True),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "head_fill": PatternFill("solid", fgColor="DDE7F3"),
        "part_fill": PatternFill("solid", fgColor="F1F1F1"),
    }


def scoresheet_xlsx(
    *,
    title: str,
    basis: str,
    agency_name: str,
    year: int,
    kind: str,
    checklist: bool,
    rows: Sequence[SheetRow],
    max_total: Decimal,
    total: Decimal | None,
    self_total: Decimal | None = None,
    with_self_column: bool = False,
) -> bytes:
    """The assessment as the annex agencies print: title lines, header, every criterion with its
    maximum and score (parents show the computed subtotal), a ``Tổng cộng`` row."""
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    ws = wb.active
    ws.title = _("Bảng điểm")
    score_header = _("Điểm kiểm tra") if kind == "inspection" else _("Điểm tự chấm")
    if checklist:
        score_header = _("Kết quả kiểm tra") if kind == "inspection" else _("Kết quả tự đánh giá")
    headers = [_("TT"), _("Tiêu chí đánh giá")]
    if not checklist:
        headers.append(_("Điểm tối đa"))
    if with_self_column:
        headers.append(_("Kết quả tự đánh giá") if checklist else _("Điểm tự chấm"))
    headers += [score_header, _("Ghi chú")]
    width = len(headers)
    kind_title = _("BẢNG ĐIỂM KIỂM TRA") if kind == "inspection" else _("BẢNG TỰ CHẤM ĐIỂM")
    lines = [
        (_("PHỤ LỤC"), st["title"]),
        (f"{kind_title}: {title.upper()}", st["bold"]),
        (f"({_('Kèm theo')} {basis})" if basis else "", st["italic"]),
        (_("Cơ quan: %(agency)s — Năm %(year)s") % {"agency": agency_name, "year": year}, st["bold"]),
    ]
    for index, (text, font) in enumerate(lines, start=1):
        ws.cell(row=index, column=1, value=text).font = font
        ws.cell(row=index, column=1).alignment = st["center"]
        ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)
    ws.row_dimensions[2].height = 32
    header_row = len(lines) + 2
    for col, text in enumerate(headers, start=1):
        c = ws.cell(row=header_row, column=col, value=text)
        c.font, c.alignment, c.fill, c.border = st["bold"], st["center"], st["head_fill"], st["border"]
    r = header_row
    for row in rows:
        r += 1
        values: list[Any] = [row.code, row.text]
        if not checklist:
            values.append(row.max_points)
        if with_self_column:
            values.append(row.self_verdict_label if checklist else row.self_value)
        values.append(row.verdict_label if checklist else row.value)
        values.append(row.note)
        for col, value in enumerate(values, start=1):
            c = ws.cell(row=r, column=col, value=_cell(value))
            c.border = st["border"]
            c.alignment = st["wrap"] if col in (2, width) else st["center"]
            if not row.is_leaf:
                c.font = st["bold"]
                if row.depth == 0:
                    c.fill = st["part_fill"]
    r += 1
    total_values: list[Any] = ["", _("Tổng cộng")]
    if not checklist:
        total_values.append(max_total)
        if with_self_column:
            total_values.append(self_total)
        total_values.append(total)
    else:
        if with_self_column:
            total_values.append("")
        total_values.append("")
    total_values.append("")
    for col, value in enumerate(total_values, start=1):
        c = ws.cell(row=r, column=col, value=_cell(value))
        c.font, c.border = st["bold"], st["border"]
        c.alignment = st["center"] if col != 2 else st["wrap"]
    widths = [8, 70] + [12] * (width - 3) + [40]
    for col, w in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + col)].width = w
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- rubric workbook -----------------------------------------------------------------------------

INFO_FIELDS = (
    ("code", "Mã bộ tiêu chí"),
    ("title", "Tên bộ tiêu chí"),
    ("issuer", "Căn cứ ban hành"),
    ("description", "Ghi chú"),
    ("scoring_mode", "Cách chấm (points / checklist)"),
    ("max_points", "Điểm tối đa"),
    ("score_step", "Bước điểm"),
    ("bands_published", "Thang xếp loại được công bố (có / không)"),
    ("bands_note", "Ghi chú về thang xếp loại"),
)


def rubric_xlsx(spec: RubricSpec) -> bytes:
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiêu chí"
    for col, text in enumerate(("TT", "Tiêu chí đánh giá", "Điểm tối đa"), start=1):
        c = ws.cell(row=1, column=col, value=text)
        c.font, c.alignment, c.fill, c.border = st["bold"], st["center"], st["head_fill"], st["border"]
    for r, row in enumerate(rubricfile.flatten(spec.criteria), start=2):
        for col, value in enumerate((row.code, row.text, _cell(row.max_points)), start=1):
            c = ws.cell(row=r, column=col, value=value)
            c.border = st["border"]
            c.alignment = st["wrap"] if col == 2 else st["center"]
            if not row.is_leaf:
                c.font = st["bold"]
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 12
    ws.freeze_panes = "A2"
    info = wb.create_sheet("Thông tin")
    values = {
        "code": spec.code,
        "title": spec.title,
        "issuer": spec.issuer,
        "description": spec.description,
        "scoring_mode": spec.scoring_mode,
        "max_points": _cell(spec.max_points),
        "score_step": _cell(spec.score_step),
        "bands_published": "có" if spec.bands_published else "không",
        "bands_note": spec.bands_note,
    }
    for r, (name, label) in enumerate(INFO_FIELDS, start=1):
        info.cell(row=r, column=1, value=label).font = st["bold"]
        info.cell(row=r, column=2, value=values[name]).alignment = st["wrap"]
    info.column_dimensions["A"].width = 42
    info.column_dimensions["B"].width = 90
    bands = wb.create_sheet("Xếp loại")
    bands.cell(row=1, column=1, value="Từ (điểm)").font = st["bold"]
    bands.cell(row=1, column=2, value="Xếp loại").font = st["bold"]
    for r, (lower, label) in enumerate(spec.bands, start=2):
        bands.cell(row=r, column=1, value=_cell(lower))
        bands.cell(row=r, column=2, value=label)
    bands.column_dimensions["B"].width = 30
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class RubricFileError(ValueError):
    def __init__(self, problems: list[RowError]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def rubric_from_xlsx(data: bytes) -> RubricSpec:
    """A rubric workbook (as :func:`rubric_xlsx` writes it, or the criteria sheet of an annex:
    ``TT | Tiêu chí đánh giá | Điểm tối đa``) read into a spec; the tree comes from the codes."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise RubricFileError([RowError(0, "", _("Không đọc được tệp Excel (.xlsx)."))]) from None
    try:
        sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()
    problems: list[RowError] = []
    criteria_rows = sheets.get("Tiêu chí") or next(iter(sheets.values()), [])
    header = find_header(criteria_rows) if criteria_rows else None
    info: dict[str, Any] = {}
    labels = {scoring_label.split(" (")[0].casefold(): name for name, scoring_label in INFO_FIELDS}
    for raw in sheets.get("Thông tin", []):
        if raw and raw[0] is not None:
            name = labels.get(str(raw[0]).split(" (")[0].strip().casefold())
            if name:
                info[name] = raw[1] if len(raw) > 1 else None
    if header is None or "text" not in header[1]:
        problems.append(
            RowError(0, "", _("Không tìm thấy dòng tiêu đề “TT | Tiêu chí đánh giá | Điểm tối đa” ở trang đầu."))
        )
        raise RubricFileError(problems)
    index, positions = header
    flat: list[tuple[str, str, Decimal]] = []
    row_numbers: list[int] = []
    for i in range(index + 1, len(criteria_rows)):
        raw = criteria_rows[i]

        def cell(name: str, raw: list[Any] = raw) -> Any:
            p = positions.get(name)
            return raw[p] if p is not None and p < len(raw) else None

        code = str(cell("code") or "").strip()
        text = " ".join(str(cell("text") or "").split())
        if not code and not text:
            continue
        if not code and text.casefold().startswith(("tổng", "total")):
            break
        try:
            max_points = scoring.parse_decimal(cell("max")) or Decimal("0")
        except ValueError:
            problems.append(RowError(i + 1, "Điểm tối đa", _("“%(v)s” không phải là số.") % {"v": cell("max")}))
            continue
        if code.endswith(".") and code[:-1]:
            code = code[:-1]
        if not code:
            problems.append(RowError(i + 1, "TT", _("thiếu mã tiêu chí.")))
            continue
        flat.append((code, text, max_points))
        row_numbers.append(i + 1)
    try:
        tree = rubricfile.infer_tree(flat)
    except ValueError as exc:
        problems.append(RowError(0, "TT", str(exc)))
        raise RubricFileError(problems) from None
    if problems:
        raise RubricFileError(problems)
    bands: list[tuple[Decimal, str]] = []
    for r, raw in enumerate(sheets.get("Xếp loại", [])[1:], start=2):
        if not raw or all(v in (None, "") for v in raw):
            continue
        try:
            lower = scoring.parse_decimal(raw[0])
        except ValueError:
            lower = None
        if lower is None:
            problems.append(RowError(r, "Từ (điểm)", _("“%(v)s” không phải là số.") % {"v": raw[0]}))
            continue
        bands.append((lower, str(raw[1] if len(raw) > 1 and raw[1] is not None else "").strip()))
    if problems:
        raise RubricFileError(problems)
    mode = str(info.get("scoring_mode") or "points").strip()
    leaves_total = sum((r.max_points for r in rubricfile.flatten(tree) if r.is_leaf), Decimal("0"))
    try:
        stated_max = scoring.parse_decimal(info.get("max_points"))
        step = scoring.parse_decimal(info.get("score_step"))
    except ValueError:
        raise RubricFileError([RowError(0, "Thông tin", _("Điểm tối đa và bước điểm phải là số."))]) from None
    return RubricSpec(
        code=str(info.get("code") or "").strip(),
        version=1,
        title=str(info.get("title") or "").strip(),
        issuer=str(info.get("issuer") or "").strip(),
        description=str(info.get("description") or "").strip(),
        scoring_mode=mode,
        max_points=stated_max if stated_max is not None else leaves_total,
        score_step=step if step is not None else Decimal("0.5"),
        bands_published=str(info.get("bands_published") or "").strip().casefold() in ("có", "co", "yes", "true", "1"),
        bands_note=str(info.get("bands_note") or "").strip(),
        bands=bands,
        criteria=tree,
    )


def export_assessment(assessment: Any) -> bytes:
    """The assessment's score sheet (an inspection also shows the agency's self-score)."""
    from .models import AssessmentKind, Verdict
    from .selectors import assessment_tree, counterpart

    tree = assessment_tree(assessment)
    rubric = assessment.rubric
    checklist = rubric.is_checklist
    inspection = assessment.kind == AssessmentKind.INSPECTION
    own = counterpart(assessment) if inspection else None
    roots = [r for r in tree if r.criterion.parent_id is None]

    def label(verdict: str) -> str:
        return str(Verdict(verdict).label) if verdict else ""

    rows = [
        SheetRow(
            code=r.criterion.code,
            text=r.criterion.text,
            max_points=r.max_points,
            depth=r.depth,
            is_leaf=r.is_leaf,
            value=(r.value if r.is_leaf else r.subtotal),
            verdict_label=label(r.verdict),
            note=r.note,
            self_value=(r.self_value if r.is_leaf else r.self_subtotal),
            self_verdict_label=label(r.self_verdict),
        )
        for r in tree
    ]
    return scoresheet_xlsx(
        title=rubric.title,
        basis=rubric.issuer,
        agency_name=str(assessment.agency),
        year=assessment.year,
        kind=assessment.kind,
        checklist=checklist,
        rows=rows,
        max_total=rubric.max_points,
        total=sum((r.subtotal for r in roots), Decimal("0")),
        self_total=sum((r.self_subtotal or Decimal("0") for r in roots), Decimal("0")) if own is not None else None,
        with_self_column=inspection,
    )
