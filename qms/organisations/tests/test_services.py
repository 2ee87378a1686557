"""Writes to the organisation tree, lineage and memberships, and the official-units import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from qms.core.models import AuditEvent
from qms.core.tests.factories import make_org
from qms.organisations import services
from qms.organisations.models import Membership, Organisation, OrganisationLineage, path_segment


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


# --- organisation_create: path, depth, agency ----------------------------------------------------


def test_path_segment_is_fixed_width_hex():
    assert path_segment(1) == "00000001/"
    assert path_segment(255) == "000000ff/"
    assert path_segment(0xFFFFFFFF) == "ffffffff/"


def test_create_root_agency(province):
    stored = fresh(province)

    assert stored.path == seg(stored)
    assert stored.depth == 0
    assert stored.parent_id is None
    assert stored.agency_id == stored.pk
    assert stored.is_agency is True
    assert stored.ancestor_ids == []
    assert (province.path, province.depth, province.agency_id) == (stored.path, stored.depth, stored.agency_id)


def test_create_agencies_and_nested_units(province, department, unit):
    nested = make_org("unit", unit, name="Tổ Hành chính - Quản trị", code="22-STP-VP-HC")
    sub = make_org("sub_department", department, name="Trung tâm Trợ giúp pháp lý nhà nước", code="22-STP-TGPL")
    sub_unit = make_org("unit", sub, name="Phòng Nghiệp vụ", code="22-STP-TGPL-NV")
    province_unit = make_org("unit", province, name="Văn phòng UBND tỉnh", code="22-VP")

    expected = {
        # code: (path, depth, agency)
        "22": (seg(province), 0, province.pk),
        "22-STP": (seg(province) + seg(department), 1, department.pk),
        "22-STP-VP": (seg(province) + seg(department) + seg(unit), 2, department.pk),
        "22-STP-VP-HC": (seg(province) + seg(department) + seg(unit) + seg(nested), 3, department.pk),
        "22-STP-TGPL": (seg(province) + seg(department) + seg(sub), 2, sub.pk),
        "22-STP-TGPL-NV": (seg(province) + seg(department) + seg(sub) + seg(sub_unit), 3, sub.pk),
        "22-VP": (seg(province) + seg(province_unit), 1, province.pk),
    }
    stored = {o.code: (o.path, o.depth, o.agency_id) for o in Organisation.objects.all()}
    assert stored == expected
    assert nested.ancestor_ids == [province.pk, department.pk, unit.pk]
    assert (nested.path, nested.depth, nested.agency_id) == expected["22-STP-VP-HC"]
    assert unit.is_agency is False


def test_create_strips_name_and_code(province):
    org = make_org("department", province, name="  Sở Nội vụ  ", code="  22-SNV ", short_name=" SNV ")

    stored = fresh(org)
    assert (stored.name, stored.code, stored.short_name) == ("Sở Nội vụ", "22-SNV", "SNV")


def test_create_writes_an_audit_event(province, coordinator):
    before = AuditEvent.objects.count()

    org = services.organisation_create(
        actor=coordinator,
        parent=province,
        kind="department",
        name="Sở Nội vụ",
        code="22-SNV",
        short_name="SNV",
        address="Phường Hồng Gai, tỉnh Quảng Ninh",
        email="snv@quangninh.gov.vn",
        phone="0203 3835 123",
        valid_from=dt.date(2025, 7, 1),
    )

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.verb == "organisation.create"
    assert event.actor == coordinator
    assert event.actor_name == "Trần Thị Bình"
    assert event.target_type == ContentType.objects.get_for_model(Organisation)
    assert event.target_id == str(org.pk)
    assert event.target_repr == "Sở Nội vụ"
    assert event.scope_path == seg(province) + seg(org)
    assert event.changes == {
        "kind": {"before": None, "after": "department"},
        "parent": {"before": None, "after": "UBND tỉnh Quảng Ninh"},
        "name": {"before": None, "after": "Sở Nội vụ"},
        "short_name": {"before": None, "after": "SNV"},
        "code": {"before": None, "after": "22-SNV"},
        "official": {"before": None, "after": False},
        "valid_from": {"before": None, "after": "2025-07-01"},
        "address": {"before": None, "after": "Phường Hồng Gai, tỉnh Quảng Ninh"},
        "email": {"before": None, "after": "snv@quangninh.gov.vn"},
        "phone": {"before": None, "after": "0203 3835 123"},
        "website": {"before": None, "after": ""},
    }


def test_system_creation_is_audited_as_the_system(db):
    org = make_org("province", name="UBND tỉnh Quảng Ninh", code="22")

    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_name, event.verb, event.target_id) == (
        None,
        "Hệ thống",
        "organisation.create",
        str(org.pk),
    )


# --- organisation_create: placement rules --------------------------------------------------------

REFUSED_PLACEMENTS = [
    ("commune", "department"),
    ("department", "commune"),
    ("department", "unit"),
    ("province", "province"),
    ("ministry", "province"),
    ("sub_department", "province"),
    ("sub_department", "commune"),
    ("district", "department"),
    ("commune", "commune"),
    ("commune", "unit"),
]


@pytest.fixture
def one_of_each(province, department, commune, unit):
    return {"province": province, "department": department, "commune": commune, "unit": unit}


@pytest.mark.parametrize(("kind", "parent_kind"), REFUSED_PLACEMENTS)
def test_refused_placements_write_nothing(one_of_each, kind, parent_kind):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        make_org(kind, one_of_each[parent_kind], name="Đơn vị đặt sai chỗ", code="SAI-CHO")

    assert set(excinfo.value.message_dict) == {"parent"}
    assert counts() == before


@pytest.mark.parametrize("kind", ["department", "sub_department", "district", "commune", "unit"])
def test_kinds_that_need_a_parent(db, kind):
    with pytest.raises(ValidationError) as excinfo:
        make_org(kind, None, name="Không có cấp trên", code="KHONG")

    assert set(excinfo.value.message_dict) == {"parent"}
    assert Organisation.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_allowed_placements(db):
    ministry = make_org("ministry", name="Bộ Khoa học và Công nghệ", code="BKHCN")
    province = make_org("province", name="UBND tỉnh Quảng Ninh", code="22")
    district = make_org("district", province, name="UBND huyện Hoành Bồ", code="22-HB", valid_to=dt.date(2019, 12, 31))
    commune = make_org("commune", district, name="UBND xã Sơn Dương", code="06709")
    department = make_org("department", ministry, name="Vụ Pháp chế", code="BKHCN-VPC")
    sub = make_org("sub_department", ministry, name="Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia", code="TDC")
    unit = make_org("unit", commune, name="Văn phòng HĐND và UBND", code="06709-VP")

    assert [o.depth for o in (ministry, province, district, commune, department, sub, unit)] == [0, 0, 1, 2, 1, 1, 3]
    assert unit.agency_id == commune.pk


# --- organisation_create: other refusals ---------------------------------------------------------


@pytest.mark.parametrize("code", ["22-STP", "22-stp", " 22-Stp "])
def test_duplicate_code_refused_case_insensitively(department, code):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        make_org("department", department.parent, name="Sở Tư pháp (trùng)", code=code)

    assert set(excinfo.value.message_dict) == {"code"}
    assert "Sở Tư pháp" in excinfo.value.message_dict["code"][0]
    assert counts() == before


@pytest.mark.parametrize(
    ("name", "code", "field"),
    [("   ", "22-X", "name"), ("", "22-X", "name"), ("Sở Xây dựng", "  ", "code")],
)
def test_blank_name_or_code_refused(province, name, code, field):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        make_org("department", province, name=name, code=code)

    assert set(excinfo.value.message_dict) == {field}
    assert counts() == before


def test_validity_dates_must_be_ordered(province):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        make_org(
            "district",
            province,
            name="UBND huyện Hoành Bồ",
            code="22-HB",
            valid_from=dt.date(2020, 1, 1),
            valid_to=dt.date(2019, 12, 31),
        )

    assert set(excinfo.value.message_dict) == {"valid_to"}
    assert counts() == before


def test_top_level_creation_refused_for_non_superadmin(coordinator):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(actor=coordinator, parent=None, kind="province", name="UBND tỉnh X", code="99")

    assert set(excinfo.value.message_dict) == {"parent"}
    assert counts() == before


def test_superadmin_creates_top_level(superadmin):
    org = services.organisation_create(actor=superadmin, parent=None, kind="ministry", name="Bộ Nội vụ", code="BNV")

    assert (org.depth, org.path, org.agency_id) == (0, seg(org), org.pk)
    assert AuditEvent.objects.get(target_id=str(org.pk)).actor == superadmin


DENIED_CREATES = [
    # (actor fixture, parent fixture, kind)
    ("secretary", "department", "sub_department"),  # manages units, not the tree
    ("secretary", "dost", "unit"),  # another agency
    ("secretary", "province", "department"),
    ("staff_user", "department", "unit"),
    ("outsider", "province", "department"),  # coordinator of another province
    ("outsider", "department", "unit"),
]


@pytest.mark.parametrize(("actor", "parent", "kind"), DENIED_CREATES)
def test_create_permission_denied_writes_nothing(request, dost, actor, parent, kind):
    actor = request.getfixturevalue(actor)
    parent = request.getfixturevalue(parent)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=actor, parent=parent, kind=kind, name="Đơn vị trái phép", code="TRAI-PHEP")

    assert counts() == before
    assert not Organisation.objects.filter(code="TRAI-PHEP").exists()


def test_permission_is_checked_before_validation(outsider, department):
    # An outsider learns nothing about the tree: a clashing code still answers "denied".
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=outsider, parent=department, kind="unit", name="X", code="22-STP")


def test_secretary_creates_units_in_own_agency(secretary, department, unit):
    org = services.organisation_create(actor=secretary, parent=unit, kind="unit", name="Tổ Một cửa", code="22-STP-MC")

    assert org.agency_id == department.pk
    assert AuditEvent.objects.get(target_id=str(org.pk), verb="organisation.create").actor == secretary


def test_coordinator_creates_agencies_in_own_province(coordinator, department):
    org = services.organisation_create(
        actor=coordinator,
        parent=department,
        kind="sub_department",
        name="Trung tâm Trợ giúp pháp lý nhà nước",
        code="22-STP-TGPL",
    )

    assert (org.depth, org.agency_id) == (2, org.pk)


# --- organisation_update -------------------------------------------------------------------------


def test_update_records_an_exact_diff_and_bumps_the_version(coordinator, department):
    assert department.version == 1
    events = AuditEvent.objects.count()

    services.organisation_update(
        actor=coordinator,
        organisation=department,
        expected_version=1,
        name="Sở Tư pháp tỉnh Quảng Ninh",
        phone="0203 3835 000",
        code="22-STP",  # unchanged: not in the diff
    )

    stored = fresh(department)
    assert (stored.name, stored.phone, stored.version) == ("Sở Tư pháp tỉnh Quảng Ninh", "0203 3835 000", 2)
    assert department.version == 2
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("id")
    assert event.verb == "organisation.update"
    assert event.actor == coordinator
    assert event.scope_path == department.path
    assert event.target_repr == "Sở Tư pháp tỉnh Quảng Ninh"
    assert event.changes == {
        "name": {"before": "Sở Tư pháp", "after": "Sở Tư pháp tỉnh Quảng Ninh"},
        "phone": {"before": "", "after": "0203 3835 000"},
    }


def test_update_dates_are_audited_as_iso_strings(coordinator, commune):
    services.organisation_update(
        actor=coordinator, organisation=commune, expected_version=1, valid_from=dt.date(2025, 7, 1)
    )

    assert AuditEvent.objects.latest("id").changes == {"valid_from": {"before": None, "after": "2025-07-01"}}


def test_update_strips_the_name_like_create(coordinator, department):
    services.organisation_update(actor=coordinator, organisation=department, expected_version=1, name="  Sở Tư pháp  ")

    assert fresh(department).name == "Sở Tư pháp"
    assert AuditEvent.objects.latest("id").changes == {}


def test_stale_second_save_is_refused_and_changes_nothing(coordinator, department):
    first = fresh(department)
    second = fresh(department)
    services.organisation_update(actor=coordinator, organisation=first, expected_version=1, name="Sở Tư pháp (A)")
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(
            actor=coordinator, organisation=second, expected_version=1, name="Sở Tư pháp (B)", phone="0203 111"
        )

    assert excinfo.value.code == "stale"
    stored = fresh(department)
    assert (stored.name, stored.phone, stored.version) == ("Sở Tư pháp (A)", "", 2)
    assert AuditEvent.objects.count() == events


def test_update_with_the_current_version_after_a_reload_succeeds(coordinator, department):
    services.organisation_update(actor=coordinator, organisation=department, expected_version=1, name="A")
    reloaded = fresh(department)

    services.organisation_update(actor=coordinator, organisation=reloaded, expected_version=2, name="B")

    assert (fresh(department).name, fresh(department).version) == ("B", 3)


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"code": "22-skhcn"}, "code"),
        ({"name": "  "}, "name"),
        ({"valid_from": dt.date(2026, 1, 1), "valid_to": dt.date(2025, 1, 1)}, "valid_to"),
    ],
)
def test_update_validation_errors_change_nothing(coordinator, dost, department, fields, key):
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(actor=coordinator, organisation=department, expected_version=1, **fields)

    assert set(excinfo.value.message_dict) == {key}
    stored = fresh(department)
    assert (stored.name, stored.code, stored.version, stored.valid_to) == ("Sở Tư pháp", "22-STP", 1, None)
    assert AuditEvent.objects.count() == events


def test_update_may_keep_its_own_code_in_another_case(coordinator, department):
    services.organisation_update(actor=coordinator, organisation=department, expected_version=1, code="22-stp")

    assert fresh(department).code == "22-stp"


def test_update_rejects_non_editable_fields(coordinator, department):
    with pytest.raises(TypeError):
        services.organisation_update(actor=coordinator, organisation=department, expected_version=1, kind="commune")
    assert fresh(department).kind == "department"


@pytest.mark.parametrize(
    ("actor", "target"),
    [("secretary", "department"), ("staff_user", "unit"), ("outsider", "department"), ("secretary", "dost")],
)
def test_update_permission_denied_changes_nothing(request, dost, unit, actor, target):
    actor = request.getfixturevalue(actor)
    org = request.getfixturevalue(target)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=actor, organisation=org, expected_version=1, name="Đổi tên trái phép")

    assert fresh(org).name == org.name
    assert fresh(org).version == 1
    assert counts() == before


def test_secretary_updates_units_of_own_agency(secretary, unit):
    services.organisation_update(actor=secretary, organisation=unit, expected_version=1, name="Văn phòng")

    assert fresh(unit).name == "Văn phòng"


# --- organisation_update: moving subtrees --------------------------------------------------------


@pytest.fixture
def stp_subtree(department, unit):
    """Sở Tư pháp with a nested unit and a sub-department that has its own unit."""
    nested = make_org("unit", unit, name="Tổ Hành chính - Quản trị", code="22-STP-VP-HC")
    sub = make_org("sub_department", department, name="Trung tâm Trợ giúp pháp lý nhà nước", code="22-STP-TGPL")
    sub_unit = make_org("unit", sub, name="Phòng Nghiệp vụ", code="22-STP-TGPL-NV")
    return {"department": department, "unit": unit, "nested": nested, "sub": sub, "sub_unit": sub_unit}


def shape() -> dict[str, tuple[str, int, int | None, int | None]]:
    return {o.code: (o.path, o.depth, o.agency_id, o.parent_id) for o in Organisation.objects.all()}


def test_move_department_to_another_province_rewrites_the_subtree(superadmin, other_province, dost, stp_subtree):
    dep, unit, nested, sub, sub_unit = (stp_subtree[k] for k in ("department", "unit", "nested", "sub", "sub_unit"))
    untouched = {code: row for code, row in shape().items() if code in {"22", "24", "22-SKHCN"}}

    services.organisation_update(actor=superadmin, organisation=dep, expected_version=1, parent=other_province)

    base = seg(other_province) + seg(dep)
    assert shape() == {
        **untouched,
        "22-STP": (base, 1, dep.pk, other_province.pk),
        "22-STP-VP": (base + seg(unit), 2, dep.pk, dep.pk),
        "22-STP-VP-HC": (base + seg(unit) + seg(nested), 3, dep.pk, unit.pk),
        "22-STP-TGPL": (base + seg(sub), 2, sub.pk, dep.pk),
        "22-STP-TGPL-NV": (base + seg(sub) + seg(sub_unit), 3, sub.pk, sub.pk),
    }
    assert (dep.path, dep.parent_id, dep.version) == (base, other_province.pk, 2)
    event = AuditEvent.objects.latest("id")
    assert event.verb == "organisation.move"
    assert event.scope_path == base
    assert event.changes == {"parent": {"before": "UBND tỉnh Quảng Ninh", "after": "UBND tỉnh Bắc Ninh"}}


def test_move_changes_depths(superadmin, stp_subtree):
    ministry = make_org("ministry", name="Bộ Tư pháp", code="BTP")
    sub, sub_unit = stp_subtree["sub"], stp_subtree["sub_unit"]

    services.organisation_update(actor=superadmin, organisation=sub, expected_version=1, parent=ministry)

    assert (fresh(sub).path, fresh(sub).depth) == (seg(ministry) + seg(sub), 1)
    assert (fresh(sub_unit).path, fresh(sub_unit).depth) == (seg(ministry) + seg(sub) + seg(sub_unit), 2)
    assert fresh(sub_unit).agency_id == sub.pk


def test_moving_a_unit_to_another_agency_carries_nested_units_agency(coordinator, dost, stp_subtree):
    unit, nested = stp_subtree["unit"], stp_subtree["nested"]

    services.organisation_update(actor=coordinator, organisation=unit, expected_version=1, parent=dost)

    assert (fresh(unit).agency_id, fresh(nested).agency_id) == (dost.pk, dost.pk)
    assert fresh(unit).path == dost.path + seg(unit)
    assert fresh(nested).path == dost.path + seg(unit) + seg(nested)
    assert (fresh(unit).depth, fresh(nested).depth) == (2, 3)
    # The sub-department's unit is elsewhere and keeps its agency.
    assert fresh(stp_subtree["sub_unit"]).agency_id == stp_subtree["sub"].pk


def test_moving_and_editing_at_once_is_one_move_event(coordinator, dost, unit):
    events = AuditEvent.objects.count()

    services.organisation_update(
        actor=coordinator, organisation=unit, expected_version=1, parent=dost, name="Văn phòng Sở KH&CN"
    )

    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("id")
    assert event.verb == "organisation.move"
    assert event.changes == {
        "parent": {"before": "Sở Tư pháp", "after": "Sở Khoa học và Công nghệ"},
        "name": {"before": "Văn phòng Sở", "after": "Văn phòng Sở KH&CN"},
    }


def test_passing_the_current_parent_is_not_a_move(coordinator, province, department):
    services.organisation_update(
        actor=coordinator, organisation=department, expected_version=1, parent=province, phone="1"
    )

    assert AuditEvent.objects.latest("id").verb == "organisation.update"
    assert fresh(department).path == seg(province) + seg(department)


@pytest.mark.parametrize("target", ["unit", "nested"])
def test_move_into_itself_or_a_descendant_is_refused(superadmin, stp_subtree, target):
    unit = stp_subtree["unit"]
    before_shape, before = shape(), counts()

    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(
            actor=superadmin, organisation=unit, expected_version=1, parent=stp_subtree[target]
        )

    assert set(excinfo.value.message_dict) == {"parent"}
    assert "chính nó" in excinfo.value.message_dict["parent"][0]
    assert shape() == before_shape
    assert counts() == before
    assert fresh(unit).version == 1


def test_move_to_a_wrong_kind_of_parent_is_refused(superadmin, commune, department):
    before_shape = shape()

    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(actor=superadmin, organisation=commune, expected_version=1, parent=department)

    assert set(excinfo.value.message_dict) == {"parent"}
    assert shape() == before_shape


def test_move_outside_the_actors_scope_is_denied(coordinator, other_province, stp_subtree):
    before_shape, before = shape(), counts()

    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=coordinator, organisation=stp_subtree["department"], expected_version=1, parent=other_province
        )

    assert shape() == before_shape
    assert counts() == before


def test_editing_a_descendant_loaded_before_a_move_keeps_the_new_path(superadmin, other_province, stp_subtree):
    # Two requests: one loads the unit's edit form, another moves its department meanwhile.
    unit_in_form = fresh(stp_subtree["unit"])
    services.organisation_update(
        actor=superadmin, organisation=stp_subtree["department"], expected_version=1, parent=other_province
    )
    moved = shape()

    services.organisation_update(
        actor=superadmin, organisation=unit_in_form, expected_version=1, name="Văn phòng Sở Tư pháp"
    )

    after = shape()
    assert after == moved
    assert fresh(unit_in_form).name == "Văn phòng Sở Tư pháp"
    assert Organisation.objects.subtree_of(fresh(other_province)).count() == 6
    assert AuditEvent.objects.latest("id").scope_path == moved["22-STP-VP"][0]
    assert unit_in_form.path == moved["22-STP-VP"][0]


def test_moving_a_node_loaded_before_its_ancestor_moved(superadmin, other_province, dost, stp_subtree):
    unit_in_form = fresh(stp_subtree["unit"])
    nested = stp_subtree["nested"]
    services.organisation_update(
        actor=superadmin, organisation=stp_subtree["department"], expected_version=1, parent=other_province
    )

    services.organisation_update(actor=superadmin, organisation=unit_in_form, expected_version=1, parent=dost)

    unit = stp_subtree["unit"]
    assert (fresh(unit).path, fresh(unit).depth, fresh(unit).agency_id) == (dost.path + seg(unit), 2, dost.pk)
    assert (fresh(nested).path, fresh(nested).agency_id) == (dost.path + seg(unit) + seg(nested), dost.pk)


def test_update_without_a_version_check_does_not_roll_the_version_back(coordinator, department):
    old_copy = fresh(department)
    services.organisation_update(actor=coordinator, organisation=fresh(department), expected_version=1, name="A")

    services.organisation_update(actor=coordinator, organisation=old_copy, expected_version=None, phone="0203 1")

    stored = fresh(department)
    assert (stored.name, stored.phone, stored.version) == ("A", "0203 1", 2)
    # So a third editor holding version 1 is still refused.
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(actor=coordinator, organisation=fresh(department), expected_version=1, name="C")
    assert excinfo.value.code == "stale"


# --- lineage_add ---------------------------------------------------------------------------------


@pytest.fixture
def merger(province):
    old_a = make_org("commune", province, name="UBND phường Hồng Gai", code="06661", valid_to=dt.date(2025, 6, 30))
    old_b = make_org("commune", province, name="UBND phường Bạch Đằng", code="06664", valid_to=dt.date(2025, 6, 30))
    new = make_org("commune", province, name="UBND phường Hồng Gai (mới)", code="06652", official=True)
    return old_a, old_b, new


def test_lineage_add_records_a_merge(coordinator, merger):
    old_a, old_b, new = merger
    events = AuditEvent.objects.count()

    link = services.lineage_add(
        actor=coordinator,
        predecessor=old_a,
        successor=new,
        event="merge",
        effective_date=dt.date(2025, 7, 1),
        decision="Nghị quyết số 1679/NQ-UBTVQH15",
    )
    services.lineage_add(
        actor=coordinator, predecessor=old_b, successor=new, event="merge", effective_date=dt.date(2025, 7, 1)
    )

    stored = OrganisationLineage.objects.get(pk=link.pk)
    assert (stored.predecessor, stored.successor, stored.event, stored.effective_date, stored.decision) == (
        old_a,
        new,
        "merge",
        dt.date(2025, 7, 1),
        "Nghị quyết số 1679/NQ-UBTVQH15",
    )
    assert str(stored) == "UBND phường Hồng Gai → UBND phường Hồng Gai (mới)"
    assert set(new.predecessor_links.values_list("predecessor__code", flat=True)) == {"06661", "06664"}
    assert AuditEvent.objects.count() == events + 2
    event = AuditEvent.objects.filter(verb="organisation.lineage_add").order_by("id").first()
    assert event.actor == coordinator
    assert event.target_id == str(new.pk)
    assert event.scope_path == new.path
    assert event.changes == {
        "predecessor": {"before": None, "after": "UBND phường Hồng Gai"},
        "event": {"before": None, "after": "merge"},
        "effective_date": {"before": None, "after": "2025-07-01"},
        "decision": {"before": None, "after": "Nghị quyết số 1679/NQ-UBTVQH15"},
    }


@pytest.mark.parametrize("case", ["duplicate", "reverse", "self", "bad_event"])
def test_lineage_refusals_write_nothing(merger, case):
    old_a, _old_b, new = merger
    services.lineage_add(
        actor=None, predecessor=old_a, successor=new, event="merge", effective_date=dt.date(2025, 7, 1)
    )
    before = counts()
    arguments = {
        "duplicate": {"predecessor": old_a, "successor": new, "event": "merge"},
        "reverse": {"predecessor": new, "successor": old_a, "event": "split"},
        "self": {"predecessor": new, "successor": new, "event": "rename"},
        "bad_event": {"predecessor": _old_b, "successor": new, "event": "annex"},
    }[case]

    with pytest.raises(ValidationError) as excinfo:
        services.lineage_add(actor=None, effective_date=dt.date(2025, 7, 1), **arguments)

    assert set(excinfo.value.message_dict) == ({"event"} if case == "bad_event" else {"successor"})
    assert counts() == before


@pytest.mark.parametrize("actor", ["outsider", "secretary"])
def test_lineage_permission_denied(request, merger, actor):
    old_a, _old_b, new = merger
    actor = request.getfixturevalue(actor)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.lineage_add(
            actor=actor,
            predecessor=old_a,
            successor=new,
            event="merge",
            effective_date=dt.date(2025, 7, 1),
        )

    assert counts() == before


def test_lineage_needs_rights_over_both_ends(coordinator, other_province, commune):
    bac_ninh_commune = make_org("commune", other_province, name="UBND phường Kinh Bắc", code="09187")

    with pytest.raises(PermissionDenied):
        services.lineage_add(
            actor=coordinator,
            predecessor=bac_ninh_commune,
            successor=commune,
            event="transfer",
            effective_date=dt.date(2025, 7, 1),
        )
    assert OrganisationLineage.objects.count() == 0
