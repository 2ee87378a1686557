"""Pages of the yearly inspection plan: plans, their agencies and teams, approval, requests for
self-reports, decisions and the Word documents (Mẫu 19, Mẫu 20). Thin: selectors read, services
write. Results of an inspection: ``views_results``; consolidation: ``views_consolidation``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.assessments import selectors as assessment_selectors
from qms.core.display import format_date
from qms.core.formerrors import add_service_errors
from qms.core.officedoc import docx_response, render_docx
from qms.core.text import fold
from qms.people.workspace import workspace_for_request

from . import access, selectors, services, word
from .forms import ApproveForm, DecisionForm, EntriesAddForm, EntryForm, PlanForm, SelfReportRequestForm


def _require_manage(request: HttpRequest, plan: Any) -> None:
    if not access.can_plan(request.user, plan.organisation):
        raise PermissionDenied


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() else None


# --- plans -----------------------------------------------------------------------------------------


def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (selectors.can_plan_anywhere(user) or selectors.can_inspect_anywhere(user)):
        raise PermissionDenied
    year = _year(request)
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    plans = list(selectors.plan_list_for_user(user, year=year, status=status, q=q)[:200])
    return render(
        request,
        "inspections/plan_list.html",
        {
            "plans": plans,
            "years": selectors.plan_years_for_user(user),
            "year": year,
            "status": status,
            "statuses": selectors.PLAN_STATUS_CHOICES,
            "q": q,
            "can_create": bool(selectors.planning_organisations_for_user(user)),
        },
    )


def plan_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.planning_organisations_for_user(request.user)
    if not organisations:
        raise PermissionDenied
    rubrics = list(assessment_selectors.rubrics_published())
    workspace = workspace_for_request(request)
    default_org = next(
        (
            o
            for o in organisations
            if workspace.organisation is not None and workspace.organisation.path.startswith(o.path)
        ),
        organisations[0],
    )
    year = timezone.localdate().year
    form = PlanForm(
        request.POST or None,
        organisations=organisations,
        rubrics=rubrics,
        initial={
            "organisation": default_org.pk,
            "year": year,
            "title": _(
                "Kế hoạch kiểm tra việc áp dụng, duy trì và cải tiến HTQLCL theo TCVN ISO 9001:2015 năm %(year)s"
            )
            % {"year": year},
            "inspecting_unit": _("Sở Khoa học và Công nghệ"),
            "symbol": "KH-SKHCN",
            "rubric": rubrics[0].pk if rubrics else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next(o for o in organisations if o.pk == data["organisation"])
        rubric = next(r for r in rubrics if r.pk == data["rubric"])
        try:
            plan = services.plan_create(
                actor=request.user,
                organisation=organisation,
                year=data["year"],
                rubric=rubric,
                **{k: data[k] for k in ("title", "number", "symbol", "inspecting_unit", "purpose", "budget", "notes")},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lập kế hoạch (dự thảo). Hãy thêm các cơ quan được kiểm tra."))
            return redirect("inspections:plan_detail", plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": None})


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    mode = request.GET.get("mode", "")
    q = request.GET.get("q", "").strip()
    can_manage = access.can_plan(request.user, plan.organisation)
    entries = selectors.plan_entries(plan, user=request.user, mode=mode, q=q)
    submitted = sum(1 for e in entries if getattr(e, "self_report").status == "submitted")  # noqa: B009
    requested = sum(1 for e in entries if e.self_report_requested_on)
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "entries": entries,
            "check": selectors.onsite_check(plan),
            "decisions": selectors.decisions_of(plan) if can_manage else [],
            "events": selectors.plan_history(plan)[:30] if can_manage else [],
            "can_manage": can_manage,
            "modes": selectors.MODE_CHOICES,
            "mode": mode,
            "q": q,
            "submitted": submitted,
            "requested": requested,
            "request_form": SelfReportRequestForm(initial={"due_on": timezone.localdate() + dt.timedelta(days=14)}),
            "today": timezone.localdate(),
        },
    )


def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    _require_manage(request, plan)
    rubrics = list(assessment_selectors.rubrics_published())
    if plan.rubric not in rubrics:
        rubrics.insert(0, plan.rubric)
    initial = {
        name: getattr(plan, name)
        for name in ("title", "number", "symbol", "inspecting_unit", "purpose", "budget", "notes")
    }
    form = PlanForm(
        request.POST or None,
        organisations=[plan.organisation],
        rubrics=rubrics,
        editing=True,
        initial={**initial, "rubric": plan.rubric_id, "version": plan.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                expected_version=data.get("version"),
                rubric=next(r for r in rubrics if r.pk == data["rubric"]),
                **{k: data[k] for k in initial},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("inspections:plan_detail", plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})


def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    _require_manage(request, plan)
    if not plan.is_draft:
        messages.info(request, _("Kế hoạch đã được phê duyệt."))
        return redirect("inspections:plan_detail", plan.pk)
    form = ApproveForm(
        request.POST or None,
        initial={
            "approved_on": timezone.localdate(),
            "number": plan.number,
            "version": plan.version,
            "signer_title": _("Giám đốc"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_approve(
                actor=request.user,
                plan=plan,
                expected_version=data.get("version"),
                approved_on=data["approved_on"],
                number=data["number"],
                signer_authority=data["signer_authority"],
                signer_title=data["signer_title"],
                signer_name=data["signer_name"],
                onsite_shortfall_reason=data["onsite_shortfall_reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận phê duyệt kế hoạch; phiếu chấm của các đoàn kiểm tra đã được mở."))
            return redirect("inspections:plan_detail", plan.pk)
    return render(
        request,
        "inspections/plan_approve.html",
        {"form": form, "plan": plan, "check": selectors.onsite_check(plan), "entries": selectors.plan_entries(plan)},
    )


@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    _require_manage(request, plan)
    try:
        services.plan_delete(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("inspections:plan_detail", plan.pk)
    messages.success(request, _("Đã xoá kế hoạch dự thảo."))
    return redirect("inspections:plan_list")


def plan_word(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    data = render_docx(word.plan_document(plan))
    return docx_response(data, f"Kế hoạch kiểm tra HTQLCL năm {plan.year}.docx")


# --- entries ---------------------------------------------------------------------------------------


def entries_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    _require_manage(request, plan)
    agencies = selectors.agency_choices(plan)
    q = request.GET.get("q", "").strip()
    if q:
        terms = fold(q).split()
        shown = [a for a in agencies if all(t in (a.search_text or fold(a.name)) for t in terms)]
    else:
        shown = agencies
    form = EntriesAddForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {a.pk: a for a in agencies}
        try:
            entries = services.entries_add(
                actor=request.user,
                plan=plan,
                agencies=[by_id[i] for i in data["agencies"]],
                mode=data["mode"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm %(n)s cơ quan vào kế hoạch.") % {"n": len(entries)})
            return redirect("inspections:plan_detail", plan.pk)
    if q:
        form.fields["agencies"].choices = [(a.pk, a.name) for a in shown]  # type: ignore[attr-defined]
    return render(
        request, "inspections/entries_add.html", {"form": form, "plan": plan, "q": q, "available": len(agencies)}
    )


def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    plan = entry.plan
    _require_manage(request, plan)
    people = selectors.team_candidates(plan.organisation)
    member_ids = [u.pk for u in entry.team]  # type: ignore[attr-defined]
    known = {u.pk for u in people}
    people += [u for u in entry.team if u.pk not in known]  # type: ignore[attr-defined]
    form = EntryForm(
        request.POST or None,
        people=people,
        initial={
            "mode": entry.mode,
            "starts_on": entry.starts_on,
            "ends_on": entry.ends_on,
            "leader": entry.leader_id,
            "members": member_ids,
            "notes": entry.notes,
            "version": entry.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {u.pk: u for u in people}
        try:
            services.entry_update(
                actor=request.user,
                entry=entry,
                expected_version=data.get("version"),
                mode=data["mode"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                leader=by_id.get(data["leader"]) if data["leader"] else None,
                members=[by_id[i] for i in data["members"] if i in by_id],
                notes=data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã lưu hình thức, thời gian và đoàn kiểm tra của %(org)s.") % {"org": entry.agency}
            )
            return redirect("inspections:plan_detail", plan.pk)
    return render(request, "inspections/entry_form.html", {"form": form, "entry": entry, "plan": plan})


@require_POST
def entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    plan = entry.plan
    _require_manage(request, plan)
    try:
        services.entry_remove(actor=request.user, entry=entry)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã bỏ %(org)s khỏi kế hoạch.") % {"org": entry.agency})
    return redirect("inspections:plan_detail", plan.pk)


@require_POST
def self_reports_request(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    _require_manage(request, plan)
    form = SelfReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hạn gửi báo cáo không hợp lệ."))
        return redirect("inspections:plan_detail", plan.pk)
    try:
        count = services.self_reports_request(actor=request.user, plan=plan, due_on=form.cleaned_data["due_on"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã đề nghị %(n)s cơ quan gửi báo cáo và bảng tự chấm điểm trước ngày %(day)s.")
            % {"n": count, "day": format_date(form.cleaned_data["due_on"])},
        )
    return redirect("inspections:plan_detail", plan.pk)


# --- decisions -------------------------------------------------------------------------------------

DECISION_FIELDS = (
    "number",
    "symbol",
    "signed_on",
    "issuer_parent",
    "issuer",
    "place",
    "proposer",
    "signer_authority",
    "signer_title",
    "signer_name",
)


def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    _require_manage(request, plan)
    entries = selectors.plan_entries(plan)
    wanted_entry = request.GET.get("entry")
    form = DecisionForm(
        request.POST or None,
        entries=entries,
        initial={
            "entry": int(wanted_entry) if wanted_entry and wanted_entry.isdigit() else None,
            "symbol": "QĐ-SKHCN",
            "issuer": plan.inspecting_unit,
            "issuer_parent": plan.organisation.name,
            "place": word.place_of(plan.organisation),
            "signer_authority": plan.signer_authority,
            "signer_title": plan.signer_title or _("Giám đốc"),
            "signer_name": plan.signer_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = next((e for e in entries if e.pk == data["entry"]), None) if data["entry"] else None
        try:
            decision = services.decision_create(
                actor=request.user, plan=plan, entry=entry, **{k: data[k] for k in DECISION_FIELDS}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lập quyết định kiểm tra; tải bản Word để trình ký."))
            return redirect("inspections:decision_edit", decision.pk)
    return render(request, "inspections/decision_form.html", {"form": form, "plan": plan, "decision": None})


def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(request.user, pk)
    plan = decision.plan
    form = DecisionForm(
        request.POST or None,
        initial={**{k: getattr(decision, k) for k in DECISION_FIELDS}, "version": decision.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_update(
                actor=request.user,
                decision=decision,
                expected_version=data.get("version"),
                **{k: data[k] for k in DECISION_FIELDS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu quyết định kiểm tra."))
            return redirect("inspections:plan_detail", plan.pk)
    return render(
        request,
        "inspections/decision_form.html",
        {"form": form, "plan": plan, "decision": decision, "covered": selectors.decision_entries(decision)},
    )


@require_POST
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(request.user, pk)
    plan = decision.plan
    try:
        services.decision_delete(actor=request.user, decision=decision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("inspections:decision_edit", decision.pk)
    messages.success(request, _("Đã xoá quyết định kiểm tra chưa ký."))
    return redirect("inspections:plan_detail", plan.pk)


def decision_word(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(request.user, pk)
    data = render_docx(word.decision_document(decision))
    target = decision.entry.agency.name if decision.entry is not None else _("các cơ quan")
    return docx_response(data, f"Quyết định kiểm tra HTQLCL - {target}.docx")
