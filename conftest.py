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

import datetime as dt
import os

import pytest
import time_machine

from qms.core.tests.factories import UserFactory, grant, make_org

# ``QMS_TEST_NOW=2026-12-31T23:30+07:00`` runs the whole suite as if the clock started there (and
# ticks on from it): ``.ci/run`` uses it to prove that no test depends on the wall clock, at a
# month end, a year end and late in the evening UTC, when Vietnam is already on the next day.
_shifted_clock: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _shifted_clock
    config.addinivalue_line("markers", "slow: takes a second or more; still part of the normal suite")
    start = os.environ.get("QMS_TEST_NOW", "").strip()
    if start:
        moment = dt.datetime.fromisoformat(start)
        if moment.tzinfo is None:
            raise pytest.UsageError("QMS_TEST_NOW needs a UTC offset, e.g. 2027-02-28T18:00+00:00")
        _shifted_clock = time_machine.travel(moment, tick=True)
        _shifted_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _shifted_clock is not None:
        _shifted_clock.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    start = os.environ.get("QMS_TEST_NOW", "").strip()
    return f"clock shifted: the suite starts at {start}" if start else None


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
