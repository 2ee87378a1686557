"""Fixtures for document control: Sở Tư pháp's QMS team, a reader in one of its units, and a
helper that takes a document through review and approval as the real people would."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.core.tests.clock import frozen_at
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.documents import services

TODAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _clock_at_today():
    """The tests here write their dates around ``TODAY``: the clock stands there (early morning in
    Vietnam, still the day before in UTC) so they mean the same on any day the suite runs."""
    with frozen_at(TODAY):
        yield


@pytest.fixture
def head(department):
    user = UserFactory(full_name="Đỗ Văn Giang")
    grant(user, department, "leader", position="Giám đốc Sở")
    return user


@pytest.fixture
def reader(unit):
    """A civil servant of Văn phòng Sở: reads effective documents, acknowledges them."""
    user = UserFactory(full_name="Ngô Thị Hoa")
    grant(user, unit, "staff")
    return user


@pytest.fixture
def other_department(province):
    return make_org("department", province, name="Sở Tài chính", code="22-STC")


@pytest.fixture
def other_secretary(other_department):
    user = UserFactory(full_name="Vũ Minh Khoa")
    grant(user, other_department, "iso_secretary")
    return user


@pytest.fixture
def draft(department, secretary):
    return services.document_create(
        actor=secretary,
        organisation=department,
        code="HD 02/CX-HCTP",
        title="Hướng dẫn cấp phiếu lý lịch tư pháp",
        kind="guidance",
        content="1. Mục đích\nQuy định trình tự cấp phiếu lý lịch tư pháp.\n2. Phạm vi\nÁp dụng tại Sở Tư pháp.",
    )


def issue(document, *, secretary, head, effective_from=TODAY, today=TODAY):
    """Submit the open draft, have the head pass it and approve it; return the revision."""
    revision = document.revisions.order_by("-number").first()
    services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    services.revision_pass(actor=head, revision=revision, comment="Đạt yêu cầu")
    return services.revision_approve(actor=head, revision=revision, effective_from=effective_from, today=today)


@pytest.fixture
def effective(draft, secretary, head, unit, reader):
    draft.distribute_to_units.add(unit)
    issue(draft, secretary=secretary, head=head)
    draft.refresh_from_db()
    return draft
