"""The province's yearly inspection (TT 26/2014/TT-BKHCN Art. 33-39; forms Mẫu 19-21).

``InspectionPlan`` (Mẫu 19 KHKT): the coordinating body's plan for a year, approved by the
provincial People's Committee, scored against one rubric. ``PlanEntry``: one agency in the plan,
with its form (on site / on file), dates, team (leader and members: inspectors covering the
agency), the request for its self-report and, once the plan is approved, its inspection
assessment (``assessments.Assessment`` of kind "inspection").

``InspectionDecision`` (Mẫu 20 QĐKT): the decision forming the team, for one entry or for every
on-site entry of the plan. ``Finding``: a shortcoming or recommendation the team records against
a criterion. ``Minutes`` (Mẫu 21 BBKT): one per entry; once signed (date recorded) it is frozen
and each finding that calls for corrective action becomes a ``FollowUp`` of the agency, due two
months after signing; the agency answers it with its corrective action and evidence and the
inspecting side accepts it or writes "not accepted" with a reason.

Every row that a tenancy filter must find copies its organisation's ``scope_path`` (the
inspected agency's path) so that province- and nation-wide lists filter without joins.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.assessments.models import Assessment, Criterion, Rubric
from qms.core.models import StoredFile, TimeStampedModel, VersionedModel
from qms.organisations.models import Organisation


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")


class InspectionMode(models.TextChoices):
    ON_SITE = "on_site", _("Trực tiếp tại cơ quan")
    ON_FILE = "on_file", _("Qua hồ sơ, báo cáo")


class InspectionPlan(VersionedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("cơ quan lập kế hoạch"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
        help_text=_("Tỉnh (hoặc bộ, ngành) mà đơn vị chủ trì kiểm tra thay mặt."),
    )
    scope_path = models.CharField(_("phạm vi"), max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("năm kiểm tra"))
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, default="KH-SKHCN")
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    inspecting_unit = models.CharField(_("đơn vị chủ trì kiểm tra"), max_length=255, default="Sở Khoa học và Công nghệ")
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("bộ tiêu chí chấm điểm"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    budget = models.TextField(_("kinh phí"), blank=True)
    notes = models.TextField(_("tổ chức thực hiện, ghi chú"), blank=True)
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The signature on the plan, as it was when approved (never recomputed from memberships).
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    # Approving with fewer than a third of the agencies on site needs an explicit acknowledgement.
    onsite_shortfall_reason = models.TextField(_("lý do chưa đủ 1/3 kiểm tra trực tiếp"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "organisation__path", "-id"]
        indexes = [models.Index(fields=["year", "scope_path"], name="plan_year_scope_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanEntry(VersionedModel):
    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="entries"
    )
    agency = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan được kiểm tra"), on_delete=models.PROTECT, related_name="+"
    )
    scope_path = models.CharField(_("phạm vi"), max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"), editable=False)
    mode = models.CharField(
        _("hình thức kiểm tra"), max_length=20, choices=InspectionMode.choices, default=InspectionMode.ON_FILE
    )
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trưởng đoàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên đoàn kiểm tra"),
        blank=True,
        related_name="inspection_entries",
    )
    self_report_requested_on = models.DateField(_("ngày đề nghị gửi báo cáo tự đánh giá"), null=True, blank=True)
    self_report_due_on = models.DateField(_("hạn gửi báo cáo tự đánh giá"), null=True, blank=True)
    inspection_assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("phiếu chấm của đoàn kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_entry",
    )
    notes = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("cơ quan trong kế hoạch kiểm tra")
        verbose_name_plural = _("cơ quan trong kế hoạch kiểm tra")
        ordering = ["plan", "starts_on", "agency__path"]
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="planentry_agency_unique")]
        indexes = [
            models.Index(fields=["year", "scope_path"], name="planentry_year_scope_idx"),
            models.Index(fields=["agency", "year"], name="planentry_agency_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.year})"

    @property
    def is_on_site(self) -> bool:
        return self.mode == InspectionMode.ON_SITE


class InspectionDecision(VersionedModel):
    """Mẫu 20 QĐKT. ``entry`` set: the decision for one agency; empty: every on-site entry."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="decisions"
    )
    entry = models.ForeignKey(
        PlanEntry,
        verbose_name=_("cơ quan được kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, default="QĐ-SKHCN")
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    issuer_parent = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=80)
    proposer = models.CharField(
        _("theo đề nghị của"), max_length=255, blank=True, help_text=_("Ví dụ: Trưởng phòng Quản lý chuyên ngành.")
    )
    # Signer as printed on the decision (snapshot, not recomputed).
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120)
    signer_name = models.CharField(_("người ký"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("quyết định kiểm tra")
        verbose_name_plural = _("quyết định kiểm tra")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        number = f"{self.number}/{self.symbol}" if self.number else str(_("(chưa có số)"))
        return str(_("Quyết định kiểm tra %(number)s")) % {"number": number}


class FindingSeverity(models.TextChoices):
    MAJOR = "major", _("Tồn tại nghiêm trọng")
    MINOR = "minor", _("Tồn tại, hạn chế")
    RECOMMENDATION = "recommendation", _("Khuyến nghị")


# Findings of these severities call for corrective action within two months of the minutes.
CORRECTIVE_SEVERITIES = frozenset({FindingSeverity.MAJOR, FindingSeverity.MINOR})


class Finding(VersionedModel):
    entry = models.ForeignKey(
        PlanEntry, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE, related_name="findings"
    )
    scope_path = models.CharField(_("phạm vi"), max_length=255, db_index=True, editable=False)
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("nội dung"))
    severity = models.CharField(
        _("mức độ"), max_length=20, choices=FindingSeverity.choices, default=FindingSeverity.MINOR
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tồn tại, khuyến nghị")
        verbose_name_plural = _("tồn tại, khuyến nghị")
        ordering = ["entry", "order", "id"]
        indexes = [models.Index(fields=["criterion"], name="finding_criterion_idx")]

    def __str__(self) -> str:
        return self.text[:120]

    @property
    def needs_correction(self) -> bool:
        return self.severity in CORRECTIVE_SEVERITIES


class Minutes(VersionedModel):
    """Mẫu 21 BBKT. Editable until signed; ``signed_on`` freezes it and opens the follow-ups."""

    entry = models.OneToOneField(
        PlanEntry, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE, related_name="minutes"
    )
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, default="BB-ĐKT")
    place = models.CharField(_("địa điểm"), max_length=255)
    held_on = models.DateField(_("ngày kiểm tra"))
    content = models.TextField(_("nội dung kiểm tra"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    requests = models.TextField(_("kiến nghị, yêu cầu khác"), blank=True)
    agency_rep_name = models.CharField(_("đại diện cơ quan được kiểm tra"), max_length=200)
    agency_rep_title = models.CharField(_("chức vụ người đại diện"), max_length=200)
    leader_name = models.CharField(_("trưởng đoàn"), max_length=200, blank=True)
    leader_title = models.CharField(_("chức vụ trưởng đoàn"), max_length=200, blank=True)
    signed_on = models.DateField(_("ngày ký biên bản"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The score as it stood at signing (the inspection assessment is locked then).
    score_total = models.DecimalField(_("điểm kiểm tra"), max_digits=7, decimal_places=2, null=True, blank=True)
    score_rating = models.CharField(_("xếp loại"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("biên bản kiểm tra")
        verbose_name_plural = _("biên bản kiểm tra")

    def __str__(self) -> str:
        return str(_("Biên bản kiểm tra %(agency)s")) % {"agency": self.entry.agency}

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Chờ cơ quan khắc phục")
    ANSWERED = "answered", _("Đã báo cáo khắc phục, chờ đánh giá")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    NOT_ACCEPTED = "not_accepted", _("Không chấp nhận, phải khắc phục lại")


# The agency still has to act on these.
PENDING_STATUSES = frozenset({FollowUpStatus.OPEN, FollowUpStatus.NOT_ACCEPTED})


class FollowUp(VersionedModel):
    finding = models.OneToOneField(
        Finding, verbose_name=_("tồn tại"), on_delete=models.CASCADE, related_name="follow_up"
    )
    agency = models.ForeignKey(Organisation, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(_("phạm vi"), max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"), editable=False)
    due_on = models.DateField(_("hạn khắc phục"), db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    action_text = models.TextField(_("biện pháp khắc phục đã thực hiện"), blank=True)
    evidence_file = models.ForeignKey(
        StoredFile, verbose_name=_("tệp minh chứng"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence_url = models.CharField(_("đường dẫn minh chứng"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer_count = models.PositiveSmallIntegerField(_("số lần báo cáo"), default=0)
    reviewed_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_reason = models.TextField(_("ý kiến đánh giá"), blank=True)

    class Meta:
        verbose_name = _("khắc phục sau kiểm tra")
        verbose_name_plural = _("khắc phục sau kiểm tra")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["year", "status", "due_on"], name="followup_year_status_idx"),
            models.Index(fields=["agency", "status"], name="followup_agency_status_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Khắc phục: %(text)s")) % {"text": self.finding.text[:100]}

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES


class FollowUpEvent(TimeStampedModel):
    """One answer or review of a follow-up, kept so that a "not accepted" round stays visible."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("khắc phục"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("trạng thái sau"), max_length=20, choices=FollowUpStatus.choices)
    text = models.TextField(_("nội dung"), blank=True)
    evidence_file = models.ForeignKey(
        StoredFile, verbose_name=_("tệp minh chứng"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence_url = models.CharField(_("đường dẫn minh chứng"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("diễn biến khắc phục")
        verbose_name_plural = _("diễn biến khắc phục")
        ordering = ["follow_up", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.status}"
