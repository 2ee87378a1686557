from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as reachable without logging in (LoginRequiredMiddleware guards the rest)."""
    return login_not_required(view)


@public
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@public
def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


@public
def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


@public
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (expired page, cookies blocked): the product's own 403 page, not Django's."""
    return render(request, "errors/403.html", {"csrf_failure": True}, status=403)


@public
def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def error_preview(request: HttpRequest, code: int) -> HttpResponse:
    if code not in {403, 404, 500}:
        raise Http404
    return render(request, f"errors/{code}.html", status=code)
