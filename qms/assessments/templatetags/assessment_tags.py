"""Showing scores as people write them (``0,5``, ``78,5``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from qms.assessments.scoring import fmt

register = template.Library()


@register.filter
def score(value: Any) -> str:
    """A score with a decimal comma and no trailing zeros; "—" when there is none."""
    if value is None or value == "":
        return "—"
    try:
        return fmt(Decimal(str(value)))
    except ArithmeticError:
        return str(value)


@register.filter
def percent_of(value: Any, maximum: Any) -> int:
    """``value`` as a whole percentage of ``maximum`` (0 when there is no maximum)."""
    try:
        maximum = Decimal(str(maximum))
        if not maximum:
            return 0
        return int(Decimal(str(value or 0)) * 100 / maximum)
    except ArithmeticError:
        return 0
