"""Forms of the process pages: a new process, sections 1-7, a step, a record, the procedures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin, set_choices

from .models import DurationUnit


def _area(rows: int, placeholder: Any = "") -> forms.Textarea:
    attrs: dict[str, Any] = {"rows": rows}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.Textarea(attrs=attrs)


ONE_PER_LINE = _("Mỗi dòng một mục.")


class SectionsForm(BootstrapFormMixin, forms.Form):
    """Sections 1-7 written as text (section 3 also lists the legal bases cited by the document;
    the steps, forms and records have their own editors)."""

    purpose = forms.CharField(label=_("1. Mục đích"), required=False, widget=_area(3))
    scope = forms.CharField(label=_("2. Phạm vi áp dụng"), required=False, widget=_area(3))
    references = forms.CharField(
        label=_("3. Tài liệu viện dẫn khác"),
        required=False,
        widget=_area(3, _("TCVN ISO 9001:2015 Hệ thống quản lý chất lượng — Các yêu cầu")),
        help_text=_(
            "Căn cứ pháp lý trong sổ văn bản pháp luật được liệt kê tự động (cập nhật ở trang tài liệu, mục "
            "“Căn cứ pháp lý”); ở đây ghi thêm tài liệu khác. Mỗi dòng một mục."
        ),
    )
    definitions = forms.CharField(
        label=_("4. Định nghĩa, từ viết tắt"),
        required=False,
        widget=_area(3, _("TTHC: Thủ tục hành chính")),
        help_text=ONE_PER_LINE,
    )
    requirements = forms.CharField(
        label=_("Yêu cầu chung"),
        required=False,
        widget=_area(2),
        help_text=_("Cho quy trình nội bộ hoặc yêu cầu chung của quy trình. Mỗi dòng một mục."),
    )
    dossier_components = forms.CharField(
        label=_("Thành phần hồ sơ"), required=False, widget=_area(4), help_text=ONE_PER_LINE
    )
    dossier_count = forms.CharField(label=_("Số lượng hồ sơ"), required=False, max_length=200)
    time_limit_text = forms.CharField(
        label=_("Thời hạn giải quyết (theo văn bản)"),
        required=False,
        max_length=500,
        help_text=_("Ghi như văn bản công bố; tổng thời gian các bước được tính tự động và so với thời hạn của TTHC."),
    )
    place = forms.CharField(label=_("Nơi tiếp nhận và trả kết quả"), required=False, max_length=500)
    fees = forms.CharField(label=_("Phí, lệ phí"), required=False, max_length=1000)
    other_forms = forms.CharField(
        label=_("6. Biểu mẫu khác"),
        required=False,
        widget=_area(2),
        help_text=_(
            "Biểu mẫu gắn với các bước được liệt kê tự động; ở đây ghi biểu mẫu không do cơ quan ban hành "
            "(ví dụ mẫu tờ khai của Bộ). Mỗi dòng một mục."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


SECTION_NAMES = [name for name in SectionsForm.base_fields if name != "version"]


class ProcessCreateForm(BootstrapFormMixin, forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Đơn vị chủ trì"), coerce=int, help_text=_("Cơ quan hoặc phòng, ban chịu trách nhiệm về quy trình.")
    )
    code = forms.CharField(label=_("Mã hiệu"), max_length=60, help_text=_("Ví dụ: QT 01/HCTP"))
    title = forms.CharField(label=_("Tên quy trình"), max_length=500)
    purpose = forms.CharField(label=_("1. Mục đích"), required=False, widget=_area(3))
    scope = forms.CharField(label=_("2. Phạm vi áp dụng"), required=False, widget=_area(3))
    distribute_to_units = forms.TypedMultipleChoiceField(
        label=_("Phân phối tới phòng, ban"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Người của các phòng, ban được chọn nhận quy trình khi có hiệu lực và xác nhận đã đọc."),
    )

    def __init__(self, *args: Any, owners: list[Any], units: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(
            self, "organisation", [(o.pk, f"{'— ' * max(o.depth - owners[0].depth, 0)}{o.name}") for o in owners]
        )
        set_choices(self, "distribute_to_units", [(u.pk, u.name) for u in units])


class StepForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Tên bước"), required=False, max_length=255)
    description = forms.CharField(label=_("Nội dung công việc"), required=False, widget=_area(3))
    responsible_unit = forms.TypedChoiceField(
        label=_("Phòng, ban thực hiện"), coerce=int, required=False, empty_value=None
    )
    responsible_role = forms.CharField(
        label=_("Người / bộ phận thực hiện"),
        required=False,
        max_length=255,
        help_text=_("Ví dụ: Chuyên viên Phòng Hành chính tư pháp; Lãnh đạo Sở."),
    )
    duration = forms.CharField(label=_("Thời gian"), required=False, max_length=10)
    duration_unit = forms.ChoiceField(label=_("Đơn vị"), choices=DurationUnit.choices, initial=DurationUnit.HOURS)
    time_note = forms.CharField(
        label=_("Ghi chú thời gian"),
        required=False,
        max_length=200,
        help_text=_("Bước không có thời gian riêng: để thời gian 0 và ghi “Theo ngày hẹn trả kết quả”."),
    )
    output = forms.CharField(label=_("Kết quả, hồ sơ đầu ra"), required=False, max_length=500)
    step_forms = forms.TypedMultipleChoiceField(
        label=_("Biểu mẫu sử dụng"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    position = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: list[Any], form_documents: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "responsible_unit", [("", "—"), *[(u.pk, u.name) for u in units]])
        set_choices(self, "step_forms", [(d.pk, f"{d.code} — {d.title}") for d in form_documents])


class RecordForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên hồ sơ"), required=False, max_length=500)
    keeper = forms.CharField(label=_("Bộ phận lưu"), required=False, max_length=255)
    retention = forms.CharField(
        label=_("Thời gian lưu"), required=False, max_length=120, help_text=_("Ví dụ: 05 năm; Vĩnh viễn.")
    )
    form = forms.TypedChoiceField(label=_("Theo biểu mẫu"), coerce=int, required=False, empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, form_documents: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "form", [("", "—"), *[(d.pk, f"{d.code} — {d.title}") for d in form_documents]])


class ProceduresForm(BootstrapFormMixin, forms.Form):
    procedures = forms.TypedMultipleChoiceField(
        label=_("Thủ tục hành chính áp dụng"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_choices(self, "procedures", [(p.pk, f"{p.code} {p.name}") for p in choices])
