"""Who may do what in the yearly inspection, on top of the one policy.

* Plans, entries, teams, decisions, requests for self-reports, consolidation: ``INSPECTION_PLAN``
  over the plan's organisation (coordinators and administrators above the agencies).
* Scoring, findings and minutes of one agency: a member of that entry's team (the leader is a
  member) who holds ``INSPECTION_SCORE`` over the agency. An inspector who is not on the team of
  a plan entry cannot touch it, even inside their subtree.
* Follow-ups: the agency answers (``FOLLOWUP_ANSWER`` at the agency); the team or the
  coordinator (``INSPECTION_PLAN`` over the agency) accepts or refuses the answer.
* Reading an entry's results as the agency: ``ASSESS_VIEW`` through the agency's own grant (its
  leader, ISO secretary), and only once the minutes are signed (before that the agency sees its
  plan, dates, team and self-report request).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from .models import PlanEntry


def holds_anywhere(user: Any, perm: Perm) -> bool:
    if user is None or policy.is_superadmin(user):
        return True
    return any(perm in policy.ROLE_PERMS[g.role] for g in policy.grants(user))


def can_plan(user: Any, organisation: Organisation) -> bool:
    return user is None or policy.has_perm(user, Perm.INSPECTION_PLAN, organisation)


def require_plan(user: Any, organisation: Organisation) -> None:
    if not can_plan(user, organisation):
        raise PermissionDenied(
            _("Chỉ đơn vị chủ trì kiểm tra (Sở Khoa học và Công nghệ) mới lập và sửa được kế hoạch kiểm tra.")
        )


def team_ids(entry: PlanEntry) -> set[int]:
    """The members of the entry's team (the leader included), cached on the entry."""
    cached = getattr(entry, "_team_ids", None)
    if cached is None:
        prefetched = getattr(entry, "_prefetched_objects_cache", {}).get("members")
        if prefetched is not None:
            cached = {u.pk for u in prefetched}
        else:
            cached = set(entry.members.values_list("pk", flat=True))
        if entry.leader_id:
            cached.add(entry.leader_id)
        entry._team_ids = cached  # type: ignore[attr-defined]
    return cached


def forget_team(entry: PlanEntry) -> None:
    if hasattr(entry, "_team_ids"):
        del entry._team_ids


def is_team_member(user: Any, entry: PlanEntry) -> bool:
    return bool(getattr(user, "pk", None)) and user.pk in team_ids(entry)


def may_inspect(user: Any, entry: PlanEntry) -> bool:
    """Score, record findings and minutes: a team member covering the agency (None = system)."""
    if user is None:
        return True
    return is_team_member(user, entry) and policy.has_perm(user, Perm.INSPECTION_SCORE, entry.agency)


def require_inspect(user: Any, entry: PlanEntry) -> None:
    if not may_inspect(user, entry):
        raise PermissionDenied(
            _("Chỉ thành viên đoàn kiểm tra được phân công tại %(org)s mới làm được việc này.") % {"org": entry.agency}
        )


def may_review(user: Any, entry: PlanEntry) -> bool:
    """Accept or refuse a corrective-action report: the team or the coordinator."""
    return may_inspect(user, entry) or can_plan(user, entry.agency)


def require_review(user: Any, entry: PlanEntry) -> None:
    if not may_review(user, entry):
        raise PermissionDenied(_("Chỉ đoàn kiểm tra hoặc đơn vị chủ trì mới đánh giá được kết quả khắc phục."))


def may_answer(user: Any, agency: Organisation) -> bool:
    return user is None or policy.has_perm(user, Perm.FOLLOWUP_ANSWER, agency)


def require_answer(user: Any, agency: Organisation) -> None:
    if not may_answer(user, agency):
        raise PermissionDenied(
            _("Chỉ lãnh đạo hoặc thư ký ISO của %(org)s mới báo cáo khắc phục được.") % {"org": agency}
        )


def is_agency_reader(user: Any, agency: Organisation) -> bool:
    """The agency's own people (an agency grant with ``ASSESS_VIEW``): they read their results.
    Subtree roles read an inspection through the team or as the coordinator instead."""
    if policy.is_superadmin(user):
        return True
    return any(
        not g.subtree and g.covers(agency) and Perm.ASSESS_VIEW in policy.ROLE_PERMS[g.role]
        for g in policy.grants(user)
    )
