"""The demo assessments: shipped rubrics, Quảng Ninh's illustrative 2026 rubric with demo bands,
and the 2026 self-assessments created through the services as the demo people."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qms.assessments.demo import DEMO_RUBRIC, load_demo_assessments
from qms.assessments.models import Assessment, AssessmentStatus, Rubric, RubricStatus
from qms.assessments.services_rubrics import spec_of
from qms.core.models import AuditEvent
from qms.documents.demo import load_demo_documents
from qms.legal.demo import load_legal_register
from qms.people.demo import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo(db):
    load_demo()
    load_legal_register()
    load_demo_documents()
    load_demo_assessments()


def test_rubrics_loaded_and_demo_rubric_has_labelled_bands(demo):
    daknong = Rubric.objects.get(code="daknong-2020")
    assert daknong.status == RubricStatus.PUBLISHED
    assert daknong.bands.count() == 0 and daknong.bands_published is False
    demo_rubric = Rubric.objects.get(code=DEMO_RUBRIC)
    assert demo_rubric.status == RubricStatus.PUBLISHED
    assert [(b.lower_bound, b.label) for b in demo_rubric.bands.order_by("lower_bound")] == [
        (Decimal("0.00"), "Không đạt"),
        (Decimal("50.00"), "Trung bình"),
        (Decimal("75.00"), "Khá"),
        (Decimal("90.00"), "Tốt"),
    ]
    assert demo_rubric.bands_published is False
    assert "MINH HOẠ" in demo_rubric.bands_note
    assert spec_of(demo_rubric).criteria == spec_of(daknong).criteria


def test_self_assessments(demo):
    stp = Assessment.objects.get(agency__code="22.STP", year=2026)
    assert stp.status == AssessmentStatus.SUBMITTED
    assert stp.total == Decimal("86.50") and stp.rating == "Khá"
    assert stp.submitted_by.username == "stp.lanhdao"
    assert stp.evidence.count() >= 3
    dost = Assessment.objects.get(agency__code="22.SKHCN", year=2026)
    assert (dost.total, dost.rating, dost.status) == (Decimal("92.00"), "Tốt", AssessmentStatus.SUBMITTED)
    ward = Assessment.objects.get(agency__code="06688", year=2026)
    assert ward.status == AssessmentStatus.DRAFT
    assert 0 < ward.scored_count < ward.leaf_count and ward.rating == ""


def test_idempotent(demo):
    counts = (Assessment.objects.count(), Rubric.objects.count(), AuditEvent.objects.count())
    assert load_demo_assessments() == 0
    assert (Assessment.objects.count(), Rubric.objects.count(), AuditEvent.objects.count()) == counts
