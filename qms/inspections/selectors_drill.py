"""Drill-down from the consolidation: one agency's year (its plan entry, both assessments side by
side per criterion, findings, follow-ups), then one criterion with its scores, notes and evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from qms.assessments import selectors as assessment_selectors
from qms.assessments.models import AssessmentKind
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from .models import Finding, PlanEntry, PlanStatus
from .rules import INSPECTED_KINDS
from .selectors import findings_of, followups_of_entry


@dataclass
class AgencyDrill:
    agency: Organisation
    year: int
    entry: PlanEntry | None
    self_assessment: Any
    inspection: Any
    tree: list[Any]
    findings: list[Finding]
    follow_ups: list[Any]


def agency_drill_for_user(user: Any, agency_pk: Any, year: int) -> AgencyDrill:
    """One agency's year for the coordinator: its entry, both assessments side by side per
    criterion, findings and follow-ups."""
    try:
        agency = Organisation.objects.get(pk=int(agency_pk))
    except (Organisation.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.has_perm(user, Perm.INSPECTION_PLAN, agency) or agency.kind not in INSPECTED_KINDS:
        raise Http404
    entry = (
        PlanEntry.objects.filter(agency=agency, year=year, plan__status=PlanStatus.APPROVED)
        .select_related("plan", "plan__rubric", "leader", "inspection_assessment", "minutes")
        .first()
    )
    inspection = entry.inspection_assessment if entry is not None else None
    if inspection is None:
        inspection = assessment_selectors.assessment_for(agency, year, AssessmentKind.INSPECTION)
    own = assessment_selectors.assessment_for(agency, year, AssessmentKind.SELF)
    if inspection is not None:
        tree = assessment_selectors.assessment_tree(inspection)
    elif own is not None:
        tree = assessment_selectors.assessment_tree(own)
        for row in tree:  # show the self-assessment in its own column
            row.self_value, row.self_subtotal, row.self_note = row.value, row.subtotal, row.note
            row.value, row.note = None, ""
            row.subtotal = None  # type: ignore[assignment]
    else:
        tree = []
    return AgencyDrill(
        agency=agency,
        year=year,
        entry=entry,
        self_assessment=own,
        inspection=inspection,
        tree=tree,
        findings=findings_of(entry) if entry is not None else [],
        follow_ups=followups_of_entry(entry) if entry is not None else [],
    )


@dataclass
class CriterionDrill:
    drill: AgencyDrill
    criterion: Any
    self_row: Any
    inspection_row: Any
    findings: list[Finding]


def criterion_drill_for_user(user: Any, agency_pk: Any, year: int, criterion_pk: Any) -> CriterionDrill:
    """One criterion of one agency: both scores, both notes, the evidence of both assessments."""
    drill = agency_drill_for_user(user, agency_pk, year)
    base = drill.inspection or drill.self_assessment
    if base is None:
        raise Http404
    criterion = assessment_selectors.criterion_get(base, criterion_pk)

    def row_of(assessment: Any) -> Any:
        if assessment is None or assessment.rubric_id != criterion.rubric_id:
            return None
        return next(
            (
                r
                for r in assessment_selectors.assessment_tree(assessment, with_evidence=True)
                if r.criterion.pk == criterion.pk
            ),
            None,
        )

    return CriterionDrill(
        drill=drill,
        criterion=criterion,
        self_row=row_of(drill.self_assessment),
        inspection_row=row_of(drill.inspection),
        findings=[f for f in drill.findings if f.criterion_id == criterion.pk],
    )
