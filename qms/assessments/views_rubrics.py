"""Pages of rubrics: the list, a version's criteria tree and bands, Excel export and import (a
new version), rating bands, publishing, retiring, discarding a draft, deriving a province's own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qms.core import files
from qms.core.audit import history_for
from qms.core.formerrors import add_service_errors
from qms.core.pagination import paginate, querystring_without_page

from . import access, selectors_rubrics, services_rubrics
from .exporting import rubric_xlsx
from .forms import BandsForm, DeriveForm, RubricImportForm
from .models import RubricStatus
from .views import XLSX


def _require_manage(request: HttpRequest, rubric: Any) -> None:
    if not selectors_rubrics.can_manage(request.user, rubric):
        raise PermissionDenied


def rubric_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = selectors_rubrics.rubric_list_for_user(
        request.user,
        q=request.GET.get("q", "").strip() or None,
        status=status if status in RubricStatus.values else None,
    )
    return render(
        request,
        "assessments/rubric_list.html",
        {
            "page_obj": paginate(request, rows),
            "querystring": querystring_without_page(request),
            "status": status,
            "statuses": RubricStatus.choices,
            "can_manage": access.can_manage_rubrics(request.user),
        },
    )


def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = selectors_rubrics.rubric_get_for_user(request.user, pk)
    tab = request.GET.get("tab", "")
    context: dict[str, Any] = {
        "rubric": rubric,
        "tab": tab,
        "bands": selectors_rubrics.bands_of(rubric),
        "usage": selectors_rubrics.rubric_usage(rubric),
        "versions": selectors_rubrics.versions_of(rubric, request.user),
        "can_manage": selectors_rubrics.can_manage(request.user, rubric),
    }
    if tab == "lich-su":
        context["events"] = history_for(rubric)[:100]
    else:
        rows = selectors_rubrics.rubric_tree(rubric)
        context["rows"] = rows
        context["leaf_count"] = sum(1 for r in rows if r.criterion.is_leaf)
        context["inconsistent"] = [r for r in rows if not r.consistent]
    return render(request, "assessments/rubric_detail.html", context)


def rubric_export(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = selectors_rubrics.rubric_get_for_user(request.user, pk)
    data = rubric_xlsx(services_rubrics.spec_of(rubric))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = files.content_disposition(f"{rubric.code}.v{rubric.version}.xlsx", inline=False)
    return response


@require_http_methods(["GET", "POST"])
def rubric_import(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_rubrics(request.user):
        raise PermissionDenied
    base = None
    if request.GET.get("from"):
        base = selectors_rubrics.rubric_get_for_user(request.user, request.GET["from"])
        _require_manage(request, base)
    form = RubricImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            rubric, created = services_rubrics.rubric_import_excel(
                actor=request.user,
                data=upload.read(),
                code=base.code if base is not None else "",
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"__all__": "upload"})
        else:
            if created:
                messages.success(
                    request,
                    _("Đã tạo phiên bản %(v)s (dự thảo) của bộ tiêu chí %(code)s. Kiểm tra rồi bấm “Áp dụng”.")
                    % {"v": rubric.version, "code": rubric.code},
                )
            else:
                messages.info(request, _("Tệp giống hệt phiên bản mới nhất: không tạo phiên bản mới."))
            return redirect("assessments:rubric_detail", rubric.pk)
    return render(request, "assessments/rubric_import.html", {"form": form, "base": base})


@require_http_methods(["GET", "POST"])
def rubric_bands(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = selectors_rubrics.rubric_get_for_user(request.user, pk)
    _require_manage(request, rubric)
    bands = selectors_rubrics.bands_of(rubric)
    initial = {
        "lines": "\n".join(f"{_plain(b.lower_bound)} | {b.label}" for b in bands),
        "bands_published": rubric.bands_published,
        "bands_note": rubric.bands_note,
    }
    form = BandsForm(request.POST or None, initial=initial)
    usage = selectors_rubrics.rubric_usage(rubric)
    if request.method == "POST" and form.is_valid():
        try:
            target, created = services_rubrics.rubric_set_bands(
                actor=request.user,
                rubric=rubric,
                bands=form.cleaned_data["lines"],
                bands_note=form.cleaned_data["bands_note"],
                published=form.cleaned_data["bands_published"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"__all__": "lines"})
        else:
            if created:
                messages.success(
                    request,
                    _(
                        "Phiên bản %(old)s đang được dùng nên đã tạo phiên bản %(new)s (dự thảo) với thang xếp loại mới. "
                        "Bấm “Áp dụng” để dùng cho các lần đánh giá mới."
                    )
                    % {"old": rubric.version, "new": target.version},
                )
            else:
                messages.success(request, _("Đã lưu thang xếp loại."))
            return redirect("assessments:rubric_detail", target.pk)
    return render(request, "assessments/rubric_bands.html", {"form": form, "rubric": rubric, "usage": usage})


def _plain(value: Any) -> str:
    from .scoring import fmt

    return fmt(value)


@require_POST
def rubric_publish(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = selectors_rubrics.rubric_get_for_user(request.user, pk)
    _require_manage(request, rubric)
    try:
        services_rubrics.rubric_publish(actor=request.user, rubric=rubric)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã áp dụng phiên bản %(v)s cho các lần đánh giá mới.") % {"v": rubric.version})
    return redirect("assessments:rubric_detail", rubric.pk)


@require_POST
def rubric_retire(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = selectors_rubrics.rubric_get_for_user(request.user, pk)
    _require_manage(request, rubric)
    try:
        services_rubrics.rubric_retire(actor=request.user, rubric=rubric)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ngừng áp dụng phiên bản %(v)s.") % {"v": rubric.version})
    return redirect("assessments:rubric_detail", rubric.pk)


@require_POST
def rubric_discard(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = selectors_rubrics.rubric_get_for_user(request.user, pk)
    _require_manage(request, rubric)
    try:
        services_rubrics.rubric_discard(actor=request.user, rubric=rubric)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessments:rubric_detail", rubric.pk)
    messages.success(request, _("Đã xoá phiên bản dự thảo."))
    return redirect("assessments:rubric_list")


@require_http_methods(["GET", "POST"])
def rubric_derive(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = selectors_rubrics.rubric_get_for_user(request.user, pk)
    organisations = selectors_rubrics.manageable_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    form = DeriveForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next(o for o in organisations if o.pk == data["organisation"])
        try:
            derived = services_rubrics.rubric_derive(
                actor=request.user,
                rubric=rubric,
                code=data["code"],
                title=data["title"],
                issuer=data["issuer"],
                organisation=organisation,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã tạo bộ tiêu chí %(code)s (dự thảo) từ %(src)s. Đặt thang xếp loại rồi bấm “Áp dụng”.")
                % {"code": derived.code, "src": rubric.code},
            )
            return redirect("assessments:rubric_detail", derived.pk)
    return render(request, "assessments/rubric_derive.html", {"form": form, "rubric": rubric})
