"""Every read of accounts, committees and training records shown to a user (tenancy applied)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from qms.core.audit import history_for
from qms.core.models import AuditEvent
from qms.organisations import policy
from qms.organisations import selectors as org_selectors
from qms.organisations.models import Membership, Organisation, OrganisationKind
from qms.organisations.policy import Perm

from .models import CommitteeMember, SteeringCommittee, TrainingKind, TrainingRecord, User


def _int(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def user_list_for_user(
    viewer: Any, *, search: str = "", role: str = "", organisation: Organisation | None = None, active: str = ""
) -> QuerySet[User]:
    """Accounts whose agency or a role of theirs lies where the viewer manages people."""
    qs = User.objects.all()
    if not policy.is_superadmin(viewer):
        scope = policy.scope_q(viewer, Perm.MANAGE_PEOPLE, prefix="home_organisation__")
        member_scope = policy.scope_q(viewer, Perm.MANAGE_PEOPLE, prefix="organisation__")
        in_scope_members = Membership.objects.filter(member_scope).values("user_id")
        qs = qs.filter(scope | Q(pk__in=in_scope_members))
    if organisation is not None:
        qs = qs.filter(
            Q(home_organisation__path__startswith=organisation.path)
            | Q(pk__in=Membership.objects.filter(organisation__path__startswith=organisation.path).values("user_id"))
        )
    if role:
        qs = qs.filter(pk__in=Membership.objects.filter(role=role, is_active=True).values("user_id"))
    if active == "1":
        qs = qs.filter(is_active=True)
    elif active == "0":
        qs = qs.filter(is_active=False)
    for term in search.split():
        qs = qs.filter(Q(full_name__fcontains=term) | Q(username__fcontains=term) | Q(email__fcontains=term))
    active_memberships = Membership.objects.filter(is_active=True).select_related("organisation").order_by("role")
    return (
        qs.select_related("home_organisation")
        .prefetch_related(Prefetch("memberships", queryset=active_memberships, to_attr="active_memberships"))
        .order_by("full_name", "username")
    )


def username_taken(username: str) -> bool:
    """Usernames are unique installation-wide; saying so reveals no tenant data."""
    return User.objects.filter(username__fexact=username.strip()).exists()


def user_get_for_user(viewer: Any, pk: Any) -> User:
    user = user_list_for_user(viewer).filter(pk=_int(pk)).first()
    if user is None:
        raise Http404
    return user


def user_memberships(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organisation", "granted_by").order_by("-is_active", "organisation__path")


def user_history(user: User) -> QuerySet[AuditEvent]:
    return history_for(user)


def committee_list_for_user(viewer: Any, organisation: Organisation) -> QuerySet[SteeringCommittee]:
    if not policy.has_perm(viewer, Perm.VIEW, organisation):
        raise Http404
    return (
        SteeringCommittee.objects.filter(organisation_id=organisation.agency_id or organisation.pk)
        .annotate(member_count=Count("members"))
        .order_by("-is_current", "-decision_date")
    )


def committee_get_for_user(viewer: Any, pk: Any) -> SteeringCommittee:
    committee = SteeringCommittee.objects.select_related("organisation").filter(pk=_int(pk)).first()
    if committee is None or not policy.has_perm(viewer, Perm.VIEW, committee.organisation):
        raise Http404
    return committee


def committee_members(committee: SteeringCommittee) -> QuerySet[CommitteeMember]:
    return committee.members.select_related("user").order_by("order", "id")


def committee_member_get_for_user(viewer: Any, pk: Any) -> CommitteeMember:
    member = CommitteeMember.objects.select_related("committee__organisation").filter(pk=_int(pk)).first()
    if member is None or not policy.has_perm(viewer, Perm.VIEW, member.committee.organisation):
        raise Http404
    return member


def training_list_for_user(
    viewer: Any, organisation: Organisation, *, search: str = "", kind: str = "", year: int | None = None
) -> QuerySet[TrainingRecord]:
    if not policy.has_perm(viewer, Perm.VIEW, organisation):
        raise Http404
    qs = TrainingRecord.objects.filter(organisation_id=organisation.agency_id or organisation.pk).select_related("user")
    if kind in TrainingKind.values:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(start_date__year=year)
    for term in search.split():
        qs = qs.filter(
            Q(trainee_name__fcontains=term) | Q(course__fcontains=term) | Q(certificate_number__fcontains=term)
        )
    return qs.order_by("-start_date", "trainee_name")


def training_get_for_user(viewer: Any, pk: Any) -> TrainingRecord:
    record = TrainingRecord.objects.select_related("organisation", "user").filter(pk=_int(pk)).first()
    if record is None or not policy.has_perm(viewer, Perm.VIEW, record.organisation):
        raise Http404
    return record


def internal_auditors(organisation: Organisation) -> QuerySet[TrainingRecord]:
    """Certified internal auditors of an agency (the caller has checked access)."""
    return TrainingRecord.objects.filter(
        organisation_id=organisation.agency_id or organisation.pk, kind=TrainingKind.INTERNAL_AUDITOR
    ).exclude(certificate_number="")


def agency_users(viewer: Any, organisation: Organisation) -> QuerySet[User]:
    """People with a role in the agency (to pick committee members or trainees from)."""
    if not policy.has_perm(viewer, Perm.VIEW, organisation):
        raise Http404
    agency_id = organisation.agency_id or organisation.pk
    return User.objects.filter(
        Q(home_organisation__agency_id=agency_id)
        | Q(pk__in=Membership.objects.filter(organisation__agency_id=agency_id, is_active=True).values("user_id"))
    ).order_by("full_name")


def home_summary_for_user(viewer: Any, organisation: Organisation) -> dict[str, Any]:
    """Figures for the home page of the active organisation, in a handful of queries."""
    if not policy.has_perm(viewer, Perm.VIEW, organisation):
        raise Http404
    today = timezone.localdate()
    current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    subtree = Organisation.objects.filter(path__startswith=organisation.path).exclude(pk=organisation.pk)
    # "How many agencies": the shared definition, so the publication overview shows the same figure.
    agencies = org_selectors.agencies_in_scope_for_user(viewer, Perm.VIEW, within=organisation, on=today)
    agency_kinds = dict(agencies.values_list("kind").annotate(n=Count("id")).values_list("kind", "n").order_by())
    agency_ids = list(agencies.values_list("id", flat=True))
    internal_units = (
        Organisation.objects.filter(path__startswith=organisation.path, kind=OrganisationKind.UNIT)
        .current(today)
        .count()
    )
    with_committee = (
        SteeringCommittee.objects.filter(organisation_id__in=agency_ids, is_current=True)
        .values("organisation_id")
        .distinct()
        .count()
    )
    agency_id = organisation.agency_id or organisation.pk
    own_committee = SteeringCommittee.objects.filter(organisation_id=agency_id, is_current=True).first()
    return {
        "by_kind": {OrganisationKind(k).label: agency_kinds[k] for k in OrganisationKind.values if k in agency_kinds},
        "internal_units": internal_units,
        "agencies": len(agency_ids),
        "historical": subtree.filter(valid_to__lt=today).count(),
        "agencies_with_committee": with_committee,
        "users": Membership.objects.filter(organisation__path__startswith=organisation.path, is_active=True)
        .values("user_id")
        .distinct()
        .count(),
        "committee": own_committee,
        "committee_members": own_committee.members.count() if own_committee else 0,
        "trainings": TrainingRecord.objects.filter(organisation_id=agency_id).count(),
        "auditors": internal_auditors(organisation).values("trainee_name").distinct().count(),
        "units": Organisation.objects.filter(agency_id=agency_id, kind=OrganisationKind.UNIT).filter(current).count(),
    }


def recent_events_for_user(viewer: Any, organisation: Organisation | None, limit: int = 8) -> list[AuditEvent]:
    """The latest changes in the organisation's subtree; ``None``: the whole installation (its
    administrators only)."""
    if organisation is None:
        if not policy.is_superadmin(viewer):
            raise Http404
        return list(AuditEvent.objects.select_related("actor")[:limit])
    if not policy.has_perm(viewer, Perm.VIEW, organisation):
        raise Http404
    return list(AuditEvent.objects.filter(scope_path__startswith=organisation.path).select_related("actor")[:limit])


def admin_summary_for_user(viewer: Any) -> dict[str, Any]:
    """Figures for the home page of the installation's administrator (a superuser): the
    provinces and ministries at the top of the tree, the agencies in scope (the shared count),
    the accounts, and the accounts without any role yet."""
    if not policy.is_superadmin(viewer):
        raise Http404
    today = timezone.localdate()
    active_members = Membership.objects.filter(is_active=True).values("user_id")
    users = User.objects.aggregate(
        total=Count("pk", filter=Q(is_active=True)),
        without_role=Count("pk", filter=Q(is_active=True, is_superuser=False) & ~Q(pk__in=active_members)),
    )
    return {
        "roots": Organisation.objects.filter(depth=0).current(today).count(),
        "agencies": org_selectors.agencies_in_scope_for_user(viewer, Perm.VIEW, on=today).count(),
        "users": users["total"],
        "users_without_role": users["without_role"],
    }
