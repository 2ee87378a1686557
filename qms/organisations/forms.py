from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin, set_choices
from qms.core.widgets import DATE_WIDGET

from .models import ALLOWED_PARENT_KINDS, LineageEvent, Organisation, OrganisationKind, Role


class OrganisationForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=OrganisationKind.choices)
    name = forms.CharField(label=_("Tên"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    code = forms.CharField(
        label=_("Mã"),
        max_length=40,
        help_text=_("Mã chính thức nếu có; nếu không, đặt mã nội bộ duy nhất, ví dụ 22.STP."),
    )
    valid_from = forms.DateField(label=_("Hiệu lực từ"), required=False, widget=DATE_WIDGET)
    valid_to = forms.DateField(
        label=_("Hiệu lực đến"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Để trống nếu đơn vị đang hoạt động; ghi ngày kết thúc với đơn vị đã giải thể, sáp nhập."),
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    website = forms.URLField(label=_("Trang thông tin điện tử"), required=False, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, parent: Organisation | None = None, kinds: list[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if kinds is None:
            parent_kind = parent.kind if parent else None
            kinds = [k for k, allowed in ALLOWED_PARENT_KINDS.items() if parent_kind in allowed]
        set_choices(self, "kind", [(k, OrganisationKind(k).label) for k in kinds])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
        return data


class OrganisationEditForm(OrganisationForm):
    parent = forms.TypedChoiceField(label=_("Trực thuộc"), coerce=int, required=False)

    def __init__(self, *args: Any, parents: list[Organisation] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].disabled = True
        set_choices(self, "parent", [("", "—")] + [(p.pk, f"{'— ' * p.depth}{p.name}") for p in parents or []])
        self.order_fields(["parent", "kind", "name"])


class LineageForm(BootstrapFormMixin, forms.Form):
    direction = forms.ChoiceField(
        label=_("Quan hệ"),
        choices=[
            ("predecessor", _("Đơn vị này kế thừa từ đơn vị được chọn")),
            ("successor", _("Đơn vị được chọn kế thừa đơn vị này")),
        ],
    )
    other = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    event = forms.ChoiceField(label=_("Hình thức"), choices=LineageEvent.choices)
    effective_date = forms.DateField(label=_("Ngày hiệu lực"), widget=DATE_WIDGET)
    decision = forms.CharField(
        label=_("Căn cứ"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Nghị quyết số 1679/NQ-UBTVQH15 ngày 16/6/2025."),
    )

    def __init__(self, *args: Any, candidates: list[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "other", [(o.pk, f"{o.name} ({o.code})") for o in candidates])


class GrantRoleForm(BootstrapFormMixin, forms.Form):
    organisation = forms.TypedChoiceField(label=_("Tổ chức"), coerce=int)
    role = forms.ChoiceField(label=_("Vai trò"))
    position = forms.CharField(label=_("Chức vụ"), max_length=120, required=False)

    def __init__(self, *args: Any, organisations: list[Organisation], roles: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "organisation",
            [("", _("— Chọn cơ quan, đơn vị —"))] + [(o.pk, f"{'— ' * o.depth}{o.name}") for o in organisations],
        )
        set_choices(self, "role", [("", _("— Chọn vai trò —"))] + [(r, Role(r).label) for r in roles])


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Đối tượng"), required=False)
    actor = forms.CharField(label=_("Người thực hiện"), required=False)
    verb = forms.ChoiceField(label=_("Hành động"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, verbs: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "verb", [("", _("Tất cả")), *verbs])
