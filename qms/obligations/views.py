"""Pages for obligations: the list (with state tabs and filters) and one obligation with its close
form. Thin: reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qms.core.formerrors import add_service_errors
from qms.core.pagination import paginate, querystring_without_page
from qms.organisations import policy
from qms.organisations.policy import Perm

from . import links, selectors, services
from .forms import CloseForm
from .models import ObligationKind

STATE_TABS = (
    ("open", gettext_lazy("Đang mở")),
    ("overdue", gettext_lazy("Quá hạn")),
    ("done", gettext_lazy("Đã hoàn thành")),
    ("all", gettext_lazy("Tất cả")),
)


def _agency_options(user) -> list[tuple[int, str]]:
    agencies = selectors.agency_choices_for_user(user)
    top = min((a.depth for a in agencies), default=0)
    return [(a.pk, f"{'— ' * (a.depth - top)}{a.name}") for a in agencies]


def obligation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.can_view_obligations(user):
        raise PermissionDenied
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    state = state if state in selectors.STATES else "open"
    kind = request.GET.get("kind", "")
    kind = kind if kind in ObligationKind.values else ""
    several = selectors.sees_several_agencies(user)
    organisation = None
    if several and request.GET.get("organisation"):
        organisation = selectors.organisation_for_filter(user, request.GET["organisation"])
    q = request.GET.get("q", "").strip()
    qs = selectors.obligation_list_for_user(user, state=state, kind=kind, organisation=organisation, q=q, today=today)
    page_obj = paginate(request, qs)
    for obligation in page_obj.object_list:
        obligation.days_overdue = (  # type: ignore[attr-defined]
            (today - obligation.due_on).days if obligation.status == selectors.OPEN and obligation.due_on < today else 0
        )
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("state", None)
    return render(
        request,
        "obligations/list.html",
        {
            "page_obj": page_obj,
            "querystring": querystring_without_page(request),
            "tab_querystring": params.urlencode(),
            "tabs": STATE_TABS,
            "state": state,
            "kinds": ObligationKind.choices,
            "kind": kind,
            "agencies": _agency_options(user) if several else [],
            "organisation": organisation,
            "q": q,
            "status_labels": selectors.STATUS_LABELS,
        },
    )


def _detail_context(request: HttpRequest, obligation, form: CloseForm) -> dict:
    today = timezone.localdate()
    return {
        "obligation": obligation,
        "form": form,
        "can_close": selectors.can_close(request.user, obligation),
        "is_open": obligation.status == selectors.OPEN,
        "days_overdue": (today - obligation.due_on).days if obligation.is_overdue(today) else 0,
        "subject_url": links.url_for(obligation.subject_type_id, obligation.subject_id),
        "source_url": links.url_for(obligation.source_type_id, obligation.source_id),
        "events": selectors.obligation_history(obligation)[:50],
    }


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = selectors.obligation_get_for_user(request.user, pk)
    return render(request, "obligations/detail.html", _detail_context(request, obligation, CloseForm()))


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = selectors.obligation_get_for_user(request.user, pk)
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, obligation.organisation):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.obligation_close(actor=request.user, obligation=obligation, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận hoàn thành nghĩa vụ."))
            return redirect("obligations:detail", pk=obligation.pk)
    return render(request, "obligations/detail.html", _detail_context(request, obligation, form))
