"""Freezing "now" in tests: dates in a test are either relative to ``timezone.localdate()`` or the
test freezes the clock around its hard-coded calendar date with :func:`frozen_at`.

The default moment is 06:30 in Vietnam, which is still the previous day in UTC (23:30): code that
takes "today" from the machine's UTC date instead of ``timezone.localdate()`` is caught at once.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
EARLY_MORNING = dt.time(6, 30)  # 23:30 UTC on the day before


def vietnam_moment(day: dt.date, at: dt.time = EARLY_MORNING) -> dt.datetime:
    """``day`` at ``at`` o'clock in Vietnam, as an aware datetime."""
    return dt.datetime.combine(day, at, tzinfo=VIETNAM)


def frozen_at(day: dt.date | dt.datetime, at: dt.time = EARLY_MORNING, *, tick: bool = True) -> time_machine.travel:
    """A context manager (or decorator) that sets the clock to ``day`` at ``at`` in Vietnam.

    The clock ticks on from there by default, so records created one after the other keep their
    order; pass ``tick=False`` to stop it.
    """
    moment = day if isinstance(day, dt.datetime) else vietnam_moment(day, at)
    return time_machine.travel(moment, tick=tick)
