"""Building filled score sheets like real annexes, for the import tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from qms.assessments import scoring
from qms.assessments.models import Criterion, Rubric

HEADER_VI = ["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm tự chấm", "Ghi chú"]
HEADER_EN = ["code", "criterion", "max", "score", "note"]


def annex_rows(
    rubric: Rubric,
    scores: Mapping[str, Decimal | str | None],
    *,
    stated: Mapping[str, Any] | None = None,
    stated_max: Mapping[str, Any] | None = None,
    total: Any = "computed",
    header: list[str] | None = None,
    comma: bool = False,
    part_prefix: bool = False,
    column_numbers: bool = True,
) -> list[list[Any]]:
    """Rows of an annex: title lines, header, (1)(2)… row, every criterion (parents with their
    computed subtotal unless ``stated`` overrides it), a ``Tổng cộng`` row and a signature."""
    criteria = list(Criterion.objects.filter(rubric=rubric).order_by("order"))
    nodes = [scoring.Node(c.pk, c.parent_id, c.key, c.code, c.max_points, c.order, c.is_leaf) for c in criteria]
    values = {c.pk: _dec(scores.get(c.key)) for c in criteria if c.is_leaf}
    totals = scoring.compute(nodes, values)
    stated = stated or {}
    stated_max = stated_max or {}

    def show(value: Any) -> Any:
        if isinstance(value, Decimal):
            text = format(value.normalize(), "f")
            return text.replace(".", ",") if comma else text
        return value

    rows: list[list[Any]] = [
        ["PHỤ LỤC", None, None, None, None],
        ["BẢNG TỰ CHẤM ĐIỂM", None, None, None, None],
        [None] * 5,
        header or HEADER_VI,
    ]
    if column_numbers:
        rows.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for c in criteria:
        code = f"PHẦN {c.code}" if part_prefix and c.depth == 0 else c.code
        max_shown = stated_max.get(c.key, c.max_points)
        score = scores.get(c.key) if c.is_leaf else stated.get(c.key, totals.subtotals[c.pk])
        rows.append([code, c.text, show(max_shown), show(score) if score is not None else None, None])
    total_value = totals.total if total == "computed" else total
    rows.append([None, "Tổng cộng", show(rubric.max_points), show(total_value), None])
    rows.append([None, None, None, None, None])
    rows.append([None, "THỦ TRƯỞNG CƠ QUAN", None, "NGƯỜI LẬP BIỂU", None])
    return rows


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except ArithmeticError:  # a deliberately bad cell ("một") counts as unscored
        return None


def to_xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(rows: list[list[Any]], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8-sig")


def half_scores(rubric: Rubric) -> dict[str, Decimal]:
    """Every leaf at half its maximum rounded down to the step (a deterministic realistic sheet)."""
    out = {}
    for c in Criterion.objects.filter(rubric=rubric, is_leaf=True).order_by("order"):
        out[c.key] = (c.max_points / 2 / rubric.score_step).to_integral_value(
            rounding="ROUND_FLOOR"
        ) * rubric.score_step
    return out
