"""The home page and the sidebar: the administrator's home offers the administration tasks; the
sidebar links change requests and unread copies for the roles that use them; the number of
agencies on the home page is the one on the publication overview."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from qms.organisations.models import Organisation
from qms.people.demo import load_demo
from qms.people.models import User

NOT_ASSIGNED = "Bạn chưa được phân công vào cơ quan nào"
ADMIN_TASKS = [
    "organisations:list",
    "organisations:tree",
    "people:user_list",
    "people:user_create",
    "procedures:import",
    "legal:import",
    "procedures:calendar_import",
    "assessments:rubric_import",
    "organisations:audit_log",
    "assessments:rubric_list",
    "procedures:calendar",
    "admin:index",
]


def _nav_urls(response) -> list[str]:
    return [item.url for item in response.context["workspace"].nav]


# --- the administrator's home ------------------------------------------------------------------


def test_the_administrator_without_a_membership_gets_the_administration_tasks(client, superadmin, province):
    client.force_login(superadmin)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    body = response.content.decode()
    assert NOT_ASSIGNED not in body
    assert "Chưa được phân công vào cơ quan nào" not in body  # nor in the top bar or the sidebar
    assert "Công việc quản trị" in body
    assert "Quản trị hệ thống" in body
    for name in ADMIN_TASKS:
        assert f'href="{reverse(name)}"' in body, name
    assert response.context["admin"]["roots"] == 1


@pytest.mark.parametrize("name", ADMIN_TASKS)
def test_every_administration_task_opens_for_the_administrator(client, superadmin, province, name):
    client.force_login(superadmin)

    response = client.get(reverse(name))

    assert response.status_code == 200, name


def test_the_administrator_home_counts_the_agencies_and_the_accounts_without_a_role(
    client, superadmin, coordinator, staff_user, dost, commune, unit
):
    from qms.core.tests.factories import UserFactory

    UserFactory(full_name="Chưa có vai trò")
    client.force_login(superadmin)

    admin = client.get(reverse("home")).context["admin"]

    assert admin["agencies"] == 3  # Sở KH&CN, Sở Tư pháp, UBND phường Hạ Long: not the province, not units
    assert admin["users"] == 4
    assert admin["users_without_role"] == 1


def test_someone_without_a_role_still_reads_that_they_are_not_assigned(client, db):
    from qms.core.tests.factories import UserFactory

    client.force_login(UserFactory(full_name="Người mới"))

    body = client.get(reverse("home")).content.decode()

    assert NOT_ASSIGNED in body
    assert "Công việc quản trị" not in body


# --- the sidebar -------------------------------------------------------------------------------


def test_staff_find_change_requests_but_not_the_unread_copies(client, staff_user):
    client.force_login(staff_user)

    urls = _nav_urls(client.get(reverse("home")))

    assert reverse("documents:change_request_list") in urls
    assert reverse("documents:unacknowledged") not in urls


@pytest.mark.parametrize("viewer", ["secretary", "coordinator", "superadmin"])
def test_the_qms_team_and_the_coordinator_find_both(client, request, viewer):
    client.force_login(request.getfixturevalue(viewer))

    response = client.get(reverse("home"))

    urls = _nav_urls(response)
    assert reverse("documents:change_request_list") in urls
    assert reverse("documents:unacknowledged") in urls
    body = response.content.decode()
    assert "Yêu cầu sửa đổi" in body and "Bản chưa xác nhận đọc" in body


@pytest.mark.parametrize("viewer", ["secretary", "coordinator", "staff_user"])
def test_the_linked_pages_open_for_whoever_sees_the_link(client, request, viewer):
    client.force_login(request.getfixturevalue(viewer))

    for url in _nav_urls(client.get(reverse("home"))):
        if url.startswith("/tai-lieu/"):
            assert client.get(url).status_code == 200, url


def test_the_link_of_the_current_page_is_marked_active(client, secretary):
    client.force_login(secretary)

    nav = client.get(reverse("documents:unacknowledged")).context["workspace"].nav

    assert [item.url for item in nav if item.active] == [reverse("documents:unacknowledged")]


# --- one count of the agencies ------------------------------------------------------------------


def _home_figure(body: str) -> int:
    match = re.search(r"Cơ quan, đơn vị đang hoạt động</div><div class=\"stat-value\">(\d+)<", body)
    assert match, "the home page shows the number of agencies"
    return int(match.group(1))


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("username", ["sokhcn.dieuphoi", "sokhcn.kiemtra"])
def test_home_and_publication_overview_count_the_same_agencies_in_the_demo(client, username):
    load_demo()  # the demo province: UBND tỉnh, 12 departments, 4 sub-departments, 54 communes, districts of the past
    client.force_login(User.objects.get(username=username))

    home = client.get(reverse("home"))
    overview = client.get(reverse("publication:overview"))

    assert home.status_code == overview.status_code == 200
    on_home = home.context["summary"]["agencies"]
    assert on_home == _home_figure(home.content.decode())
    assert on_home == overview.context["counts"]["total"] == overview.context["page_obj"].paginator.count
    assert on_home == 12 + 4 + 54
    province = Organisation.objects.get(code="22")
    assert province.pk not in {row.agency.pk for row in overview.context["rows"]}
