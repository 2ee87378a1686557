"""Working days: weekends, holidays, days off in lieu and worked weekends; properties over random
calendars (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qms.procedures import calendar
from qms.procedures.models import CalendarDay

from .conftest import holiday

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 16)
FRI = dt.date(2026, 3, 20)
SAT = dt.date(2026, 3, 21)
SUN = dt.date(2026, 3, 22)


def test_weekdays_work_and_weekends_do_not():
    assert [calendar.is_working_day(MON + dt.timedelta(days=i)) for i in range(7)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_counting_starts_the_next_working_day():
    assert calendar.add_working_days(MON, 1) == dt.date(2026, 3, 17)
    assert calendar.add_working_days(FRI, 1) == dt.date(2026, 3, 23)
    assert calendar.add_working_days(SAT, 1) == dt.date(2026, 3, 23)
    assert calendar.add_working_days(SUN, 5) == dt.date(2026, 3, 27)
    assert calendar.add_working_days(MON, 5) == dt.date(2026, 3, 23)
    assert calendar.add_working_days(MON, 0) == MON


def test_fractions_round_up_to_a_whole_day():
    assert calendar.add_working_days(MON, Decimal("0.5")) == dt.date(2026, 3, 17)
    assert calendar.add_working_days(MON, Decimal("2.5")) == dt.date(2026, 3, 19)
    assert calendar.add_working_days(MON, 2.0) == dt.date(2026, 3, 18)


def test_negative_or_absurd_days_are_refused():
    with pytest.raises(ValueError):
        calendar.add_working_days(MON, -1)
    with pytest.raises(ValueError):
        calendar.add_working_days(MON, Decimal("NaN"))
    with pytest.raises(ValueError):
        calendar.add_working_days(MON, 10**7)


def test_tet_holiday_and_worked_saturday():
    # Tết Bính Ngọ 2026: 14/02 (Sat) – 22/02 (Sun) off; the weekdays 16-20/02 are holidays.
    for day in range(16, 21):
        holiday(dt.date(2026, 2, day), "Tết Nguyên đán")
    assert calendar.add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 23)
    assert calendar.working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 23)) == 1
    holiday(dt.date(2026, 2, 28), "Làm bù", kind="working_day")  # a Saturday worked
    assert calendar.is_working_day(dt.date(2026, 2, 28))
    assert calendar.add_working_days(dt.date(2026, 2, 27), 1) == dt.date(2026, 2, 28)
    assert calendar.working_days_between(dt.date(2026, 2, 23), dt.date(2026, 3, 2)) == 6


def test_day_off_in_lieu_is_not_worked():
    holiday(dt.date(2026, 5, 4), "Nghỉ bù", kind="day_off")
    assert not calendar.is_working_day(dt.date(2026, 5, 4))
    assert calendar.add_working_days(dt.date(2026, 5, 1), 1) == dt.date(2026, 5, 5)


def test_between_is_signed_and_counts_the_end_not_the_start():
    assert calendar.working_days_between(MON, MON) == 0
    assert calendar.working_days_between(MON, FRI) == 4
    assert calendar.working_days_between(FRI, MON) == -4
    assert calendar.working_days_between(FRI, SUN) == 0
    assert calendar.working_days_between(SAT, dt.date(2026, 3, 23)) == 1


def test_cache_is_refreshed_after_clear():
    assert calendar.is_working_day(MON)
    CalendarDay.objects.create(day=MON, kind="holiday", name="x")
    assert calendar.is_working_day(MON)  # cached
    calendar.clear_cache()
    assert not calendar.is_working_day(MON)


def test_next_working_day():
    assert calendar.next_working_day(SAT) == dt.date(2026, 3, 23)
    assert calendar.next_working_day(MON) == MON


# --- properties -------------------------------------------------------------------------------------

BASE = dt.date(2026, 1, 1)
dates = st.integers(min_value=0, max_value=400).map(lambda n: BASE + dt.timedelta(days=n))
exceptions = st.dictionaries(
    st.integers(min_value=0, max_value=420).map(lambda n: BASE + dt.timedelta(days=n)),
    st.sampled_from(["holiday", "day_off", "working_day"]),
    max_size=25,
)


def _install(kinds: dict[dt.date, str]) -> None:
    CalendarDay.objects.all().delete()
    CalendarDay.objects.bulk_create([CalendarDay(day=d, kind=k, name="x") for d, k in kinds.items()])
    calendar.clear_cache()


def _slow_count(start: dt.date, end: dt.date) -> int:
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(kinds=exceptions, start=dates, n=st.integers(min_value=0, max_value=60))
def test_add_then_count_is_the_identity(kinds, start, n):
    _install(kinds)
    end = calendar.add_working_days(start, n)
    assert calendar.working_days_between(start, end) == n
    if n:
        assert calendar.is_working_day(end)  # never lands on a non-working day
        assert end > start


@PROPERTY
@given(
    kinds=exceptions, start=dates, n=st.integers(min_value=0, max_value=40), m=st.integers(min_value=0, max_value=40)
)
def test_adding_is_monotonic_and_composes(kinds, start, n, m):
    _install(kinds)
    low, high = sorted((n, m))
    assert calendar.add_working_days(start, low) <= calendar.add_working_days(start, high)
    if n:
        assert calendar.add_working_days(calendar.add_working_days(start, n), m) == calendar.add_working_days(
            start, n + m
        )


@PROPERTY
@given(kinds=exceptions, a=dates, b=dates)
def test_between_matches_counting_day_by_day_and_is_antisymmetric(kinds, a, b):
    _install(kinds)
    start, end = sorted((a, b))
    assert calendar.working_days_between(start, end) == _slow_count(start, end)
    assert calendar.working_days_between(b, a) == -calendar.working_days_between(a, b)


@PROPERTY
@given(kinds=exceptions, start=dates, half=st.integers(min_value=0, max_value=30))
def test_fractions_never_shorten_the_limit(kinds, start, half):
    _install(kinds)
    days = Decimal(half) + Decimal("0.5")
    assert calendar.add_working_days(start, days) == calendar.add_working_days(start, half + 1)
