"""Template filters of the inspection pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def points(value: Any) -> str:
    """A score as Vietnamese write it: 55.50 → "55,5", 54.00 → "54", None → "—"."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return f"{number.to_integral_value():f}"
    return f"{number.quantize(Decimal('0.01')):f}".rstrip("0").replace(".", ",")
