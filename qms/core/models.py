"""Base models and the audit trail. No domain words live here."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .display import format_datetime


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """An editable record protected by an optimistic version check (see core.concurrency)."""

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One state change made through the product: who, when, what, before and after.

    ``scope_path`` is the materialised path of the organisation the change belongs to, so that
    an audit log can be filtered to a subtree without this module knowing what an organisation is.
    """

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    verb = models.CharField(_("hành động"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại đối tượng"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    scope_path = models.CharField(_("phạm vi"), max_length=255, blank=True, db_index=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{format_datetime(self.created_at)} {self.actor_name} {self.verb} {self.target_repr}"

    def change_rows(self) -> list[Any]:
        """The changes as rows (``field``, ``before``, ``after``, ``is_diff``) with human labels and
        values, empty ones dropped: see :func:`qms.core.audit.change_rows`."""
        from .audit import change_rows

        return change_rows(self)


def _stored_file_path(instance: StoredFile, filename: str) -> str:
    # The original name is kept in a column; on disk a random name avoids collisions and
    # never lets a user-supplied name reach a path.
    return f"files/{instance.sha256[:2]}/{uuid.uuid4().hex}"


class StoredFile(models.Model):
    """An uploaded file kept through Django's storage API (never under the web root).

    Owners (documents, legal texts, evidence) reference it; whoever serves it checks access to
    the owner first. ``text`` is the text extracted for search (empty for scans).
    """

    file = models.FileField(_("tệp"), upload_to=_stored_file_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại nội dung"), max_length=120)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    text = models.TextField(_("văn bản trích xuất"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class SearchEntry(models.Model):
    """One searchable thing (a document, a legal text, ...) as the search index sees it.

    Domain apps write entries through ``qms.core.search``; the full-text index beside this table
    (SQLite FTS5 or a PostgreSQL tsvector) is maintained there. ``scope_path``/``agency_id``
    let the reader's permissions be applied without joining the owner's tables.
    """

    source = models.CharField(_("nguồn"), max_length=40)
    source_id = models.PositiveBigIntegerField(_("mã nguồn"))
    scope_path = models.CharField(_("phạm vi"), max_length=255, blank=True, db_index=True)
    agency_id = models.PositiveBigIntegerField(_("cơ quan"), null=True, blank=True, db_index=True)
    kind = models.CharField(_("loại"), max_length=40, blank=True)
    status = models.CharField(_("trạng thái"), max_length=40, blank=True)
    public = models.BooleanField(_("mọi người dùng đều đọc được"), default=False)
    code = models.CharField(_("số hiệu"), max_length=120, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500)
    body = models.TextField(_("nội dung"), blank=True)
    dated = models.DateField(_("ngày"), null=True, blank=True)
    url = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    organisation_name = models.CharField(_("cơ quan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="search_entry_unique_source")]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id} {self.title}"
