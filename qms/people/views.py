"""Pages for the home page, workspace switching, accounts, steering committees and training."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core.audit import history_for
from qms.core.formerrors import add_service_errors
from qms.core.http import redirect_next
from qms.core.pagination import paginate, querystring_without_page
from qms.core.views import public
from qms.organisations import policy
from qms.organisations import selectors as org_selectors
from qms.organisations.forms import GrantRoleForm
from qms.organisations.models import Role
from qms.organisations.policy import Perm
from qms.organisations.services import membership_grant

from . import language as interface_language
from . import selectors, services
from .forms import CommitteeForm, CommitteeMemberForm, SetPasswordForm, TrainingForm, UserCreateForm, UserEditForm
from .models import TrainingKind
from .workspace import workspace_for_request, workspace_switch


def home(request: HttpRequest) -> HttpResponse:
    workspace = workspace_for_request(request)
    organisation = workspace.organisation
    context: dict = {"organisation": organisation}
    if organisation is None and workspace.is_superadmin:
        # The installation's administrator without a membership: the administration tasks.
        context["admin"] = selectors.admin_summary_for_user(request.user)
        context["events"] = selectors.recent_events_for_user(request.user, None)
    elif organisation is not None:
        context["summary"] = selectors.home_summary_for_user(request.user, organisation)
        context["events"] = selectors.recent_events_for_user(request.user, organisation)
        context["is_subtree_role"] = workspace.active is not None and workspace.active.role in policy.SUBTREE_ROLES
    return render(request, "people/home.html", context)


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch (user menu, anonymous top bar): kept on the user's profile, or for the
    session of a visitor who is not logged in. An unknown language changes nothing."""
    language = request.POST.get("language", "")
    if interface_language.supported(language):
        if request.user.is_authenticated:
            services.user_set_language(actor=request.user, user=request.user, language=language)
        request.session[interface_language.SESSION_KEY] = language
    return redirect_next(request, "home")


@require_POST
def switch_workspace(request: HttpRequest) -> HttpResponse:
    try:
        membership_id = int(request.POST.get("membership", ""))
    except ValueError:
        membership_id = -1
    chosen = workspace_switch(request, membership_id)
    messages.info(
        request,
        _("Đang làm việc tại %(org)s với vai trò %(role)s.")
        % {"org": chosen.organisation, "role": chosen.get_role_display()},
    )
    return redirect_next(request, "home")


def _managed_organisations(request: HttpRequest):
    return list(org_selectors.organisation_list_for_user(request.user, perm=Perm.MANAGE_PEOPLE).order_by("path")[:3000])


def user_list(request: HttpRequest) -> HttpResponse:
    workspace = workspace_for_request(request)
    if not workspace.can(Perm.MANAGE_PEOPLE):
        raise PermissionDenied
    role = request.GET.get("role", "")
    qs = selectors.user_list_for_user(
        request.user,
        search=request.GET.get("q", "").strip(),
        role=role if role in Role.values else "",
        active=request.GET.get("active", ""),
    )
    return render(
        request,
        "people/user_list.html",
        {"page_obj": paginate(request, qs), "querystring": querystring_without_page(request), "roles": Role.choices},
    )


def user_create(request: HttpRequest) -> HttpResponse:
    organisations = _managed_organisations(request)
    if not organisations:
        raise PermissionDenied
    chosen_id = request.POST.get("organisation") or request.GET.get("organisation")
    chosen = next((o for o in organisations if str(o.pk) == str(chosen_id)), organisations[0])
    roles = policy.grantable_roles(request.user, chosen)
    all_roles = sorted(
        {r for o in organisations for r in policy.grantable_roles(request.user, o)}, key=Role.values.index
    )
    form = UserCreateForm(
        request.POST or None,
        organisations=organisations,
        roles=all_roles,
        initial={"organisation": chosen.pk, "role": Role.STAFF if Role.STAFF in roles else (roles or [""])[0]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next(o for o in organisations if o.pk == data["organisation"])
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password1"],
                organisation=organisation,
                role=data["role"],
                position=data["position"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"password": "password1"})
        else:
            messages.success(request, _("Đã tạo tài khoản %(u)s.") % {"u": user.username})
            return redirect("people:user_detail", pk=user.pk)
    return render(request, "people/user_form.html", {"form": form})


def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get_for_user(request.user, pk)
    organisations = _managed_organisations(request)
    roles = sorted({r for o in organisations for r in policy.grantable_roles(request.user, o)}, key=Role.values.index)
    grant_form = GrantRoleForm(request.POST or None, organisations=organisations, roles=roles, prefix="grant")
    if request.method == "POST" and grant_form.is_valid():
        data = grant_form.cleaned_data
        organisation = next(o for o in organisations if o.pk == data["organisation"])
        try:
            membership_grant(
                actor=request.user, user=target, organisation=organisation, role=data["role"], position=data["position"]
            )
        except ValidationError as exc:
            add_service_errors(grant_form, exc)
        else:
            messages.success(request, _("Đã cấp vai trò."))
            return redirect("people:user_detail", pk=target.pk)
    memberships = list(selectors.user_memberships(target))
    return render(
        request,
        "people/user_detail.html",
        {
            "target": target,
            "memberships": memberships,
            "grant_form": grant_form,
            "events": selectors.user_history(target)[:50],
            "revocable": {
                m.pk for m in memberships if m.is_active and policy.can_grant(request.user, m.role, m.organisation)
            },
        },
    )


def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get_for_user(request.user, pk)
    form = UserEditForm(
        request.POST or None,
        initial={
            "full_name": target.full_name,
            "email": target.email,
            "phone": target.phone,
            "is_active": target.is_active,
        },
    )
    setting_password = "pw-password1" in request.POST
    password_form = SetPasswordForm(request.POST if setting_password else None, prefix="pw")
    if request.method == "POST":
        try:
            if setting_password:
                if password_form.is_valid():
                    services.user_set_password(
                        actor=request.user, user=target, password=password_form.cleaned_data["password1"]
                    )
                    messages.success(request, _("Đã đặt lại mật khẩu."))
                    return redirect("people:user_detail", pk=target.pk)
            elif form.is_valid():
                services.user_update(actor=request.user, user=target, **form.cleaned_data)
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("people:user_detail", pk=target.pk)
        except ValidationError as exc:
            add_service_errors(password_form if setting_password else form, exc, field_map={"password": "password1"})
    return render(request, "people/user_edit.html", {"target": target, "form": form, "password_form": password_form})


# --- Steering committee ---------------------------------------------------------------------


def _active_organisation(request: HttpRequest):
    workspace = workspace_for_request(request)
    if workspace.organisation is None:
        raise PermissionDenied
    org_id = request.GET.get("organisation")
    if org_id:
        return org_selectors.organisation_get_for_user(request.user, org_id)
    return workspace.organisation


def committee_list(request: HttpRequest) -> HttpResponse:
    organisation = _active_organisation(request)
    committees = list(selectors.committee_list_for_user(request.user, organisation))
    current = next((c for c in committees if c.is_current), None)
    can_manage = policy.has_perm(request.user, Perm.MANAGE_QMS_TEAM, organisation)
    form = CommitteeForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                committee = services.committee_create(
                    actor=request.user, organisation=organisation, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi nhận quyết định thành lập %(n)s.") % {"n": committee.name})
                return redirect("people:committee_detail", pk=committee.pk)
    return render(
        request,
        "people/committee_list.html",
        {
            "organisation": organisation,
            "committees": committees,
            "current": current,
            "form": form,
            "can_manage": can_manage,
        },
    )


def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = selectors.committee_get_for_user(request.user, pk)
    can_manage = policy.has_perm(request.user, Perm.MANAGE_QMS_TEAM, committee.organisation)
    users = list(selectors.agency_users(request.user, committee.organisation)) if can_manage else []
    form = CommitteeMemberForm(request.POST or None, users=users) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            chosen = next((u for u in users if u.pk == data.get("user")), None)
            try:
                services.committee_member_add(
                    actor=request.user,
                    committee=committee,
                    user=chosen,
                    full_name=data["full_name"],
                    job_title=data["job_title"],
                    position=data["position"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm thành viên."))
                return redirect("people:committee_detail", pk=committee.pk)
    return render(
        request,
        "people/committee_detail.html",
        {
            "committee": committee,
            "members": selectors.committee_members(committee),
            "form": form,
            "can_manage": can_manage,
            "events": history_for(committee)[:50],
        },
    )


@require_POST
def committee_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.committee_member_get_for_user(request.user, pk)
    committee_id = member.committee_id
    services.committee_member_remove(actor=request.user, member=member)
    messages.success(request, _("Đã bớt thành viên %(n)s.") % {"n": member.full_name})
    return redirect("people:committee_detail", pk=committee_id)


# --- Training -------------------------------------------------------------------------------


def training_list(request: HttpRequest) -> HttpResponse:
    organisation = _active_organisation(request)
    kind = request.GET.get("kind", "")
    qs = selectors.training_list_for_user(
        request.user, organisation, search=request.GET.get("q", "").strip(), kind=kind
    )
    return render(
        request,
        "people/training_list.html",
        {
            "organisation": organisation,
            "page_obj": paginate(request, qs),
            "querystring": querystring_without_page(request),
            "kinds": TrainingKind.choices,
            "kind": kind,
            "can_manage": policy.has_perm(request.user, Perm.MANAGE_QMS_TEAM, organisation),
            "auditor_count": selectors.internal_auditors(organisation).count(),
        },
    )


def _training_form_view(request: HttpRequest, organisation, record=None) -> HttpResponse:
    if not policy.has_perm(request.user, Perm.MANAGE_QMS_TEAM, organisation):
        raise PermissionDenied
    users = list(selectors.agency_users(request.user, organisation))
    initial = {}
    if record is not None:
        initial = {f: getattr(record, f) for f in services.TRAINING_FIELDS if f != "user"}
        initial.update(user=record.user_id, version=record.version)
    form = TrainingForm(request.POST or None, users=users, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        data["user"] = next((u for u in users if u.pk == data.get("user")), None)
        if not data["trainee_name"] and data["user"] is not None:
            data["trainee_name"] = data["user"].full_name
        try:
            if record is None:
                record = services.training_create(actor=request.user, organisation=organisation, **data)
                messages.success(request, _("Đã thêm hồ sơ đào tạo."))
            else:
                services.training_update(actor=request.user, record=record, expected_version=version, **data)
                messages.success(request, _("Đã lưu thay đổi."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("people:training_list")
    return render(request, "people/training_form.html", {"form": form, "organisation": organisation, "record": record})


def training_create(request: HttpRequest) -> HttpResponse:
    return _training_form_view(request, _active_organisation(request))


def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.training_get_for_user(request.user, pk)
    return _training_form_view(request, record.organisation, record)


@require_POST
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.training_get_for_user(request.user, pk)
    services.training_delete(actor=request.user, record=record)
    messages.success(request, _("Đã xóa hồ sơ đào tạo của %(n)s.") % {"n": record.trainee_name})
    return redirect("people:training_list")
