"""Lifecycle and guard tests: every transition of a revision, and what each refusal leaves alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qms.core.models import SearchEntry
from qms.core.tests.pagekit import audited, unchanged
from qms.documents import services, services_change_requests, services_distribution
from qms.documents.models import (
    ChangeRequestStatus,
    DecisionKind,
    Distribution,
    DocumentRevision,
    DocumentStatus,
    RevisionStatus,
)
from qms.documents.selectors import revision_header

from .conftest import TODAY, issue

pytestmark = pytest.mark.django_db


# --- creation ------------------------------------------------------------------------------------


def test_create_makes_a_first_draft_and_an_index_entry(department, secretary):
    with audited("document.create"):
        document = services.document_create(
            actor=secretary,
            organisation=department,
            code="  STCL ",
            title="Sổ tay chất lượng",
            kind="manual",
            content="Phần 1. Giới thiệu",
        )
    assert document.code == "STCL"
    assert document.agency == department
    assert document.status == DocumentStatus.DRAFT
    assert document.current_revision is None
    [revision] = document.revisions.all()
    assert (revision.number, revision.status, revision.drafted_by) == (1, RevisionStatus.DRAFT, secretary)
    entry = SearchEntry.objects.get(source="document", source_id=document.pk)
    assert (entry.status, entry.agency_id, entry.code) == ("draft", department.pk, "STCL")


def test_unit_documents_belong_to_the_agency(unit, department, secretary):
    document = services.document_create(
        actor=secretary, organisation=unit, code="HD-VP-01", title="Hướng dẫn lưu trữ", kind="guidance"
    )
    assert document.agency == department
    assert document.scope_path == unit.path


def test_duplicate_code_in_the_agency_is_refused_whatever_the_spacing_or_accents(draft, department, secretary, unit):
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.document_create(actor=secretary, organisation=unit, code="hd 02/cx-hctp", title="Khác", kind="process")
    assert "đã được dùng" in exc.value.message_dict["code"][0]


def test_same_code_in_another_agency_is_fine(draft, other_department, other_secretary):
    other = services.document_create(
        actor=other_secretary,
        organisation=other_department,
        code="HD 02/CX-HCTP",
        title="Quy trình khác",
        kind="process",
    )
    assert other.agency == other_department


@pytest.mark.parametrize("code", ["", "   ", "<script>", "QT;02", "x" * 61])
def test_bad_codes_are_refused(department, secretary, code):
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.document_create(actor=secretary, organisation=department, code=code, title="T", kind="process")
    assert "code" in exc.value.message_dict


def test_staff_and_other_agencies_cannot_create(department, staff_user, other_secretary, coordinator):
    for actor in (staff_user, other_secretary, coordinator):
        with unchanged(), pytest.raises(PermissionDenied):
            services.document_create(actor=actor, organisation=department, code="BM-01", title="Biểu mẫu", kind="form")


def test_distribution_list_must_stay_inside_the_agency(department, secretary, other_department, other_secretary):
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.document_create(
            actor=secretary,
            organisation=department,
            code="BM-02",
            title="Biểu mẫu",
            kind="form",
            distribute_to_units=[other_department],
        )
    assert "distribute_to_units" in exc.value.message_dict
    with unchanged(), pytest.raises(ValidationError):
        services.document_create(
            actor=secretary,
            organisation=department,
            code="BM-02",
            title="Biểu mẫu",
            kind="form",
            distribute_to_users=[other_secretary],
        )


# --- editing a draft -----------------------------------------------------------------------------


def test_second_save_of_the_same_draft_is_refused_and_the_first_is_kept(draft, secretary):
    revision = draft.revisions.get()
    version = revision.version
    services.revision_update(
        actor=secretary, revision=revision, expected_version=version, content="Bản của A", change_summary=""
    )
    stale = DocumentRevision.objects.get(pk=revision.pk)
    with pytest.raises(ValidationError) as exc:
        services.revision_update(
            actor=secretary, revision=stale, expected_version=version, content="Bản của B", change_summary=""
        )
    assert exc.value.code == "stale"
    assert DocumentRevision.objects.get(pk=revision.pk).content == "Bản của A"


def test_submitting_without_content_is_refused(department, secretary, head):
    document = services.document_create(
        actor=secretary,
        organisation=department,
        code="MT-2026",
        title="Mục tiêu chất lượng năm 2026",
        kind="objectives",
    )
    revision = document.revisions.get()
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    assert "chưa có nội dung" in exc.value.message_dict["content"][0]


def test_reviewer_must_hold_the_review_role(draft, secretary, staff_user):
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.revision_submit(actor=secretary, revision=draft.revisions.get(), reviewer=staff_user)
    assert "reviewer" in exc.value.message_dict


# --- review and approval -------------------------------------------------------------------------


def test_full_flow_snapshots_decisions_and_activates(draft, secretary, head, unit, reader):
    draft.distribute_to_units.add(unit)
    revision = draft.revisions.get()
    with audited("revision.submit"):
        services.revision_submit(actor=secretary, revision=revision, reviewer=head, comment="Kính trình")
    with audited("revision.comment"):
        services.revision_comment(actor=head, revision=revision, comment="Bổ sung thời hạn ở bước 3")
    with audited("revision.pass"):
        services.revision_pass(actor=head, revision=revision)
    with audited("revision.approve", "revision.effective"):
        services.revision_approve(actor=head, revision=revision, effective_from=TODAY, today=TODAY)
    revision.refresh_from_db()
    draft.refresh_from_db()
    assert revision.status == RevisionStatus.EFFECTIVE
    assert draft.status == DocumentStatus.EFFECTIVE
    assert draft.current_revision == revision
    assert draft.next_review_on == dt.date(2027, 11, 21)
    kinds = list(revision.decisions.values_list("kind", "actor_name", "actor_title"))
    assert kinds == [
        (DecisionKind.SUBMIT, "Lê Văn Cường", "Thư ký ISO"),
        (DecisionKind.COMMENT, "Đỗ Văn Giang", "Giám đốc Sở"),
        (DecisionKind.PASS, "Đỗ Văn Giang", "Giám đốc Sở"),
        (DecisionKind.APPROVE, "Đỗ Văn Giang", "Giám đốc Sở"),
    ]
    assert list(Distribution.objects.filter(revision=revision).values_list("user__full_name", "via_unit")) == [
        ("Ngô Thị Hoa", unit.pk)
    ]
    assert SearchEntry.objects.get(source="document", source_id=draft.pk).status == "effective"


def test_header_is_printed_from_snapshots_not_from_live_memberships(effective, head):
    membership = head.memberships.get()
    membership.position = "Phó Giám đốc Sở"
    membership.save()
    header = revision_header(effective.current_revision)
    assert (header.approved.name, header.approved.title) == ("Đỗ Văn Giang", "Giám đốc Sở")
    assert (header.drafted.name, header.reviewed.name) == ("Lê Văn Cường", "Đỗ Văn Giang")
    assert (header.code, header.number, header.effective_from) == ("HD 02/CX-HCTP", 1, TODAY)


def test_staff_cannot_approve_and_secretary_cannot_approve(draft, secretary, head, staff_user):
    revision = draft.revisions.get()
    services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    services.revision_pass(actor=head, revision=revision)
    for actor in (staff_user, secretary):
        with unchanged(), pytest.raises(PermissionDenied):
            services.revision_approve(actor=actor, revision=revision, effective_from=TODAY, today=TODAY)


def test_coordinator_supervises_but_never_approves(draft, secretary, head, coordinator):
    revision = draft.revisions.get()
    services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    services.revision_pass(actor=head, revision=revision)
    with unchanged(), pytest.raises(PermissionDenied):
        services.revision_approve(actor=coordinator, revision=revision, effective_from=TODAY, today=TODAY)


def test_approval_needs_a_passed_review(draft, secretary, head):
    revision = draft.revisions.get()
    services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.revision_approve(actor=head, revision=revision, effective_from=TODAY, today=TODAY)
    assert exc.value.code == "wrong_status"


def test_effective_date_in_the_past_is_refused(draft, secretary, head):
    revision = draft.revisions.get()
    services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    services.revision_pass(actor=head, revision=revision)
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.revision_approve(
            actor=head, revision=revision, effective_from=TODAY - dt.timedelta(days=1), today=TODAY
        )
    assert "đã qua" in exc.value.message_dict["effective_from"][0]


def test_future_effective_date_waits_for_the_daily_run(draft, secretary, head):
    later = TODAY + dt.timedelta(days=10)
    revision = issue(draft, secretary=secretary, head=head, effective_from=later)
    assert revision.status == RevisionStatus.APPROVED
    assert services.revisions_activate_due(today=later - dt.timedelta(days=1)) == 0
    assert services.revisions_activate_due(today=later) == 1
    assert services.revisions_activate_due(today=later) == 0
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.EFFECTIVE


def test_return_sends_back_to_draft_with_a_reason(draft, secretary, head):
    revision = draft.revisions.get()
    services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    with unchanged(), pytest.raises(ValidationError):
        services.revision_return(actor=head, revision=revision, comment="  ")
    services.revision_return(actor=head, revision=revision, comment="Thiếu biểu mẫu ở bước 2")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT


def test_only_the_named_reviewer_or_the_head_may_pass(draft, secretary, head, department):
    from qms.core.tests.factories import UserFactory, grant

    second_secretary = UserFactory(full_name="Trịnh Văn Long")
    grant(second_secretary, department, "iso_secretary")
    revision = draft.revisions.get()
    services.revision_submit(actor=secretary, revision=revision, reviewer=second_secretary)
    with unchanged(), pytest.raises(PermissionDenied):
        services.revision_pass(actor=secretary, revision=revision)
    services.revision_pass(actor=head, revision=revision)  # the head may step in


def test_approved_revisions_are_immutable(effective, secretary):
    revision = effective.current_revision
    with unchanged(), pytest.raises(ValidationError):
        services.revision_update(
            actor=secretary, revision=revision, expected_version=revision.version, content="sửa lén", change_summary=""
        )


# --- new revisions -------------------------------------------------------------------------------


def test_new_revision_supersedes_the_old_one_and_is_distributed_again(effective, secretary, head, reader):
    old = effective.current_revision
    Distribution.objects.filter(revision=old).update(acknowledged_at=dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC))
    second = services.revision_start(actor=secretary, document=effective)
    assert (second.number, second.content) == (2, old.content)
    services.revision_update(
        actor=secretary,
        revision=second,
        expected_version=second.version,
        content=old.content + "\n3. Định nghĩa",
        change_summary="",
    )
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.revision_submit(actor=secretary, revision=second, reviewer=head)
    assert "change_summary" in exc.value.message_dict
    second.refresh_from_db()
    second.change_summary = "Bổ sung mục 3"
    second.save()
    issue(effective, secretary=secretary, head=head)
    old.refresh_from_db()
    effective.refresh_from_db()
    assert old.status == RevisionStatus.SUPERSEDED
    assert effective.current_revision.number == 2
    pending = Distribution.objects.get(revision=effective.current_revision, user=reader)
    assert pending.acknowledged_at is None


def test_only_one_revision_in_preparation(effective, secretary):
    services.revision_start(actor=secretary, document=effective)
    with unchanged(), pytest.raises(ValidationError):
        services.revision_start(actor=secretary, document=effective)


# --- acknowledgement -----------------------------------------------------------------------------


def test_recipient_acknowledges_once_and_others_cannot(effective, reader, secretary):
    copy = Distribution.objects.get(revision=effective.current_revision, user=reader)
    with unchanged(), pytest.raises(PermissionDenied):
        services_distribution.distribution_acknowledge(actor=secretary, distribution=copy)
    with audited("distribution.acknowledge"):
        services_distribution.distribution_acknowledge(actor=reader, distribution=copy)
    with audited():
        services_distribution.distribution_acknowledge(actor=reader, distribution=copy)
    copy.refresh_from_db()
    assert copy.acknowledged_at is not None


# --- withdrawal ----------------------------------------------------------------------------------


def test_withdrawal_needs_a_reason_and_the_head(effective, secretary, head):
    with unchanged(), pytest.raises(PermissionDenied):
        services.document_withdraw(actor=secretary, document=effective, reason="Không còn áp dụng")
    with unchanged(), pytest.raises(ValidationError):
        services.document_withdraw(actor=head, document=effective, reason=" ")
    services.document_withdraw(actor=head, document=effective, reason="Thủ tục đã bị bãi bỏ")
    effective.refresh_from_db()
    assert effective.status == DocumentStatus.OBSOLETE
    assert effective.revisions.get().status == RevisionStatus.OBSOLETE
    assert SearchEntry.objects.get(source="document", source_id=effective.pk).status == "obsolete"
    with pytest.raises(ValidationError):
        services.document_withdraw(actor=head, document=effective, reason="lần hai")


# --- change requests -----------------------------------------------------------------------------


def test_any_reader_raises_a_change_request_that_leads_to_a_new_revision(effective, reader, secretary):
    with audited("change_request.raise"):
        request = services_change_requests.change_request_raise(
            actor=reader, document=effective, reason="Thời hạn ở bước 2 sai", proposal="Sửa thành 2 ngày làm việc"
        )
    with audited("revision.start", "change_request.accept"):
        services_change_requests.change_request_decide(
            actor=secretary, change_request=request, accept=True, note="Đồng ý"
        )
    request.refresh_from_db()
    assert request.status == ChangeRequestStatus.ACCEPTED
    assert request.revision.number == 2


def test_change_request_cannot_be_decided_by_staff_and_rejection_needs_a_reason(
    effective, reader, staff_user, secretary
):
    request = services_change_requests.change_request_raise(
        actor=reader, document=effective, reason="Lý do", proposal="Đề nghị"
    )
    with unchanged(), pytest.raises(PermissionDenied):
        services_change_requests.change_request_decide(actor=staff_user, change_request=request, accept=True, note="")
    with unchanged(), pytest.raises(ValidationError):
        services_change_requests.change_request_decide(actor=secretary, change_request=request, accept=False, note="")


def test_change_request_on_a_draft_document_is_refused(draft, reader):
    with unchanged(), pytest.raises(ValidationError):
        services_change_requests.change_request_raise(actor=reader, document=draft, reason="x", proposal="y")


def test_other_agency_cannot_raise_a_change_request(effective, other_secretary):
    with unchanged(), pytest.raises(PermissionDenied):
        services_change_requests.change_request_raise(
            actor=other_secretary, document=effective, reason="x", proposal="y"
        )


# --- periodic review -----------------------------------------------------------------------------


def test_periodic_review_moves_the_next_date(effective, secretary):
    services.document_periodic_review(
        actor=secretary, document=effective, note="Vẫn phù hợp", today=dt.date(2027, 11, 30)
    )
    effective.refresh_from_db()
    assert effective.next_review_on == dt.date(2028, 11, 30)
