"""Pages of one inspection and its results: the inspector's list and workspace (score via the
assessments pages, findings, minutes and their signing, Mẫu 21 in Word), the agency's
"Kết quả kiểm tra" with the follow-ups to answer, and the review of the answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core import files
from qms.core.display import format_date
from qms.core.formerrors import add_service_errors
from qms.core.officedoc import docx_response, render_docx
from qms.people.workspace import workspace_for_request

from . import access, selectors, services_results, word
from .forms import AnswerForm, FindingForm, MinutesForm, ReviewForm, SignForm


def _minutes_form(entry: Any, minutes: Any, data: Any = None) -> MinutesForm:
    if minutes is not None:
        initial = {name: getattr(minutes, name) for name in services_results.MINUTES_FIELDS}
        initial["version"] = minutes.version
    else:
        rep_name, rep_title = selectors.agency_leader(entry.agency)
        initial = {
            "held_on": entry.starts_on
            if entry.starts_on and entry.starts_on <= timezone.localdate()
            else timezone.localdate(),
            "place": entry.agency.address or entry.agency.name,
            "agency_rep_name": rep_name,
            "agency_rep_title": rep_title,
        }
    return MinutesForm(data, initial=initial)


# --- the inspector ---------------------------------------------------------------------------------


def my_inspections(request: HttpRequest) -> HttpResponse:
    if not selectors.can_inspect_anywhere(request.user):
        raise PermissionDenied
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else None
    return render(
        request,
        "inspections/my_inspections.html",
        {
            "entries": selectors.my_entries_for_user(request.user, year=year),
            "to_review": selectors.followups_to_review_for_user(request.user),
            "year": year,
            "years": selectors.plan_years_for_user(request.user),
        },
    )


def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    minutes = entry.the_minutes  # type: ignore[attr-defined]
    may_inspect = access.may_inspect(request.user, entry)
    editable = may_inspect and entry.plan.status == "approved" and not (minutes is not None and minutes.is_signed)
    criteria = selectors.criteria_for(entry.plan.rubric_id)
    return render(
        request,
        "inspections/entry_detail.html",
        {
            "entry": entry,
            "plan": entry.plan,
            "minutes": minutes,
            "findings": selectors.findings_of(entry),
            "follow_ups": selectors.followups_of_entry(entry) if minutes is not None and minutes.is_signed else [],
            "self_assessment": selectors.self_assessment_of(entry),
            "can_score": selectors.can_score(request.user, entry),
            "may_inspect": may_inspect,
            "editable": editable,
            "can_manage": access.can_plan(request.user, entry.plan.organisation),
            "finding_form": FindingForm(criteria=criteria) if editable else None,
            "minutes_form": _minutes_form(entry, minutes) if editable else None,
            "sign_form": SignForm(
                initial={"signed_on": timezone.localdate(), "version": minutes.version if minutes else None}
            )
            if editable and minutes is not None
            else None,
            "events": selectors.entry_history(entry),
            "today": timezone.localdate(),
        },
    )


@require_POST
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    if not access.may_inspect(request.user, entry):
        raise PermissionDenied
    form = FindingForm(request.POST, criteria=selectors.criteria_for(entry.plan.rubric_id))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_results.finding_create(
                actor=request.user,
                entry=entry,
                criterion=selectors.criterion_of_plan(entry.plan, data["criterion"]),
                text=data["text"],
                severity=data["severity"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi nội dung vào kết quả kiểm tra."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("inspections:entry_detail", entry.pk)


def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get_for_user(request.user, pk)
    entry = finding.entry
    if not access.may_inspect(request.user, entry):
        raise PermissionDenied
    form = FindingForm(
        request.POST or None,
        criteria=selectors.criteria_for(entry.plan.rubric_id),
        initial={
            "criterion": finding.criterion_id,
            "severity": finding.severity,
            "text": finding.text,
            "version": finding.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_results.finding_update(
                actor=request.user,
                finding=finding,
                expected_version=data.get("version"),
                criterion=selectors.criterion_of_plan(entry.plan, data["criterion"]),
                text=data["text"],
                severity=data["severity"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("inspections:entry_detail", entry.pk)
    return render(request, "inspections/finding_form.html", {"form": form, "finding": finding, "entry": entry})


@require_POST
def finding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get_for_user(request.user, pk)
    entry = finding.entry
    if not access.may_inspect(request.user, entry):
        raise PermissionDenied
    try:
        services_results.finding_delete(actor=request.user, finding=finding)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xoá nội dung."))
    return redirect("inspections:entry_detail", entry.pk)


def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    if not access.may_inspect(request.user, entry):
        raise PermissionDenied
    minutes = entry.the_minutes  # type: ignore[attr-defined]
    form = _minutes_form(entry, minutes, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_results.minutes_save(
                actor=request.user,
                entry=entry,
                expected_version=data.get("version"),
                **{name: data[name] for name in services_results.MINUTES_FIELDS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu biên bản. Tải bản Word để hai bên ký, rồi ghi nhận ngày ký."))
            return redirect("inspections:entry_detail", entry.pk)
    return render(request, "inspections/minutes_form.html", {"form": form, "entry": entry, "minutes": minutes})


@require_POST
def minutes_sign(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    if not access.may_inspect(request.user, entry):
        raise PermissionDenied
    minutes = entry.the_minutes  # type: ignore[attr-defined]
    if minutes is None:
        raise Http404
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày ký không hợp lệ."))
        return redirect("inspections:entry_detail", entry.pk)
    try:
        follow_ups = services_results.minutes_sign(
            actor=request.user,
            minutes=minutes,
            signed_on=form.cleaned_data["signed_on"],
            expected_version=form.cleaned_data.get("version"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã ghi nhận biên bản ký ngày %(day)s; %(n)s nội dung phải khắc phục đã chuyển tới cơ quan.")
            % {"day": format_date(form.cleaned_data["signed_on"]), "n": len(follow_ups)},
        )
    return redirect("inspections:entry_detail", entry.pk)


def minutes_word(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes in Word: the team and the coordinator at any time, the agency once signed."""
    try:
        entry = selectors.entry_get_for_user(request.user, pk)
    except Http404:
        entry = selectors.agency_entry_get_for_user(request.user, pk)
        if entry.the_minutes is None or not entry.the_minutes.is_signed:  # type: ignore[attr-defined]
            raise
    minutes = entry.the_minutes  # type: ignore[attr-defined]
    if minutes is None:
        raise Http404
    data = render_docx(word.minutes_document(minutes))
    return docx_response(data, f"Biên bản kiểm tra HTQLCL - {entry.agency.name}.docx")


# --- the agency ------------------------------------------------------------------------------------


def agency_results(request: HttpRequest) -> HttpResponse:
    workspace = workspace_for_request(request)
    organisation = workspace.organisation
    if organisation is None:
        raise PermissionDenied
    agency = organisation.agency or organisation
    if not access.is_agency_reader(request.user, agency):
        raise PermissionDenied
    entries = selectors.agency_entries_for_user(request.user, agency)
    for entry in entries:
        minutes = entry.the_minutes  # type: ignore[attr-defined]
        entry.follow_ups = selectors.followups_of_entry(entry) if minutes is not None and minutes.is_signed else []  # type: ignore[attr-defined]
    return render(
        request,
        "inspections/agency_results.html",
        {
            "agency": agency,
            "entries": entries,
            "can_answer": access.may_answer(request.user, agency),
            "today": timezone.localdate(),
        },
    )


def agency_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.agency_entry_get_for_user(request.user, pk)
    minutes = entry.the_minutes  # type: ignore[attr-defined]
    signed = minutes is not None and minutes.is_signed
    return render(
        request,
        "inspections/agency_entry.html",
        {
            "entry": entry,
            "minutes": minutes if signed else None,
            "findings": selectors.findings_of(entry) if signed else [],
            "follow_ups": selectors.followups_of_entry(entry) if signed else [],
            "self_assessment": selectors.self_assessment_of(entry),
            "can_answer": access.may_answer(request.user, entry.agency),
            "today": timezone.localdate(),
        },
    )


# --- follow-ups ------------------------------------------------------------------------------------


def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.followup_get_for_user(request.user, pk)
    entry = follow_up.finding.entry
    can_answer = follow_up.is_pending and access.may_answer(request.user, follow_up.agency)
    can_review = follow_up.status == "answered" and access.may_review(request.user, entry)
    return render(
        request,
        "inspections/followup_detail.html",
        {
            "follow_up": follow_up,
            "entry": entry,
            "events": selectors.followup_events(follow_up),
            "answer_form": AnswerForm(initial={"action_text": follow_up.action_text, "version": follow_up.version})
            if can_answer
            else None,
            "review_form": ReviewForm(initial={"version": follow_up.version}) if can_review else None,
            "is_inspecting_side": access.may_review(request.user, entry),
            "today": timezone.localdate(),
        },
    )


def followup_answer(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.followup_get_for_user(request.user, pk)
    if not access.may_answer(request.user, follow_up.agency):
        raise PermissionDenied
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        initial={"action_text": follow_up.action_text, "version": follow_up.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_results.followup_answer(
                actor=request.user,
                follow_up=follow_up,
                expected_version=data.get("version"),
                action_text=data["action_text"],
                upload=data.get("upload"),
                evidence_url=data["evidence_url"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo khắc phục tới đoàn kiểm tra."))
            return redirect("inspections:followup_detail", follow_up.pk)
    return render(
        request,
        "inspections/followup_detail.html",
        {
            "follow_up": follow_up,
            "entry": follow_up.finding.entry,
            "events": selectors.followup_events(follow_up),
            "answer_form": form,
            "review_form": None,
            "today": timezone.localdate(),
        },
    )


def followup_review(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.followup_get_for_user(request.user, pk)
    entry = follow_up.finding.entry
    if not access.may_review(request.user, entry):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, initial={"version": follow_up.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        accepted = data["decision"] == "accept"
        try:
            services_results.followup_review(
                actor=request.user,
                follow_up=follow_up,
                expected_version=data.get("version"),
                accepted=accepted,
                reason=data["reason"],
                new_due_on=None if accepted else data["new_due_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã chấp nhận kết quả khắc phục.") if accepted else _("Đã gửi ý kiến không chấp nhận tới cơ quan."),
            )
            return redirect("inspections:followup_detail", follow_up.pk)
    return render(
        request,
        "inspections/followup_detail.html",
        {
            "follow_up": follow_up,
            "entry": entry,
            "events": selectors.followup_events(follow_up),
            "answer_form": None,
            "review_form": form,
            "is_inspecting_side": True,
            "today": timezone.localdate(),
        },
    )


def followup_evidence(request: HttpRequest, pk: int, event_pk: int | None = None) -> HttpResponseBase:
    """The evidence file of the current answer (or of an earlier one), after the access check."""
    follow_up = selectors.followup_get_for_user(request.user, pk)
    stored = (
        follow_up.evidence_file if event_pk is None else selectors.followup_event_get(follow_up, event_pk).evidence_file
    )
    if stored is None:
        raise Http404
    return files.file_response(stored, inline=request.GET.get("xem") == "1")
