from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin, set_choices
from qms.organisations.forms import DATE_WIDGET

from .models import DocumentKind


def _people_choices(users: list[Any]) -> list[tuple[int, str]]:
    return [(u.pk, u.get_full_name() or u.get_username()) for u in users]


class DocumentForm(BootstrapFormMixin, forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Đơn vị sở hữu"), coerce=int, help_text=_("Cơ quan hoặc phòng, ban chịu trách nhiệm về tài liệu.")
    )
    code = forms.CharField(label=_("Mã hiệu"), max_length=60, help_text=_("Ví dụ: QT 02/CX-HCTP, STCL, BM.01-QT05"))
    title = forms.CharField(label=_("Tên tài liệu"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    review_interval_months = forms.IntegerField(
        label=_("Chu kỳ xem xét định kỳ (tháng)"),
        min_value=0,
        max_value=120,
        initial=12,
        help_text=_("0 = không xem xét định kỳ."),
    )
    distribute_to_units = forms.TypedMultipleChoiceField(
        label=_("Phân phối tới phòng, ban"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mọi người thuộc các phòng, ban được chọn sẽ nhận tài liệu khi có hiệu lực và xác nhận đã đọc."),
    )
    distribute_to_users = forms.TypedMultipleChoiceField(
        label=_("Phân phối tới cá nhân"), coerce=int, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, owners: list[Any], units: list[Any], people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(
            self, "organisation", [(o.pk, f"{'— ' * max(o.depth - owners[0].depth, 0)}{o.name}") for o in owners]
        )
        set_choices(self, "distribute_to_units", [(u.pk, u.name) for u in units])
        set_choices(self, "distribute_to_users", _people_choices(people))


class DocumentCreateForm(DocumentForm):
    content = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Soạn nội dung trực tiếp, hoặc tải lên tệp Word/PDF/ảnh quét bên dưới (hoặc cả hai)."),
    )
    upload = forms.FileField(label=_("Tệp nội dung"), required=False)


class RevisionForm(BootstrapFormMixin, forms.Form):
    content = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 18}))
    change_summary = forms.CharField(
        label=_("Tóm tắt nội dung sửa đổi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc từ lần ban hành thứ hai: nêu mục nào sửa, vì sao."),
    )
    upload = forms.FileField(label=_("Thay tệp nội dung"), required=False)
    remove_file = forms.BooleanField(label=_("Bỏ tệp hiện có"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class SubmitForm(BootstrapFormMixin, forms.Form):
    reviewer = forms.TypedChoiceField(label=_("Người xem xét"), coerce=int)
    comment = forms.CharField(label=_("Ghi chú khi trình"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, reviewers: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "reviewer", _people_choices(reviewers))


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(BootstrapFormMixin, forms.Form):
    effective_from = forms.DateField(label=_("Ngày hiệu lực"), widget=DATE_WIDGET)
    comment = forms.CharField(label=_("Ý kiến phê duyệt"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class PeriodicReviewForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Kết quả xem xét"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: Nội dung vẫn phù hợp, không cần sửa đổi."),
    )


class ChangeRequestForm(BootstrapFormMixin, forms.Form):
    location = forms.CharField(label=_("Vị trí cần sửa (mục, trang)"), max_length=200, required=False)
    reason = forms.CharField(label=_("Lý do đề nghị sửa đổi"), widget=forms.Textarea(attrs={"rows": 3}))
    proposal = forms.CharField(label=_("Nội dung đề nghị sửa đổi"), widget=forms.Textarea(attrs={"rows": 4}))


class ChangeRequestDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("accept", _("Chấp nhận, đưa vào lần ban hành mới")), ("reject", _("Không chấp nhận"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Ý kiến xử lý"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class LegalBasesForm(BootstrapFormMixin, forms.Form):
    """One line per cited text: "19/2014/QĐ-TTg" or "19/2014/QĐ-TTg | Điều 4"."""

    lines = forms.CharField(
        label=_("Căn cứ pháp lý"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"}),
        help_text=_(
            "Mỗi dòng một văn bản: số, ký hiệu trong sổ văn bản pháp luật, có thể kèm điều khoản sau dấu |. "
            "Ví dụ: 61/2018/NĐ-CP | Điều 5, Điều 6"
        ),
    )
