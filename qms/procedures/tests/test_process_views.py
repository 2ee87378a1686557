"""Process pages: who may see and do what, that refused requests change nothing, the htmx
editors, and the number of queries of the process page and the list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qms.core.tests.factories import UserFactory, grant
from qms.core.tests.pagekit import audited, login_redirect, unchanged
from qms.documents import services as document_services
from qms.procedures import services_processes as services
from qms.procedures.models import ProcessContent, ProcessRecord, ProcessStep

from .test_process_kit import *  # noqa: F403
from .test_process_kit import add_steps, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(process, secretary, head, hctp, forms, procedures, unit):
    """QT 01/HCTP effective (revision 1, distributed to Văn phòng Sở) with revision 2 as a draft."""
    add_steps(process, secretary, hctp, forms)
    services.process_set_procedures(actor=secretary, content=process, expected_version=None, procedures=procedures[:3])
    services.process_record_add(
        actor=secretary,
        content=process,
        expected_version=None,
        name="Sổ theo dõi",
        keeper="Văn thư",
        retention="05 năm",
    )
    process.document.distribute_to_units.add(unit)
    issue(process.document, secretary=secretary, head=head)
    revision = document_services.revision_start(actor=secretary, document=process.document, change_summary="Sửa bước 3")
    return ProcessContent.objects.get(revision=revision)


@pytest.fixture
def auditor(department):
    user = UserFactory(full_name="Trịnh Văn Kiểm")
    grant(user, department, "auditor")
    return user


def _object_urls(draft):
    """(method, url, data) of every page about one process, on its draft revision 2."""
    document_id, rev = draft.document_id, draft.revision_id
    step = draft.steps.order_by("order").first()
    record = draft.records.first()
    step_data = {
        "title": "Tiếp nhận",
        "description": "Tiếp nhận hồ sơ",
        "responsible_role": "Một cửa",
        "duration": "1",
        "duration_unit": "hours",
        "version": draft.version,
    }
    return [
        ("get", reverse("procedures:process_detail", args=[document_id]) + "?lan=2", {}),
        ("get", reverse("procedures:process_word", args=[document_id]) + "?lan=2", {}),
        ("post", reverse("procedures:process_revision_start", args=[document_id]), {}),
        ("post", reverse("procedures:process_content_start", args=[rev]), {}),
        ("get", reverse("procedures:process_edit", args=[rev]), {}),
        ("post", reverse("procedures:process_edit", args=[rev]), {"purpose": "x", "version": draft.version}),
        ("get", reverse("procedures:process_steps", args=[rev]), {}),
        ("post", reverse("procedures:process_steps", args=[rev]), step_data),
        ("get", reverse("procedures:process_step_edit", args=[rev, step.pk]), {}),
        (
            "post",
            reverse("procedures:process_step_edit", args=[rev, step.pk]),
            {f"b{step.pk}-{k}": v for k, v in step_data.items()},
        ),
        ("post", reverse("procedures:process_step_delete", args=[rev, step.pk]), {"version": draft.version}),
        ("post", reverse("procedures:process_step_move", args=[rev, step.pk]), {"direction": "down"}),
        ("get", reverse("procedures:process_records", args=[rev]), {}),
        ("post", reverse("procedures:process_records", args=[rev]), {"name": "a", "keeper": "b", "retention": "c"}),
        ("get", reverse("procedures:process_record_edit", args=[rev, record.pk]), {}),
        ("post", reverse("procedures:process_record_edit", args=[rev, record.pk]), {f"h{record.pk}-name": "a"}),
        ("post", reverse("procedures:process_record_delete", args=[rev, record.pk]), {}),
        ("get", reverse("procedures:process_procedures", args=[rev]), {}),
        ("post", reverse("procedures:process_procedures", args=[rev]), {"procedures": []}),
    ]


# --- anonymous -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_everywhere(client, live):
    urls = [
        *_object_urls(live),
        ("get", reverse("procedures:process_list"), {}),
        ("get", reverse("procedures:process_create"), {}),
        ("post", reverse("procedures:process_create"), {"code": "QT 99", "title": "x"}),
    ]
    for method, url, data in urls:
        with unchanged():
            response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"] == login_redirect(url.split("?")[0]) or response["Location"] == login_redirect(url)


# --- another agency ------------------------------------------------------------------------------


def test_another_agency_gets_404_and_nothing_changes(client, live, other_secretary):
    client.force_login(other_secretary)
    for method, url, data in _object_urls(live):
        with unchanged():
            response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    effective = reverse("procedures:process_detail", args=[live.document_id])
    assert client.get(effective).status_code == 404
    page = client.get(reverse("procedures:process_list")).content.decode()
    assert "QT 01/HCTP" not in page


# --- wrong roles ---------------------------------------------------------------------------------


def test_staff_reads_the_effective_revision_only(client, live, reader):
    client.force_login(reader)
    effective = reverse("procedures:process_detail", args=[live.document_id])
    response = client.get(effective)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tra cứu, xác minh" in page
    assert "Lần 2" not in page  # no revision selector with the draft
    assert "điểm cần xem lại" not in page  # the QMS team's checks are not shown to readers
    assert "Ví dụ tính hạn trả kết quả" in page
    assert client.get(effective + "?lan=2").status_code == 404
    assert client.get(reverse("procedures:process_word", args=[live.document_id])).status_code == 200
    for method, url, data in _object_urls(live):
        if url.startswith(effective):
            continue
        with unchanged():
            response = getattr(client, method)(url, data)
        expected = 403 if "ban-hanh-lan-moi" in url else 404
        assert response.status_code == expected, url
    # the effective revision is visible, so its editors refuse with 403 rather than 404
    rev1 = live.document.current_revision_id
    for name in ("process_edit", "process_steps", "process_records", "process_procedures"):
        with unchanged():
            assert client.get(reverse(f"procedures:{name}", args=[rev1])).status_code == 403
    with unchanged():
        assert client.get(reverse("procedures:process_create")).status_code == 403


@pytest.mark.parametrize("who", ["auditor", "coordinator"])
def test_readers_of_drafts_may_not_edit(client, live, who, request):
    client.force_login(request.getfixturevalue(who))
    for method, url, data in _object_urls(live):
        with unchanged():
            response = getattr(client, method)(url, data)
        expected = 200 if method == "get" and ("/word/" in url or "lan=2" in url) else 403
        assert response.status_code == expected, url


# --- the QMS team --------------------------------------------------------------------------------


def test_secretary_sees_the_draft_with_its_checks(client, live, secretary):
    client.force_login(secretary)
    response = client.get(reverse("procedures:process_detail", args=[live.document_id]) + "?lan=2")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lần 2 — Dự thảo" in page
    assert "8,13 ngày làm việc" in page
    assert "Bước chưa có biểu mẫu" in page
    assert "1.003" in page and "Vượt 3,13 ngày" in page
    assert 'href="/tai-lieu/' in page  # forms link to their documents


def test_secretary_adds_a_step_with_htmx(client, live, secretary, hctp):
    client.force_login(secretary)
    url = reverse("procedures:process_steps", args=[live.revision_id])
    data = {
        "title": "Lưu hồ sơ",
        "description": "Lưu trữ hồ sơ đã giải quyết",
        "responsible_unit": hctp.pk,
        "duration": "0,5",
        "duration_unit": "hours",
        "version": live.version,
    }
    with audited("process.step_add"):
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="steps-editor">')
    assert "Đã thêm bước 7." in html and "Lưu hồ sơ" in html
    assert ProcessStep.objects.filter(content=live).count() == 7


def test_missing_responsible_party_is_shown_on_the_form(client, live, secretary):
    client.force_login(secretary)
    url = reverse("procedures:process_steps", args=[live.revision_id])
    data = {"description": "Lưu hồ sơ", "duration": "1", "duration_unit": "hours", "version": live.version}
    with unchanged():
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Bước 7 chưa có người/bộ phận thực hiện" in response.content.decode()


def test_stale_form_is_refused(client, live, secretary):
    client.force_login(secretary)
    url = reverse("procedures:process_edit", args=[live.revision_id])
    client.post(url, {"purpose": "Lần 1", "version": live.version})
    with unchanged():
        response = client.post(url, {"purpose": "Lần 2", "version": live.version})
    assert "đã được người khác sửa" in response.content.decode()


def test_delete_and_move_steps_without_javascript(client, live, secretary):
    client.force_login(secretary)
    steps = list(live.steps.order_by("order"))
    move = reverse("procedures:process_step_move", args=[live.revision_id, steps[0].pk])
    response = client.post(move, {"direction": "down", "version": live.version})
    assert response.status_code == 302
    assert list(ProcessStep.objects.filter(content=live).order_by("order").values_list("title", flat=True))[:2] == [
        "Chuyển hồ sơ",
        "Tiếp nhận",
    ]
    live.refresh_from_db()
    delete = reverse("procedures:process_step_delete", args=[live.revision_id, steps[0].pk])
    with audited("process.step_remove"):
        client.post(delete, {"version": live.version})
    assert ProcessStep.objects.filter(content=live).count() == 5


def test_records_editor(client, live, secretary):
    client.force_login(secretary)
    url = reverse("procedures:process_records", args=[live.revision_id])
    response = client.post(url, {"name": "", "keeper": "", "retention": "", "version": live.version})
    assert "Hồ sơ 2: hãy nhập tên hồ sơ." in response.content.decode()
    with audited("process.record_add"):
        client.post(url, {"name": "Phiếu", "keeper": "Một cửa", "retention": "12 tháng", "version": live.version})
    assert list(ProcessRecord.objects.filter(content=live).values_list("name", flat=True)) == ["Sổ theo dõi", "Phiếu"]


def test_procedures_picker_searches_and_saves(client, live, secretary, procedures):
    client.force_login(secretary)
    url = reverse("procedures:process_procedures", args=[live.revision_id])
    page = client.get(url + "?q=ho tich").content.decode()
    assert "2.001" in page and "1.001" in page  # the match, and the ones already chosen
    with audited("process.procedures"):
        client.post(url, {"procedures": [procedures[0].pk, procedures[3].pk], "version": live.version})
    assert sorted(live.procedures.values_list("code", flat=True)) == ["1.001", "2.001"]


def test_frozen_revision_editors_redirect_with_a_message(client, live, secretary):
    client.force_login(secretary)
    rev1 = live.document.current_revision_id
    response = client.get(reverse("procedures:process_steps", args=[rev1]), follow=True)
    assert "chỉ sửa được nội dung khi còn là dự thảo" in response.content.decode()


def test_create_a_process(client, secretary, department, hctp):
    client.force_login(secretary)
    data = {"organisation": hctp.pk, "code": "QT 05/HCTP", "title": "Quy trình chứng thực", "purpose": "Mục đích"}
    with audited("document.create", "process.create"):
        response = client.post(reverse("procedures:process_create"), data)
    content = ProcessContent.objects.get(document__code="QT 05/HCTP")
    assert response["Location"] == reverse("procedures:process_steps", args=[content.revision_id])
    assert content.document.organisation == hctp and content.purpose == "Mục đích"


def test_revision_start_from_the_process_page(client, live, secretary, head):
    client.force_login(secretary)
    url = reverse("procedures:process_revision_start", args=[live.document_id])
    response = client.post(url, follow=True)
    assert "chưa kết thúc" in response.content.decode()  # revision 2 is still open


# --- query counts --------------------------------------------------------------------------------


def test_process_page_queries(client, live, secretary, django_assert_max_num_queries):
    client.force_login(secretary)
    url = reverse("procedures:process_detail", args=[live.document_id]) + "?lan=2"
    client.get(url)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_process_list_queries(client, live, secretary, department, hctp, forms, django_assert_max_num_queries):
    for n in range(8):
        content = services.process_create(
            actor=secretary, organisation=department, code=f"QT {20 + n}", title=f"Quy trình {n}"
        )
        add_steps(content, secretary, hctp, forms)
    client.force_login(secretary)
    url = reverse("procedures:process_list")
    client.get(url)
    with django_assert_max_num_queries(13):
        response = client.get(url)
    page = response.content.decode()
    assert "QT 01/HCTP" in page and "QT 27" in page
    assert "Vượt thời hạn 1 TTHC" in page


def test_all_pages_open_for_the_secretary(client, live, secretary):
    client.force_login(secretary)
    for method, url, _data in _object_urls(live):
        if method == "get":
            assert client.get(url).status_code == 200, url
    assert client.get(reverse("procedures:process_list")).status_code == 200
    assert client.get(reverse("procedures:process_create")).status_code == 200
    for name in ("process_steps", "process_records"):
        url = reverse(f"procedures:{name}", args=[live.revision_id])
        assert client.get(url, HTTP_HX_REQUEST="true").content.decode().lstrip().startswith("<div id=")


def test_the_document_page_of_a_process_links_to_the_process_page(client, live, reader):
    client.force_login(reader)
    page = client.get(reverse("documents:detail", args=[live.document_id])).content.decode()
    assert reverse("procedures:process_detail", args=[live.document_id]) in page
    assert reverse("procedures:process_word", args=[live.document_id]) in page
