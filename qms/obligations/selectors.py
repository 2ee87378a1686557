"""Every read of obligations shown to a user.

Obligations are seen by whoever holds ``OBLIGATIONS_VIEW`` over their organisation: the agency's
leader and ISO secretary see their agency's, a coordinator (or inspector) sees the whole subtree
they hold it at. That is how overdue obligations reach both the agency and the coordinator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from qms.core.audit import history_for
from qms.core.models import AuditEvent
from qms.core.text import fold
from qms.organisations import policy
from qms.organisations.models import Organisation, OrganisationKind
from qms.organisations.policy import Perm

from .models import Obligation, ObligationStatus

STATES = ("open", "overdue", "done", "all")
OPEN = ObligationStatus.OPEN.value
DONE = ObligationStatus.DONE.value
CANCELLED = ObligationStatus.CANCELLED.value
STATUS_LABELS = dict(ObligationStatus.choices)


def can_view_obligations(user: Any) -> bool:
    """Whether the user holds OBLIGATIONS_VIEW anywhere (the list page is theirs at all)."""
    if policy.is_superadmin(user):
        return True
    return any(Perm.OBLIGATIONS_VIEW in policy.ROLE_PERMS[g.role] for g in policy.grants(user))


def sees_several_agencies(user: Any) -> bool:
    """Coordinators, inspectors and admins (subtree grants) get the agency filter."""
    if policy.is_superadmin(user):
        return True
    return any(g.subtree and Perm.OBLIGATIONS_VIEW in policy.ROLE_PERMS[g.role] for g in policy.grants(user))


def _scoped(user: Any) -> QuerySet[Obligation]:
    return Obligation.objects.filter(policy.scope_q(user, Perm.OBLIGATIONS_VIEW, prefix="organisation__"))


def obligation_list_for_user(
    user: Any,
    *,
    state: str | None = None,
    kind: str | None = None,
    organisation: Organisation | None = None,
    q: str | None = None,
    today: dt.date | None = None,
    source: Any = None,
) -> QuerySet[Obligation]:
    """Obligations the user may see. ``state``: open / overdue (open and past due on ``today``) /
    done / all (None = all); ``organisation``: its whole subtree; ``q``: every folded word must
    appear in the title, subject or source; ``source``: derived from that object."""
    today = today or timezone.localdate()
    qs = _scoped(user).select_related("organisation")
    if state == "open":
        qs = qs.filter(status=OPEN)
    elif state == "overdue":
        qs = qs.filter(status=OPEN, due_on__lt=today)
    elif state == "done":
        qs = qs.filter(status=DONE)
    if kind:
        qs = qs.filter(kind=kind)
    if organisation is not None:
        qs = qs.filter(organisation__path__startswith=organisation.path)
    if source is not None:
        qs = qs.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)
    for term in fold(q or "").split():
        qs = qs.filter(search_text__contains=term)
    if state == "done":
        return qs.order_by("-done_at", "-id")
    return qs.order_by("due_on", "id")


def obligation_get_for_user(user: Any, pk: Any) -> Obligation:
    try:
        return _scoped(user).select_related("organisation", "organisation__agency").get(pk=int(pk))
    except (Obligation.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def can_close(user: Any, obligation: Obligation) -> bool:
    return obligation.status == OPEN and policy.has_perm(user, Perm.DOC_MANAGE, obligation.organisation)


def obligations_for_subject(subject: Any) -> list[Obligation]:
    """Open and done obligations of one object (for its page; the caller checked access to it)."""
    content_type = ContentType.objects.get_for_model(subject)
    return list(
        Obligation.objects.filter(subject_type=content_type, subject_id=subject.pk, status__in=[OPEN, DONE]).order_by(
            "status", "due_on", "id"
        )
    )


def obligation_counts_for_user(user: Any, today: dt.date | None = None) -> dict[str, int]:
    """``{"open": n, "overdue": n, "done": n}`` over everything the user sees, in one query."""
    today = today or timezone.localdate()
    counts = _scoped(user).aggregate(
        open=Count("id", filter=Q(status=OPEN)),
        overdue=Count("id", filter=Q(status=OPEN, due_on__lt=today)),
        done=Count("id", filter=Q(status=DONE)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def obligation_history(obligation: Obligation) -> QuerySet[AuditEvent]:
    """Audit events of one obligation (the caller got it through ``obligation_get_for_user``)."""
    return history_for(obligation)


def agency_choices_for_user(user: Any) -> list[Organisation]:
    """Agencies (not internal units) whose obligations the user sees, for the agency filter."""
    return list(
        Organisation.objects.filter(policy.scope_q(user, Perm.OBLIGATIONS_VIEW))
        .exclude(kind=OrganisationKind.UNIT)
        .only("id", "name", "depth", "path")
        .order_by("path")[:3000]
    )


def organisation_for_filter(user: Any, pk: Any) -> Organisation | None:
    """The organisation picked in the agency filter, if the user sees obligations there."""
    try:
        organisation = Organisation.objects.get(pk=int(pk))
    except (Organisation.DoesNotExist, TypeError, ValueError):
        return None
    return organisation if policy.has_perm(user, Perm.OBLIGATIONS_VIEW, organisation) else None
