"""Every people page (and the home, login, logout pages), asked by the four kinds of caller of
DESIGN §8: anonymous, someone of another province, someone whose role is not enough, and someone
allowed. On every denial the database is compared row by row: nothing may change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.core.tests.factories import UserFactory, grant, make_org
from qms.core.tests.pagekit import STALE_MESSAGE, audited, fresh, unchanged
from qms.organisations.models import Membership, Organisation, Role
from qms.people import services
from qms.people.models import CommitteeMember, SteeringCommittee, TrainingRecord, User
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

# --- allowed -------------------------------------------------------------------------------------


def test_home_for_a_coordinator_shows_the_province(client, objects, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["organisation"] == objects["province"]
    assert response.context["is_subtree_role"] is True
    summary = response.context["summary"]
    assert (summary["agencies"], summary["agencies_with_committee"]) == (3, 1)
    assert all(e.scope_path.startswith(objects["province"].path) for e in response.context["events"])


def test_home_for_someone_without_a_role(client, nobody):
    client.force_login(nobody)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["organisation"] is None
    assert "Bạn chưa được phân công vào cơ quan nào" in response.content.decode()


def test_user_list_for_a_secretary_is_their_agency(client, objects, secretary, staff_user, leader):
    client.force_login(secretary)

    response = client.get(reverse("people:user_list"))

    assert response.status_code == 200
    shown = {u.username for u in response.context["page_obj"].object_list}
    assert shown == {secretary.username, staff_user.username, leader.username, "tranvanbao"}


def test_user_list_filters(client, objects, coordinator, staff_user, leader):
    client.force_login(coordinator)
    url = reverse("people:user_list")
    User.objects.filter(pk=leader.pk).update(is_active=False)

    def shown(**params: str) -> set[str]:
        response = client.get(url, params)
        assert response.status_code == 200
        return {u.username for u in response.context["page_obj"].object_list}

    assert shown(role="leader") == {leader.username}
    assert shown(active="0") == {leader.username}
    assert leader.username not in shown(active="1")
    assert shown(q="Bảo") == {"tranvanbao"}
    assert shown(q="tranvan") == {"tranvanbao"}
    assert shown(role="nonsense") == shown()


def test_secretary_creates_a_user_with_a_role(client, objects, secretary):
    client.force_login(secretary)
    department = objects["department"]

    with audited("user.create", "membership.grant") as events:
        response = client.post(reverse("people:user_create"), user_create_data(department))

    created = User.objects.get(username="nguyenthilan.stp")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:user_detail", args=[created.pk])
    assert (created.full_name, created.home_organisation_id) == ("Nguyễn Thị Lan", department.pk)
    assert created.check_password(STRONG_PASSWORD)
    membership = Membership.objects.get(user=created)
    assert (membership.organisation_id, membership.role, membership.position, membership.granted_by_id) == (
        department.pk,
        "staff",
        "Chuyên viên",
        secretary.pk,
    )
    assert all(e.actor == secretary for e in events)


def test_user_create_form_for_a_chosen_organisation(client, objects, secretary):
    client.force_login(secretary)

    response = client.get(reverse("people:user_create"), {"organisation": objects["unit"].pk})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["organisation"] == objects["unit"].pk
    assert [pk for pk, _label in form.fields["organisation"].choices] == [objects["department"].pk, objects["unit"].pk]
    assert [r for r, _label in form.fields["role"].choices] == ["auditor", "staff"]


def test_user_create_with_a_duplicate_username_changes_nothing(client, objects, secretary):
    client.force_login(secretary)

    with unchanged():
        response = client.post(
            reverse("people:user_create"), user_create_data(objects["department"], username="TranVanBao")
        )

    assert response.status_code == 200
    assert "username" in response.context["form"].errors


def test_user_create_with_a_weak_password_changes_nothing(client, objects, secretary):
    client.force_login(secretary)

    with unchanged():
        response = client.post(
            reverse("people:user_create"),
            user_create_data(objects["department"], password1="12345678", password2="12345678"),
        )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["password1"] == ["Mật khẩu này quá phổ biến.", "Mật khẩu này hoàn toàn là số."]
    assert "12345678" not in response.content.decode()  # the password is never echoed back


def test_user_create_whose_role_cannot_be_held_there_creates_nothing(client, objects, coordinator):
    """The coordinator role is offered (grantable at the province) but cannot be held by an internal
    unit: the account must not be created without its role."""
    client.force_login(coordinator)

    with unchanged():
        response = client.post(reverse("people:user_create"), user_create_data(objects["unit"], role="coordinator"))

    assert response.status_code == 200
    assert "role" in response.context["form"].errors


def test_user_detail_shows_memberships_and_revocable_roles(client, objects, secretary, leader):
    client.force_login(secretary)
    colleague = objects["colleague"]

    response = client.get(reverse("people:user_detail", args=[colleague.pk]))
    assert response.status_code == 200
    assert response.context["target"] == colleague
    own = Membership.objects.get(user=colleague)
    assert response.context["revocable"] == {own.pk}

    response = client.get(reverse("people:user_detail", args=[leader.pk]))
    assert response.context["revocable"] == set()


def test_coordinator_grants_a_role_on_the_user_page(client, objects, coordinator):
    client.force_login(coordinator)
    colleague = objects["colleague"]

    with audited("membership.grant") as events:
        response = client.post(
            reverse("people:user_detail", args=[colleague.pk]), grant_data(objects["commune"], "leader")
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("people:user_detail", args=[colleague.pk])
    assert Membership.objects.filter(
        user=colleague, organisation=objects["commune"], role="leader", is_active=True
    ).exists()
    assert events[0].actor == coordinator


def test_granting_the_same_role_twice_changes_nothing(client, objects, secretary):
    client.force_login(secretary)
    colleague = objects["colleague"]

    with unchanged():
        response = client.post(
            reverse("people:user_detail", args=[colleague.pk]), grant_data(objects["department"], "staff")
        )

    assert response.status_code == 200
    assert "role" in response.context["grant_form"].errors


def test_secretary_edits_an_account(client, objects, secretary):
    client.force_login(secretary)
    colleague = objects["colleague"]

    assert client.get(reverse("people:user_edit", args=[colleague.pk])).status_code == 200
    with audited("user.update") as events:
        response = client.post(
            reverse("people:user_edit", args=[colleague.pk]),
            user_edit_data(colleague, full_name="Trần Văn Bảo Anh", phone="0203 3 111 222"),
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("people:user_detail", args=[colleague.pk])
    stored = fresh(colleague)
    assert (stored.full_name, stored.phone, stored.is_active) == ("Trần Văn Bảo Anh", "0203 3 111 222", True)
    assert events[0].changes["full_name"] == {"before": "Trần Văn Bảo", "after": "Trần Văn Bảo Anh"}


def test_secretary_locks_an_account(client, objects, secretary):
    client.force_login(secretary)
    colleague = objects["colleague"]

    with audited("user.update"):
        client.post(reverse("people:user_edit", args=[colleague.pk]), user_edit_data(colleague, is_active=""))

    assert fresh(colleague).is_active is False


def test_secretary_resets_a_password(client, objects, secretary):
    client.force_login(secretary)
    colleague = objects["colleague"]

    with audited("user.set_password") as events:
        response = client.post(reverse("people:user_edit", args=[colleague.pk]), password_data("Cay-Tre-Xanh-2027"))

    assert response.status_code == 302
    assert fresh(colleague).check_password("Cay-Tre-Xanh-2027")
    assert "Cay-Tre-Xanh-2027" not in str(events[0].changes)


def test_password_reset_with_mismatch_or_weak_password_changes_nothing(client, objects, secretary):
    client.force_login(secretary)
    url = reverse("people:user_edit", args=[objects["colleague"].pk])

    with unchanged():
        response = client.post(url, {"pw-password1": "Cay-Tre-Xanh-2027", "pw-password2": "Cay-Tre-Xanh-2028"})
    assert response.status_code == 200
    assert "password2" in response.context["password_form"].errors

    with unchanged():
        response = client.post(url, password_data("12345678"))
    assert response.status_code == 200
    assert "Mật khẩu này quá phổ biến." in response.context["password_form"].errors["password1"]


def test_secretary_cannot_lock_themselves(client, objects, secretary, department):
    secretary.home_organisation = department
    secretary.save(update_fields=["home_organisation"])
    client.force_login(secretary)

    with unchanged():
        response = client.post(
            reverse("people:user_edit", args=[secretary.pk]), user_edit_data(secretary, is_active="")
        )

    assert response.status_code == 200
    assert "is_active" in response.context["form"].errors


def test_switching_workspace(client, objects, double_role_user):
    client.force_login(double_role_user)
    staff_at_department = Membership.objects.get(user=double_role_user, role="staff")
    secretary_at_commune = Membership.objects.get(user=double_role_user, role="iso_secretary")
    assert client.get(reverse("home")).context["organisation"] == objects["commune"]  # the wider role first

    with unchanged():
        response = client.post(
            reverse("people:switch_workspace"),
            {"membership": staff_at_department.pk, "next": reverse("people:training_list")},
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("people:training_list")
    assert client.session[SESSION_KEY] == staff_at_department.pk
    response = client.get(reverse("home"))
    assert response.context["organisation"] == objects["department"]
    assert response.context["workspace"].active == staff_at_department

    response = client.post(reverse("people:switch_workspace"), {"membership": secretary_at_commune.pk})
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == secretary_at_commune.pk


def test_switch_ignores_an_external_next(client, objects, double_role_user):
    client.force_login(double_role_user)
    membership = Membership.objects.get(user=double_role_user, role="staff")

    response = client.post(
        reverse("people:switch_workspace"), {"membership": membership.pk, "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_revoked_membership_cannot_be_switched_to(client, objects, double_role_user):
    membership = Membership.objects.get(user=double_role_user, role="staff")
    Membership.objects.filter(pk=membership.pk).update(is_active=False)
    client.force_login(double_role_user)

    assert client.post(reverse("people:switch_workspace"), {"membership": membership.pk}).status_code == 404


def test_secretary_records_a_new_committee_which_replaces_the_old(client, objects, secretary):
    client.force_login(secretary)
    old = objects["committee"]

    with audited("committee.create") as events:
        response = client.post(reverse("people:committee_list"), committee_data())

    new = SteeringCommittee.objects.get(decision_number="45/QĐ-STP")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:committee_detail", args=[new.pk])
    assert (new.organisation_id, new.is_current, fresh(old).is_current) == (objects["department"].pk, True, False)
    assert events[0].scope_path == objects["department"].path


def test_secretary_adds_and_removes_committee_members(client, objects, secretary):
    client.force_login(secretary)
    committee = objects["committee"]
    colleague = objects["colleague"]

    with audited("committee.member_add"):
        response = client.post(
            reverse("people:committee_detail", args=[committee.pk]),
            member_data(user=colleague.pk, full_name="", position="secretary"),
        )
    assert response.status_code == 302
    added = CommitteeMember.objects.get(committee=committee, user=colleague)
    assert (added.full_name, added.position, added.order) == ("Trần Văn Bảo", "secretary", 2)

    with audited("committee.member_remove") as events:
        response = client.post(reverse("people:committee_member_remove", args=[added.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:committee_detail", args=[committee.pk])
    assert not CommitteeMember.objects.filter(pk=added.pk).exists()
    assert events[0].changes["member"]["before"] == "Trần Văn Bảo — Thư ký"


def test_committee_member_remove_is_post_only(client, objects, secretary):
    client.force_login(secretary)

    with unchanged():
        assert client.get(reverse("people:committee_member_remove", args=[objects["member"].pk])).status_code == 405


def test_coordinator_manages_an_agency_below_through_the_organisation_parameter(client, objects, coordinator):
    client.force_login(coordinator)
    department = objects["department"]

    response = client.get(reverse("people:committee_list"), {"organisation": department.pk})
    assert response.status_code == 200
    assert response.context["can_manage"] is True

    with audited("training.create"):
        response = client.post(f"{reverse('people:training_create')}?organisation={department.pk}", training_data())
    assert response.status_code == 302
    assert TrainingRecord.objects.get(certificate_number="CG-2025-0142").organisation_id == department.pk


def test_secretary_creates_a_training_record(client, objects, secretary, staff_user):
    client.force_login(secretary)

    with audited("training.create") as events:
        response = client.post(reverse("people:training_create"), training_data(user=staff_user.pk, trainee_name=""))

    assert response.status_code == 302
    assert response["Location"] == reverse("people:training_list")
    record = TrainingRecord.objects.get(certificate_number="CG-2025-0142")
    assert (record.organisation_id, record.user_id, record.trainee_name) == (
        objects["department"].pk,
        staff_user.pk,
        staff_user.full_name,
    )
    assert events[0].actor == secretary


def test_secretary_edits_a_training_record(client, objects, secretary):
    client.force_login(secretary)
    training = objects["training"]

    response = client.get(reverse("people:training_edit", args=[training.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["version"] == 1

    with audited("training.update") as events:
        response = client.post(
            reverse("people:training_edit", args=[training.pk]), training_data(training, provider="VNPI")
        )

    assert response.status_code == 302
    stored = fresh(training)
    assert (stored.provider, stored.version) == ("VNPI", 2)
    assert events[0].changes["provider"]["after"] == "VNPI"


def test_training_edit_with_a_stale_version_is_refused(client, objects, secretary):
    client.force_login(secretary)
    training = objects["training"]
    url = reverse("people:training_edit", args=[training.pk])
    stale = training_data(training, course="Bản sửa cũ")
    client.post(url, training_data(training, provider="VNPI"))

    with unchanged():
        response = client.post(url, stale)

    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    assert fresh(training).course == "Nhận thức chung về TCVN ISO 9001:2015"


def test_secretary_deletes_a_training_record(client, objects, secretary):
    client.force_login(secretary)
    training = objects["training"]

    with audited("training.delete") as events:
        response = client.post(reverse("people:training_delete", args=[training.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("people:training_list")
    assert not TrainingRecord.objects.filter(pk=training.pk).exists()
    assert events[0].target_id == str(training.pk)


def test_training_delete_is_post_only(client, objects, secretary):
    client.force_login(secretary)

    with unchanged():
        assert client.get(reverse("people:training_delete", args=[objects["training"].pk])).status_code == 405


def test_training_list_filters(client, objects, secretary):
    services.training_create(
        actor=None,
        organisation=objects["department"],
        trainee_name="Lý Thị Nga",
        kind="internal_auditor",
        course="Chuyên gia đánh giá nội bộ",
        start_date=dt.date(2025, 9, 8),
        certificate_number="CG-2025-0142",
    )
    client.force_login(secretary)
    url = reverse("people:training_list")

    def shown(**params: str) -> list[str]:
        response = client.get(url, params)
        assert response.status_code == 200
        return [r.trainee_name for r in response.context["page_obj"].object_list]

    assert shown() == ["Lý Thị Nga", "Phạm Thị Dung"]
    assert shown(kind="internal_auditor") == ["Lý Thị Nga"]
    assert shown(q="CG-2025") == ["Lý Thị Nga"]
    assert client.get(url).context["auditor_count"] == 1


# --- query counts do not grow with the rows shown --------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(department: Organisation, province: Organisation, n: int, start: int) -> None:
    """``n`` more of everything these pages list: accounts with roles, training records,
    agencies with committees and members (and so audit events)."""
    for i in range(start, start + n):
        user = UserFactory(home_organisation=department)
        grant(user, department, Role.STAFF)
        grant(user, department, Role.AUDITOR)
        services.training_create(
            actor=None,
            organisation=department,
            user=user,
            trainee_name=user.full_name,
            kind="internal_auditor",
            course="Chuyên gia đánh giá nội bộ",
            start_date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            certificate_number=f"CG-{i:04d}",
        )
        services.committee_create(
            actor=None, organisation=department, decision_number=f"{i}/QĐ-STP", decision_date=dt.date(2025, 1, 2)
        )
        agency = make_org("commune", province, name=f"UBND xã Thử Nghiệm {i:03d}", code=f"9{i:04d}")
        committee = services.committee_create(
            actor=None, organisation=agency, decision_number=f"{i}/QĐ-UBND", decision_date=dt.date(2025, 7, 2)
        )
        services.committee_member_add(actor=None, committee=committee, full_name=f"Chủ tịch {i}", position="head")


@pytest.mark.parametrize(
    ("viewer", "name"),
    [
        ("coordinator", "home"),
        ("secretary", "home"),
        ("coordinator", "people:user_list"),
        ("secretary", "people:user_list"),
        ("secretary", "people:training_list"),
        ("secretary", "people:committee_list"),
    ],
)
def test_list_pages_do_not_issue_a_query_per_row(client, objects, request, django_assert_max_num_queries, viewer, name):
    url = reverse(name)
    client.force_login(request.getfixturevalue(viewer))
    _grow(objects["department"], objects["province"], 5, 0)
    client.get(url)  # warm caches (content types, session)
    small = _queries(client, url)

    _grow(objects["department"], objects["province"], 35, 5)
    with django_assert_max_num_queries(small) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(captured.captured_queries) <= 25
    if "page_obj" in response.context:
        assert len(response.context["page_obj"].object_list) == 25
    if name == "home" and viewer == "coordinator":
        assert response.context["summary"]["agencies"] == 3 + 40
        assert response.context["summary"]["agencies_with_committee"] == 1 + 40
