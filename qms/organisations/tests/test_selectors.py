"""Reads shown to users: one-object access (404 when forbidden), lists, the tree, the audit log."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qms.core import audit
from qms.core.models import AuditEvent
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.organisations import policy, selectors, services
from qms.organisations.models import ALLOWED_PARENT_KINDS, Organisation, OrganisationKind, path_segment
from qms.organisations.policy import Perm

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def codes(qs) -> set[str]:
    return {o.code for o in qs}


# --- organisation_get_for_user -------------------------------------------------------------------


def test_get_returns_a_visible_organisation(coordinator, department):
    org = selectors.organisation_get_for_user(coordinator, department.pk)

    assert org == department
    assert org.parent.code == "22"
    assert org.agency == department


def test_get_accepts_a_numeric_string(coordinator, department):
    assert selectors.organisation_get_for_user(coordinator, str(department.pk)) == department


@pytest.mark.parametrize("target", ["department", "unit", "province", "dost"])
def test_get_of_another_provinces_object_is_404(outsider, dost, unit, request, target):
    org = request.getfixturevalue(target)

    with pytest.raises(Http404):
        selectors.organisation_get_for_user(outsider, org.pk)


@pytest.mark.parametrize("pk", ["abc", "1.5", "", None, "12abc", [1]])
def test_get_of_a_non_numeric_id_is_404(coordinator, pk):
    with pytest.raises(Http404):
        selectors.organisation_get_for_user(coordinator, pk)


def test_get_of_a_missing_id_is_404(superadmin, department):
    with pytest.raises(Http404):
        selectors.organisation_get_for_user(superadmin, department.pk + 1000)


def test_get_checks_the_requested_permission(secretary, department, unit, dost):
    assert selectors.organisation_get_for_user(secretary, unit.pk) == unit
    assert selectors.organisation_get_for_user(secretary, unit.pk, Perm.MANAGE_UNITS) == unit
    with pytest.raises(Http404):
        selectors.organisation_get_for_user(secretary, department.pk, Perm.MANAGE_TREE)
    with pytest.raises(Http404):
        selectors.organisation_get_for_user(secretary, dost.pk)


def test_get_for_anonymous_is_404(department):
    with pytest.raises(Http404):
        selectors.organisation_get_for_user(AnonymousUser(), department.pk)


def test_superadmin_gets_anything(superadmin, other_province, unit):
    assert selectors.organisation_get_for_user(superadmin, other_province.pk) == other_province
    assert selectors.organisation_get_for_user(superadmin, unit.pk, Perm.VIEW_AUDIT_LOG) == unit


# --- organisation_list_for_user --------------------------------------------------------------------


@pytest.fixture
def listing(province, other_province, dost, department, commune, unit):
    """Adds a historical district (ended yesterday), one ending today and a Bắc Ninh department."""
    today = timezone.localdate()
    make_org(
        "district",
        province,
        name="UBND huyện Hoành Bồ",
        code="22-HB",
        valid_from=dt.date(2001, 1, 1),
        valid_to=today - dt.timedelta(days=1),
    )
    make_org("district", province, name="UBND huyện Ba Chẽ", code="22-BC", valid_to=today)
    make_org("unit", department, name="Phòng Hành chính tư pháp", code="22-STP-HCTP")
    make_org("department", other_province, name="Sở Tư pháp tỉnh Bắc Ninh", code="24-STP")


def test_list_current_by_default_in_name_order(listing, coordinator):
    orgs = list(selectors.organisation_list_for_user(coordinator))

    assert [o.code for o in orgs] == [
        "22-STP-HCTP",  # Phòng Hành chính tư pháp
        "22-SKHCN",  # Sở Khoa học và Công nghệ
        "22-STP",  # Sở Tư pháp
        "22-BC",  # UBND huyện Ba Chẽ (ends today: still current)
        "06688",  # UBND phường Hạ Long
        "22",  # UBND tỉnh Quảng Ninh
        "22-STP-VP",  # Văn phòng Sở
    ]


def test_list_status_filters(listing, coordinator):
    assert codes(selectors.organisation_list_for_user(coordinator, status="historical")) == {"22-HB"}
    assert codes(selectors.organisation_list_for_user(coordinator, status="all")) == {
        "22",
        "22-SKHCN",
        "22-STP",
        "22-STP-VP",
        "22-STP-HCTP",
        "06688",
        "22-HB",
        "22-BC",
    }


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("tư pháp", {"22-STP", "22-STP-HCTP"}),
        ("Sở pháp", {"22-STP"}),  # every term must match
        ("khoa học", {"22-SKHCN"}),
        ("SKHCN", {"22-SKHCN"}),  # the code
        ("06688", {"06688"}),
        ("phường", {"06688"}),
        ("  ", {"22", "22-SKHCN", "22-STP", "22-STP-VP", "22-STP-HCTP", "06688", "22-BC"}),
        ("Bắc Ninh", set()),  # exists, but in another province
        ("không có", set()),
    ],
)
def test_list_search(listing, coordinator, search, expected):
    assert codes(selectors.organisation_list_for_user(coordinator, search=search)) == expected


def test_list_search_by_short_name(listing, coordinator):
    assert codes(selectors.organisation_list_for_user(coordinator, search="KH&CN")) == {"22-SKHCN"}


def test_list_kind_and_within(listing, coordinator, department):
    assert codes(selectors.organisation_list_for_user(coordinator, kind="unit")) == {"22-STP-VP", "22-STP-HCTP"}
    assert codes(selectors.organisation_list_for_user(coordinator, kind="district", status="all")) == {
        "22-HB",
        "22-BC",
    }
    assert codes(selectors.organisation_list_for_user(coordinator, within=department)) == {
        "22-STP",
        "22-STP-VP",
        "22-STP-HCTP",
    }
    assert codes(selectors.organisation_list_for_user(coordinator, within=department, search="văn")) == {"22-STP-VP"}


def test_list_is_scoped(listing, outsider, secretary, superadmin, other_province):
    assert codes(selectors.organisation_list_for_user(outsider)) == {"24", "24-STP"}
    assert codes(selectors.organisation_list_for_user(outsider, within=other_province, search="tư pháp")) == {"24-STP"}
    assert codes(selectors.organisation_list_for_user(secretary)) == {"22-STP", "22-STP-VP", "22-STP-HCTP"}
    assert codes(selectors.organisation_list_for_user(secretary, perm=Perm.MANAGE_TREE)) == set()
    assert codes(selectors.organisation_list_for_user(AnonymousUser())) == set()
    assert len(selectors.organisation_list_for_user(superadmin, status="all")) == 10


def test_list_within_someone_elses_subtree_is_empty(listing, outsider, department):
    assert codes(selectors.organisation_list_for_user(outsider, within=department)) == set()


# --- organisation_tree_for_user --------------------------------------------------------------------


def render(node: selectors.TreeNode) -> tuple:
    return (node.organisation.name, node.member_count, [render(c) for c in node.children])


@pytest.fixture
def tree(province, dost, department, commune, unit, coordinator, secretary, staff_user):
    today = timezone.localdate()
    make_org("unit", province, name="Văn phòng UBND tỉnh", code="22-VP")
    make_org("district", province, name="UBND huyện Hoành Bồ", code="22-HB", valid_to=today - dt.timedelta(days=1))
    make_org("unit", department, name="Phòng Hành chính tư pháp", code="22-STP-HCTP")
    tgpl = make_org("sub_department", department, name="Trung tâm Trợ giúp pháp lý nhà nước", code="22-STP-TGPL")
    make_org("unit", tgpl, name="Phòng Nghiệp vụ", code="22-STP-TGPL-NV")
    make_org("unit", unit, name="Tổ Một cửa", code="22-STP-VP-MC")
    # One person with two roles at the Sở KH&CN, and a revoked membership at the commune.
    person = UserFactory(full_name="Đỗ Minh Giang")
    grant(person, dost, "staff")
    grant(person, dost, "auditor")
    services.membership_revoke(actor=None, membership=grant(UserFactory(), commune, "staff"))
    return tgpl


def test_tree_structure_order_and_member_counts(tree, coordinator, province):
    top = selectors.organisation_tree_for_user(coordinator, province, include_units=True)

    assert render(top) == (
        "UBND tỉnh Quảng Ninh",
        1,
        [
            ("Sở Khoa học và Công nghệ", 1, []),  # one person holding two roles
            (
                "Sở Tư pháp",
                2,
                [
                    ("Trung tâm Trợ giúp pháp lý nhà nước", 0, [("Phòng Nghiệp vụ", 0, [])]),
                    ("Phòng Hành chính tư pháp", 0, []),
                    ("Văn phòng Sở", 0, [("Tổ Một cửa", 0, [])]),
                ],
            ),
            ("UBND huyện Hoành Bồ", 0, []),
            ("UBND phường Hạ Long", 0, []),  # the revoked membership does not count
            ("Văn phòng UBND tỉnh", 0, []),
        ],
    )
    assert top.descendant_count == 10


def test_tree_without_historical_nodes(tree, coordinator, province):
    top = selectors.organisation_tree_for_user(coordinator, province, include_historical=False, include_units=True)

    assert [c.organisation.code for c in top.children] == ["22-SKHCN", "22-STP", "06688", "22-VP"]
    assert top.descendant_count == 9


def test_tree_of_a_subtree(tree, coordinator, department):
    top = selectors.organisation_tree_for_user(coordinator, department)

    assert render(top) == (
        "Sở Tư pháp",
        2,
        [
            ("Trung tâm Trợ giúp pháp lý nhà nước", 0, [("Phòng Nghiệp vụ", 0, [])]),
            ("Phòng Hành chính tư pháp", 0, []),
            ("Văn phòng Sở", 0, [("Tổ Một cửa", 0, [])]),
        ],
    )


def test_tree_for_an_agency_role_stops_at_sub_agencies(tree, secretary, department):
    top = selectors.organisation_tree_for_user(secretary, department)

    assert render(top) == (
        "Sở Tư pháp",
        2,
        [("Phòng Hành chính tư pháp", 0, []), ("Văn phòng Sở", 0, [("Tổ Một cửa", 0, [])])],
    )


@pytest.mark.parametrize("user", ["outsider", "secretary"])
def test_tree_of_an_invisible_root_is_404(tree, request, province, user):
    with pytest.raises(Http404):
        selectors.organisation_tree_for_user(request.getfixturevalue(user), province)


def test_tree_for_anonymous_is_404(province):
    with pytest.raises(Http404):
        selectors.organisation_tree_for_user(AnonymousUser(), province)


def build_province(size: int) -> Organisation:
    """A province with ``size`` organisations in all: departments (one member each) with units."""
    root = make_org("province")
    made = 1
    departments: list[Organisation] = []
    while made < size:
        if len(departments) * 5 <= made:
            departments.append(make_org("department", root))
        else:
            make_org("unit", departments[made % len(departments)])
        made += 1
    for i, dep in enumerate(departments):
        grant(UserFactory(), dep, "staff" if i % 2 else "iso_secretary")
    assert Organisation.objects.subtree_of(root).count() == size
    return root


@pytest.mark.parametrize("size", [5, 60])
def test_tree_query_count_is_constant(db, django_assert_num_queries, size):
    root = build_province(size)
    coordinator = UserFactory()
    grant(coordinator, root, "coordinator")
    superadmin = UserFactory(is_superuser=True)
    policy.forget(coordinator)

    with django_assert_num_queries(3):  # the user's grants, the organisations, the member counts
        top = selectors.organisation_tree_for_user(coordinator, root, include_units=True)
    assert top.descendant_count == size - 1

    with django_assert_num_queries(2):  # grants already cached on the user object
        selectors.organisation_tree_for_user(coordinator, root, include_units=True)

    with django_assert_num_queries(2):  # a superuser needs no grants
        top = selectors.organisation_tree_for_user(superadmin, root, include_units=True)
    assert top.descendant_count == size - 1
    assert top.member_count == 1
    assert [c.member_count for c in top.children] == [1] * len(top.children)  # one person per department


# --- audit_event_list_for_user ----------------------------------------------------------------------

ROLE_COORDINATOR = "Đơn vị chủ trì (Sở KH&CN)"


@pytest.fixture
def events(coordinator, secretary, outsider, department, unit):
    """Audit trail: the fixtures' creations and grants, plus one edit by the coordinator."""
    services.organisation_update(actor=coordinator, organisation=department, expected_version=1, phone="0203 1")


def seen(qs) -> set[tuple[str, str]]:
    return {(e.verb, e.target_repr) for e in qs}


QUANG_NINH_EVENTS = {
    ("organisation.create", "UBND tỉnh Quảng Ninh"),
    ("organisation.create", "Sở Tư pháp"),
    ("organisation.create", "Văn phòng Sở"),
    ("membership.grant", f"Trần Thị Bình — {ROLE_COORDINATOR} — UBND tỉnh Quảng Ninh"),
    ("membership.grant", "Lê Văn Cường — Thư ký ISO — Sở Tư pháp"),
    ("organisation.update", "Sở Tư pháp"),
}
BAC_NINH_EVENTS = {
    ("organisation.create", "UBND tỉnh Bắc Ninh"),
    ("membership.grant", f"Hoàng Văn Em — {ROLE_COORDINATOR} — UBND tỉnh Bắc Ninh"),
}


def test_coordinator_sees_the_audit_trail_of_their_province_only(events, coordinator, outsider):
    qs = selectors.audit_event_list_for_user(coordinator)

    assert seen(qs) == QUANG_NINH_EVENTS
    assert len(qs) == 6
    assert [e.pk for e in qs] == sorted((e.pk for e in qs), reverse=True)  # newest first
    assert seen(selectors.audit_event_list_for_user(outsider)) == BAC_NINH_EVENTS


@pytest.mark.parametrize("user", ["secretary", "staff_user"])
def test_agency_roles_do_not_read_the_audit_trail(events, request, user):
    assert list(selectors.audit_event_list_for_user(request.getfixturevalue(user))) == []


def test_anonymous_reads_no_audit_trail(events):
    assert list(selectors.audit_event_list_for_user(AnonymousUser())) == []


def test_superadmin_sees_every_event_including_installation_wide_ones(events, superadmin):
    audit.record(actor=None, verb="organisation.import_units", scope_path="", changes={})

    qs = selectors.audit_event_list_for_user(superadmin)

    assert seen(qs) == QUANG_NINH_EVENTS | BAC_NINH_EVENTS | {("organisation.import_units", "")}
    assert qs.count() == AuditEvent.objects.count() == 9


def test_installation_wide_events_are_hidden_from_coordinators(events, coordinator):
    audit.record(actor=None, verb="organisation.import_units", scope_path="", changes={})

    assert ("organisation.import_units", "") not in seen(selectors.audit_event_list_for_user(coordinator))


def test_audit_filters(events, coordinator, department):
    def listed(**filters):
        return seen(selectors.audit_event_list_for_user(coordinator, **filters))

    assert listed(verb="membership.grant") == {e for e in QUANG_NINH_EVENTS if e[0] == "membership.grant"}
    assert listed(verb="organisation.update") == {("organisation.update", "Sở Tư pháp")}
    assert listed(verb="organisation.delete") == set()
    assert listed(actor_search="Bình") == {("organisation.update", "Sở Tư pháp")}
    assert listed(actor_search=coordinator.username) == {("organisation.update", "Sở Tư pháp")}
    assert listed(actor_search="Hệ thống") == QUANG_NINH_EVENTS - {("organisation.update", "Sở Tư pháp")}
    assert listed(search="Văn phòng") == {("organisation.create", "Văn phòng Sở")}
    assert listed(within=department) == {
        ("organisation.create", "Sở Tư pháp"),
        ("organisation.create", "Văn phòng Sở"),
        ("membership.grant", "Lê Văn Cường — Thư ký ISO — Sở Tư pháp"),
        ("organisation.update", "Sở Tư pháp"),
    }
    assert listed(within=department, verb="organisation.create", search="Sở Tư") == {
        ("organisation.create", "Sở Tư pháp")
    }


def test_audit_date_filters_use_the_local_date(events, coordinator):
    old = AuditEvent.objects.get(target_repr="Văn phòng Sở")
    # 00:30 on 15 January in Việt Nam is still 14 January in UTC.
    AuditEvent.objects.filter(pk=old.pk).update(created_at=dt.datetime(2025, 1, 15, 0, 30, tzinfo=HANOI))
    today = timezone.localdate()

    def listed(**filters):
        return seen(selectors.audit_event_list_for_user(coordinator, **filters))

    assert listed(date_to=dt.date(2025, 1, 31)) == {("organisation.create", "Văn phòng Sở")}
    assert listed(date_from=dt.date(2025, 1, 15), date_to=dt.date(2025, 1, 15)) == {
        ("organisation.create", "Văn phòng Sở")
    }
    assert listed(date_to=dt.date(2025, 1, 14)) == set()
    assert listed(date_from=dt.date(2025, 1, 16)) == QUANG_NINH_EVENTS - {("organisation.create", "Văn phòng Sở")}
    assert listed(date_from=today, date_to=today) == QUANG_NINH_EVENTS - {("organisation.create", "Văn phòng Sở")}
    assert listed(date_from=today + dt.timedelta(days=1)) == set()


# --- Property: subtree_of agrees with walking parent pointers ---------------------------------------

MAX_DEPTH = 6
CHILD_KINDS = {
    parent_kind: [k for k, parents in ALLOWED_PARENT_KINDS.items() if parent_kind in parents]
    for parent_kind in [*OrganisationKind.values, None]
}


def walk_up(pk: int, parent_of: dict[int, int | None]) -> list[int]:
    """[root, …, pk] by following parent pointers."""
    chain = [pk]
    while parent_of[chain[-1]] is not None:
        chain.append(parent_of[chain[-1]])
    return chain[::-1]


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_subtree_of_matches_a_walk_over_parent_pointers(db, data):
    with transaction.atomic():
        orgs: list[Organisation] = []
        size = data.draw(st.integers(min_value=1, max_value=25), label="size")
        for _ in range(size):
            candidates = [o for o in orgs if o.depth < MAX_DEPTH and CHILD_KINDS[o.kind]]
            parent = data.draw(st.none() | st.sampled_from(candidates) if candidates else st.none(), label="parent")
            kind = data.draw(st.sampled_from(CHILD_KINDS[parent.kind if parent else None]), label="kind")
            orgs.append(make_org(kind, parent))
        # A few moves, each to a parent outside the moved subtree that accepts its kind.
        for _ in range(data.draw(st.integers(min_value=0, max_value=3), label="moves")):
            current = {o.pk: o for o in Organisation.objects.all()}
            movable = [o for o in current.values() if o.parent_id is not None]
            if not movable:
                break
            node = data.draw(st.sampled_from(sorted(movable, key=lambda o: o.pk)), label="moved")
            targets = [
                o
                for o in current.values()
                if not o.path.startswith(node.path) and o.kind in ALLOWED_PARENT_KINDS[node.kind]
            ]
            if targets:
                target = data.draw(st.sampled_from(sorted(targets, key=lambda o: o.pk)), label="to")
                services.organisation_update(actor=None, organisation=node, expected_version=None, parent=target)

        stored = {o.pk: o for o in Organisation.objects.all()}
        parent_of = {pk: o.parent_id for pk, o in stored.items()}
        chains = {pk: walk_up(pk, parent_of) for pk in stored}
        for pk, org in stored.items():
            chain = chains[pk]
            assert org.path == "".join(path_segment(i) for i in chain)
            assert org.depth == len(chain) - 1
            agency = next(i for i in reversed(chain) if stored[i].kind != OrganisationKind.UNIT)
            assert org.agency_id == agency
        roots = data.draw(st.lists(st.sampled_from(sorted(stored)), min_size=1, max_size=5), label="roots")
        for root_pk in roots:
            expected = {pk for pk, chain in chains.items() if root_pk in chain}
            got = set(Organisation.objects.subtree_of(stored[root_pk]).values_list("pk", flat=True))
            assert got == expected
        transaction.set_rollback(True)


def test_province_tree_counts_internal_units_instead_of_listing_them(coordinator, province, department, unit):
    top = selectors.organisation_tree_for_user(coordinator, province)
    flat = {node.organisation.code: node for node, _depth in top.flatten()}
    assert unit.code not in flat
    assert flat[department.code].unit_count == 1
    agency_tree = selectors.organisation_tree_for_user(coordinator, department)
    assert [n.organisation.code for n, _d in agency_tree.flatten()] == [department.code, unit.code]
