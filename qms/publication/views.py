"""Pages of the publication (công bố) of an agency's QMS: the agency's page with the drift panel,
the draft and issue forms, posting, the Word files, the coordinator's overview, and the public
register of current publications (no login)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qms.core import files
from qms.core.audit import history_for
from qms.core.formerrors import add_service_errors
from qms.core.officedoc import docx_response
from qms.core.pagination import paginate, querystring_without_page
from qms.core.views import public
from qms.obligations import selectors as obligation_selectors
from qms.organisations import policy
from qms.people.workspace import workspace_for_request

from . import selectors, services, word
from .forms import DraftForm, IssueForm, PostingForm
from .services import activities_text

# --- entry ------------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """The agency's own publication page, or the overview for coordinators and inspectors."""
    workspace = workspace_for_request(request)
    active = workspace.active
    if active is not None and active.role not in policy.SUBTREE_ROLES:
        return redirect("publication:agency", active.organisation.agency_id or active.organisation_id)
    return redirect("publication:overview")


def _obligations(publication: Any) -> list[Any]:
    if publication is None:
        return []
    return [o for o in obligation_selectors.obligations_for_subject(publication) if o.kind == "republication"]


def agency_page(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_get_for_user(request.user, agency_id)
    scope = selectors.live_scope(agency)
    current = selectors.current_publication(agency)
    drift = selectors.scope_difference(current.scope, scope.procedures) if current is not None else None
    history = selectors.publication_list_for_agency(request.user, agency)
    return render(
        request,
        "publication/agency.html",
        {
            "agency": agency,
            "scope": scope,
            "current": current,
            "drift": drift,
            "draft": selectors.draft_of(agency),
            "history": history[:50],
            "obligations": _obligations(current),
            "can_prepare": selectors.can_prepare(request.user, agency),
            "can_issue": selectors.can_issue(request.user, agency),
            "is_subtree": not selectors.can_prepare(request.user, agency),
        },
    )


@require_POST
def draft_create(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_get_for_user(request.user, agency_id)
    if not selectors.can_prepare(request.user, agency):
        raise PermissionDenied
    try:
        publication = services.publication_draft_create(actor=request.user, agency=agency)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("publication:agency", agency.pk)
    messages.success(request, _("Đã tạo dự thảo công bố từ phạm vi hiện tại; hãy rà soát nội dung quyết định."))
    return redirect("publication:edit", publication.pk)


# --- one publication ----------------------------------------------------------------------------------


def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = selectors.publication_get_for_user(request.user, pk)
    agency = publication.agency
    shown = selectors.with_live_scope(publication)
    covered = [p for p in shown.scope if p.get("covered")]
    return render(
        request,
        "publication/detail.html",
        {
            "publication": publication,
            "shown": shown,
            "agency": agency,
            "groups": selectors.group_by_field(covered),
            "covered_count": len(covered),
            "obligations": _obligations(publication),
            "events": history_for(publication)[:50],
            "can_prepare": selectors.can_prepare(request.user, agency),
            "can_issue": selectors.can_issue(request.user, agency),
        },
    )


def _draft_initial(publication: Any) -> dict[str, Any]:
    names = [
        "issuer_parent",
        "issuer",
        "place",
        "symbol",
        "authority",
        "legal_bases",
        "proposal",
        "implementers",
        "extra_recipients",
        "signer_authority",
        "signer_title",
        "signer_name",
        "notice_recipient_name",
        "notice_symbol",
        "version",
    ]
    initial = {name: getattr(publication, name) for name in names}
    initial["activities"] = activities_text(publication.activities)
    return initial


def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    publication = selectors.publication_get_for_user(request.user, pk)
    if not selectors.can_prepare(request.user, publication.agency):
        raise PermissionDenied
    if publication.status != "draft":
        messages.info(request, _("Quyết định đã ban hành không thể sửa."))
        return redirect("publication:detail", publication.pk)
    form = DraftForm(request.POST or None, initial=_draft_initial(publication))
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_draft_update(
                actor=request.user,
                publication=publication,
                expected_version=form.cleaned_data["version"],
                data=form.draft_data(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu dự thảo công bố."))
            return redirect("publication:detail", publication.pk)
    return render(request, "publication/draft_form.html", {"form": form, "publication": publication})


@require_POST
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    publication = selectors.publication_get_for_user(request.user, pk)
    if not selectors.can_prepare(request.user, publication.agency):
        raise PermissionDenied
    agency_id = publication.agency_id
    try:
        services.publication_draft_discard(actor=request.user, publication=publication)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("publication:detail", publication.pk)
    messages.success(request, _("Đã huỷ dự thảo công bố."))
    return redirect("publication:agency", agency_id)


def issue(request: HttpRequest, pk: int) -> HttpResponse:
    publication = selectors.publication_get_for_user(request.user, pk)
    if not selectors.can_issue(request.user, publication.agency):
        raise PermissionDenied
    if publication.status != "draft":
        messages.info(request, _("Quyết định này đã được ban hành."))
        return redirect("publication:detail", publication.pk)
    scope = selectors.live_scope(publication.agency)
    initial = {
        "signer_authority": publication.signer_authority,
        "signer_title": publication.signer_title,
        "signer_name": publication.signer_name,
        "version": publication.version,
    }
    form = IssueForm(request.POST or None, initial=initial)
    if not scope.gap:
        del form.fields["acknowledge_gap"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = services.publication_issue(
                actor=request.user,
                publication=publication,
                expected_version=data["version"],
                number=data["number"],
                signed_on=data["signed_on"],
                notice_number=data["notice_number"],
                notice_signed_on=data["notice_signed_on"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                signer_authority=data["signer_authority"],
                acknowledge_gap=bool(data.get("acknowledge_gap")),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Đã ban hành Quyết định số %(ref)s công bố HTQLCL và văn bản thông báo gửi %(dost)s. "
                    "Hãy niêm yết, đăng tải và ghi nhận tại đây."
                )
                % {"ref": issued.reference, "dost": issued.notice_recipient_name},
            )
            return redirect("publication:detail", issued.pk)
    current = selectors.current_publication(publication.agency)
    drift = selectors.scope_difference(current.scope, scope.procedures) if current is not None else None
    return render(
        request,
        "publication/issue.html",
        {"form": form, "publication": publication, "scope": scope, "current": current, "drift": drift},
    )


def posting(request: HttpRequest, pk: int) -> HttpResponse:
    publication = selectors.publication_get_for_user(request.user, pk)
    if not selectors.can_prepare(request.user, publication.agency):
        raise PermissionDenied
    if publication.status == "draft":
        messages.info(request, _("Chỉ ghi nhận niêm yết sau khi quyết định đã được ban hành."))
        return redirect("publication:detail", publication.pk)
    initial = {
        "posted_on": publication.posted_on,
        "posted_place": publication.posted_place or _("Bảng tin tại trụ sở cơ quan"),
        "website_url": publication.website_url,
        "website_posted_on": publication.website_posted_on,
        "version": publication.version,
    }
    form = PostingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.publication_record_posting(
                actor=request.user,
                publication=publication,
                expected_version=data["version"],
                posted_on=data["posted_on"],
                posted_place=data["posted_place"],
                website_url=data["website_url"],
                website_posted_on=data["website_posted_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận việc niêm yết, đăng tải quyết định công bố."))
            return redirect("publication:detail", publication.pk)
    return render(request, "publication/posting.html", {"form": form, "publication": publication})


@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    publication = selectors.publication_get_for_user(request.user, pk)
    if publication.decision_file is not None:
        return files.file_response(publication.decision_file)
    shown = selectors.with_live_scope(publication)
    return docx_response(word.render_decision(shown), word.decision_filename(shown))


@require_GET
def notice_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    publication = selectors.publication_get_for_user(request.user, pk)
    if publication.notice_file is not None:
        return files.file_response(publication.notice_file)
    shown = selectors.with_live_scope(publication)
    return docx_response(word.render_notice(shown), word.notice_filename(shown))


# --- the coordinator's overview -----------------------------------------------------------------------


def _require_overview(request: HttpRequest) -> None:
    if not selectors.can_follow_agencies(request.user):
        raise PermissionDenied


def overview(request: HttpRequest) -> HttpResponse:
    _require_overview(request)
    state = request.GET.get("state", "")
    if state not in selectors.OVERVIEW_FILTERS:
        state = ""
    q = request.GET.get("q", "").strip()
    agencies = selectors.overview_agencies_for_user(request.user, q=q, state=state)
    page_obj = paginate(request, agencies)
    return render(
        request,
        "publication/overview.html",
        {
            "page_obj": page_obj,
            "rows": selectors.overview_rows(request.user, page_obj.object_list),
            "querystring": querystring_without_page(request),
            "state": state,
            "q": q,
            "counts": selectors.overview_counts_for_user(request.user),
        },
    )


@require_POST
def overview_check(request: HttpRequest) -> HttpResponse:
    """Run the re-publication check now over the agencies the user follows."""
    _require_overview(request)
    result = services.publication_check(actor=request.user)
    messages.success(
        request,
        _(
            "Đã kiểm tra %(checked)s quyết định công bố: %(drifted)s cơ quan cần công bố lại "
            "(mở mới %(opened)s nhắc việc, đóng %(closed)s)."
        )
        % {"checked": result.checked, "drifted": result.drifted, "opened": result.opened, "closed": result.closed},
    )
    return redirect("publication:overview")


# --- the public register ---------------------------------------------------------------------------------


@public
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    provinces = selectors.public_provinces()
    province = request.GET.get("tinh", "")
    chosen = next((p for p in provinces if str(p.pk) == province), None)
    publications = selectors.public_publication_list(q=q, province=chosen.path if chosen else "")
    page_obj = paginate(request, publications)
    names = {p.path: p.name for p in provinces}
    rows = [(p, names.get(p.scope_path.split("/")[0] + "/", "")) for p in page_obj.object_list]
    return render(
        request,
        "publication/public_list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "querystring": querystring_without_page(request),
            "q": q,
            "provinces": provinces,
            "province": chosen,
        },
    )


@public
@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = selectors.public_publication_get(pk)
    covered = [p for p in publication.scope if p.get("covered")]
    return render(
        request,
        "publication/public_detail.html",
        {
            "publication": publication,
            "groups": selectors.group_by_field(covered),
            "covered_count": len(covered),
        },
    )
