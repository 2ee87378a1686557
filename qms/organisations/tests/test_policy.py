"""The permission policy: which organisations each role covers, with which permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from qms.core.tests.factories import UserFactory, grant, make_org
from qms.organisations import policy
from qms.organisations.models import Membership, Organisation, Role
from qms.organisations.policy import Perm

ALL_ROLES = ["admin", "coordinator", "inspector", "leader", "iso_secretary", "auditor", "staff"]
SUBTREE = ["admin", "coordinator", "inspector"]
NON_SUBTREE = ["leader", "iso_secretary", "auditor", "staff"]

# Every code of the tree built by the ``tree`` fixture.
QUANG_NINH = {
    "22",
    "22-VP",
    "22-SKHCN",
    "22-SKHCN-VP",
    "22-STP",
    "22-STP-VP",
    "22-STP-VP-HC",
    "22-STP-TGPL",
    "22-STP-TGPL-NV",
    "06688",
}
BAC_NINH = {"24", "24-STP"}
EVERYTHING = QUANG_NINH | BAC_NINH

# What a role covers, by where it is held.
SUBTREE_COVERS = {
    "22": QUANG_NINH,
    "22-STP": {"22-STP", "22-STP-VP", "22-STP-VP-HC", "22-STP-TGPL", "22-STP-TGPL-NV"},
    "22-STP-TGPL": {"22-STP-TGPL", "22-STP-TGPL-NV"},
    "06688": {"06688"},
}
AGENCY_COVERS = {
    "22": {"22", "22-VP"},
    "22-STP": {"22-STP", "22-STP-VP", "22-STP-VP-HC"},
    "22-STP-VP": {"22-STP", "22-STP-VP", "22-STP-VP-HC"},  # held at a unit: covers its agency
    "22-STP-VP-HC": {"22-STP", "22-STP-VP", "22-STP-VP-HC"},
    "22-STP-TGPL": {"22-STP-TGPL", "22-STP-TGPL-NV"},
    "06688": {"06688"},
}

# The permissions of each role, written out rather than read from the policy.
EVERY_PERM = {
    "organisation.view",
    "organisation.manage_tree",
    "organisation.manage_units",
    "people.manage",
    "people.manage_qms_team",
    "audit.view",
    "documents.manage",
    "documents.review",
    "documents.approve",
    "documents.view_drafts",
    "legal.add",
    "legal.manage",
    "obligations.view",
    "procedures.manage_catalogue",
    "procedures.view_coverage",
    "publication.prepare",
    "publication.issue",
    "assessments.view",
    "assessments.edit_self",
    "assessments.submit_self",
    "assessments.reopen",
    "assessments.manage_rubrics",
    "inspections.plan",
    "inspections.score",
    "inspections.answer_followup",
}
AGENCY_MANAGER_PERMS = {"organisation.view", "organisation.manage_units", "people.manage", "people.manage_qms_team"}
QMS_TEAM_PERMS = {
    "documents.manage",
    "documents.review",
    "documents.view_drafts",
    "legal.add",
    "obligations.view",
    "procedures.view_coverage",
    "publication.prepare",
    "assessments.view",
    "assessments.edit_self",
    "inspections.answer_followup",
}
# Issuing an agency's documents belongs to its own head, never to a supervisor above it.
AGENCY_ONLY = {
    "documents.manage",
    "documents.review",
    "documents.approve",
    "publication.prepare",
    "publication.issue",
    "assessments.edit_self",
    "assessments.submit_self",
    "inspections.answer_followup",
}
ROLE_PERMS = {
    "admin": EVERY_PERM - AGENCY_ONLY,
    "coordinator": EVERY_PERM - AGENCY_ONLY,
    "inspector": {
        "organisation.view",
        "documents.view_drafts",
        "obligations.view",
        "procedures.view_coverage",
        "assessments.view",
        "inspections.score",
    },
    "leader": AGENCY_MANAGER_PERMS
    | QMS_TEAM_PERMS
    | {"documents.approve", "publication.issue", "assessments.submit_self"},
    "iso_secretary": AGENCY_MANAGER_PERMS | QMS_TEAM_PERMS,
    "auditor": {"organisation.view", "documents.view_drafts"},
    "staff": {"organisation.view"},
}


@pytest.fixture
def tree(province, other_province, dost, department, commune, unit):
    """The conftest tree plus a sub-department, nested units and a department in Bắc Ninh."""
    orgs = [province, other_province, dost, department, commune, unit]
    orgs.append(make_org("unit", province, name="Văn phòng UBND tỉnh", code="22-VP"))
    orgs.append(make_org("unit", dost, name="Văn phòng Sở KH&CN", code="22-SKHCN-VP"))
    orgs.append(make_org("unit", unit, name="Tổ Hành chính - Quản trị", code="22-STP-VP-HC"))
    tgpl = make_org("sub_department", department, name="Trung tâm Trợ giúp pháp lý nhà nước", code="22-STP-TGPL")
    orgs.append(tgpl)
    orgs.append(make_org("unit", tgpl, name="Phòng Nghiệp vụ", code="22-STP-TGPL-NV"))
    orgs.append(make_org("department", other_province, name="Sở Tư pháp tỉnh Bắc Ninh", code="24-STP"))
    return {o.code: o for o in orgs}


def scoped_codes(user, perm=Perm.VIEW) -> set[str]:
    return set(Organisation.objects.filter(policy.scope_q(user, perm)).values_list("code", flat=True))


def covered_codes(user, tree, perm=Perm.VIEW) -> set[str]:
    return {code for code, org in tree.items() if policy.has_perm(user, perm, org)}


def user_with(tree, *holdings: tuple[str, str]):
    user = UserFactory()
    for role, code in holdings:
        grant(user, tree[code], role)
    return user


def test_tree_fixture_has_the_expected_codes(tree):
    assert set(tree) == EVERYTHING
    assert set(Organisation.objects.values_list("code", flat=True)) == EVERYTHING


# --- Coverage: subtree roles -------------------------------------------------------------------


@pytest.mark.parametrize("role", SUBTREE)
@pytest.mark.parametrize("held_at", sorted(SUBTREE_COVERS))
def test_subtree_role_covers_the_subtree_and_nothing_else(tree, role, held_at):
    user = user_with(tree, (role, held_at))
    expected = SUBTREE_COVERS[held_at]

    assert covered_codes(user, tree) == expected
    assert scoped_codes(user) == expected


@pytest.mark.parametrize("role", SUBTREE)
def test_subtree_role_at_department_covers_descendants_not_parent_or_siblings(tree, role):
    user = user_with(tree, (role, "22-STP"))

    for code in ("22-STP-VP", "22-STP-VP-HC", "22-STP-TGPL", "22-STP-TGPL-NV"):
        assert policy.has_perm(user, Perm.VIEW, tree[code]) is True, code
    for code in ("22", "22-VP", "22-SKHCN", "22-SKHCN-VP", "06688", "24", "24-STP"):
        assert policy.has_perm(user, Perm.VIEW, tree[code]) is False, code


# --- Coverage: agency roles --------------------------------------------------------------------


@pytest.mark.parametrize("role", NON_SUBTREE)
@pytest.mark.parametrize("held_at", sorted(AGENCY_COVERS))
def test_agency_role_covers_its_agency_and_internal_units_only(tree, role, held_at):
    user = user_with(tree, (role, held_at))
    expected = AGENCY_COVERS[held_at]

    assert covered_codes(user, tree) == expected
    assert scoped_codes(user) == expected


@pytest.mark.parametrize("role", NON_SUBTREE)
def test_agency_role_does_not_reach_sub_agencies_or_the_parent(tree, role):
    user = user_with(tree, (role, "22-STP"))

    assert policy.has_perm(user, Perm.VIEW, tree["22-STP-VP-HC"]) is True
    assert policy.has_perm(user, Perm.VIEW, tree["22-STP-TGPL"]) is False  # a sub-department is an agency
    assert policy.has_perm(user, Perm.VIEW, tree["22-STP-TGPL-NV"]) is False
    assert policy.has_perm(user, Perm.VIEW, tree["22"]) is False
    assert policy.has_perm(user, Perm.VIEW, tree["22-SKHCN"]) is False


# --- Permissions of each role ------------------------------------------------------------------


def test_perm_enum_is_exactly_the_documented_set():
    assert {p.value for p in Perm} == EVERY_PERM


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("perm", list(Perm))
def test_role_permission_matrix(tree, role, perm):
    user = user_with(tree, (role, "22-STP"))
    allowed = perm.value in ROLE_PERMS[role]
    coverage = SUBTREE_COVERS["22-STP"] if role in SUBTREE else AGENCY_COVERS["22-STP"]

    assert policy.has_perm(user, perm, tree["22-STP"]) is allowed
    assert scoped_codes(user, perm) == (coverage if allowed else set())


@pytest.mark.parametrize(("role", "perm"), [("staff", Perm.MANAGE_UNITS), ("iso_secretary", Perm.MANAGE_TREE)])
def test_require_raises_permission_denied_without_the_perm(tree, role, perm):
    user = user_with(tree, (role, "22-STP"))

    with pytest.raises(PermissionDenied):
        policy.require(user, perm, tree["22-STP"])


def test_require_lets_the_system_and_holders_through(tree):
    secretary = user_with(tree, ("iso_secretary", "22-STP"))

    assert policy.require(None, Perm.MANAGE_TREE, tree["24"]) is None
    assert policy.require(secretary, Perm.MANAGE_UNITS, tree["22-STP-VP"]) is None


def test_several_memberships_add_up(tree):
    user = user_with(tree, ("staff", "22-STP"), ("inspector", "24"))

    assert scoped_codes(user) == {"22-STP", "22-STP-VP", "22-STP-VP-HC", "24", "24-STP"}
    assert scoped_codes(user, Perm.MANAGE_UNITS) == set()


def test_redundant_subtree_grants_collapse_to_the_shorter_path(tree):
    user = user_with(tree, ("coordinator", "22-STP"), ("coordinator", "22"), ("inspector", "22-STP-TGPL"))

    q = policy.scope_q(user)

    assert scoped_codes(user) == QUANG_NINH
    # pk__in=[] plus exactly one path prefix: the nested grants were dropped.
    assert str(q).count("path__startswith") == 1


def test_scope_q_with_prefix_filters_related_rows(tree, coordinator, secretary, outsider):
    rows = Membership.objects.filter(policy.scope_q(secretary, prefix="organisation__"))
    assert {(m.user_id, m.role) for m in rows} == {(secretary.pk, "iso_secretary")}

    rows = Membership.objects.filter(policy.scope_q(coordinator, prefix="organisation__"))
    assert {(m.user_id, m.role) for m in rows} == {(coordinator.pk, "coordinator"), (secretary.pk, "iso_secretary")}


def test_scope_paths(tree, coordinator, secretary, superadmin):
    assert policy.scope_paths(coordinator, Perm.VIEW_AUDIT_LOG) == [tree["22"].path]
    assert policy.scope_paths(secretary, Perm.VIEW) == [tree["22-STP"].path]
    assert policy.scope_paths(secretary, Perm.VIEW_AUDIT_LOG) == []
    assert policy.scope_paths(superadmin, Perm.VIEW_AUDIT_LOG) is None

    unit_staff = user_with(tree, ("staff", "22-STP-VP-HC"))
    assert policy.scope_paths(unit_staff, Perm.VIEW) == [tree["22-STP"].path]


# --- Superuser, anonymous, inactive ----------------------------------------------------------


@pytest.mark.parametrize("perm", list(Perm))
def test_superuser_covers_everything(tree, superadmin, perm):
    assert covered_codes(superadmin, tree, perm) == EVERYTHING
    assert policy.scope_q(superadmin, perm) == Q()
    assert scoped_codes(superadmin, perm) == EVERYTHING


def test_superuser_roles_and_grantable(tree, superadmin):
    assert policy.roles_at(superadmin, tree["24-STP"]) == ["admin"]
    assert policy.grantable_roles(superadmin, tree["22-STP"]) == ALL_ROLES
    assert policy.grantable_roles(superadmin, tree["22-STP-VP"]) == ["leader", "iso_secretary", "auditor", "staff"]


def test_inactive_superuser_gets_nothing(tree):
    user = UserFactory(is_superuser=True, is_active=False)

    assert policy.is_superadmin(user) is False
    assert covered_codes(user, tree) == set()
    assert scoped_codes(user) == set()
    assert policy.grantable_roles(user, tree["22"]) == []


def test_anonymous_gets_nothing(tree):
    anonymous = AnonymousUser()

    assert policy.grants(anonymous) == ()
    assert policy.is_superadmin(anonymous) is False
    assert covered_codes(anonymous, tree) == set()
    assert scoped_codes(anonymous) == set()
    assert policy.scope_paths(anonymous, Perm.VIEW) == []
    assert policy.grantable_roles(anonymous, tree["22"]) == []
    assert policy.can_grant(anonymous, "staff", tree["22"]) is False
    assert policy.roles_at(anonymous, tree["22"]) == []


def test_inactive_membership_grants_nothing(tree):
    user = UserFactory()
    membership = grant(user, tree["22"], "coordinator")
    Membership.objects.filter(pk=membership.pk).update(is_active=False)
    policy.forget(user)

    assert policy.grants(user) == ()
    assert covered_codes(user, tree) == set()
    assert scoped_codes(user) == set()
    assert policy.grantable_roles(user, tree["22-STP"]) == []
    assert policy.roles_at(user, tree["22"]) == []


def test_inactive_membership_next_to_an_active_one(tree):
    user = UserFactory()
    grant(user, tree["22-STP"], "staff")
    membership = grant(user, tree["22"], "coordinator")
    Membership.objects.filter(pk=membership.pk).update(is_active=False)
    policy.forget(user)

    assert scoped_codes(user) == AGENCY_COVERS["22-STP"]
    assert policy.roles_at(user, tree["22-STP"]) == ["staff"]


# --- grantable_roles / can_grant ---------------------------------------------------------------


GRANTABLE_AT = {
    # (role held, held at, asked at): roles grantable there
    ("admin", "22", "22-STP"): ALL_ROLES,
    ("admin", "22", "22-STP-VP"): ["leader", "iso_secretary", "auditor", "staff"],
    ("admin", "22", "24"): [],
    ("coordinator", "22", "22"): ["coordinator", "inspector", "leader", "iso_secretary", "auditor", "staff"],
    ("coordinator", "22", "22-STP"): ["coordinator", "inspector", "leader", "iso_secretary", "auditor", "staff"],
    ("coordinator", "22", "22-STP-TGPL"): ["coordinator", "inspector", "leader", "iso_secretary", "auditor", "staff"],
    ("coordinator", "22", "22-STP-VP"): ["leader", "iso_secretary", "auditor", "staff"],
    ("coordinator", "22", "24-STP"): [],
    ("coordinator", "22-STP", "22"): [],
    ("inspector", "22", "22-STP"): [],
    ("leader", "22-STP", "22-STP"): ["leader", "iso_secretary", "auditor", "staff"],
    ("leader", "22-STP", "22-STP-VP-HC"): ["leader", "iso_secretary", "auditor", "staff"],
    ("leader", "22-STP", "22-STP-TGPL"): [],
    ("iso_secretary", "22-STP", "22-STP"): ["auditor", "staff"],
    ("iso_secretary", "22-STP", "22-STP-VP"): ["auditor", "staff"],
    ("iso_secretary", "22-STP", "22-SKHCN"): [],
    ("iso_secretary", "22-STP", "22-STP-TGPL"): [],
    ("iso_secretary", "22-STP", "22"): [],
    ("auditor", "22-STP", "22-STP"): [],
    ("staff", "22-STP", "22-STP"): [],
}


@pytest.mark.parametrize(("held", "held_at", "asked_at"), sorted(GRANTABLE_AT))
def test_grantable_roles_matrix(tree, held, held_at, asked_at):
    user = user_with(tree, (held, held_at))
    expected = GRANTABLE_AT[(held, held_at, asked_at)]

    assert policy.grantable_roles(user, tree[asked_at]) == expected
    for role in ALL_ROLES:
        assert policy.can_grant(user, role, tree[asked_at]) is (role in expected), role


def test_grantable_roles_of_several_memberships_are_merged_in_role_order(tree):
    user = user_with(tree, ("iso_secretary", "22-STP"), ("leader", "22-STP"))

    assert policy.grantable_roles(user, tree["22-STP"]) == ["leader", "iso_secretary", "auditor", "staff"]


def test_the_system_may_grant_anything(tree):
    for role in ALL_ROLES:
        assert policy.can_grant(None, role, tree["22-STP-VP"]) is True


# --- roles_at ------------------------------------------------------------------------------------


def test_roles_at_lists_inherited_and_local_roles_in_role_order(tree):
    user = user_with(tree, ("staff", "22-STP"), ("coordinator", "22"), ("auditor", "22-STP"))

    assert policy.roles_at(user, tree["22-STP"]) == ["coordinator", "auditor", "staff"]
    assert policy.roles_at(user, tree["22-STP-VP-HC"]) == ["coordinator", "auditor", "staff"]
    assert policy.roles_at(user, tree["22-STP-TGPL"]) == ["coordinator"]
    assert policy.roles_at(user, tree["22"]) == ["coordinator"]
    assert policy.roles_at(user, tree["24"]) == []


@pytest.mark.parametrize("role", ALL_ROLES)
def test_roles_at_the_holding_agency(tree, role):
    user = user_with(tree, (role, "22-STP"))

    assert policy.roles_at(user, tree["22-STP"]) == [role]
    assert policy.roles_at(user, tree["22"]) == []


# --- The per-user grant cache -----------------------------------------------------------------


def test_grants_are_loaded_once_per_user_object(tree, django_assert_num_queries):
    user = user_with(tree, ("staff", "22-STP"))
    policy.forget(user)

    with django_assert_num_queries(1):
        assert policy.has_perm(user, Perm.VIEW, tree["22-STP"]) is True
        assert policy.has_perm(user, Perm.VIEW, tree["22"]) is False
        policy.scope_q(user)
        policy.roles_at(user, tree["22-STP"])
        policy.grantable_roles(user, tree["22-STP"])

    assert policy.grants(user) == (
        policy.Grant(
            role="staff",
            organisation_id=tree["22-STP"].pk,
            path=tree["22-STP"].path,
            agency_id=tree["22-STP"].pk,
            subtree=False,
        ),
    )


def test_forget_drops_the_cached_grants(tree):
    user = UserFactory()
    assert policy.has_perm(user, Perm.VIEW, tree["22-STP"]) is False  # caches "no grants"

    # A membership written behind the policy's back is not seen until the cache is dropped.
    Membership.objects.create(user=user, organisation=tree["22-STP"], role=Role.STAFF)
    assert policy.has_perm(user, Perm.VIEW, tree["22-STP"]) is False

    policy.forget(user)
    assert policy.has_perm(user, Perm.VIEW, tree["22-STP"]) is True
    assert policy.roles_at(user, tree["22-STP"]) == ["staff"]


def test_forget_on_a_user_without_cache_is_harmless(db):
    user = UserFactory()
    policy.forget(user)
    policy.forget(AnonymousUser())
    assert not hasattr(user, "_qms_grants")


def test_membership_grant_refreshes_the_cache_of_the_same_user_object(tree):
    user = UserFactory()
    assert policy.has_perm(user, Perm.VIEW, tree["22-STP"]) is False

    grant(user, tree["22-STP"], "staff")

    assert policy.has_perm(user, Perm.VIEW, tree["22-STP"]) is True
