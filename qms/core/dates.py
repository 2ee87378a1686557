"""Calendar arithmetic used by deadlines."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache


# Cached: bulk work (a province's catalogue opens ~30,000 obligations) asks for the same few days.
@lru_cache(maxsize=4096)
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end: 30/11 + 3 → 28/02 (29/02)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
