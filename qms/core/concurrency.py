"""Optimistic version check for editable records: the second of two concurrent saves is refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _


def bump_version(instance: models.Model, expected_version: int | None) -> None:
    """Raise if the stored version moved since the form was loaded; else increment it.

    Must run inside the service's transaction, before the instance is saved.
    """
    model = type(instance)
    if expected_version is not None:
        updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not updated:
            raise ValidationError(
                _(
                    "Bản ghi đã được người khác sửa trong lúc bạn đang sửa. "
                    "Hãy tải lại trang để xem nội dung mới nhất rồi sửa lại."
                ),
                code="stale",
            )
        instance.version = expected_version + 1  # type: ignore[attr-defined]
