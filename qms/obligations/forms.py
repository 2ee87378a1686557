from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin


class CloseForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Kết quả thực hiện"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: Đã ban hành lần 3 của quy trình theo văn bản mới, hiệu lực từ 01/03/2026."),
    )
