"""The 3-month legal-update rule on Vietnam's calendar, at month ends, year ends and late in the
evening UTC (when the server's UTC date is still the day before Vietnam's)."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.core.dates import add_months
from qms.core.tests.clock import MOMENTS, frozen_at
from qms.legal import services
from qms.legal.models import LegalTextStatus
from qms.obligations.models import Obligation

from .conftest import add_text, cite

# The 3-month rule for each moment's Vietnamese "today", written out by hand.
DUE_3_MONTHS = {
    dt.date(2026, 11, 30): dt.date(2027, 2, 28),
    dt.date(2026, 12, 31): dt.date(2027, 3, 31),
    dt.date(2027, 1, 1): dt.date(2027, 4, 1),
    dt.date(2027, 3, 1): dt.date(2027, 6, 1),
    dt.date(2027, 12, 31): dt.date(2028, 3, 31),
    dt.date(2028, 1, 1): dt.date(2028, 4, 1),
}


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_a_replacement_in_force_today_opens_an_update_due_three_months_later(moment, department, coordinator, doc_stp):
    old = add_text("12/2017/NĐ-CP", signed_on=dt.date(2017, 2, 1), effective_on=dt.date(2017, 3, 1))
    cite(doc_stp, department, old)
    with frozen_at(moment.at):
        today = moment.today
        new = add_text("25/2026/NĐ-CP", signed_on=dt.date(2026, 10, 1), effective_on=today)
        tomorrow = add_text("26/2026/NĐ-CP", signed_on=dt.date(2026, 10, 1), effective_on=today + dt.timedelta(1))

        services.legal_text_replace(actor=coordinator, new=new, old_texts=[old])

        assert new.status_on() == LegalTextStatus.IN_FORCE
        assert tomorrow.status_on() == LegalTextStatus.PENDING
    obligation = Obligation.objects.get()
    assert obligation.opened_on == moment.today
    assert obligation.due_on == DUE_3_MONTHS[moment.today] == add_months(moment.today, 3)
