"""The search page: one GET form, results in relevance order with highlighted snippets."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qms.core import search
from qms.core.pagination import querystring_without_page
from qms.core.search import SearchHit, SearchPage
from qms.core.text import fold

from . import selectors
from .forms import SearchForm

PER_PAGE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


def _title_html(hit: SearchHit, terms: tuple[str, ...]) -> Any:
    """A legal text is known by its number and symbol: "19/2014/QĐ-TTg — Quyết định về việc áp
    dụng …" (the entry's title is the abstract alone, "về việc áp dụng …")."""
    if hit.source != selectors.SOURCE_LEGAL or not hit.code:
        return hit.title_html
    kind = str(selectors.KIND_LABELS[selectors.SOURCE_LEGAL].get(hit.kind, ""))
    title = hit.title
    if kind and not fold(title).startswith(fold(kind)):
        title = f"{kind} {title}" if title else kind
    return search.highlight(f"{hit.code} — {title}" if title else hit.code, terms)


def _row(hit: SearchHit, terms: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "url": hit.url,
        "title_html": _title_html(hit, terms),
        "code": "" if hit.source == selectors.SOURCE_LEGAL else hit.code,  # the title starts with it
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
            "rows": [_row(hit, result.terms) for hit in result.hits] if result else [],
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "has_filters": bool(filters),
        },
    )
