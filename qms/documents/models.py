"""Controlled documents (ISO 9001:2015 clause 7.5): documents, their revisions (lần ban hành),
review and approval decisions, distribution with read acknowledgement, change requests and
record rules.

A revision moves draft → in review → approved → effective → superseded / obsolete. Decisions
are rows snapshotting who decided, in which role and title, when and with what comment: the
header block of a document is printed from them, never from the live membership table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qms.core.models import StoredFile, TimeStampedModel, VersionedModel
from qms.organisations.models import Organisation


class DocumentKind(models.TextChoices):
    MANUAL = "manual", _("Sổ tay chất lượng")
    POLICY = "policy", _("Chính sách chất lượng")
    OBJECTIVES = "objectives", _("Mục tiêu chất lượng")
    PROCESS = "process", _("Quy trình")
    GUIDANCE = "guidance", _("Hướng dẫn")
    FORM = "form", _("Biểu mẫu")
    RECORD_TEMPLATE = "record_template", _("Mẫu hồ sơ")
    EXTERNAL = "external", _("Tài liệu bên ngoài")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa ban hành")
    EFFECTIVE = "effective", _("Đang hiệu lực")
    OBSOLETE = "obsolete", pgettext_lazy("document", "Đã thu hồi")


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    IN_REVIEW = "in_review", _("Đang xem xét")
    REVIEWED = "reviewed", _("Đã xem xét, chờ phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt, chờ hiệu lực")
    EFFECTIVE = "effective", _("Đang hiệu lực")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    OBSOLETE = "obsolete", pgettext_lazy("document", "Đã thu hồi")


# Revisions whose content may no longer change.
FROZEN_REVISION_STATUSES = frozenset(
    {RevisionStatus.APPROVED, RevisionStatus.EFFECTIVE, RevisionStatus.SUPERSEDED, RevisionStatus.OBSOLETE}
)


class Document(VersionedModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị sở hữu"), on_delete=models.PROTECT, related_name="documents"
    )
    # The agency the owning unit belongs to (the organisation itself for an agency): codes are
    # unique per agency, and tenancy filters on it without a join.
    agency = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="agency_documents"
    )
    scope_path = models.CharField(_("phạm vi"), max_length=255, db_index=True, editable=False)
    code = models.CharField(_("mã hiệu"), max_length=60)
    code_folded = models.CharField(max_length=60, editable=False)
    title = models.CharField(_("tên tài liệu"), max_length=500)
    search_text = models.CharField(max_length=600, editable=False, blank=True)
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=DocumentKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("chu kỳ xem xét định kỳ (tháng)"), default=12, help_text=_("0 = không xem xét định kỳ.")
    )
    next_review_on = models.DateField(_("hạn xem xét định kỳ"), null=True, blank=True, db_index=True)
    current_revision = models.ForeignKey(
        "DocumentRevision",
        verbose_name=_("lần ban hành hiện hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    distribute_to_units = models.ManyToManyField(
        Organisation, verbose_name=_("phân phối tới đơn vị"), blank=True, related_name="+"
    )
    distribute_to_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("phân phối tới cá nhân"), blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["code_folded", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "code_folded"], name="document_code_unique_in_agency")]
        indexes = [
            models.Index(fields=["agency", "status", "kind"], name="document_agency_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class DocumentRevision(VersionedModel):
    document = models.ForeignKey(
        Document, verbose_name=_("tài liệu"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField(_("lần ban hành"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    content = models.TextField(_("nội dung"), blank=True)
    file = models.ForeignKey(
        StoredFile, verbose_name=_("tệp nội dung"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_summary = models.TextField(_("tóm tắt nội dung sửa đổi"), blank=True)
    effective_from = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn thảo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("trình lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    effective_at = models.DateTimeField(_("có hiệu lực lúc"), null=True, blank=True)
    ended_at = models.DateTimeField(_("hết hiệu lực lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần ban hành")
        verbose_name_plural = _("lần ban hành")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="revision_unique_number")]
        indexes = [models.Index(fields=["status", "effective_from"], name="revision_status_date_idx")]

    def __str__(self) -> str:
        return f"{self.document.code} — lần ban hành {self.number}"

    @property
    def text(self) -> str:
        """The revision's readable text: what was written, then what was extracted from the file."""
        parts = [self.content.strip()]
        if self.file_id and self.file is not None:
            parts.append(self.file.text.strip())
        return "\n\n".join(p for p in parts if p)

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_REVISION_STATUSES


class DecisionStep(models.TextChoices):
    DRAFT = "draft", _("Soạn thảo")
    REVIEW = "review", _("Xem xét")
    APPROVAL = "approval", _("Phê duyệt")


class DecisionKind(models.TextChoices):
    SUBMIT = "submit", _("Trình xem xét")
    COMMENT = "comment", _("Góp ý")
    PASS = "pass", _("Chuyển trình phê duyệt")
    RETURN = "return", _("Trả lại để sửa")
    APPROVE = "approve", _("Phê duyệt ban hành")


class RevisionDecision(models.Model):
    """An immutable snapshot of one decision on a revision (no updates, no deletes)."""

    revision = models.ForeignKey(
        DocumentRevision, verbose_name=_("lần ban hành"), on_delete=models.CASCADE, related_name="decisions"
    )
    step = models.CharField(_("bước"), max_length=20, choices=DecisionStep.choices)
    kind = models.CharField(_("quyết định"), max_length=20, choices=DecisionKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("họ và tên"), max_length=200)
    actor_title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    actor_role = models.CharField(_("vai trò"), max_length=40, blank=True)
    organisation_name = models.CharField(_("cơ quan"), max_length=255, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    decided_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến, quyết định")
        verbose_name_plural = _("ý kiến, quyết định")
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.actor_name}"


class Distribution(models.Model):
    """One copy of an effective revision sent to one person, with its read acknowledgement."""

    revision = models.ForeignKey(
        DocumentRevision, verbose_name=_("lần ban hành"), on_delete=models.CASCADE, related_name="distributions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="+"
    )
    via_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("qua đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    distributed_at = models.DateTimeField(_("phân phối lúc"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("xác nhận đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân phối tài liệu")
        verbose_name_plural = _("phân phối tài liệu")
        ordering = ["revision", "user_id"]
        constraints = [models.UniqueConstraint(fields=["revision", "user"], name="distribution_unique_user")]
        indexes = [models.Index(fields=["user", "acknowledged_at"], name="distribution_user_ack_idx")]

    def __str__(self) -> str:
        return f"{self.revision} → {self.user}"


class ChangeRequestStatus(models.TextChoices):
    OPEN = "open", _("Chờ xử lý")
    ACCEPTED = "accepted", _("Đã chấp nhận — đang sửa đổi")
    DONE = "done", _("Đã ban hành sửa đổi")
    REJECTED = "rejected", _("Không chấp nhận")


class ChangeRequest(VersionedModel):
    """Phiếu yêu cầu sửa đổi tài liệu: any staff member may raise one against a document."""

    document = models.ForeignKey(
        Document, verbose_name=_("tài liệu"), on_delete=models.CASCADE, related_name="change_requests"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_by_name = models.CharField(_("người đề nghị"), max_length=200)
    location = models.CharField(_("vị trí cần sửa (mục, trang)"), max_length=200, blank=True)
    reason = models.TextField(_("lý do"))
    proposal = models.TextField(_("nội dung đề nghị sửa đổi"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến xử lý"), blank=True)
    revision = models.ForeignKey(
        DocumentRevision,
        verbose_name=_("lần ban hành sửa đổi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_requests",
    )

    class Meta:
        verbose_name = _("phiếu yêu cầu sửa đổi")
        verbose_name_plural = _("phiếu yêu cầu sửa đổi")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document.code}: {self.reason[:60]}"


class DisposalMethod(models.TextChoices):
    SHRED = "shred", _("Huỷ bằng máy huỷ tài liệu")
    BURN = "burn", _("Tiêu huỷ (đốt, nghiền)")
    ARCHIVE = "archive", _("Nộp lưu trữ lịch sử")
    DELETE = "delete", _("Xoá dữ liệu điện tử")
    OTHER = "other", _("Khác")


class RecordRule(VersionedModel):
    """How one kind of record (hồ sơ) is kept: keeper, place, retention and disposal."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan, đơn vị"), on_delete=models.CASCADE, related_name="record_rules"
    )
    agency = models.ForeignKey(Organisation, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+")
    scope_path = models.CharField(_("phạm vi"), max_length=255, db_index=True, editable=False)
    name = models.CharField(_("tên hồ sơ"), max_length=300)
    document = models.ForeignKey(
        Document,
        verbose_name=_("theo tài liệu (quy trình, biểu mẫu)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="record_rules",
    )
    keeper = models.CharField(_("người/bộ phận lưu"), max_length=200)
    place = models.CharField(_("nơi lưu"), max_length=200)
    retention_months = models.PositiveSmallIntegerField(
        _("thời gian lưu (tháng)"), null=True, blank=True, help_text=_("Để trống nếu lưu vĩnh viễn.")
    )
    disposal_method = models.CharField(_("cách huỷ"), max_length=20, choices=DisposalMethod.choices)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("quy định lưu hồ sơ")
        verbose_name_plural = _("quy định lưu hồ sơ")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_permanent(self) -> bool:
        return self.retention_months is None


class RecordHolding(TimeStampedModel):
    """A batch of records kept under a rule (e.g. "hồ sơ năm 2020"): what becomes due for disposal."""

    rule = models.ForeignKey(
        RecordRule, verbose_name=_("quy định lưu"), on_delete=models.CASCADE, related_name="holdings"
    )
    label = models.CharField(_("hồ sơ, tập hồ sơ"), max_length=300)
    period_end = models.DateField(_("hồ sơ kết thúc ngày"))
    location = models.CharField(_("vị trí lưu cụ thể"), max_length=200, blank=True)
    dispose_on = models.DateField(_("đến hạn huỷ"), null=True, blank=True, db_index=True)
    disposed_on = models.DateField(_("đã huỷ ngày"), null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người huỷ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disposal_record = models.CharField(_("biên bản huỷ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tập hồ sơ đang lưu")
        verbose_name_plural = _("tập hồ sơ đang lưu")
        ordering = ["dispose_on", "id"]

    def __str__(self) -> str:
        return self.label
