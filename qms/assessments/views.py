"""Pages of assessments: the list, opening a self-assessment, the scoring page (with live
subtotals through htmx), evidence, submission, reopening, history and the Excel export.
Score-sheet import: ``views_import``; rubrics: ``views_rubrics``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qms.core import files
from qms.core.audit import history_for
from qms.core.formerrors import add_service_errors
from qms.core.pagination import paginate, querystring_without_page
from qms.organisations import policy
from qms.organisations.policy import Perm
from qms.people.workspace import workspace_for_request

from . import access, scoring, selectors, selectors_rubrics, services
from .exporting import export_assessment
from .forms import EvidenceForm, ReopenForm, StartForm, parse_scores, year_choices
from .models import EDITABLE_STATUSES, AssessmentKind, AssessmentStatus, Verdict

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Bootstrap padding classes indenting a criterion's text by its depth in the tree.
INDENT = ("", "ps-3", "ps-4", "ps-5")
PARENT_INDENT = ("", "ps-2", "ps-3")


def _workspace_agency(request: HttpRequest) -> Any:
    workspace = workspace_for_request(request)
    organisation = workspace.organisation
    if organisation is None or (workspace.active is not None and workspace.active.role in policy.SUBTREE_ROLES):
        return None
    return organisation.agency


# --- list and start ------------------------------------------------------------------------------


def assessment_list(request: HttpRequest) -> HttpResponse:
    workspace = workspace_for_request(request)
    agency = _workspace_agency(request)
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    rows = selectors.assessment_list_for_user(
        request.user,
        year=year,
        kind=kind if kind in AssessmentKind.values else None,
        status=status if status in AssessmentStatus.values else None,
        agency_id=agency.pk if agency is not None else None,
        q=request.GET.get("q", "").strip() or None,
    )
    return render(
        request,
        "assessments/list.html",
        {
            "page_obj": paginate(request, rows),
            "querystring": querystring_without_page(request),
            "agency": agency,
            "year": year,
            "years": year_choices(),
            "kind": kind,
            "kinds": AssessmentKind.choices,
            "status": status,
            "statuses": AssessmentStatus.choices,
            "can_start": agency is not None and workspace.can(Perm.ASSESS_EDIT),
            "can_manage_rubrics": access.can_manage_rubrics(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest) -> HttpResponse:
    agency = _workspace_agency(request)
    if agency is None or not policy.has_perm(request.user, Perm.ASSESS_EDIT, agency):
        raise PermissionDenied
    rubrics = selectors_rubrics.rubrics_for_agency(agency)
    form = StartForm(request.POST or None, rubrics=rubrics)
    if request.method == "POST" and form.is_valid():
        rubric = next(r for r in rubrics if r.pk == form.cleaned_data["rubric"])
        try:
            assessment = services.assessment_open(
                actor=request.user,
                rubric=rubric,
                agency=agency,
                year=form.cleaned_data["year"],
                kind=AssessmentKind.SELF,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Bản tự đánh giá năm %(year)s đã sẵn sàng để chấm.") % {"year": assessment.year}
            )
            return redirect("assessments:detail", assessment.pk)
    return render(request, "assessments/start.html", {"form": form, "agency": agency, "rubrics": rubrics})


# --- the scoring page ----------------------------------------------------------------------------


def _prepare_rows(
    assessment: Any, rows: list[selectors.TreeRow], posted: Any = None, errors: dict[int, str] | None = None
) -> list[selectors.TreeRow]:
    """Give each row what the form shows: the value typed (after a refused save) or stored, and
    the link to its evidence (built from one reverse: a page has over a hundred rows)."""
    errors = errors or {}
    base = reverse("assessments:detail", args=[assessment.pk])
    for row in rows:
        pk = row.criterion.pk
        row.evidence_url = f"{base}tieu-chi/{pk}/minh-chung/"  # type: ignore[attr-defined]
        row.indent = INDENT[min(row.depth, 3)] if row.is_leaf else PARENT_INDENT[min(row.depth, 2)]  # type: ignore[attr-defined]
        if posted is not None and f"v-{pk}" in posted:
            row.input_value = posted.get(f"v-{pk}", "")  # type: ignore[attr-defined]
            row.input_note = posted.get(f"n-{pk}", "")  # type: ignore[attr-defined]
        else:
            row.input_value = row.verdict or scoring.fmt(row.value)  # type: ignore[attr-defined]
            row.input_note = row.note  # type: ignore[attr-defined]
        row.error = errors.get(pk, "")  # type: ignore[attr-defined]
    return rows


def _context(request: HttpRequest, assessment: Any, rows: list[selectors.TreeRow]) -> dict[str, Any]:
    user = request.user
    editable = assessment.status in EDITABLE_STATUSES
    other = selectors.counterpart(assessment)
    return {
        "assessment": assessment,
        "rubric": assessment.rubric,
        "rows": rows,
        "checklist": assessment.rubric.is_checklist,
        "verdicts": Verdict.choices,
        "can_score": editable and access.may_score(user, assessment),
        "can_submit": editable and access.may_submit(user, assessment),
        "can_reopen": assessment.status == AssessmentStatus.SUBMITTED and access.may_reopen(user, assessment),
        "counterpart": other,
        "bands": selectors_rubrics.bands_of(assessment.rubric),
        "is_inspection": assessment.kind == AssessmentKind.INSPECTION,
        "missing": assessment.leaf_count - assessment.scored_count,
        "inspectors": list(assessment.inspectors.all()) if assessment.kind == AssessmentKind.INSPECTION else [],
    }


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    tab = request.GET.get("tab", "")
    if tab == "lich-su":
        context = _context(request, assessment, [])
        context.update(tab=tab, events=history_for(assessment)[:100])
        return render(request, "assessments/detail.html", context)
    rows = _prepare_rows(assessment, selectors.assessment_tree(assessment))
    context = _context(request, assessment, rows)
    context["tab"] = "cham-diem"
    return render(request, "assessments/detail.html", context)


def _check_entries(assessment: Any, leaves: list[Any], entries: dict[int, Any], errors: dict[int, str]) -> None:
    """Add the service's reason for every entry it would refuse (all shown at once)."""
    for criterion in leaves:
        entry = entries.get(criterion.pk)
        if entry is None or criterion.pk in errors:
            continue
        problems = services.check_entry(criterion, assessment.rubric, entry)
        if problems:
            errors[criterion.pk] = " ".join(problems.values())


@require_POST
def assessment_save(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    access.require_score(request.user, assessment)
    rows = selectors.assessment_tree(assessment)
    leaves = [r.criterion for r in rows if r.is_leaf]
    entries, errors = parse_scores(request.POST, leaves, checklist=assessment.rubric.is_checklist)
    _check_entries(assessment, leaves, entries, errors)
    if not errors:
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            services.scores_save(
                actor=request.user,
                assessment=assessment,
                entries=entries,
                summary=request.POST.get("summary") if "summary" in request.POST else None,
                expected_version=version,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, messages_ in exc.message_dict.items():
                    if key.startswith("score-"):
                        errors[int(key.removeprefix("score-"))] = " ".join(messages_)
                    else:
                        messages.error(request, " ".join(messages_))
            else:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu điểm. Tổng điểm và xếp loại được tính lại từ các tiêu chí."))
            return redirect("assessments:detail", assessment.pk)
    if errors:
        messages.error(
            request,
            _("Chưa lưu: %(n)s tiêu chí có điểm không hợp lệ (tô đỏ bên dưới).") % {"n": len(errors)},
        )
    context = _context(request, assessment, _prepare_rows(assessment, rows, request.POST, errors))
    context["tab"] = "cham-diem"
    context["posted_summary"] = request.POST.get("summary", assessment.summary)
    return render(request, "assessments/detail.html", context, status=200)


@require_POST
def assessment_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: subtotals, total and rating computed from the values typed so far (nothing saved)."""
    assessment = selectors.assessment_get_for_user(request.user, pk)
    access.require_score(request.user, assessment)
    rows = selectors.assessment_tree(assessment)
    leaves = [r.criterion for r in rows if r.is_leaf]
    checklist = assessment.rubric.is_checklist
    entries, errors = parse_scores(request.POST, leaves, checklist=checklist)
    _check_entries(assessment, leaves, entries, errors)
    nodes = [
        scoring.Node(r.criterion.pk, r.criterion.parent_id, r.key, r.code, r.max_points, r.criterion.order, r.is_leaf)
        for r in rows
    ]
    values: dict[int, Decimal | None] = {r.criterion.pk: r.value for r in rows if r.is_leaf}
    verdicts = {r.criterion.pk: r.verdict for r in rows if r.is_leaf and r.verdict}
    for criterion_id, entry in entries.items():
        if criterion_id in errors:
            continue
        values[criterion_id] = entry.value
        if entry.verdict:
            verdicts[criterion_id] = entry.verdict
        else:
            verdicts.pop(criterion_id, None)
    totals = scoring.compute(nodes, values, verdicts)
    complete = totals.leaf_count and totals.scored_count == totals.leaf_count
    bands = [(b.lower_bound, b.label) for b in selectors_rubrics.bands_of(assessment.rubric)]
    rating = scoring.rating_for(totals.total, bands) if complete and not checklist else ""
    return render(
        request,
        "assessments/_preview.html",
        {
            "rows": [
                {"pk": r.criterion.pk, "is_leaf": r.is_leaf, "subtotal": totals.subtotals[r.criterion.pk]} for r in rows
            ],
            "leaf_errors": [(c.pk, errors.get(c.pk, "")) for c in leaves],
            "counterpart": selectors.counterpart(assessment),
            "total": totals.total,
            "rating": rating,
            "scored": totals.scored_count,
            "leaf_count": totals.leaf_count,
            "corrections": totals.correction_count,
            "assessment": assessment,
            "checklist": checklist,
            "has_bands": bool(bands),
        },
    )


@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    if not access.may_submit(request.user, assessment):
        raise PermissionDenied
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.assessment_submit(actor=request.user, assessment=assessment, expected_version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã nộp bản đánh giá: %(total)s điểm. Bản đánh giá đã được khoá.")
            % {"total": scoring.fmt(assessment.total)},
        )
    return redirect("assessments:detail", assessment.pk)


@require_http_methods(["GET", "POST"])
def assessment_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    if not access.may_reopen(request.user, assessment):
        raise PermissionDenied
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_reopen(actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã mở lại bản đánh giá; cơ quan có thể sửa và nộp lại."))
            return redirect("assessments:detail", assessment.pk)
    return render(request, "assessments/reopen.html", {"form": form, "assessment": assessment})


def assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    data = export_assessment(assessment)
    kind = "kiem-tra" if assessment.kind == AssessmentKind.INSPECTION else "tu-cham"
    filename = f"bang-diem-{kind}-{assessment.year}-{assessment.agency.code}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = files.content_disposition(filename, inline=False)
    return response


# --- evidence ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def criterion_evidence(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    criterion = selectors.criterion_get(assessment, criterion_pk)
    can_add = assessment.status in EDITABLE_STATUSES and access.may_score(request.user, assessment)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.evidence_add(
                    actor=request.user,
                    assessment=assessment,
                    criterion=criterion,
                    label=form.cleaned_data["label"],
                    upload=form.cleaned_data.get("upload"),
                    url=form.cleaned_data["url"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm minh chứng cho tiêu chí %(code)s.") % {"code": criterion.key})
                return redirect("assessments:evidence", assessment.pk, criterion.pk)
    row = next(r for r in selectors.assessment_tree(assessment, with_evidence=True) if r.criterion.pk == criterion.pk)
    return render(
        request,
        "assessments/evidence.html",
        {"assessment": assessment, "criterion": criterion, "row": row, "form": form, "can_add": can_add},
    )


def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    evidence = selectors.evidence_get_for_user(request.user, evidence_pk)
    if evidence.assessment_id != pk or evidence.file is None:
        raise Http404
    return files.file_response(evidence.file, inline=request.GET.get("xem") == "1")


@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = selectors.evidence_get_for_user(request.user, evidence_pk)
    if evidence.assessment_id != pk:
        raise Http404
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xoá minh chứng “%(label)s”.") % {"label": evidence.label})
    return redirect(reverse("assessments:evidence", args=[pk, evidence.criterion_id]))
