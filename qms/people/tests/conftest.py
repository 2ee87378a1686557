"""Fixtures for the people app: accounts managed by Sở Tư pháp, its steering committee and a
training record, plus the same in Bắc Ninh (another province). Built through the services as
the system (``actor=None``), like the shared fixtures in the root ``conftest.py``."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.core.tests.factories import UserFactory, grant
from qms.organisations.models import Membership, Role
from qms.people import services

STRONG_PASSWORD = "Hoa-Sen-Vang-2026"


@pytest.fixture
def colleague(department):
    """An account whose home organisation is Sở Tư pháp (so its secretary manages it)."""
    return services.user_create(
        actor=None,
        username="tranvanbao",
        full_name="Trần Văn Bảo",
        email="bao.stp@quangninh.gov.vn",
        password=STRONG_PASSWORD,
        organisation=department,
        role=Role.STAFF,
    )


@pytest.fixture
def leader(department):
    """The head of Sở Tư pháp: a role above the ISO secretary's."""
    return services.user_create(
        actor=None,
        username="dovangiang",
        full_name="Đỗ Văn Giang",
        email="giang.stp@quangninh.gov.vn",
        password=STRONG_PASSWORD,
        organisation=department,
        role=Role.LEADER,
    )


@pytest.fixture
def nobody(db):
    """Logged in, but holding no role anywhere."""
    return UserFactory(full_name="Vũ Thị Hạnh")


@pytest.fixture
def other_colleague(other_province):
    return services.user_create(
        actor=None,
        username="lethimai",
        full_name="Lê Thị Mai",
        email="mai@bacninh.gov.vn",
        password=STRONG_PASSWORD,
        organisation=other_province,
        role=Role.STAFF,
    )


@pytest.fixture
def committee(department):
    return services.committee_create(
        actor=None,
        organisation=department,
        decision_number="125/QĐ-STP",
        decision_date=dt.date(2024, 3, 1),
        signed_by="Giám đốc Sở",
    )


@pytest.fixture
def member(committee):
    return services.committee_member_add(
        actor=None, committee=committee, full_name="Ngô Thị Kim", position="member", job_title="Chuyên viên"
    )


@pytest.fixture
def training(department, staff_user):
    return services.training_create(
        actor=None,
        organisation=department,
        user=staff_user,
        trainee_name=staff_user.full_name,
        kind="awareness",
        course="Nhận thức chung về TCVN ISO 9001:2015",
        provider="Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
        start_date=dt.date(2024, 5, 6),
        end_date=dt.date(2024, 5, 7),
    )


@pytest.fixture
def other_training(other_province):
    return services.training_create(
        actor=None,
        organisation=other_province,
        trainee_name="Lê Thị Mai",
        kind="awareness",
        course="Nhận thức chung",
        start_date=dt.date(2024, 5, 6),
    )


@pytest.fixture
def double_role_user(department, commune):
    """Staff at Sở Tư pháp and ISO secretary at the commune: two workspaces to switch between."""
    user = UserFactory(full_name="Bùi Văn Khoa")
    grant(user, department, Role.STAFF)
    grant(user, commune, Role.ISO_SECRETARY)
    return user


@pytest.fixture
def world(province, other_province, dost, department, commune, unit, coordinator, secretary, staff_user, outsider):
    return {"province": province, "department": department, "commune": commune, "unit": unit}


@pytest.fixture
def objects(world, colleague, committee, member, training, staff_user):
    return {
        **world,
        "colleague": colleague,
        "committee": committee,
        "member": member,
        "training": training,
        "membership": Membership.objects.get(user=staff_user),
    }
