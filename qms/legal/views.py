"""Pages of the legal register: the list, one text, adding and editing, recording replacements and
amendments, importing a file. Thin: reads through selectors, writes through services."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qms.core import files
from qms.core.formerrors import add_service_errors
from qms.core.pagination import paginate, querystring_without_page
from qms.core.tabular import SourceRows
from qms.obligations import selectors as obligation_selectors

from . import access, selectors, services, services_import
from .forms import ImportForm, LegalTextForm, ReplaceForm
from .importing import LegalImportError, read_file
from .models import LegalTextKind

FORM_FIELDS = ("kind", "number", "issuer", "title", "signed_on", "effective_on", "expires_on", "url")
IMPORT_SESSION_KEY = "qms_legal_import"


def _decorate(texts: Any) -> None:
    """Badge class and label of each text's status (annotated by the selector)."""
    for text in texts:
        text.status_label = selectors.STATUS_LABELS[text.status_code]
        text.status_badge = selectors.STATUS_BADGES[text.status_code]


def legal_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in LegalTextKind.values else ""
    status = request.GET.get("status", "")
    status = status if status in selectors.STATUS_LABELS or status == "no_date" else ""
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isdigit() else None
    q = request.GET.get("q", "").strip()
    qs = selectors.legal_text_list_for_user(request.user, q=q, kind=kind, status=status, year=year)
    page_obj = paginate(request, qs)
    _decorate(page_obj.object_list)
    return render(
        request,
        "legal/list.html",
        {
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "kinds": selectors.KIND_CHOICES,
            "statuses": selectors.STATUS_CHOICES,
            "years": selectors.legal_text_years(),
            "kind": kind,
            "status": status,
            "year": year,
            "q": q,
            "can_add": access.can_add_legal(request.user),
            "no_date_count": selectors.texts_without_effective_date_count(),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    text = selectors.legal_text_get_for_user(user, pk)
    _decorate([text])
    relations = selectors.legal_text_relations(text)
    for related in relations.values():
        _decorate(related)
    obligations = (
        obligation_selectors.obligation_list_for_user(user, state="all", source=text)[:200]
        if obligation_selectors.can_view_obligations(user)
        else []
    )
    today = timezone.localdate()
    return render(
        request,
        "legal/detail.html",
        {
            "text": text,
            "relations": relations,
            "citations": selectors.citations_of_legal_text_for_user(user, text),
            "citing_total": selectors.citing_count(text),
            "obligations": obligations,
            "today": today,
            "events": selectors.legal_text_history(text)[:50],
            "can_manage": access.can_manage_legal(user),
        },
    )


def create(request: HttpRequest) -> HttpResponse:
    if not access.can_add_legal(request.user):
        raise PermissionDenied
    form = LegalTextForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in FORM_FIELDS}
        try:
            text = services.legal_text_create(actor=request.user, file=form.cleaned_data.get("upload"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"file": "upload"})
        else:
            messages.success(request, _("Đã thêm văn bản %(number)s vào sổ.") % {"number": text.number})
            return redirect("legal:detail", pk=text.pk)
    return render(request, "legal/form.html", {"form": form, "text": None})


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    text = selectors.legal_text_get_for_user(request.user, pk)
    if not access.can_manage_legal(request.user):
        raise PermissionDenied
    initial = {name: getattr(text, name) for name in FORM_FIELDS}
    initial["version"] = text.version
    form = LegalTextForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = {name: form.cleaned_data[name] for name in FORM_FIELDS}
        if form.cleaned_data.get("upload"):
            data["file"] = form.cleaned_data["upload"]
        try:
            services.legal_text_update(
                actor=request.user, legal_text=text, expected_version=form.cleaned_data.get("version"), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"file": "upload"})
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("legal:detail", pk=text.pk)
    return render(request, "legal/form.html", {"form": form, "text": text})


def download(request: HttpRequest, pk: int) -> FileResponse:
    """The text's file; the register is readable by every logged-in user."""
    text = selectors.legal_text_get_for_user(request.user, pk)
    if text.file is None:
        raise Http404
    return files.file_response(text.file, inline=request.GET.get("xem") == "1")


def replace(request: HttpRequest, pk: int) -> HttpResponse:
    text = selectors.legal_text_get_for_user(request.user, pk)
    if not access.can_manage_legal(request.user):
        raise PermissionDenied
    form = ReplaceForm(request.POST or None)
    preview: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        found, missing = selectors.texts_by_numbers(form.numbers_list())
        relation = form.cleaned_data["relation"]
        if missing:
            form.add_error(
                "numbers",
                _("Chưa có trong sổ: %(numbers)s. Hãy thêm các văn bản này trước.") % {"numbers": ", ".join(missing)},
            )
        elif not form.cleaned_data.get("confirm"):
            preview = {
                "texts": found,
                "numbers": "; ".join(t.number for t in found),
                "relation": relation,
                "affected": selectors.affected_target_count(found, text),
            }
        else:
            service = services.legal_text_replace if relation == "replace" else services.legal_text_amend
            try:
                result = service(actor=request.user, new=text, old_texts=found)
            except ValidationError as exc:
                add_service_errors(form, exc, field_map={"old_texts": "numbers"})
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận. %(n)s nghĩa vụ cập nhật tài liệu được tạo.") % {"n": result.created},
                )
                return redirect("legal:detail", pk=text.pk)
    return render(request, "legal/replace.html", {"form": form, "text": text, "preview": preview})


@require_http_methods(["GET", "POST"])
def import_texts(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_add_legal(user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "problems": None, "result": None, "token": ""}
    if request.method == "POST" and request.POST.get("token"):
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        if stored.get("token") != request.POST["token"]:
            messages.error(request, _("Phiên nhập tệp đã hết hạn. Hãy chọn lại tệp."))
            return redirect("legal:import")
        source = SourceRows.from_plain(stored["source"])
        try:
            result = services_import.legal_texts_import(actor=user, rows=source)
        except LegalImportError as exc:
            context["problems"] = exc.problems
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.success(
                request,
                _("Đã nhập: thêm mới %(created)s, cập nhật %(updated)s, không đổi %(unchanged)s văn bản.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("legal:list")
        form = ImportForm()
        context["form"] = form
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            source = read_file(upload, upload.name)
            result = services_import.legal_texts_import(actor=user, rows=source, dry_run=True)
        except LegalImportError as exc:
            context["problems"] = exc.problems
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {"token": token, "source": source.as_plain()}
            context.update(result=result, token=token, filename=upload.name)
    return render(request, "legal/import.html", context)
