"""Base models and the audit trail. No domain words live here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from .display import display_value


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
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.target_repr}"

    def change_rows(self) -> list[dict[str, Any]]:
        """The changes as rows with human field labels and choice labels, empty values dropped."""
        model = self.target_type.model_class() if self.target_type_id and self.target_type else None
        rows = []
        for name, change in (self.changes or {}).items():
            if not isinstance(change, dict):
                continue
            before, after = change.get("before"), change.get("after")
            if before in (None, "") and after in (None, ""):
                continue
            label, before_shown, after_shown = name, before, after
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                except FieldDoesNotExist:
                    field = None
                if field is not None:
                    label = str(getattr(field, "verbose_name", name))
                    choices = dict(getattr(field, "flatchoices", None) or [])
                    if choices:
                        before_shown = choices.get(before, before)
                        after_shown = choices.get(after, after)
            rows.append(
                {
                    "field": label[:1].upper() + label[1:],
                    "before": display_value(before_shown),
                    "after": display_value(after_shown),
                    "is_diff": before not in (None, ""),
                }
            )
        return rows
