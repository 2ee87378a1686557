"""The demo inspection: Quảng Ninh's 2026 plan and results, consistent with the assessments demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qms.assessments.demo import load_demo_assessments
from qms.assessments.models import AssessmentStatus
from qms.core.models import AuditEvent
from qms.documents.demo import load_demo_documents
from qms.inspections.demo import load_demo_inspections
from qms.inspections.models import (
    FollowUp,
    FollowUpStatus,
    InspectionDecision,
    InspectionMode,
    InspectionPlan,
    PlanStatus,
)
from qms.inspections.selectors_consolidation import consolidation_get
from qms.legal.demo import load_legal_register
from qms.obligations.models import Obligation, ObligationKind, ObligationStatus
from qms.organisations.models import Organisation
from qms.people.demo import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def demo(db):
    load_demo()
    load_legal_register()
    load_demo_documents(today=TODAY)
    load_demo_assessments()
    assert load_demo_inspections(today=TODAY) is True


def test_plan_approved_with_a_third_on_site_and_the_dost_on_the_teams(demo):
    plan = InspectionPlan.objects.get(year=2026)
    assert plan.status == PlanStatus.APPROVED and plan.approved_on == dt.date(2026, 3, 2)
    assert (plan.number, plan.symbol, plan.signer_name) == ("25", "KH-SKHCN", "Đỗ Minh Tuấn")
    entries = list(plan.entries.select_related("agency", "leader"))
    assert len(entries) == 6
    assert sum(1 for e in entries if e.mode == InspectionMode.ON_SITE) == 2
    assert {e.leader.username for e in entries} == {"sokhcn.kiemtra"}
    assert plan.onsite_shortfall_reason == ""
    assert all(e.self_report_due_on == dt.date(2026, 8, 31) for e in entries)
    assert all(e.inspection_assessment_id for e in entries)
    assert InspectionDecision.objects.get(plan=plan).number == "112"


def test_scores_minutes_and_follow_ups_of_so_tu_phap(demo):
    plan = InspectionPlan.objects.get(year=2026)
    stp = plan.entries.get(agency__code="22.STP")
    assessment = stp.inspection_assessment
    assert (assessment.total, assessment.rating, assessment.status) == (
        Decimal("81.50"),
        "Khá",
        AssessmentStatus.SUBMITTED,
    )
    assert stp.minutes.signed_on == dt.date(2026, 9, 16)
    assert stp.minutes.score_total == Decimal("81.50")
    follow_ups = list(FollowUp.objects.filter(finding__entry=stp).order_by("finding__order"))
    assert [f.due_on for f in follow_ups] == [dt.date(2026, 11, 16)] * 3
    assert [f.status for f in follow_ups] == [FollowUpStatus.ANSWERED, FollowUpStatus.OPEN, FollowUpStatus.OPEN]
    assert stp.findings.count() == 4  # the recommendation opens no follow-up
    obligations = Obligation.objects.filter(kind=ObligationKind.INSPECTION_FOLLOWUP, organisation=stp.agency)
    assert obligations.count() == 3 and set(obligations.values_list("status", flat=True)) == {ObligationStatus.OPEN}


def test_every_past_inspection_has_signed_minutes(demo):
    """Item 7: the demo's inspections (15/09 to 23/10/2026) took place before TODAY: each is scored,
    submitted and its minutes signed on its last day, so each agency counts as inspected."""
    plan = InspectionPlan.objects.get(year=2026)
    for entry in plan.entries.select_related("minutes", "inspection_assessment"):
        assert entry.ends_on < TODAY
        assert entry.inspection_assessment.status == AssessmentStatus.SUBMITTED
        assert entry.minutes.signed_on == entry.ends_on


def test_consolidation_of_the_demo(demo):
    c = consolidation_get(Organisation.objects.get(code="22"), 2026, today=TODAY)
    assert (c.planned, c.inspected, c.on_site_planned, c.on_site_inspected) == (6, 6, 2, 2)
    assert c.not_inspected == []
    assert [(label, n) for label, n, _p in c.rating_distribution] == [("Khá", 3), ("Trung bình", 3)]
    assert c.overdue_total == 2
    assert c.shortcomings[0].agencies == 3 and c.shortcomings[0].key == "13.3"


def test_an_agency_is_inspected_once_its_minutes_are_signed(demo):
    """The rule of the November report and the consolidation page: scored and submitted is not
    enough; the signed minutes are."""
    from qms.inspections.models import Minutes
    from qms.inspections.selectors_consolidation import INSPECTED_RULE

    root = Organisation.objects.get(code="22")
    Minutes.objects.filter(entry__agency__code="22.STC").update(signed_on=None)
    c = consolidation_get(root, 2026, today=TODAY + dt.timedelta(days=1))
    assert c.inspected == 5
    assert [r.code for r in c.not_inspected] == ["22.STC"]
    assert "biên bản kiểm tra" in str(INSPECTED_RULE) and "đã được ký" in str(INSPECTED_RULE)


def test_idempotent(demo):
    counts = (InspectionPlan.objects.count(), FollowUp.objects.count(), AuditEvent.objects.count())
    assert load_demo_inspections(today=TODAY) is False
    assert (InspectionPlan.objects.count(), FollowUp.objects.count(), AuditEvent.objects.count()) == counts
