"""Writes to the organisation tree, lineage and memberships, and the official-units import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from vietnam_provinces import Province, Ward

from qms.core.models import AuditEvent
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.organisations import policy, services
from qms.organisations.models import Membership, Organisation, OrganisationLineage
from qms.organisations.policy import Perm


def seg(org: Organisation) -> str:
    return f"{org.pk:08x}/"


def counts() -> tuple[int, int, int, int]:
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        OrganisationLineage.objects.count(),
        AuditEvent.objects.count(),
    )


def fresh(org: Organisation) -> Organisation:
    return Organisation.objects.get(pk=org.pk)


# --- membership_grant / membership_revoke ----------------------------------------------------------


def test_coordinator_grants_iso_secretary_at_a_department(coordinator, department):
    user = UserFactory(full_name="Vũ Thị Hoa")
    events = AuditEvent.objects.count()

    membership = services.membership_grant(
        actor=coordinator, user=user, organisation=department, role="iso_secretary", position="Chuyên viên"
    )

    stored = Membership.objects.get(pk=membership.pk)
    assert (stored.user, stored.organisation, stored.role, stored.position, stored.is_active, stored.granted_by) == (
        user,
        department,
        "iso_secretary",
        "Chuyên viên",
        True,
        coordinator,
    )
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("id")
    assert event.verb == "membership.grant"
    assert event.actor == coordinator
    assert event.scope_path == department.path
    assert event.target_type == ContentType.objects.get_for_model(Membership)
    assert event.target_repr == "Vũ Thị Hoa — Thư ký ISO — Sở Tư pháp"
    assert event.changes == {
        "user": {"before": None, "after": "Vũ Thị Hoa"},
        "role": {"before": None, "after": "iso_secretary"},
        "organisation": {"before": None, "after": "Sở Tư pháp"},
    }
    assert policy.has_perm(user, Perm.MANAGE_UNITS, department) is True


GRANT_REFUSALS = [
    # (actor, organisation, role, exception, error key)
    ("coordinator", "department", "admin", ValidationError, "role"),
    ("coordinator", "unit", "coordinator", ValidationError, "role"),
    ("coordinator", "unit", "inspector", ValidationError, "role"),
    ("coordinator", "other_province", "staff", PermissionDenied, None),
    ("secretary", "department", "leader", ValidationError, "role"),
    ("secretary", "department", "iso_secretary", ValidationError, "role"),
    ("secretary", "department", "coordinator", ValidationError, "role"),
    ("secretary", "dost", "staff", PermissionDenied, None),
    ("secretary", "sub_department", "staff", PermissionDenied, None),
    ("secretary", "province", "staff", PermissionDenied, None),
    ("staff_user", "department", "staff", PermissionDenied, None),
    ("outsider", "department", "staff", PermissionDenied, None),
    ("outsider", "province", "coordinator", PermissionDenied, None),
    ("coordinator", "department", "chief", ValidationError, "role"),
]


@pytest.fixture
def sub_department(department):
    return make_org("sub_department", department, name="Trung tâm Trợ giúp pháp lý nhà nước", code="22-STP-TGPL")


@pytest.mark.parametrize(("actor", "org", "role", "exception", "key"), GRANT_REFUSALS)
def test_grant_refusals_write_nothing(request, dost, unit, sub_department, actor, org, role, exception, key):
    actor = request.getfixturevalue(actor)
    org = request.getfixturevalue(org)
    user = UserFactory()
    before = counts()

    with pytest.raises(exception) as excinfo:
        services.membership_grant(actor=actor, user=user, organisation=org, role=role)

    if key is not None:
        assert set(excinfo.value.message_dict) == {key}
    assert counts() == before
    assert not Membership.objects.filter(user=user).exists()


def test_subtree_role_cannot_be_held_at_an_internal_unit_even_when_granted_by_the_system(unit):
    user = UserFactory()

    for role in ("admin", "coordinator", "inspector"):
        with pytest.raises(ValidationError) as excinfo:
            services.membership_grant(actor=None, user=user, organisation=unit, role=role)
        assert set(excinfo.value.message_dict) == {"organisation"}
    assert not Membership.objects.filter(user=user).exists()


@pytest.mark.parametrize("role", ["staff", "auditor"])
@pytest.mark.parametrize("org", ["department", "unit"])
def test_secretary_grants_staff_and_auditor_in_own_agency(request, secretary, role, org):
    org = request.getfixturevalue(org)
    user = UserFactory()

    membership = services.membership_grant(actor=secretary, user=user, organisation=org, role=role)

    assert (membership.role, membership.organisation_id, membership.granted_by_id) == (role, org.pk, secretary.pk)


@pytest.mark.parametrize("role", ["coordinator", "inspector", "leader", "iso_secretary", "auditor", "staff"])
def test_coordinator_grants_everything_but_admin_in_own_province(coordinator, department, role):
    membership = services.membership_grant(actor=coordinator, user=UserFactory(), organisation=department, role=role)

    assert membership.is_active is True


def test_duplicate_active_grant_refused(secretary, department):
    user = UserFactory()
    services.membership_grant(actor=secretary, user=user, organisation=department, role="staff")
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.membership_grant(actor=secretary, user=user, organisation=department, role="staff")

    assert set(excinfo.value.message_dict) == {"role"}
    assert counts() == before


def test_same_user_may_hold_different_roles_at_one_agency(secretary, department):
    user = UserFactory()
    services.membership_grant(actor=secretary, user=user, organisation=department, role="staff")
    services.membership_grant(actor=secretary, user=user, organisation=department, role="auditor")

    assert sorted(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["auditor", "staff"]


def test_revoke_then_regrant_reactivates_the_same_membership(secretary, department):
    user = UserFactory()
    membership = services.membership_grant(
        actor=secretary, user=user, organisation=department, role="staff", position="Chuyên viên"
    )
    assert policy.has_perm(user, Perm.VIEW, department) is True

    services.membership_revoke(actor=secretary, membership=membership)

    stored = Membership.objects.get(pk=membership.pk)
    assert stored.is_active is False
    revoke_event = AuditEvent.objects.latest("id")
    assert (revoke_event.verb, revoke_event.actor, revoke_event.scope_path) == (
        "membership.revoke",
        secretary,
        department.path,
    )
    assert revoke_event.changes == {"is_active": {"before": True, "after": False}}
    assert policy.has_perm(user, Perm.VIEW, department) is False  # same user object: cache dropped

    again = services.membership_grant(
        actor=secretary, user=user, organisation=department, role="staff", position="Chuyên viên chính"
    )

    assert again.pk == membership.pk
    stored = Membership.objects.get(pk=membership.pk)
    assert (stored.is_active, stored.position) == (True, "Chuyên viên chính")
    assert Membership.objects.filter(user=user).count() == 1
    history = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Membership), target_id=str(membership.pk)
    ).order_by("id")
    assert list(history.values_list("verb", flat=True)) == [
        "membership.grant",
        "membership.revoke",
        "membership.grant",
    ]
    assert policy.has_perm(user, Perm.VIEW, department) is True


def test_regrant_without_position_keeps_the_old_one(department):
    user = UserFactory()
    membership = grant(user, department, "staff", position="Chuyên viên")
    services.membership_revoke(actor=None, membership=membership)

    grant(user, department, "staff")

    assert Membership.objects.get(pk=membership.pk).position == "Chuyên viên"


def test_revoking_twice_is_refused(secretary, staff_user):
    membership = Membership.objects.get(user=staff_user)
    services.membership_revoke(actor=secretary, membership=membership)
    before = counts()

    with pytest.raises(ValidationError):
        services.membership_revoke(actor=secretary, membership=Membership.objects.get(pk=membership.pk))

    assert counts() == before


def test_revoking_own_coordinator_role_is_refused(coordinator):
    membership = Membership.objects.get(user=coordinator)
    before = counts()

    with pytest.raises(ValidationError):
        services.membership_revoke(actor=coordinator, membership=membership)

    assert Membership.objects.get(pk=membership.pk).is_active is True
    assert counts() == before


def test_superadmin_revokes_a_coordinator(superadmin, coordinator, department):
    assert policy.has_perm(coordinator, Perm.VIEW, department) is True  # fills this object's cache
    membership = Membership.objects.get(user=coordinator)  # holds another object for the same user

    services.membership_revoke(actor=superadmin, membership=membership)

    assert Membership.objects.get(pk=membership.pk).is_active is False
    # The cache lives on the user object (one request); a fresh load or ``forget`` sees the change.
    assert policy.has_perm(type(coordinator).objects.get(pk=coordinator.pk), Perm.VIEW, department) is False
    policy.forget(coordinator)
    assert policy.has_perm(coordinator, Perm.VIEW, department) is False


@pytest.mark.parametrize(
    ("actor", "role"),
    [("secretary", "leader"), ("staff_user", "staff"), ("outsider", "iso_secretary")],
)
def test_revoke_permission_denied_changes_nothing(request, department, actor, role):
    membership = grant(UserFactory(), department, role)
    actor = request.getfixturevalue(actor)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.membership_revoke(actor=actor, membership=membership)

    assert Membership.objects.get(pk=membership.pk).is_active is True
    assert counts() == before


# --- units_import ------------------------------------------------------------------------------

QUANG_NINH_WARDS = list(Ward.iter_by_province(22))


def test_the_quang_ninh_catalogue_is_what_the_tests_expect():
    assert len(QUANG_NINH_WARDS) == 54
    assert sum(1 for _ in Province.iter_all()) == 34
    assert sum(1 for _ in Ward.iter_all()) == 3321


def test_import_one_province(superadmin):
    result = services.units_import(actor=superadmin, province="22")

    assert (result.created, result.updated, result.unchanged, result.total) == (55, 0, 0, 55)
    assert sorted(result.created_codes) == sorted(["22", *(f"{int(w.code):05d}" for w in QUANG_NINH_WARDS)])
    province = Organisation.objects.get(code="22")
    assert (province.name, province.kind, province.parent_id, province.depth) == (
        "UBND tỉnh Quảng Ninh",
        "province",
        None,
        0,
    )
    assert (province.path, province.agency_id) == (seg(province), province.pk)
    communes = Organisation.objects.filter(kind="commune")
    assert communes.count() == 54
    assert Organisation.objects.count() == 55
    assert set(communes.values_list("parent_id", "depth")) == {(province.pk, 1)}
    assert all(c.path == province.path + seg(c) and c.agency_id == c.pk for c in communes)
    assert set(Organisation.objects.values_list("official", "valid_from", "valid_to")) == {
        (True, dt.date(2025, 7, 1), None)
    }
    names = dict(communes.values_list("code", "name"))
    assert names["06688"] == "UBND phường Hạ Long"
    assert names["07054"] == "UBND xã Quảng La"
    assert names["07192"] == "UBND đặc khu Cô Tô"
    assert {n.split()[1] for n in names.values()} == {"phường", "xã", "đặc"}
    assert sum(n.startswith("UBND phường ") for n in names.values()) == 30
    assert sum(n.startswith("UBND xã ") for n in names.values()) == 22
    assert sum(n.startswith("UBND đặc khu ") for n in names.values()) == 2

    event = AuditEvent.objects.get(verb="organisation.import_units")
    assert (event.actor, event.target_id, event.scope_path) == (superadmin, str(province.pk), province.path)
    assert event.changes == {
        "created": {"before": None, "after": 55},
        "updated": {"before": None, "after": 0},
        "updated_codes": {"before": None, "after": []},
    }


def test_import_twice_changes_nothing(superadmin):
    services.units_import(actor=superadmin, province="22")
    snapshot = list(Organisation.objects.values_list("code", "name", "path", "version", "updated_at"))
    events = AuditEvent.objects.count()

    result = services.units_import(actor=superadmin, province="22")

    assert (result.created, result.updated, result.unchanged) == (0, 0, 55)
    assert (result.created_codes, result.updated_codes) == ([], [])
    assert list(Organisation.objects.values_list("code", "name", "path", "version", "updated_at")) == snapshot
    assert AuditEvent.objects.count() == events


def test_reimport_restores_a_renamed_commune(superadmin):
    services.units_import(actor=None, province="22")
    Organisation.objects.filter(code="06688").update(name="Phường Hạ Long (sửa tay)")

    result = services.units_import(actor=superadmin, province="22")

    assert (result.created, result.updated, result.unchanged) == (0, 1, 54)
    assert result.updated_codes == ["06688"]
    assert Organisation.objects.get(code="06688").name == "UBND phường Hạ Long"
    event = AuditEvent.objects.filter(verb="organisation.import_units").latest("id")
    assert event.changes["updated"] == {"before": None, "after": 1}
    assert event.changes["updated_codes"] == {"before": None, "after": ["06688"]}


def test_import_adopts_existing_organisations_with_official_codes(province, department, commune):
    result = services.units_import(actor=None, province="22")

    # Province "22" and commune "06688" existed with the right names but were not marked official.
    assert (result.created, result.updated, result.unchanged) == (53, 2, 0)
    assert sorted(result.updated_codes) == ["06688", "22"]
    assert Organisation.objects.filter(code="22").count() == 1
    assert fresh(province).official is True
    assert fresh(commune).official is True
    assert Organisation.objects.filter(kind="commune", parent=province).count() == 54
    assert fresh(department).path == seg(province) + seg(department)


@pytest.mark.parametrize("code", ["99", "abc", "", "0"])
def test_import_unknown_province_is_refused(superadmin, code):
    with pytest.raises(ValidationError) as excinfo:
        services.units_import(actor=superadmin, province=code)

    assert set(excinfo.value.message_dict) == {"province"}
    assert Organisation.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("actor", ["coordinator", "staff_user"])
def test_import_needs_the_superadmin(request, actor):
    actor = request.getfixturevalue(actor)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.units_import(actor=actor, province="22")

    assert counts() == before


def test_import_by_an_inactive_superuser_is_denied(db):
    with pytest.raises(PermissionDenied):
        services.units_import(actor=UserFactory(is_superuser=True, is_active=False), province="22")
    assert Organisation.objects.count() == 0


@pytest.mark.slow
def test_import_all_units(superadmin):
    result = services.units_import(actor=superadmin)

    assert (result.created, result.updated, result.unchanged) == (3355, 0, 0)
    assert Organisation.objects.filter(kind="province", parent__isnull=True, depth=0).count() == 34
    assert Organisation.objects.filter(kind="commune", depth=1).count() == 3321
    assert Organisation.objects.count() == 3355
    assert not Organisation.objects.filter(path__startswith="tmp-").exists()
    # Every commune sits under the province its code belongs to.
    province_of = {f"{int(w.code):05d}": f"{int(w.province_code):02d}" for w in Ward.iter_all()}
    rows = Organisation.objects.filter(kind="commune").values_list("code", "parent__code", "path", "parent__path")
    assert all(
        province_of[code] == parent_code and path.startswith(parent_path)
        for code, parent_code, path, parent_path in rows
    )
    assert Organisation.objects.get(code="22").name == "UBND tỉnh Quảng Ninh"
    assert Organisation.objects.get(code="24").name == "UBND tỉnh Bắc Ninh"
    event = AuditEvent.objects.get(verb="organisation.import_units")
    assert (event.target_id, event.scope_path) == ("", "")

    again = services.units_import(actor=superadmin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3355)
    assert AuditEvent.objects.filter(verb="organisation.import_units").count() == 1
