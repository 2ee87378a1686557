"""Form widgets shared by every app.

``DateInput``: a text input showing and accepting dd/mm/yyyy whatever the browser's locale (a
native ``<input type="date">`` follows the browser: an English browser shows mm/dd/yyyy).
``static/js/app.js`` adds a calendar (flatpickr) that follows the page's language; without it the
field still takes a typed date. The server parses the formats of ``config/formats``.
"""

from __future__ import annotations

from typing import Any

from django import forms

DATE_FORMAT = "%d/%m/%Y"


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "data-datepicker": "",
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "class": "qms-date",
        }
        merged = {**base, **(attrs or {})}
        if attrs and "class" in attrs:
            merged["class"] = f"qms-date {attrs['class']}"
        super().__init__(attrs=merged, format=DATE_FORMAT)


DATE_WIDGET = DateInput()
