"""Findings, minutes and their signing, follow-ups and their obligations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qms.assessments import services as assessment_services
from qms.assessments.models import Criterion
from qms.core.tests.pagekit import audited, unchanged
from qms.inspections import services_results
from qms.inspections.models import Finding, FollowUp, FollowUpEvent, FollowUpStatus, Minutes
from qms.obligations.models import Obligation, ObligationKind, ObligationStatus

from .conftest import HELD_ON, SIGNED_ON, TODAY, full_scores, score_inspection, submit_self

pytestmark = pytest.mark.django_db


def _criterion(rubric, key):
    return Criterion.objects.get(rubric=rubric, key=key)


# --- findings --------------------------------------------------------------------------------------


def test_team_member_records_findings(stp_entry, inspector, rubric):
    with audited("inspection_finding.create"):
        finding = services_results.finding_create(
            actor=inspector,
            entry=stp_entry,
            criterion=_criterion(rubric, "8.5"),
            text=" Biểu mẫu cũ tại một cửa. ",
            severity="minor",
        )
    assert (finding.text, finding.order, finding.scope_path, finding.created_by) == (
        "Biểu mẫu cũ tại một cửa.",
        1,
        stp_entry.scope_path,
        inspector,
    )
    second = services_results.finding_create(actor=inspector, entry=stp_entry, text="Khác")
    assert second.order == 2 and second.criterion is None


@pytest.mark.parametrize("who", ["other_inspector", "coordinator", "foreign_inspector", "secretary"])
def test_only_the_team_records_findings(request, who, stp_entry):
    actor = request.getfixturevalue(who)
    with unchanged(), pytest.raises(PermissionDenied):
        services_results.finding_create(actor=actor, entry=stp_entry, text="Không được ghi")


def test_finding_criterion_must_belong_to_the_plans_rubric(stp_entry, inspector, rubric):
    other = Criterion.objects.exclude(rubric=rubric).first()
    with unchanged(), pytest.raises(ValidationError) as exc:
        services_results.finding_create(actor=inspector, entry=stp_entry, text="X", criterion=other)
    assert "criterion" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services_results.finding_create(actor=inspector, entry=stp_entry, text="  ")
    assert exc.value.message_dict["text"] == ["Hãy nhập nội dung tồn tại."]
    with pytest.raises(ValidationError):
        services_results.finding_create(actor=inspector, entry=stp_entry, text="X", severity="fatal")


def test_findings_need_an_approved_plan(entries, inspector):
    with unchanged(), pytest.raises(ValidationError) as exc:
        services_results.finding_create(actor=inspector, entry=entries["stp"], text="X")
    assert exc.value.code == "draft"


def test_finding_update_and_delete(findings, inspector):
    finding = findings[1]
    services_results.finding_update(
        actor=inspector, finding=finding, expected_version=finding.version, text="Sửa", severity="major", criterion=None
    )
    finding.refresh_from_db()
    assert (finding.text, finding.severity, finding.criterion) == ("Sửa", "major", None)
    with unchanged(), pytest.raises(ValidationError) as exc:
        services_results.finding_update(
            actor=inspector, finding=finding, expected_version=1, text="Cũ", severity="minor"
        )
    assert exc.value.code == "stale"
    with audited("inspection_finding.delete"):
        services_results.finding_delete(actor=inspector, finding=finding)
    assert Finding.objects.count() == 2


# --- minutes ---------------------------------------------------------------------------------------


def test_minutes_save_snapshots_the_leader(minutes, inspector, stp_entry):
    assert (minutes.leader_name, minutes.leader_title) == ("Lê Văn Hùng", "Trưởng đoàn kiểm tra")
    assert (minutes.held_on, minutes.signed_on, minutes.number) == (HELD_ON, None, "07")
    services_results.minutes_save(
        actor=inspector,
        entry=stp_entry,
        expected_version=minutes.version,
        place="Hội trường",
        held_on=HELD_ON,
        agency_rep_name="Phạm Thị Lan",
        agency_rep_title="Chánh Văn phòng",
        today=TODAY,
    )
    assert Minutes.objects.get().agency_rep_name == "Phạm Thị Lan"


def test_minutes_validation(stp_entry, inspector):
    base = {
        "actor": inspector,
        "entry": stp_entry,
        "expected_version": None,
        "place": "Sở",
        "agency_rep_name": "A",
        "agency_rep_title": "B",
        "today": TODAY,
    }
    with pytest.raises(ValidationError) as exc:
        services_results.minutes_save(**base, held_on=TODAY + dt.timedelta(days=1))
    assert exc.value.message_dict["held_on"] == ["Ngày kiểm tra không thể sau hôm nay."]
    with pytest.raises(ValidationError) as exc:
        services_results.minutes_save(**base, held_on=dt.date(2025, 12, 30))
    assert "held_on" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services_results.minutes_save(**{**base, "agency_rep_name": ""}, held_on=HELD_ON)
    assert "agency_rep_name" in exc.value.error_dict


def test_signing_needs_the_submitted_inspection(minutes, stp_entry, inspector, rubric):
    score_inspection(stp_entry, inspector, submit=False)
    with unchanged(), pytest.raises(ValidationError) as exc:
        services_results.minutes_sign(
            actor=inspector, minutes=minutes, signed_on=SIGNED_ON, expected_version=None, today=TODAY
        )
    assert exc.value.code == "unscored"


def test_signing_opens_follow_ups_due_two_months_later(minutes, stp_entry, inspector, rubric, department):
    submit_self(rubric, department)
    assessment = score_inspection(stp_entry, inspector)
    with audited("obligation.open_many", "inspection_minutes.sign") as events:
        follow_ups = services_results.minutes_sign(
            actor=inspector, minutes=minutes, signed_on=SIGNED_ON, expected_version=minutes.version, today=TODAY
        )
    minutes.refresh_from_db()
    assert (minutes.signed_on, minutes.signed_by, minutes.score_total, minutes.score_rating) == (
        SIGNED_ON,
        inspector,
        Decimal("54.00"),
        "Trung bình",
    )
    assert assessment.total == Decimal("54.00")
    assert events[1].changes["số nội dung phải khắc phục"] == {"before": None, "after": 2}
    # Major and minor findings call for correction; the recommendation does not.
    assert [(f.finding.severity, f.due_on, f.status, f.agency) for f in follow_ups] == [
        ("major", dt.date(2026, 11, 16), FollowUpStatus.OPEN, department),
        ("minor", dt.date(2026, 11, 16), FollowUpStatus.OPEN, department),
    ]
    obligations = list(Obligation.objects.filter(kind=ObligationKind.INSPECTION_FOLLOWUP).order_by("subject_id"))
    assert [(o.organisation, o.due_on, o.opened_on, o.subject_id, o.status) for o in obligations] == [
        (department, dt.date(2026, 11, 16), SIGNED_ON, follow_ups[0].pk, ObligationStatus.OPEN),
        (department, dt.date(2026, 11, 16), SIGNED_ON, follow_ups[1].pk, ObligationStatus.OPEN),
    ]
    assert obligations[0].title.startswith("Khắc phục tồn tại sau kiểm tra: Hai quy trình")


def test_signed_minutes_freeze_findings_minutes_and_team(signed, stp_entry, inspector, coordinator, minutes):
    with unchanged():
        with pytest.raises(ValidationError):
            services_results.finding_create(actor=inspector, entry=stp_entry, text="Muộn")
        with pytest.raises(ValidationError):
            services_results.minutes_save(
                actor=inspector,
                entry=stp_entry,
                expected_version=None,
                place="X",
                held_on=HELD_ON,
                agency_rep_name="A",
                agency_rep_title="B",
                today=TODAY,
            )
        with pytest.raises(ValidationError):
            services_results.minutes_sign(
                actor=inspector, minutes=minutes, signed_on=SIGNED_ON, expected_version=None, today=TODAY
            )
        from qms.inspections import services

        with pytest.raises(ValidationError):
            services.entry_update(
                actor=coordinator,
                entry=stp_entry,
                expected_version=None,
                mode=stp_entry.mode,
                starts_on=stp_entry.starts_on,
                ends_on=stp_entry.ends_on,
                leader=None,
                members=[],
            )


def test_locked_inspection_assessment_refuses_edits(signed, stp_entry, inspector, rubric):
    stp_entry.refresh_from_db()
    with unchanged(), pytest.raises(ValidationError) as exc:
        assessment_services.scores_save(
            actor=inspector, assessment=stp_entry.inspection_assessment, entries=full_scores(rubric)
        )
    assert exc.value.code == "locked"


def test_signing_date_rules(minutes, stp_entry, inspector, rubric):
    score_inspection(stp_entry, inspector)
    with pytest.raises(ValidationError) as exc:
        services_results.minutes_sign(
            actor=inspector,
            minutes=minutes,
            signed_on=HELD_ON - dt.timedelta(days=1),
            expected_version=None,
            today=TODAY,
        )
    assert exc.value.message_dict["signed_on"] == ["Ngày ký không thể trước ngày kiểm tra."]
    with pytest.raises(ValidationError):
        services_results.minutes_sign(
            actor=inspector, minutes=minutes, signed_on=TODAY + dt.timedelta(days=1), expected_version=None, today=TODAY
        )


def test_only_the_team_signs(minutes, coordinator, other_inspector):
    for actor in (coordinator, other_inspector):
        with unchanged(), pytest.raises(PermissionDenied):
            services_results.minutes_sign(
                actor=actor, minutes=minutes, signed_on=SIGNED_ON, expected_version=None, today=TODAY
            )


# --- follow-ups ------------------------------------------------------------------------------------


def test_agency_answers_with_evidence(signed, secretary):
    follow_up = signed[0]
    upload = SimpleUploadedFile("bao-cao.xlsx", _xlsx_bytes(), content_type="application/octet-stream")
    with audited("inspection_followup.answer"):
        services_results.followup_answer(
            actor=secretary,
            follow_up=follow_up,
            expected_version=follow_up.version,
            action_text="Đã ban hành lại hai quy trình.",
            upload=upload,
            evidence_url="/tai-lieu/1/",
        )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.answer_count, follow_up.answered_by, follow_up.evidence_url) == (
        FollowUpStatus.ANSWERED,
        1,
        secretary,
        "/tai-lieu/1/",
    )
    assert follow_up.evidence_file.original_name == "bao-cao.xlsx"
    event = FollowUpEvent.objects.get()
    assert (event.status, event.text, event.actor) == (
        FollowUpStatus.ANSWERED,
        "Đã ban hành lại hai quy trình.",
        secretary,
    )
    # The obligation stays open until the answer is accepted.
    assert Obligation.objects.get(subject_id=follow_up.pk).status == ObligationStatus.OPEN


def _xlsx_bytes() -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Biện pháp khắc phục"])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("who", ["inspector", "coordinator", "commune_secretary", "staff_user"])
def test_only_the_agency_answers(request, who, signed):
    actor = request.getfixturevalue(who)
    with unchanged(), pytest.raises(PermissionDenied):
        services_results.followup_answer(actor=actor, follow_up=signed[0], expected_version=None, action_text="X")


def test_answer_validation(signed, secretary):
    with unchanged(), pytest.raises(ValidationError) as exc:
        services_results.followup_answer(actor=secretary, follow_up=signed[0], expected_version=None, action_text=" ")
    assert exc.value.message_dict["action_text"] == ["Hãy nhập biện pháp khắc phục."]
    with unchanged(), pytest.raises(ValidationError) as exc:
        services_results.followup_answer(
            actor=secretary,
            follow_up=signed[0],
            expected_version=None,
            action_text="X",
            evidence_url="javascript:alert(1)",
        )
    assert "evidence_url" in exc.value.error_dict


def test_accepting_closes_the_obligation(signed, secretary, inspector):
    follow_up = services_results.followup_answer(
        actor=secretary, follow_up=signed[0], expected_version=None, action_text="Đã sửa."
    )
    with audited("obligation.close_auto", "inspection_followup.accept"):
        services_results.followup_review(
            actor=inspector, follow_up=follow_up, expected_version=follow_up.version, accepted=True, today=TODAY
        )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.reviewed_by) == (FollowUpStatus.ACCEPTED, inspector)
    obligation = Obligation.objects.get(subject_id=follow_up.pk)
    assert (obligation.status, obligation.done_note) == (ObligationStatus.DONE, "Kết quả khắc phục đã được chấp nhận.")
    with unchanged(), pytest.raises(ValidationError):
        services_results.followup_answer(actor=secretary, follow_up=follow_up, expected_version=None, action_text="Lại")


def test_not_accepted_needs_a_reason_and_may_move_the_due_date(signed, secretary, coordinator):
    follow_up = services_results.followup_answer(
        actor=secretary, follow_up=signed[1], expected_version=None, action_text="Đã họp."
    )
    with unchanged(), pytest.raises(ValidationError) as exc:
        services_results.followup_review(
            actor=coordinator, follow_up=follow_up, expected_version=None, accepted=False, today=TODAY
        )
    assert exc.value.message_dict["reason"] == ["Hãy nhập lý do không chấp nhận."]
    new_due = dt.date(2026, 12, 31)
    with audited("obligation.reschedule", "inspection_followup.reject"):
        services_results.followup_review(
            actor=coordinator,
            follow_up=follow_up,
            expected_version=None,
            accepted=False,
            reason="Chưa có kế hoạch đánh giá nội bộ bổ sung.",
            new_due_on=new_due,
            today=TODAY,
        )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.due_on, follow_up.review_reason) == (
        FollowUpStatus.NOT_ACCEPTED,
        new_due,
        "Chưa có kế hoạch đánh giá nội bộ bổ sung.",
    )
    obligation = Obligation.objects.get(subject_id=follow_up.pk)
    assert (obligation.status, obligation.due_on) == (ObligationStatus.OPEN, new_due)
    # The agency answers again.
    services_results.followup_answer(
        actor=secretary, follow_up=follow_up, expected_version=None, action_text="Đã đánh giá 4/4 phòng."
    )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.answer_count) == (FollowUpStatus.ANSWERED, 2)
    assert list(FollowUpEvent.objects.filter(follow_up=follow_up).values_list("status", flat=True)) == [
        "answered",
        "not_accepted",
        "answered",
    ]


def test_review_rules(signed, secretary, other_inspector, inspector):
    with unchanged(), pytest.raises(ValidationError):
        services_results.followup_review(
            actor=inspector, follow_up=signed[0], expected_version=None, accepted=True, today=TODAY
        )
    follow_up = services_results.followup_answer(
        actor=secretary, follow_up=signed[0], expected_version=None, action_text="X"
    )
    for actor in (other_inspector, secretary):
        with unchanged(), pytest.raises(PermissionDenied):
            services_results.followup_review(
                actor=actor, follow_up=follow_up, expected_version=None, accepted=True, today=TODAY
            )
    assert FollowUp.objects.get(pk=follow_up.pk).status == FollowUpStatus.ANSWERED
