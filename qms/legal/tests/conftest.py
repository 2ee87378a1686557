"""Fixtures for the legal register: texts created through the services as the system, and citing
objects. The citation is generic; internal units of the agencies stand in for their documents
(this app may not import qms.documents)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qms.core.tests.clock import frozen_at
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.legal import services
from qms.legal.models import LegalCitation, LegalText
from qms.organisations.models import Organisation, Role

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def _clock_at_today():
    """The tests here write their dates around ``TODAY``: the clock stands there (early morning in
    Vietnam, still the day before in UTC) so they mean the same on any day the suite runs."""
    with frozen_at(TODAY):
        yield


def add_text(
    number: str,
    *,
    kind: str = "decree",
    title: str | None = None,
    issuer: str = "Chính phủ",
    signed_on: dt.date | None = None,
    effective_on: dt.date | None = None,
    expires_on: dt.date | None = None,
) -> LegalText:
    return services.legal_text_create(
        actor=None,
        kind=kind,
        number=number,
        issuer=issuer,
        title=title or f"quy định chi tiết số {number}",
        signed_on=signed_on,
        effective_on=effective_on,
        expires_on=expires_on,
        url="",
    )


def document(agency: Organisation, name: str) -> Organisation:
    """A citing object owned by ``agency`` (stands in for one of its documents)."""
    return make_org("unit", agency, name=name, code=f"{agency.code}-{abs(hash(name)) % 10**8}")


def cite(target: Any, organisation: Organisation, *texts: LegalText, today: dt.date | None = None) -> None:
    """Cite ``texts``. A text already in force is cited as from the day it took effect, as a
    document written back then would be (the 3-month rule counts from changes after that day)."""
    citations = services.citations_set(
        actor=None, target=target, organisation=organisation, items=[(t, "") for t in texts], today=today
    )
    now = timezone.now()
    for citation in citations:
        text = citation.legal_text
        since = text.effective_on or text.signed_on or dt.date(2000, 1, 1)
        cited_at = timezone.make_aware(dt.datetime.combine(since, dt.time(8)))
        if cited_at < now and text.pk in {t.pk for t in texts}:
            LegalCitation.objects.filter(pk=citation.pk).update(created_at=cited_at)


@pytest.fixture
def decree_61(db):
    return add_text(
        "61/2018/NĐ-CP",
        title="về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        signed_on=dt.date(2018, 4, 23),
        effective_on=dt.date(2018, 6, 21),
    )


@pytest.fixture
def decree_107(db):
    return add_text(
        "107/2021/NĐ-CP",
        title="sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP",
        signed_on=dt.date(2021, 12, 6),
        effective_on=dt.date(2021, 12, 6),
    )


@pytest.fixture
def decision_19(db):
    return add_text(
        "19/2014/QĐ-TTg",
        kind="decision",
        issuer="Thủ tướng Chính phủ",
        title="về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008",
        signed_on=dt.date(2014, 3, 5),
        effective_on=dt.date(2014, 5, 18),
    )


@pytest.fixture
def doc_stp(department):
    return document(department, "Quy trình cấp phiếu lý lịch tư pháp")


@pytest.fixture
def doc_commune(commune):
    return document(commune, "Quy trình chứng thực bản sao")


@pytest.fixture
def doc_other(other_province):
    return document(other_province, "Quy trình tiếp nhận hồ sơ Bắc Ninh")


@pytest.fixture
def leader(department):
    user = UserFactory(full_name="Đỗ Văn Giang")
    grant(user, department, Role.LEADER)
    return user


@pytest.fixture
def admin_user(province):
    user = UserFactory(full_name="Quản trị tỉnh")
    grant(user, province, Role.ADMIN)
    return user


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary directory, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def nobody(db):
    """Logged in, but holding no role anywhere."""
    return UserFactory(full_name="Vũ Thị Hạnh")
