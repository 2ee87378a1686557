from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin
from qms.core.widgets import DATE_WIDGET

from .models import LegalTextKind


class LegalTextForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=[("", "—"), *LegalTextKind.choices])
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=120,
        help_text=_("Ví dụ: 19/2014/QĐ-TTg, 101/QĐ-BKHCN; tiêu chuẩn: TCVN ISO 9001:2015."),
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    title = forms.CharField(label=_("Trích yếu"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    signed_on = forms.DateField(label=_("Ngày ký"), required=False, widget=DATE_WIDGET)
    effective_on = forms.DateField(
        label=_("Ngày có hiệu lực"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_(
            "Cần có để tính hạn cập nhật tài liệu (3 tháng sau ngày văn bản mới có hiệu lực). "
            "Xem điều khoản thi hành ở cuối văn bản."
        ),
    )
    expires_on = forms.DateField(label=_("Ngày hết hiệu lực"), required=False, widget=DATE_WIDGET)
    url = forms.URLField(label=_("Đường dẫn tới toàn văn"), max_length=500, required=False, assume_scheme="https")
    upload = forms.FileField(
        label=_("Tệp toàn văn"),
        required=False,
        help_text=_("PDF, Word hoặc ảnh chụp văn bản (không bắt buộc)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc,.png,.jpg,.jpeg,.tif,.tiff"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        signed, effective, expires = data.get("signed_on"), data.get("effective_on"), data.get("expires_on")
        if signed and effective and effective < signed:
            self.add_error("effective_on", _("Ngày có hiệu lực không thể trước ngày ký."))
        start = effective or signed
        if start and expires and expires <= start:
            self.add_error("expires_on", _("Ngày hết hiệu lực phải sau ngày có hiệu lực (hoặc ngày ký)."))
        return data


class ReplaceForm(BootstrapFormMixin, forms.Form):
    relation = forms.ChoiceField(
        label=_("Quan hệ"),
        choices=[
            ("replace", _("Văn bản này thay thế các văn bản dưới đây")),
            ("amend", _("Văn bản này sửa đổi, bổ sung các văn bản dưới đây")),
        ],
        widget=forms.RadioSelect,
        initial="replace",
    )
    numbers = forms.CharField(
        label=_("Số, ký hiệu của các văn bản bị thay thế hoặc được sửa đổi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một số, ký hiệu (hoặc ngăn cách bằng dấu chấm phẩy), ví dụ 61/2018/NĐ-CP."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def numbers_list(self) -> list[str]:
        raw = self.cleaned_data.get("numbers", "")
        return [part.strip() for line in raw.splitlines() for part in line.split(";") if part.strip()]


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV hoặc Excel (.xlsx)"),
        help_text=_(
            "Dòng đầu là tiêu đề cột: Số, ký hiệu; Loại văn bản; Cơ quan ban hành; Trích yếu; Ngày ký; "
            "Ngày hiệu lực (hoặc number, type, issuer, title, signed_on, effective_on). "
            "Ngày ghi dạng ngày/tháng/năm."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
