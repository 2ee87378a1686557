"""Reads: the live scope, the coordinating body, visibility, the overview and the public register."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404

from qms.core.tests.factories import UserFactory, grant
from qms.obligations.models import Obligation, ObligationKind
from qms.publication import selectors, services, wording

from .conftest import TODAY, assign, issue_now, make_procedure

pytestmark = pytest.mark.django_db


def test_live_scope_counts_gap_and_as_of(scope, department, province):
    live = selectors.live_scope(department)
    assert (live.assigned, live.covered, live.percent, live.complete) == (3, 2, 66.7, False)
    assert [g["code"] for g in live.gap] == ["2.000815"]
    late = make_procedure(province, "1.000777", "Thủ tục giao muộn")
    assignment = assign(late, department)
    type(assignment).objects.filter(pk=assignment.pk).update(assigned_on=dt.date(2026, 6, 1))
    assert selectors.live_scope(department).assigned == 4
    assert selectors.live_scope(department, as_of=dt.date(2026, 5, 31)).assigned == 3


def test_backdated_issue_leaves_out_later_assignments(full_scope, department, province, secretary_vp, head):
    late = make_procedure(province, "1.000777", "Thủ tục giao muộn")
    assignment = assign(late, department)
    type(assignment).objects.filter(pk=assignment.pk).update(assigned_on=TODAY)
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    issued = issue_now(
        draft, head, signed_on=TODAY - dt.timedelta(days=3), notice_signed_on=TODAY - dt.timedelta(days=3)
    )
    assert issued.coverage_assigned == 3 and issued.gap == []
    assert [p["code"] for p in selectors.publication_drift(department).added] == ["1.000777"]


def test_coordinating_body_prefers_the_coordinators_home_department(department, province, dost):
    assert selectors.coordinating_body(department) == dost
    from qms.core.tests.factories import make_org

    other = make_org("department", province, name="Sở Khoa học, Công nghệ và Đổi mới", code="22-SKHCNDM")
    user = UserFactory(full_name="Điều phối viên", home_organisation=other)
    grant(user, province, "coordinator")
    assert selectors.coordinating_body(department) == other


def test_agency_get_for_user_404_and_403(department, other_department, secretary_vp, staff_user, coordinator):
    assert selectors.agency_get_for_user(secretary_vp, department.pk) == department
    assert selectors.agency_get_for_user(coordinator, department.pk) == department
    with pytest.raises(Http404):
        selectors.agency_get_for_user(secretary_vp, other_department.pk)
    with pytest.raises(Http404):
        selectors.agency_get_for_user(secretary_vp, "abc")
    with pytest.raises(PermissionDenied):
        selectors.agency_get_for_user(staff_user, department.pk)


def test_publication_visibility(published, department, secretary_vp, coordinator, outsider, staff_user, other_head):
    assert selectors.publication_get_for_user(coordinator, published.pk) == published
    for user in (outsider, staff_user, other_head):
        with pytest.raises(Http404):
            selectors.publication_get_for_user(user, published.pk)
    assert list(selectors.publication_list_for_agency(secretary_vp, department)) == [published]
    assert list(selectors.publication_list_for_agency(other_head, department)) == []


def test_group_by_field_sorts_fields_and_keeps_items():
    items = [
        {"code": "3", "field": "Hộ tịch"},
        {"code": "1", "field": "Chứng thực"},
        {"code": "2", "field": ""},
        {"code": "4", "field": "Chứng thực"},
        {"code": "5", "field": "CHỨNG THỰC"},
    ]
    assert [(f, [i["code"] for i in group]) for f, group in selectors.group_by_field(items)] == [
        ("Chứng thực", ["1", "4", "5"]),
        ("Hộ tịch", ["3"]),
        ("", ["2"]),
    ]


def test_field_label():
    assert selectors.field_label("GIÁM ĐỊNH TƯ PHÁP") == "Giám định tư pháp"
    assert selectors.field_label("  Lý lịch  tư pháp ") == "Lý lịch tư pháp"


def test_overview_counts_and_states(published, department, commune, province, coordinator, secretary_vp):
    counts = selectors.overview_counts_for_user(coordinator)
    assert (counts["published"], counts["republish"], counts["gap"]) == (1, 0, 0)
    assert counts["unpublished"] == counts["total"] - 1
    assert selectors.overview_counts_for_user(secretary_vp)["total"] == 1  # their own agency only
    assign(make_procedure(province, "1.009999", "Thủ tục mới"), department)
    assert selectors.overview_counts_for_user(coordinator)["republish"] == 1
    names = [a.name for a in selectors.overview_agencies_for_user(coordinator, state="republish")]
    assert names == ["Sở Tư pháp"]
    assert [a.name for a in selectors.overview_agencies_for_user(coordinator, q="ha long")] == ["UBND phường Hạ Long"]


def test_public_list_has_only_current_publications(published, department, secretary_vp, head):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    assert list(selectors.public_publication_list()) == [published]
    second = issue_now(draft, head, number="126")
    assert list(selectors.public_publication_list()) == [second]
    assert list(selectors.public_publication_list(q="tu phap")) == [second]
    assert list(selectors.public_publication_list(q="tai chinh")) == []
    with pytest.raises(Http404):
        selectors.public_publication_get(published.pk)
    assert [p.code for p in selectors.public_provinces()] == ["22"]


def test_wording_helpers(department, commune, dost, province):
    assert wording.expand("UBND phường Hạ Long") == "Ủy ban nhân dân phường Hạ Long"
    assert wording.place_of(commune, province) == "Hạ Long"
    assert wording.place_of(department, province) == "Quảng Ninh"
    assert wording.abbreviation(department) == "STP"
    assert wording.abbreviation(commune) == "UBND"
    assert wording.signer_block(department, "Phó Giám đốc Sở Tư pháp") == ("KT. GIÁM ĐỐC", "Phó Giám đốc")
    assert wording.signer_block(commune, "") == ("", "Chủ tịch")
    assert wording.notice_recipient_name(dost, province) == "Sở Khoa học và Công nghệ tỉnh Quảng Ninh"
    assert wording.notice_recipient_name(None, None) == "Sở Khoa học và Công nghệ"


def test_daily_command(published, department, province):
    assign(make_procedure(province, "1.009999", "Thủ tục mới"), department)
    out = StringIO()
    call_command("publication_check", stdout=out)
    assert "1 cơ quan cần công bố lại" in out.getvalue()
    assert Obligation.objects.filter(kind=ObligationKind.REPUBLICATION).count() == 1
    call_command("publication_check", stdout=StringIO())
    assert Obligation.objects.filter(kind=ObligationKind.REPUBLICATION).count() == 1


def test_a_process_without_steps_never_enters_the_scope_annex_nor_the_counts(full_scope, department, secretary_vp):
    """Item 6: a process with no steps (registered before the approval guard, or taken over) covers
    nothing published and is no "other activity": Điều 1 counts only complete processes."""
    from io import BytesIO

    import docx

    from qms.publication import word

    from .conftest import make_process

    before = services.publication_draft_create(actor=secretary_vp, agency=department)
    counts = (before.coverage_covered, len(before.activities))
    services.publication_draft_discard(actor=secretary_vp, publication=before)
    make_process(department, "QT 09", "Quy trình không có bước", [], steps=0)
    new = make_procedure(department.parent, "1.009999", "Thủ tục chỉ có quy trình rỗng")
    assign(new, department)
    make_process(department, "QT 10", "Quy trình rỗng của thủ tục", [new], steps=0)
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    assert (draft.coverage_covered, len(draft.activities)) == counts
    assert "QT 09" not in {a["process"] for a in draft.activities}
    shown = selectors.with_live_scope(draft)
    text = "\n".join(
        [p.text for p in docx.Document(BytesIO(word.render_decision(shown))).paragraphs]
        + [c.text for t in docx.Document(BytesIO(word.render_decision(shown))).tables for r in t.rows for c in r.cells]
    )
    assert "QT 09" not in text and "QT 10" not in text
    assert "1.009999" in text  # listed in the gap, not as covered
