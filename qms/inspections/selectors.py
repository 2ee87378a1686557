"""Every read of inspection plans, entries, findings, minutes and follow-ups shown to a user.

Visibility (a forbidden object is a 404, like a missing one):
* a plan and all its entries: ``INSPECTION_PLAN`` over the plan's organisation; an inspector
  also sees the plans they are on a team of (read only) and opens only their own entries;
* an entry's inspection workspace: the coordinator, or a team member covering the agency;
* the agency's own view of an entry (``ASSESS_VIEW``/``FOLLOWUP_ANSWER`` at the agency): plan,
  form, dates, team and self-report request always; findings, minutes and follow-ups once the
  minutes are signed.
Consolidation across agencies: ``selectors_consolidation``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from qms.assessments import selectors as assessment_selectors
from qms.assessments.models import AssessmentKind, AssessmentStatus, Criterion, Rubric
from qms.core.audit import history_for
from qms.core.models import AuditEvent
from qms.core.text import fold
from qms.organisations import policy
from qms.organisations.models import Membership, Organisation, OrganisationKind, Role
from qms.organisations.policy import Perm
from qms.people.models import User

from . import access
from .models import (
    Finding,
    FindingSeverity,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    InspectionDecision,
    InspectionMode,
    InspectionPlan,
    Minutes,
    PlanEntry,
    PlanStatus,
)
from .rules import INSPECTED_KINDS, OnSiteCheck

MODE_CHOICES = InspectionMode.choices
MODE_LABELS = dict(InspectionMode.choices)
SEVERITY_CHOICES = FindingSeverity.choices
SEVERITY_LABELS = dict(FindingSeverity.choices)
FOLLOWUP_STATUS_CHOICES = FollowUpStatus.choices
PLAN_STATUS_CHOICES = PlanStatus.choices
SEVERITY_BADGES = {
    FindingSeverity.MAJOR.value: "text-bg-danger",
    FindingSeverity.MINOR.value: "text-bg-warning",
    FindingSeverity.RECOMMENDATION.value: "text-bg-info",
}
FOLLOWUP_BADGES = {
    FollowUpStatus.OPEN.value: "text-bg-warning",
    FollowUpStatus.ANSWERED.value: "text-bg-info",
    FollowUpStatus.ACCEPTED.value: "text-bg-success",
    FollowUpStatus.NOT_ACCEPTED.value: "text-bg-danger",
}


def _int(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def _planner_q(user: Any, prefix: str = "") -> Q:
    return policy.scope_q(
        user, Perm.INSPECTION_PLAN, path_field=f"{prefix}scope_path", agency_field=f"{prefix}organisation_id"
    )


def can_plan_anywhere(user: Any) -> bool:
    return access.holds_anywhere(user, Perm.INSPECTION_PLAN)


def can_inspect_anywhere(user: Any) -> bool:
    return access.holds_anywhere(user, Perm.INSPECTION_SCORE)


def planning_organisations_for_user(user: Any) -> list[Organisation]:
    """Where ``user`` may draw up plans: the organisations of their INSPECTION_PLAN grants (every
    province for the installation's administrator)."""
    if policy.is_superadmin(user):
        return list(Organisation.objects.filter(parent__isnull=True).current().order_by("name"))
    ids = [
        g.organisation_id
        for g in policy.grants(user)
        if g.subtree and Perm.INSPECTION_PLAN in policy.ROLE_PERMS[g.role]
    ]
    return list(Organisation.objects.filter(pk__in=ids).order_by("path"))


# --- plans ---------------------------------------------------------------------------------------


def plan_list_for_user(
    user: Any, *, year: int | None = None, status: str | None = None, q: str | None = None
) -> QuerySet[InspectionPlan]:
    visible = _planner_q(user)
    if getattr(user, "pk", None) and not policy.is_superadmin(user):
        on_team = PlanEntry.objects.filter(Q(members=user) | Q(leader=user)).values("plan_id")
        visible |= Q(pk__in=on_team)
    rows = InspectionPlan.objects.filter(visible)
    if year:
        rows = rows.filter(year=year)
    if status in PlanStatus.values:
        rows = rows.filter(status=status)
    for term in fold(q or "").split():
        rows = rows.filter(Q(title__fcontains=term) | Q(organisation__search_text__contains=term))
    return (
        rows.select_related("organisation", "rubric")
        .annotate(
            entry_count=Count("entries", distinct=True),
            on_site_count=Count("entries", filter=Q(entries__mode=InspectionMode.ON_SITE), distinct=True),
        )
        .order_by("-year", "organisation__path", "-pk")
    )


def plan_get_for_user(user: Any, pk: Any) -> InspectionPlan:
    plan = InspectionPlan.objects.select_related("organisation", "rubric", "approved_by").filter(pk=_int(pk)).first()
    if plan is None:
        raise Http404
    if access.can_plan(user, plan.organisation):
        return plan
    if getattr(user, "pk", None) and PlanEntry.objects.filter(Q(members=user) | Q(leader=user), plan=plan).exists():
        return plan
    raise Http404


def plan_years_for_user(user: Any) -> list[int]:
    years = set(plan_list_for_user(user).order_by().values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def onsite_check(plan: InspectionPlan) -> OnSiteCheck:
    modes = list(PlanEntry.objects.filter(plan=plan).values_list("mode", flat=True))
    return OnSiteCheck(total=len(modes), on_site=sum(1 for m in modes if m == InspectionMode.ON_SITE))


@dataclass
class SelfReport:
    """Where the agency's self-assessment stands for the plan's year."""

    status: str  # "none", "draft", "submitted"
    total: Any = None
    rating: str = ""
    scored: int = 0
    leaves: int = 0
    overdue: bool = False


def _self_report(summary: Any, due_on: dt.date | None, today: dt.date) -> SelfReport:
    item = summary.self_assessment if summary is not None else None
    if item is None:
        status = "none"
    elif item.status == AssessmentStatus.SUBMITTED:
        status = "submitted"
    else:
        status = "draft"
    return SelfReport(
        status=status,
        total=item.total if item else None,
        rating=item.rating if item else "",
        scored=item.scored_count if item else 0,
        leaves=item.leaf_count if item else 0,
        overdue=status != "submitted" and due_on is not None and due_on < today,
    )


def _entries_qs() -> QuerySet[PlanEntry]:
    return PlanEntry.objects.select_related(
        "agency", "leader", "plan", "plan__organisation", "plan__rubric", "minutes", "inspection_assessment"
    ).prefetch_related(Prefetch("members", queryset=User.objects.order_by("full_name", "pk")))


def decorate_entries(entries: list[PlanEntry], *, user: Any = None, today: dt.date | None = None) -> list[PlanEntry]:
    """Attach to each entry its self-report status, the inspection score, the findings count and
    whether ``user`` may open it. Three queries for any number of entries of one year."""
    if not entries:
        return entries
    today = today or timezone.localdate()
    years = {e.year for e in entries}
    summaries: dict[int, Any] = {}
    for year in years:
        summaries.update(
            assessment_selectors.assessments_summary(year, agency_ids=[e.agency_id for e in entries if e.year == year])
        )
    counts = dict(
        Finding.objects.filter(entry__in=[e.pk for e in entries])
        .values("entry_id")
        .annotate(n=Count("pk"))
        .values_list("entry_id", "n")
    )
    for entry in entries:
        summary = summaries.get(entry.agency_id)
        entry.self_report = _self_report(summary, entry.self_report_due_on, today)  # type: ignore[attr-defined]
        assessment = entry.inspection_assessment
        entry.inspection_total = assessment.total if assessment is not None else None  # type: ignore[attr-defined]
        entry.inspection_rating = assessment.rating if assessment is not None else ""  # type: ignore[attr-defined]
        entry.inspection_submitted = bool(assessment is not None and assessment.status == AssessmentStatus.SUBMITTED)  # type: ignore[attr-defined]
        entry.findings_count = counts.get(entry.pk, 0)  # type: ignore[attr-defined]
        entry.team = _team(entry)  # type: ignore[attr-defined]
        entry.the_minutes = getattr(entry, "minutes", None)  # type: ignore[attr-defined]
        if user is not None:
            entry.can_open = access.can_plan(user, entry.plan.organisation) or access.is_team_member(user, entry)  # type: ignore[attr-defined]
    return entries


def _team(entry: PlanEntry) -> list[Any]:
    """The leader first, then the other members."""
    members = list(entry.members.all())
    leader = entry.leader
    others = [m for m in members if leader is None or m.pk != leader.pk]
    return ([leader] if leader is not None else []) + others


def plan_entries(
    plan: InspectionPlan, *, user: Any = None, mode: str | None = None, q: str | None = None
) -> list[PlanEntry]:
    rows = _entries_qs().filter(plan=plan)
    if mode in InspectionMode.values:
        rows = rows.filter(mode=mode)
    for term in fold(q or "").split():
        rows = rows.filter(agency__search_text__contains=term)
    return decorate_entries(list(rows.order_by("starts_on", "agency__path")), user=user)


def plan_history(plan: InspectionPlan) -> QuerySet[AuditEvent]:
    return history_for(plan)


def agency_choices(plan: InspectionPlan) -> list[Organisation]:
    """Agencies of the plan's subtree that may still be added (not in any plan of the year)."""
    taken = PlanEntry.objects.filter(year=plan.year).values("agency_id")
    return list(
        Organisation.objects.current()
        .filter(path__startswith=plan.organisation.path, kind__in=INSPECTED_KINDS)
        .exclude(pk=plan.organisation_id)
        .exclude(pk__in=taken)
        .order_by("kind", "name")
    )


def team_candidates(organisation: Organisation) -> list[User]:
    """People who may sit on a team inspecting agencies under ``organisation``: inspectors and
    coordinators holding their role at it, above it or inside it (each agency is checked again
    by the service)."""
    ancestors = [organisation.path[: i + 1] for i, ch in enumerate(organisation.path) if ch == "/"]
    memberships = Membership.objects.filter(
        Q(organisation__path__in=ancestors) | Q(organisation__path__startswith=organisation.path),
        role__in=[Role.INSPECTOR, Role.COORDINATOR],
        is_active=True,
        user__is_active=True,
    )
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("full_name", "pk"))


def positions_of(users: Iterable[Any], organisation: Organisation) -> dict[int, str]:
    """Each user's position (chức vụ) as held on their inspector/coordinator membership."""
    ids = [u.pk for u in users]
    rows = (
        Membership.objects.filter(user_id__in=ids, is_active=True, role__in=[Role.INSPECTOR, Role.COORDINATOR])
        .exclude(position="")
        .order_by("pk")
        .values_list("user_id", "position", "organisation__name")
    )
    result: dict[int, str] = {}
    for user_id, position, _org in rows:
        result.setdefault(user_id, position)
    return result


def agency_leader(agency: Organisation) -> tuple[str, str]:
    """The agency's head as recorded (name, position) to prefill the minutes; blank if none."""
    membership = (
        Membership.objects.filter(organisation=agency, role=Role.LEADER, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return "", ""
    return membership.user.get_full_name() or membership.user.get_username(), membership.position


# --- entries -------------------------------------------------------------------------------------


def entry_get_for_user(user: Any, pk: Any) -> PlanEntry:
    """The inspection workspace of one agency: the coordinator or a team member covering it."""
    entry = _entries_qs().filter(pk=_int(pk)).first()
    if entry is None:
        raise Http404
    if access.can_plan(user, entry.plan.organisation) or access.may_inspect(user, entry):
        return decorate_entries([entry], user=user)[0]
    raise Http404


def my_entries_for_user(user: Any, *, year: int | None = None) -> list[PlanEntry]:
    """The entries whose team ``user`` is on (the inspector's own list)."""
    if not getattr(user, "pk", None):
        return []
    rows = _entries_qs().filter(Q(members=user) | Q(leader=user), plan__status=PlanStatus.APPROVED).distinct()
    if year:
        rows = rows.filter(year=year)
    return decorate_entries(list(rows.order_by("-year", "starts_on", "agency__path")), user=user)


def agency_entries_for_user(user: Any, agency: Organisation) -> list[PlanEntry]:
    """The agency's own inspections (approved plans only), newest first."""
    if not access.is_agency_reader(user, agency):
        raise Http404
    rows = _entries_qs().filter(agency=agency, plan__status=PlanStatus.APPROVED).order_by("-year", "-pk")
    return decorate_entries(list(rows))


def agency_entry_get_for_user(user: Any, pk: Any) -> PlanEntry:
    """One inspection as the inspected agency sees it (approved plans only)."""
    entry = _entries_qs().filter(pk=_int(pk), plan__status=PlanStatus.APPROVED).first()
    if entry is None or not access.is_agency_reader(user, entry.agency):
        raise Http404
    return decorate_entries([entry])[0]


def minutes_of(entry: PlanEntry) -> Minutes | None:
    return Minutes.objects.filter(entry=entry).first()


def findings_of(entry: PlanEntry) -> list[Finding]:
    findings = list(
        Finding.objects.filter(entry=entry)
        .select_related("criterion", "follow_up", "created_by")
        .order_by("order", "pk")
    )
    for f in findings:
        f.severity_badge = SEVERITY_BADGES[f.severity]  # type: ignore[attr-defined]
        f.the_follow_up = getattr(f, "follow_up", None)  # type: ignore[attr-defined]
    return findings


def finding_get_for_user(user: Any, pk: Any) -> Finding:
    finding = Finding.objects.select_related("entry", "criterion").filter(pk=_int(pk)).first()
    if finding is None:
        raise Http404
    finding.entry = entry_get_for_user(user, finding.entry_id)
    return finding


def criteria_for(rubric: Rubric | int) -> list[Criterion]:
    """The rubric's criteria in order (for choosing the criterion of a finding)."""
    rubric_id: int = rubric.pk if isinstance(rubric, Rubric) else int(rubric)
    return list(Criterion.objects.filter(rubric_id=rubric_id).order_by("order"))


def criterion_of_plan(plan: InspectionPlan, pk: Any) -> Criterion | None:
    if pk in (None, ""):
        return None
    criterion = Criterion.objects.filter(pk=_int(pk), rubric_id=plan.rubric_id).first()
    if criterion is None:
        raise Http404
    return criterion


def entry_history(entry: PlanEntry) -> list[AuditEvent]:
    events = list(history_for(entry)[:30])
    minutes = minutes_of(entry)
    if minutes is not None:
        events += list(history_for(minutes)[:30])
    return sorted(events, key=lambda e: (e.created_at, e.pk), reverse=True)[:50]


# --- decisions -----------------------------------------------------------------------------------


def decisions_of(plan: InspectionPlan) -> list[InspectionDecision]:
    return list(InspectionDecision.objects.filter(plan=plan).select_related("entry", "entry__agency").order_by("pk"))


def decision_get_for_user(user: Any, pk: Any) -> InspectionDecision:
    decision = (
        InspectionDecision.objects.select_related(
            "plan", "plan__organisation", "plan__rubric", "entry", "entry__agency"
        )
        .filter(pk=_int(pk))
        .first()
    )
    if decision is None or not access.can_plan(user, decision.plan.organisation):
        raise Http404
    return decision


def decision_entries(decision: InspectionDecision) -> list[PlanEntry]:
    """The entries a decision covers: its own, or every on-site entry of the plan."""
    rows = _entries_qs().filter(plan=decision.plan)
    rows = rows.filter(pk=decision.entry_id) if decision.entry_id else rows.filter(mode=InspectionMode.ON_SITE)
    return decorate_entries(list(rows.order_by("starts_on", "agency__path")))


# --- follow-ups ----------------------------------------------------------------------------------


def _followups_qs() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related(
        "agency",
        "finding",
        "finding__criterion",
        "finding__entry",
        "finding__entry__plan",
        "finding__entry__plan__organisation",
        "finding__entry__leader",
        "finding__entry__agency",
        "evidence_file",
        "answered_by",
        "reviewed_by",
    )


def decorate_follow_ups(rows: Iterable[FollowUp], today: dt.date | None = None) -> list[FollowUp]:
    today = today or timezone.localdate()
    result = list(rows)
    for f in result:
        f.badge = FOLLOWUP_BADGES[f.status]  # type: ignore[attr-defined]
        f.days_overdue = (today - f.due_on).days if f.is_pending and f.due_on < today else 0  # type: ignore[attr-defined]
    return result


def followup_get_for_user(user: Any, pk: Any) -> FollowUp:
    follow_up = _followups_qs().filter(pk=_int(pk)).first()
    if follow_up is None:
        raise Http404
    entry = follow_up.finding.entry
    if access.is_agency_reader(user, follow_up.agency) or access.may_review(user, entry):
        return decorate_follow_ups([follow_up])[0]
    raise Http404


def followups_of_entry(entry: PlanEntry) -> list[FollowUp]:
    return decorate_follow_ups(_followups_qs().filter(finding__entry=entry).order_by("finding__order", "pk"))


def followup_events(follow_up: FollowUp) -> list[FollowUpEvent]:
    return list(
        FollowUpEvent.objects.filter(follow_up=follow_up).select_related("evidence_file").order_by("created_at", "pk")
    )


def followup_event_get(follow_up: FollowUp, pk: Any) -> FollowUpEvent:
    event = FollowUpEvent.objects.select_related("evidence_file").filter(pk=_int(pk), follow_up=follow_up).first()
    if event is None:
        raise Http404
    return event


def followups_to_review_for_user(user: Any) -> list[FollowUp]:
    """Answers waiting for the user's review: the teams they are on, and every one a coordinator covers."""
    if not getattr(user, "pk", None):
        return []
    visible = _planner_q(user, "finding__entry__plan__")
    if not policy.is_superadmin(user):
        visible |= Q(finding__entry__members=user) | Q(finding__entry__leader=user)
    rows = _followups_qs().filter(visible, status=FollowUpStatus.ANSWERED).distinct().order_by("answered_at", "pk")
    return decorate_follow_ups(rows[:200])


def self_assessment_of(entry: PlanEntry) -> Any:
    return assessment_selectors.assessment_for(entry.agency, entry.year, AssessmentKind.SELF)


def can_score(user: Any, entry: PlanEntry) -> bool:
    assessment = entry.inspection_assessment
    return assessment is not None and assessment_selectors.can_score(user, assessment)


def agencies_kind_label(kind: str) -> str:
    return str(dict(OrganisationKind.choices).get(kind, kind))
