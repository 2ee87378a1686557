"""The document register: revisions in review shown and filtered, and the province-wide list
naming each document's agency (codes repeat from one agency to the next) with a filter by agency."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.core.tests.factories import UserFactory, grant
from qms.documents import services

from .conftest import TODAY, issue

pytestmark = pytest.mark.django_db

LIST = reverse("documents:list")


def _document(organisation, secretary, code, title, *, content="Nội dung."):
    return services.document_create(
        actor=secretary, organisation=organisation, code=code, title=title, kind="guidance", content=content
    )


def _in_review(document, *, secretary, head):
    """Issue ``document``, then open and submit its second revision."""
    issue(document, secretary=secretary, head=head, effective_from=TODAY, today=TODAY)
    revision = services.revision_start(actor=secretary, document=document, change_summary="Sửa bước 2")
    services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    return revision


@pytest.fixture
def register(department, secretary, head):
    """Sở Tư pháp: one effective document with revision 2 in review, one with revision 2 reviewed
    (waiting for approval), one effective and one draft."""
    in_review = _document(department, secretary, "QT 01", "Quy trình tiếp nhận hồ sơ")
    _in_review(in_review, secretary=secretary, head=head)
    reviewed = _document(department, secretary, "QT 02", "Quy trình trả kết quả")
    revision = _in_review(reviewed, secretary=secretary, head=head)
    services.revision_pass(actor=head, revision=revision, comment="Đạt")
    effective = _document(department, secretary, "QT 03", "Quy trình lưu trữ")
    issue(effective, secretary=secretary, head=head, effective_from=TODAY, today=TODAY)
    draft = _document(department, secretary, "QT 04", "Quy trình mới soạn")
    return {"in_review": in_review, "reviewed": reviewed, "effective": effective, "draft": draft}


def _rows(response):
    return [doc.code for doc in response.context["page_obj"].object_list]


def test_the_list_says_which_revision_is_in_review_beside_the_effective_one(client, register, secretary):
    client.force_login(secretary)
    page = client.get(LIST).content.decode()
    assert "Lần 02 đang xem xét" in page
    assert "Lần 02 chờ phê duyệt" in page
    rows = {doc.code: doc for doc in client.get(LIST).context["page_obj"].object_list}
    assert (rows["QT 01"].current_revision.number, rows["QT 01"].review_number) == (1, 2)
    assert rows["QT 03"].review_number is None and rows["QT 04"].review_number is None


def test_the_list_filters_documents_in_review_or_awaiting_approval(client, register, secretary):
    client.force_login(secretary)
    response = client.get(LIST, {"status": "in_review"})
    assert _rows(response) == ["QT 01", "QT 02"]
    assert 'value="in_review" selected' in response.content.decode()


def test_readers_see_neither_the_revision_in_review_nor_the_filter(client, register, staff_user):
    client.force_login(staff_user)
    response = client.get(LIST)
    page = response.content.decode()
    assert _rows(response) == ["QT 01", "QT 02", "QT 03"]
    assert "đang xem xét" not in page and "chờ phê duyệt" not in page and 'value="in_review"' not in page
    assert _rows(client.get(LIST, {"status": "in_review"})) == []


@pytest.fixture
def two_agencies(department, secretary, head, other_department, other_secretary):
    """The same code "CSCL" in Sở Tư pháp and in Sở Tài chính."""
    ours = _document(department, secretary, "CSCL", "Chính sách chất lượng")
    other_head = UserFactory(full_name="Đinh Văn Hải")
    grant(other_head, other_department, "leader", position="Giám đốc Sở")
    theirs = _document(other_department, other_secretary, "CSCL", "Chính sách chất lượng")
    _in_review(theirs, secretary=other_secretary, head=other_head)
    return ours, theirs


def test_the_province_wide_list_names_each_agency_and_filters_by_agency(
    client, two_agencies, coordinator, department, other_department
):
    _ours, theirs = two_agencies
    client.force_login(coordinator)
    response = client.get(LIST)
    page = response.content.decode()
    assert "<th>Cơ quan</th>" in page
    assert "Sở Tư pháp" in page and "Sở Tài chính" in page
    assert f'<option value="{department.pk}"' in page and f'<option value="{other_department.pk}"' in page
    assert "Lần 02 đang xem xét" in page  # a coordinator supervises drafts too
    response = client.get(LIST, {"agency": other_department.pk})
    assert [d.pk for d in response.context["page_obj"].object_list] == [theirs.pk]
    assert f'<option value="{other_department.pk}" selected' in response.content.decode()
    # an agency the user does not see, or garbage, is ignored rather than an error
    assert len(client.get(LIST, {"agency": "abc"}).context["page_obj"].object_list) == 2


def test_an_agency_list_has_no_agency_column_nor_filter(client, two_agencies, secretary):
    client.force_login(secretary)
    page = client.get(LIST).content.decode()
    assert "<th>Cơ quan</th>" not in page and 'name="agency"' not in page
    assert "Sở Tài chính" not in page


def test_an_outsider_filtering_by_another_provinces_agency_sees_nothing(client, two_agencies, outsider, department):
    client.force_login(outsider)
    assert list(client.get(LIST, {"agency": department.pk}).context["page_obj"].object_list) == []


def test_province_wide_list_query_count_does_not_grow_with_agencies_and_revisions(
    client, province, coordinator, department, secretary, head, other_department, other_secretary
):
    from qms.core.tests.factories import make_org

    def add_agency(i):
        agency = make_org("department", province, name=f"Sở thử nghiệm {i}", code=f"22-S{i}")
        agency_secretary = UserFactory()
        grant(agency_secretary, agency, "iso_secretary")
        agency_head = UserFactory()
        grant(agency_head, agency, "leader")
        document = _document(agency, agency_secretary, "CSCL", "Chính sách chất lượng")
        _in_review(document, secretary=agency_secretary, head=agency_head)

    add_agency(1)
    client.force_login(coordinator)
    client.get(LIST)  # warm the session and workspace
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST).status_code == 200
    for i in range(2, 7):
        add_agency(i)
    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST)
    assert len(response.context["page_obj"].object_list) == 6
    assert len(large) == len(small)
