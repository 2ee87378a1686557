from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin
from qms.core.widgets import DATE_WIDGET

from .models import FindingSeverity, InspectionMode


def _year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this + 1, this - 6, -1)]


class PlanForm(BootstrapFormMixin, forms.Form):
    organisation = forms.TypedChoiceField(label=_("Cơ quan lập kế hoạch"), coerce=int)
    year = forms.TypedChoiceField(label=_("Năm kiểm tra"), coerce=int)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    rubric = forms.TypedChoiceField(label=_("Bộ tiêu chí chấm điểm"), coerce=int)
    inspecting_unit = forms.CharField(label=_("Đơn vị chủ trì kiểm tra"), max_length=255)
    number = forms.CharField(
        label=_("Số kế hoạch"), max_length=20, required=False, help_text=_("Để trống khi chưa có số.")
    )
    symbol = forms.CharField(
        label=_("Ký hiệu"),
        max_length=40,
        help_text=_("KH-SKHCN: Sở ban hành sau khi UBND tỉnh phê duyệt; KH-UBND: UBND tỉnh ban hành."),
    )
    purpose = forms.CharField(
        label=_("Mục đích, yêu cầu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để trống để dùng nội dung mặc định theo Thông tư 26/2014/TT-BKHCN."),
    )
    budget = forms.CharField(label=_("Kinh phí"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Tổ chức thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, organisations: list[Any], rubrics: list[Any], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]  # type: ignore[attr-defined]
        self.fields["rubric"].choices = [(r.pk, str(r)) for r in rubrics]  # type: ignore[attr-defined]
        self.fields["year"].choices = _year_choices()  # type: ignore[attr-defined]
        if editing:
            del self.fields["organisation"]
            del self.fields["year"]


class ApproveForm(BootstrapFormMixin, forms.Form):
    approved_on = forms.DateField(label=_("Ngày phê duyệt"), widget=DATE_WIDGET)
    number = forms.CharField(label=_("Số kế hoạch"), max_length=20, required=False)
    signer_authority = forms.CharField(
        label=_("Thẩm quyền ký"),
        max_length=120,
        required=False,
        help_text=_("Ví dụ: KT. GIÁM ĐỐC; để trống khi ký trực tiếp."),
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=120,
        help_text=_("Người ký văn bản kế hoạch: Giám đốc Sở; Chủ tịch UBND khi ký hiệu là KH-UBND."),
    )
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=200)
    onsite_shortfall_reason = forms.CharField(
        label=_("Lý do chưa đủ 1/3 cơ quan kiểm tra trực tiếp"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi số cơ quan kiểm tra trực tiếp ít hơn 1/3: xác nhận phê duyệt dù chưa đủ."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EntriesAddForm(BootstrapFormMixin, forms.Form):
    agencies = forms.TypedMultipleChoiceField(
        label=_("Cơ quan được kiểm tra"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Giữ Ctrl (hoặc Cmd) để chọn nhiều cơ quan."),
    )
    mode = forms.ChoiceField(label=_("Hình thức kiểm tra"), choices=InspectionMode.choices)
    starts_on = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = [(a.pk, a.name) for a in agencies]  # type: ignore[attr-defined]


class EntryForm(BootstrapFormMixin, forms.Form):
    mode = forms.ChoiceField(label=_("Hình thức kiểm tra"), choices=InspectionMode.choices)
    starts_on = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET)
    leader = forms.TypedChoiceField(label=_("Trưởng đoàn"), coerce=int, required=False, empty_value=None)
    members = forms.TypedMultipleChoiceField(
        label=_("Thành viên đoàn kiểm tra"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Chỉ người có vai trò kiểm tra hoặc điều phối bao trùm cơ quan này; trưởng đoàn luôn là thành viên."
        ),
    )
    notes = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(u.pk, u.get_full_name() or u.get_username()) for u in people]
        self.fields["leader"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
        self.fields["members"].choices = choices  # type: ignore[attr-defined]


class SelfReportRequestForm(BootstrapFormMixin, forms.Form):
    due_on = forms.DateField(label=_("Hạn gửi báo cáo tự đánh giá"), widget=DATE_WIDGET)


class DecisionForm(BootstrapFormMixin, forms.Form):
    entry = forms.TypedChoiceField(
        label=_("Phạm vi quyết định"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Một cơ quan, hoặc để trống: mọi cơ quan kiểm tra trực tiếp trong kế hoạch."),
    )
    number = forms.CharField(label=_("Số quyết định"), max_length=20, required=False)
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=40)
    signed_on = forms.DateField(label=_("Ngày ký"), required=False, widget=DATE_WIDGET)
    issuer_parent = forms.CharField(label=_("Cơ quan chủ quản"), max_length=255, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    place = forms.CharField(label=_("Địa danh"), max_length=80)
    proposer = forms.CharField(label=_("Theo đề nghị của"), max_length=255, required=False)
    signer_authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, entries: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if entries is None:
            del self.fields["entry"]
        else:
            self.fields["entry"].choices = [  # type: ignore[attr-defined]
                ("", _("Mọi cơ quan kiểm tra trực tiếp")),
                *[(e.pk, e.agency.name) for e in entries],
            ]  # type: ignore[attr-defined]


class FindingForm(BootstrapFormMixin, forms.Form):
    criterion = forms.TypedChoiceField(label=_("Tiêu chí"), coerce=int, required=False, empty_value=None)
    severity = forms.ChoiceField(label=_("Mức độ"), choices=FindingSeverity.choices, initial=FindingSeverity.MINOR)
    text = forms.CharField(
        label=_("Nội dung tồn tại, khuyến nghị"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [  # type: ignore[attr-defined]
            ("", _("(không gắn với tiêu chí cụ thể)")),
            *[(c.pk, f"{'  ' * c.depth}{c.key} — {c.text[:90]}") for c in criteria],
        ]


class MinutesForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Số biên bản"), max_length=20, required=False)
    held_on = forms.DateField(label=_("Ngày kiểm tra"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    agency_rep_name = forms.CharField(label=_("Đại diện cơ quan được kiểm tra (họ tên)"), max_length=200)
    agency_rep_title = forms.CharField(label=_("Chức vụ người đại diện"), max_length=200)
    content = forms.CharField(
        label=_("Nội dung kiểm tra"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để trống để in các nội dung theo Điều 36 Thông tư 26/2014/TT-BKHCN."),
    )
    conclusion = forms.CharField(label=_("Kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    requests = forms.CharField(
        label=_("Kiến nghị, yêu cầu khác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Yêu cầu khắc phục trong 02 tháng kể từ ngày ký được in tự động khi có tồn tại."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SignForm(BootstrapFormMixin, forms.Form):
    signed_on = forms.DateField(label=_("Ngày hai bên ký biên bản"), widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AnswerForm(BootstrapFormMixin, forms.Form):
    action_text = forms.CharField(
        label=_("Biện pháp khắc phục đã thực hiện"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    upload = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_("PDF, Word, Excel hoặc ảnh chụp (không bắt buộc)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc,.xlsx,.xls,.png,.jpg,.jpeg,.tif,.tiff"}),
    )
    evidence_url = forms.CharField(
        label=_("Hoặc đường dẫn minh chứng"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: đường dẫn tới tài liệu đã sửa trong phần mềm."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Đánh giá"),
        choices=[("accept", _("Chấp nhận kết quả khắc phục")), ("reject", _("Không chấp nhận"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Ý kiến, lý do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi không chấp nhận."),
        max_length=5000,
    )
    new_due_on = forms.DateField(
        label=_("Hạn khắc phục mới"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Không bắt buộc; chỉ khi không chấp nhận."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Hãy ghi rõ lý do không chấp nhận."))
        return data


class ReportForm(BootstrapFormMixin, forms.Form):
    issuer_parent = forms.CharField(label=_("Cơ quan chủ quản"), max_length=255, required=False)
    issuer = forms.CharField(label=_("Cơ quan báo cáo"), max_length=255)
    number = forms.CharField(label=_("Số báo cáo"), max_length=20, required=False)
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=40, initial="BC-SKHCN")
    date = forms.DateField(label=_("Ngày báo cáo"), required=False, widget=DATE_WIDGET)
    signer_authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, initial="Giám đốc")
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=200, required=False)
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để trống để dùng nội dung mặc định."),
        max_length=5000,
    )
