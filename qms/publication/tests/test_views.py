"""Publication pages: who may see and do what; refused requests change nothing; the public page
shows only current publications and no internal data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.core.tests.pagekit import audited, login_redirect, unchanged
from qms.publication import services
from qms.publication.models import Publication, PublicationStatus

from .conftest import assign, make_procedure

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def live_published(full_scope, department, secretary_vp, head, dost):
    """Issued today (pages use the real date)."""
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    return services.publication_issue(
        actor=head,
        publication=draft,
        expected_version=draft.version,
        number="125",
        signed_on=_today(),
        notice_number="2150",
        notice_signed_on=_today(),
        signer_name="Nguyễn Văn Minh",
        signer_title="Giám đốc",
    )


@pytest.fixture
def draft(live_published, department, secretary_vp):
    return services.publication_draft_create(actor=secretary_vp, agency=department)


def _issue_post(version):
    day = _today().isoformat()
    return {
        "number": "300",
        "signed_on": day,
        "notice_number": "2200",
        "notice_signed_on": day,
        "signer_title": "Giám đốc",
        "signer_name": "Nguyễn Văn Minh",
        "version": version,
    }


def _posting_post(version):
    return {
        "posted_on": _today().isoformat(),
        "posted_place": "Bảng tin tại trụ sở",
        "website_url": "https://sotuphap.quangninh.gov.vn/iso",
        "website_posted_on": _today().isoformat(),
        "version": version,
    }


def _urls(department, published, draft):
    return [
        ("get", reverse("publication:agency", args=[department.pk]), {}),
        ("post", reverse("publication:draft_create", args=[department.pk]), {}),
        ("get", reverse("publication:detail", args=[published.pk]), {}),
        ("get", reverse("publication:detail", args=[draft.pk]), {}),
        ("get", reverse("publication:edit", args=[draft.pk]), {}),
        ("post", reverse("publication:edit", args=[draft.pk]), {"issuer": "X", "version": draft.version}),
        ("post", reverse("publication:discard", args=[draft.pk]), {}),
        ("get", reverse("publication:issue", args=[draft.pk]), {}),
        ("post", reverse("publication:issue", args=[draft.pk]), _issue_post(draft.version)),
        ("get", reverse("publication:posting", args=[published.pk]), {}),
        ("post", reverse("publication:posting", args=[published.pk]), _posting_post(published.version)),
        ("get", reverse("publication:decision_docx", args=[published.pk]), {}),
        ("get", reverse("publication:notice_docx", args=[published.pk]), {}),
        ("get", reverse("publication:decision_docx", args=[draft.pk]), {}),
    ]


# --- anonymous ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_except_the_public_register(client, department, live_published, draft):
    urls = [
        *_urls(department, live_published, draft),
        ("get", reverse("publication:home"), {}),
        ("get", reverse("publication:overview"), {}),
        ("post", reverse("publication:overview_check"), {}),
    ]
    for method, url, data in urls:
        with unchanged():
            response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"] == login_redirect(url), url
    assert client.get(reverse("publication:public_list")).status_code == 200
    assert client.get(reverse("publication:public_detail", args=[live_published.pk])).status_code == 200


# --- another agency, another province ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_head", "outsider"])
def test_other_organisations_get_404_and_nothing_changes(request, client, department, live_published, draft, who):
    client.force_login(request.getfixturevalue(who))
    for method, url, data in _urls(department, live_published, draft):
        with unchanged():
            response = getattr(client, method)(url, data)
        assert response.status_code == 404, url


# --- wrong role ---------------------------------------------------------------------------------------


def test_staff_is_refused_everything(client, department, live_published, draft, staff_user):
    client.force_login(staff_user)
    for method, url, data in _urls(department, live_published, draft):
        with unchanged():
            response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), url
    assert client.get(reverse("publication:agency", args=[department.pk])).status_code == 403
    assert client.get(reverse("publication:overview")).status_code == 403


def test_secretary_cannot_issue(client, draft, secretary_vp):
    client.force_login(secretary_vp)
    url = reverse("publication:issue", args=[draft.pk])
    with unchanged():
        assert client.get(url).status_code == 403
        assert client.post(url, _issue_post(draft.version)).status_code == 403
    page = client.get(reverse("publication:detail", args=[draft.pk])).content.decode()
    assert url not in page
    assert reverse("publication:edit", args=[draft.pk]) in page


@pytest.mark.parametrize("who", ["coordinator", "inspector"])
def test_coordinator_and_inspector_follow_but_never_write(request, client, department, live_published, draft, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("publication:agency", args=[department.pk])).status_code == 200
    assert client.get(reverse("publication:detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("publication:decision_docx", args=[live_published.pk])).status_code == 200
    for method, url, data in _urls(department, live_published, draft):
        if method == "post" or "/sua/" in url or "/ban-hanh/" in url or "/niem-yet/" in url:
            with unchanged():
                response = getattr(client, method)(url, data)
            assert response.status_code == 403, url


# --- allowed ------------------------------------------------------------------------------------------


def test_secretary_drafts_edits_and_discards(client, live_published, department, secretary_vp):
    client.force_login(secretary_vp)
    page = client.get(reverse("publication:agency", args=[department.pk])).content.decode()
    assert "Soạn quyết định công bố lại" in page
    with audited("publication.draft"):
        response = client.post(reverse("publication:draft_create", args=[department.pk]))
    draft = Publication.objects.get(status=PublicationStatus.DRAFT)
    assert response["Location"] == reverse("publication:edit", args=[draft.pk])
    form = client.get(response["Location"]).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"activities": "Kiểm soát tài liệu | QT-01\n | QT-02", "version": draft.version})
    with unchanged():
        page = client.post(response["Location"], data).content.decode()
    assert "Dòng 2: thiếu tên hoạt động" in page
    data["activities"] = "Kiểm soát tài liệu | QT-01"
    with audited("publication.update"):
        saved = client.post(response["Location"], data)
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.activities == [{"name": "Kiểm soát tài liệu", "process": "QT-01"}]
    with audited("publication.discard"):
        client.post(reverse("publication:discard", args=[draft.pk]))
    assert not Publication.objects.filter(status=PublicationStatus.DRAFT).exists()


def test_leader_issues_with_gap_acknowledgement(client, scope, department, secretary_vp, head, dost):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    client.force_login(head)
    url = reverse("publication:issue", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Tỷ lệ bao phủ chưa đạt 100%" in page
    assert 'name="acknowledge_gap"' in page
    with unchanged():
        page = client.post(url, _issue_post(draft.version)).content.decode()
    assert "chưa đạt 100%" in page
    with audited("publication.issue"):
        response = client.post(url, {**_issue_post(draft.version), "acknowledge_gap": "on"})
    assert response["Location"] == reverse("publication:detail", args=[draft.pk])
    issued = Publication.objects.get(pk=draft.pk)
    assert issued.status == PublicationStatus.ISSUED and issued.gap_acknowledged
    detail = client.get(response["Location"]).content.decode()
    assert "TTHC chưa có quy trình (chưa thuộc phạm vi công bố)" in detail
    download = client.get(reverse("publication:decision_docx", args=[issued.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_leader_without_gap_sees_no_acknowledgement(client, full_scope, department, secretary_vp, head, dost):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    client.force_login(head)
    page = client.get(reverse("publication:issue", args=[draft.pk])).content.decode()
    assert 'name="acknowledge_gap"' not in page
    assert "data-confirm" in page


def test_secretary_records_posting(client, live_published, secretary_vp):
    client.force_login(secretary_vp)
    url = reverse("publication:posting", args=[live_published.pk])
    with unchanged():
        page = client.post(url, {**_posting_post(live_published.version), "website_url": "khong-phai-url"})
    assert "Đường dẫn không hợp lệ" in page.content.decode()
    with audited("publication.posting"):
        assert client.post(url, _posting_post(live_published.version)).status_code == 302


def test_drift_panel_on_the_agency_page(client, live_published, department, province, secretary_vp):
    assign(make_procedure(province, "1.009999", "Thủ tục được giao thêm"), department)
    client.force_login(secretary_vp)
    page = client.get(reverse("publication:agency", args=[department.pk])).content.decode()
    assert "Cần công bố lại" in page
    assert "1.009999" in page and "Thủ tục được giao thêm" in page


def test_home_redirects_by_role(client, department, secretary_vp, coordinator):
    client.force_login(secretary_vp)
    assert client.get(reverse("publication:home"))["Location"] == reverse("publication:agency", args=[department.pk])
    client.force_login(coordinator)
    assert client.get(reverse("publication:home"))["Location"] == reverse("publication:overview")


# --- the coordinator's overview -------------------------------------------------------------------------


def test_overview_lists_agencies_with_state_and_filters(
    client, live_published, department, commune, province, coordinator
):
    client.force_login(coordinator)
    response = client.get(reverse("publication:overview"))
    rows = {row.agency.name: row for row in response.context["rows"]}
    assert rows["Sở Tư pháp"].publication == live_published
    assert rows["UBND phường Hạ Long"].publication is None
    counts = response.context["counts"]
    assert (counts["published"], counts["republish"]) == (1, 0)
    assert counts["unpublished"] == counts["total"] - 1
    names = [
        r.agency.name for r in client.get(reverse("publication:overview"), {"state": "unpublished"}).context["rows"]
    ]
    assert "Sở Tư pháp" not in names and "UBND phường Hạ Long" in names
    # A new assignment shows at once (the counts moved) and after the check in the filter.
    assign(make_procedure(province, "1.009999", "Thủ tục được giao thêm"), department)
    rows = {row.agency.name: row for row in client.get(reverse("publication:overview")).context["rows"]}
    assert rows["Sở Tư pháp"].needs_republication
    with audited("obligation.open_many", "publication.check"):
        client.post(reverse("publication:overview_check"))
    filtered = client.get(reverse("publication:overview"), {"state": "republish"}).context["rows"]
    assert [r.agency.name for r in filtered] == ["Sở Tư pháp"]
    assert filtered[0].drift_counts["added"] == 1


def test_overview_query_count_does_not_grow_with_agencies(
    client, live_published, province, coordinator, django_assert_max_num_queries
):
    from qms.core.tests.factories import make_org

    for n in range(30):
        make_org("commune", province, name=f"UBND xã Thử {n:02d}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("publication:overview"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 25
    with django_assert_max_num_queries(12):
        assert client.get(reverse("publication:overview"), {"page": 2}).status_code == 200


def test_agency_and_detail_pages_query_counts(
    client, live_published, department, secretary_vp, django_assert_max_num_queries
):
    client.force_login(secretary_vp)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("publication:agency", args=[department.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("publication:detail", args=[live_published.pk])).status_code == 200


# --- the public register --------------------------------------------------------------------------------


def test_public_register_shows_current_publications_only_and_no_internals(client, live_published, draft, department):
    services.publication_record_posting(
        actor=None,
        publication=live_published,
        expected_version=None,
        posted_on=_today(),
        posted_place="Bảng tin",
        website_url="https://sotuphap.quangninh.gov.vn/iso",
        website_posted_on=_today(),
    )
    page = client.get(reverse("publication:public_list")).content.decode()
    assert "Sở Tư pháp" in page and "125/QĐ-STP" in page
    assert "https://sotuphap.quangninh.gov.vn/iso" in page
    detail = client.get(reverse("publication:public_detail", args=[live_published.pk])).content.decode()
    assert "1.001234" in detail and "QT 01/LLTP" in detail
    for internal in (
        "Chánh Văn phòng",
        "2150/STP-VP",
        "Dự thảo",
        "Lịch sử thay đổi",
        "quyet-dinh.docx",
        "Phạm Thị Lan",
    ):
        assert internal not in detail, internal
    assert client.get(reverse("publication:public_detail", args=[draft.pk])).status_code == 404


def test_public_register_hides_superseded_decisions(client, live_published, draft, head):
    second = services.publication_issue(
        actor=head,
        publication=draft,
        expected_version=draft.version,
        number="300",
        signed_on=_today(),
        notice_number="2200",
        notice_signed_on=_today(),
        signer_name="Nguyễn Văn Minh",
        signer_title="Giám đốc",
    )
    assert client.get(reverse("publication:public_detail", args=[live_published.pk])).status_code == 404
    assert client.get(reverse("publication:public_detail", args=[second.pk])).status_code == 200
    page = client.get(reverse("publication:public_list")).content.decode()
    assert "300/QĐ-STP" in page and "125/QĐ-STP" not in page


def test_public_list_query_count(client, live_published, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(reverse("publication:public_list")).status_code == 200
