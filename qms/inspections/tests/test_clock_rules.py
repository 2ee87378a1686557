"""Signing the minutes on Vietnam's "today" and the 2-month follow-up, at month ends, year ends and
late in the evening UTC (the server's UTC date is then still the day before Vietnam's)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qms.core.tests.clock import MOMENTS, frozen_at
from qms.inspections import services_results
from qms.inspections.models import FollowUp, Minutes
from qms.obligations.models import Obligation

from .conftest import score_inspection, submit_self

# Two months after each moment's Vietnamese "today", written out by hand.
DUE_2_MONTHS = {
    dt.date(2026, 11, 30): dt.date(2027, 1, 30),
    dt.date(2026, 12, 31): dt.date(2027, 2, 28),
    dt.date(2027, 1, 1): dt.date(2027, 3, 1),
    dt.date(2027, 3, 1): dt.date(2027, 5, 1),
    dt.date(2027, 12, 31): dt.date(2028, 2, 29),  # a leap year
    dt.date(2028, 1, 1): dt.date(2028, 3, 1),
}


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_minutes_signed_today_open_follow_ups_due_two_months_later(
    moment, minutes, stp_entry, inspector, rubric, department
):
    submit_self(rubric, department)
    score_inspection(stp_entry, inspector)
    with frozen_at(moment.at):
        with pytest.raises(ValidationError) as exc:
            services_results.minutes_sign(
                actor=inspector, minutes=minutes, signed_on=moment.today + dt.timedelta(1), expected_version=None
            )
        assert exc.value.message_dict == {"signed_on": ["Ngày ký không thể sau hôm nay."]}
        assert Minutes.objects.get(pk=minutes.pk).signed_on is None

        follow_ups = services_results.minutes_sign(
            actor=inspector, minutes=minutes, signed_on=moment.today, expected_version=None
        )

    assert follow_ups and {f.due_on for f in FollowUp.objects.all()} == {DUE_2_MONTHS[moment.today]}
    obligations = Obligation.objects.filter(kind="inspection_followup")
    assert {(o.opened_on, o.due_on) for o in obligations} == {(moment.today, DUE_2_MONTHS[moment.today])}
