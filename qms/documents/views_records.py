"""Pages of the record rules (quy định lưu hồ sơ, ISO 9001:2015 clause 7.5.3): who keeps each kind
of record, where, how long and how it is destroyed; the batches kept; those due for disposal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core.formerrors import add_service_errors
from qms.core.http import redirect_next
from qms.core.pagination import paginate, querystring_without_page
from qms.organisations import selectors as org_selectors
from qms.people.workspace import workspace_for_request

from . import selectors_records as selectors
from . import services_records as services
from .forms_records import RULE_FIELD_MAP, RecordDisposeForm, RecordHoldingForm, RecordRuleForm, retention_label

# How far ahead the disposal list looks.
DUE_WITHIN_DAYS = 90


def record_rule_list(request: HttpRequest) -> HttpResponse:
    organisation = None
    if request.GET.get("organisation"):
        organisation = org_selectors.organisation_get_for_user(request.user, request.GET["organisation"])
    qs = selectors.record_rule_list_for_user(
        request.user, organisation=organisation, q=request.GET.get("q", "").strip()
    )
    page_obj = paginate(request, qs)
    for rule in page_obj.object_list:
        rule.retention_label = retention_label(rule.retention_months)
    return render(
        request,
        "documents/records/rule_list.html",
        {
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "organisation": organisation,
            "can_create": selectors.can_manage_record_rules(request.user),
        },
    )


def _rule_form_view(request: HttpRequest, rule: Any = None) -> HttpResponse:
    user = request.user
    if rule is None:
        organisations = selectors.record_rule_organisations_for_user(user)
        if not organisations:
            raise PermissionDenied
        wanted = request.GET.get("organisation") or getattr(workspace_for_request(request).organisation, "pk", None)
        chosen = next((o for o in organisations if str(o.pk) == str(wanted)), organisations[0])
        initial: dict[str, Any] = {"organisation": chosen.pk}
    else:
        if not selectors.can_manage_record_rules(user, rule.organisation):
            raise PermissionDenied
        organisations = selectors.record_rule_organisations_for_user(user, agency_id=rule.agency_id)
        if rule.organisation_id not in {o.pk for o in organisations}:
            organisations.insert(0, rule.organisation)  # a unit since abolished keeps its rules
        initial = RecordRuleForm.initial_for(rule)
    documents = selectors.record_rule_documents_for_user(user, organisations)
    if rule is not None and rule.document is not None and rule.document_id not in {d.pk for d in documents}:
        documents.append(rule.document)
    form = RecordRuleForm(request.POST or None, organisations=organisations, documents=documents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next(o for o in organisations if o.pk == data["organisation"])
        document = next((d for d in documents if d.pk == data["document"]), None)
        try:
            if rule is None:
                rule = services.record_rule_create(
                    actor=user, organisation=organisation, document=document, **form.service_kwargs()
                )
                messages.success(request, _("Đã thêm quy định lưu “%(name)s”.") % {"name": rule.name})
            else:
                services.record_rule_update(
                    actor=user,
                    rule=rule,
                    expected_version=data["version"],
                    organisation=organisation,
                    document=document,
                    **form.service_kwargs(),
                )
                messages.success(request, _("Đã lưu thay đổi."))
        except ValidationError as exc:
            add_service_errors(form, exc, field_map=RULE_FIELD_MAP)
        else:
            return redirect("documents:record_rule_detail", pk=rule.pk)
    return render(request, "documents/records/rule_form.html", {"form": form, "rule": rule})


def record_rule_create(request: HttpRequest) -> HttpResponse:
    return _rule_form_view(request)


def record_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_form_view(request, selectors.record_rule_get_for_user(request.user, pk))


def _render_detail(request: HttpRequest, rule: Any, holding_form: RecordHoldingForm | None = None) -> HttpResponse:
    can_manage = selectors.can_manage_record_rules(request.user, rule.organisation)
    if can_manage and holding_form is None:
        holding_form = RecordHoldingForm()
    return render(
        request,
        "documents/records/rule_detail.html",
        {
            "rule": rule,
            "retention": retention_label(rule.retention_months),
            "holdings": list(selectors.record_rule_holdings(rule)),
            "holding_form": holding_form if can_manage else None,
            "can_manage": can_manage,
            "today": timezone.localdate(),
            "events": selectors.record_rule_history(rule)[:50],
        },
    )


def record_rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, selectors.record_rule_get_for_user(request.user, pk))


@require_POST
def record_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = selectors.record_rule_get_for_user(request.user, pk)
    try:
        services.record_rule_delete(actor=request.user, rule=rule)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("documents:record_rule_detail", pk=rule.pk)
    messages.success(request, _("Đã xóa quy định lưu “%(name)s”.") % {"name": rule.name})
    return redirect("documents:record_rule_list")


@require_POST
def record_holding_add(request: HttpRequest, pk: int) -> HttpResponse:
    rule = selectors.record_rule_get_for_user(request.user, pk)
    if not selectors.can_manage_record_rules(request.user, rule.organisation):
        raise PermissionDenied
    form = RecordHoldingForm(request.POST)
    if form.is_valid():
        try:
            holding = services.record_holding_add(actor=request.user, rule=rule, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm tập hồ sơ “%(label)s”.") % {"label": holding.label})
            return redirect("documents:record_rule_detail", pk=rule.pk)
    return _render_detail(request, rule, holding_form=form)


def record_holding_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    holding = selectors.record_holding_get_for_user(request.user, pk)
    if not selectors.can_manage_record_rules(request.user, holding.rule.organisation):
        raise PermissionDenied
    form = RecordDisposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_holding_dispose(actor=request.user, holding=holding, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận huỷ tập hồ sơ “%(label)s”.") % {"label": holding.label})
            return redirect_next(request, "documents:record_disposal_due")
    return render(
        request,
        "documents/records/holding_dispose.html",
        {
            "holding": holding,
            "rule": holding.rule,
            "form": form,
            "today": timezone.localdate(),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


def record_disposal_due(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = selectors.record_holdings_due_for_user(request.user, today=today, within_days=DUE_WITHIN_DAYS)
    counts = selectors.record_holdings_due_counts(qs, today=today)
    page_obj = paginate(request, qs)
    for holding in page_obj.object_list:
        holding.days = (holding.dispose_on - today).days
        holding.overdue_days = -holding.days
        holding.can_dispose = holding.days <= 0 and selectors.can_manage_record_rules(
            request.user, holding.rule.organisation
        )
    return render(
        request,
        "documents/records/disposal_due.html",
        {
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "today": today,
            "within_days": DUE_WITHIN_DAYS,
            "due_count": counts["due"],
            "upcoming_count": counts["upcoming"],
        },
    )
