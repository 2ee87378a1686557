"""How stored values are shown to people (documents, pages, exports, audit trails).

Every date printed by Python code goes through :func:`format_date` (or :func:`format_datetime`):
an aware datetime is first converted to the installation's local time (``TIME_ZONE``, Vietnam),
so a decision taken at 06:30 on 08/12 in Hà Nội (23:30 on 07/12 in UTC) prints 08/12.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

EMPTY = "—"


def local_date(value: dt.date | dt.datetime) -> dt.date:
    """The calendar day of ``value`` in local time (an aware datetime is converted first)."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def format_date(value: dt.date | dt.datetime | None, empty: str = "") -> str:
    """``08/12/2026``: a date as it is, an aware datetime on its local day; ``empty`` for nothing."""
    if value is None or value == "":
        return empty
    return local_date(value).strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime | None, empty: str = "") -> str:
    """``08/12/2026 06:30`` in local time."""
    if value is None:
        return empty
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def display_value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if value is True:
        return _("Có")
    if value is False:
        return _("Không")
    if isinstance(value, list | tuple):
        return ", ".join(display_value(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {display_value(v)}" for k, v in value.items())
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            parsed: dt.date = dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
        except ValueError:
            return value
        if isinstance(parsed, dt.datetime):
            return format_datetime(parsed)
        return format_date(parsed)
    return str(value)
