"""The obligation pages asked by anonymous callers, another province, insufficient roles and the
allowed ones; on every denial nothing changes. The list's query count does not grow with rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qms.core.tests.factories import make_org
from qms.core.tests.pagekit import audited, fresh, login_redirect, unchanged
from qms.obligations import links

from .conftest import open_obligation


def url(name: str, obligation=None) -> str:
    return reverse(name, args=[obligation.pk]) if obligation is not None else reverse(name)


# --- anonymous -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name", "target"),
    [
        ("get", "obligations:list", None),
        ("get", "obligations:detail", "overdue"),
        ("post", "obligations:close", "overdue"),
    ],
)
def test_anonymous_is_sent_to_the_login_page(client, obligations, method, name, target):
    path = url(name, obligations[target] if target else None)

    with unchanged():
        response = getattr(client, method)(path, {"note": "Xong"} if method == "post" else {})

    assert response.status_code == 302
    assert response["Location"] == login_redirect(path)


# --- another province ------------------------------------------------------------------------------


def test_other_province_sees_only_its_own_in_the_list(client, obligations, outsider):
    client.force_login(outsider)

    response = client.get(url("obligations:list"), {"state": "all"})

    assert response.status_code == 200
    assert [o.key for o in response.context["page_obj"].object_list] == ["t:other"]


@pytest.mark.parametrize(("method", "name"), [("get", "obligations:detail"), ("post", "obligations:close")])
def test_other_province_gets_404_and_changes_nothing(client, obligations, outsider, method, name):
    client.force_login(outsider)

    with unchanged():
        response = getattr(client, method)(url(name, obligations["overdue"]), {"note": "Xong"})

    assert response.status_code == 404


def test_other_province_cannot_filter_on_our_agency(client, obligations, outsider, department):
    client.force_login(outsider)

    response = client.get(url("obligations:list"), {"state": "all", "organisation": department.pk})

    assert response.context["organisation"] is None
    assert [o.key for o in response.context["page_obj"].object_list] == ["t:other"]


# --- insufficient role -------------------------------------------------------------------------------


def test_staff_cannot_open_the_list(client, obligations, staff_user):
    client.force_login(staff_user)
    assert client.get(url("obligations:list")).status_code == 403


@pytest.mark.parametrize(("method", "name"), [("get", "obligations:detail"), ("post", "obligations:close")])
def test_staff_gets_404_for_an_obligation(client, obligations, staff_user, method, name):
    client.force_login(staff_user)

    with unchanged():
        response = getattr(client, method)(url(name, obligations["overdue"]), {"note": "Xong"})

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "inspector"])
def test_supervisors_see_but_cannot_close(client, request, obligations, who):
    client.force_login(request.getfixturevalue(who))
    obligation = obligations["overdue"]

    page = client.get(url("obligations:detail", obligation))
    with unchanged():
        response = client.post(url("obligations:close", obligation), {"note": "Xong"})

    assert page.status_code == 200
    assert page.context["can_close"] is False
    assert response.status_code == 403


def test_secretary_cannot_close_another_agencys_obligation(client, obligations, secretary):
    client.force_login(secretary)

    with unchanged():
        response = client.post(url("obligations:close", obligations["commune"]), {"note": "Xong"})

    assert response.status_code == 404


def test_close_only_by_post(client, obligations, secretary):
    client.force_login(secretary)
    with unchanged():
        assert client.get(url("obligations:close", obligations["overdue"])).status_code == 405


# --- allowed ---------------------------------------------------------------------------------------------


def test_list_for_the_secretary_shows_open_with_overdue_badges(client, obligations, secretary):
    client.force_login(secretary)

    response = client.get(url("obligations:list"))

    assert response.status_code == 200
    rows = list(response.context["page_obj"].object_list)
    assert [o.key for o in rows] == ["t:overdue", "t:later"]
    today = timezone.localdate()
    overdue = rows[0]
    assert overdue.days_overdue == max((today - dt.date(2026, 3, 1)).days, 0)
    body = response.content.decode()
    assert "Quá hạn" in body and "Đang mở" in body
    assert response.context["agencies"] == []  # one agency: no agency filter


def test_list_tabs_and_filters_for_the_coordinator(client, obligations, coordinator, commune):
    client.force_login(coordinator)

    def shown(**params):
        response = client.get(url("obligations:list"), params)
        assert response.status_code == 200
        return {o.key for o in response.context["page_obj"].object_list}

    assert shown(state="done") == {"t:done"}
    assert shown(state="all") == {"t:overdue", "t:later", "t:done", "t:commune"}
    assert shown(state="all", organisation=commune.pk) == {"t:commune"}
    assert shown(state="all", q="so tay") == {"t:later"}
    assert shown(state="bogus") == shown(state="open")
    response = client.get(url("obligations:list"))
    assert any(label == "— UBND phường Hạ Long" for _pk, label in response.context["agencies"])


def test_empty_list_shows_the_empty_state(client, db, secretary):
    client.force_login(secretary)

    response = client.get(url("obligations:list"), {"state": "overdue"})

    assert response.status_code == 200
    assert "Không có nghĩa vụ nào quá hạn" in response.content.decode()


def test_detail_links_subject_and_source_when_registered(client, obligations, secretary, department, subject):
    obligation = open_obligation(department, subject, key="linked", due_on=dt.date(2026, 9, 1), source=department)
    client.force_login(secretary)
    links.register("organisations.Organisation", "organisations:detail")
    try:
        response = client.get(url("obligations:detail", obligation))
    finally:
        links.unregister("organisations.Organisation")

    assert response.status_code == 200
    assert response.context["subject_url"] == reverse("organisations:detail", args=[subject.pk])
    assert response.context["source_url"] == reverse("organisations:detail", args=[department.pk])
    assert response.context["can_close"] is True


def test_secretary_closes_with_a_note(client, obligations, secretary):
    client.force_login(secretary)
    obligation = obligations["overdue"]

    with audited("obligation.close"):
        response = client.post(url("obligations:close", obligation), {"note": "Đã ban hành lần 3 quy trình"})

    assert response.status_code == 302
    assert response["Location"] == url("obligations:detail", obligation)
    stored = fresh(obligation)
    assert (stored.status, stored.done_note) == ("done", "Đã ban hành lần 3 quy trình")
    page = client.get(url("obligations:detail", obligation))
    assert "Hoàn thành nghĩa vụ" in page.content.decode()  # the history shows the close


def test_close_without_a_note_shows_the_error(client, obligations, leader):
    client.force_login(leader)

    with unchanged():
        response = client.post(url("obligations:close", obligations["overdue"]), {"note": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors["note"]


def test_closing_twice_shows_an_error(client, obligations, secretary):
    client.force_login(secretary)

    with unchanged():
        response = client.post(url("obligations:close", obligations["done"]), {"note": "Lần nữa"})

    assert response.status_code == 200
    assert "không còn ở trạng thái đang mở" in response.content.decode()


# --- query counts ----------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(province, n: int, start: int) -> None:
    for i in range(start, start + n):
        agency = make_org("department", province, name=f"Sở thử nghiệm {i:03d}", code=f"22-O{i:03d}")
        open_obligation(agency, agency, key=f"grow:{i}", due_on=dt.date(2026, 1, 1) + dt.timedelta(days=i))


def test_list_does_not_issue_a_query_per_row(client, obligations, coordinator, province, django_assert_max_num_queries):
    path = url("obligations:list") + "?state=all"
    client.force_login(coordinator)
    _grow(province, 3, 0)
    client.get(path)
    small = _queries(client, path)

    _grow(province, 30, 3)
    with django_assert_max_num_queries(small) as captured:
        response = client.get(path)

    assert len(response.context["page_obj"].object_list) == 25
    assert len(captured.captured_queries) <= 15
