"""The search form: words, then filters (source: documents, legal texts or administrative
procedures; kind, status, agency, dates). Invalid filter values are dropped rather than reported:
a search page never answers with an error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin
from qms.core.widgets import DateInput

from .selectors import KIND_LABELS, SOURCE_LABELS, SOURCES, STATUS_LABELS


def _date_widget() -> forms.DateInput:
    return DateInput(attrs={"class": "form-control"})


def _grouped(labels: dict[str, dict[str, Any]]) -> list[tuple[Any, Any]]:
    groups: list[tuple[Any, Any]] = [("", _("Tất cả"))]
    for source in SOURCES:
        groups.append((SOURCE_LABELS[source], list(labels[source].items())))
    return groups


class SearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("Ví dụ: quy trình tiếp nhận hồ sơ, QĐ 19/2014")}),
    )
    source = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=[("", _("Tất cả")), *SOURCE_LABELS.items()],
    )
    kind = forms.ChoiceField(label=_("Loại tài liệu, văn bản"), required=False, choices=_grouped(KIND_LABELS))
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=_grouped(STATUS_LABELS))
    agency = forms.TypedChoiceField(label=_("Cơ quan"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from"/"to" are the URL's names; they are not valid Python attribute names.
        self.fields["from"] = forms.DateField(label=_("Từ ngày"), required=False, widget=_date_widget())
        self.fields["to"] = forms.DateField(label=_("Đến ngày"), required=False, widget=_date_widget())
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ChoiceField)
        agency_field.choices = [("", _("Tất cả cơ quan")), *agencies]
        self.has_agencies = bool(agencies)
        if not agencies:
            del self.fields["agency"]

    def filters(self) -> dict[str, Any]:
        """The valid filters (invalid ones are left out), as ``search_for_user`` keywords."""
        data: dict[str, Any] = {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        for name, key in (("source", "source"), ("kind", "kind"), ("status", "status"), ("agency", "agency_id")):
            if name not in self.errors and cleaned.get(name):
                data[key] = cleaned[name]
        for name, key in (("from", "date_from"), ("to", "date_to")):
            if name not in self.errors and cleaned.get(name):
                data[key] = cleaned[name]
        return data

    def text(self) -> str:
        self.is_valid()
        if "q" in self.errors:
            return (self.data.get("q") or "")[:200]
        return (getattr(self, "cleaned_data", {}).get("q") or "").strip()
