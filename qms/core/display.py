"""How stored values are shown to people (audit trails, exports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

EMPTY = "—"


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
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            parsed: dt.date = dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
        except ValueError:
            return value
        if isinstance(parsed, dt.datetime):
            if timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
            return parsed.strftime("%d/%m/%Y %H:%M")
        return parsed.strftime("%d/%m/%Y")
    return str(value)
