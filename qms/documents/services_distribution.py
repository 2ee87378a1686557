"""Distribution of effective revisions: who receives a document, and the read acknowledgement."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core import audit
from qms.organisations.models import Membership

from .models import Distribution, Document, RevisionStatus


def distribution_recipients(document: Document) -> dict[int, int | None]:
    """User id → the unit through which they receive the document (None: named personally)."""
    recipients: dict[int, int | None] = {}
    units = list(document.distribute_to_units.all())
    if units:
        unit_q = Q(pk__in=[])
        for unit in units:
            unit_q |= Q(organisation__path__startswith=unit.path)
        rows = (
            Membership.objects.filter(unit_q, is_active=True, user__is_active=True)
            .values_list("user_id", "organisation__path")
            .order_by("organisation__path")
        )
        for user_id, path in rows:
            via = next((u.pk for u in units if path.startswith(u.path)), None)
            recipients.setdefault(user_id, via)
    for user_id in document.distribute_to_users.filter(is_active=True).values_list("pk", flat=True):
        recipients.setdefault(user_id, None)
    return recipients


@transaction.atomic
def distribution_acknowledge(*, actor: Any, distribution: Distribution) -> Distribution:
    """The recipient confirms having read the revision sent to them."""
    if actor is None or distribution.user_id != actor.pk:
        raise PermissionDenied(_("Chỉ người nhận mới xác nhận đã đọc được."))
    distribution = Distribution.objects.select_for_update().select_related("revision__document").get(pk=distribution.pk)
    if distribution.acknowledged_at is not None:
        return distribution
    if distribution.revision.status != RevisionStatus.EFFECTIVE:
        raise ValidationError(_("Lần ban hành này không còn hiệu lực: không cần xác nhận nữa."))
    distribution.acknowledged_at = timezone.now()
    distribution.save(update_fields=["acknowledged_at"])
    audit.record(
        actor=actor,
        verb="distribution.acknowledge",
        target=distribution.revision,
        scope_path=distribution.revision.document.scope_path,
        changes={"acknowledged_at": {"before": None, "after": distribution.acknowledged_at.isoformat()}},
    )
    return distribution
