"""The rules without a database: the corrective-action deadline and the one-third share."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qms.inspections.rules import OnSiteCheck, followup_due_on


@pytest.mark.parametrize(
    ("signed_on", "due_on"),
    [
        (dt.date(2026, 9, 16), dt.date(2026, 11, 16)),
        (dt.date(2026, 11, 30), dt.date(2027, 1, 30)),  # across the year
        (dt.date(2026, 12, 31), dt.date(2027, 2, 28)),  # clamped to the month's end
        (dt.date(2027, 12, 30), dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 8, 31), dt.date(2026, 10, 31)),
        (dt.date(2026, 7, 31), dt.date(2026, 9, 30)),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 1)),
    ],
)
def test_follow_up_due_two_calendar_months_after_signing(signed_on, due_on):
    assert followup_due_on(signed_on) == due_on


@given(st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2099, 10, 31)))
def test_due_date_is_two_months_later_same_day_or_the_months_last(signed_on):
    due = followup_due_on(signed_on)
    months = (due.year - signed_on.year) * 12 + due.month - signed_on.month
    assert months == 2
    last = calendar.monthrange(due.year, due.month)[1]
    assert due.day == min(signed_on.day, last)
    assert 59 <= (due - signed_on).days <= 62


@pytest.mark.parametrize(
    ("total", "on_site", "required", "short"),
    [
        (0, 0, 0, False),
        (1, 0, 1, True),
        (1, 1, 1, False),
        (3, 1, 1, False),
        (4, 1, 2, True),
        (4, 2, 2, False),
        (6, 2, 2, False),
        (7, 2, 3, True),
        (80, 27, 27, False),
        (80, 26, 27, True),
    ],
)
def test_one_third_on_site(total, on_site, required, short):
    check = OnSiteCheck(total=total, on_site=on_site)
    assert check.required == required
    assert check.is_short is short
    assert check.short_by == max(required - on_site, 0)


def test_on_site_percent():
    assert OnSiteCheck(total=3, on_site=1).percent == 33.3
    assert OnSiteCheck(total=0, on_site=0).percent == 0.0
