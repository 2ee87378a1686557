"""Pages of the TTHC catalogue: the list and one procedure, publishing decisions, the import of a
published list, assignments, an agency's TTHC with its coverage, and the coverage of every agency
(the working-day calendar: ``views_calendar``; processes: ``views_processes``). Thin: reads
through selectors, writes through services."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qms.core.display import format_date
from qms.core.formerrors import add_service_errors
from qms.core.forms import set_choices
from qms.core.pagination import paginate, querystring_without_page
from qms.core.tabular import SourceRows
from qms.organisations import policy
from qms.organisations.policy import Perm
from qms.people.workspace import workspace_for_request

from . import exports, selectors, services
from .forms import AssignForm, CatalogueImportForm, ProcedureForm, UnassignForm
from .importing import CatalogueImportError, read_file

IMPORT_SESSION_KEY = "qms_procedures_import"
PROCEDURE_FIELDS = ("name", "field", "level", "time_limit_days", "time_limit_text", "fees", "legal_bases")


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- the catalogue --------------------------------------------------------------------------------


def procedure_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    catalogue = selectors.catalogue_for_user(user, request.GET.get("catalogue"))
    filters = {
        "q": request.GET.get("q", "").strip(),
        "field_name": request.GET.get("field", ""),
        "level": request.GET.get("level", "") if request.GET.get("level") in selectors.LEVEL_LABELS else "",
        "status": request.GET.get("status", "") if request.GET.get("status") in selectors.STATUS_LABELS else "",
        "decision_id": _int(request.GET.get("decision")),
        "agency_id": _int(request.GET.get("agency")),
        "assignment": "none" if request.GET.get("assignment") == "none" else "",
    }
    qs = selectors.procedure_list_for_user(
        user,
        catalogue,
        q=str(filters["q"]),
        field_name=str(filters["field_name"]),
        level=str(filters["level"]),
        status=str(filters["status"]),
        decision_id=_int(filters["decision_id"]),
        agency_id=_int(filters["agency_id"]),
        assignment=str(filters["assignment"]),
    )
    if request.GET.get("export") == "xlsx":
        data = exports.catalogue_workbook(catalogue, selectors.procedure_export_rows(qs))
        return exports.xlsx_response(data, f"danh-muc-tthc-{catalogue.code}.xlsx")
    page_obj = paginate(request, qs)
    for p in page_obj.object_list:
        p.level_label = selectors.LEVEL_LABELS.get(p.level, p.level)
    return render(
        request,
        "procedures/list.html",
        {
            "catalogue": catalogue,
            "catalogues": selectors.catalogues_for_user(user),
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "filters": filters,
            "fields": selectors.field_choices(catalogue),
            "levels": selectors.LEVEL_CHOICES,
            "statuses": selectors.STATUS_CHOICES,
            "decisions": selectors.decision_choices(catalogue),
            "can_manage": selectors.can_manage_catalogue(user, catalogue),
            "export_query": _with(request, export="xlsx"),
        },
    )


def _with(request: HttpRequest, **params: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in params.items():
        query[key] = value
    return query.urlencode()


def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    procedure = selectors.procedure_get_for_user(user, pk)
    can_manage = selectors.can_manage_catalogue(user, procedure.catalogue)
    assign_form = None
    if can_manage and procedure.status == "active":
        assign_form = AssignForm()
        set_choices(
            assign_form,
            "agency",
            [(a.pk, a.name) for a in selectors.assignable_agencies(procedure.catalogue, procedure)],
        )
    history = selectors.procedure_history(procedure)
    return render(
        request,
        "procedures/detail.html",
        {
            "procedure": procedure,
            "level_label": selectors.LEVEL_LABELS.get(procedure.level, procedure.level),
            "status_label": selectors.STATUS_LABELS.get(procedure.status, procedure.status),
            "assignments": selectors.assignments_of_procedure(procedure),
            "replaces": selectors.procedures_replaced_by(procedure),
            "history": history,
            "can_manage": can_manage,
            "assign_form": assign_form,
        },
    )


@require_http_methods(["GET", "POST"])
def procedure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = selectors.procedure_get_for_user(request.user, pk)
    if not selectors.can_manage_catalogue(request.user, procedure.catalogue):
        raise PermissionDenied
    initial = {name: getattr(procedure, name) for name in PROCEDURE_FIELDS}
    initial["version"] = procedure.version
    form = ProcedureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PROCEDURE_FIELDS}
        try:
            services.procedure_update(
                actor=request.user, procedure=procedure, expected_version=form.cleaned_data.get("version"), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin TTHC %(code)s.") % {"code": procedure.code})
            return redirect("procedures:detail", pk=procedure.pk)
    return render(request, "procedures/form.html", {"form": form, "procedure": procedure})


@require_POST
def procedure_assign(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = selectors.procedure_get_for_user(request.user, pk)
    if not selectors.can_manage_catalogue(request.user, procedure.catalogue):
        raise PermissionDenied
    agencies = {a.pk: a for a in selectors.assignable_agencies(procedure.catalogue, procedure)}
    form = AssignForm(request.POST)
    set_choices(form, "agency", [(a.pk, a.name) for a in agencies.values()])
    if form.is_valid():
        try:
            assignment = services.procedure_assign(
                actor=request.user,
                procedure=procedure,
                agency=agencies[form.cleaned_data["agency"]],
                assigned_on=form.cleaned_data.get("assigned_on"),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Đã giao TTHC %(code)s cho %(agency)s.") % {"code": procedure.code, "agency": assignment.agency},
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(reverse("procedures:detail", args=[procedure.pk]) + "#co-quan")


@require_http_methods(["GET", "POST"])
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get_for_user(request.user, pk)
    procedure = assignment.procedure
    if not selectors.can_manage_catalogue(request.user, procedure.catalogue) or not assignment.is_active:
        raise PermissionDenied
    form = UnassignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.procedure_unassign(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã thôi giao TTHC %(code)s cho %(agency)s.") % {"code": procedure.code, "agency": assignment.agency},
            )
            return redirect(reverse("procedures:detail", args=[procedure.pk]) + "#co-quan")
    return render(request, "procedures/unassign.html", {"form": form, "assignment": assignment, "procedure": procedure})


def assignment_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Where an obligation about an assignment leads: the agency's TTHC, narrowed to this one."""
    assignment = selectors.assignment_get_for_user(request.user, pk)
    url = reverse("procedures:agency", args=[assignment.agency_id])
    return redirect(f"{url}?q={assignment.procedure.code}")


# --- publishing decisions --------------------------------------------------------------------------


def decision_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    catalogue = selectors.catalogue_for_user(user, request.GET.get("catalogue"))
    late_param = request.GET.get("late", "")
    late = {"1": True, "0": False}.get(late_param)
    qs = selectors.decision_list_for_user(user, catalogue, late=late)
    page_obj = paginate(request, qs)
    return render(
        request,
        "procedures/decisions.html",
        {
            "catalogue": catalogue,
            "catalogues": selectors.catalogues_for_user(user),
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "late": late_param,
            "can_manage": selectors.can_manage_catalogue(user, catalogue),
        },
    )


# --- import -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def catalogue_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    catalogue = selectors.catalogue_for_user(user, request.GET.get("catalogue") or request.POST.get("catalogue"))
    if not selectors.can_manage_catalogue(user, catalogue):
        raise PermissionDenied
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "catalogue": catalogue, "problems": None, "result": None, "token": ""}
    if request.method == "POST" and request.POST.get("token"):
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        if stored.get("token") != request.POST["token"] or stored.get("catalogue") != catalogue.pk:
            messages.error(request, _("Phiên nhập tệp đã hết hạn. Hãy chọn lại tệp."))
            return redirect(f"{reverse('procedures:import')}?catalogue={catalogue.pk}")
        source = SourceRows.from_plain(stored["source"])
        decision = stored.get("decision") or {}
        try:
            result = services.catalogue_import(
                actor=user,
                catalogue=catalogue,
                rows=source,
                decision_number=decision.get("number", ""),
                decision_signed_on=_date(decision.get("signed_on")),
                decision_title=decision.get("title", ""),
            )
        except CatalogueImportError as exc:
            context["problems"] = exc.problems
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "Đã nhập danh mục: thêm mới %(added)s, sửa đổi %(amended)s, bãi bỏ %(abolished)s TTHC; giao "
                    "%(assigned)s, thôi giao %(unassigned)s lượt cơ quan; mở %(obligations)s nghĩa vụ xây dựng quy trình."
                )
                % {
                    "added": result.added,
                    "amended": result.amended,
                    "abolished": result.abolished,
                    "assigned": result.assigned,
                    "unassigned": result.unassigned,
                    "obligations": result.obligations_opened,
                },
            )
            for decision_row in result.decisions:
                if decision_row.is_late:
                    messages.warning(
                        request,
                        _(
                            "Quyết định %(number)s ký ngày %(signed)s được cập nhật muộn: hạn cập nhật là %(due)s "
                            "(5 ngày làm việc)."
                        )
                        % {
                            "number": decision_row.number,
                            "signed": format_date(decision_row.signed_on),
                            "due": format_date(decision_row.due_on),
                        },
                    )
            return redirect(f"{reverse('procedures:decisions')}?catalogue={catalogue.pk}")
        context["form"] = CatalogueImportForm()
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = form.cleaned_data
        try:
            source = read_file(upload, upload.name)
            result = services.catalogue_import(
                actor=user,
                catalogue=catalogue,
                rows=source,
                decision_number=data.get("decision_number") or "",
                decision_signed_on=data.get("decision_signed_on"),
                decision_title=data.get("decision_title") or "",
                dry_run=True,
            )
        except CatalogueImportError as exc:
            context["problems"] = exc.problems
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            token = secrets.token_urlsafe(16)
            signed_on = data.get("decision_signed_on")
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "catalogue": catalogue.pk,
                "source": source.as_plain(),
                "decision": {
                    "number": data.get("decision_number") or "",
                    "signed_on": signed_on.isoformat() if signed_on else "",
                    "title": data.get("decision_title") or "",
                },
            }
            context.update(result=result, token=token, filename=upload.name)
    return render(request, "procedures/import.html", context)


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


# --- an agency's TTHC -------------------------------------------------------------------------------


def agency_scope(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    workspace = workspace_for_request(request)
    agency = selectors.agency_for_scope(user, pk, default=workspace.organisation)
    state = request.GET.get("state", "")
    state = state if state in ("covered", "uncovered", "over") else ""
    q = request.GET.get("q", "").strip()
    rows = selectors.agency_scope(agency)
    shown = selectors.filter_scope(rows, state=state, q=q)
    if request.GET.get("export") == "xlsx":
        return exports.xlsx_response(exports.scope_workbook(agency, shown), f"tthc-{agency.code}.xlsx")
    page_obj = paginate(request, shown, per_page=50)
    return render(
        request,
        "procedures/agency.html",
        {
            "agency": agency,
            "coverage": selectors.coverage_for_agency(agency),
            "over_count": sum(1 for r in rows if r.over_limit),
            "can_view_coverage": selectors.can_view_coverage(user, agency),
            "can_write_process": _can_write_process(user, agency),
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "state": state,
            "q": q,
            "total": len(rows),
            "export_query": _with(request, export="xlsx"),
        },
    )


def _can_write_process(user: Any, agency: Any) -> bool:
    return policy.has_perm(user, Perm.DOC_MANAGE, agency)


# --- coverage of many agencies -----------------------------------------------------------------------


def coverage(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.can_view_coverage_list(user):
        raise PermissionDenied
    roots = selectors.coverage_roots_for_user(user)
    root = selectors.coverage_root_for_user(user, request.GET.get("root"))
    sort = request.GET.get("sort", selectors.DEFAULT_COVERAGE_SORT)
    sort = sort if sort in selectors.COVERAGE_SORTS else selectors.DEFAULT_COVERAGE_SORT
    q = request.GET.get("q", "").strip()
    incomplete = request.GET.get("incomplete") == "1"
    qs = selectors.coverage_list_for_user(user, root=root, q=q, incomplete=incomplete, sort=sort)
    totals = selectors.coverage_totals(qs)
    if request.GET.get("export") == "xlsx":
        scope_name = root.name if root is not None else _("Phạm vi được phân quyền")
        data = exports.coverage_workbook(str(scope_name), qs.iterator(chunk_size=2000), totals)
        return exports.xlsx_response(data, "do-bao-phu-quy-trinh.xlsx")
    page_obj = paginate(request, qs)
    base = request.GET.copy()
    base.pop("page", None)
    base.pop("sort", None)
    columns = []
    for key, label in (
        ("agency", _("Cơ quan")),
        ("assigned", _("TTHC thuộc thẩm quyền")),
        ("covered", _("Đã có quy trình")),
        ("uncovered", _("Chưa có quy trình")),
        ("percent", _("Tỷ lệ bao phủ")),
        ("over", _("Vượt thời hạn")),
    ):
        following = f"-{key}" if sort == key else key
        query = base.copy()
        query["sort"] = following
        columns.append(
            {
                "label": label,
                "url": f"?{query.urlencode()}",
                "active": sort.lstrip("-") == key,
                "descending": sort.startswith("-"),
            }
        )
    return render(
        request,
        "procedures/coverage.html",
        {
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "totals": totals,
            "columns": columns,
            "roots": roots,
            "root": root,
            "q": q,
            "incomplete": incomplete,
            "sort": sort,
            "export_query": _with(request, export="xlsx"),
        },
    )
