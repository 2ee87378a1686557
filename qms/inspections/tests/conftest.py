"""Fixtures for inspections: a published rubric with bands, an inspection team, plans at each
stage (draft, approved, inspected and signed) built through the services.

Tree (from the root conftest): UBND tỉnh Quảng Ninh [22] ← coordinator, inspector(s);
Sở KH&CN, Sở Tư pháp (← secretary, leader, staff_user), UBND phường Hạ Long (← commune_secretary);
UBND tỉnh Bắc Ninh [24] ← outsider.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from qms.assessments import services as assessment_services
from qms.assessments import services_rubrics
from qms.assessments.models import AssessmentKind, Criterion, Rubric
from qms.assessments.services import ScoreInput
from qms.core.tests.clock import frozen_at
from qms.core.tests.factories import UserFactory, grant
from qms.inspections import services, services_results
from qms.inspections.models import InspectionMode

YEAR = 2026
APPROVED_ON = dt.date(2026, 3, 2)
HELD_ON = dt.date(2026, 9, 15)
SIGNED_ON = dt.date(2026, 9, 16)
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _clock_at_today():
    """The tests here write their dates around ``TODAY``: the clock stands there (early morning in
    Vietnam, still the day before in UTC) so they mean the same on any day the suite runs."""
    with frozen_at(TODAY):
        yield


@pytest.fixture
def rubric(db, province) -> Rubric:
    shipped = {r.code: r for r, _created in services_rubrics.rubrics_load_shipped(actor=None)}
    derived = services_rubrics.rubric_derive(
        actor=None,
        rubric=shipped["daknong-2020"],
        code="qn-2026",
        title="Bộ tiêu chí Quảng Ninh 2026",
        organisation=province,
    )
    derived, _new = services_rubrics.rubric_set_bands(
        actor=None,
        rubric=derived,
        bands=[(Decimal(0), "Không đạt"), (Decimal(50), "Trung bình"), (Decimal(75), "Khá"), (Decimal(90), "Tốt")],
    )
    return services_rubrics.rubric_publish(actor=None, rubric=derived)


@pytest.fixture
def inspector(province):
    user = UserFactory(full_name="Lê Văn Hùng")
    grant(user, province, "inspector", position="Trưởng phòng Quản lý chuyên ngành")
    return user


@pytest.fixture
def other_inspector(province):
    """An inspector of the same province who is on no team."""
    user = UserFactory(full_name="Vũ Đức Thắng")
    grant(user, province, "inspector")
    return user


@pytest.fixture
def foreign_inspector(other_province):
    user = UserFactory(full_name="Trịnh Văn Khải")
    grant(user, other_province, "inspector")
    return user


@pytest.fixture
def leader(department):
    user = UserFactory(full_name="Nguyễn Văn Minh")
    grant(user, department, "leader", position="Giám đốc Sở Tư pháp")
    return user


@pytest.fixture
def commune_secretary(commune):
    user = UserFactory(full_name="Đặng Thu Trang")
    grant(user, commune, "iso_secretary")
    return user


def leaves(rubric: Rubric) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric=rubric, is_leaf=True).order_by("order"))


def full_scores(rubric: Rubric, fraction: Decimal = Decimal("0.8")) -> dict[int, ScoreInput]:
    step = rubric.score_step
    return {
        c.pk: ScoreInput(value=(c.max_points * fraction / step).to_integral_value(rounding="ROUND_FLOOR") * step)
        for c in leaves(rubric)
    }


def submit_self(rubric: Rubric, agency: Any, fraction: Decimal = Decimal("0.9")) -> Any:
    assessment = assessment_services.assessment_open(
        actor=None, rubric=rubric, agency=agency, year=YEAR, kind=AssessmentKind.SELF
    )
    assessment_services.scores_save(actor=None, assessment=assessment, entries=full_scores(rubric, fraction))
    return assessment_services.assessment_submit(actor=None, assessment=assessment)


def score_inspection(entry: Any, actor: Any, fraction: Decimal = Decimal("0.8"), submit: bool = True) -> Any:
    entry.refresh_from_db()
    assessment = entry.inspection_assessment
    assessment_services.scores_save(
        actor=actor, assessment=assessment, entries=full_scores(entry.plan.rubric, fraction)
    )
    if submit:
        assessment = assessment_services.assessment_submit(actor=actor, assessment=assessment)
    return assessment


@pytest.fixture
def plan(rubric, coordinator, province):
    return services.plan_create(
        actor=coordinator,
        organisation=province,
        year=YEAR,
        rubric=rubric,
        title="Kế hoạch kiểm tra HTQLCL năm 2026",
        number="",
    )


@pytest.fixture
def entries(plan, coordinator, department, commune, dost, inspector):
    """Sở Tư pháp on site (team: inspector, leader), Hạ Long and Sở KH&CN on file (no team)."""
    services.entries_add(
        actor=coordinator,
        plan=plan,
        agencies=[department],
        mode=InspectionMode.ON_SITE,
        starts_on=dt.date(2026, 9, 15),
        ends_on=dt.date(2026, 9, 16),
    )
    services.entries_add(
        actor=coordinator,
        plan=plan,
        agencies=[commune, dost],
        mode=InspectionMode.ON_FILE,
        starts_on=dt.date(2026, 10, 5),
        ends_on=dt.date(2026, 10, 5),
    )
    by_agency = {e.agency_id: e for e in plan.entries.all()}
    stp = by_agency[department.pk]
    services.entry_update(
        actor=coordinator,
        entry=stp,
        expected_version=None,
        mode=InspectionMode.ON_SITE,
        starts_on=stp.starts_on,
        ends_on=stp.ends_on,
        leader=inspector,
        members=[inspector],
    )
    return {"stp": stp, "commune": by_agency[commune.pk], "dost": by_agency[dost.pk]}


@pytest.fixture
def approved(plan, entries, coordinator):
    services.plan_approve(
        actor=coordinator,
        plan=plan,
        expected_version=None,
        approved_on=APPROVED_ON,
        number="15",
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Trần Thị Thu Hà",
        today=TODAY,
    )
    plan.refresh_from_db()
    for entry in entries.values():
        entry.refresh_from_db()
    return plan


@pytest.fixture
def stp_entry(approved, entries):
    return entries["stp"]


@pytest.fixture
def findings(stp_entry, inspector, rubric):
    criteria = {c.key: c for c in Criterion.objects.filter(rubric=rubric)}
    return [
        services_results.finding_create(
            actor=inspector,
            entry=stp_entry,
            criterion=criteria["7.2.d"],
            text="Hai quy trình chưa cập nhật Nghị định mới có hiệu lực quá 3 tháng.",
            severity="major",
        ),
        services_results.finding_create(
            actor=inspector,
            entry=stp_entry,
            criterion=criteria["13.3"],
            text="Đánh giá nội bộ mới thực hiện tại 2/4 phòng.",
            severity="minor",
        ),
        services_results.finding_create(
            actor=inspector,
            entry=stp_entry,
            criterion=None,
            text="Nên số hoá toàn bộ hồ sơ lưu trữ của bộ phận một cửa.",
            severity="recommendation",
        ),
    ]


@pytest.fixture
def minutes(stp_entry, findings, inspector):
    return services_results.minutes_save(
        actor=inspector,
        entry=stp_entry,
        expected_version=None,
        number="07",
        place="Trụ sở Sở Tư pháp, phường Hồng Gai",
        held_on=HELD_ON,
        agency_rep_name="Nguyễn Văn Minh",
        agency_rep_title="Giám đốc Sở Tư pháp",
        conclusion="Sở Tư pháp đã áp dụng, duy trì HTQLCL phù hợp TCVN ISO 9001:2015.",
        today=TODAY,
    )


@pytest.fixture
def signed(minutes, stp_entry, inspector, rubric, department):
    submit_self(rubric, department)
    score_inspection(stp_entry, inspector)
    follow_ups = services_results.minutes_sign(
        actor=inspector, minutes=minutes, signed_on=SIGNED_ON, expected_version=None, today=TODAY
    )
    minutes.refresh_from_db()
    return follow_ups
