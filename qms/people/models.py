"""User accounts, the agency's ISO steering committee and staff training records."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.core.models import TimeStampedModel, VersionedModel


class InterfaceLanguage(models.TextChoices):
    """The languages of the interface. Vietnamese is everyone's default whatever the browser
    says; English only by the user's own choice (``User.language``)."""

    VIETNAMESE = "vi", "Tiếng Việt"
    ENGLISH = "en", "English"


class User(AbstractUser):
    """A person who logs in. Vietnamese names are kept whole in ``full_name``."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("tài khoản đang hoạt động"), default=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    home_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("cơ quan công tác"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Empty: not chosen, so Vietnamese (or what the visitor chose for the session before logging in).
    language = models.CharField(
        _("ngôn ngữ giao diện"), max_length=8, choices=InterfaceLanguage.choices, blank=True, default=""
    )

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.username])[-1]


class SteeringCommittee(VersionedModel):
    """Ban chỉ đạo ISO (or tổ ISO) of an agency, formed by a decision of its head."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="steering_committees",
    )
    name = models.CharField(_("tên"), max_length=255, default=_("Ban chỉ đạo ISO"))
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60)
    decision_date = models.DateField(_("ngày ký quyết định"))
    signed_by = models.CharField(_("người ký"), max_length=150, blank=True)
    is_current = models.BooleanField(_("đang hoạt động"), default=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("ban chỉ đạo ISO")
        verbose_name_plural = _("ban chỉ đạo ISO")
        ordering = ["organisation__path", "-decision_date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "decision_number"], name="committee_unique_decision")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.decision_number})"


class CommitteePosition(models.TextChoices):
    HEAD = "head", _("Trưởng ban")
    DEPUTY = "deputy", _("Phó Trưởng ban")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


class CommitteeMember(TimeStampedModel):
    committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("ban chỉ đạo"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    job_title = models.CharField(_("chức vụ tại cơ quan"), max_length=150, blank=True)
    position = models.CharField(_("vị trí trong ban"), max_length=20, choices=CommitteePosition.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành viên ban chỉ đạo")
        verbose_name_plural = _("thành viên ban chỉ đạo")
        ordering = ["committee", "order", "id"]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.get_position_display()}"


class TrainingKind(models.TextChoices):
    AWARENESS = "awareness", _("Nhận thức chung về TCVN ISO 9001:2015")
    DOCUMENTATION = "documentation", _("Xây dựng, áp dụng hệ thống tài liệu")
    INTERNAL_AUDITOR = "internal_auditor", _("Chuyên gia đánh giá nội bộ")
    OTHER = "other", _("Khác")


class TrainingRecord(VersionedModel):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="training_records",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_records",
    )
    trainee_name = models.CharField(_("họ và tên học viên"), max_length=150)
    kind = models.CharField(_("loại khóa học"), max_length=30, choices=TrainingKind.choices)
    course = models.CharField(_("tên khóa học"), max_length=255)
    provider = models.CharField(_("đơn vị đào tạo"), max_length=255, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    certificate_number = models.CharField(_("số chứng chỉ, giấy chứng nhận"), max_length=80, blank=True)
    certificate_date = models.DateField(_("ngày cấp"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ đào tạo")
        verbose_name_plural = _("hồ sơ đào tạo")
        ordering = ["-start_date", "trainee_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="training_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee_name} — {self.course}"

    @property
    def is_internal_auditor_certificate(self) -> bool:
        return self.kind == TrainingKind.INTERNAL_AUDITOR and bool(self.certificate_number)
