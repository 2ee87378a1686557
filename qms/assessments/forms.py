from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core.forms import BootstrapFormMixin

from . import scoring
from .models import Criterion, Verdict
from .services import ScoreInput


def year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this + 1, this - 6, -1)]


class StartForm(BootstrapFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Năm đánh giá"), coerce=int, choices=())
    rubric = forms.TypedChoiceField(
        label=gettext_lazy("Bộ tiêu chí"),
        coerce=int,
        choices=(),
        help_text=gettext_lazy("Bộ tiêu chí đang áp dụng của tỉnh; hỏi đơn vị chủ trì nếu không rõ."),
    )

    def __init__(self, *args: Any, rubrics: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        self.fields["rubric"].choices = [(r.pk, f"{r.title} — {r.code} v{r.version}") for r in rubrics]  # type: ignore[attr-defined]


def parse_scores(
    data: Mapping[str, Any], leaves: Iterable[Criterion], *, checklist: bool
) -> tuple[dict[int, ScoreInput], dict[int, str]]:
    """Read ``v-<id>`` (score or verdict) and ``n-<id>`` (note) of each leaf present in ``data``.

    Returns (entries, errors by criterion id). A number may be written ``0,5`` or ``0.5``."""
    entries: dict[int, ScoreInput] = {}
    errors: dict[int, str] = {}
    for criterion in leaves:
        value_key, note_key = f"v-{criterion.pk}", f"n-{criterion.pk}"
        if value_key not in data and note_key not in data:
            continue
        raw = str(data.get(value_key, "") or "").strip()
        note = str(data.get(note_key, "") or "")
        if checklist:
            if raw and raw not in Verdict.values:
                errors[criterion.pk] = _("Kết luận không hợp lệ.")
                continue
            entries[criterion.pk] = ScoreInput(verdict=raw, note=note)
            continue
        try:
            value = scoring.parse_decimal(raw)
        except ValueError:
            errors[criterion.pk] = _("“%(v)s” không phải là số.") % {"v": raw[:20]}
            continue
        entries[criterion.pk] = ScoreInput(value=value, note=note)
    return entries, errors


class ReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do mở lại"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Lý do được ghi vào lịch sử và hiện cho cơ quan."),
    )


class EvidenceForm(BootstrapFormMixin, forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Mô tả minh chứng"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Ví dụ: Quyết định ban hành chính sách chất lượng số 12/QĐ-STP."),
    )
    upload = forms.FileField(
        label=gettext_lazy("Tệp minh chứng"),
        required=False,
        help_text=gettext_lazy("PDF, Word, Excel hoặc ảnh chụp."),
    )
    url = forms.CharField(
        label=gettext_lazy("Hoặc đường dẫn tới hồ sơ"),
        max_length=500,
        required=False,
        help_text=gettext_lazy(
            "Địa chỉ một hồ sơ trong phần mềm (ví dụ /tai-lieu/12/) hoặc một trang web (https://…)."
        ),
    )


class SheetUploadForm(BootstrapFormMixin, forms.Form):
    upload = forms.FileField(
        label=gettext_lazy("Bảng điểm đã chấm (Excel .xlsx hoặc CSV)"),
        help_text=gettext_lazy(
            "Bố cục như phụ lục: cột TT, Tiêu chí đánh giá, Điểm tối đa, Điểm tự chấm / Điểm kiểm tra; "
            "có thể có dòng tổng nhóm và dòng Tổng cộng. Số thập phân viết 67,5 hoặc 67.5."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class RubricImportForm(BootstrapFormMixin, forms.Form):
    upload = forms.FileField(
        label=gettext_lazy("Tệp Excel bộ tiêu chí (.xlsx)"),
        help_text=gettext_lazy(
            "Trang “Tiêu chí”: TT | Tiêu chí đánh giá | Điểm tối đa (cây tiêu chí suy ra từ mã: I, 1, 1.1, a). "
            "Nên tải tệp Excel của phiên bản hiện tại, sửa rồi nhập lại."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    change_note = forms.CharField(label=gettext_lazy("Nội dung thay đổi"), max_length=500, required=False)


class BandsForm(BootstrapFormMixin, forms.Form):
    lines = forms.CharField(
        label=gettext_lazy("Thang xếp loại"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
        help_text=gettext_lazy(
            "Mỗi dòng một mức: “điểm từ | xếp loại”, tăng dần từ 0. Ví dụ: 0 | Không đạt; 50 | Trung bình; "
            "75 | Khá; 90 | Tốt. Để trống để bỏ thang xếp loại."
        ),
    )
    bands_published = forms.BooleanField(
        label=gettext_lazy("Thang này do tỉnh công bố chính thức"),
        required=False,
        help_text=gettext_lazy("Bỏ chọn nếu đây là thang tạm do đơn vị chủ trì đặt (ghi rõ ở ghi chú)."),
    )
    bands_note = forms.CharField(
        label=gettext_lazy("Ghi chú về thang xếp loại"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_lines(self) -> list[tuple[Decimal, str]]:
        bands: list[tuple[Decimal, str]] = []
        problems: list[str] = []
        for number, raw in enumerate(str(self.cleaned_data.get("lines") or "").splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            lower_text, sep, label = line.partition("|")
            if not sep:
                problems.append(_("Dòng %(n)s: viết “điểm từ | xếp loại”.") % {"n": number})
                continue
            try:
                lower = scoring.parse_decimal(lower_text)
            except ValueError:
                lower = None
            if lower is None:
                problems.append(_("Dòng %(n)s: “%(v)s” không phải là số.") % {"n": number, "v": lower_text.strip()})
                continue
            bands.append((lower, label.strip()))
        if problems:
            raise forms.ValidationError(problems)
        return bands


class DeriveForm(BootstrapFormMixin, forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Mã bộ tiêu chí mới"),
        regex=r"^[a-z0-9][a-z0-9\-]{1,58}$",
        error_messages={"invalid": gettext_lazy("Chỉ dùng chữ thường không dấu, số và dấu “-”, ví dụ quangninh-2026.")},
    )
    title = forms.CharField(label=gettext_lazy("Tên bộ tiêu chí"), max_length=300)
    issuer = forms.CharField(
        label=gettext_lazy("Căn cứ ban hành"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Ví dụ: Quyết định số …/QĐ-UBND ngày … của UBND tỉnh."),
    )
    organisation = forms.TypedChoiceField(label=gettext_lazy("Đơn vị ban hành"), coerce=int, choices=())

    def __init__(self, *args: Any, organisations: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]  # type: ignore[attr-defined]
