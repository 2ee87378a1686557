"""Every read of record rules and record holdings shown to a user (tenancy applied).

Rules carry a copy of their organisation's path and agency, so the tenancy filter needs no join.
``*_get_for_user`` raise ``Http404`` for a missing object and for one the user may not see.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from qms.core.audit import history_for
from qms.core.models import AuditEvent
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm
from qms.organisations.selectors import organisation_list_for_user

from .models import Document, DocumentStatus, RecordHolding, RecordRule
from .services_records import RECORD_DOCUMENT_KINDS


def _int(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def _visible_rules(user: Any) -> QuerySet[RecordRule]:
    return RecordRule.objects.filter(policy.scope_q(user, Perm.VIEW, path_field="scope_path", agency_field="agency_id"))


def _visible_holdings(user: Any) -> QuerySet[RecordHolding]:
    return RecordHolding.objects.filter(
        policy.scope_q(user, Perm.VIEW, path_field="rule__scope_path", agency_field="rule__agency_id")
    )


def record_rule_list_for_user(
    user: Any, *, organisation: Organisation | None = None, q: str | None = None
) -> QuerySet[RecordRule]:
    """Rules the user may read, with ``kept_count`` (holdings not yet disposed of), by name.

    ``organisation`` narrows to the rules of that organisation and the units below it; ``q``
    matches every word against the record's name, keeper, place or organisation.
    """
    qs = _visible_rules(user)
    if organisation is not None:
        qs = qs.filter(scope_path__startswith=organisation.path)
    for term in (q or "").split():
        qs = qs.filter(
            Q(name__fcontains=term)
            | Q(keeper__fcontains=term)
            | Q(place__fcontains=term)
            | Q(organisation__name__fcontains=term)
        )
    return (
        qs.select_related("organisation", "document")
        .annotate(kept_count=Count("holdings", filter=Q(holdings__disposed_on__isnull=True)))
        .order_by("name", "id")
    )


def record_rule_get_for_user(user: Any, pk: Any) -> RecordRule:
    rule = (
        _visible_rules(user)
        .select_related("organisation", "agency", "document")
        .annotate(kept_count=Count("holdings", filter=Q(holdings__disposed_on__isnull=True)))
        .filter(pk=_int(pk))
        .first()
    )
    if rule is None:
        raise Http404
    return rule


def record_rule_holdings(rule: RecordRule) -> QuerySet[RecordHolding]:
    """The holdings of a rule the caller may read: those still kept first (by disposal date,
    permanent ones last), then those disposed of, latest first."""
    return (
        rule.holdings.select_related("disposed_by")
        .alias(is_disposed=ExpressionWrapper(Q(disposed_on__isnull=False), output_field=BooleanField()))
        .order_by("is_disposed", F("dispose_on").asc(nulls_last=True), F("disposed_on").desc(), "period_end", "id")
    )


def record_rule_history(rule: RecordRule) -> QuerySet[AuditEvent]:
    """The audit events of a rule and of the holdings kept under it, newest first."""
    holding_ids = RecordHolding.objects.filter(rule=rule).annotate(text_id=Cast("pk", CharField())).values("text_id")
    holding_events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(RecordHolding), target_id__in=holding_ids
    )
    return (history_for(rule) | holding_events).select_related("actor", "target_type").order_by("-created_at", "-id")


def record_holdings_due_for_user(user: Any, *, today: dt.date, within_days: int = 0) -> QuerySet[RecordHolding]:
    """Holdings not yet disposed of whose disposal date is on or before ``today + within_days``,
    earliest first, with their rule and its organisation."""
    until = today + dt.timedelta(days=within_days)
    return (
        _visible_holdings(user)
        .filter(disposed_on__isnull=True, dispose_on__isnull=False, dispose_on__lte=until)
        .select_related("rule", "rule__organisation")
        .order_by("dispose_on", "rule__name", "id")
    )


def record_holdings_due_counts(holdings: QuerySet[RecordHolding], *, today: dt.date) -> dict[str, int]:
    """How many of ``holdings`` (from :func:`record_holdings_due_for_user`) are due on ``today``
    or earlier, and how many only later; one query."""
    counts = holdings.order_by().aggregate(due=Count("pk", filter=Q(dispose_on__lte=today)), total=Count("pk"))
    return {"due": counts["due"], "upcoming": counts["total"] - counts["due"]}


def record_holding_get_for_user(user: Any, pk: Any) -> RecordHolding:
    holding = (
        _visible_holdings(user).filter(pk=_int(pk)).select_related("rule", "rule__organisation", "disposed_by").first()
    )
    if holding is None:
        raise Http404
    return holding


def record_rule_organisations_for_user(user: Any, *, agency_id: int | None = None) -> list[Organisation]:
    """Current organisations where the user may keep record rules (the agencies and units they
    manage documents of), in tree order; ``agency_id`` keeps one agency's."""
    qs = organisation_list_for_user(user, perm=Perm.DOC_MANAGE, status="current")
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return list(qs.order_by("path")[:3000])


def record_rule_documents_for_user(user: Any, organisations: list[Organisation]) -> list[Document]:
    """Processes, guidance and forms (not withdrawn) a rule kept at one of ``organisations`` may
    refer to: those of the agencies among them where the user manages documents."""
    agency_ids = {o.agency_id or o.pk for o in organisations if policy.has_perm(user, Perm.DOC_MANAGE, o)}
    return list(
        Document.objects.filter(agency_id__in=sorted(agency_ids), kind__in=RECORD_DOCUMENT_KINDS)
        .exclude(status=DocumentStatus.OBSOLETE)
        .only("id", "code", "title", "agency_id", "kind")
        .order_by("code_folded", "id")[:3000]
    )


def can_manage_record_rules(user: Any, organisation: Organisation | None = None) -> bool:
    """Whether the user keeps record rules at ``organisation`` (or anywhere, without one).

    Answered from the grants loaded once per request: no query per call."""
    if organisation is not None:
        return policy.has_perm(user, Perm.DOC_MANAGE, organisation)
    return policy.is_superadmin(user) or any(Perm.DOC_MANAGE in policy.ROLE_PERMS[g.role] for g in policy.grants(user))
