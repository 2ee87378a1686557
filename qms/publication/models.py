"""Publication (công bố) of an agency's QMS: the decision declaring it conforms to TCVN ISO
9001:2015 (Annex I of QĐ 19/2014/QĐ-TTg) with its scope annex, the written notice to the
Department of Science and Technology, and the evidence of posting at the office and on the website.

A publication starts as a draft prepared by the ISO secretary; the head of the agency issues it
(number, date, signature). Issuing freezes a snapshot of the scope (the procedures under the
agency's authority with the processes that cover them, and the other activities in scope) and of
the coverage; the Word files are generated once at that moment and kept. The next issue supersedes
it. Comparing the frozen scope with the live one tells whether the agency must publish again
(see ``selectors.publication_drift``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qms.core.models import StoredFile, VersionedModel
from qms.organisations.models import Organisation


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    SUPERSEDED = "superseded", _("Đã được thay thế")


class Publication(VersionedModel):
    agency = models.ForeignKey(Organisation, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(_("phạm vi"), max_length=255, db_index=True, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    # The decision (Annex I of QĐ 19), as it is printed.
    issuer_parent = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    place = models.CharField(_("địa danh"), max_length=120)
    number = models.CharField(_("số quyết định"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu quyết định"), max_length=60)
    signed_on = models.DateField(_("ngày ký quyết định"), null=True, blank=True)
    authority = models.CharField(_("thẩm quyền ban hành"), max_length=255)
    legal_bases = models.TextField(_("căn cứ ban hành"))
    proposal = models.CharField(_("theo đề nghị của"), max_length=500, blank=True)
    implementers = models.CharField(_("trách nhiệm thi hành (Điều 3)"), max_length=1000)
    extra_recipients = models.TextField(_("nơi nhận khác"), blank=True)
    signer_authority = models.CharField(_("quyền hạn ký (KT., TM., ...)"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    signer_name = models.CharField(_("họ tên người ký"), max_length=200)
    # Scope, frozen at the last save of the draft and at issue.
    scope = models.JSONField(_("phạm vi: thủ tục hành chính"), default=list, blank=True)
    activities = models.JSONField(_("phạm vi: các hoạt động khác"), default=list, blank=True)
    coverage_assigned = models.PositiveIntegerField(_("số TTHC được giao"), default=0)
    coverage_covered = models.PositiveIntegerField(_("số TTHC đã có quy trình"), default=0)
    gap = models.JSONField(_("TTHC chưa có quy trình"), default=list, blank=True)
    gap_acknowledged = models.BooleanField(_("đã xác nhận công bố khi chưa đủ 100%"), default=False)
    # The notice to the coordinating body (Sở Khoa học và Công nghệ).
    notice_recipient = models.ForeignKey(
        Organisation,
        verbose_name=_("cơ quan nhận thông báo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notice_recipient_name = models.CharField(_("tên cơ quan nhận thông báo"), max_length=255)
    notice_number = models.CharField(_("số văn bản thông báo"), max_length=20, blank=True)
    notice_symbol = models.CharField(_("ký hiệu văn bản thông báo"), max_length=60)
    notice_signed_on = models.DateField(_("ngày văn bản thông báo"), null=True, blank=True)
    # Posting (niêm yết) at the office and on the website.
    posted_on = models.DateField(_("ngày niêm yết tại trụ sở"), null=True, blank=True)
    posted_place = models.CharField(_("nơi niêm yết"), max_length=255, blank=True)
    website_url = models.URLField(_("đường dẫn đăng trên trang thông tin điện tử"), max_length=500, blank=True)
    website_posted_on = models.DateField(_("ngày đăng trên trang thông tin điện tử"), null=True, blank=True)
    # Files generated at issue and kept as issued.
    decision_file = models.ForeignKey(
        StoredFile, verbose_name=_("tệp quyết định"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notice_file = models.ForeignKey(
        StoredFile, verbose_name=_("tệp thông báo"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("thay thế lần công bố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    scope_taken_at = models.DateTimeField(_("chốt phạm vi lúc"), null=True, blank=True)
    # The difference between the issued scope and the live one, as found by the last daily check
    # (``publication_check``): what the coordinator's overview shows without recomputing it.
    drift = models.JSONField(_("thay đổi phạm vi từ khi công bố"), default=dict, blank=True)
    drift_checked_at = models.DateTimeField(_("kiểm tra thay đổi phạm vi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công bố HTQLCL")
        verbose_name_plural = _("công bố HTQLCL")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=Q(status="draft"), name="publication_one_draft_per_agency"
            ),
            models.UniqueConstraint(
                fields=["agency"], condition=Q(status="issued"), name="publication_one_current_per_agency"
            ),
        ]
        indexes = [models.Index(fields=["status", "scope_path"], name="publication_status_path_idx")]

    def __str__(self) -> str:
        if self.number:
            return f"{self.number}/{self.symbol} — {self.issuer}"
        return _("Dự thảo công bố — %(issuer)s") % {"issuer": self.issuer}

    @property
    def reference(self) -> str:
        """``125/QĐ-STP`` (or ``…/QĐ-STP`` for a draft)."""
        return f"{self.number or '…'}/{self.symbol}"

    @property
    def notice_reference(self) -> str:
        return f"{self.notice_number or '…'}/{self.notice_symbol}"

    @property
    def coverage_percent(self) -> float | None:
        if not self.coverage_assigned:
            return None
        return round(100 * self.coverage_covered / self.coverage_assigned, 1)

    @property
    def has_gap(self) -> bool:
        return bool(self.gap)

    @property
    def is_posted(self) -> bool:
        return bool(self.posted_on and self.website_url)
