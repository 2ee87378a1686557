"""The coordinator's consolidation of a year: n/N inspected and on site, the score and rating
distribution, the agencies' table (sortable, paged, Excel), the common shortcomings, overdue
follow-ups, the November report in Word; drill-down province → agency → criterion."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from qms.core.files import content_disposition
from qms.core.officedoc import docx_response, render_docx
from qms.core.pagination import querystring_without_page

from . import selectors_consolidation as consolidation_selectors
from . import selectors_drill as drill_selectors
from . import word
from .excel import XLSX_CONTENT_TYPE, consolidation_workbook
from .forms import ReportForm

PAGE_SIZE = 25


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2014 <= int(raw) <= 2100 else timezone.localdate().year


def _resolve(request: HttpRequest) -> tuple[Any, int]:
    if not consolidation_selectors.can_consolidate(request.user):
        raise PermissionDenied
    root = consolidation_selectors.consolidation_root_for_user(request.user, request.GET.get("root"))
    return root, _year(request)


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        "q": request.GET.get("q", "").strip(),
        "mode": request.GET.get("mode", ""),
        "state": request.GET.get("state", ""),
        "rating": request.GET.get("rating", ""),
    }


def consolidation(request: HttpRequest) -> HttpResponse:
    root, year = _resolve(request)
    data = consolidation_selectors.consolidation_get(root, year).load_cached()
    filters = _filters(request)
    ids, sort = consolidation_selectors.table_ids(
        data, **filters, sort=request.GET.get("sort", consolidation_selectors.DEFAULT_SORT)
    )
    page_obj = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = consolidation_selectors.rows_by_ids(data, list(page_obj.object_list))
    histogram = data.score_histogram()
    distribution = data.rating_distribution
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    provinces = data.provinces() if root is None else []
    return render(
        request,
        "inspections/consolidation.html",
        {
            "c": data,
            "root": root,
            "year": year,
            "page_obj": page_obj,
            "rows": rows,
            "querystring": querystring_without_page(request),
            "sort_querystring": params.urlencode(),
            "sort": sort,
            "filters": filters,
            "modes": consolidation_selectors.MODE_CHOICES,
            "distribution": distribution,
            "ratings": [label for label, _n, _p in distribution],
            "provinces": provinces if len(provinces) > 1 else [],
            # The administrator switches province from the provinces table; others from their scopes.
            "scopes": [] if request.user.is_superuser else consolidation_selectors.consolidation_scopes(request.user),
            "is_superadmin": request.user.is_superuser,
            "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1)),
            "rating_chart": {
                "type": "bar",
                "data": {
                    "labels": [label for label, _n, _p in distribution],
                    "datasets": [{"label": "Số cơ quan", "data": [n for _l, n, _p in distribution]}],
                },
                "options": {
                    "plugins": {"legend": {"display": False}},
                    "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}},
                },
            },
            "score_chart": {
                "type": "bar",
                "data": {
                    "labels": histogram["labels"],
                    "datasets": [
                        {"label": "Tự chấm", "data": histogram["self"]},
                        {"label": "Đoàn kiểm tra", "data": histogram["inspection"]},
                    ],
                },
                "options": {"scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}}},
            },
            "root_param": root.pk if root is not None else "",
            # One reverse() for the whole table instead of one per row.
            "agency_url": reverse("inspections:consolidation_agency", args=[0]).replace("/0/", "/"),
        },
    )


def consolidation_excel(request: HttpRequest) -> HttpResponse:
    root, year = _resolve(request)
    data = consolidation_selectors.consolidation_get(root, year)
    rows, _sort = consolidation_selectors.table(
        data, **_filters(request), sort=request.GET.get("sort", consolidation_selectors.DEFAULT_SORT)
    )
    content = consolidation_workbook(data, consolidation_selectors.rows_of(data, rows))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    scope = root.name if root is not None else "Toàn quốc"
    response["Content-Disposition"] = content_disposition(
        f"Kết quả kiểm tra HTQLCL {year} - {scope}.xlsx", inline=False
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def consolidation_report(request: HttpRequest) -> HttpResponse:
    """The November report: the form (issuer, number, signer, proposals), then the Word file
    (nothing is stored: the figures are those of the moment)."""
    if not consolidation_selectors.can_consolidate(request.user):
        raise PermissionDenied
    params = request.POST if request.method == "POST" else request.GET
    root = consolidation_selectors.consolidation_root_for_user(request.user, params.get("root"))
    raw = params.get("year", "")
    year = int(raw) if raw.isdigit() and 2014 <= int(raw) <= 2100 else timezone.localdate().year
    form = ReportForm(request.POST or None, initial=consolidation_selectors.default_issuer(root, year))
    if request.method != "POST" or not form.is_valid():
        return render(
            request,
            "inspections/consolidation_report.html",
            {"form": form, "root": root, "year": year, "root_param": root.pk if root is not None else ""},
        )
    data = consolidation_selectors.consolidation_get(root, year)
    fields = form.cleaned_data
    document = word.report_document(
        data,
        issuer=fields["issuer"],
        issuer_parent=fields.get("issuer_parent", ""),
        number=fields.get("number", ""),
        symbol=fields.get("symbol") or "BC-SKHCN",
        date=fields.get("date"),
        signer_authority=fields.get("signer_authority", ""),
        signer_title=fields.get("signer_title") or "Giám đốc",
        signer_name=fields.get("signer_name", ""),
        proposals=fields.get("proposals", ""),
    )
    return docx_response(render_docx(document), f"Báo cáo kết quả kiểm tra HTQLCL năm {year}.docx")


def consolidation_agency(request: HttpRequest, agency_pk: int) -> HttpResponse:
    if not consolidation_selectors.can_consolidate(request.user):
        raise PermissionDenied
    year = _year(request)
    drill = drill_selectors.agency_drill_for_user(request.user, agency_pk, year)
    return render(
        request, "inspections/consolidation_agency.html", {"d": drill, "year": year, "today": timezone.localdate()}
    )


def consolidation_criterion(request: HttpRequest, agency_pk: int, criterion_pk: int) -> HttpResponse:
    if not consolidation_selectors.can_consolidate(request.user):
        raise PermissionDenied
    year = _year(request)
    drill = drill_selectors.criterion_drill_for_user(request.user, agency_pk, year, criterion_pk)
    return render(request, "inspections/consolidation_criterion.html", {"cd": drill, "d": drill.drill, "year": year})
