"""Reads of accounts, committees, training and the home page figures: tenancy and exact numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from qms.core.models import AuditEvent
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.organisations import policy
from qms.organisations import services as org_services
from qms.organisations.models import Membership, Role
from qms.people import selectors, services

HISTORICAL = dt.date(2025, 6, 30)


def usernames(qs) -> set[str]:
    return {u.username for u in qs}


@pytest.fixture
def people(province, department, commune, unit, other_province, coordinator, secretary, staff_user, outsider):
    """Accounts placed around the tree, by home organisation and by role."""
    return {
        "at_unit": UserFactory(username="vp.stp", home_organisation=unit),
        "at_commune": UserFactory(username="ubnd.halong", home_organisation=commune),
        "bac_ninh_home_with_our_role": grant(
            UserFactory(username="bn.kiemnhiem", home_organisation=other_province), department, Role.AUDITOR
        ).user,
        "bac_ninh": UserFactory(username="bn.canbo", home_organisation=other_province),
        "homeless": UserFactory(username="chua.phan.cong"),
    }


# --- user_list_for_user --------------------------------------------------------------------------


def test_coordinator_sees_the_users_of_their_province_only(coordinator, secretary, staff_user, people):
    shown = usernames(selectors.user_list_for_user(coordinator))

    assert shown == {
        coordinator.username,
        secretary.username,
        staff_user.username,
        "vp.stp",
        "ubnd.halong",
        "bn.kiemnhiem",
    }


def test_secretary_sees_the_users_of_their_agency_only(secretary, staff_user, people):
    shown = usernames(selectors.user_list_for_user(secretary))

    assert shown == {secretary.username, staff_user.username, "vp.stp", "bn.kiemnhiem"}


def test_outsider_sees_their_own_province(outsider, people):
    assert usernames(selectors.user_list_for_user(outsider)) == {outsider.username, "bn.canbo", "bn.kiemnhiem"}


def test_superadmin_sees_everyone(superadmin, people):
    from qms.people.models import User

    assert usernames(selectors.user_list_for_user(superadmin)) == set(User.objects.values_list("username", flat=True))


@pytest.mark.parametrize("viewer_fixture", ["staff_user", "nobody_user"])
def test_viewers_without_people_management_see_nobody(request, people, viewer_fixture):
    viewer = UserFactory() if viewer_fixture == "nobody_user" else request.getfixturevalue(viewer_fixture)

    assert list(selectors.user_list_for_user(viewer)) == []


def test_user_list_filters(coordinator, secretary, staff_user, commune, people):
    grant(staff_user, commune, Role.LEADER)
    people["at_unit"].is_active = False
    people["at_unit"].save(update_fields=["is_active"])

    assert usernames(selectors.user_list_for_user(coordinator, role="leader")) == {staff_user.username}
    assert usernames(selectors.user_list_for_user(coordinator, active="0")) == {"vp.stp"}
    assert "vp.stp" not in usernames(selectors.user_list_for_user(coordinator, active="1"))
    assert usernames(selectors.user_list_for_user(coordinator, organisation=commune)) == {
        staff_user.username,
        "ubnd.halong",
    }
    assert usernames(selectors.user_list_for_user(coordinator, search="halong")) == {"ubnd.halong"}
    assert usernames(selectors.user_list_for_user(coordinator, search="Lê Văn")) == {secretary.username}


def test_user_list_loads_active_memberships_up_front(coordinator, staff_user, department, django_assert_num_queries):
    membership = Membership.objects.get(user=staff_user)
    revoked = grant(staff_user, department, Role.AUDITOR)
    Membership.objects.filter(pk=revoked.pk).update(is_active=False)
    policy.grants(coordinator)  # the viewer's grants are loaded once per request, before any list

    with django_assert_num_queries(2):  # users, then their active memberships with organisations
        users = list(selectors.user_list_for_user(coordinator))
        roles = {u.username: [(m.role, m.organisation.name) for m in u.active_memberships] for u in users}

    assert roles[staff_user.username] == [(membership.role, "Sở Tư pháp")]


def test_user_get_for_user_hides_what_the_viewer_may_not_manage(secretary, coordinator, people):
    assert selectors.user_get_for_user(secretary, people["at_unit"].pk) == people["at_unit"]
    for viewer, pk in (
        (secretary, people["at_commune"].pk),
        (coordinator, people["bac_ninh"].pk),
        (coordinator, people["homeless"].pk),
        (coordinator, 999_999),
        (coordinator, "abc"),
    ):
        with pytest.raises(Http404):
            selectors.user_get_for_user(viewer, pk)


# --- committees, training, agency users -----------------------------------------------------------


def test_committees_are_read_within_the_tenancy(coordinator, staff_user, outsider, department, unit, committee, member):
    assert list(selectors.committee_list_for_user(staff_user, department)) == [committee]
    assert list(selectors.committee_list_for_user(staff_user, unit)) == [committee]  # a unit reads its agency's
    assert selectors.committee_list_for_user(coordinator, department).get().member_count == 1
    assert selectors.committee_get_for_user(staff_user, committee.pk) == committee
    assert selectors.committee_member_get_for_user(staff_user, member.pk) == member
    assert [m.full_name for m in selectors.committee_members(committee)] == ["Ngô Thị Kim"]

    with pytest.raises(Http404):
        selectors.committee_list_for_user(outsider, department)
    with pytest.raises(Http404):
        selectors.committee_get_for_user(outsider, committee.pk)
    with pytest.raises(Http404):
        selectors.committee_member_get_for_user(outsider, member.pk)
    with pytest.raises(Http404):
        selectors.committee_get_for_user(coordinator, "x")


def test_committees_of_another_agency_are_hidden_from_agency_roles(staff_user, commune):
    other = services.committee_create(
        actor=None, organisation=commune, decision_number="3/QĐ-UBND", decision_date=dt.date(2025, 7, 2)
    )

    with pytest.raises(Http404):
        selectors.committee_get_for_user(staff_user, other.pk)


def test_training_is_read_within_the_tenancy(coordinator, staff_user, outsider, department, training, other_training):
    services.training_create(
        actor=None,
        organisation=department,
        trainee_name="Lý Thị Nga",
        kind="internal_auditor",
        course="Chuyên gia đánh giá nội bộ",
        start_date=dt.date(2025, 9, 8),
        certificate_number="CG-1",
    )

    assert [r.trainee_name for r in selectors.training_list_for_user(staff_user, department)] == [
        "Lý Thị Nga",
        "Phạm Thị Dung",
    ]
    assert [r.trainee_name for r in selectors.training_list_for_user(staff_user, department, year=2024)] == [
        "Phạm Thị Dung"
    ]
    assert [
        r.trainee_name for r in selectors.training_list_for_user(staff_user, department, kind="internal_auditor")
    ] == ["Lý Thị Nga"]
    assert [r.trainee_name for r in selectors.training_list_for_user(staff_user, department, search="Nhận thức")] == [
        "Phạm Thị Dung"
    ]
    assert selectors.training_get_for_user(coordinator, training.pk) == training
    assert [r.trainee_name for r in selectors.internal_auditors(department)] == ["Lý Thị Nga"]

    with pytest.raises(Http404):
        selectors.training_list_for_user(outsider, department)
    with pytest.raises(Http404):
        selectors.training_get_for_user(outsider, training.pk)
    with pytest.raises(Http404):
        selectors.training_get_for_user(coordinator, other_training.pk)


def test_agency_users_are_the_people_of_the_agency(secretary, staff_user, outsider, department, unit, people):
    assert usernames(selectors.agency_users(secretary, unit)) == {
        secretary.username,
        staff_user.username,
        "vp.stp",
        "bn.kiemnhiem",
    }
    with pytest.raises(Http404):
        selectors.agency_users(outsider, department)


# --- home page figures ---------------------------------------------------------------------------


@pytest.fixture
def small_tree(province, dost, department, commune, unit, coordinator, secretary, staff_user, outsider):
    """A small province whose every home-page figure is known.

    Current below the province: dost, department, commune (agencies), unit, office (units).
    Historical: a district and an old unit. Committees: dost (replaced once), commune, the
    historical district, and the province's own (2 members). Active members: coordinator,
    secretary, staff, one person with two roles; one revoked role does not count.
    """
    district = make_org("district", province, name="Huyện Hoành Bồ", code="22-HB", valid_to=HISTORICAL)
    office = make_org("unit", province, name="Văn phòng UBND tỉnh", code="22-VP")
    make_org("unit", province, name="Ban Đổi mới doanh nghiệp", code="22-BDM", valid_to=HISTORICAL)

    double = UserFactory(username="kiem.nhiem")
    grant(double, commune, Role.STAFF)
    grant(double, dost, Role.AUDITOR)
    revoked = grant(UserFactory(username="da.nghi"), commune, Role.STAFF)
    org_services.membership_revoke(actor=None, membership=revoked)

    for org, number in ((dost, "1/QĐ-SKHCN"), (dost, "2/QĐ-SKHCN"), (commune, "5/QĐ-UBND"), (district, "9/QĐ-UBND")):
        services.committee_create(
            actor=None, organisation=org, decision_number=number, decision_date=dt.date(2024, 1, 1)
        )
    own = services.committee_create(
        actor=None, organisation=province, decision_number="100/QĐ-UBND", decision_date=dt.date(2025, 7, 1)
    )
    for name, position in (("Chủ tịch UBND tỉnh", "head"), ("Giám đốc Sở KH&CN", "deputy")):
        services.committee_member_add(actor=None, committee=own, full_name=name, position=position)

    def train(org, name, kind="internal_auditor", number="", course="Chuyên gia đánh giá nội bộ"):
        services.training_create(
            actor=None,
            organisation=org,
            trainee_name=name,
            kind=kind,
            course=course,
            start_date=dt.date(2025, 3, 1),
            certificate_number=number,
        )

    train(province, "Ngô Văn Phúc", kind="awareness", course="Nhận thức chung")
    train(province, "Ngô Văn Phúc", number="CG-1")
    train(province, "Ngô Văn Phúc", number="CG-2", course="Đánh giá nội bộ nâng cao")
    train(office, "Đinh Thị Quỳnh", number="CG-3")  # an internal unit's record belongs to the province
    train(department, "Lý Thị Nga", number="CG-4")  # another agency: not the province's
    return {"district": district, "office": office, "own_committee": own}


def test_home_summary_of_the_province(coordinator, province, small_tree):
    summary = selectors.home_summary_for_user(coordinator, province)

    assert {str(k): v for k, v in summary["by_kind"].items()} == {"Sở, ban, ngành": 2, "Xã, phường, đặc khu": 1}
    assert summary["internal_units"] == 2  # the department's office and the province's (not the historical one)
    assert summary["agencies"] == 3
    assert summary["historical"] == 2
    assert summary["agencies_with_committee"] == 2
    assert summary["users"] == 4
    assert summary["committee"] == small_tree["own_committee"]
    assert summary["committee_members"] == 2
    assert summary["trainings"] == 4
    assert summary["auditors"] == 2
    assert summary["units"] == 1


def test_home_summary_of_an_agency(secretary, department, small_tree, committee, member):
    summary = selectors.home_summary_for_user(secretary, department)

    # The agencies in scope (the shared count) include the agency itself; not its internal unit.
    assert {str(k): v for k, v in summary["by_kind"].items()} == {"Sở, ban, ngành": 1}
    assert summary["internal_units"] == 1
    assert (summary["agencies"], summary["historical"], summary["agencies_with_committee"]) == (1, 0, 1)
    assert summary["users"] == 2  # secretary and staff
    assert (summary["committee"], summary["committee_members"]) == (committee, 1)
    assert (summary["trainings"], summary["auditors"], summary["units"]) == (1, 1, 1)


def test_home_summary_is_hidden_from_other_provinces(outsider, province):
    with pytest.raises(Http404):
        selectors.home_summary_for_user(outsider, province)


def test_recent_events_stay_in_the_subtree(coordinator, staff_user, outsider, department, commune, province):
    for i in range(3):
        make_org("unit", department, name=f"Phòng {i}", code=f"22-STP-P{i}")
    make_org("unit", commune, name="Bộ phận Một cửa", code="06688-MC")

    department_events = selectors.recent_events_for_user(staff_user, department, limit=50)
    province_events = selectors.recent_events_for_user(coordinator, province, limit=50)

    assert department_events and all(e.scope_path.startswith(department.path) for e in department_events)
    assert "Bộ phận Một cửa" in {e.target_repr for e in province_events}
    assert len(province_events) == AuditEvent.objects.filter(scope_path__startswith=province.path).count()
    newest = selectors.recent_events_for_user(coordinator, province)
    assert AuditEvent.objects.filter(scope_path__startswith=province.path).count() > 8
    assert newest == province_events[:8]
    assert newest[0].target_repr == "Bộ phận Một cửa"
    with pytest.raises(Http404):
        selectors.recent_events_for_user(outsider, province)
