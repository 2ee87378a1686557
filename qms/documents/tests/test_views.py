"""Document pages: who may see and do what, and that refused requests change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.core.tests.pagekit import audited, login_redirect, unchanged
from qms.documents import services
from qms.documents.models import Distribution, Document, DocumentRevision, RevisionStatus

from .conftest import issue

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def live(draft, secretary, head, unit, reader):
    """An effective document issued today (the pages use the real date)."""
    draft.distribute_to_units.add(unit)
    issue(draft, secretary=secretary, head=head, effective_from=_today(), today=_today())
    draft.refresh_from_db()
    return draft


@pytest.fixture
def second_draft(live, secretary):
    revision = services.revision_start(actor=secretary, document=live, change_summary="Sửa bước 2")
    return revision


def _urls(document, revision, copy=None):
    urls = [
        ("get", reverse("documents:detail", args=[document.pk])),
        ("get", reverse("documents:edit", args=[document.pk])),
        ("post", reverse("documents:edit", args=[document.pk])),
        ("get", reverse("documents:withdraw", args=[document.pk])),
        ("post", reverse("documents:withdraw", args=[document.pk])),
        ("post", reverse("documents:revision_start", args=[document.pk])),
        ("get", reverse("documents:legal_bases", args=[document.pk])),
        ("post", reverse("documents:legal_bases", args=[document.pk])),
        ("get", reverse("documents:revision_detail", args=[revision.pk])),
        ("get", reverse("documents:revision_edit", args=[revision.pk])),
        ("post", reverse("documents:revision_edit", args=[revision.pk])),
        ("post", reverse("documents:revision_submit", args=[revision.pk])),
        ("post", reverse("documents:revision_decide", args=[revision.pk])),
        ("post", reverse("documents:revision_approve", args=[revision.pk])),
        ("post", reverse("documents:revision_discard", args=[revision.pk])),
        ("get", reverse("documents:diff", args=[document.pk])),
        ("get", reverse("documents:change_request_create", args=[document.pk])),
        ("post", reverse("documents:change_request_create", args=[document.pk])),
        ("get", reverse("documents:periodic_review", args=[document.pk])),
    ]
    if copy is not None:
        urls.append(("post", reverse("documents:acknowledge", args=[copy.pk])))
    return urls


# --- anonymous -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_everywhere(client, live, second_draft, reader):
    copy = Distribution.objects.get(user=reader)
    urls = [
        *_urls(live, second_draft, copy),
        ("get", reverse("documents:list")),
        ("get", reverse("documents:create")),
        ("get", reverse("documents:mine")),
        ("get", reverse("documents:review_due")),
        ("get", reverse("documents:unacknowledged")),
        ("get", reverse("documents:change_request_list")),
    ]
    for method, url in urls:
        with unchanged():
            response = getattr(client, method)(url, {"action": "pass", "reason": "x"} if method == "post" else {})
        assert response.status_code == 302, url
        assert response["Location"] == login_redirect(url), url


# --- another agency ------------------------------------------------------------------------------


def test_another_agency_gets_404_and_nothing_changes(client, live, second_draft, reader, other_secretary):
    client.force_login(other_secretary)
    copy = Distribution.objects.get(user=reader)
    for method, url in _urls(live, second_draft, copy):
        with unchanged():
            response = getattr(client, method)(
                url, {"action": "pass", "comment": "x", "reason": "x", "proposal": "y", "effective_from": _today()}
            )
        assert response.status_code == 404, url
    response = client.get(reverse("documents:list"))
    assert live.code not in response.content.decode()


# --- readers -------------------------------------------------------------------------------------


def test_reader_sees_effective_documents_only(client, live, second_draft, reader, department, secretary):
    hidden = services.document_create(
        actor=secretary, organisation=department, code="BM.09", title="Biểu mẫu đang soạn", kind="form"
    )
    client.force_login(reader)
    page = client.get(reverse("documents:list")).content.decode()
    assert live.title in page
    assert hidden.title not in page
    assert client.get(reverse("documents:detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("documents:revision_detail", args=[second_draft.pk])).status_code == 404
    assert client.get(reverse("documents:revision_detail", args=[live.current_revision_id])).status_code == 200


def test_reader_never_sees_a_superseded_revision(client, live, second_draft, secretary, head, reader):
    services.revision_update(
        actor=secretary,
        revision=second_draft,
        expected_version=second_draft.version,
        content="Nội dung mới",
        change_summary="Sửa bước 2",
    )
    issue(live, secretary=secretary, head=head, effective_from=_today(), today=_today())
    first = live.revisions.get(number=1)
    assert first.status == RevisionStatus.SUPERSEDED
    client.force_login(reader)
    assert client.get(reverse("documents:revision_detail", args=[first.pk])).status_code == 404
    history = client.get(reverse("documents:detail", args=[live.pk]) + "?tab=lich-su").content.decode()
    assert "Lần ban hành 1" not in history
    assert "Lần ban hành 2" in history


def test_reader_cannot_manage_or_approve(client, live, second_draft, reader):
    client.force_login(reader)
    refused = [
        ("get", reverse("documents:create")),
        ("post", reverse("documents:create")),
        ("get", reverse("documents:edit", args=[live.pk])),
        ("post", reverse("documents:withdraw", args=[live.pk])),
        ("post", reverse("documents:revision_start", args=[live.pk])),
        ("post", reverse("documents:legal_bases", args=[live.pk])),
        ("get", reverse("documents:unacknowledged")),
    ]
    for method, url in refused:
        with unchanged():
            response = getattr(client, method)(url, {"reason": "x", "lines": ""})
        assert response.status_code in (403, 404), url


def test_reader_acknowledges_from_the_document_page(client, live, reader):
    client.force_login(reader)
    copy = Distribution.objects.get(user=reader)
    page = client.get(reverse("documents:detail", args=[live.pk])).content.decode()
    assert "Tôi đã đọc và hiểu" in page
    with audited("distribution.acknowledge"):
        response = client.post(reverse("documents:acknowledge", args=[copy.pk]))
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.acknowledged_at is not None


def test_someone_elses_copy_is_404(client, live, reader, secretary):
    copy = Distribution.objects.get(user=reader)
    client.force_login(secretary)
    with unchanged():
        assert client.post(reverse("documents:acknowledge", args=[copy.pk])).status_code == 404


def test_reader_raises_a_change_request(client, live, reader):
    client.force_login(reader)
    with audited("change_request.raise"):
        response = client.post(
            reverse("documents:change_request_create", args=[live.pk]),
            {"location": "Bước 2", "reason": "Thời hạn không đúng", "proposal": "Sửa thành 1 ngày"},
        )
    assert response.status_code == 302
    assert live.change_requests.get().raised_by == reader


# --- the QMS team --------------------------------------------------------------------------------


def test_secretary_creates_a_document(client, secretary, department, unit):
    client.force_login(secretary)
    assert client.get(reverse("documents:create")).status_code == 200
    with audited("document.create"):
        response = client.post(
            reverse("documents:create"),
            {
                "organisation": department.pk,
                "code": "QT 05/STP",
                "title": "Quy trình chứng thực bản sao từ bản chính",
                "kind": "process",
                "review_interval_months": 12,
                "distribute_to_units": [unit.pk],
                "content": "1. MỤC ĐÍCH",
            },
        )
    document = Document.objects.get(code="QT 05/STP")
    assert response["Location"] == reverse("documents:detail", args=[document.pk])
    assert list(document.distribute_to_units.all()) == [unit]


def test_duplicate_code_is_shown_beside_the_field(client, secretary, department, draft):
    client.force_login(secretary)
    with unchanged():
        response = client.post(
            reverse("documents:create"),
            {
                "organisation": department.pk,
                "code": draft.code,
                "title": "Khác",
                "kind": "process",
                "review_interval_months": 12,
            },
        )
    assert response.status_code == 200
    assert "đã được dùng" in response.context["form"].errors["code"][0]


def test_stale_draft_save_is_refused_with_a_message(client, secretary, draft):
    revision = draft.revisions.get()
    client.force_login(secretary)
    url = reverse("documents:revision_edit", args=[revision.pk])
    client.post(url, {"content": "Bản thứ nhất", "change_summary": "", "version": revision.version})
    with unchanged():
        response = client.post(url, {"content": "Bản thứ hai", "change_summary": "", "version": revision.version})
    assert response.status_code == 200
    assert "đã được người khác sửa" in response.content.decode()
    assert DocumentRevision.objects.get(pk=revision.pk).content == "Bản thứ nhất"


def test_the_whole_flow_through_the_pages(client, secretary, head, draft):
    revision = draft.revisions.get()
    client.force_login(secretary)
    client.post(reverse("documents:revision_submit", args=[revision.pk]), {"reviewer": head.pk, "comment": ""})
    client.force_login(head)
    client.post(reverse("documents:revision_decide", args=[revision.pk]), {"action": "pass", "comment": "Đạt"})
    response = client.post(
        reverse("documents:revision_approve", args=[revision.pk]),
        {"approve-effective_from": _today().isoformat(), "approve-comment": ""},
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.EFFECTIVE


def test_secretary_cannot_approve_through_the_page(client, secretary, head, draft):
    revision = draft.revisions.get()
    services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    services.revision_pass(actor=head, revision=revision)
    client.force_login(secretary)
    with unchanged():
        response = client.post(
            reverse("documents:revision_approve", args=[revision.pk]), {"approve-effective_from": _today().isoformat()}
        )
    assert response.status_code == 403


def test_coordinator_reads_the_subtree_but_cannot_edit(client, coordinator, live, draft):
    client.force_login(coordinator)
    assert client.get(reverse("documents:detail", args=[live.pk])).status_code == 200
    with unchanged():
        assert client.post(reverse("documents:withdraw", args=[live.pk]), {"reason": "x"}).status_code == 403


def test_diff_page_shows_added_and_removed_lines(client, live, second_draft, secretary):
    services.revision_update(
        actor=secretary,
        revision=second_draft,
        expected_version=second_draft.version,
        content="1. Mục đích\nQuy định trình tự cấp phiếu lý lịch tư pháp số 1 và số 2.\n2. Phạm vi\nÁp dụng tại Sở Tư pháp.",
        change_summary="Sửa mục đích",
    )
    client.force_login(secretary)
    page = client.get(reverse("documents:diff", args=[live.pk])).content.decode()
    assert "qms-added" in page and "qms-removed" in page
    assert "số 1 và số 2" in page


# --- lists and query counts ----------------------------------------------------------------------


def _make_documents(department, secretary, count, start=0):
    for i in range(start, start + count):
        services.document_create(
            actor=secretary, organisation=department, code=f"BM.{i:02d}", title=f"Biểu mẫu số {i}", kind="form"
        )


def test_list_query_count_does_not_grow_with_documents(client, secretary, department, django_assert_num_queries):
    _make_documents(department, secretary, 3)
    client.force_login(secretary)
    client.get(reverse("documents:list"))  # warm the session and workspace
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("documents:list")).status_code == 200
    _make_documents(department, secretary, 12, start=3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("documents:list")).status_code == 200
    assert len(large) == len(small)


def test_legal_bases_are_read_from_the_register_and_unknown_numbers_named(client, secretary, draft, department):
    from qms.legal.models import LegalCitation
    from qms.legal.services import legal_text_create

    legal_text_create(
        actor=None,
        kind="decree",
        number="61/2018/NĐ-CP",
        issuer="Chính phủ",
        title="về thực hiện cơ chế một cửa, một cửa liên thông",
        signed_on=dt.date(2018, 4, 23),
        effective_on=dt.date(2018, 6, 21),
        expires_on=None,
        url="",
    )
    client.force_login(secretary)
    url = reverse("documents:legal_bases", args=[draft.pk])
    with unchanged():
        response = client.post(url, {"lines": "61/2018/NĐ-CP\n99/2099/NĐ-CP | Điều 1"})
    assert "Dòng 2" in response.content.decode() and "99/2099/NĐ-CP" in response.content.decode()
    response = client.post(url, {"lines": "61/2018/nđ-cp | Điều 5"})
    assert response.status_code == 302
    [citation] = LegalCitation.objects.filter(target_id=draft.pk)
    assert (citation.legal_text.number, citation.provision) == ("61/2018/NĐ-CP", "Điều 5")
