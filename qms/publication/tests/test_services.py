"""Drafting, issuing, superseding, posting, drift and the re-publication obligation."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qms.core.models import AuditEvent
from qms.core.tests.factories import make_org
from qms.core.tests.pagekit import audited, fresh
from qms.obligations.models import Obligation, ObligationKind, ObligationStatus
from qms.publication import selectors, services, word
from qms.publication.models import Publication, PublicationStatus

from .conftest import TODAY, assign, issue_now, make_procedure, make_process, unassign, withdraw

pytestmark = pytest.mark.django_db


def _data(publication: Publication, **changes) -> services.DraftData:
    values = {
        name: getattr(publication, name)
        for name in (
            "issuer_parent",
            "issuer",
            "place",
            "symbol",
            "authority",
            "legal_bases",
            "proposal",
            "implementers",
            "extra_recipients",
            "signer_authority",
            "signer_title",
            "signer_name",
            "notice_recipient_name",
            "notice_symbol",
            "activities",
        )
    }
    values.update(changes)
    return services.DraftData(**values)


# --- drafting -----------------------------------------------------------------------------------


def test_draft_takes_live_scope_and_proposed_wording(scope, department, province, dost, secretary_vp, head):
    with audited("publication.draft"):
        draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    assert draft.status == PublicationStatus.DRAFT
    assert draft.scope_path == department.path
    assert (draft.coverage_assigned, draft.coverage_covered) == (3, 2)
    assert [g["code"] for g in draft.gap] == ["2.000815"]
    assert [(p["code"], p["covered"], [q["code"] for q in p["processes"]]) for p in draft.scope] == [
        ("1.001234", True, ["QT 01/LLTP"]),
        ("1.008926", True, ["QT 02/CT"]),
        ("2.000815", False, []),
    ]
    assert draft.issuer == "Sở Tư pháp"
    assert draft.issuer_parent == "UBND tỉnh Quảng Ninh"
    assert draft.place == "Quảng Ninh"
    assert draft.symbol == "QĐ-STP"
    assert draft.notice_symbol == "STP-VP"
    assert draft.authority == "GIÁM ĐỐC SỞ TƯ PHÁP"
    assert (draft.signer_authority, draft.signer_title, draft.signer_name) == ("", "Giám đốc", "Nguyễn Văn Minh")
    assert draft.proposal == "Theo đề nghị của Chánh Văn phòng Sở."
    assert draft.notice_recipient_id == dost.pk
    assert draft.notice_recipient_name == "Sở Khoa học và Công nghệ tỉnh Quảng Ninh"
    assert draft.legal_bases.count("\n") == 2 and "19/2014/QĐ-TTg" in draft.legal_bases
    assert draft.supersedes is None
    assert draft.prepared_by == secretary_vp


def test_draft_proposes_uncovering_processes_as_other_activities(scope, department, secretary_vp):
    internal = make_process(department, "QT-01", "Quy trình kiểm soát tài liệu", [])
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    assert draft.activities == [{"name": "Quy trình kiểm soát tài liệu", "process": internal.code}]


def test_only_one_draft_and_only_the_qms_team_drafts(scope, department, secretary_vp, staff_user, coordinator):
    for outsider in (staff_user, coordinator):
        with pytest.raises(PermissionDenied):
            services.publication_draft_create(actor=outsider, agency=department)
    services.publication_draft_create(actor=secretary_vp, agency=department)
    with pytest.raises(ValidationError, match="đã có một dự thảo"):
        services.publication_draft_create(actor=secretary_vp, agency=department)
    assert Publication.objects.count() == 1


def test_draft_update_validates_and_is_versioned(scope, department, secretary_vp, head):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    with pytest.raises(ValidationError) as exc:
        services.publication_draft_update(
            actor=secretary_vp,
            publication=draft,
            expected_version=draft.version,
            data=_data(draft, symbol="QĐ/STP", legal_bases="  ", signer_name=""),
        )
    assert set(exc.value.message_dict) == {"symbol", "legal_bases", "signer_name"}
    with audited("publication.update") as events:
        saved = services.publication_draft_update(
            actor=secretary_vp,
            publication=draft,
            expected_version=draft.version,
            data=_data(
                draft,
                symbol="qđ-stp",
                signer_authority="kt. giám đốc",
                signer_title="Phó Giám đốc",
                activities=[{"name": "Kiểm soát tài liệu", "process": "QT-01"}],
            ),
        )
    assert (saved.symbol, saved.signer_authority, saved.version) == ("QĐ-STP", "KT. GIÁM ĐỐC", 2)
    assert events[0].changes["signer_title"] == {"before": "Giám đốc", "after": "Phó Giám đốc"}
    assert events[0].changes["activities"] == {"before": 0, "after": 1}
    with pytest.raises(ValidationError, match="người khác sửa"):
        services.publication_draft_update(actor=secretary_vp, publication=draft, expected_version=1, data=_data(draft))


def test_parse_activities_reports_the_line():
    assert services.parse_activities("Kiểm soát tài liệu | QT-01\n\n- Đánh giá nội bộ") == [
        {"name": "Kiểm soát tài liệu", "process": "QT-01"},
        {"name": "Đánh giá nội bộ", "process": ""},
    ]
    with pytest.raises(ValidationError) as exc:
        services.parse_activities("ok\n | QT-02")
    assert exc.value.message_dict["activities"] == ["Dòng 2: thiếu tên hoạt động trước dấu “|”."]


def test_discard_draft(scope, department, secretary_vp, head):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    with audited("publication.discard"):
        services.publication_draft_discard(actor=secretary_vp, publication=draft)
    assert not Publication.objects.exists()


# --- issuing ------------------------------------------------------------------------------------


def test_issue_freezes_scope_generates_files_and_is_audited(full_scope, department, secretary_vp, head, dost):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    with audited("publication.issue") as events:
        issued = issue_now(draft, head)
    assert issued.status == PublicationStatus.ISSUED
    assert (issued.number, issued.signed_on, issued.reference) == ("125", TODAY, "125/QĐ-STP")
    assert (issued.coverage_assigned, issued.coverage_covered, issued.gap) == (3, 3, [])
    assert issued.gap_acknowledged is False
    assert issued.issued_by == head
    assert issued.decision_file.original_name == "Quyết định 125-QĐ-STP công bố HTQLCL.docx"
    assert issued.notice_file.original_name == "Thông báo 2150-STP-VP công bố HTQLCL.docx"
    assert "Công bố Hệ thống quản lý chất lượng của Sở Tư pháp" in issued.decision_file.text
    assert events[0].changes["status"] == {"before": "draft", "after": "issued"}
    assert events[0].changes["number"] == {"before": "", "after": "125"}


def test_secretary_and_coordinator_cannot_issue(full_scope, department, secretary_vp, coordinator, head):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    for actor in (secretary_vp, coordinator):
        with pytest.raises(PermissionDenied):
            issue_now(draft, actor)
    assert fresh(draft).status == PublicationStatus.DRAFT


def test_issue_validates_numbers_and_dates(full_scope, department, secretary_vp, head):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    with pytest.raises(ValidationError) as exc:
        issue_now(
            draft,
            head,
            number="125/QĐ",
            signed_on=TODAY + dt.timedelta(days=1),
            notice_number="",
            notice_signed_on=TODAY - dt.timedelta(days=3),
            signer_name=" ",
        )
    errors = exc.value.message_dict
    assert errors["number"] == ["Số chỉ gồm chữ số, ví dụ 125 (ký hiệu ghi riêng)."]
    assert errors["signed_on"] == ["Ngày ký không được sau ngày hôm nay."]
    assert errors["notice_number"] == ["Hãy nhập số văn bản thông báo."]
    assert errors["signer_name"] == ["Hãy nhập họ tên người ký."]
    with pytest.raises(ValidationError) as exc:
        issue_now(draft, head, notice_signed_on=TODAY - dt.timedelta(days=1))
    assert exc.value.message_dict == {"notice_signed_on": ["Văn bản thông báo không được đề ngày trước quyết định."]}
    assert fresh(draft).status == PublicationStatus.DRAFT
    assert not AuditEvent.objects.filter(verb="publication.issue").exists()


def test_gap_requires_explicit_acknowledgement_and_goes_to_the_annex(scope, department, secretary_vp, head):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    with pytest.raises(ValidationError) as exc:
        issue_now(draft, head)
    assert list(exc.value.message_dict) == ["acknowledge_gap"]
    assert "2/3 TTHC (66.7%)" in exc.value.message_dict["acknowledge_gap"][0]
    issued = issue_now(draft, head, acknowledge_gap=True)
    assert issued.gap_acknowledged is True
    assert [g["code"] for g in issued.gap] == ["2.000815"]
    assert (issued.coverage_assigned, issued.coverage_covered, issued.coverage_percent) == (3, 2, 66.7)
    event = AuditEvent.objects.get(verb="publication.issue")
    assert event.changes["gap"] == {"before": None, "after": ["2.000815"]}


def test_issue_refuses_an_empty_scope(department, secretary_vp, head):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    with pytest.raises(ValidationError, match="Phạm vi công bố đang trống"):
        issue_now(draft, head)


def test_reissue_supersedes_and_number_is_unique_per_year(published, department, secretary_vp, head, province):
    new = make_procedure(province, "1.000001", "Thủ tục mới")
    assign(new, department)
    make_process(department, "QT 04", "Quy trình thủ tục mới", [new])
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    assert draft.supersedes == published
    with pytest.raises(ValidationError) as exc:
        issue_now(draft, head, number="125")
    assert exc.value.message_dict["number"] == [
        "Số 125/QĐ-STP năm 2026 đã được dùng cho một quyết định công bố khác của cơ quan."
    ]
    with pytest.raises(ValidationError, match="trước ngày của quyết định được thay thế"):
        issue_now(draft, head, number="300", signed_on=TODAY - dt.timedelta(days=1))
    with audited("publication.supersede", "publication.issue"):
        second = issue_now(draft, head, number="300")
    assert fresh(published).status == PublicationStatus.SUPERSEDED
    assert second.supersedes == published
    assert selectors.current_publication(department) == second
    notice = second.notice_file.text
    assert "thay thế Quyết định số 125/QĐ-STP" in notice and "bổ sung 1 thủ tục hành chính" in notice


# --- posting ------------------------------------------------------------------------------------


def test_posting_validates_url_and_dates(published, secretary_vp, staff_user):
    def post(**values):
        args = {
            "posted_on": TODAY,
            "posted_place": "Bảng tin tại trụ sở",
            "website_url": "https://sotuphap.quangninh.gov.vn/cong-bo-iso",
            "website_posted_on": TODAY,
            "today": TODAY,
        }
        args.update(values)
        return services.publication_record_posting(
            actor=secretary_vp, publication=published, expected_version=fresh(published).version, **args
        )

    with pytest.raises(ValidationError) as exc:
        post(website_url="sotuphap.quangninh", posted_on=TODAY - dt.timedelta(days=2), posted_place="")
    assert set(exc.value.message_dict) == {"website_url", "posted_on", "posted_place"}
    with pytest.raises(ValidationError, match="ít nhất"):
        post(posted_on=None, posted_place="", website_url="", website_posted_on=None)
    with pytest.raises(PermissionDenied):
        services.publication_record_posting(
            actor=staff_user,
            publication=published,
            expected_version=None,
            posted_on=TODAY,
            posted_place="x",
            website_url="",
            website_posted_on=None,
        )
    with audited("publication.posting") as events:
        saved = post()
    assert saved.is_posted
    assert events[0].changes["website_url"]["after"] == "https://sotuphap.quangninh.gov.vn/cong-bo-iso"


def test_posting_refused_on_a_draft(scope, department, secretary_vp):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    with pytest.raises(ValidationError, match="sau khi quyết định"):
        services.publication_record_posting(
            actor=secretary_vp,
            publication=draft,
            expected_version=None,
            posted_on=TODAY,
            posted_place="x",
            website_url="",
            website_posted_on=None,
        )


# --- drift and the obligation -------------------------------------------------------------------


def _codes(items):
    return [i["code"] for i in items]


def test_no_drift_right_after_issue_and_none_without_publication(published, department, other_department):
    assert selectors.publication_drift(other_department) is None
    drift = selectors.publication_drift(department)
    assert drift is not None and not drift.any


def test_drift_exact_sets(published, department, province, full_scope):
    _p1, _p2, _p3 = full_scope["p"]
    qt1, _qt2, _qt3 = full_scope["qt"]
    added = make_procedure(province, "1.009999", "Thủ tục được giao thêm", "Hộ tịch")
    assign(added, department)  # added, not covered
    unassign(full_scope["a"][2])  # removed
    withdraw(qt1)  # p1 loses its process: uncovered, QT 01 withdrawn
    drift = selectors.publication_drift(department)
    assert _codes(drift.added) == ["1.009999"]
    assert _codes(drift.removed) == ["2.000815"]
    assert _codes(drift.uncovered) == ["1.001234"]
    assert _codes(drift.processes_withdrawn) == ["QT 01/LLTP"]
    assert drift.newly_covered == []
    assert drift.counts() == {
        "added": 1,
        "removed": 1,
        "uncovered": 1,
        "processes_withdrawn": 1,
        "newly_covered": 0,
    }


def test_drift_gap_closed_counts_as_newly_covered(scope, department, secretary_vp, head):
    issued = issue_now(
        services.publication_draft_create(actor=secretary_vp, agency=department), head, acknowledge_gap=True
    )
    make_process(department, "QT 03/CC", "Quy trình công chứng", [scope["p"][2]])
    drift = selectors.scope_difference(issued.scope, selectors.live_scope(department).procedures)
    assert _codes(drift.newly_covered) == ["2.000815"]
    assert not drift.added and not drift.removed and not drift.uncovered and not drift.processes_withdrawn


def _republication(publication):
    return Obligation.objects.filter(kind=ObligationKind.REPUBLICATION, subject_id=publication.pk)


def test_check_opens_once_stores_drift_and_next_issue_closes(published, department, province, secretary_vp, head):
    assert services.publication_check(today=TODAY).opened == 0
    added = make_procedure(province, "1.009999", "Thủ tục được giao thêm")
    assign(added, department)
    later = TODAY + dt.timedelta(days=2)
    result = services.publication_check(today=later)
    assert (result.checked, result.drifted, result.opened, result.closed) == (1, 1, 1, 0)
    obligation = _republication(published).get()
    assert obligation.status == ObligationStatus.OPEN
    assert obligation.due_on == later + dt.timedelta(days=30)
    assert obligation.organisation_id == department.pk
    assert "thêm 1 TTHC" in obligation.title
    assert fresh(published).drift["added"][0]["code"] == "1.009999"
    # Idempotent: nothing new the next day.
    again = services.publication_check(today=later + dt.timedelta(days=1))
    assert (again.drifted, again.opened) == (1, 0)
    assert _republication(published).count() == 1
    # Re-publishing closes it.
    make_process(department, "QT 05", "Quy trình mới", [added])
    issue_now(services.publication_draft_create(actor=secretary_vp, agency=department), head, number="126")
    assert _republication(published).get().status == ObligationStatus.DONE


def test_check_closes_when_scope_returns(published, department, province):
    assignment = assign(make_procedure(province, "1.009999", "Thủ tục tạm giao"), department)
    services.publication_check(today=TODAY)
    unassign(assignment)
    result = services.publication_check(today=TODAY + dt.timedelta(days=1))
    assert (result.drifted, result.closed) == (0, 1)
    assert _republication(published).get().status == ObligationStatus.DONE
    assert fresh(published).drift == {}


def test_check_by_a_coordinator_is_limited_to_their_subtree(published, outsider, coordinator):
    assert services.publication_check(actor=outsider, today=TODAY).checked == 0
    assert services.publication_check(actor=coordinator, today=TODAY).checked == 1


def test_republication_drafted_by_the_head_is_proposed_by_the_office(published, department, head, province):
    """Item 5: the Director signs the decision; the office that drafts it proposes it, even when
    the Director opens the draft himself (the proposal never names the signer)."""
    new = make_procedure(province, "1.000001", "Thủ tục mới")
    assign(new, department)
    make_process(department, "QT 04", "Quy trình thủ tục mới", [new])
    draft = services.publication_draft_create(actor=head, agency=department)
    assert draft.supersedes == published
    assert draft.proposal == "Theo đề nghị của Chánh Văn phòng Sở."
    body = "\n".join(p.text for p in docx.Document(BytesIO(word.render_decision(draft))).paragraphs)
    assert "Theo đề nghị của Chánh Văn phòng Sở." in body
    assert "Theo đề nghị của Giám đốc" not in body


def test_proposal_names_the_agencys_own_office(department, secretary_vp):
    make_org("unit", department, name="Văn phòng Sở Tư pháp", code="22-STP-VP")
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    assert draft.proposal == "Theo đề nghị của Chánh Văn phòng Sở Tư pháp."
