"""Score arithmetic: every subtotal, part and total is computed from the leaf scores.

Pure functions over plain rows (no ORM) so that property tests can drive them directly, plus
:func:`recompute`, which loads one assessment's criteria and scores in two queries and stores
the results on the assessment (total, rating, subtotals per parent criterion, counters).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .models import Assessment, Criterion, RatingBand, Score, ScoringMode, Verdict

CENT = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Node:
    """One criterion as the arithmetic sees it."""

    id: int
    parent_id: int | None
    key: str
    code: str
    max_points: Decimal
    order: int
    is_leaf: bool


@dataclass(frozen=True)
class Totals:
    total: Decimal
    subtotals: dict[int, Decimal]  # every criterion id (leaves included) → computed value
    scored_count: int
    leaf_count: int
    correction_count: int


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def nodes_of(rubric_id: int) -> list[Node]:
    rows = (
        Criterion.objects.filter(rubric_id=rubric_id)
        .order_by("order")
        .values_list("id", "parent_id", "key", "code", "max_points", "order", "is_leaf")
    )
    return [Node(*row) for row in rows]


def compute(
    nodes: Sequence[Node],
    values: Mapping[int, Decimal | None],
    verdicts: Mapping[int, str] | None = None,
) -> Totals:
    """Subtotals of every node from the leaf ``values``; the total is the sum of the roots.

    ``nodes`` must be in tree order (a parent before its children). A leaf without a value
    counts as 0 and as not scored; for checklist rubrics ``verdicts`` count instead.
    """
    subtotals: dict[int, Decimal] = {}
    for node in nodes:
        subtotals[node.id] = ZERO
    scored = 0
    leaves = 0
    corrections = 0
    verdicts = verdicts or {}
    # Children come after their parent: walk backwards so each node is complete when added up.
    for node in reversed(nodes):
        if node.is_leaf:
            leaves += 1
            value = values.get(node.id)
            verdict = verdicts.get(node.id, "")
            if value is not None or verdict:
                scored += 1
            if verdict == Verdict.NEEDS_CORRECTION:
                corrections += 1
            subtotals[node.id] = value if value is not None else ZERO
        if node.parent_id is not None:
            subtotals[node.parent_id] = subtotals.get(node.parent_id, ZERO) + subtotals[node.id]
    total = sum((subtotals[n.id] for n in nodes if n.parent_id is None), ZERO)
    return Totals(
        total=q2(total),
        subtotals={k: q2(v) for k, v in subtotals.items()},
        scored_count=scored,
        leaf_count=leaves,
        correction_count=corrections,
    )


def rating_for(total: Decimal, bands: Iterable[tuple[Decimal, str]]) -> str:
    """The label of the highest band whose lower bound the total reaches ("" without bands)."""
    label = ""
    best: Decimal | None = None
    for lower, name in bands:
        if total >= lower and (best is None or lower > best):
            best, label = lower, name
    return label


def bands_of(rubric_id: int) -> list[tuple[Decimal, str]]:
    return list(RatingBand.objects.filter(rubric_id=rubric_id).values_list("lower_bound", "label"))


def recompute(assessment: Assessment, *, nodes: Sequence[Node] | None = None) -> Totals:
    """Recompute and store every total of ``assessment`` from its leaf scores.

    Three reads (criteria, scores, bands) and one UPDATE; callers hold the transaction.
    """
    nodes = nodes if nodes is not None else nodes_of(assessment.rubric_id)
    values: dict[int, Decimal | None] = {}
    verdicts: dict[int, str] = {}
    for criterion_id, value, verdict in Score.objects.filter(assessment_id=assessment.pk).values_list(
        "criterion_id", "value", "verdict"
    ):
        values[criterion_id] = value
        if verdict:
            verdicts[criterion_id] = verdict
    totals = compute(nodes, values, verdicts)
    checklist = assessment.rubric.scoring_mode == ScoringMode.CHECKLIST
    rating = ""
    if not checklist and totals.leaf_count and totals.scored_count == totals.leaf_count:
        rating = rating_for(totals.total, bands_of(assessment.rubric_id))
    subtotals = {n.key: str(totals.subtotals[n.id]) for n in nodes if not n.is_leaf}
    Assessment.objects.filter(pk=assessment.pk).update(
        total=totals.total,
        rating=rating,
        subtotals=subtotals,
        scored_count=totals.scored_count,
        leaf_count=totals.leaf_count,
        correction_count=totals.correction_count,
    )
    assessment.total = totals.total
    assessment.rating = rating
    assessment.subtotals = subtotals
    assessment.scored_count = totals.scored_count
    assessment.leaf_count = totals.leaf_count
    assessment.correction_count = totals.correction_count
    return totals


# --- parsing and validating one value -----------------------------------------------------------


def parse_decimal(raw: Any) -> Decimal | None:
    """``67.5``, ``67,5``, `` 67 `` → Decimal; "" / None → None; anything else raises ValueError."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." in text:
        # "1.234,5" (Vietnamese thousands) or "1,234.5" (English thousands): the last one is decimal.
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value


def check_value(value: Decimal, *, max_points: Decimal, step: Decimal) -> str | None:
    """A translated reason why ``value`` is not a valid score for the criterion, or None."""
    if value < 0:
        return _("Điểm không được âm.")
    if value > max_points:
        return _("Điểm %(value)s vượt điểm tối đa %(max)s.") % {"value": fmt(value), "max": fmt(max_points)}
    if step and step > 0 and (value % step) != 0:
        return _("Điểm %(value)s không đúng bước chấm %(step)s (ví dụ: 0; %(step)s; %(two)s…).") % {
            "value": fmt(value),
            "step": fmt(step),
            "two": fmt(step * 2),
        }
    return None


def fmt(value: Decimal | None) -> str:
    """A score as people write it: ``1``, ``0,5``, ``78,5`` (no trailing zeros, decimal comma)."""
    if value is None:
        return ""
    normal = value.quantize(CENT).normalize()
    text = format(normal, "f")
    return text.replace(".", ",")
