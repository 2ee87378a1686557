"""Things that fall due, derived from the data (DESIGN C14).

An obligation belongs to the organisation that must act, points at its subject (the document to
update, ...) and at its source (the legal text that changed, ...), and carries a ``key`` that makes
opening it idempotent: deriving the obligations again never duplicates one.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import TimeStampedModel
from qms.organisations.models import Organisation


class ObligationKind(models.TextChoices):
    LEGAL_UPDATE = "legal_update", _("Cập nhật theo văn bản pháp luật mới")
    PROCESS_FOR_PROCEDURE = "process_for_procedure", _("Xây dựng, mở rộng quy trình cho TTHC được giao")
    REPUBLICATION = "republication", _("Công bố lại HTQLCL khi phạm vi thay đổi")
    INSPECTION_FOLLOWUP = "inspection_followup", _("Khắc phục tồn tại sau kiểm tra")


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Đang mở")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã huỷ")


class Obligation(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan, đơn vị"), on_delete=models.CASCADE, related_name="obligations"
    )
    kind = models.CharField(_("loại"), max_length=40, choices=ObligationKind.choices)
    key = models.CharField(_("khoá"), max_length=200, unique=True)
    title = models.CharField(_("nội dung"), max_length=500)
    detail = models.TextField(_("chi tiết"), blank=True)
    opened_on = models.DateField(_("ngày phát sinh"))
    due_on = models.DateField(_("hạn hoàn thành"), db_index=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=ObligationStatus.choices, default="open")
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    done_note = models.CharField(_("ghi chú hoàn thành"), max_length=500, blank=True)
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("loại đối tượng"), on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    subject_repr = models.CharField(_("đối tượng"), max_length=300)
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("loại căn cứ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(_("mã căn cứ"), null=True, blank=True)
    source_repr = models.CharField(_("căn cứ"), max_length=300, blank=True)
    # Folded title, subject and source (qms.core.text.fold): accent-insensitive search.
    search_text = models.TextField(_("chuỗi tìm kiếm"), blank=True, editable=False)

    class Meta:
        verbose_name = _("nghĩa vụ")
        verbose_name_plural = _("nghĩa vụ")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="obligation_org_status_idx"),
            models.Index(fields=["subject_type", "subject_id", "status"], name="obligation_subject_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == ObligationStatus.OPEN and self.due_on < (today or timezone.localdate())
