"""Who sees what, the self-report tracking, and the consolidation's figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from qms.assessments import selectors as assessment_selectors
from qms.core.tests.factories import make_org
from qms.inspections import selectors, services, services_results
from qms.inspections import selectors_consolidation as cs
from qms.inspections import selectors_drill as drills
from qms.inspections.models import InspectionMode

from .conftest import TODAY, score_inspection, submit_self

pytestmark = pytest.mark.django_db


# --- visibility ------------------------------------------------------------------------------------


def test_plan_list_for_each_role(approved, coordinator, inspector, other_inspector, outsider, secretary, superadmin):
    assert list(selectors.plan_list_for_user(coordinator)) == [approved]
    assert list(selectors.plan_list_for_user(inspector)) == [approved]  # on a team of the plan
    assert list(selectors.plan_list_for_user(superadmin)) == [approved]
    for user in (other_inspector, outsider, secretary):
        assert list(selectors.plan_list_for_user(user)) == []
    listed = selectors.plan_list_for_user(coordinator).get()
    assert (listed.entry_count, listed.on_site_count) == (3, 1)


def test_plan_get_for_user_is_404_when_forbidden(
    approved, coordinator, inspector, other_inspector, outsider, secretary
):
    assert selectors.plan_get_for_user(coordinator, approved.pk) == approved
    assert selectors.plan_get_for_user(inspector, approved.pk) == approved
    for user in (other_inspector, outsider, secretary):
        with pytest.raises(Http404):
            selectors.plan_get_for_user(user, approved.pk)
    with pytest.raises(Http404):
        selectors.plan_get_for_user(coordinator, "abc")


def test_entry_workspace_for_the_team_and_the_coordinator_only(
    stp_entry, entries, coordinator, inspector, other_inspector, foreign_inspector, secretary, leader
):
    assert selectors.entry_get_for_user(coordinator, stp_entry.pk) == stp_entry
    assert selectors.entry_get_for_user(inspector, stp_entry.pk) == stp_entry
    for user in (other_inspector, foreign_inspector, secretary, leader):
        with pytest.raises(Http404):
            selectors.entry_get_for_user(user, stp_entry.pk)
    # The inspector is not on the commune's team.
    with pytest.raises(Http404):
        selectors.entry_get_for_user(inspector, entries["commune"].pk)


def test_agency_sees_its_own_inspection_only(stp_entry, entries, secretary, commune_secretary, department):
    assert selectors.agency_entry_get_for_user(secretary, stp_entry.pk) == stp_entry
    assert [e.pk for e in selectors.agency_entries_for_user(secretary, department)] == [stp_entry.pk]
    with pytest.raises(Http404):
        selectors.agency_entry_get_for_user(commune_secretary, stp_entry.pk)
    with pytest.raises(Http404):
        selectors.agency_entries_for_user(commune_secretary, department)


def test_agency_does_not_see_a_draft_plan(entries, secretary):
    with pytest.raises(Http404):
        selectors.agency_entry_get_for_user(secretary, entries["stp"].pk)


def test_an_agency_never_sees_another_agencys_assessment(
    signed, stp_entry, commune_secretary, secretary, rubric, commune
):
    stp_entry.refresh_from_db()
    with pytest.raises(Http404):
        assessment_selectors.assessment_get_for_user(commune_secretary, stp_entry.inspection_assessment.pk)
    own = submit_self(rubric, commune)
    with pytest.raises(Http404):
        assessment_selectors.assessment_get_for_user(secretary, own.pk)
    assert assessment_selectors.assessment_get_for_user(secretary, stp_entry.inspection_assessment.pk)


def test_follow_up_visibility(signed, coordinator, inspector, secretary, commune_secretary, other_inspector, outsider):
    follow_up = signed[0]
    for user in (coordinator, inspector, secretary):
        assert selectors.followup_get_for_user(user, follow_up.pk) == follow_up
    for user in (commune_secretary, other_inspector, outsider):
        with pytest.raises(Http404):
            selectors.followup_get_for_user(user, follow_up.pk)


def test_followups_to_review(signed, secretary, inspector, coordinator, other_inspector):
    services_results.followup_answer(actor=secretary, follow_up=signed[0], expected_version=None, action_text="Đã sửa")
    assert [f.pk for f in selectors.followups_to_review_for_user(inspector)] == [signed[0].pk]
    assert [f.pk for f in selectors.followups_to_review_for_user(coordinator)] == [signed[0].pk]
    assert selectors.followups_to_review_for_user(other_inspector) == []


def test_team_candidates_and_agency_choices(
    plan, entries, inspector, other_inspector, foreign_inspector, coordinator, province
):
    candidates = selectors.team_candidates(province)
    assert {coordinator, inspector, other_inspector} <= set(candidates)
    assert foreign_inspector not in candidates
    extra = make_org("commune", province, name="UBND xã Vân Đồn")
    choices = selectors.agency_choices(plan)
    assert extra in choices
    assert not {e.agency for e in entries.values()} & set(choices)


# --- self-report tracking --------------------------------------------------------------------------


def test_self_report_status_per_entry(approved, entries, coordinator, rubric, department, dost):
    services.self_reports_request(
        actor=coordinator, plan=approved, due_on=dt.date(2026, 11, 30), today=dt.date(2026, 11, 1)
    )
    submit_self(rubric, department)
    from qms.assessments import services as assessment_services
    from qms.assessments.models import AssessmentKind

    assessment_services.assessment_open(actor=None, rubric=rubric, agency=dost, year=2026, kind=AssessmentKind.SELF)
    rows = {e.agency_id: e.self_report for e in selectors.plan_entries(approved)}
    assert (rows[department.pk].status, rows[department.pk].overdue) == ("submitted", False)
    assert (rows[department.pk].total, rows[department.pk].rating) == (Decimal("55.50"), "Trung bình")
    assert rows[dost.pk].status == "draft"
    assert rows[entries["commune"].agency_id].status == "none"
    late = selectors.decorate_entries(list(approved.entries.all()), today=dt.date(2026, 12, 1))
    assert {e.agency_id: e.self_report.overdue for e in late} == {
        department.pk: False,
        dost.pk: True,
        entries["commune"].agency_id: True,
    }


def test_plan_entries_query_count(approved, entries, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        rows = selectors.plan_entries(approved)
        assert [len(e.team) for e in rows] == [1, 0, 0]


# --- consolidation ---------------------------------------------------------------------------------


def test_consolidation_figures(
    signed, approved, stp_entry, entries, province, secretary, inspector, rubric, department
):
    c = cs.consolidation_get(province, 2026, today=TODAY)
    assert (c.planned, c.inspected, c.on_site_planned, c.on_site_inspected) == (3, 1, 1, 1)
    assert c.inspected_percent == 33.3
    assert c.agencies_in_scope == 3  # Sở KH&CN, Sở Tư pháp, phường Hạ Long
    row = next(r for r in c.rows if r.agency_id == department.pk)
    assert (row.self_total, row.inspection_total, row.delta, row.inspection_rating) == (
        Decimal("55.50"),
        Decimal("54.00"),
        Decimal("-1.50"),
        "Trung bình",
    )
    assert (row.findings, row.overdue, row.minutes_signed_on, row.province) == (
        2,
        2,
        dt.date(2026, 9, 16),
        "UBND tỉnh Quảng Ninh",
    )
    assert c.rating_distribution == [("Trung bình", 1, 100.0)]
    assert c.followup_counts == {"open": 2, "answered": 0, "accepted": 0, "not_accepted": 0}
    assert c.overdue_total == 2
    assert [(s.key, s.agencies, s.findings) for s in c.shortcomings] == [("13.3", 1, 1), ("7.2.d", 1, 1)]
    assert c.shortcomings[1].examples == ["Hai quy trình chưa cập nhật Nghị định mới có hiệu lực quá 3 tháng."]
    histogram = c.score_histogram()
    assert histogram["labels"] == ["< 50", "50–60", "60–70", "70–80", "80–90", "≥ 90"]
    assert histogram["inspection"] == [0, 1, 0, 0, 0, 0] and histogram["self"] == [0, 1, 0, 0, 0, 0]
    # Before the due date nothing is overdue.
    assert cs.consolidation_get(province, 2026, today=dt.date(2026, 11, 16)).overdue_total == 0


def test_consolidation_table_sorting_and_filters(signed, province, department, rubric, entries, inspector, coordinator):
    c = cs.consolidation_get(province, 2026, today=TODAY)

    def names(**kwargs):
        rows, _sort = cs.table(c, **kwargs)
        return [r.name for r in cs.rows_of(c, rows)]

    assert names(sort="-inspection")[0] == "Sở Tư pháp"
    assert names(sort="agency") == ["Sở Khoa học và Công nghệ", "Sở Tư pháp", "UBND phường Hạ Long"]
    assert names(sort="-agency") == ["UBND phường Hạ Long", "Sở Tư pháp", "Sở Khoa học và Công nghệ"]
    assert names(sort="inspection")[0] == "Sở Tư pháp"  # agencies without a score last either way
    assert names(sort="-findings")[0] == "Sở Tư pháp"
    assert cs.table(c, sort="bogus")[1] == cs.DEFAULT_SORT
    assert names(q="tu phap") == ["Sở Tư pháp"]
    assert sorted(names(state="pending")) == ["Sở Khoa học và Công nghệ", "UBND phường Hạ Long"]
    assert names(mode=InspectionMode.ON_SITE) == ["Sở Tư pháp"]
    assert names(state="overdue") == ["Sở Tư pháp"]
    assert names(rating="Trung bình") == ["Sở Tư pháp"]
    assert names(rating="Khá") == []


def test_consolidation_scope(approved, coordinator, outsider, superadmin, inspector, province, other_province):
    assert cs.consolidation_root_for_user(coordinator) == province
    assert cs.consolidation_root_for_user(superadmin) is None
    assert cs.consolidation_root_for_user(superadmin, str(other_province.pk)) == other_province
    with pytest.raises(Http404):
        cs.consolidation_root_for_user(outsider, province.pk)
    with pytest.raises(Http404):
        cs.consolidation_root_for_user(inspector)
    assert cs.consolidation_get(other_province, 2026).rows == []
    nation = cs.consolidation_get(None, 2026)
    assert nation.planned == 3 and len(nation.provinces()) == 1


def test_consolidation_query_count_does_not_grow_with_agencies(
    approved, coordinator, province, django_assert_max_num_queries
):
    communes = [make_org("commune", province, name=f"UBND xã Thử {i}") for i in range(12)]
    services.entries_add(
        actor=coordinator,
        plan=approved,
        agencies=communes,
        mode=InspectionMode.ON_FILE,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 10, 1),
    )
    with django_assert_max_num_queries(14):
        c = cs.consolidation_get(province, 2026, today=TODAY)
        figures = (c.planned, c.inspected, c.average_inspection, c.agencies_in_scope, c.rating_distribution)
        _all = (
            c.score_histogram(),
            c.provinces(),
            c.followup_counts,
            c.overdue_total,
            c.overdue_followups,
            c.shortcomings,
        )
        rows, _sort = cs.table(c)
        cs.rows_of(c, rows[:50])
    assert figures[0] == 15 and len(c.rows) == 15


def test_agency_and_criterion_drill(signed, stp_entry, coordinator, outsider, department, rubric):
    drill = drills.agency_drill_for_user(coordinator, department.pk, 2026)
    assert drill.entry == stp_entry and drill.self_assessment.total == Decimal("55.50")
    leaf = next(r for r in drill.tree if r.is_leaf)
    assert (leaf.value, leaf.self_value) == (Decimal("0.50"), Decimal("0.50"))
    assert [f.criterion.key if f.criterion else None for f in drill.findings] == ["7.2.d", "13.3", None]
    criterion = drill.findings[0].criterion
    cd = drills.criterion_drill_for_user(coordinator, department.pk, 2026, criterion.pk)
    assert cd.inspection_row.criterion == criterion and cd.self_row.criterion == criterion
    assert [f.text for f in cd.findings] == ["Hai quy trình chưa cập nhật Nghị định mới có hiệu lực quá 3 tháng."]
    with pytest.raises(Http404):
        drills.agency_drill_for_user(outsider, department.pk, 2026)


def test_unscored_agency_drill(approved, entries, coordinator, inspector):
    score_inspection(entries["stp"], inspector, submit=False)
    drill = drills.agency_drill_for_user(coordinator, entries["commune"].agency_id, 2026)
    assert (drill.inspection, drill.self_assessment, drill.tree) == (None, None, [])
