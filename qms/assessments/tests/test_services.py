"""Assessments: opening, scoring, totals, locking, reopening, evidence, inspection teams and who
may see what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from qms.assessments import selectors, services, services_rubrics
from qms.assessments.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    Evidence,
    Score,
    Verdict,
)
from qms.assessments.services import ScoreInput
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.core.tests.pagekit import audited
from qms.core.tests.test_files import make_pdf

from .conftest import full_scores, leaves, open_inspection, open_self

pytestmark = pytest.mark.django_db
D = Decimal


def leaf(rubric, key):
    return Criterion.objects.get(rubric=rubric, key=key)


# --- opening ---------------------------------------------------------------------------------------


def test_secretary_opens_the_self_assessment_once(banded, department, secretary):
    with audited("assessment.open"):
        a = services.assessment_open(actor=secretary, rubric=banded, agency=department, year=2026, kind="self")
    assert (a.agency, a.year, a.kind, a.status, a.scope_path) == (department, 2026, "self", "draft", department.path)
    assert (a.total, a.leaf_count, a.scored_count, a.rating) == (D(0), 87, 0, "")
    with audited():
        again = services.assessment_open(actor=secretary, rubric=banded, agency=department, year=2026, kind="self")
    assert again.pk == a.pk


def test_who_may_open(banded, department, staff_user, coordinator, inspector, commune_secretary):
    for user in (staff_user, coordinator, commune_secretary):  # coordinator: agency-only permission
        with pytest.raises(PermissionDenied):
            services.assessment_open(actor=user, rubric=banded, agency=department, year=2026, kind="self")
    with pytest.raises(PermissionDenied):
        services.assessment_open(actor=inspector, rubric=banded, agency=department, year=2026, kind="inspection")
    a = services.assessment_open(
        actor=coordinator, rubric=banded, agency=department, year=2026, kind="inspection", inspectors=[inspector]
    )
    assert list(a.inspectors.all()) == [inspector]
    assert Assessment.objects.count() == 1


def test_open_validation(daknong, banded, department, unit, coordinator):
    draft = services_rubrics.rubric_derive(actor=None, rubric=daknong, code="draft-x", title="X", organisation=None)
    with pytest.raises(ValidationError, match="chưa được áp dụng"):
        services.assessment_open(actor=None, rubric=draft, agency=department, year=2026, kind="self")
    with pytest.raises(ValidationError, match="phòng, ban nội bộ"):
        services.assessment_open(actor=None, rubric=banded, agency=unit, year=2026, kind="self")
    with pytest.raises(ValidationError, match="Năm đánh giá phải từ 2014"):
        services.assessment_open(actor=None, rubric=banded, agency=department, year=1999, kind="self")
    with pytest.raises(ValidationError, match="Loại đánh giá"):
        services.assessment_open(actor=None, rubric=banded, agency=department, year=2026, kind="x")


def test_inspectors_must_hold_inspection_score_over_the_agency(banded, department, coordinator, secretary, outsider):
    a = open_inspection(banded, department)
    with pytest.raises(ValidationError, match="không có quyền chấm kiểm tra"):
        services.assessment_set_inspectors(actor=coordinator, assessment=a, inspectors=[secretary])
    with pytest.raises(ValidationError, match="không có quyền chấm kiểm tra"):
        services.assessment_set_inspectors(actor=coordinator, assessment=a, inspectors=[outsider])


def test_set_inspectors_is_audited_and_needs_plan_permission(
    banded, department, coordinator, inspector, other_inspector
):
    a = open_inspection(banded, department, [inspector])
    with audited("assessment.inspectors"):
        services.assessment_set_inspectors(actor=coordinator, assessment=a, inspectors=[inspector, other_inspector])
    assert set(a.inspectors.all()) == {inspector, other_inspector}
    with pytest.raises(PermissionDenied):
        services.assessment_set_inspectors(actor=inspector, assessment=a, inspectors=[inspector])
    s = open_self(banded, department)
    with pytest.raises(ValidationError, match="Chỉ bản kiểm tra"):
        services.assessment_set_inspectors(actor=None, assessment=s, inspectors=[inspector])


# --- scoring ----------------------------------------------------------------------------------------


def test_scores_and_totals(banded, department, secretary):
    a = open_self(banded, department)
    with audited("assessment.score") as events:
        totals = services.scores_save(
            actor=secretary,
            assessment=a,
            entries={
                leaf(banded, "1.1").pk: ScoreInput(value=D(1), note="Có kế hoạch"),
                leaf(banded, "10.2.b").pk: ScoreInput(value=D("10.5")),
            },
        )
    assert totals.total == D("11.5")
    a.refresh_from_db()
    assert (a.total, a.scored_count, a.rating) == (D("11.5"), 2, "")  # not rated until complete
    assert a.subtotals["I"] == "11.50" and a.subtotals["10"] == "10.50" and a.subtotals["II"] == "0.00"
    assert events[0].changes["1.1"] == {"before": "", "after": "1 (Có kế hoạch)"}
    assert events[0].changes["total"] == {"before": "0.00", "after": "11.50"}
    assert Score.objects.get(assessment=a, criterion=leaf(banded, "1.1")).updated_by == secretary
    # Saving the same again changes nothing and writes no event.
    with audited():
        services.scores_save(
            actor=secretary, assessment=a, entries={leaf(banded, "1.1").pk: ScoreInput(value=D(1), note="Có kế hoạch")}
        )


def test_complete_assessment_gets_its_band(banded, department, secretary):
    a = open_self(banded, department)
    services.scores_save(actor=secretary, assessment=a, entries=full_scores(banded, fraction=D(1)))
    a.refresh_from_db()
    assert (a.total, a.rating, a.scored_count) == (D(100), "Tốt", 87)
    services.scores_save(actor=secretary, assessment=a, entries={leaf(banded, "10.2.b").pk: ScoreInput(value=D("1.5"))})
    a.refresh_from_db()
    assert (a.total, a.rating) == (D("89.5"), "Khá")


def test_unbanded_rubric_has_no_rating(daknong, department, secretary):
    a = open_self(daknong, department)
    services.scores_save(actor=secretary, assessment=a, entries=full_scores(daknong, fraction=D(1)))
    a.refresh_from_db()
    assert (a.total, a.rating) == (D(100), "")


def test_invalid_scores_refuse_the_whole_save(banded, department, secretary):
    a = open_self(banded, department)
    entries = {
        leaf(banded, "1.1").pk: ScoreInput(value=D("1")),
        leaf(banded, "1.2").pk: ScoreInput(value=D("1.5")),
        leaf(banded, "2.1").pk: ScoreInput(value=D("0.3")),
        leaf(banded, "2.2").pk: ScoreInput(value=D("-1")),
        Criterion.objects.get(rubric=banded, key="1").pk: ScoreInput(value=D("1")),
    }
    with pytest.raises(ValidationError) as exc:
        services.scores_save(actor=secretary, assessment=a, entries=entries)
    errors = exc.value.message_dict
    assert errors[f"score-{leaf(banded, '1.2').pk}"] == ["Tiêu chí 1.2: Điểm 1,5 vượt điểm tối đa 1."]
    assert errors[f"score-{leaf(banded, '2.1').pk}"] == [
        "Tiêu chí 2.1: Điểm 0,3 không đúng bước chấm 0,5 (ví dụ: 0; 0,5; 1…)."
    ]
    assert errors[f"score-{leaf(banded, '2.2').pk}"] == ["Tiêu chí 2.2: Điểm không được âm."]
    assert "không phải tiêu chí chấm" in errors["__all__"][0]
    assert not Score.objects.exists()


def test_stale_version_is_refused(banded, department, secretary):
    a = open_self(banded, department)
    version = a.version
    services.scores_save(
        actor=secretary,
        assessment=a,
        entries={leaf(banded, "1.1").pk: ScoreInput(value=D(1))},
        expected_version=version,
    )
    with pytest.raises(ValidationError, match="người khác sửa"):
        services.scores_save(
            actor=secretary,
            assessment=a,
            entries={leaf(banded, "1.2").pk: ScoreInput(value=D(1))},
            expected_version=version,
        )


def test_checklist_verdicts(checklist, department, secretary):
    a = open_self(checklist, department)
    items = leaves(checklist)
    entries = {c.pk: ScoreInput(verdict=Verdict.CONFORMING) for c in items}
    entries[items[0].pk] = ScoreInput(verdict=Verdict.NEEDS_CORRECTION, note="Thiếu 2 TTHC")
    entries[items[5].pk] = ScoreInput(verdict=Verdict.NOT_APPLICABLE)
    services.scores_save(actor=secretary, assessment=a, entries=entries)
    a.refresh_from_db()
    assert (a.scored_count, a.leaf_count, a.correction_count, a.total, a.rating) == (13, 13, 1, D(0), "")
    with pytest.raises(ValidationError, match="không chấm điểm số"):
        services.scores_save(actor=secretary, assessment=a, entries={items[0].pk: ScoreInput(value=D(1))})
    with pytest.raises(ValidationError, match="Kết luận không hợp lệ"):
        services.scores_save(actor=secretary, assessment=a, entries={items[0].pk: ScoreInput(verdict="maybe")})


# --- submit, lock, reopen ---------------------------------------------------------------------------


def test_submit_needs_every_criterion_and_the_leader(banded, department, secretary, leader):
    a = open_self(banded, department)
    services.scores_save(actor=secretary, assessment=a, entries={leaf(banded, "1.1").pk: ScoreInput(value=D(1))})
    with pytest.raises(ValidationError, match="Còn 86 tiêu chí chưa chấm"):
        services.assessment_submit(actor=leader, assessment=a)
    services.scores_save(actor=secretary, assessment=a, entries=full_scores(banded))
    with pytest.raises(PermissionDenied, match="lãnh đạo"):
        services.assessment_submit(actor=secretary, assessment=a)
    with audited("assessment.submit"):
        services.assessment_submit(actor=leader, assessment=a)
    a.refresh_from_db()
    assert (a.status, a.submitted_by, a.is_locked) == (AssessmentStatus.SUBMITTED, leader, True)


def test_a_locked_assessment_refuses_every_edit(banded, department, secretary, leader):
    a = open_self(banded, department)
    services.scores_save(actor=secretary, assessment=a, entries=full_scores(banded))
    ev = services.evidence_add(
        actor=secretary, assessment=a, criterion=leaf(banded, "1.1"), label="KH", url="/tai-lieu/1/"
    )
    services.assessment_submit(actor=leader, assessment=a)
    edits = [
        lambda: services.scores_save(
            actor=secretary, assessment=a, entries={leaf(banded, "1.1").pk: ScoreInput(value=D(0))}
        ),
        lambda: services.evidence_add(
            actor=secretary, assessment=a, criterion=leaf(banded, "1.1"), label="x", url="/x/"
        ),
        lambda: services.evidence_remove(actor=secretary, evidence=ev),
        lambda: services.assessment_submit(actor=leader, assessment=a),
    ]
    for edit in edits:
        with audited(), pytest.raises(ValidationError, match="đang bị khoá"):
            edit()
    assert Score.objects.get(assessment=a, criterion=leaf(banded, "1.1")).value == D("0.5")


def test_reopen(banded, department, secretary, leader, coordinator):
    a = open_self(banded, department)
    services.scores_save(actor=secretary, assessment=a, entries=full_scores(banded))
    with pytest.raises(ValidationError, match="chưa nộp"):
        services.assessment_reopen(actor=coordinator, assessment=a, reason="x")
    services.assessment_submit(actor=leader, assessment=a)
    with pytest.raises(PermissionDenied):
        services.assessment_reopen(actor=leader, assessment=a, reason="Tự mở")
    with pytest.raises(ValidationError, match="lý do"):
        services.assessment_reopen(actor=coordinator, assessment=a, reason="  ")
    with audited("assessment.reopen") as events:
        services.assessment_reopen(actor=coordinator, assessment=a, reason="Điểm 10.2.b chưa có minh chứng")
    assert events[0].changes["reopen_reason"]["after"] == "Điểm 10.2.b chưa có minh chứng"
    a.refresh_from_db()
    assert (a.status, a.reopened_by, a.reopen_reason) == ("reopened", coordinator, "Điểm 10.2.b chưa có minh chứng")
    services.scores_save(actor=secretary, assessment=a, entries={leaf(banded, "10.2.b").pk: ScoreInput(value=D(8))})
    services.assessment_submit(actor=leader, assessment=a)


# --- evidence ----------------------------------------------------------------------------------------


def test_evidence_file_and_link(banded, department, secretary, staff_user):
    a = open_self(banded, department)
    c = leaf(banded, "5.5")
    upload = SimpleUploadedFile("chinh-sach.pdf", make_pdf(), content_type="application/pdf")
    with audited("assessment.evidence_add"):
        ev = services.evidence_add(actor=secretary, assessment=a, criterion=c, label="", upload=upload)
    assert ev.label == "chinh-sach.pdf" and ev.file.original_name == "chinh-sach.pdf"
    link = services.evidence_add(
        actor=secretary, assessment=a, criterion=c, label="Chính sách chất lượng", url="/tai-lieu/12/"
    )
    assert link.url == "/tai-lieu/12/"
    for bad, message in [
        ("javascript:alert(1)", "Đường dẫn phải"),
        ("//evil.example", "Đường dẫn phải"),
        ("", "Chọn tệp"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.evidence_add(actor=secretary, assessment=a, criterion=c, label="x", url=bad)
    with pytest.raises(PermissionDenied):
        services.evidence_add(actor=staff_user, assessment=a, criterion=c, label="x", url="/x/")
    with audited("assessment.evidence_remove"):
        services.evidence_remove(actor=secretary, evidence=link)
    assert list(Evidence.objects.values_list("label", flat=True)) == ["chinh-sach.pdf"]


# --- inspection ----------------------------------------------------------------------------------------


def test_only_named_inspectors_score_an_inspection(
    banded, department, inspector, other_inspector, coordinator, secretary
):
    a = open_inspection(banded, department, [inspector])
    c = leaf(banded, "1.1")
    services.score_set(actor=inspector, assessment=a, criterion=c, value=D("0.5"))
    for user in (other_inspector, coordinator, secretary):
        with pytest.raises(PermissionDenied):
            services.score_set(actor=user, assessment=a, criterion=c, value=D(1))
    assert Score.objects.get(assessment=a).value == D("0.5")


def test_an_inspector_scores_only_agencies_in_their_subtree(banded, province, other_province, inspector):
    far = make_org("department", other_province, name="Sở Tư pháp Bắc Ninh", code="24-STP")
    a = open_inspection(banded, far)
    with pytest.raises(ValidationError):
        services.assessment_set_inspectors(actor=None, assessment=a, inspectors=[inspector])


def test_inspector_sees_self_score_beside_theirs(banded, department, secretary, inspector):
    own = open_self(banded, department)
    services.scores_save(
        actor=secretary, assessment=own, entries={leaf(banded, "1.1").pk: ScoreInput(value=D(1), note="Có KH")}
    )
    a = open_inspection(banded, department, [inspector])
    services.score_set(actor=inspector, assessment=a, criterion=leaf(banded, "1.1"), value=D("0.5"))
    rows = {r.key: r for r in selectors.assessment_tree(a)}
    assert (rows["1.1"].value, rows["1.1"].self_value, rows["1.1"].self_note) == (D("0.5"), D(1), "Có KH")
    assert (rows["1"].subtotal, rows["1"].self_subtotal) == (D("0.5"), D(1))
    assert selectors.counterpart(a) == own


def test_inspector_submits(banded, department, inspector):
    a = open_inspection(banded, department, [inspector])
    services.scores_save(actor=inspector, assessment=a, entries=full_scores(banded))
    services.assessment_submit(actor=inspector, assessment=a)
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED


# --- reading -------------------------------------------------------------------------------------------


def test_an_agency_never_sees_another_agencys_assessment(banded, department, commune, secretary, commune_secretary):
    mine = open_self(banded, department)
    theirs = open_self(banded, commune)
    assert selectors.assessment_get_for_user(secretary, mine.pk) == mine
    with pytest.raises(Http404):
        selectors.assessment_get_for_user(secretary, theirs.pk)
    assert list(selectors.assessment_list_for_user(secretary)) == [mine]
    assert list(selectors.assessment_list_for_user(commune_secretary)) == [theirs]


def test_agency_sees_the_inspection_only_once_submitted(banded, department, secretary, inspector, coordinator):
    a = open_inspection(banded, department, [inspector])
    with pytest.raises(Http404):
        selectors.assessment_get_for_user(secretary, a.pk)
    assert selectors.assessment_get_for_user(inspector, a.pk) == a
    assert selectors.assessment_get_for_user(coordinator, a.pk) == a
    services.scores_save(actor=inspector, assessment=a, entries=full_scores(banded))
    services.assessment_submit(actor=inspector, assessment=a)
    assert selectors.assessment_get_for_user(secretary, a.pk) == a


def test_list_filters(banded, department, commune, coordinator):
    a = open_self(banded, department)
    b = open_self(banded, commune, year=2025)
    assert list(selectors.assessment_list_for_user(coordinator, year=2025)) == [b]
    assert list(selectors.assessment_list_for_user(coordinator, q="tu phap")) == [a]
    assert list(selectors.assessment_list_for_user(coordinator, kind="inspection")) == []
    assert selectors.assessment_for(department, 2026, "self") == a
    assert selectors.assessment_for(department, 2026, "inspection") is None


def test_summary_reads_stored_totals_in_one_query(
    banded, department, commune, secretary, inspector, django_assert_num_queries
):
    a = open_self(banded, department)
    services.scores_save(actor=secretary, assessment=a, entries=full_scores(banded, fraction=D(1)))
    i = open_inspection(banded, department, [inspector])
    open_self(banded, commune)
    with django_assert_num_queries(1):
        summary = selectors.assessments_summary(2026)
    s = summary[department.pk]
    assert (s.self_assessment.total, s.self_assessment.rating, s.self_assessment.status) == (D(100), "Tốt", "draft")
    assert s.self_assessment.is_complete and not s.self_assessment.is_submitted
    assert (s.inspection.assessment_id, s.inspection.total) == (i.pk, D(0))
    assert summary[commune.pk].inspection is None
    assert set(selectors.assessments_summary(2026, agency_ids=[commune.pk])) == {commune.pk}
    from qms.organisations.models import Organisation

    assert set(selectors.assessments_summary(2026, agency_ids=Organisation.objects.filter(pk=department.pk))) == {
        department.pk
    }
    assert set(selectors.assessments_summary(2026, scope_path=department.path)) == {department.pk}
    assert selectors.assessments_summary(2025) == {}


def test_tree_query_count(banded, department, secretary, inspector, django_assert_max_num_queries):
    open_self(banded, department)
    a = open_inspection(banded, department, [inspector])
    with django_assert_max_num_queries(6):
        rows = selectors.assessment_tree(a)
    assert len(rows) == 112


def test_staff_of_another_agency_and_outsiders(banded, department, outsider):
    a = open_self(banded, department)
    with pytest.raises(Http404):
        selectors.assessment_get_for_user(outsider, a.pk)
    nobody = UserFactory()
    assert list(selectors.assessment_list_for_user(nobody)) == []
    grant(nobody, department, "staff")
    # Staff hold VIEW only, not ASSESS_VIEW.
    with pytest.raises(Http404):
        selectors.assessment_get_for_user(nobody, a.pk)
