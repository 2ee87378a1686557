"""People pages refuse anonymous callers, other provinces and insufficient roles; nothing changes (DESIGN §8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.core.tests.pagekit import fresh, login_redirect, unchanged
from qms.people.workspace import SESSION_KEY

from .conftest import STRONG_PASSWORD
from .viewkit import (
    committee_data,
    grant_data,
    member_data,
    password_data,
    training_data,
    user_create_data,
    user_edit_data,
)

# --- anonymous -----------------------------------------------------------------------------------

ANONYMOUS_CASES = [
    ("get", "home", None),
    ("get", "people:user_list", None),
    ("get", "people:user_create", None),
    ("post", "people:user_create", None),
    ("get", "people:user_detail", "colleague"),
    ("post", "people:user_detail", "colleague"),
    ("get", "people:user_edit", "colleague"),
    ("post", "people:user_edit", "colleague"),
    ("post", "people:switch_workspace", None),
    ("get", "people:committee_list", None),
    ("post", "people:committee_list", None),
    ("get", "people:committee_detail", "committee"),
    ("post", "people:committee_detail", "committee"),
    ("post", "people:committee_member_remove", "member"),
    ("get", "people:training_list", None),
    ("get", "people:training_create", None),
    ("post", "people:training_create", None),
    ("get", "people:training_edit", "training"),
    ("post", "people:training_edit", "training"),
    ("post", "people:training_delete", "training"),
    ("post", "logout", None),
]


def _payload(name: str, objects: dict[str, Any]) -> dict[str, Any]:
    return {
        "people:user_create": user_create_data(objects["department"]),
        "people:user_detail": grant_data(objects["department"]),
        "people:user_edit": user_edit_data(objects["colleague"], full_name="Bị sửa"),
        "people:switch_workspace": {"membership": objects["membership"].pk},
        "people:committee_list": committee_data(),
        "people:committee_detail": member_data(),
        "people:training_create": training_data(),
        "people:training_edit": training_data(objects["training"], course="Bị sửa"),
    }.get(name, {})


@pytest.mark.parametrize(("method", "name", "target"), ANONYMOUS_CASES)
def test_anonymous_is_sent_to_the_login_page(client, objects, method, name, target):
    url = reverse(name, args=[objects[target].pk]) if target else reverse(name)

    with unchanged():
        response = client.post(url, _payload(name, objects)) if method == "post" else client.get(url)

    assert response.status_code == 302
    assert response["Location"] == login_redirect(url)


def test_public_pages_answer_anonymous_users(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    response = client.post(reverse("set_language"), {"language": "vi", "next": "/dang-nhap/"})
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/"


def test_login_page_sends_a_logged_in_user_home(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("login"))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_login_with_the_form_then_logout(client, coordinator):
    response = client.post(reverse("login"), {"username": coordinator.username, "password": "matkhau-Demo-2026"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200

    assert client.get(reverse("logout")).status_code == 405  # logging out is a POST
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_shows_a_vietnamese_error(client, coordinator):
    response = client.post(reverse("login"), {"username": coordinator.username, "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


# --- another province ----------------------------------------------------------------------------

OTHER_PROVINCE_CASES = [
    ("get", "people:user_detail", "colleague", None),
    ("post", "people:user_detail", "colleague", None),
    ("get", "people:user_edit", "colleague", None),
    ("post", "people:user_edit", "colleague", None),
    ("get", "people:committee_list", None, "department"),
    ("post", "people:committee_list", None, "department"),
    ("get", "people:committee_detail", "committee", None),
    ("post", "people:committee_detail", "committee", None),
    ("post", "people:committee_member_remove", "member", None),
    ("get", "people:training_list", None, "department"),
    ("get", "people:training_create", None, "department"),
    ("post", "people:training_create", None, "department"),
    ("get", "people:training_edit", "training", None),
    ("post", "people:training_edit", "training", None),
    ("post", "people:training_delete", "training", None),
]


@pytest.mark.parametrize(("method", "name", "target", "organisation"), OTHER_PROVINCE_CASES)
def test_other_province_gets_404_and_changes_nothing(client, objects, outsider, method, name, target, organisation):
    client.force_login(outsider)
    url = reverse(name, args=[objects[target].pk]) if target else reverse(name)
    if organisation:
        url += f"?organisation={objects[organisation].pk}"

    with unchanged():
        response = client.post(url, _payload(name, objects)) if method == "post" else client.get(url)

    assert response.status_code == 404


def test_other_province_password_reset_is_404(client, objects, outsider):
    client.force_login(outsider)
    colleague = objects["colleague"]

    with unchanged():
        response = client.post(reverse("people:user_edit", args=[colleague.pk]), password_data())

    assert response.status_code == 404
    assert fresh(colleague).check_password(STRONG_PASSWORD)


def test_other_province_cannot_switch_into_our_membership(client, objects, outsider):
    client.force_login(outsider)

    with unchanged():
        response = client.post(reverse("people:switch_workspace"), {"membership": objects["membership"].pk})

    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_other_province_user_list_shows_only_their_people(client, objects, outsider, other_colleague):
    client.force_login(outsider)

    response = client.get(reverse("people:user_list"))

    assert response.status_code == 200
    assert {u.username for u in response.context["page_obj"].object_list} == {outsider.username, "lethimai"}


def test_other_province_cannot_create_a_user_in_our_agency(client, objects, outsider):
    client.force_login(outsider)

    with unchanged():
        response = client.post(reverse("people:user_create"), user_create_data(objects["department"]))

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


def test_other_province_cannot_grant_a_role_in_our_agency(client, objects, outsider, other_colleague):
    client.force_login(outsider)

    with unchanged():
        response = client.post(
            reverse("people:user_detail", args=[other_colleague.pk]), grant_data(objects["department"])
        )

    assert response.status_code == 200
    assert "organisation" in response.context["grant_form"].errors


def test_other_province_training_list_and_committees_stay_their_own(client, objects, outsider, other_training):
    client.force_login(outsider)

    response = client.get(reverse("people:training_list"))
    assert response.status_code == 200
    assert [r.pk for r in response.context["page_obj"].object_list] == [other_training.pk]

    response = client.get(reverse("people:committee_list"))
    assert response.status_code == 200
    assert response.context["committees"] == []


# --- insufficient role ---------------------------------------------------------------------------

STAFF_FORBIDDEN = [
    ("get", "people:user_list", None, 403),
    ("get", "people:user_create", None, 403),
    ("post", "people:user_create", None, 403),
    ("get", "people:user_detail", "colleague", 404),
    ("post", "people:user_detail", "colleague", 404),
    ("get", "people:user_edit", "colleague", 404),
    ("post", "people:user_edit", "colleague", 404),
    ("post", "people:committee_list", None, 403),
    ("post", "people:committee_detail", "committee", 403),
    ("post", "people:committee_member_remove", "member", 403),
    ("get", "people:training_create", None, 403),
    ("post", "people:training_create", None, 403),
    ("get", "people:training_edit", "training", 403),
    ("post", "people:training_edit", "training", 403),
    ("post", "people:training_delete", "training", 403),
]


@pytest.mark.parametrize(("method", "name", "target", "status"), STAFF_FORBIDDEN)
def test_staff_cannot_manage_people_committees_or_training(client, objects, staff_user, method, name, target, status):
    client.force_login(staff_user)
    url = reverse(name, args=[objects[target].pk]) if target else reverse(name)

    with unchanged():
        response = client.post(url, _payload(name, objects)) if method == "post" else client.get(url)

    assert response.status_code == status


@pytest.mark.parametrize(
    "name",
    ["people:user_list", "people:user_create", "people:committee_list", "people:training_list"],
)
def test_user_without_a_role_is_refused(client, objects, nobody, name):
    client.force_login(nobody)

    with unchanged():
        assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse(name), _payload(name, objects)).status_code == 403


def test_staff_reads_the_committee_and_training_of_their_agency(client, objects, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("people:committee_list"))
    assert response.status_code == 200
    assert response.context["current"] == objects["committee"]
    assert response.context["form"] is None

    response = client.get(reverse("people:committee_detail", args=[objects["committee"].pk]))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert [m.full_name for m in response.context["members"]] == ["Ngô Thị Kim"]

    response = client.get(reverse("people:training_list"))
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert [r.pk for r in response.context["page_obj"].object_list] == [objects["training"].pk]


def test_secretary_cannot_create_a_user_with_a_role_above_theirs(client, objects, secretary):
    client.force_login(secretary)

    with unchanged():
        response = client.post(reverse("people:user_create"), user_create_data(objects["department"], role="leader"))

    assert response.status_code == 200
    assert "role" in response.context["form"].errors


def test_secretary_cannot_create_a_user_in_another_agency(client, objects, secretary):
    client.force_login(secretary)

    with unchanged():
        response = client.post(reverse("people:user_create"), user_create_data(objects["commune"]))

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


def test_secretary_cannot_grant_a_role_above_theirs(client, objects, secretary):
    client.force_login(secretary)
    colleague = objects["colleague"]

    with unchanged():
        response = client.post(
            reverse("people:user_detail", args=[colleague.pk]), grant_data(objects["department"], "leader")
        )

    assert response.status_code == 200
    assert "role" in response.context["grant_form"].errors


@pytest.mark.parametrize("form", ["edit", "password"])
def test_secretary_cannot_take_over_the_account_of_their_leader(client, objects, secretary, leader, form):
    """A secretary may grant auditor and staff only: resetting the leader's password (or locking
    the leader out) would hand them the leader's role."""
    client.force_login(secretary)
    data = password_data() if form == "password" else user_edit_data(leader, is_active="")

    with unchanged():
        response = client.post(reverse("people:user_edit", args=[leader.pk]), data)

    assert response.status_code == 403
    stored = fresh(leader)
    assert stored.check_password(STRONG_PASSWORD)
    assert stored.is_active is True


def test_users_without_a_home_organisation_are_not_editable_by_agency_managers(client, objects, secretary, staff_user):
    client.force_login(secretary)

    assert client.get(reverse("people:user_detail", args=[staff_user.pk])).status_code == 200
    with unchanged():
        response = client.post(reverse("people:user_edit", args=[staff_user.pk]), password_data())

    assert response.status_code == 403


def test_nobody_but_the_superadmin_edits_the_superadmin(client, objects, coordinator, superadmin, province):
    superadmin.home_organisation = province
    superadmin.save(update_fields=["home_organisation"])
    client.force_login(coordinator)

    with unchanged():
        response = client.post(reverse("people:user_edit", args=[superadmin.pk]), password_data())

    assert response.status_code == 403


def test_switching_to_a_membership_that_is_not_yours_is_404(client, objects, secretary):
    client.force_login(secretary)
    client.get(reverse("home"))
    before = dict(client.session)

    for value in (objects["membership"].pk, "abc", ""):
        with unchanged():
            response = client.post(reverse("people:switch_workspace"), {"membership": value})
        assert response.status_code == 404
    assert dict(client.session).get(SESSION_KEY) == before.get(SESSION_KEY)


def test_switch_is_post_only(client, objects, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("people:switch_workspace")).status_code == 405


def test_second_head_is_refused(client, objects, secretary):
    client.force_login(secretary)
    url = reverse("people:committee_detail", args=[objects["committee"].pk])
    client.post(url, member_data())

    with unchanged():
        response = client.post(url, member_data(full_name="Hà Văn Nam"))

    assert response.status_code == 200
    assert "position" in response.context["form"].errors


def test_duplicate_committee_decision_is_refused(client, objects, secretary):
    client.force_login(secretary)

    with unchanged():
        response = client.post(reverse("people:committee_list"), committee_data(decision_number="125/qĐ-StP"))

    assert response.status_code == 200
    assert "decision_number" in response.context["form"].errors


def test_training_validation_errors_change_nothing(client, objects, secretary):
    client.force_login(secretary)
    url = reverse("people:training_create")
    bad = {
        "end_date": training_data(end_date="2025-09-01"),
        "certificate_number": training_data(certificate_number=""),
        "certificate_date": training_data(certificate_date="2025-09-01"),
    }

    for field, data in bad.items():
        with unchanged():
            response = client.post(url, data)
        assert response.status_code == 200
        assert field in response.context["form"].errors, field
