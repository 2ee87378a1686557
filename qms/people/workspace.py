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
    heading: str = ""  # set on the first item of a group: the group's title


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
        """The sidebar, grouped the way an agency works: its documents and processes, its
        procedures and publication, assessment and inspection, then reference and people."""
        at_agency = self.organisation is not None or self.is_superadmin
        items: list[tuple[Any, str, str, Any]] = [(_("Trang chủ"), reverse("home"), "house", "")]

        def add(section: Any, label: Any, url_name: str, icon: str) -> None:
            items.append((label, reverse(url_name), icon, section))

        documents = _("Tài liệu, quy trình")
        if at_agency:
            add(documents, _("Tài liệu"), "documents:list", "file-earmark-text")
            add(documents, _("Tài liệu của tôi"), "documents:mine", "envelope-paper")
        if self.can(Perm.VIEW):
            add(documents, _("Quy trình"), "procedures:process_list", "diagram-2")
        if at_agency:
            # Anyone raises a change request (and follows their own); the QMS team settles them.
            add(documents, _("Yêu cầu sửa đổi"), "documents:change_request_list", "pencil-square")
        if self.can(Perm.DOC_VIEW_DRAFTS):
            add(documents, _("Bản chưa xác nhận đọc"), "documents:unacknowledged", "envelope-exclamation")
        if at_agency:
            add(documents, _("Hồ sơ lưu trữ"), "documents:record_rule_list", "archive")
        procedures = _("Thủ tục hành chính")
        if at_agency:
            add(procedures, _("Danh mục TTHC"), "procedures:list", "card-checklist")
        if self.organisation is not None:
            add(procedures, _("TTHC thuộc thẩm quyền"), "procedures:my_agency", "list-check")
        if self.can(Perm.PROC_COVERAGE):
            add(procedures, _("Độ bao phủ quy trình"), "procedures:coverage", "pie-chart")
            add(procedures, _("Công bố HTQLCL"), "publication:home", "megaphone")
        if self.can(Perm.PROC_CATALOGUE):
            add(procedures, _("Lịch ngày nghỉ"), "procedures:calendar", "calendar3")
        inspection = _("Đánh giá, kiểm tra")
        if self.can(Perm.ASSESS_VIEW):
            add(inspection, _("Đánh giá, chấm điểm"), "assessments:list", "clipboard-check")
        if self.can(Perm.INSPECTION_PLAN):
            add(inspection, _("Kế hoạch kiểm tra"), "inspections:plan_list", "calendar2-check")
            add(inspection, _("Tổng hợp kiểm tra"), "inspections:consolidation", "bar-chart-line")
        if self.can(Perm.INSPECTION_SCORE):
            add(inspection, _("Cuộc kiểm tra của tôi"), "inspections:my_inspections", "person-check")
        elif self.active is not None and (self.can(Perm.FOLLOWUP_ANSWER) or self.can(Perm.ASSESS_VIEW)):
            add(inspection, _("Kết quả kiểm tra"), "inspections:agency_results", "clipboard-data")
        reference = _("Tra cứu, theo dõi")
        if self.can(Perm.OBLIGATIONS_VIEW):
            add(reference, _("Nghĩa vụ, thời hạn"), "obligations:list", "alarm")
        add(reference, _("Văn bản pháp luật"), "legal:list", "bank")
        add(reference, _("Tìm kiếm"), "search:results", "search")
        people = _("Tổ chức, con người")
        if at_agency:
            add(people, _("Cơ cấu tổ chức"), "organisations:tree", "diagram-3")
        if self.can(Perm.MANAGE_TREE):
            add(people, _("Danh sách cơ quan"), "organisations:list", "buildings")
        if self.can(Perm.MANAGE_PEOPLE):
            add(people, _("Người dùng"), "people:user_list", "people")
        if self.organisation is not None:
            add(people, _("Ban chỉ đạo ISO"), "people:committee_list", "person-badge")
            add(people, _("Đào tạo"), "people:training_list", "mortarboard")
        if self.can(Perm.VIEW_AUDIT_LOG):
            add(people, _("Nhật ký thay đổi"), "organisations:audit_log", "clock-history")
        # The most specific match is active: "/tai-lieu/cua-toi/" is not also "/tai-lieu/".
        matches = [url for _l, url, _i, _s in items if (self.path == url if url == "/" else self.path.startswith(url))]
        current = max(matches, key=len) if matches else None
        result: list[NavItem] = []
        previous_section = ""
        for label, url, icon, section in items:
            heading = str(section) if section and str(section) != previous_section else ""
            previous_section = str(section)
            result.append(NavItem(str(label), url, icon, url == current, heading))
        return result


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
