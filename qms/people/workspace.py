"""The acting user's workspace: which membership (agency and role) they are working in now.

A user may hold several memberships; the active one is kept in the session and chosen on the
switcher. Navigation is derived from the roles that apply at the active organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from qms.organisations import policy
from qms.organisations.models import Membership, Organisation
from qms.organisations.policy import Perm
from qms.organisations.selectors import ACTIVE_MEMBERSHIP_SESSION_KEY, active_membership, memberships_of_user

SESSION_KEY = ACTIVE_MEMBERSHIP_SESSION_KEY


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    active: bool = False


@dataclass
class Workspace:
    user: Any
    memberships: list[Membership]
    active: Membership | None
    path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def organisation(self) -> Organisation | None:
        return self.active.organisation if self.active else None

    @property
    def is_superadmin(self) -> bool:
        return policy.is_superadmin(self.user)

    @cached_property
    def roles(self) -> list[str]:
        return policy.roles_at(self.user, self.organisation) if self.organisation else []

    def can(self, perm: Perm) -> bool:
        if self.is_superadmin:
            return True
        return self.organisation is not None and policy.has_perm(self.user, perm, self.organisation)

    @cached_property
    def nav(self) -> list[NavItem]:
        items: list[tuple[Any, str, str]] = [(_("Trang chủ"), reverse("home"), "house")]
        if self.organisation is not None or self.is_superadmin:
            items.append((_("Tài liệu"), reverse("documents:list"), "file-earmark-text"))
            items.append((_("Tài liệu của tôi"), reverse("documents:mine"), "envelope-paper"))
            items.append((_("Hồ sơ lưu trữ"), reverse("documents:record_rule_list"), "archive"))
        if self.can(Perm.VIEW):
            items.append((_("Quy trình"), reverse("procedures:process_list"), "diagram-2"))
        if self.can(Perm.PROC_COVERAGE):
            items.append((_("Công bố HTQLCL"), reverse("publication:home"), "megaphone"))
        if self.can(Perm.ASSESS_VIEW):
            items.append((_("Đánh giá, chấm điểm"), reverse("assessments:list"), "clipboard-check"))
        if self.can(Perm.INSPECTION_PLAN):
            items.append((_("Kế hoạch kiểm tra"), reverse("inspections:plan_list"), "calendar2-check"))
            items.append((_("Tổng hợp kiểm tra"), reverse("inspections:consolidation"), "bar-chart-line"))
        if self.can(Perm.INSPECTION_SCORE):
            items.append((_("Cuộc kiểm tra của tôi"), reverse("inspections:my_inspections"), "person-check"))
        elif self.active is not None and (self.can(Perm.FOLLOWUP_ANSWER) or self.can(Perm.ASSESS_VIEW)):
            items.append((_("Kết quả kiểm tra"), reverse("inspections:agency_results"), "clipboard-data"))
        items.append((_("Văn bản pháp luật"), reverse("legal:list"), "bank"))
        if self.organisation is not None or self.is_superadmin:
            items.append((_("Thủ tục hành chính"), reverse("procedures:list"), "card-checklist"))
        if self.organisation is not None:
            items.append((_("TTHC thuộc thẩm quyền"), reverse("procedures:my_agency"), "list-check"))
        if self.can(Perm.PROC_COVERAGE):
            items.append((_("Độ bao phủ quy trình"), reverse("procedures:coverage"), "pie-chart"))
        if self.can(Perm.PROC_CATALOGUE):
            items.append((_("Lịch ngày nghỉ"), reverse("procedures:calendar"), "calendar3"))
        if self.can(Perm.OBLIGATIONS_VIEW):
            items.append((_("Nghĩa vụ, thời hạn"), reverse("obligations:list"), "alarm"))
        items.append((_("Tìm kiếm"), reverse("search:results"), "search"))
        if self.organisation is not None or self.is_superadmin:
            items.append((_("Cơ cấu tổ chức"), reverse("organisations:tree"), "diagram-3"))
        if self.can(Perm.MANAGE_TREE):
            items.append((_("Danh sách cơ quan"), reverse("organisations:list"), "buildings"))
        if self.can(Perm.MANAGE_PEOPLE):
            items.append((_("Người dùng"), reverse("people:user_list"), "people"))
        if self.organisation is not None:
            items.append((_("Ban chỉ đạo ISO"), reverse("people:committee_list"), "person-badge"))
            items.append((_("Đào tạo"), reverse("people:training_list"), "mortarboard"))
        if self.can(Perm.VIEW_AUDIT_LOG):
            items.append((_("Nhật ký thay đổi"), reverse("organisations:audit_log"), "clock-history"))
        # The most specific match is active: "/tai-lieu/cua-toi/" is not also "/tai-lieu/".
        matches = [
            url for _label, url, _icon in items if (self.path == url if url == "/" else self.path.startswith(url))
        ]
        current = max(matches, key=len) if matches else None
        return [NavItem(str(label), url, icon, url == current) for label, url, icon in items]


def workspace_for_request(request: HttpRequest) -> Workspace:
    cached = getattr(request, "_qms_workspace", None)
    if cached is not None:
        return cached
    user = request.user
    memberships = memberships_of_user(user)
    active = active_membership(memberships, getattr(request, "session", None))
    workspace = Workspace(user=user, memberships=memberships, active=active, path=request.path)
    request._qms_workspace = workspace  # type: ignore[attr-defined]
    return workspace


def workspace_switch(request: HttpRequest, membership_id: int) -> Membership:
    """Make one of the user's own memberships the active one; anything else is a 404."""
    workspace = workspace_for_request(request)
    chosen = next((m for m in workspace.memberships if m.pk == membership_id), None)
    if chosen is None:
        raise Http404
    request.session[SESSION_KEY] = chosen.pk
    request._qms_workspace = None  # type: ignore[attr-defined]
    return chosen
