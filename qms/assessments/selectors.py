"""Every read of assessments shown to a user (rubrics: ``selectors_rubrics``).

Visibility: ``ASSESS_VIEW`` over the agency; the agency's own people see an inspection
assessment only once the inspection team has submitted it, subtree roles (inspectors,
coordinators, administrators) see it throughout. A forbidden assessment is a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from qms.core.text import fold
from qms.organisations import policy
from qms.organisations.policy import Perm

from . import access, scoring
from .models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Criterion,
    Evidence,
    Rubric,
    RubricStatus,
    Score,
)


def _visible_q(user: Any) -> Q:
    everything = policy.scope_q(user, Perm.INSPECTION_SCORE, path_field="scope_path", agency_field="agency_id")
    everything |= policy.scope_q(user, Perm.INSPECTION_PLAN, path_field="scope_path", agency_field="agency_id")
    readers = policy.scope_q(user, Perm.ASSESS_VIEW, path_field="scope_path", agency_field="agency_id")
    own = Q(kind=AssessmentKind.SELF) | Q(status=AssessmentStatus.SUBMITTED)
    return everything | (readers & own)


def assessment_list_for_user(
    user: Any,
    *,
    year: int | None = None,
    kind: str | None = None,
    status: str | None = None,
    agency_id: int | None = None,
    q: str | None = None,
) -> QuerySet[Assessment]:
    rows = Assessment.objects.filter(_visible_q(user))
    if year:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if agency_id:
        rows = rows.filter(agency_id=agency_id)
    if q:
        for token in fold(q).split():
            rows = rows.filter(agency__search_text__contains=token)
    return rows.select_related("agency", "rubric").order_by("-year", "agency__path", "kind", "pk")


def assessment_get_for_user(user: Any, pk: Any) -> Assessment:
    try:
        return Assessment.objects.filter(_visible_q(user)).select_related("agency", "rubric").get(pk=pk)
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def assessment_for(agency: Any, year: int, kind: str) -> Assessment | None:
    """The agency's assessment of ``kind`` for ``year`` (the latest opened if several rubrics)."""
    agency_id = getattr(agency, "pk", agency)
    return (
        Assessment.objects.filter(agency_id=agency_id, year=year, kind=kind)
        .select_related("agency", "rubric")
        .order_by("-pk")
        .first()
    )


def years_for_agency(agency: Any) -> list[int]:
    agency_id = getattr(agency, "pk", agency)
    return sorted(set(Assessment.objects.filter(agency_id=agency_id).values_list("year", flat=True)), reverse=True)


# --- the scoring tree ----------------------------------------------------------------------------


@dataclass
class TreeRow:
    criterion: Criterion
    depth: int
    max_points: Decimal
    is_leaf: bool
    score: Score | None
    value: Decimal | None  # the leaf's own score (None = not scored)
    subtotal: Decimal  # computed from the leaves below (the leaf's value for a leaf)
    note: str
    verdict: str
    evidence_count: int
    self_value: Decimal | None = None
    self_verdict: str = ""
    self_note: str = ""
    self_subtotal: Decimal | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.criterion.code

    @property
    def key(self) -> str:
        return self.criterion.key


def counterpart(assessment: Assessment) -> Assessment | None:
    """For an inspection, the agency's self-assessment of the same year and rubric code."""
    if assessment.kind != AssessmentKind.INSPECTION:
        return None
    candidates = Assessment.objects.filter(
        agency_id=assessment.agency_id, year=assessment.year, kind=AssessmentKind.SELF
    ).select_related("rubric")
    same = [a for a in candidates if a.rubric_id == assessment.rubric_id]
    return same[0] if same else None


def assessment_tree(assessment: Assessment, *, with_evidence: bool = False) -> list[TreeRow]:
    """The criteria in order with score, computed subtotal, note, evidence count and (for an
    inspection) the agency's self-score beside each criterion. Five queries at most."""
    criteria = list(Criterion.objects.filter(rubric_id=assessment.rubric_id).order_by("order"))
    nodes = [scoring.Node(c.pk, c.parent_id, c.key, c.code, c.max_points, c.order, c.is_leaf) for c in criteria]
    scores = {s.criterion_id: s for s in Score.objects.filter(assessment=assessment)}
    totals = scoring.compute(
        nodes,
        {k: s.value for k, s in scores.items()},
        {k: s.verdict for k, s in scores.items() if s.verdict},
    )
    evidence_by: dict[int, list[Evidence]] = {}
    counts: dict[int, int] = {}
    if with_evidence:
        for ev in Evidence.objects.filter(assessment=assessment).select_related("file").order_by("id"):
            evidence_by.setdefault(ev.criterion_id, []).append(ev)
        counts = {k: len(v) for k, v in evidence_by.items()}
    else:
        counts = dict(
            Evidence.objects.filter(assessment=assessment)
            .values("criterion_id")
            .annotate(n=Count("id"))
            .values_list("criterion_id", "n")
        )
    other = counterpart(assessment)
    other_scores: dict[int, Score] = {}
    other_totals: scoring.Totals | None = None
    if other is not None:
        other_scores = {s.criterion_id: s for s in Score.objects.filter(assessment=other)}
        other_totals = scoring.compute(nodes, {k: s.value for k, s in other_scores.items()})
    rows = []
    for c in criteria:
        s = scores.get(c.pk)
        o = other_scores.get(c.pk)
        rows.append(
            TreeRow(
                criterion=c,
                depth=c.depth,
                max_points=c.max_points,
                is_leaf=c.is_leaf,
                score=s,
                value=s.value if s else None,
                subtotal=totals.subtotals[c.pk],
                note=s.note if s else "",
                verdict=s.verdict if s else "",
                evidence_count=counts.get(c.pk, 0),
                self_value=o.value if o else None,
                self_verdict=o.verdict if o else "",
                self_note=o.note if o else "",
                self_subtotal=other_totals.subtotals[c.pk] if other_totals is not None else None,
                evidence=evidence_by.get(c.pk, []),
            )
        )
    return rows


def evidence_get_for_user(user: Any, pk: Any) -> Evidence:
    try:
        evidence = Evidence.objects.select_related("file", "criterion").get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    evidence.assessment = assessment_get_for_user(user, evidence.assessment_id)
    return evidence


def criterion_get(assessment: Assessment, pk: Any) -> Criterion:
    try:
        return Criterion.objects.get(pk=pk, rubric_id=assessment.rubric_id)
    except (Criterion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_score(user: Any, assessment: Assessment) -> bool:
    return access.may_score(user, assessment)


# --- rubrics (shared) ----------------------------------------------------------------------------


def rubric_get(code: str, version: int | None = None) -> Rubric:
    """The rubric ``code`` at ``version``, or its latest published version. Http404 if none."""
    rows = Rubric.objects.filter(code=code)
    rows = rows.filter(version=version) if version is not None else rows.filter(status=RubricStatus.PUBLISHED)
    rubric = rows.order_by("-version").first()
    if rubric is None:
        raise Http404
    return rubric


def rubrics_published() -> QuerySet[Rubric]:
    return Rubric.objects.filter(status=RubricStatus.PUBLISHED).order_by("code", "-version")


# --- consolidation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindSummary:
    assessment_id: int
    rubric_id: int
    total: Decimal
    rating: str
    status: str
    scored_count: int
    leaf_count: int
    correction_count: int

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED

    @property
    def is_complete(self) -> bool:
        return self.leaf_count > 0 and self.scored_count == self.leaf_count


@dataclass
class AgencySummary:
    agency_id: int
    self_assessment: KindSummary | None = None
    inspection: KindSummary | None = None


def assessments_summary(
    year: int,
    *,
    agency_ids: Iterable[int] | QuerySet[Any] | None = None,
    scope_path: str | None = None,
    rubric_code: str | None = None,
) -> dict[int, AgencySummary]:
    """Self and inspection total / rating / status per agency for ``year``, in ONE query.

    Narrow by ``agency_ids`` (ids or a queryset of organisations or ids, which becomes a
    subquery) and/or by ``scope_path`` (a subtree prefix). Reads the stored totals; where an
    agency has several assessments of a kind (several rubrics), the latest opened wins.
    Callers are responsible for the reader's permissions (pass an already-scoped set).
    """
    rows = Assessment.objects.filter(year=year)
    if agency_ids is not None:
        if isinstance(agency_ids, QuerySet):
            if agency_ids.model is not Assessment and getattr(agency_ids, "_fields", None) is None:
                agency_ids = agency_ids.values("pk")
            rows = rows.filter(agency_id__in=agency_ids)  # type: ignore[misc]
        else:
            rows = rows.filter(agency_id__in=list(agency_ids))
    if scope_path:
        rows = rows.filter(scope_path__startswith=scope_path)
    if rubric_code:
        rows = rows.filter(rubric__code=rubric_code)
    result: dict[int, AgencySummary] = {}
    for row in rows.order_by("pk").values_list(
        "pk",
        "agency_id",
        "kind",
        "rubric_id",
        "total",
        "rating",
        "status",
        "scored_count",
        "leaf_count",
        "correction_count",
    ):
        pk, agency_id, kind, rubric_id, total, rating, status, scored, leaves, corrections = row
        summary = result.setdefault(agency_id, AgencySummary(agency_id=agency_id))
        item = KindSummary(pk, rubric_id, total, rating, status, scored, leaves, corrections)
        if kind == AssessmentKind.SELF:
            summary.self_assessment = item
        else:
            summary.inspection = item
    return result


def bands_of_rubric(rubric: Rubric) -> list[Any]:
    return list(rubric.bands.order_by("lower_bound"))
