"""The legal register: legal texts (VBQPPL and other external texts) and who cites them."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import StoredFile, TimeStampedModel, VersionedModel
from qms.organisations.models import Organisation


class LegalTextKind(models.TextChoices):
    CONSTITUTION = "constitution", _("Hiến pháp")
    CODE = "code", _("Bộ luật")
    LAW = "law", _("Luật")
    ORDINANCE = "ordinance", _("Pháp lệnh")
    RESOLUTION = "resolution", _("Nghị quyết")
    DECREE = "decree", _("Nghị định")
    DECISION = "decision", _("Quyết định")
    DIRECTIVE = "directive", _("Chỉ thị")
    CIRCULAR = "circular", _("Thông tư")
    JOINT_CIRCULAR = "joint_circular", _("Thông tư liên tịch")
    STANDARD = "standard", _("Tiêu chuẩn")
    OTHER = "other", _("Văn bản khác")


class LegalTextStatus(models.TextChoices):
    PENDING = "pending", _("Chưa có hiệu lực")
    IN_FORCE = "in_force", _("Còn hiệu lực")
    REPLACED = "replaced", _("Đã bị thay thế")
    EXPIRED = "expired", _("Hết hiệu lực")


class LegalText(VersionedModel):
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=LegalTextKind.choices)
    # Not unique alone: local texts share numbers across provinces ("1276/QĐ-UBND" of Đắk Nông and
    # of Quảng Ninh). A text is identified by its number and its issuer.
    number = models.CharField(_("số, ký hiệu"), max_length=120, db_index=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    title = models.CharField(_("trích yếu"), max_length=1000)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True, db_index=True)
    expires_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    replaces = models.ManyToManyField(
        "self", verbose_name=_("thay thế văn bản"), symmetrical=False, blank=True, related_name="replaced_by"
    )
    amends = models.ManyToManyField(
        "self", verbose_name=_("sửa đổi, bổ sung văn bản"), symmetrical=False, blank=True, related_name="amended_by"
    )
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    file = models.ForeignKey(
        StoredFile, verbose_name=_("tệp văn bản"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_text = models.TextField(_("chuỗi tìm kiếm"), blank=True, editable=False)
    added_by_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("cơ quan nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("văn bản pháp luật")
        verbose_name_plural = _("văn bản pháp luật")
        ordering = ["-signed_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "issuer"], name="legal_text_number_issuer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def status_on(self, on: dt.date | None = None, *, replaced: bool | None = None) -> str:
        """Status on a day. ``replaced`` may be passed when the caller already knows it."""
        on = on or timezone.localdate()
        if self.expires_on and self.expires_on <= on:
            return LegalTextStatus.EXPIRED
        if replaced is None:
            replaced = self.replaced_by.filter(effective_on__lte=on).exists()
        if replaced:
            return LegalTextStatus.REPLACED
        if self.effective_on and self.effective_on > on:
            return LegalTextStatus.PENDING
        return LegalTextStatus.IN_FORCE


class LegalCitation(TimeStampedModel):
    """A document (or later a process) citing a legal text as its basis (căn cứ pháp lý).

    The citing object is generic so that this app does not depend on the apps that cite;
    ``organisation`` is the owner of the citing object (for tenancy and obligations).
    """

    legal_text = models.ForeignKey(
        LegalText, verbose_name=_("văn bản pháp luật"), on_delete=models.PROTECT, related_name="citations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan, đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, verbose_name=_("loại tài liệu"), on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(_("mã tài liệu"))
    target_repr = models.CharField(_("tài liệu"), max_length=300)
    provision = models.CharField(_("điều, khoản áp dụng"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["legal_text__number"]
        constraints = [
            models.UniqueConstraint(fields=["legal_text", "target_type", "target_id"], name="citation_unique_target")
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="citation_target_idx")]

    def __str__(self) -> str:
        return f"{self.target_repr} ← {self.legal_text.number}"
