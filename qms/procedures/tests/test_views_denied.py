"""Every catalogue, coverage and calendar page refuses anonymous callers, other provinces and
insufficient roles; on every denial nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qms.core.tests.pagekit import login_redirect, unchanged
from qms.procedures.coverage import coverage_recompute
from qms.procedures.models import CalendarDay

from .conftest import assign, make_procedure

pytestmark = pytest.mark.django_db

CSV = "Mã TTHC,Tên thủ tục hành chính,Cấp thực hiện\n1.004122,Khoan nước dưới đất,tỉnh\n"


@pytest.fixture
def world(province, department, commune, coordinator, secretary, staff_user, outsider):
    procedure = make_procedure(province, "1.001234", "Cấp Phiếu lý lịch tư pháp")
    assignment = assign(procedure, department)
    coverage_recompute(agency_ids=[department.pk])
    day = CalendarDay.objects.create(day=dt.date(2026, 9, 2), kind="holiday", name="Quốc khánh")
    return {"procedure": procedure, "assignment": assignment, "day": day, "department": department}


def payload(name: str, world) -> dict:
    return {
        "procedures:edit": {"name": "Đổi tên", "level": "province", "version": world["procedure"].version},
        "procedures:assign": {"agency": world["department"].pk},
        "procedures:unassign": {"reason": "thử"},
        "procedures:import": {"file": SimpleUploadedFile("a.csv", CSV.encode())},
        "procedures:calendar_create": {"day": "2026-09-01", "kind": "holiday", "name": "Quốc khánh"},
        "procedures:calendar_edit": {"day": "2026-09-02", "kind": "holiday", "name": "Đổi"},
        "procedures:calendar_import": {
            "file": SimpleUploadedFile("l.csv", b"day,kind,name\n2026-09-01,holiday,QK\n"),
            "year": "2026",
        },
    }.get(name, {})


def url(name: str, world) -> str:
    args = {
        "procedures:detail": [world["procedure"].pk],
        "procedures:edit": [world["procedure"].pk],
        "procedures:assign": [world["procedure"].pk],
        "procedures:assignment": [world["assignment"].pk],
        "procedures:unassign": [world["assignment"].pk],
        "procedures:agency": [world["department"].pk],
        "procedures:calendar_edit": [world["day"].pk],
        "procedures:calendar_delete": [world["day"].pk],
    }.get(name)
    return reverse(name, args=args) if args else reverse(name)


ALL = [
    ("get", "procedures:list"),
    ("get", "procedures:detail"),
    ("get", "procedures:edit"),
    ("post", "procedures:edit"),
    ("post", "procedures:assign"),
    ("get", "procedures:assignment"),
    ("get", "procedures:unassign"),
    ("post", "procedures:unassign"),
    ("get", "procedures:decisions"),
    ("get", "procedures:import"),
    ("post", "procedures:import"),
    ("get", "procedures:my_agency"),
    ("get", "procedures:agency"),
    ("get", "procedures:coverage"),
    ("get", "procedures:calendar"),
    ("get", "procedures:calendar_create"),
    ("post", "procedures:calendar_create"),
    ("get", "procedures:calendar_edit"),
    ("post", "procedures:calendar_edit"),
    ("post", "procedures:calendar_delete"),
    ("get", "procedures:calendar_import"),
    ("post", "procedures:calendar_import"),
]
WRITES = [
    ("get", "procedures:edit"),
    ("post", "procedures:edit"),
    ("post", "procedures:assign"),
    ("get", "procedures:unassign"),
    ("post", "procedures:unassign"),
    ("get", "procedures:import"),
    ("post", "procedures:import"),
    ("get", "procedures:calendar_create"),
    ("post", "procedures:calendar_create"),
    ("get", "procedures:calendar_edit"),
    ("post", "procedures:calendar_edit"),
    ("post", "procedures:calendar_delete"),
    ("get", "procedures:calendar_import"),
    ("post", "procedures:calendar_import"),
]


@pytest.mark.parametrize(("method", "name"), ALL)
def test_anonymous_is_sent_to_the_login_page(client, world, method, name):
    target = url(name, world)
    with unchanged():
        response = getattr(client, method)(target, payload(name, world) if method == "post" else {})
    assert response.status_code == 302
    assert response["Location"] == login_redirect(target)


@pytest.mark.parametrize("who", ["secretary", "staff_user", "nobody"])
@pytest.mark.parametrize(("method", "name"), WRITES)
def test_agencies_cannot_change_the_catalogue_or_the_calendar(client, request, world, who, method, name):
    client.force_login(request.getfixturevalue(who))
    with unchanged():
        response = getattr(client, method)(url(name, world), payload(name, world) if method == "post" else {})
    # A reader of the catalogue is refused (403); someone who cannot even read it gets a 404.
    assert response.status_code in (403, 404)
    if who != "nobody" or "calendar" in name:
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "procedures:detail"),
        ("get", "procedures:edit"),
        ("post", "procedures:edit"),
        ("post", "procedures:assign"),
        ("get", "procedures:assignment"),
        ("get", "procedures:unassign"),
        ("post", "procedures:unassign"),
        ("get", "procedures:agency"),
    ],
)
def test_another_provinces_coordinator_gets_404(client, world, outsider, method, name):
    client.force_login(outsider)
    with unchanged():
        response = getattr(client, method)(url(name, world), payload(name, world) if method == "post" else {})
    assert response.status_code == 404


def test_another_provinces_coordinator_may_edit_the_national_calendar(client, world, outsider):
    client.force_login(outsider)
    assert client.get(reverse("procedures:calendar_create")).status_code == 200


def test_nobody_reads_no_catalogue(client, world, nobody):
    client.force_login(nobody)
    assert client.get(reverse("procedures:list")).status_code == 404
    assert client.get(reverse("procedures:my_agency")).status_code == 404
    assert client.get(reverse("procedures:coverage")).status_code == 403
    assert client.get(reverse("procedures:calendar")).status_code == 200  # the calendar is public to staff


def test_import_of_another_catalogue_is_404(client, world, outsider, province):
    client.force_login(outsider)
    with unchanged():
        response = client.post(
            f"{reverse('procedures:import')}?catalogue={province.pk}", payload("procedures:import", world)
        )
    assert response.status_code == 404
