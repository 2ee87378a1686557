"""Pages of document control: the register, a document and its revisions, the review and approval
flow, distribution and acknowledgement, change requests and legal bases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core import files
from qms.core.audit import history_for
from qms.core.formerrors import add_service_errors
from qms.core.http import redirect_next
from qms.core.pagination import paginate, querystring_without_page
from qms.legal import selectors as legal_selectors
from qms.legal.numbers import normalise_number
from qms.obligations import selectors as obligation_selectors
from qms.organisations import policy
from qms.organisations.policy import Perm
from qms.people.workspace import workspace_for_request

from . import hooks, selectors, services, services_change_requests, services_distribution
from .forms import (
    ApproveForm,
    ChangeRequestDecisionForm,
    ChangeRequestForm,
    CommentForm,
    DocumentCreateForm,
    DocumentForm,
    LegalBasesForm,
    PeriodicReviewForm,
    RevisionForm,
    SubmitForm,
    WithdrawForm,
)
from .models import DocumentKind

TABS = ("noi-dung", "lich-su", "phan-phoi", "can-cu", "yeu-cau")


def _agency_filter(request: HttpRequest) -> Any:
    workspace = workspace_for_request(request)
    organisation = workspace.organisation
    if organisation is None or (workspace.active is not None and workspace.active.role in policy.SUBTREE_ROLES):
        return None
    return organisation.agency


# --- the register --------------------------------------------------------------------------------


LIST_STATUSES = ("draft", "effective", "obsolete", selectors.IN_REVIEW_FILTER)


def document_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    agency = _agency_filter(request)
    # Province-wide (no agency of the workspace): each row names its agency, and one may be chosen.
    agencies = selectors.document_agency_choices(request.user) if agency is None else []
    chosen = next((a for a in agencies if str(a.pk) == request.GET.get("agency", "")), None)
    documents = selectors.document_list_for_user(
        request.user,
        agency=agency,
        agency_id=chosen.pk if chosen is not None else None,
        q=request.GET.get("q", "").strip(),
        kind=kind if kind in DocumentKind.values else None,
        status=status if status in LIST_STATUSES else None,
    )
    workspace = workspace_for_request(request)
    return render(
        request,
        "documents/list.html",
        {
            "page_obj": paginate(request, documents),
            "querystring": querystring_without_page(request),
            "kinds": DocumentKind.choices,
            "kind": kind,
            "status": status,
            "agency": agency,
            "agencies": agencies,
            "chosen_agency": chosen,
            "can_drafts": workspace.can(Perm.DOC_VIEW_DRAFTS),
            "can_create": workspace.can(Perm.DOC_MANAGE),
        },
    )


def _form_choices(request: HttpRequest, agency: Any = None) -> dict[str, Any]:
    owners = selectors.owner_choices_for_user(request.user, agency=agency)
    if not owners:
        raise PermissionDenied
    agency = agency or owners[0].agency
    owners = [o for o in owners if o.agency_id == agency.pk]
    return {"owners": owners, "units": selectors.units_of(agency), "people": selectors.people_of(agency)}


def _pick(choices: list[Any], ids: list[int]) -> list[Any]:
    by_id = {c.pk: c for c in choices}
    return [by_id[i] for i in ids if i in by_id]


def document_create(request: HttpRequest) -> HttpResponse:
    workspace = workspace_for_request(request)
    agency = workspace.organisation.agency if workspace.organisation is not None else None
    choices = _form_choices(request, agency)
    form = DocumentCreateForm(request.POST or None, request.FILES or None, **choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = next(o for o in choices["owners"] if o.pk == data["organisation"])
        try:
            document = services.document_create(
                actor=request.user,
                organisation=owner,
                code=data["code"],
                title=data["title"],
                kind=data["kind"],
                review_interval_months=data["review_interval_months"],
                distribute_to_units=_pick(choices["units"], data["distribute_to_units"]),
                distribute_to_users=_pick(choices["people"], data["distribute_to_users"]),
                content=data["content"],
                upload=data.get("upload"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"file": "upload"})
        else:
            messages.success(request, _("Đã tạo tài liệu “%(doc)s” (dự thảo lần ban hành 1).") % {"doc": document})
            return redirect("documents:detail", document.pk)
    return render(request, "documents/form.html", {"form": form, "is_create": True})


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    tab = request.GET.get("tab", "noi-dung")
    if tab not in TABS:
        tab = "noi-dung"
    can_drafts = selectors.can_view_drafts(request.user, document)
    current = document.current_revision
    context: dict[str, Any] = {
        "document": document,
        "tab": tab,
        "current": current,
        "can_drafts": can_drafts,
        "can_manage": policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation),
        "can_approve": policy.has_perm(request.user, Perm.DOC_APPROVE, document.organisation),
        "open_revision": selectors.open_revision(document) if can_drafts else None,
        "my_copy": selectors.my_distribution_for(request.user, document),
        "obligations": obligation_selectors.obligations_for_subject(document) if can_drafts else [],
        "open_change_requests": selectors.open_change_request_count(document),
        "today": timezone.localdate(),
    }
    if current is not None:
        context["header"] = selectors.revision_header(current)
    if tab == "lich-su":
        context["revisions"] = selectors.revisions_with_decisions(
            document, selectors.revision_list_for_user(request.user, document)
        )
        context["events"] = history_for(document)[:50] if can_drafts else []
    elif tab == "phan-phoi":
        context["distributions"] = selectors.distribution_list_for_document(request.user, document)
    elif tab == "can-cu":
        context["citations"] = legal_selectors.citations_of(document)
    elif tab == "yeu-cau":
        context["change_requests"] = selectors.change_request_list_for_user(request.user, document=document)
    return render(request, "documents/detail.html", context)


def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation):
        raise PermissionDenied
    choices = _form_choices(request, document.agency)
    initial = {
        "organisation": document.organisation_id,
        "code": document.code,
        "title": document.title,
        "kind": document.kind,
        "review_interval_months": document.review_interval_months,
        "distribute_to_units": [u.pk for u in document.distribute_to_units.all()],
        "distribute_to_users": [u.pk for u in document.distribute_to_users.all()],
        "version": document.version,
    }
    form = DocumentForm(request.POST or None, initial=initial, **choices)
    form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_update(
                actor=request.user,
                document=document,
                expected_version=data["version"],
                code=data["code"],
                title=data["title"],
                kind=data["kind"],
                review_interval_months=data["review_interval_months"],
                distribute_to_units=_pick(choices["units"], data["distribute_to_units"]),
                distribute_to_users=_pick(choices["people"], data["distribute_to_users"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin tài liệu."))
            return redirect("documents:detail", document.pk)
    return render(request, "documents/form.html", {"form": form, "document": document})


def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    if not policy.has_perm(request.user, Perm.DOC_APPROVE, document.organisation):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_withdraw(actor=request.user, document=document, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thu hồi tài liệu “%(doc)s”.") % {"doc": document})
            return redirect("documents:detail", document.pk)
    return render(request, "documents/withdraw.html", {"form": form, "document": document})


def document_periodic_review(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation):
        raise PermissionDenied
    form = PeriodicReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_periodic_review(actor=request.user, document=document, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi nhận xem xét định kỳ; hạn tiếp theo: %(day)s.")
                % {"day": document.next_review_on.strftime("%d/%m/%Y") if document.next_review_on else "—"},
            )
            return redirect("documents:detail", document.pk)
    return render(request, "documents/periodic_review.html", {"form": form, "document": document})


def document_legal_bases(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation):
        raise PermissionDenied
    citations = legal_selectors.citations_of(document)
    initial_lines = "\n".join(
        f"{c.legal_text.number} | {c.provision}" if c.provision else c.legal_text.number for c in citations
    )
    form = LegalBasesForm(request.POST or None, initial={"lines": initial_lines})
    if request.method == "POST" and form.is_valid():
        items, errors = _parse_legal_lines(form.cleaned_data["lines"])
        if errors:
            for error in errors:
                form.add_error("lines", error)
        else:
            try:
                services.document_set_legal_bases(actor=request.user, document=document, items=items)
            except ValidationError as exc:
                add_service_errors(form, exc, field_map={"legal_texts": "lines", "items": "lines"})
            else:
                messages.success(request, _("Đã cập nhật căn cứ pháp lý (%(n)s văn bản).") % {"n": len(items)})
                return redirect(f"{document_url(document)}?tab=can-cu")
    return render(request, "documents/legal_bases.html", {"form": form, "document": document, "citations": citations})


def document_url(document: Any) -> str:
    return reverse("documents:detail", args=[document.pk])


def _parse_legal_lines(lines: str) -> tuple[list[tuple[Any, str]], list[str]]:
    rows: list[tuple[str, str, int]] = []
    for line_number, raw in enumerate(lines.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        number, _sep, provision = line.partition("|")
        rows.append((" ".join(number.split()), provision.strip()[:200], line_number))
    texts, _missing = legal_selectors.texts_by_numbers([number for number, _p, _n in rows])
    found = {text.number.casefold(): text for text in texts}
    items: list[tuple[Any, str]] = []
    errors: list[str] = []
    for number, provision, line_number in rows:
        text = found.get(normalise_number(number).casefold())
        if text is None:
            errors.append(
                _(
                    "Dòng %(line)s: không có văn bản “%(number)s” trong sổ văn bản pháp luật; hãy thêm văn bản vào sổ trước."
                )
                % {"line": line_number, "number": number}
            )
        else:
            items.append((text, provision))
    return items, errors


# --- revisions -----------------------------------------------------------------------------------


@require_POST
def revision_start(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation):
        raise PermissionDenied
    try:
        revision = services.revision_start(actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("documents:detail", document.pk)
    messages.success(request, _("Đã mở dự thảo lần ban hành %(n)s từ nội dung hiện hành.") % {"n": revision.number})
    return redirect("documents:revision_edit", revision.pk)


def revision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    revision = selectors.revision_get_for_user(request.user, pk)
    document = revision.document
    decisions = selectors.decisions_of(revision) if selectors.can_view_drafts(request.user, document) else []
    reviewers = []
    can_manage = policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation)
    if can_manage and revision.status == "draft":
        reviewers = selectors.eligible_reviewers(document, revision=revision, submitter=request.user)
    return render(
        request,
        "documents/revision_detail.html",
        {
            "revision": revision,
            "document": document,
            "decisions": decisions,
            "header": selectors.revision_header(revision, decisions or None),
            "can_manage": can_manage,
            "can_review": policy.has_perm(request.user, Perm.DOC_REVIEW, document.organisation),
            "can_approve": policy.has_perm(request.user, Perm.DOC_APPROVE, document.organisation),
            "submit_form": SubmitForm(reviewers=reviewers) if reviewers else None,
            "comment_form": CommentForm(),
            "approve_form": ApproveForm(prefix="approve", initial={"effective_from": timezone.localdate()}),
            # Why it cannot be approved yet (a process without steps): said by the button.
            "approval_blockers": hooks.approval_blockers(revision=revision) if revision.status == "reviewed" else [],
            "today": timezone.localdate(),
        },
    )


def revision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    revision = selectors.revision_get_for_user(request.user, pk)
    document = revision.document
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation):
        raise PermissionDenied
    if revision.status != "draft":
        messages.error(
            request,
            _("Chỉ sửa được dự thảo; lần ban hành này đang ở trạng thái “%(s)s”.")
            % {"s": revision.get_status_display()},
        )
        return redirect("documents:revision_detail", revision.pk)
    initial = {"content": revision.content, "change_summary": revision.change_summary, "version": revision.version}
    form = RevisionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.revision_update(
                actor=request.user,
                revision=revision,
                expected_version=data["version"],
                content=data["content"],
                change_summary=data["change_summary"],
                upload=data.get("upload"),
                remove_file=data["remove_file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"file": "upload"})
        else:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("documents:revision_detail", revision.pk)
    return render(request, "documents/revision_form.html", {"form": form, "revision": revision, "document": document})


@require_POST
def revision_submit(request: HttpRequest, pk: int) -> HttpResponse:
    revision = selectors.revision_get_for_user(request.user, pk)
    document = revision.document
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation):
        raise PermissionDenied
    reviewers = selectors.eligible_reviewers(document, revision=revision, submitter=request.user)
    form = SubmitForm(request.POST, reviewers=reviewers)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn người xem xét."))
        return redirect("documents:revision_detail", revision.pk)
    reviewer = next(u for u in reviewers if u.pk == form.cleaned_data["reviewer"])
    try:
        services.revision_submit(
            actor=request.user, revision=revision, reviewer=reviewer, comment=form.cleaned_data["comment"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã trình %(who)s xem xét.") % {"who": reviewer.get_full_name()})
    return redirect("documents:revision_detail", revision.pk)


@require_POST
def revision_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment, pass on or return (the reviewer; the approver may comment or return)."""
    revision = selectors.revision_get_for_user(request.user, pk)
    document = revision.document
    if not policy.has_perm(request.user, Perm.DOC_REVIEW, document.organisation):
        raise PermissionDenied
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    actions = {
        "comment": (services.revision_comment, _("Đã ghi ý kiến góp ý.")),
        "pass": (services.revision_pass, _("Đã chuyển trình lãnh đạo phê duyệt.")),
        "return": (services.revision_return, _("Đã trả lại dự thảo cho người soạn thảo.")),
    }
    if action not in actions:
        raise Http404
    service, done = actions[action]
    try:
        service(actor=request.user, revision=revision, comment=comment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("documents:revision_detail", revision.pk)


@require_POST
def revision_approve(request: HttpRequest, pk: int) -> HttpResponse:
    revision = selectors.revision_get_for_user(request.user, pk)
    document = revision.document
    if not policy.has_perm(request.user, Perm.DOC_APPROVE, document.organisation):
        raise PermissionDenied
    form = ApproveForm(request.POST, prefix="approve")
    if not form.is_valid():
        messages.error(request, _("Ngày hiệu lực không hợp lệ."))
        return redirect("documents:revision_detail", revision.pk)
    try:
        revision = services.revision_approve(
            actor=request.user,
            revision=revision,
            effective_from=form.cleaned_data["effective_from"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("documents:revision_detail", revision.pk)
    if revision.status == "effective":
        messages.success(
            request,
            _("Đã phê duyệt: lần ban hành %(n)s có hiệu lực từ hôm nay và đã được phân phối.") % {"n": revision.number},
        )
    else:
        messages.success(
            request,
            _("Đã phê duyệt: lần ban hành %(n)s sẽ có hiệu lực từ %(day)s.")
            % {
                "n": revision.number,
                "day": revision.effective_from.strftime("%d/%m/%Y") if revision.effective_from else "",
            },
        )
    return redirect("documents:detail", document.pk)


@require_POST
def revision_discard(request: HttpRequest, pk: int) -> HttpResponse:
    revision = selectors.revision_get_for_user(request.user, pk)
    document = revision.document
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation):
        raise PermissionDenied
    try:
        services.revision_discard(actor=request.user, revision=revision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("documents:revision_detail", revision.pk)
    messages.success(request, _("Đã huỷ dự thảo."))
    return redirect("documents:detail", document.pk)


def revision_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    revision = selectors.revision_get_for_user(request.user, pk)
    if revision.file is None:
        raise Http404
    return files.file_response(revision.file, inline=request.GET.get("xem") == "1")


def revision_diff(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    revisions = selectors.revision_list_for_user(request.user, document)
    if len(revisions) < 2:
        messages.info(request, _("Tài liệu mới có một lần ban hành: chưa có gì để so sánh."))
        return redirect("documents:detail", document.pk)
    by_number = {r.number: r for r in revisions}
    try:
        new = by_number[int(request.GET.get("moi", revisions[0].number))]
        old = by_number[int(request.GET.get("cu", revisions[1].number))]
    except (KeyError, ValueError):
        raise Http404 from None
    lines = selectors.revision_diff(old, new)
    return render(
        request,
        "documents/diff.html",
        {
            "document": document,
            "revisions": revisions,
            "old": old,
            "new": new,
            "lines": lines,
            "added": sum(1 for line in lines if line.kind == "added"),
            "removed": sum(1 for line in lines if line.kind == "removed"),
        },
    )


# --- distribution --------------------------------------------------------------------------------


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = selectors.distribution_get_for_user(request.user, pk)
    try:
        services_distribution.distribution_acknowledge(actor=request.user, distribution=distribution)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xác nhận bạn đã đọc “%(doc)s”.") % {"doc": distribution.revision.document})
    return redirect_next(request, "documents:detail", distribution.revision.document_id)


def my_documents(request: HttpRequest) -> HttpResponse:
    """The user's desk: copies to read, revisions waiting for their review or approval."""
    show = request.GET.get("xem", "chua-doc")
    copies = selectors.reading_list_for_user(request.user, pending_only=show != "tat-ca")
    return render(
        request,
        "documents/my_documents.html",
        {
            "page_obj": paginate(request, copies),
            "querystring": querystring_without_page(request),
            "show": show,
            "awaiting": list(selectors.awaiting_my_decision(request.user)[:50]),
        },
    )


def review_due(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        days = max(0, min(int(request.GET.get("trong", 30)), 365))
    except ValueError:
        days = 30
    documents = selectors.document_list_for_user(
        request.user, agency=_agency_filter(request), review_due_by=today + dt.timedelta(days=days)
    ).order_by("next_review_on", "pk")
    return render(
        request,
        "documents/review_due.html",
        {
            "page_obj": paginate(request, documents),
            "querystring": querystring_without_page(request),
            "days": days,
            "day_options": (0, 30, 60, 90, 180),
            "today": today,
        },
    )


def unacknowledged(request: HttpRequest) -> HttpResponse:
    workspace = workspace_for_request(request)
    if not workspace.can(Perm.DOC_VIEW_DRAFTS):
        raise PermissionDenied
    documents = selectors.unacknowledged_for_user(request.user, agency=_agency_filter(request))
    return render(
        request,
        "documents/unacknowledged.html",
        {"page_obj": paginate(request, documents), "querystring": querystring_without_page(request)},
    )


# --- change requests -----------------------------------------------------------------------------


def change_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    form = ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_change_requests.change_request_raise(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi phiếu yêu cầu sửa đổi tới thư ký ISO."))
            return redirect(f"{document_url(document)}?tab=yeu-cau")
    return render(request, "documents/change_request_form.html", {"form": form, "document": document})


def change_request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    rows = selectors.change_request_list_for_user(
        request.user, status=status if status in ("open", "accepted", "done", "rejected") else None
    )
    return render(
        request,
        "documents/change_request_list.html",
        {
            "page_obj": paginate(request, rows),
            "querystring": querystring_without_page(request),
            "status": status,
            "statuses": [
                ("open", _("Chờ xử lý")),
                ("accepted", _("Đang sửa đổi")),
                ("done", _("Đã ban hành")),
                ("rejected", _("Không chấp nhận")),
                ("all", _("Tất cả")),
            ],
        },
    )


def change_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = selectors.change_request_get_for_user(request.user, pk)
    document = change_request.document
    can_decide = policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation)
    form = ChangeRequestDecisionForm(request.POST or None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                services_change_requests.change_request_decide(
                    actor=request.user,
                    change_request=change_request,
                    accept=form.cleaned_data["decision"] == "accept",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã xử lý phiếu yêu cầu sửa đổi."))
                return redirect("documents:change_request_detail", change_request.pk)
    return render(
        request,
        "documents/change_request_detail.html",
        {"change_request": change_request, "document": document, "form": form, "can_decide": can_decide},
    )
