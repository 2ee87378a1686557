"""Plans, entries, teams, approval with the one-third rule, self-report requests, decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qms.assessments.models import Assessment, AssessmentKind
from qms.core.tests.factories import make_org
from qms.core.tests.pagekit import audited, unchanged
from qms.inspections import services
from qms.inspections.models import InspectionDecision, InspectionMode, InspectionPlan, PlanEntry, PlanStatus

from .conftest import APPROVED_ON, TODAY, YEAR

pytestmark = pytest.mark.django_db


def _approve(plan, actor, **changes):
    args = {
        "actor": actor,
        "plan": plan,
        "expected_version": None,
        "approved_on": APPROVED_ON,
        "number": "15",
        "signer_title": "Giám đốc",
        "signer_name": "Đỗ Minh Tuấn",
        "today": TODAY,
    }
    args.update(changes)
    return services.plan_approve(**args)


# --- plans -----------------------------------------------------------------------------------------


def test_plan_create_by_the_coordinator(rubric, coordinator, province):
    with audited("inspection_plan.create"):
        plan = services.plan_create(
            actor=coordinator,
            organisation=province,
            year=2026,
            rubric=rubric,
            title="  Kế hoạch 2026 ",
            budget="45 triệu",
        )
    assert (plan.status, plan.year, plan.scope_path, plan.title) == (
        PlanStatus.DRAFT,
        2026,
        province.path,
        "Kế hoạch 2026",
    )
    assert plan.created_by == coordinator and plan.symbol == "KH-SKHCN"


@pytest.mark.parametrize("who", ["secretary", "outsider", "inspector"])
def test_plan_create_refused_without_inspection_plan_perm(request, who, rubric, province):
    actor = request.getfixturevalue(who)
    with unchanged(), pytest.raises(PermissionDenied):
        services.plan_create(actor=actor, organisation=province, year=2026, rubric=rubric, title="X")


def test_plan_create_validates(rubric, coordinator, province, unit):
    with pytest.raises(ValidationError) as exc:
        services.plan_create(actor=coordinator, organisation=province, year=1999, rubric=rubric, title="X")
    assert "year" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.plan_create(actor=coordinator, organisation=province, year=2026, rubric=rubric, title="  ")
    assert exc.value.message_dict["title"] == ["Hãy nhập tên kế hoạch."]
    rubric.status = "draft"
    rubric.save()
    with pytest.raises(ValidationError) as exc:
        services.plan_create(actor=coordinator, organisation=province, year=2026, rubric=rubric, title="X")
    assert "rubric" in exc.value.error_dict


def test_plan_update_with_version_check(plan, coordinator):
    services.plan_update(actor=coordinator, plan=plan, expected_version=plan.version, title="Kế hoạch sửa")
    assert InspectionPlan.objects.get(pk=plan.pk).title == "Kế hoạch sửa"
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.plan_update(actor=coordinator, plan=plan, expected_version=1, title="Bản cũ")
    assert exc.value.code == "stale"


def test_plan_delete_only_while_draft(plan, coordinator, entries):
    with audited("inspection_plan.delete"):
        services.plan_delete(actor=coordinator, plan=plan)
    assert not InspectionPlan.objects.exists() and not PlanEntry.objects.exists()


def test_approved_plan_is_not_deleted(approved, coordinator):
    with unchanged(), pytest.raises(ValidationError):
        services.plan_delete(actor=coordinator, plan=approved)


# --- entries ---------------------------------------------------------------------------------------


def test_entries_add_agencies_of_the_subtree(plan, coordinator, department, commune):
    with audited("inspection_entry.add"):
        added = services.entries_add(
            actor=coordinator,
            plan=plan,
            agencies=[commune, department],
            mode=InspectionMode.ON_FILE,
            starts_on=dt.date(2026, 10, 1),
            ends_on=dt.date(2026, 10, 2),
        )
    assert [(e.agency, e.year, e.scope_path) for e in added] == sorted(
        [(department, 2026, department.path), (commune, 2026, commune.path)], key=lambda t: t[2]
    )


def test_entries_add_refuses_outside_units_duplicates_and_bad_dates(
    plan, coordinator, department, unit, other_province, province, rubric
):
    foreign = make_org("department", other_province, name="Sở Tư pháp Bắc Ninh")
    cases = [
        ([unit], "không phải là cơ quan thuộc diện kiểm tra"),
        ([foreign], "không thuộc phạm vi của kế hoạch"),
        ([province], "không phải là cơ quan thuộc diện kiểm tra"),
    ]
    for agencies, message in cases:
        with unchanged(), pytest.raises(ValidationError) as exc:
            services.entries_add(actor=coordinator, plan=plan, agencies=agencies, mode=InspectionMode.ON_FILE)
        assert message in exc.value.message_dict["agencies"][0]
    with pytest.raises(ValidationError) as exc:
        services.entries_add(
            actor=coordinator,
            plan=plan,
            agencies=[department],
            mode=InspectionMode.ON_FILE,
            starts_on=dt.date(2025, 12, 1),
        )
    assert "starts_on" in exc.value.error_dict
    services.entries_add(actor=coordinator, plan=plan, agencies=[department], mode=InspectionMode.ON_FILE)
    second = services.plan_create(actor=coordinator, organisation=province, year=YEAR, rubric=rubric, title="Bổ sung")
    with pytest.raises(ValidationError) as exc:
        services.entries_add(actor=coordinator, plan=second, agencies=[department], mode=InspectionMode.ON_FILE)
    assert exc.value.message_dict["agencies"] == [
        "Sở Tư pháp đã có trong kế hoạch “Kế hoạch kiểm tra HTQLCL năm 2026” năm 2026."
    ]


def test_team_members_must_be_inspectors_covering_the_agency(
    entries, coordinator, secretary, foreign_inspector, inspector
):
    entry = entries["commune"]
    for person in (secretary, foreign_inspector):
        with unchanged(), pytest.raises(ValidationError) as exc:
            services.entry_update(
                actor=coordinator,
                entry=entry,
                expected_version=None,
                mode=entry.mode,
                starts_on=entry.starts_on,
                ends_on=entry.ends_on,
                leader=inspector,
                members=[person],
            )
        assert "không phải là người kiểm tra có thẩm quyền" in exc.value.message_dict["members"][0]


def test_leader_is_always_a_member(entries, coordinator, inspector, other_inspector):
    entry = entries["commune"]
    services.entry_update(
        actor=coordinator,
        entry=entry,
        expected_version=entry.version,
        mode=InspectionMode.ON_SITE,
        starts_on=entry.starts_on,
        ends_on=entry.ends_on,
        leader=other_inspector,
        members=[inspector],
    )
    assert set(entry.members.all()) == {inspector, other_inspector}


def test_entry_update_refused_to_inspectors(entries, inspector):
    entry = entries["stp"]
    with unchanged(), pytest.raises(PermissionDenied):
        services.entry_update(
            actor=inspector,
            entry=entry,
            expected_version=None,
            mode=InspectionMode.ON_FILE,
            starts_on=None,
            ends_on=None,
            leader=None,
            members=[],
        )


def test_entry_remove(entries, coordinator):
    with audited("inspection_entry.remove"):
        services.entry_remove(actor=coordinator, entry=entries["commune"])
    assert not PlanEntry.objects.filter(pk=entries["commune"].pk).exists()


def test_entry_with_findings_is_not_removed(findings, stp_entry, coordinator):
    with unchanged(), pytest.raises(ValidationError):
        services.entry_remove(actor=coordinator, entry=stp_entry)


# --- approval and the one-third rule ---------------------------------------------------------------


def test_approval_opens_inspection_assessments_for_entries_with_a_team(plan, entries, coordinator, inspector):
    with audited("assessment.open", "inspection_plan.approve") as events:
        _approve(plan, coordinator)
    plan.refresh_from_db()
    assert (plan.status, plan.number, plan.approved_on, plan.signer_name) == (
        PlanStatus.APPROVED,
        "15",
        APPROVED_ON,
        "Đỗ Minh Tuấn",
    )
    assert events[1].changes["kiểm tra trực tiếp"] == {"before": None, "after": "1/3"}
    stp = PlanEntry.objects.get(pk=entries["stp"].pk)
    assessment = stp.inspection_assessment
    assert (assessment.kind, assessment.year, assessment.rubric_id) == (AssessmentKind.INSPECTION, 2026, plan.rubric_id)
    assert list(assessment.inspectors.all()) == [inspector]
    assert PlanEntry.objects.get(pk=entries["commune"].pk).inspection_assessment is None


def test_approval_with_fewer_than_a_third_on_site_needs_a_reason(plan, entries, coordinator):
    stp = entries["stp"]
    services.entries_add(
        actor=coordinator,
        plan=plan,
        agencies=[make_org("commune", plan.organisation, name="UBND xã Cô Tô")],
        mode=InspectionMode.ON_FILE,
        starts_on=dt.date(2026, 10, 9),
        ends_on=dt.date(2026, 10, 9),
    )
    # 1 of 4 on site: a third needs 2.
    with unchanged(), pytest.raises(ValidationError) as exc:
        _approve(plan, coordinator)
    assert exc.value.message_dict["onsite_shortfall_reason"] == [
        "Mới có 1/4 cơ quan được kiểm tra trực tiếp, chưa đủ 1/3 (cần ít nhất 2). "
        "Hãy chuyển thêm cơ quan sang kiểm tra trực tiếp, hoặc ghi rõ lý do để phê duyệt."
    ]
    _approve(plan, coordinator, onsite_shortfall_reason="Hai xã đảo: kiểm tra qua hồ sơ do thời tiết.")
    plan.refresh_from_db()
    assert plan.onsite_shortfall_reason == "Hai xã đảo: kiểm tra qua hồ sơ do thời tiết."
    assert stp.pk in set(plan.entries.values_list("pk", flat=True))


def test_approval_needs_dates_and_on_site_leaders(plan, coordinator, department):
    services.entries_add(actor=coordinator, plan=plan, agencies=[department], mode=InspectionMode.ON_SITE)
    with unchanged(), pytest.raises(ValidationError) as exc:
        _approve(plan, coordinator)
    assert exc.value.messages == [
        "Sở Tư pháp: chưa có thời gian kiểm tra.",
        "Sở Tư pháp: kiểm tra trực tiếp nhưng chưa có trưởng đoàn.",
    ]


def test_approval_refuses_future_dates_and_empty_plans(plan, coordinator, entries):
    with pytest.raises(ValidationError) as exc:
        _approve(plan, coordinator, approved_on=TODAY + dt.timedelta(days=1))
    assert "approved_on" in exc.value.error_dict
    empty = services.plan_create(
        actor=coordinator, organisation=plan.organisation, year=2027, rubric=plan.rubric, title="Trống"
    )
    with pytest.raises(ValidationError) as exc:
        _approve(empty, coordinator)
    assert exc.value.code == "empty"


def test_team_change_after_approval_passes_to_the_assessment(
    approved, entries, coordinator, inspector, other_inspector
):
    commune = entries["commune"]
    services.entry_update(
        actor=coordinator,
        entry=commune,
        expected_version=None,
        mode=commune.mode,
        starts_on=commune.starts_on,
        ends_on=commune.ends_on,
        leader=other_inspector,
        members=[other_inspector],
    )
    commune.refresh_from_db()
    assert list(commune.inspection_assessment.inspectors.all()) == [other_inspector]
    stp = entries["stp"]
    services.entry_update(
        actor=coordinator,
        entry=stp,
        expected_version=None,
        mode=stp.mode,
        starts_on=stp.starts_on,
        ends_on=stp.ends_on,
        leader=other_inspector,
        members=[other_inspector],
    )
    stp.refresh_from_db()
    assert list(stp.inspection_assessment.inspectors.all()) == [other_inspector]
    assert Assessment.objects.filter(kind=AssessmentKind.INSPECTION).count() == 2


# --- self-report requests --------------------------------------------------------------------------


def test_self_reports_request_sets_dates_for_every_entry(plan, entries, coordinator):
    with audited("inspection_entry.self_report_request"):
        count = services.self_reports_request(actor=coordinator, plan=plan, due_on=dt.date(2026, 12, 1), today=TODAY)
    assert count == 3
    assert set(PlanEntry.objects.values_list("self_report_requested_on", "self_report_due_on")) == {
        (TODAY, dt.date(2026, 12, 1))
    }


def test_self_reports_request_refuses_past_due_and_other_roles(plan, entries, coordinator, inspector):
    with unchanged(), pytest.raises(ValidationError):
        services.self_reports_request(actor=coordinator, plan=plan, due_on=TODAY - dt.timedelta(days=1), today=TODAY)
    with unchanged(), pytest.raises(PermissionDenied):
        services.self_reports_request(actor=inspector, plan=plan, due_on=dt.date(2026, 12, 1), today=TODAY)


# --- decisions -------------------------------------------------------------------------------------

DECISION = {
    "number": "112",
    "symbol": "QĐ-SKHCN",
    "signed_on": dt.date(2026, 9, 8),
    "issuer": "Sở Khoa học và Công nghệ",
    "issuer_parent": "UBND tỉnh Quảng Ninh",
    "place": "Quảng Ninh",
    "proposer": "",
    "signer_authority": "KT. Giám đốc",
    "signer_title": "Phó Giám đốc",
    "signer_name": "Trần Thị Thu Hà",
}


def test_decision_create_update_delete(approved, stp_entry, coordinator):
    with audited("inspection_decision.create"):
        decision = services.decision_create(
            actor=coordinator, plan=approved, entry=stp_entry, **{**DECISION, "signed_on": None}
        )
    assert str(decision) == "Quyết định kiểm tra 112/QĐ-SKHCN"
    services.decision_update(actor=coordinator, decision=decision, expected_version=decision.version, number="113")
    assert InspectionDecision.objects.get().number == "113"
    with audited("inspection_decision.delete"):
        services.decision_delete(actor=coordinator, decision=decision)
    assert not InspectionDecision.objects.exists()


def test_decision_rules(plan, approved, coordinator, inspector):
    with unchanged(), pytest.raises(PermissionDenied):
        services.decision_create(actor=inspector, plan=approved, **DECISION)
    with pytest.raises(ValidationError) as exc:
        services.decision_create(actor=coordinator, plan=approved, **{**DECISION, "signed_on": dt.date(2026, 1, 5)})
    assert exc.value.message_dict["signed_on"] == ["Quyết định không thể ký trước ngày phê duyệt kế hoạch."]
    signed = services.decision_create(actor=coordinator, plan=approved, **DECISION)
    with unchanged(), pytest.raises(ValidationError):
        services.decision_delete(actor=coordinator, decision=signed)


def test_decision_needs_an_approved_plan(plan, coordinator):
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.decision_create(actor=coordinator, plan=plan, **DECISION)
    assert exc.value.code == "draft"
