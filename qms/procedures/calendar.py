"""Working days: Monday to Friday, except the days of the holiday calendar (``CalendarDay``).

A ``CalendarDay`` marks a public holiday or a day off in lieu on a weekday (not worked) or a
weekend day worked in exchange (worked). The calendar is data a coordinator edits: lunar new
year dates differ every year and the Government announces the days off in lieu each year.

Due dates are counted as the one-stop-shop systems do: ``add_working_days(day, n)`` is the n-th
working day *after* ``day`` (a dossier received on Friday with a 1-day limit is due on Monday; a
dossier received on a Saturday counts from Monday). Fractions of a day round up to a whole day.

The exceptions are read once and kept in memory; the services editing the calendar call
:func:`clear_cache`. Other processes of a multi-process server pick an edit up within
``CACHE_SECONDS`` at the latest.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import threading
import time
from dataclasses import dataclass
from decimal import Decimal

from .models import CalendarDay, DayKind

CACHE_SECONDS = 60.0
MAX_DAYS = 100_000  # a time limit beyond this is a data error, not a date to compute

NON_WORKING_KINDS = frozenset({DayKind.HOLIDAY.value, DayKind.DAY_OFF.value})


@dataclass(frozen=True)
class _Exceptions:
    loaded_at: float
    kinds: dict[dt.date, str]
    days: list[dt.date]  # sorted keys of ``kinds``


_lock = threading.Lock()
_cache: _Exceptions | None = None


def clear_cache() -> None:
    """Forget the loaded exceptions (after the calendar was edited, and between tests)."""
    global _cache
    with _lock:
        _cache = None


def _exceptions() -> _Exceptions:
    global _cache
    cached = _cache
    if cached is not None and time.monotonic() - cached.loaded_at < CACHE_SECONDS:
        return cached
    kinds = dict(CalendarDay.objects.values_list("day", "kind"))
    loaded = _Exceptions(loaded_at=time.monotonic(), kinds=kinds, days=sorted(kinds))
    with _lock:
        _cache = loaded
    return loaded


def _weekday_working(day: dt.date) -> bool:
    return day.weekday() < 5


def _is_working(day: dt.date, kinds: dict[dt.date, str]) -> bool:
    kind = kinds.get(day)
    if kind is None:
        return _weekday_working(day)
    return kind == DayKind.WORKING_DAY


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is worked: a weekday that is no holiday or day off, or a weekend day
    marked as worked in exchange."""
    return _is_working(day, _exceptions().kinds)


def whole_days(days: Decimal | int | float) -> int:
    """A time limit as whole working days: fractions round up (0.5 day → 1 day)."""
    value = Decimal(str(days)) if not isinstance(days, Decimal) else days
    if value.is_nan() or value.is_infinite():
        raise ValueError("days must be a finite number")
    if value < 0:
        raise ValueError("days must not be negative")
    whole = math.ceil(value)
    if whole > MAX_DAYS:
        raise ValueError("days is too large")
    return int(whole)


def add_working_days(start: dt.date, days: Decimal | int | float) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself is never counted; 0 days is
    ``start``). Fractions round up: 2.5 working days after Monday is Thursday."""
    remaining = whole_days(days)
    if remaining == 0:
        return start
    kinds = _exceptions().kinds
    day = start
    while remaining > 0:
        day += dt.timedelta(days=1)
        if _is_working(day, kinds):
            remaining -= 1
    return day


def _weekdays_in(start: dt.date, end: dt.date) -> int:
    """Monday-Friday days ``d`` with ``start < d <= end`` (``start <= end``)."""

    def upto(day: dt.date) -> int:
        # Weekdays from an arbitrary Monday epoch through ``day`` inclusive.
        ordinal = day.toordinal() - 1  # date(1, 1, 1) is a Monday: ordinal 1 → index 0
        weeks, rest = divmod(ordinal, 7)
        return weeks * 5 + min(rest + 1, 5)

    return upto(end) - upto(start)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days ``d`` with ``start < d <= end``; negative when ``end`` is before ``start``.
    The inverse of :func:`add_working_days`: ``working_days_between(s, add_working_days(s, n)) == n``."""
    if end < start:
        return -working_days_between(end, start)
    count = _weekdays_in(start, end)
    cached = _exceptions()
    lo = bisect.bisect_right(cached.days, start)
    hi = bisect.bisect_right(cached.days, end)
    for day in cached.days[lo:hi]:
        kind = cached.kinds[day]
        weekday = _weekday_working(day)
        if kind in NON_WORKING_KINDS and weekday:
            count -= 1
        elif kind == DayKind.WORKING_DAY and not weekday:
            count += 1
    return count


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when worked, else the first working day after it."""
    kinds = _exceptions().kinds
    while not _is_working(day, kinds):
        day += dt.timedelta(days=1)
    return day
