"""Freezing "now" in tests: dates in a test are either relative to ``timezone.localdate()`` or the
test freezes the clock around its hard-coded calendar date with :func:`frozen_at`.

The default moment is 06:30 in Vietnam, which is still the previous day in UTC (23:30): code that
takes "today" from the machine's UTC date instead of ``timezone.localdate()`` is caught at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


UTC = dt.UTC


@dataclass(frozen=True)
class Moment:
    """A moment the date rules are checked at, with what "today" is in Vietnam then."""

    label: str
    at: dt.datetime
    today: dt.date

    def __str__(self) -> str:
        return self.label


# Month ends, year ends and late evening UTC, when Vietnam (UTC+7) is already on the next day.
MOMENTS = [
    Moment("30/11 23:30 Vietnam", dt.datetime(2026, 11, 30, 16, 30, tzinfo=UTC), dt.date(2026, 11, 30)),
    Moment("31/12 23:30 Vietnam", dt.datetime(2026, 12, 31, 16, 30, tzinfo=UTC), dt.date(2026, 12, 31)),
    Moment("31/12 17:30 UTC = 01/01 Vietnam", dt.datetime(2026, 12, 31, 17, 30, tzinfo=UTC), dt.date(2027, 1, 1)),
    Moment("28/02 18:00 UTC = 01/03 Vietnam", dt.datetime(2027, 2, 28, 18, 0, tzinfo=UTC), dt.date(2027, 3, 1)),
    Moment("31/12/2027 23:59 Vietnam", dt.datetime(2027, 12, 31, 16, 59, tzinfo=UTC), dt.date(2027, 12, 31)),
    Moment("31/12/2027 17:00 UTC = 01/01/2028", dt.datetime(2027, 12, 31, 17, 0, tzinfo=UTC), dt.date(2028, 1, 1)),
]
