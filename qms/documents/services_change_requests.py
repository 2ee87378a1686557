"""Change requests (phiếu yêu cầu sửa đổi): raised by any reader of an effective document,
accepted into the next revision or rejected with a reason. Atomic and audited like every service."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit
from qms.organisations import policy
from qms.organisations.policy import Perm

from .models import ChangeRequest, ChangeRequestStatus, Document, DocumentStatus, RevisionStatus
from .services import OPEN_REVISION_STATUSES, revision_start

audit.register_verbs(
    {
        "change_request.raise": gettext_lazy("Gửi phiếu yêu cầu sửa đổi"),
        "change_request.accept": gettext_lazy("Chấp nhận yêu cầu sửa đổi"),
        "change_request.reject": gettext_lazy("Không chấp nhận yêu cầu sửa đổi"),
    }
)


@transaction.atomic
def change_request_raise(
    *, actor: Any, document: Document, reason: str, proposal: str, location: str = ""
) -> ChangeRequest:
    """Any member who may read the document raises a change request (phiếu yêu cầu sửa đổi)."""
    policy.require(actor, Perm.VIEW, document.organisation)
    if document.status != DocumentStatus.EFFECTIVE:
        raise ValidationError(_("Chỉ gửi yêu cầu sửa đổi cho tài liệu đang hiệu lực."))
    reason, proposal = (reason or "").strip(), (proposal or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Hãy nêu lý do đề nghị sửa đổi.")
    if not proposal:
        errors["proposal"] = _("Hãy nêu nội dung đề nghị sửa đổi.")
    if errors:
        raise ValidationError(errors)
    request = ChangeRequest.objects.create(
        document=document,
        raised_by=actor if getattr(actor, "pk", None) else None,
        raised_by_name=(actor.get_full_name() or actor.get_username()) if actor is not None else str(_("Hệ thống")),
        location=location.strip()[:200],
        reason=reason,
        proposal=proposal,
    )
    audit.record(
        actor=actor,
        verb="change_request.raise",
        target=request,
        scope_path=document.scope_path,
        changes={"reason": reason, "proposal": proposal},
    )
    return request


@transaction.atomic
def change_request_decide(*, actor: Any, change_request: ChangeRequest, accept: bool, note: str) -> ChangeRequest:
    """Accept (the request joins the next revision, opened if need be) or reject it with a reason."""
    document = change_request.document
    policy.require(actor, Perm.DOC_MANAGE, document.organisation)
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if change_request.status != ChangeRequestStatus.OPEN:
        raise ValidationError(_("Phiếu yêu cầu này đã được xử lý."))
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": _("Hãy ghi lý do không chấp nhận.")})
    change_request.decided_by = actor if getattr(actor, "pk", None) else None
    change_request.decided_at = timezone.now()
    change_request.decision_note = note
    if accept:
        draft = document.revisions.filter(status__in=OPEN_REVISION_STATUSES).order_by("-number").first()
        if draft is None:
            if document.revisions.filter(status=RevisionStatus.APPROVED).exists():
                raise ValidationError(_("Lần ban hành mới đã được phê duyệt, chờ hiệu lực: hãy xử lý yêu cầu sau."))
            draft = revision_start(actor=actor, document=document, change_summary=change_request.proposal[:2000])
        change_request.revision = draft
        change_request.status = ChangeRequestStatus.ACCEPTED
    else:
        change_request.status = ChangeRequestStatus.REJECTED
    change_request.save()
    audit.record(
        actor=actor,
        verb="change_request.accept" if accept else "change_request.reject",
        target=change_request,
        scope_path=document.scope_path,
        changes={"status": {"before": ChangeRequestStatus.OPEN, "after": change_request.status}, "note": note},
    )
    return change_request
