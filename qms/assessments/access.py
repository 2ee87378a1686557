"""Who may do what with assessments and rubrics, on top of the one policy.

* Self-assessment: the agency's ISO secretary and leader fill it in (``ASSESS_EDIT``), the
  leader submits it (``ASSESS_SUBMIT``); both are agency-only permissions.
* Inspection assessment: only the users named in ``Assessment.inspectors`` who also hold
  ``INSPECTION_SCORE`` over the agency score it and submit it.
* A coordinator (``ASSESS_REOPEN``) reopens a submitted assessment with a reason.
* Rubrics are managed by holders of ``RUBRIC_MANAGE`` anywhere (coordinators, administrators).
* Reading: ``ASSESS_VIEW`` over the agency. The agency itself sees the inspection only once the
  inspection team has submitted it; subtree roles (inspectors, coordinators) see it throughout.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from qms.core.display import format_date
from qms.organisations import policy
from qms.organisations.policy import Perm

from .models import EDITABLE_STATUSES, Assessment, AssessmentKind


def holds_anywhere(user: Any, perm: Perm) -> bool:
    """``None`` is the system."""
    if user is None or policy.is_superadmin(user):
        return True
    return any(perm in policy.ROLE_PERMS[g.role] for g in policy.grants(user))


def can_manage_rubrics(user: Any) -> bool:
    return holds_anywhere(user, Perm.RUBRIC_MANAGE)


def require_manage_rubrics(user: Any) -> None:
    if not can_manage_rubrics(user):
        raise PermissionDenied(
            _("Chỉ đơn vị chủ trì (Sở Khoa học và Công nghệ) hoặc quản trị mới quản lý bộ tiêu chí.")
        )


def is_inspector_of(user: Any, assessment: Assessment) -> bool:
    if user is None or not getattr(user, "pk", None):
        return False
    cached = getattr(assessment, "_inspector_ids", None)
    if cached is None:
        cached = set(assessment.inspectors.values_list("pk", flat=True))
        assessment._inspector_ids = cached  # type: ignore[attr-defined]
    return user.pk in cached


def forget_inspectors(assessment: Assessment) -> None:
    if hasattr(assessment, "_inspector_ids"):
        del assessment._inspector_ids


def may_score(user: Any, assessment: Assessment) -> bool:
    """Whether ``user`` may change scores, notes and evidence (ignoring the lock). None = system."""
    if user is None:
        return True
    if assessment.kind == AssessmentKind.SELF:
        return policy.has_perm(user, Perm.ASSESS_EDIT, assessment.agency)
    return is_inspector_of(user, assessment) and policy.has_perm(user, Perm.INSPECTION_SCORE, assessment.agency)


def may_submit(user: Any, assessment: Assessment) -> bool:
    if user is None:
        return True
    if assessment.kind == AssessmentKind.SELF:
        return policy.has_perm(user, Perm.ASSESS_SUBMIT, assessment.agency)
    return may_score(user, assessment)


def may_reopen(user: Any, assessment: Assessment) -> bool:
    return user is None or policy.has_perm(user, Perm.ASSESS_REOPEN, assessment.agency)


def require_score(user: Any, assessment: Assessment) -> None:
    if not may_score(user, assessment):
        if assessment.kind == AssessmentKind.INSPECTION:
            raise PermissionDenied(_("Chỉ thành viên đoàn kiểm tra được phân công mới chấm được bản kiểm tra này."))
        raise PermissionDenied(_("Bạn không có quyền chấm bản tự đánh giá của %(org)s.") % {"org": assessment.agency})


def require_editable(assessment: Assessment) -> None:
    if assessment.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _(
                "Bản đánh giá đã nộp ngày %(date)s và đang bị khoá: không sửa được. "
                "Nếu cần sửa, đề nghị đơn vị chủ trì mở lại (kèm lý do)."
            )
            % {"date": format_date(assessment.submitted_at) if assessment.submitted_at else "—"},
            code="locked",
        )
