"""Writing and describing audit events. Every service calls :func:`record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .middleware import current_ip
from .models import AuditEvent

VERB_LABELS: dict[str, Any] = {}


def register_verbs(labels: Mapping[str, Any]) -> None:
    """Apps declare human labels for their verbs (``organisation.create`` → "Tạo tổ chức")."""
    VERB_LABELS.update(labels)


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "label") and hasattr(value, "value"):
        return value.value
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` of ``instance``, made JSON-safe (FKs by their string form)."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``{field: {"before": x, "after": y}}`` for every field whose value changed."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {
        key: {"before": before.get(key), "after": after.get(key)} for key in keys if before.get(key) != after.get(key)
    }


def record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    scope_path: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    actor_obj = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor_obj else str(_("Hệ thống")),
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        scope_path=scope_path,
        changes=dict(changes or {}),
        ip_address=current_ip(),
    )


def history_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit events of one object, newest first. Callers check access to the object first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
