"""The 5-working-day rule of the catalogue on Vietnam's calendar, at month ends, year ends and late
in the evening UTC (the server's UTC date is then still the day before Vietnam's)."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.core.tests.clock import MOMENTS, frozen_at
from qms.procedures.models import PublishingDecision
from qms.procedures.services import catalogue_import

from .conftest import holiday

pytestmark = pytest.mark.django_db

# Five working days after a decision signed on each moment's Vietnamese "today", counted by hand
# (Saturdays, Sundays and New Year's Day 2027 off).
DUE_5_WORKING_DAYS = {
    dt.date(2026, 11, 30): dt.date(2026, 12, 7),
    dt.date(2026, 12, 31): dt.date(2027, 1, 8),
    dt.date(2027, 1, 1): dt.date(2027, 1, 8),
    dt.date(2027, 3, 1): dt.date(2027, 3, 8),
    dt.date(2027, 12, 31): dt.date(2028, 1, 7),
    dt.date(2028, 1, 1): dt.date(2028, 1, 7),
}


def _row(code: str) -> dict[str, str]:
    return {"code": code, "name": f"Thủ tục {code}", "level": "tỉnh", "time_limit": "10 ngày làm việc"}


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_a_decision_entered_today_is_dated_today_and_due_five_working_days_after_signing(moment, province):
    holiday(dt.date(2027, 1, 1), "Tết Dương lịch")
    with frozen_at(moment.at):
        catalogue_import(
            actor=None,
            catalogue=province,
            rows=[_row("1.000001")],
            decision_number="1/QĐ-UBND",
            decision_signed_on=moment.today,
        )
        catalogue_import(
            actor=None,
            catalogue=province,
            rows=[_row("1.000002")],
            decision_number="2/QĐ-UBND",
            decision_signed_on=moment.today - dt.timedelta(days=10),
        )

    on_time = PublishingDecision.objects.get(number="1/QĐ-UBND")
    assert (on_time.recorded_on, on_time.due_on, on_time.is_late) == (
        moment.today,
        DUE_5_WORKING_DAYS[moment.today],
        False,
    )
    late = PublishingDecision.objects.get(number="2/QĐ-UBND")
    assert (late.recorded_on, late.is_late) == (moment.today, True)
