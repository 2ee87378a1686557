"""Forms of the record rule pages (quy định lưu hồ sơ) and how a retention period is shown."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qms.core.forms import BootstrapFormMixin, set_choices
from qms.organisations.forms import DATE_WIDGET
from qms.organisations.models import Organisation

from .models import DisposalMethod, Document, RecordRule

YEARS, MONTHS = "years", "months"


def retention_label(months: int | None) -> str:
    """A retention as people say it: "5 năm", "18 tháng", "Vĩnh viễn"."""
    if months is None:
        return str(_("Vĩnh viễn"))
    if months and months % 12 == 0:
        years = months // 12
        return ngettext("%(n)s năm", "%(n)s năm", years) % {"n": years}
    return ngettext("%(n)s tháng", "%(n)s tháng", months) % {"n": months}


def _org_choices(organisations: list[Organisation]) -> list[tuple[int, str]]:
    top = min((o.depth for o in organisations), default=0)
    return [(o.pk, f"{'— ' * (o.depth - top)}{o.name}") for o in organisations]


class RecordRuleForm(BootstrapFormMixin, forms.Form):
    organisation = forms.TypedChoiceField(label=_("Cơ quan, đơn vị có hồ sơ"), coerce=int)
    name = forms.CharField(
        label=_("Tên hồ sơ"), max_length=300, help_text=_("Ví dụ: Sổ theo dõi tiếp nhận và trả kết quả hồ sơ TTHC")
    )
    document = forms.TypedChoiceField(
        label=_("Theo tài liệu (quy trình, biểu mẫu)"), coerce=int, required=False, empty_value=None
    )
    keeper = forms.CharField(
        label=_("Người/bộ phận lưu"), max_length=200, help_text=_("Ví dụ: Công chức Bộ phận Một cửa")
    )
    place = forms.CharField(label=_("Nơi lưu"), max_length=200, help_text=_("Ví dụ: Tủ hồ sơ phòng Văn thư"))
    retention_value = forms.IntegerField(label=_("Số năm hoặc số tháng"), min_value=1, max_value=1200, required=False)
    retention_unit = forms.ChoiceField(
        label=_("Đơn vị thời gian"), choices=[(YEARS, _("năm")), (MONTHS, _("tháng"))], initial=YEARS
    )
    permanent = forms.BooleanField(label=_("Lưu vĩnh viễn"), required=False)
    disposal_method = forms.ChoiceField(label=_("Cách huỷ khi hết thời hạn lưu"), choices=DisposalMethod.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, organisations: list[Organisation], documents: list[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organisation", _org_choices(organisations))
        set_choices(self, "document", [("", "—"), *((d.pk, str(d)) for d in documents)])

    @classmethod
    def initial_for(cls, rule: RecordRule) -> dict[str, Any]:
        months = rule.retention_months
        if months is None:
            value, unit = None, YEARS
        elif months % 12 == 0:
            value, unit = months // 12, YEARS
        else:
            value, unit = months, MONTHS
        return {
            "organisation": rule.organisation_id,
            "name": rule.name,
            "document": rule.document_id,
            "keeper": rule.keeper,
            "place": rule.place,
            "retention_value": value,
            "retention_unit": unit,
            "permanent": months is None,
            "disposal_method": rule.disposal_method,
            "note": rule.note,
            "version": rule.version,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("permanent"):
            data["retention_months"] = None
        elif data.get("retention_value"):
            value = data["retention_value"]
            data["retention_months"] = value * 12 if data.get("retention_unit") == YEARS else value
        elif "retention_value" not in self.errors:
            self.add_error("retention_value", _("Nhập thời gian lưu, hoặc chọn “Lưu vĩnh viễn”."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as the service's arguments (organisation and document still as ids)."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "keeper": data["keeper"],
            "place": data["place"],
            "retention_months": data["retention_months"],
            "disposal_method": data["disposal_method"],
            "note": data["note"],
        }


# Service argument → form field, for errors the service reports.
RULE_FIELD_MAP = {"retention_months": "retention_value"}


class RecordHoldingForm(BootstrapFormMixin, forms.Form):
    label = forms.CharField(
        label=_("Tập hồ sơ"), max_length=300, help_text=_("Ví dụ: Hồ sơ năm 2024, Sổ số 02 (01/2024 – 06/2024)")
    )
    period_end = forms.DateField(
        label=_("Hồ sơ kết thúc ngày"),
        widget=DATE_WIDGET,
        help_text=_("Thời hạn lưu được tính từ ngày này (thường là ngày cuối năm của hồ sơ)."),
    )
    location = forms.CharField(
        label=_("Vị trí lưu cụ thể"), max_length=200, required=False, help_text=_("Ví dụ: Tủ số 3, ngăn 2")
    )


class RecordDisposeForm(BootstrapFormMixin, forms.Form):
    disposed_on = forms.DateField(
        label=_("Ngày huỷ"), widget=DATE_WIDGET, error_messages={"required": _("Phải ghi ngày huỷ.")}
    )
    disposal_record = forms.CharField(
        label=_("Số biên bản huỷ"),
        max_length=300,
        help_text=_("Ví dụ: Biên bản huỷ số 03/BB-VP ngày 15/01/2026"),
        error_messages={"required": _("Phải ghi số biên bản huỷ (ví dụ: Biên bản huỷ số 03/BB-VP).")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"disposed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
