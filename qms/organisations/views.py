"""Pages for the organisation tree, agencies, lineage, roles and the audit log. Thin: reads go
through selectors, writes through services, permissions through the policy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core import audit
from qms.core.display import format_date
from qms.core.formerrors import add_service_errors
from qms.core.http import redirect_next
from qms.core.pagination import paginate, querystring_without_page

from . import policy, selectors, services
from .forms import AuditFilterForm, LineageForm, OrganisationEditForm, OrganisationForm
from .models import OrganisationKind
from .policy import Perm

KIND_ICONS: dict[str, str] = {
    OrganisationKind.MINISTRY: "bi-bank2",
    OrganisationKind.PROVINCE: "bi-bank",
    OrganisationKind.DEPARTMENT: "bi-building",
    OrganisationKind.SUB_DEPARTMENT: "bi-building-down",
    OrganisationKind.DISTRICT: "bi-signpost-split",
    OrganisationKind.COMMUNE: "bi-house-door",
    OrganisationKind.UNIT: "bi-diagram-2",
}
KIND_LABELS = dict(OrganisationKind.choices)


def _workspace_root(request: HttpRequest):
    """Where the tree starts: the root above the active workspace (the switcher's choice)."""
    roots = selectors.organisation_roots_for_user(request.user)
    if not roots:
        raise Http404
    active = selectors.active_membership(selectors.memberships_of_user(request.user), request.session)
    if active is not None:
        for root in roots:
            if active.organisation.path.startswith(root.path):
                return root
    return roots[0]


def tree(request: HttpRequest) -> HttpResponse:
    root_id = request.GET.get("root")
    root = selectors.organisation_get_for_user(request.user, root_id) if root_id else _workspace_root(request)
    include_historical = request.GET.get("historical", "1") != "0"
    today = timezone.localdate()
    node = selectors.organisation_tree_for_user(request.user, root, include_historical=include_historical)
    detail_prefix = reverse("organisations:detail", args=[0])[: -len("0/")]
    rows = [
        # Plain values only: the page renders hundreds of rows, and every dotted lookup costs.
        {
            "name": o.name,
            "code": o.code,
            "css": f"d{min(depth, 9)}{' org-historical' if o.valid_to is not None and o.valid_to < today else ''}",
            "url": f"{detail_prefix}{o.pk}/",
            "icon": KIND_ICONS[o.kind],
            "kind_label": KIND_LABELS[o.kind],
            "ended": format_date(o.valid_to) if o.valid_to else "",
            "members": str(n.member_count) if n.member_count else "",
            "units": str(n.unit_count) if n.unit_count else "",
        }
        for n, depth in node.flatten()
        for o in (n.organisation,)
    ]
    return render(
        request,
        "organisations/tree.html",
        {
            "root": root,
            "rows": rows,
            "descendants": len(rows) - 1,
            "roots": selectors.organisation_roots_for_user(request.user),
            "include_historical": include_historical,
            "can_manage": policy.has_perm(request.user, Perm.MANAGE_TREE, root),
        },
    )


def organisation_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "current")
    kind = request.GET.get("kind", "")
    qs = selectors.organisation_list_for_user(
        request.user,
        search=request.GET.get("q", "").strip(),
        kind=kind if kind in OrganisationKind.values else "",
        status=status if status in {"current", "historical", "all"} else "current",
    )
    return render(
        request,
        "organisations/list.html",
        {
            "page_obj": paginate(request, qs),
            "querystring": querystring_without_page(request),
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "status": status,
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(request.user, pk)
    user = request.user
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "ancestors": selectors.organisation_ancestors(organisation),
            "children": selectors.organisation_children_for_user(user, organisation),
            "lineage": selectors.lineage_for_organisation(organisation),
            "memberships": selectors.membership_list_for_organisation(user, organisation),
            "events": selectors.organisation_history_for_user(user, organisation)[:50],
            "can_manage": policy.has_perm(user, Perm.MANAGE_TREE, organisation),
            "can_manage_units": policy.has_perm(user, Perm.MANAGE_UNITS, organisation),
            "can_manage_people": policy.has_perm(user, Perm.MANAGE_PEOPLE, organisation),
            "grantable": policy.grantable_roles(user, organisation),
            "child_kinds": selectors.child_kinds_for_user(user, organisation),
        },
    )


def create(request: HttpRequest, parent_pk: int) -> HttpResponse:
    parent = selectors.organisation_get_for_user(request.user, parent_pk)
    kinds = selectors.child_kinds_for_user(request.user, parent)
    if not kinds:
        raise PermissionDenied
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in kinds else {}
    form = OrganisationForm(request.POST or None, parent=parent, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            created = services.organisation_create(actor=request.user, parent=parent, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm “%(name)s”.") % {"name": created.name})
            return redirect("organisations:detail", pk=created.pk)
    return render(request, "organisations/form.html", {"form": form, "parent": parent, "organisation": None})


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(request.user, pk)
    perm = Perm.MANAGE_UNITS if organisation.kind == OrganisationKind.UNIT else Perm.MANAGE_TREE
    if not policy.has_perm(request.user, perm, organisation):
        raise PermissionDenied
    parents = selectors.possible_parents_for_user(request.user, organisation)
    initial = {f: getattr(organisation, f) for f in ("kind", "version", "parent_id", *services.EDITABLE_FIELDS)}
    initial["parent"] = organisation.parent_id
    form = OrganisationEditForm(request.POST or None, initial=initial, kinds=[organisation.kind], parents=parents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_parent = next((p for p in parents if p.pk == data.get("parent")), None)
        fields = {k: data[k] for k in services.EDITABLE_FIELDS if k in data and k != "official"}
        try:
            services.organisation_update(
                actor=request.user,
                organisation=organisation,
                expected_version=data.get("version"),
                parent=new_parent,
                **fields,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request, "organisations/form.html", {"form": form, "parent": organisation.parent, "organisation": organisation}
    )


def lineage_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(request.user, pk, perm=Perm.MANAGE_TREE)
    candidates = list(
        selectors.organisation_list_for_user(request.user, perm=Perm.MANAGE_TREE, status="all")
        .exclude(kind=OrganisationKind.UNIT)
        .exclude(pk=organisation.pk)[:2000]
    )
    form = LineageForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        other = next(o for o in candidates if o.pk == data["other"])
        predecessor, successor = (other, organisation) if data["direction"] == "predecessor" else (organisation, other)
        try:
            services.lineage_add(
                actor=request.user,
                predecessor=predecessor,
                successor=successor,
                event=data["event"],
                effective_date=data["effective_date"],
                decision=data["decision"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận quan hệ kế thừa."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/lineage_form.html", {"form": form, "organisation": organisation})


@require_POST
def membership_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(request.user, pk)
    try:
        services.membership_revoke(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã thu hồi vai trò “%(role)s” của %(user)s.")
            % {"role": membership.get_role_display(), "user": membership.user},
        )
    return redirect_next(request, "organisations:detail", pk=membership.organisation_id)


def audit_log(request: HttpRequest) -> HttpResponse:
    if policy.scope_paths(request.user, Perm.VIEW_AUDIT_LOG) == []:
        raise PermissionDenied
    verbs = sorted(((v, str(label)) for v, label in audit.VERB_LABELS.items()), key=lambda x: x[1])
    form = AuditFilterForm(request.GET or None, verbs=verbs)
    filters = form.cleaned_data if form.is_valid() else {}
    within_id = request.GET.get("within")
    within = selectors.organisation_get_for_user(request.user, within_id) if within_id else None
    qs = selectors.audit_event_list_for_user(
        request.user,
        within=within,
        verb=filters.get("verb", ""),
        actor_search=filters.get("actor", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        search=filters.get("q", ""),
    )
    return render(
        request,
        "organisations/audit_log.html",
        {
            "form": form,
            "page_obj": paginate(request, qs),
            "querystring": querystring_without_page(request),
            "within": within,
        },
    )
