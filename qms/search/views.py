"""The search page: one GET form, results in relevance order with highlighted snippets."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qms.core.pagination import querystring_without_page
from qms.core.search import SearchHit, SearchPage

from . import selectors
from .forms import SearchForm

PER_PAGE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


def _row(hit: SearchHit) -> dict[str, Any]:
    return {
        "url": hit.url,
        "title_html": hit.title_html,
        "code": hit.code,
        "source_label": selectors.SOURCE_LABELS.get(hit.source, ""),
        "kind_label": selectors.KIND_LABELS.get(hit.source, {}).get(hit.kind, hit.kind),
        "status_label": selectors.STATUS_LABELS.get(hit.source, {}).get(hit.status, hit.status),
        "status_badge": selectors.STATUS_BADGES.get(hit.status, "text-bg-light"),
        "organisation_name": hit.organisation_name,
        "dated": hit.dated,
        "snippet": hit.snippet,
    }


def results(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET, agencies=selectors.agency_choices_for_user(request.user))
    text = form.text()
    filters = form.filters()
    number = _page_number(request)
    result: SearchPage | None = None
    page_obj = None
    if text:
        result = selectors.search_for_user(request.user, text, page=number, per_page=PER_PAGE, **filters)
        if not result.hits and result.total and number > 1:  # past the last page: show the last one
            number = (result.total - 1) // PER_PAGE + 1
            result = selectors.search_for_user(request.user, text, page=number, per_page=PER_PAGE, **filters)
        page_obj = Paginator(range(result.total), PER_PAGE).get_page(number)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "text": text,
            "result": result,
            "rows": [_row(hit) for hit in result.hits] if result else [],
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "has_filters": bool(filters),
        },
    )
