"""Every organisation page, asked by the four kinds of caller of DESIGN §8: anonymous, someone of
another province, someone whose role is not enough, and someone allowed. On every denial the
database is compared row by row before and after: nothing may change, no audit event may appear.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qms.core.models import AuditEvent
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.core.tests.pagekit import STALE_MESSAGE, audited, fresh, login_redirect, unchanged
from qms.organisations.models import Membership, Organisation, OrganisationLineage, Role


def edit_data(org: Organisation, **overrides: Any) -> dict[str, Any]:
    org = fresh(org)
    data = {
        "parent": org.parent_id or "",
        "name": org.name,
        "short_name": org.short_name,
        "code": org.code,
        "valid_from": org.valid_from.isoformat() if org.valid_from else "",
        "valid_to": org.valid_to.isoformat() if org.valid_to else "",
        "address": org.address,
        "email": org.email,
        "phone": org.phone,
        "website": org.website,
        "version": org.version,
    }
    data.update(overrides)
    return data


def create_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "department",
        "name": "Sở Nội vụ",
        "short_name": "SNV",
        "code": "22-SNV",
        "valid_from": "",
        "valid_to": "",
        "address": "Phường Hồng Gai, Quảng Ninh",
        "email": "snv@quangninh.gov.vn",
        "phone": "",
        "website": "",
    }
    data.update(overrides)
    return data


def lineage_data(other: Organisation, **overrides: Any) -> dict[str, Any]:
    data = {
        "direction": "predecessor",
        "other": other.pk,
        "event": "merge",
        "effective_date": "2025-07-01",
        "decision": "Nghị quyết số 1679/NQ-UBTVQH15",
    }
    data.update(overrides)
    return data


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def staff_membership(staff_user) -> Membership:
    return Membership.objects.get(user=staff_user, role=Role.STAFF)


@pytest.fixture
def leader(department):
    user = UserFactory(full_name="Đỗ Văn Giang")
    grant(user, department, Role.LEADER)
    return user


@pytest.fixture
def leader_membership(leader) -> Membership:
    return Membership.objects.get(user=leader, role=Role.LEADER)


@pytest.fixture
def nobody(db):
    """Logged in, but holding no role anywhere."""
    return UserFactory(full_name="Vũ Thị Hạnh")


@pytest.fixture
def world(province, other_province, dost, department, commune, unit, coordinator, secretary, staff_user, outsider):
    """The whole shared tree and its people, created once so every test sees the same rows."""
    return {
        "province": province,
        "other_province": other_province,
        "dost": dost,
        "department": department,
        "commune": commune,
        "unit": unit,
    }


# --- anonymous -----------------------------------------------------------------------------------

ANONYMOUS_CASES = [
    ("get", "organisations:tree", None),
    ("get", "organisations:list", None),
    ("get", "organisations:audit_log", None),
    ("get", "organisations:detail", "department"),
    ("get", "organisations:edit", "department"),
    ("post", "organisations:edit", "department"),
    ("get", "organisations:create", "province"),
    ("post", "organisations:create", "province"),
    ("get", "organisations:lineage_add", "department"),
    ("post", "organisations:lineage_add", "department"),
    ("post", "organisations:membership_revoke", "membership"),
]


@pytest.mark.parametrize(("method", "name", "target"), ANONYMOUS_CASES)
def test_anonymous_is_sent_to_the_login_page(client, world, staff_membership, method, name, target):
    objects = {**world, "membership": staff_membership}
    url = reverse(name, args=[objects[target].pk]) if target else reverse(name)
    payloads = {
        "organisations:edit": edit_data(world["department"], name="Đổi tên"),
        "organisations:create": create_data(),
        "organisations:lineage_add": lineage_data(world["commune"]),
    }

    with unchanged():
        response = client.post(url, payloads.get(name, {})) if method == "post" else client.get(url)

    assert response.status_code == 302
    assert response["Location"] == login_redirect(url)


def test_anonymous_redirect_keeps_the_query_string(client, world):
    url = reverse("organisations:list") + "?" + urlencode({"q": "Tư pháp", "kind": "department"})

    response = client.get(url)

    assert response.status_code == 302
    login, query = response["Location"].split("?", 1)
    assert login == reverse("login")
    back = QueryDict(query)["next"]
    assert back == url
    assert QueryDict(back.split("?", 1)[1])["q"] == "Tư pháp"


# --- another province ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name", "target"),
    [
        ("get", "organisations:detail", "department"),
        ("get", "organisations:detail", "province"),
        ("get", "organisations:detail", "unit"),
        ("get", "organisations:edit", "department"),
        ("post", "organisations:edit", "department"),
        ("get", "organisations:create", "province"),
        ("post", "organisations:create", "province"),
        ("get", "organisations:lineage_add", "department"),
        ("post", "organisations:lineage_add", "department"),
    ],
)
def test_other_province_gets_404_and_changes_nothing(client, world, outsider, method, name, target):
    client.force_login(outsider)
    url = reverse(name, args=[world[target].pk])
    payloads = {
        "organisations:edit": edit_data(world["department"], name="Sở Tư pháp (bị sửa)"),
        "organisations:create": create_data(),
        "organisations:lineage_add": lineage_data(world["commune"]),
    }

    with unchanged():
        response = getattr(client, method)(url, payloads.get(name, {}))

    assert response.status_code == 404


def test_other_province_cannot_link_its_own_unit_to_ours(client, world, outsider):
    """The outsider manages their own province: the picked 'other' must still be theirs."""
    client.force_login(outsider)
    url = reverse("organisations:lineage_add", args=[world["other_province"].pk])

    with unchanged():
        response = client.post(url, lineage_data(world["commune"]))

    assert response.status_code == 200
    assert "other" in response.context["form"].errors


def test_other_province_cannot_revoke_our_memberships(client, world, outsider, staff_membership):
    client.force_login(outsider)

    with unchanged():
        response = client.post(reverse("organisations:membership_revoke", args=[staff_membership.pk]))

    assert response.status_code == 404
    assert fresh(staff_membership).is_active is True


def test_other_province_cannot_root_the_tree_or_the_audit_log_in_our_province(client, world, outsider):
    client.force_login(outsider)

    assert client.get(reverse("organisations:tree"), {"root": world["province"].pk}).status_code == 404
    assert client.get(reverse("organisations:audit_log"), {"within": world["province"].pk}).status_code == 404


def test_other_province_list_shows_none_of_ours(client, world, outsider):
    client.force_login(outsider)

    response = client.get(reverse("organisations:list"), {"status": "all"})

    assert response.status_code == 200
    assert [o.code for o in response.context["page_obj"].object_list] == ["24"]


def test_missing_organisation_is_404_like_a_forbidden_one(client, world, coordinator):
    client.force_login(coordinator)
    missing = Organisation.objects.order_by("-pk").first().pk + 100

    for name in ("organisations:detail", "organisations:edit", "organisations:create", "organisations:lineage_add"):
        assert client.get(reverse(name, args=[missing])).status_code == 404
    assert client.post(reverse("organisations:membership_revoke", args=[missing])).status_code == 404
    assert client.get(reverse("organisations:tree"), {"root": "abc"}).status_code == 404


# --- insufficient role ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_cannot_edit_their_agency(client, world, staff_user, method):
    client.force_login(staff_user)
    department = world["department"]

    with unchanged():
        response = getattr(client, method)(
            reverse("organisations:edit", args=[department.pk]), edit_data(department, name="Đổi tên")
        )

    assert response.status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_cannot_add_units(client, world, staff_user, method):
    client.force_login(staff_user)

    with unchanged():
        response = getattr(client, method)(
            reverse("organisations:create", args=[world["department"].pk]),
            create_data(kind="unit", name="Phòng Hành chính tư pháp", code="22-STP-HCTP"),
        )

    assert response.status_code == 403


@pytest.mark.parametrize("user_fixture", ["staff_user", "secretary"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_agency_roles_cannot_record_lineage(client, world, request, user_fixture, method):
    """Lineage needs the tree-management permission: the selector hides the page (404)."""
    client.force_login(request.getfixturevalue(user_fixture))

    with unchanged():
        response = getattr(client, method)(
            reverse("organisations:lineage_add", args=[world["department"].pk]), lineage_data(world["unit"])
        )

    assert response.status_code == 404


def test_staff_cannot_see_another_agency_of_their_province(client, world, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("organisations:detail", args=[world["commune"].pk])).status_code == 404
    assert client.get(reverse("organisations:detail", args=[world["province"].pk])).status_code == 404
    assert client.get(reverse("organisations:detail", args=[world["department"].pk])).status_code == 200
    assert client.get(reverse("organisations:detail", args=[world["unit"].pk])).status_code == 200


def test_staff_cannot_revoke_a_colleagues_role(client, world, staff_user, leader_membership):
    client.force_login(staff_user)

    with unchanged():
        response = client.post(reverse("organisations:membership_revoke", args=[leader_membership.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_secretary_cannot_edit_the_agency_itself(client, world, secretary, method):
    """Secretaries manage internal units; the agency's own record belongs to the tree managers."""
    client.force_login(secretary)
    department = world["department"]

    with unchanged():
        response = getattr(client, method)(
            reverse("organisations:edit", args=[department.pk]), edit_data(department, name="Đổi tên")
        )

    assert response.status_code == 403


def test_secretary_cannot_add_an_agency_below_theirs(client, world, secretary):
    client.force_login(secretary)
    url = reverse("organisations:create", args=[world["department"].pk])

    with unchanged():
        response = client.post(url, create_data(kind="sub_department", name="Chi cục", code="22-STP-CC"))

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert [k for k, _label in response.context["form"].fields["kind"].choices] == ["unit"]


def test_secretary_cannot_revoke_a_role_above_theirs(client, world, secretary, leader_membership):
    client.force_login(secretary)

    with unchanged():
        response = client.post(reverse("organisations:membership_revoke", args=[leader_membership.pk]))

    assert response.status_code == 403
    assert fresh(leader_membership).is_active is True


@pytest.mark.parametrize("user_fixture", ["staff_user", "secretary", "nobody"])
def test_audit_log_needs_the_audit_permission(client, world, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))

    assert client.get(reverse("organisations:audit_log")).status_code == 403


def test_user_without_any_role_has_no_tree(client, world, nobody):
    client.force_login(nobody)

    assert client.get(reverse("organisations:tree")).status_code == 404
    response = client.get(reverse("organisations:list"))
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == []


def test_coordinator_cannot_revoke_their_own_coordinator_role(client, world, coordinator):
    client.force_login(coordinator)
    own = Membership.objects.get(user=coordinator, role=Role.COORDINATOR)

    with unchanged():
        response = client.post(reverse("organisations:membership_revoke", args=[own.pk]), follow=True)

    assert response.status_code == 200
    assert "không thể tự thu hồi" in response.content.decode()


def test_revoke_is_post_only(client, world, coordinator, staff_membership):
    client.force_login(coordinator)

    with unchanged():
        response = client.get(reverse("organisations:membership_revoke", args=[staff_membership.pk]))

    assert response.status_code == 405


# --- allowed: reading ----------------------------------------------------------------------------


def test_tree_shows_what_the_viewer_may_see(client, world, coordinator, staff_user):
    client.force_login(coordinator)
    response = client.get(reverse("organisations:tree"))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("UBND tỉnh Quảng Ninh", "Sở Tư pháp", "UBND phường Hạ Long", "1 phòng, ban"):
        assert name in body
    assert "Văn phòng Sở" not in body  # internal units are counted on the province tree, listed per agency
    assert "UBND tỉnh Bắc Ninh" not in body
    assert response.context["can_manage"] is True

    client.force_login(staff_user)
    response = client.get(reverse("organisations:tree"))
    assert response.status_code == 200
    assert response.context["root"] == world["department"]
    body = response.content.decode()
    assert "Văn phòng Sở" in body
    assert "UBND phường Hạ Long" not in body
    assert response.context["can_manage"] is False


def test_tree_can_hide_historical_units(client, world, coordinator):
    make_org("district", world["province"], name="Huyện Hoành Bồ", code="22-HB", valid_to=dt.date(2019, 12, 31))
    client.force_login(coordinator)

    assert "Huyện Hoành Bồ" in client.get(reverse("organisations:tree")).content.decode()
    assert "Huyện Hoành Bồ" not in client.get(reverse("organisations:tree"), {"historical": "0"}).content.decode()


def test_list_filters(client, world, coordinator):
    client.force_login(coordinator)
    url = reverse("organisations:list")

    def codes(**params: str) -> list[str]:
        response = client.get(url, params)
        assert response.status_code == 200
        return [o.code for o in response.context["page_obj"].object_list]

    assert sorted(codes()) == sorted(["22", "22-SKHCN", "22-STP", "06688", "22-STP-VP"])
    assert codes(kind="commune") == ["06688"]
    assert codes(q="Tư pháp") == ["22-STP"]
    assert codes(kind="nonsense") == codes()
    assert codes(status="historical") == []


def test_detail_for_an_allowed_viewer(client, world, coordinator, staff_user):
    client.force_login(coordinator)
    response = client.get(reverse("organisations:detail", args=[world["department"].pk]))

    assert response.status_code == 200
    assert response.context["organisation"] == world["department"]
    assert response.context["can_manage"] is True
    assert {m.user for m in response.context["memberships"]} >= {staff_user}
    assert [o.pk for o in response.context["ancestors"]] == [world["province"].pk]


def test_audit_log_is_limited_to_the_coordinators_province(client, world, coordinator, outsider):
    client.force_login(coordinator)

    response = client.get(reverse("organisations:audit_log"))

    assert response.status_code == 200
    province_path = world["province"].path
    shown = list(response.context["page_obj"].object_list)
    expected = AuditEvent.objects.filter(scope_path__startswith=province_path).count()
    assert len(shown) == expected > 0
    assert all(e.scope_path.startswith(province_path) for e in shown)
    assert AuditEvent.objects.filter(scope_path__startswith=world["other_province"].path).exists()
    assert "UBND tỉnh Bắc Ninh" not in response.content.decode()


def test_audit_log_filters(client, world, coordinator):
    department = world["department"]
    client.force_login(coordinator)
    client.post(reverse("organisations:edit", args=[department.pk]), edit_data(department, phone="0203 3835 555"))
    url = reverse("organisations:audit_log")

    def shown(**params: Any) -> list[AuditEvent]:
        response = client.get(url, params)
        assert response.status_code == 200
        return list(response.context["page_obj"].object_list)

    updates = shown(verb="organisation.update")
    assert [(e.verb, e.target_repr, e.actor_id) for e in updates] == [
        ("organisation.update", "Sở Tư pháp", coordinator.pk)
    ]
    assert shown(actor=coordinator.username) == updates
    assert {e.verb for e in shown(q="Văn phòng Sở")} == {"organisation.create"}
    today = timezone.localdate()
    assert len(shown(date_from=(today - dt.timedelta(days=1)).isoformat())) > 0
    assert shown(date_to=(today - dt.timedelta(days=3)).isoformat()) == []
    within = shown(within=world["unit"].pk)
    assert within and all(e.scope_path.startswith(world["unit"].path) for e in within)
    # A filter the form refuses is ignored, not an error.
    assert len(shown(verb="no.such.verb")) == len(shown())


def test_superadmin_audit_log_sees_every_province(client, world, superadmin):
    client.force_login(superadmin)

    response = client.get(reverse("organisations:audit_log"))

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == AuditEvent.objects.count()


# --- allowed: writing ----------------------------------------------------------------------------


def test_coordinator_creates_a_department(client, world, coordinator):
    client.force_login(coordinator)
    province = world["province"]

    with audited("organisation.create") as events:
        response = client.post(reverse("organisations:create", args=[province.pk]), create_data())

    created = Organisation.objects.get(code="22-SNV")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", args=[created.pk])
    assert (created.name, created.kind, created.parent_id, created.agency_id) == (
        "Sở Nội vụ",
        "department",
        province.pk,
        created.pk,
    )
    assert events[0].actor == coordinator
    assert events[0].scope_path == created.path


def test_create_form_preselects_an_allowed_kind(client, world, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("organisations:create", args=[world["province"].pk]), {"kind": "commune"})

    assert response.status_code == 200
    assert response.context["form"].initial == {"kind": "commune"}


def test_create_refuses_a_duplicate_code_and_changes_nothing(client, world, coordinator):
    client.force_login(coordinator)

    with unchanged():
        response = client.post(reverse("organisations:create", args=[world["province"].pk]), create_data(code="22-stp"))

    assert response.status_code == 200
    assert "code" in response.context["form"].errors


def test_secretary_adds_an_internal_unit(client, world, secretary):
    client.force_login(secretary)
    department = world["department"]

    with audited("organisation.create"):
        response = client.post(
            reverse("organisations:create", args=[department.pk]),
            create_data(kind="unit", name="Phòng Hành chính tư pháp", code="22-STP-HCTP"),
        )

    assert response.status_code == 302
    created = Organisation.objects.get(code="22-STP-HCTP")
    assert (created.parent_id, created.agency_id) == (department.pk, department.pk)


def test_coordinator_edits_an_agency(client, world, coordinator):
    client.force_login(coordinator)
    department = world["department"]

    with audited("organisation.update") as events:
        response = client.post(
            reverse("organisations:edit", args=[department.pk]),
            edit_data(department, name="Sở Tư pháp tỉnh Quảng Ninh", phone="0203 3835 555"),
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", args=[department.pk])
    stored = fresh(department)
    assert (stored.name, stored.phone, stored.version) == ("Sở Tư pháp tỉnh Quảng Ninh", "0203 3835 555", 2)
    assert events[0].changes["name"] == {"before": "Sở Tư pháp", "after": "Sở Tư pháp tỉnh Quảng Ninh"}


def test_edit_with_a_stale_version_is_refused(client, world, coordinator):
    client.force_login(coordinator)
    department = world["department"]
    stale = edit_data(department, name="Bản sửa cũ")
    client.post(reverse("organisations:edit", args=[department.pk]), edit_data(department, phone="0203 1"))
    assert fresh(department).version == 2

    with unchanged():
        response = client.post(reverse("organisations:edit", args=[department.pk]), stale)

    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    assert fresh(department).name == "Sở Tư pháp"


def test_edit_moves_a_subtree(client, world, coordinator):
    client.force_login(coordinator)
    sub = make_org("sub_department", world["department"], name="Trung tâm Trợ giúp pháp lý", code="22-STP-TGPL")
    dost = world["dost"]

    with audited("organisation.move"):
        response = client.post(reverse("organisations:edit", args=[sub.pk]), edit_data(sub, parent=dost.pk))

    assert response.status_code == 302
    stored = fresh(sub)
    assert stored.parent_id == dost.pk
    assert stored.path.startswith(fresh(dost).path)


def test_secretary_edits_an_internal_unit(client, world, secretary):
    client.force_login(secretary)
    unit = world["unit"]

    response = client.get(reverse("organisations:edit", args=[unit.pk]))
    assert response.status_code == 200
    assert [pk for pk, _label in response.context["form"].fields["parent"].choices] == ["", world["department"].pk]

    with audited("organisation.update"):
        response = client.post(reverse("organisations:edit", args=[unit.pk]), edit_data(unit, name="Văn phòng"))

    assert response.status_code == 302
    assert fresh(unit).name == "Văn phòng"


def test_secretary_cannot_move_a_unit_out_of_their_agency(client, world, secretary):
    client.force_login(secretary)
    unit = world["unit"]

    with unchanged():
        response = client.post(reverse("organisations:edit", args=[unit.pk]), edit_data(unit, parent=world["dost"].pk))

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors


def test_coordinator_records_lineage(client, world, coordinator):
    client.force_login(coordinator)
    old = make_org(
        "commune", world["province"], name="UBND phường Bạch Đằng", code="06652", valid_to=dt.date(2025, 6, 30)
    )
    commune = world["commune"]

    with audited("organisation.lineage_add") as events:
        response = client.post(reverse("organisations:lineage_add", args=[commune.pk]), lineage_data(old))

    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", args=[commune.pk])
    link = OrganisationLineage.objects.get()
    assert (link.predecessor_id, link.successor_id, link.event, link.effective_date) == (
        old.pk,
        commune.pk,
        "merge",
        dt.date(2025, 7, 1),
    )
    assert events[0].target_id == str(commune.pk)


def test_lineage_twice_is_refused(client, world, coordinator):
    client.force_login(coordinator)
    url = reverse("organisations:lineage_add", args=[world["commune"].pk])
    client.post(url, lineage_data(world["dost"], event="transfer"))

    with unchanged():
        response = client.post(url, lineage_data(world["dost"], event="transfer"))

    assert response.status_code == 200
    assert response.context["form"].errors


def test_secretary_revokes_a_staff_role_and_returns_to_next(client, world, secretary, staff_user, staff_membership):
    client.force_login(secretary)
    back = reverse("people:user_detail", args=[staff_user.pk])

    with audited("membership.revoke") as events:
        response = client.post(reverse("organisations:membership_revoke", args=[staff_membership.pk]), {"next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    assert fresh(staff_membership).is_active is False
    assert events[0].actor == secretary


def test_revoke_ignores_an_external_next(client, world, coordinator, staff_membership):
    client.force_login(coordinator)

    with audited("membership.revoke"):
        response = client.post(
            reverse("organisations:membership_revoke", args=[staff_membership.pk]), {"next": "https://evil.example/"}
        )

    assert response["Location"] == reverse("organisations:detail", args=[world["department"].pk])


def test_revoking_twice_changes_nothing_the_second_time(client, world, coordinator, staff_membership):
    client.force_login(coordinator)
    url = reverse("organisations:membership_revoke", args=[staff_membership.pk])
    client.post(url)

    with unchanged():
        response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "đã bị thu hồi" in response.content.decode()


# --- query counts do not grow with the rows shown --------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(province: Organisation, n: int, start: int) -> None:
    """``n`` more agencies under ``province``, each with a unit and a member (tree nodes, list rows,
    audit events all grow)."""
    for i in range(start, start + n):
        agency = make_org("department", province, name=f"Sở thử nghiệm {i:03d}", code=f"22-S{i:03d}")
        unit = make_org("unit", agency, name=f"Văn phòng {i:03d}", code=f"22-S{i:03d}-VP")
        grant(UserFactory(), unit, Role.STAFF)


@pytest.mark.parametrize("name", ["organisations:list", "organisations:tree", "organisations:audit_log"])
def test_list_pages_do_not_issue_a_query_per_row(client, world, coordinator, django_assert_max_num_queries, name):
    url = reverse(name)
    client.force_login(coordinator)
    _grow(world["province"], 5, 0)
    client.get(url)  # warm caches (content types, session)
    small = _queries(client, url)

    _grow(world["province"], 35, 5)
    with django_assert_max_num_queries(small) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(captured.captured_queries) <= 20
    if name == "organisations:tree":
        agencies = Organisation.objects.filter(path__startswith=world["province"].path).exclude(kind="unit")
        assert response.context["descendants"] == agencies.count() - 1 >= 40
    else:
        assert len(response.context["page_obj"].object_list) == 25
