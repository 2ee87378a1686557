from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin
from qms.core.widgets import DATE_WIDGET

from .models import DayKind
from .selectors import LEVEL_CHOICES


class CatalogueImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp danh mục TTHC (CSV hoặc Excel .xlsx)"),
        help_text=_(
            "Dòng tiêu đề gồm các cột như danh mục công bố: Mã TTHC; Tên thủ tục hành chính; Lĩnh vực; Cấp thực hiện; "
            "Thời hạn giải quyết; Phí, lệ phí; Căn cứ pháp lý; Quyết định công bố; Cơ quan thực hiện (mã hoặc tên cơ "
            "quan, ngăn cách bằng dấu “;”); tuỳ chọn: Loại thay đổi (mới, sửa đổi, thay thế, bãi bỏ), Thay thế mã."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    decision_number = forms.CharField(
        label=_("Số, ký hiệu quyết định công bố"),
        max_length=80,
        required=False,
        help_text=_("Áp dụng cho các dòng không ghi quyết định công bố. Ví dụ: 1949/QĐ-UBND."),
    )
    decision_signed_on = forms.DateField(label=_("Ngày ký quyết định"), required=False, widget=DATE_WIDGET)
    decision_title = forms.CharField(
        label=_("Trích yếu quyết định"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Về việc công bố danh mục thủ tục hành chính mới, sửa đổi…")}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision_number") and not data.get("decision_signed_on"):
            self.add_error("decision_signed_on", _("Hãy ghi ngày ký của quyết định công bố."))
        if data.get("decision_signed_on") and not data.get("decision_number"):
            self.add_error("decision_number", _("Hãy ghi số, ký hiệu của quyết định công bố."))
        return data


class ProcedureForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên thủ tục hành chính"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    field = forms.CharField(label=_("Lĩnh vực"), max_length=255, required=False)
    level = forms.ChoiceField(label=_("Cấp thực hiện"), choices=LEVEL_CHOICES)
    time_limit_days = forms.DecimalField(
        label=_("Thời hạn giải quyết (ngày làm việc)"),
        required=False,
        min_value=0,
        max_value=9999,
        max_digits=6,
        decimal_places=1,
        help_text=_("Để trống nếu thời hạn không tính được theo ngày làm việc (ví dụ: theo tháng, theo thỏa thuận)."),
    )
    time_limit_text = forms.CharField(
        label=_("Thời hạn giải quyết (theo văn bản công bố)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fees = forms.CharField(label=_("Phí, lệ phí"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    legal_bases = forms.CharField(label=_("Căn cứ pháp lý"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AssignForm(BootstrapFormMixin, forms.Form):
    agency = forms.TypedChoiceField(label=_("Giao cho cơ quan"), coerce=int, choices=())
    assigned_on = forms.DateField(
        label=_("Giao từ ngày"), required=False, widget=DATE_WIDGET, help_text=_("Mặc định: hôm nay.")
    )


class UnassignForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do thôi giao"),
        max_length=300,
        help_text=_("Ví dụ: Quyết định 120/QĐ-UBND điều chỉnh cơ quan thực hiện."),
    )


class CalendarDayForm(BootstrapFormMixin, forms.Form):
    day = forms.DateField(label=_("Ngày"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("Loại ngày"), choices=DayKind.choices)
    name = forms.CharField(
        label=_("Tên ngày nghỉ / lý do"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Tết Nguyên đán Bính Ngọ (mùng 1)")}),
    )
    basis = forms.CharField(
        label=_("Căn cứ (thông báo, công văn)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Thông báo của Bộ Nội vụ về lịch nghỉ Tết")}),
    )


class CalendarImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV"),
        help_text=_(
            "Các cột: day (ngày, dạng dd/mm/yyyy hoặc yyyy-mm-dd), kind (holiday: nghỉ lễ, Tết; day_off: nghỉ bù; "
            "working_day: thứ Bảy, Chủ nhật làm bù), name (tên), basis (căn cứ). Dòng bắt đầu bằng # là ghi chú."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt"}),
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    replace_year = forms.BooleanField(
        label=_("Xoá các ngày của năm này không có trong tệp"),
        required=False,
    )
