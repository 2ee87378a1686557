"""Fixtures for obligations: subjects are organisations' internal units standing in for documents
(obligations point at any object through a content type), opened through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qms.core.tests.clock import frozen_at
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.obligations import services
from qms.obligations.models import Obligation, ObligationKind
from qms.organisations.models import Organisation, Role

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def _clock_at_today():
    """The tests here write their dates around ``TODAY``: the clock stands there (early morning in
    Vietnam, still the day before in UTC) so they mean the same on any day the suite runs."""
    with frozen_at(TODAY):
        yield


def open_obligation(
    organisation: Organisation,
    subject: Any,
    *,
    key: str,
    due_on: dt.date,
    title: str = "Cập nhật «Quy trình cấp phiếu lý lịch tư pháp» theo Nghị định 107/2021/NĐ-CP",
    source: Any = None,
) -> Obligation:
    obligation, _created = services.obligation_open(
        actor=None,
        organisation=organisation,
        kind=ObligationKind.LEGAL_UPDATE,
        key=key,
        title=title,
        due_on=due_on,
        subject=subject,
        source=source,
        opened_on=dt.date(2026, 1, 5),
    )
    return obligation


@pytest.fixture
def subject(department):
    """A "document" of Sở Tư pháp."""
    return make_org("unit", department, name="Phòng Hành chính tư pháp", code="22-STP-HCTP")


@pytest.fixture
def leader(department):
    user = UserFactory(full_name="Đỗ Văn Giang")
    grant(user, department, Role.LEADER)
    return user


@pytest.fixture
def inspector(province):
    user = UserFactory(full_name="Ngô Văn Hùng")
    grant(user, province, Role.INSPECTOR)
    return user


@pytest.fixture
def obligations(department, commune, other_province, subject):
    """Sở Tư pháp: one overdue, one due later, one done; the commune: one overdue; Bắc Ninh: one."""
    overdue = open_obligation(department, subject, key="t:overdue", due_on=dt.date(2026, 3, 1))
    later = open_obligation(
        department, department, key="t:later", due_on=dt.date(2026, 6, 30), title="Cập nhật sổ tay chất lượng"
    )
    done = open_obligation(department, subject, key="t:done", due_on=dt.date(2026, 2, 1), title="Việc đã làm xong")
    services.obligation_close(actor=None, obligation=done, note="Đã ban hành lần 2")
    commune_overdue = open_obligation(commune, commune, key="t:commune", due_on=dt.date(2026, 1, 31))
    other = open_obligation(other_province, other_province, key="t:other", due_on=dt.date(2026, 1, 31))
    return {"overdue": overdue, "later": later, "done": done, "commune": commune_overdue, "other": other}
