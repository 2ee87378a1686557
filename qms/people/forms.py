from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin, set_choices
from qms.organisations.forms import DATE_WIDGET
from qms.organisations.models import Organisation, Role

from .models import CommitteePosition, TrainingKind


def _org_choices(organisations: list[Organisation]) -> list[tuple[int, str]]:
    return [(o.pk, f"{'— ' * o.depth}{o.name}") for o in organisations]


class UserCreateForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Chỉ dùng chữ không dấu, số và các ký tự . @ + - _")},
        help_text=_("Ví dụ: nguyenvanan.stp"),
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    organisation = forms.TypedChoiceField(label=_("Cơ quan, đơn vị"), coerce=int)
    role = forms.ChoiceField(label=_("Vai trò"))
    position = forms.CharField(
        label=_("Chức vụ"), max_length=120, required=False, help_text=_("Ví dụ: Chánh Văn phòng")
    )
    password1 = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput(render_value=False), strip=False)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, organisations: list[Organisation], roles: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "organisation", _org_choices(organisations))
        set_choices(self, "role", [(r, Role(r).label) for r in roles])

    def clean_username(self) -> str:
        from .selectors import username_taken

        username = self.cleaned_data["username"].strip()
        if username_taken(username):
            raise forms.ValidationError(_("Tên đăng nhập “%(u)s” đã có người dùng.") % {"u": username})
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data


class UserEditForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    is_active = forms.BooleanField(label=_("Tài khoản đang hoạt động"), required=False)


class SetPasswordForm(BootstrapFormMixin, forms.Form):
    password1 = forms.CharField(label=_("Mật khẩu mới"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu mới"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data


class CommitteeForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên"), max_length=255, initial=_("Ban chỉ đạo ISO"))
    decision_number = forms.CharField(
        label=_("Số quyết định thành lập"), max_length=60, help_text=_("Ví dụ: 125/QĐ-STP")
    )
    decision_date = forms.DateField(label=_("Ngày ký"), widget=DATE_WIDGET)
    signed_by = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommitteeMemberForm(BootstrapFormMixin, forms.Form):
    user = forms.TypedChoiceField(label=_("Chọn từ tài khoản"), coerce=int, required=False, empty_value=None)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    job_title = forms.CharField(label=_("Chức vụ tại cơ quan"), max_length=150, required=False)
    position = forms.ChoiceField(label=_("Vị trí trong ban"), choices=CommitteePosition.choices)

    def __init__(self, *args: Any, users: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "user", [("", "—")] + [(u.pk, u.full_name or u.username) for u in users])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("user") and not data.get("full_name"):
            self.add_error("full_name", _("Chọn một tài khoản hoặc nhập họ và tên."))
        return data


class TrainingForm(BootstrapFormMixin, forms.Form):
    user = forms.TypedChoiceField(label=_("Tài khoản học viên"), coerce=int, required=False, empty_value=None)
    trainee_name = forms.CharField(label=_("Họ và tên học viên"), max_length=150, required=False)
    kind = forms.ChoiceField(label=_("Loại khóa học"), choices=TrainingKind.choices)
    course = forms.CharField(label=_("Tên khóa học"), max_length=255)
    provider = forms.CharField(label=_("Đơn vị đào tạo"), max_length=255, required=False)
    start_date = forms.DateField(label=_("Từ ngày"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET)
    certificate_number = forms.CharField(label=_("Số chứng chỉ, giấy chứng nhận"), max_length=80, required=False)
    certificate_date = forms.DateField(label=_("Ngày cấp"), required=False, widget=DATE_WIDGET)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, users: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "user", [("", "—")] + [(u.pk, u.full_name or u.username) for u in users])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("user") and not data.get("trainee_name"):
            self.add_error("trainee_name", _("Chọn một tài khoản hoặc nhập họ và tên học viên."))
        return data
