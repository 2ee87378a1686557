"""The holiday calendar: coordinators add, correct, delete and import days; weekend holidays and
weekday "worked days" are refused; the shipped calendar loads idempotently; due dates follow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from qms.core.tests.pagekit import audited, unchanged
from qms.procedures import calendar
from qms.procedures.models import CalendarDay
from qms.procedures.services_calendar import (
    calendar_day_create,
    calendar_day_delete,
    calendar_import,
    can_edit_calendar,
)

pytestmark = pytest.mark.django_db


def test_who_edits_the_calendar(coordinator, secretary, leader, inspector, superadmin, nobody):
    assert can_edit_calendar(coordinator)
    assert can_edit_calendar(superadmin)
    assert not can_edit_calendar(secretary)
    assert not can_edit_calendar(leader)
    assert not can_edit_calendar(inspector)
    assert not can_edit_calendar(nobody)
    with pytest.raises(PermissionDenied):
        calendar_day_create(actor=secretary, day=dt.date(2026, 9, 1), kind="holiday", name="Quốc khánh")


def test_create_clears_the_working_day_cache(coordinator):
    assert calendar.is_working_day(dt.date(2026, 9, 1))
    with audited("calendar.create"):
        calendar_day_create(actor=coordinator, day=dt.date(2026, 9, 1), kind="holiday", name="Quốc khánh")
    assert not calendar.is_working_day(dt.date(2026, 9, 1))
    row = CalendarDay.objects.get()
    calendar_day_delete(actor=coordinator, calendar_day=row)
    assert calendar.is_working_day(dt.date(2026, 9, 1))


@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (dt.date(2026, 2, 14), "holiday", "thứ Bảy hoặc Chủ nhật"),
        (dt.date(2026, 2, 15), "day_off", "thứ Bảy hoặc Chủ nhật"),
        (dt.date(2026, 1, 9), "working_day", "vốn đã là ngày làm việc"),
    ],
)
def test_pointless_days_are_refused(coordinator, day, kind, message):
    with pytest.raises(ValidationError) as caught:
        calendar_day_create(actor=coordinator, day=day, kind=kind, name="x")
    assert message in caught.value.message_dict["day"][0]


def test_a_day_is_entered_once(coordinator):
    calendar_day_create(actor=coordinator, day=dt.date(2026, 9, 1), kind="holiday", name="Quốc khánh")
    with pytest.raises(ValidationError) as caught:
        calendar_day_create(actor=coordinator, day=dt.date(2026, 9, 1), kind="day_off", name="Nghỉ bù")
    assert "đã có trong lịch" in caught.value.message_dict["day"][0]


def test_shipped_calendar_loads_once_with_tet_and_make_up_days(db):
    call_command("procedures_load_calendar", verbosity=0)
    count = CalendarDay.objects.count()
    assert count > 40
    call_command("procedures_load_calendar", verbosity=0)
    assert CalendarDay.objects.count() == count
    # Tết Ất Tỵ 2025: 27-31/01 not worked; 30/4-2/5/2025 off, Saturday 26/4 worked instead.
    assert all(not calendar.is_working_day(dt.date(2025, 1, d)) for d in range(27, 32))
    assert calendar.is_working_day(dt.date(2025, 4, 26))
    assert not calendar.is_working_day(dt.date(2025, 5, 2))
    # A decision signed on Friday 24/01/2025 is due 5 working days later, after Tết: 07/02/2025.
    assert calendar.add_working_days(dt.date(2025, 1, 24), 5) == dt.date(2025, 2, 7)
    assert all((d.kind in ("holiday", "day_off")) == (d.day.weekday() < 5) for d in CalendarDay.objects.all())


def test_import_reports_every_bad_line_and_writes_nothing(coordinator):
    data = (
        "# lịch thử\n"
        "day,kind,name,basis\n"
        "2026-09-02,holiday,Quốc khánh,\n"
        "2026-09-05,holiday,Thứ Bảy,\n"
        "31/02/2026,holiday,Sai ngày,\n"
        "2026-09-01,lạ,Loại lạ,\n"
    )
    upload = SimpleUploadedFile("l.csv", data.encode())
    with unchanged(), pytest.raises(ValidationError) as caught:
        calendar_import(actor=coordinator, file=upload)
    assert [m.split(":")[0] for m in caught.value.messages] == ["Dòng 4", "Dòng 5", "Dòng 6"]


def test_import_of_a_year_replaces_it(coordinator):
    calendar_day_create(actor=coordinator, day=dt.date(2026, 9, 3), kind="holiday", name="Cũ")
    calendar_day_create(actor=coordinator, day=dt.date(2025, 9, 1), kind="holiday", name="Năm khác")
    upload = SimpleUploadedFile(
        "l.csv", "Ngày,Loại,Tên\n01/09/2026,nghỉ lễ,Quốc khánh\n2025-09-02,holiday,x\n".encode()
    )
    result = calendar_import(actor=coordinator, file=upload, year=2026, replace_year=True)
    assert (len(result.created), result.removed) == (1, 1)
    assert sorted(CalendarDay.objects.values_list("day", "name")) == [
        (dt.date(2025, 9, 1), "Năm khác"),
        (dt.date(2026, 9, 1), "Quốc khánh"),
    ]


# --- pages ---------------------------------------------------------------------------------------------


def test_calendar_page_lists_a_year(client, coordinator, staff_user, django_assert_max_num_queries):
    call_command("procedures_load_calendar", verbosity=0)
    client.force_login(staff_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("procedures:calendar"), {"year": 2025})
    assert response.status_code == 200
    days = response.context["days"]
    assert days[0].day == dt.date(2025, 1, 1)
    assert response.context["can_edit"] is False
    assert response.context["worked"] == 1
    client.force_login(coordinator)
    assert client.get(reverse("procedures:calendar")).context["can_edit"] is True


def test_coordinator_adds_edits_and_deletes_a_day(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("procedures:calendar_create"),
        {"day": "2026-09-01", "kind": "holiday", "name": "Quốc khánh (ngày liền kề)", "basis": "Thông báo"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("procedures:calendar") + "?year=2026"
    row = CalendarDay.objects.get()
    response = client.post(
        reverse("procedures:calendar_edit", args=[row.pk]), {"day": "2026-09-03", "kind": "holiday", "name": "Đổi"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.day, row.name) == (dt.date(2026, 9, 3), "Đổi")
    assert client.get(reverse("procedures:calendar_edit", args=[row.pk])).status_code == 200
    with audited("calendar.delete"):
        client.post(reverse("procedures:calendar_delete", args=[row.pk]))
    assert not CalendarDay.objects.exists()


def test_weekend_holiday_shows_the_message_beside_the_date(client, coordinator):
    client.force_login(coordinator)
    with unchanged():
        response = client.post(
            reverse("procedures:calendar_create"), {"day": "2026-02-14", "kind": "holiday", "name": "Tết"}
        )
    assert response.status_code == 200
    assert "thứ Bảy hoặc Chủ nhật" in response.context["form"].errors["day"][0]


def test_calendar_import_page(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("l.csv", b"day,kind,name\n2026-09-01,holiday,QK\n")
    response = client.post(reverse("procedures:calendar_import"), {"file": upload, "year": "2026"})
    assert response.status_code == 302
    assert CalendarDay.objects.get().name == "QK"
    bad = SimpleUploadedFile("l.csv", b"day,kind,name\n2026-09-05,holiday,QK\n")
    response = client.post(reverse("procedures:calendar_import"), {"file": bad, "year": "2026"})
    assert response.status_code == 200
    assert response.context["problems"][0].startswith("Dòng 2")


def test_missing_day_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("procedures:calendar_edit", args=[999])).status_code == 404
