"""Fixtures for assessments: the shipped rubrics loaded as the system, agencies' people, an
inspection team, and helpers that fill in scores."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from qms.assessments import services, services_rubrics
from qms.assessments.models import Assessment, AssessmentKind, Criterion, Rubric
from qms.assessments.services import ScoreInput
from qms.core.tests.factories import UserFactory, grant


@pytest.fixture
def rubrics(db) -> dict[str, Rubric]:
    return {r.code: r for r, _created in services_rubrics.rubrics_load_shipped(actor=None)}


@pytest.fixture
def daknong(rubrics) -> Rubric:
    return rubrics["daknong-2020"]


@pytest.fixture
def checklist(rubrics) -> Rubric:
    return rubrics["tt26-art36"]


@pytest.fixture
def banded(daknong, province) -> Rubric:
    """A province's own copy of the Đắk Nông rubric with illustrative bands, published."""
    rubric = services_rubrics.rubric_derive(
        actor=None, rubric=daknong, code="quangninh-2026", title="Bộ tiêu chí Quảng Ninh 2026", organisation=province
    )
    rubric, _new = services_rubrics.rubric_set_bands(
        actor=None,
        rubric=rubric,
        bands=[(Decimal(0), "Không đạt"), (Decimal(50), "Trung bình"), (Decimal(75), "Khá"), (Decimal(90), "Tốt")],
    )
    return services_rubrics.rubric_publish(actor=None, rubric=rubric)


@pytest.fixture
def leader(department):
    user = UserFactory(full_name="Nguyễn Văn Lãnh")
    grant(user, department, "leader")
    return user


@pytest.fixture
def commune_secretary(commune):
    user = UserFactory(full_name="Đặng Thu Trang")
    grant(user, commune, "iso_secretary")
    return user


@pytest.fixture
def inspector(province):
    user = UserFactory(full_name="Lê Văn Hùng")
    grant(user, province, "inspector")
    return user


@pytest.fixture
def other_inspector(province):
    user = UserFactory(full_name="Vũ Đức Thắng")
    grant(user, province, "inspector")
    return user


def leaves(rubric: Rubric) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric=rubric, is_leaf=True).order_by("order"))


def full_scores(rubric: Rubric, *, fraction: Decimal = Decimal("0.5")) -> dict[int, ScoreInput]:
    """Every leaf scored: max × fraction rounded down to the step."""
    step = rubric.score_step
    out = {}
    for c in leaves(rubric):
        value = (c.max_points * fraction / step).to_integral_value(rounding="ROUND_FLOOR") * step
        out[c.pk] = ScoreInput(value=value)
    return out


def open_self(rubric: Rubric, agency: Any, year: int = 2026) -> Assessment:
    return services.assessment_open(actor=None, rubric=rubric, agency=agency, year=year, kind=AssessmentKind.SELF)


def open_inspection(rubric: Rubric, agency: Any, inspectors: Any = (), year: int = 2026) -> Assessment:
    return services.assessment_open(
        actor=None, rubric=rubric, agency=agency, year=year, kind=AssessmentKind.INSPECTION, inspectors=inspectors
    )
