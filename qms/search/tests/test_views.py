"""The search page, asked by anonymous, another province, a member of staff and a coordinator."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.core import search
from qms.core.tests.pagekit import login_redirect, unchanged

pytestmark = pytest.mark.django_db

URL = "/tim-kiem/"


def doc(pk: int, org: Any, title: str, *, status: str = "effective", body: str = "", **fields: Any) -> None:
    search.upsert(
        "document",
        pk,
        title=title,
        body=body,
        scope_path=org.path,
        agency_id=org.agency_id or org.pk,
        status=status,
        kind="process",
        organisation_name=org.name,
        url=f"/tai-lieu/{pk}/",
        **fields,
    )


@pytest.fixture
def entries(department, dost, other_province) -> None:
    doc(1, department, "Quy trình tiếp nhận hồ sơ", body="Bước 1 <script>alert('x')</script>: tiếp nhận hồ sơ.")
    doc(2, department, "Quy trình mua sắm (dự thảo)", status="draft")
    doc(3, dost, "Quy trình của Sở KH&CN")
    doc(4, other_province, "Quy trình của Bắc Ninh")
    search.upsert(
        "legal",
        1,
        title="Quyết định áp dụng ISO",
        code="19/2014/QĐ-TTg",
        public=True,
        status="in_force",
        kind="decision",
    )


def page(client, user, **params: Any):
    client.force_login(user)
    return client.get(URL, params)


def test_the_url_name() -> None:
    assert reverse("search:results") == URL


def test_anonymous_is_sent_to_the_login_page(client, entries) -> None:
    with unchanged():
        response = client.get(URL, {"q": "quy trinh"})
    assert response.status_code == 302
    assert response["Location"] == login_redirect(f"{URL}?q=quy+trinh")


def test_empty_query_shows_a_prompt(client, entries, staff_user) -> None:
    response = page(client, staff_user)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhập từ khóa để tìm kiếm" in html
    assert "qms-search-results" not in html


def test_staff_find_their_effective_documents_with_highlights(client, entries, staff_user) -> None:
    client.force_login(staff_user)
    with unchanged():
        response = client.get(URL, {"q": "tiep nhan ho so"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tìm thấy 1 kết quả" in html
    assert '<a class="fw-semibold" href="/tai-lieu/1/">Quy trình <mark>tiếp</mark> <mark>nhận</mark>' in html
    assert "<mark>hồ</mark> <mark>sơ</mark>" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "Đang hiệu lực" in html and "Quy trình" in html and "Sở Tư pháp" in html


def test_staff_do_not_find_drafts_or_other_agencies(client, entries, staff_user) -> None:
    html = page(client, staff_user, q="quy trinh").content.decode()
    assert "tiếp nhận hồ sơ" in html
    assert "mua sắm" not in html and "KH&amp;CN" not in html and "Bắc Ninh" not in html


def test_the_qms_team_finds_drafts(client, entries, secretary) -> None:
    html = page(client, secretary, q="quy trinh mua").content.decode()
    assert "Chưa ban hành" in html and "/tai-lieu/2/" in html


def test_another_province_finds_only_its_own_and_the_legal_register(client, entries, outsider) -> None:
    html = page(client, outsider, q="quy trinh").content.decode()
    assert "/tai-lieu/4/" in html
    assert "/tai-lieu/1/" not in html and "/tai-lieu/3/" not in html
    html = page(client, outsider, q="QD 19").content.decode()
    assert "Quyết định áp dụng ISO" in html and "19/2014/QĐ-TTg" in html and "Văn bản pháp luật" in html


def test_a_coordinator_finds_the_subtree_and_may_filter_by_agency(client, entries, coordinator, dost) -> None:
    html = page(client, coordinator, q="quy trinh").content.decode()
    assert all(f"/tai-lieu/{pk}/" in html for pk in (1, 2, 3))
    assert "/tai-lieu/4/" not in html
    assert 'name="agency"' in html
    html = page(client, coordinator, q="quy trinh", agency=dost.pk).content.decode()
    assert "/tai-lieu/3/" in html and "/tai-lieu/1/" not in html


def test_no_agency_filter_for_a_single_agency(client, entries, staff_user) -> None:
    assert 'name="agency"' not in page(client, staff_user, q="quy trinh").content.decode()


def test_nothing_found_gives_advice(client, entries, staff_user) -> None:
    html = page(client, staff_user, q="không tồn tại").content.decode()
    assert "Không tìm thấy kết quả phù hợp" in html and "có thể gõ không dấu" in html
    html = page(client, staff_user, q="...").content.decode()
    assert "Không tìm thấy kết quả phù hợp" in html


def test_invalid_filters_are_ignored(client, entries, coordinator) -> None:
    response = page(
        client, coordinator, q="quy trinh", kind="zzz", status="?", agency="abc", page="x", **{"from": "31/02"}
    )
    assert response.status_code == 200
    assert "/tai-lieu/1/" in response.content.decode()


def test_filters_on_the_page(client, entries, coordinator) -> None:
    html = page(client, coordinator, q="quy trinh", status="draft").content.decode()
    assert "/tai-lieu/2/" in html and "/tai-lieu/1/" not in html
    html = page(client, coordinator, q="quy", source="legal").content.decode()
    assert "<mark>Quyết</mark> định áp dụng ISO" in html
    assert not any(f"/tai-lieu/{pk}/" in html for pk in (1, 2, 3, 4))


def test_pagination(client, department, staff_user) -> None:
    for i in range(1, 26):
        doc(i, department, f"Quy trình số {i}")
    html = page(client, staff_user, q="quy trinh").content.decode()
    assert "Tìm thấy 25 kết quả" in html and html.count("list-group-item py-3") == 20
    assert "?q=quy+trinh&amp;page=2" in html
    html = page(client, staff_user, q="quy trinh", page=2).content.decode()
    assert html.count("list-group-item py-3") == 5 and 'start="21"' in html
    html = page(client, staff_user, q="quy trinh", page=99).content.decode()  # past the end: the last page
    assert html.count("list-group-item py-3") == 5


def _queries(client, user, **params: Any) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_results(client, department, coordinator) -> None:
    doc(1, department, "Quy trình số 1", body="quy trình " * 50)
    _queries(client, coordinator, q="khởi động")  # PostgreSQL reads its statistics once per process
    one = _queries(client, coordinator, q="quy trinh")
    for i in range(2, 31):
        doc(i, department, f"Quy trình số {i}", body="quy trình " * 50)
    many = _queries(client, coordinator, q="quy trinh")
    assert one == many
    # session, user, grants, agency choices, ranked ids, rows of the page, workspace memberships
    assert many <= 7, many
