"""Dates in Vietnamese: every date field is a dd/mm/yyyy text input (a native date input follows the
browser's locale), and the forms read dd/mm/yyyy in both languages, never mm/dd/yyyy."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

from qms.core.widgets import DATE_WIDGET, DateInput

ROOT = Path(settings.BASE_DIR)
FORM_MODULES = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in (ROOT / "qms").glob("*/forms*.py"))


class _Form(forms.Form):
    day = forms.DateField(widget=DATE_WIDGET)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01/05/2026", dt.date(2026, 5, 1)),
        ("1/5/2026", dt.date(2026, 5, 1)),
        ("21-11-2026", dt.date(2026, 11, 21)),
        ("21.11.2026", dt.date(2026, 11, 21)),
        ("21/11/26", dt.date(2026, 11, 21)),
        ("2026-11-21", dt.date(2026, 11, 21)),
    ],
)
def test_dates_are_read_day_first_in_both_languages(language, typed, expected):
    with translation.override(language):
        form = _Form({"day": typed})

        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == expected


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_impossible_date_is_refused(language):
    with translation.override(language):
        form = _Form({"day": "31/02/2026"})

        assert not form.is_valid()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_widget_is_a_dd_mm_yyyy_text_field(language):
    with translation.override(language):
        html = str(_Form(initial={"day": dt.date(2026, 5, 1)})["day"])

    assert 'type="text"' in html
    assert 'value="01/05/2026"' in html
    assert "data-datepicker" in html
    assert 'placeholder="dd/mm/yyyy"' in html


def test_the_widget_keeps_extra_classes():
    html = DateInput(attrs={"class": "form-control"}).render("d", None)

    assert 'class="qms-date form-control"' in html


@pytest.mark.parametrize("module", FORM_MODULES)
def test_every_date_field_of_every_form_uses_the_dd_mm_yyyy_widget(module):
    loaded = importlib.import_module(module)
    for name in dir(loaded):
        form_class = getattr(loaded, name)
        if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
            continue
        for field_name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField):
                assert isinstance(field.widget, DateInput), f"{module}.{name}.{field_name}"


def test_no_template_and_no_form_asks_for_a_native_date_input():
    offenders = []
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "qms").glob("*/forms*.py")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"""type=["']date["']|["']type["']:\s*["']date["']""", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
