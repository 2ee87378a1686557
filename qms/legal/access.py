"""Who may do what with the legal register, on top of the one policy (qms.organisations.policy).

The register is shared by the whole installation (legal texts are national or provincial):
every logged-in user reads it. Adding a text needs ``LEGAL_ADD`` at some organisation; editing a
text and recording replacements and amendments need ``LEGAL_MANAGE`` somewhere (coordinators,
administrators) or the installation's administrator.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm


def can_read_legal(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _holds_anywhere(user: Any, perm: Perm) -> bool:
    if user is None or policy.is_superadmin(user):
        return True
    return any(perm in policy.ROLE_PERMS[g.role] for g in policy.grants(user))


def can_add_legal(user: Any) -> bool:
    """``None`` is the system."""
    return _holds_anywhere(user, Perm.LEGAL_ADD)


def can_manage_legal(user: Any) -> bool:
    """``None`` is the system."""
    return _holds_anywhere(user, Perm.LEGAL_MANAGE)


def require_add(user: Any) -> None:
    if not can_add_legal(user):
        raise PermissionDenied(_("Bạn không có quyền thêm văn bản vào sổ văn bản pháp luật."))


def require_manage(user: Any) -> None:
    if not can_manage_legal(user):
        raise PermissionDenied(
            _("Chỉ đơn vị chủ trì (Sở Khoa học và Công nghệ) hoặc quản trị mới sửa được văn bản pháp luật đã có.")
        )


def adding_organisation_id(user: Any) -> int | None:
    """The organisation recorded as having added a text when the caller names none: the first
    one where the user holds LEGAL_ADD (their grants come ordered by path)."""
    if user is None:
        return None
    for g in policy.grants(user):
        if Perm.LEGAL_ADD in policy.ROLE_PERMS[g.role]:
            return g.organisation_id
    return None


def require_add_at(user: Any, organisation: Organisation | None) -> None:
    if organisation is None:
        require_add(user)
    else:
        policy.require(user, Perm.LEGAL_ADD, organisation)
