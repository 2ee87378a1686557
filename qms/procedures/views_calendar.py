"""Pages of the working-day calendar: the days of a year, adding, editing and deleting a day,
importing a year from CSV. Everyone reads it; coordinators (and the administrator) edit it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qms.core.display import format_date
from qms.core.formerrors import add_service_errors

from . import selectors, services_calendar
from .forms import CalendarDayForm, CalendarImportForm
from .models import DayKind

FIELDS = ("day", "kind", "name", "basis")


def _year_url(year: int) -> str:
    return f"{reverse('procedures:calendar')}?year={year}"


def calendar_list(request: HttpRequest) -> HttpResponse:
    years = selectors.calendar_years()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    if year < 2000 or year > 2100:
        year = timezone.localdate().year
    days = selectors.calendar_days(year)
    labels = dict(DayKind.choices)
    weekdays = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật")]
    for d in days:
        d.kind_label = labels.get(d.kind, d.kind)  # type: ignore[attr-defined]
        d.weekday_label = weekdays[d.day.weekday()]  # type: ignore[attr-defined]
    return render(
        request,
        "procedures/calendar.html",
        {
            "year": year,
            "years": sorted(set(years) | {year}),
            "days": days,
            "non_working": sum(1 for d in days if d.kind != DayKind.WORKING_DAY),
            "worked": sum(1 for d in days if d.kind == DayKind.WORKING_DAY),
            "can_edit": services_calendar.can_edit_calendar(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def calendar_create(request: HttpRequest) -> HttpResponse:
    if not services_calendar.can_edit_calendar(request.user):
        raise PermissionDenied
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services_calendar.calendar_day_create(
                actor=request.user, **{name: form.cleaned_data[name] for name in FIELDS}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm ngày %(day)s vào lịch.") % {"day": format_date(row.day)})
            return redirect(_year_url(row.day.year))
    return render(request, "procedures/calendar_form.html", {"form": form, "calendar_day": None})


@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.calendar_day_get(pk)
    if not services_calendar.can_edit_calendar(request.user):
        raise PermissionDenied
    form = CalendarDayForm(request.POST or None, initial={name: getattr(row, name) for name in FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services_calendar.calendar_day_update(
                actor=request.user, calendar_day=row, **{name: form.cleaned_data[name] for name in FIELDS}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu ngày %(day)s.") % {"day": format_date(row.day)})
            return redirect(_year_url(row.day.year))
    return render(
        request,
        "procedures/calendar_form.html",
        {"form": form, "calendar_day": row, "events": selectors.calendar_history(row)[:20]},
    )


@require_http_methods(["POST"])
def calendar_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.calendar_day_get(pk)
    if not services_calendar.can_edit_calendar(request.user):
        raise PermissionDenied
    year, label = row.day.year, format_date(row.day)
    services_calendar.calendar_day_delete(actor=request.user, calendar_day=row)
    messages.success(request, _("Đã xoá ngày %(day)s khỏi lịch.") % {"day": label})
    return redirect(_year_url(year))


@require_http_methods(["GET", "POST"])
def calendar_import(request: HttpRequest) -> HttpResponse:
    if not services_calendar.can_edit_calendar(request.user):
        raise PermissionDenied
    form = CalendarImportForm(request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            result = services_calendar.calendar_import(
                actor=request.user,
                file=form.cleaned_data["file"],
                year=year,
                replace_year=form.cleaned_data["replace_year"],
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(
                request,
                _(
                    "Đã nhập lịch năm %(year)s: thêm %(created)s, sửa %(updated)s, xoá %(removed)s, không đổi %(unchanged)s ngày."
                )
                % {
                    "year": year,
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "removed": result.removed,
                    "unchanged": result.unchanged,
                },
            )
            return redirect(_year_url(year))
    return render(request, "procedures/calendar_import.html", {"form": form, "problems": problems})
