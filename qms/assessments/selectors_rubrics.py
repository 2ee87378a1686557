"""Reads of rubrics shown to users.

Published and retired rubrics are public criteria: every signed-in user may read them (the
agencies score themselves against them). Draft versions are seen by rubric managers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from qms.core.text import fold
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from . import access
from .models import Criterion, RatingBand, Rubric, RubricStatus


def _visible(user: Any) -> QuerySet[Rubric]:
    rows = Rubric.objects.all()
    if not access.can_manage_rubrics(user):
        rows = rows.exclude(status=RubricStatus.DRAFT)
    return rows


def rubric_list_for_user(user: Any, *, q: str | None = None, status: str | None = None) -> QuerySet[Rubric]:
    rows = _visible(user).annotate(
        criteria_count=Count("criteria", filter=Q(criteria__is_leaf=True), distinct=True),
        usage=Count("assessments", distinct=True),
    )
    if status:
        rows = rows.filter(status=status)
    if q:
        folded = fold(q)
        rows = [r for r in rows.select_related("organisation") if folded in fold(f"{r.code} {r.title} {r.issuer}")]  # type: ignore[assignment]
        return rows
    return rows.select_related("organisation").order_by("code", "-version")


def rubric_get_for_user(user: Any, pk: Any) -> Rubric:
    try:
        return _visible(user).select_related("organisation", "derived_from", "created_by").get(pk=pk)
    except (Rubric.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class RubricRow:
    criterion: Criterion
    depth: int
    children_max: Decimal | None  # sum of the children's maxima (parents only)

    @property
    def consistent(self) -> bool:
        return self.children_max is None or self.children_max == self.criterion.max_points


def rubric_tree(rubric: Rubric) -> list[RubricRow]:
    criteria = list(Criterion.objects.filter(rubric=rubric).order_by("order"))
    sums: dict[int, Decimal] = {}
    for c in criteria:
        if c.parent_id is not None:
            sums[c.parent_id] = sums.get(c.parent_id, Decimal("0")) + c.max_points
    return [RubricRow(c, c.depth, sums.get(c.pk) if not c.is_leaf else None) for c in criteria]


def bands_of(rubric: Rubric) -> list[RatingBand]:
    return list(RatingBand.objects.filter(rubric=rubric).order_by("lower_bound"))


def rubric_usage(rubric: Rubric) -> int:
    return rubric.assessments.count()


def versions_of(rubric: Rubric, user: Any) -> list[Rubric]:
    return list(_visible(user).filter(code=rubric.code).order_by("-version"))


def rubrics_for_agency(agency: Organisation) -> list[Rubric]:
    """Published rubrics an agency may score itself against: its province's own first, then the
    shared ones (no issuing organisation), then other provinces'."""
    rubrics = list(Rubric.objects.filter(status=RubricStatus.PUBLISHED).select_related("organisation"))

    def rank(r: Rubric) -> tuple[int, str]:
        if r.organisation_id and r.organisation is not None and agency.path.startswith(r.organisation.path):
            return (0, r.code)
        if r.organisation_id is None:
            return (1 if not r.is_checklist else 2, r.code)
        return (3, r.code)

    return sorted(rubrics, key=rank)


def manageable_organisations(user: Any) -> list[Organisation]:
    """Where ``user`` may issue a rubric of their own (provinces and ministries they coordinate)."""
    if policy.is_superadmin(user):
        return list(Organisation.objects.filter(parent__isnull=True).order_by("name"))
    ids = [g.organisation_id for g in policy.grants(user) if Perm.RUBRIC_MANAGE in policy.ROLE_PERMS[g.role]]
    return list(Organisation.objects.filter(pk__in=ids).order_by("path"))


def can_manage(user: Any, rubric: Rubric) -> bool:
    if rubric.organisation_id and rubric.organisation is not None:
        return policy.has_perm(user, Perm.RUBRIC_MANAGE, rubric.organisation)
    return access.can_manage_rubrics(user)
