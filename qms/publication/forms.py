from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qms.core.forms import BootstrapFormMixin
from qms.organisations.forms import DATE_WIDGET

from .services import DraftData, parse_activities


class DraftForm(BootstrapFormMixin, forms.Form):
    issuer_parent = forms.CharField(
        label=_("Cơ quan chủ quản"),
        max_length=255,
        required=False,
        help_text=_("Dòng trên tên cơ quan ở góc trái (ví dụ: UBND tỉnh Quảng Ninh); để trống nếu không có."),
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    place = forms.CharField(
        label=_("Địa danh"), max_length=120, help_text=_("In trước ngày tháng: “Quảng Ninh, ngày …”.")
    )
    symbol = forms.CharField(label=_("Ký hiệu quyết định"), max_length=60, help_text=_("Ví dụ: QĐ-STP, QĐ-UBND."))
    authority = forms.CharField(
        label=_("Thẩm quyền ban hành"), max_length=255, help_text=_("Ví dụ: GIÁM ĐỐC SỞ TƯ PHÁP.")
    )
    legal_bases = forms.CharField(
        label=_("Căn cứ ban hành"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Mỗi căn cứ một dòng, bắt đầu bằng “Căn cứ …” và kết thúc bằng dấu “;”."),
    )
    proposal = forms.CharField(label=_("Theo đề nghị của"), max_length=500, required=False)
    implementers = forms.CharField(
        label=_("Trách nhiệm thi hành (Điều 3)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Phần trước “… chịu trách nhiệm thi hành Quyết định này”."),
    )
    activities = forms.CharField(
        label=_("Các hoạt động xử lý công việc khác trong phạm vi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Ngoài các TTHC: mỗi hoạt động một dòng, dạng “Tên hoạt động | Mã quy trình”, "
            "ví dụ: Kiểm soát tài liệu | QT-01."
        ),
    )
    extra_recipients = forms.CharField(
        label=_("Nơi nhận khác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi nơi nhận một dòng; “Như Điều 3” và Sở Khoa học và Công nghệ được ghi sẵn."),
    )
    signer_authority = forms.CharField(
        label=_("Quyền hạn ký"),
        max_length=120,
        required=False,
        help_text=_("Ví dụ: KT. GIÁM ĐỐC; để trống nếu ký trực tiếp."),
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=200)
    notice_recipient_name = forms.CharField(
        label=_("Cơ quan nhận thông báo"),
        max_length=255,
        help_text=_("Đơn vị chủ trì của tỉnh: Sở Khoa học và Công nghệ."),
    )
    notice_symbol = forms.CharField(
        label=_("Ký hiệu văn bản thông báo"), max_length=60, help_text=_("Ví dụ: STP-VP (số ghi khi ban hành).")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_activities(self) -> list[dict[str, Any]]:
        try:
            return parse_activities(self.cleaned_data.get("activities", ""))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["activities"]) from None

    def draft_data(self) -> DraftData:
        data = self.cleaned_data
        return DraftData(
            issuer_parent=data["issuer_parent"],
            issuer=data["issuer"],
            place=data["place"],
            symbol=data["symbol"],
            authority=data["authority"],
            legal_bases=data["legal_bases"],
            proposal=data["proposal"],
            implementers=data["implementers"],
            extra_recipients=data["extra_recipients"],
            signer_authority=data["signer_authority"],
            signer_title=data["signer_title"],
            signer_name=data["signer_name"],
            notice_recipient_name=data["notice_recipient_name"],
            notice_symbol=data["notice_symbol"],
            activities=data["activities"],
        )


class IssueForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=20, help_text=_("Chỉ phần số, ví dụ 125."))
    signed_on = forms.DateField(label=_("Ngày ký quyết định"), widget=DATE_WIDGET)
    notice_number = forms.CharField(
        label=_("Số văn bản thông báo gửi Sở KH&CN"), max_length=20, help_text=_("Chỉ phần số, ví dụ 2150.")
    )
    notice_signed_on = forms.DateField(label=_("Ngày văn bản thông báo"), widget=DATE_WIDGET)
    signer_authority = forms.CharField(label=_("Quyền hạn ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=200)
    acknowledge_gap = forms.BooleanField(
        label=_(
            "Tôi xác nhận ban hành khi tỷ lệ bao phủ chưa đạt 100%: các TTHC chưa có quy trình được liệt kê riêng "
            "tại Phụ lục và cơ quan sẽ công bố bổ sung."
        ),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PostingForm(BootstrapFormMixin, forms.Form):
    posted_on = forms.DateField(label=_("Ngày niêm yết tại trụ sở"), required=False, widget=DATE_WIDGET)
    posted_place = forms.CharField(
        label=_("Nơi niêm yết"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Bảng tin tại trụ sở cơ quan; Bộ phận Tiếp nhận và Trả kết quả."),
    )
    website_url = forms.CharField(
        label=_("Đường dẫn bài đăng trên trang thông tin điện tử"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    website_posted_on = forms.DateField(label=_("Ngày đăng tải"), required=False, widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
