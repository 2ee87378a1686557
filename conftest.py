"""Shared fixtures: a small slice of Quảng Ninh's organisation tree and one user per role.

Tree (codes in brackets)::

    UBND tỉnh Quảng Ninh [22]                      province         ← coordinator
    ├── Sở Khoa học và Công nghệ [22-SKHCN]        department
    ├── Sở Tư pháp [22-STP]                        department       ← secretary, staff_user
    │   └── Văn phòng Sở [22-STP-VP]               unit
    └── UBND phường Hạ Long [06688]                commune
    UBND tỉnh Bắc Ninh [24]                        province         ← outsider (coordinator)
"""

from __future__ import annotations

import pytest

from qms.core.tests.factories import UserFactory, grant, make_org


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes a second or more; still part of the normal suite")


# --- Organisations -----------------------------------------------------------------------------


@pytest.fixture
def province(db):
    return make_org("province", name="UBND tỉnh Quảng Ninh", code="22")


@pytest.fixture
def other_province(db):
    return make_org("province", name="UBND tỉnh Bắc Ninh", code="24")


@pytest.fixture
def dost(province):
    return make_org("department", province, name="Sở Khoa học và Công nghệ", code="22-SKHCN", short_name="Sở KH&CN")


@pytest.fixture
def department(province):
    return make_org("department", province, name="Sở Tư pháp", code="22-STP")


@pytest.fixture
def commune(province):
    return make_org("commune", province, name="UBND phường Hạ Long", code="06688")


@pytest.fixture
def unit(department):
    return make_org("unit", department, name="Văn phòng Sở", code="22-STP-VP")


# --- Users -------------------------------------------------------------------------------------


@pytest.fixture
def coordinator(province):
    user = UserFactory(full_name="Trần Thị Bình")
    grant(user, province, "coordinator")
    return user


@pytest.fixture
def secretary(department):
    user = UserFactory(full_name="Lê Văn Cường")
    grant(user, department, "iso_secretary")
    return user


@pytest.fixture
def staff_user(department):
    user = UserFactory(full_name="Phạm Thị Dung")
    grant(user, department, "staff")
    return user


@pytest.fixture
def outsider(other_province):
    user = UserFactory(full_name="Hoàng Văn Em")
    grant(user, other_province, "coordinator")
    return user


@pytest.fixture
def superadmin(db):
    return UserFactory(full_name="Quản trị hệ thống", is_superuser=True, is_staff=True)
