"""Dates are printed on Vietnam's calendar day, whatever the UTC date."""

from __future__ import annotations

import datetime as dt

from qms.core.display import display_value, format_date, format_datetime
from qms.core.templatetags.qms_tags import vn_date

LATE_UTC = dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC)  # 06:30 on 08/12/2026 in Vietnam


def test_aware_datetime_prints_the_local_day():
    assert format_date(LATE_UTC) == "08/12/2026"
    assert format_datetime(LATE_UTC) == "08/12/2026 06:30"
    assert vn_date(LATE_UTC) == "08/12/2026"


def test_dates_and_nothing():
    assert format_date(dt.date(2026, 1, 5)) == "05/01/2026"
    assert format_date(None) == ""
    assert format_date(None, empty="—") == "—"
    assert vn_date(None) == "—"


def test_audit_values_stored_as_iso_text():
    assert display_value(LATE_UTC.isoformat()) == "08/12/2026 06:30"
    assert display_value(LATE_UTC) == "08/12/2026 06:30"
    assert display_value("2026-12-08") == "08/12/2026"
