"""Every write to controlled documents: creation, drafting, review, approval, activation,
distribution and acknowledgement, withdrawal and legal bases (change requests:
``services_change_requests``; record rules: ``services_records``).

Each call is atomic, checks the policy and writes one audit event. Approval decisions are stored
as snapshots (name, title, role at the time): the header block never consults live memberships.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit, files, search
from qms.core.concurrency import bump_version
from qms.core.dates import add_months
from qms.core.display import format_date
from qms.core.text import fold
from qms.legal import services as legal_services
from qms.legal.models import LegalText
from qms.obligations import services as obligation_services
from qms.obligations.models import ObligationKind
from qms.organisations import policy
from qms.organisations.models import Membership, Organisation, OrganisationKind, Role
from qms.organisations.policy import Perm

from . import hooks
from .models import (
    ChangeRequest,
    ChangeRequestStatus,
    DecisionKind,
    DecisionStep,
    Distribution,
    Document,
    DocumentKind,
    DocumentRevision,
    DocumentStatus,
    RevisionDecision,
    RevisionStatus,
)
from .services_distribution import distribution_recipients

audit.register_verbs(
    {
        "document.create": gettext_lazy("Tạo tài liệu"),
        "document.update": gettext_lazy("Sửa thông tin tài liệu"),
        "document.withdraw": gettext_lazy("Thu hồi tài liệu"),
        "document.periodic_review": gettext_lazy("Xem xét định kỳ tài liệu"),
        "document.legal_bases": gettext_lazy("Cập nhật căn cứ pháp lý của tài liệu"),
        "revision.start": gettext_lazy("Bắt đầu soạn lần ban hành mới"),
        "revision.update": gettext_lazy("Sửa dự thảo"),
        "revision.submit": gettext_lazy("Trình xem xét"),
        "revision.comment": gettext_lazy("Góp ý dự thảo"),
        "revision.pass": gettext_lazy("Chuyển trình phê duyệt"),
        "revision.return": gettext_lazy("Trả lại dự thảo"),
        "revision.approve": gettext_lazy("Phê duyệt ban hành"),
        "revision.effective": gettext_lazy("Lần ban hành có hiệu lực"),
        "revision.discard": gettext_lazy("Huỷ dự thảo"),
        "distribution.acknowledge": gettext_lazy("Xác nhận đã đọc tài liệu"),
    }
)

DOCUMENT_AUDITED = ("code", "title", "kind", "organisation", "review_interval_months")
REVISION_AUDITED = ("content", "change_summary", "file")

# "QT 02/CX-HCTP", "STCL", "BM.01-QT05", "QT-TTHC-01": letters, digits, spaces and . / - _ ( )
CODE_RE = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ][0-9A-Za-zÀ-ỹĐđ .\/\-_()]*$")
MAX_CONTENT_CHARS = 500_000
OPEN_REVISION_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW, RevisionStatus.REVIEWED)


# --- helpers -------------------------------------------------------------------------------------


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _normalise_code(code: str) -> str:
    code = " ".join((code or "").split())
    if not code:
        raise ValidationError({"code": _("Mã hiệu tài liệu không được để trống.")})
    if len(code) > 60 or not CODE_RE.match(code):
        raise ValidationError(
            {
                "code": _(
                    "Mã hiệu “%(code)s” không hợp lệ: chỉ dùng chữ, số, khoảng trắng và các dấu . / - _ ( ), "
                    "tối đa 60 ký tự (ví dụ: QT 02/CX-HCTP)."
                )
                % {"code": code[:80]}
            }
        )
    return code


def _code_key(code: str) -> str:
    return fold(code).replace(" ", "")


def _check_code_unique(agency: Organisation, code: str, *, exclude_pk: int | None = None) -> None:
    clash = Document.objects.filter(agency=agency, code_folded=_code_key(code))
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.first()
    if other is not None:
        raise ValidationError(
            {
                "code": _("Mã hiệu “%(code)s” đã được dùng cho tài liệu “%(title)s” của %(agency)s.")
                % {"code": code, "title": other.title, "agency": agency}
            }
        )


def _check_owner(organisation: Organisation) -> Organisation:
    """The agency owning a document placed at ``organisation`` (the agency or one of its units)."""
    if organisation.kind in (OrganisationKind.PROVINCE, OrganisationKind.MINISTRY) and organisation.agency_id is None:
        raise ValidationError({"organisation": _("Không xác định được cơ quan sở hữu tài liệu.")})
    assert organisation.agency is not None
    return organisation.agency


def _check_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Tên tài liệu không được để trống.")})
    if len(title) > 500:
        raise ValidationError({"title": _("Tên tài liệu dài quá 500 ký tự.")})
    return title


def _check_interval(months: int | None) -> int:
    if months is None or months < 0 or months > 120:
        raise ValidationError(
            {"review_interval_months": _("Chu kỳ xem xét định kỳ phải từ 0 đến 120 tháng (0 = không xem xét).")}
        )
    return months


def _check_kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Loại tài liệu không hợp lệ.")})
    return kind


def _check_recipients(agency: Organisation, units: Iterable[Organisation], users: Iterable[Any]) -> None:
    for unit in units:
        if unit.agency_id != agency.pk:
            raise ValidationError(
                {"distribute_to_units": _("“%(unit)s” không thuộc %(agency)s.") % {"unit": unit, "agency": agency}}
            )
    member_ids = set(
        Membership.objects.filter(organisation__agency=agency, is_active=True).values_list("user_id", flat=True)
    )
    for user in users:
        if user.pk not in member_ids:
            raise ValidationError(
                {
                    "distribute_to_users": _("%(user)s không phải là người của %(agency)s.")
                    % {"user": user.get_full_name() or user.get_username(), "agency": agency}
                }
            )


def _document_url(document: Document) -> str:
    return reverse("documents:detail", args=[document.pk])


def _reindex(document: Document) -> None:
    """Keep the document's search entry in step: the effective text, else the latest draft."""
    revision = document.current_revision
    if revision is None:
        revision = document.revisions.order_by("-number").first()
    search.upsert(
        "document",
        document.pk,
        title=document.title,
        code=document.code,
        body=revision.text if revision is not None else "",
        scope_path=document.scope_path,
        agency_id=document.agency_id,
        kind=document.kind,
        status=document.status,
        public=False,
        dated=revision.effective_from if revision is not None else None,
        url=_document_url(document),
        organisation_name=str(document.organisation),
    )


def actor_snapshot(actor: Any, organisation: Organisation) -> dict[str, str]:
    """Name, title and role of ``actor`` at ``organisation`` as they are now (frozen into a decision)."""
    if actor is None:
        return {"actor_name": str(_("Hệ thống")), "actor_title": "", "actor_role": "", "organisation_name": ""}
    agency = organisation.agency or organisation
    memberships = list(
        Membership.objects.filter(user=actor, is_active=True, organisation__agency=agency)
        .select_related("organisation")
        .order_by("organisation__depth")
    )
    ranking: list[str] = [Role.LEADER, Role.ISO_SECRETARY, Role.AUDITOR, Role.STAFF]
    memberships.sort(key=lambda m: ranking.index(m.role) if m.role in ranking else len(ranking))
    best = memberships[0] if memberships else None
    title = ""
    role = ""
    if best is not None:
        role = best.role
        title = best.position or str(Role(best.role).label)
    elif policy.is_superadmin(actor):
        role, title = Role.ADMIN, str(Role.ADMIN.label)
    return {
        "actor_name": actor.get_full_name() or actor.get_username(),
        "actor_title": title,
        "actor_role": role,
        "organisation_name": str(agency),
    }


def _decide(revision: DocumentRevision, *, actor: Any, step: str, kind: str, comment: str = "") -> RevisionDecision:
    return RevisionDecision.objects.create(
        revision=revision,
        step=step,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        comment=comment.strip(),
        **actor_snapshot(actor, revision.document.organisation),
    )


def _lock_revision(revision: DocumentRevision) -> DocumentRevision:
    """Re-read the revision under a row lock: two reviewers must not both move it."""
    return DocumentRevision.objects.select_for_update().select_related("document__organisation").get(pk=revision.pk)


def _require_status(revision: DocumentRevision, *allowed: str) -> None:
    if revision.status not in allowed:
        raise ValidationError(
            _("Lần ban hành %(number)s đang ở trạng thái “%(status)s”: không thực hiện được thao tác này.")
            % {"number": revision.number, "status": revision.get_status_display()},
            code="wrong_status",
        )


def _store(upload: UploadedFile | None, actor: Any) -> Any:
    return files.store_upload(upload, actor=actor) if upload is not None else None


# --- documents -----------------------------------------------------------------------------------


@transaction.atomic
def document_create(
    *,
    actor: Any,
    organisation: Organisation,
    code: str,
    title: str,
    kind: str,
    review_interval_months: int = 12,
    distribute_to_units: Sequence[Organisation] = (),
    distribute_to_users: Sequence[Any] = (),
    content: str = "",
    upload: UploadedFile | None = None,
    change_summary: str = "",
) -> Document:
    """A new document with its first draft (lần ban hành 1)."""
    policy.require(actor, Perm.DOC_MANAGE, organisation)
    agency = _check_owner(organisation)
    code = _normalise_code(code)
    _check_code_unique(agency, code)
    title = _check_title(title)
    _check_kind(kind)
    _check_interval(review_interval_months)
    _check_recipients(agency, distribute_to_units, distribute_to_users)
    if len(content) > MAX_CONTENT_CHARS:
        raise ValidationError({"content": _("Nội dung quá dài (tối đa 500.000 ký tự); hãy tải lên tệp.")})
    document = Document.objects.create(
        organisation=organisation,
        agency=agency,
        scope_path=organisation.path,
        code=code,
        code_folded=_code_key(code),
        search_text=fold(f"{code} {title}"),
        title=title,
        kind=kind,
        review_interval_months=review_interval_months,
    )
    document.distribute_to_units.set(distribute_to_units)
    document.distribute_to_users.set(distribute_to_users)
    DocumentRevision.objects.create(
        document=document,
        number=1,
        content=content.strip(),
        file=_store(upload, actor),
        change_summary=change_summary.strip() or str(_("Ban hành lần đầu")),
        drafted_by=actor if getattr(actor, "pk", None) else None,
    )
    _reindex(document)
    audit.record(
        actor=actor,
        verb="document.create",
        target=document,
        scope_path=document.scope_path,
        changes=audit.diff({}, audit.snapshot(document, DOCUMENT_AUDITED)),
    )
    return document


@transaction.atomic
def document_update(
    *,
    actor: Any,
    document: Document,
    expected_version: int | None,
    code: str,
    title: str,
    kind: str,
    review_interval_months: int,
    distribute_to_units: Sequence[Organisation],
    distribute_to_users: Sequence[Any],
) -> Document:
    """Edit the document's identification and distribution list (not its content)."""
    policy.require(actor, Perm.DOC_MANAGE, document.organisation)
    if document.status == DocumentStatus.OBSOLETE:
        raise ValidationError(_("Tài liệu đã thu hồi: không sửa được."))
    code = _normalise_code(code)
    if document.status == DocumentStatus.EFFECTIVE and _code_key(code) != document.code_folded:
        raise ValidationError(
            {"code": _("Tài liệu đã ban hành: muốn đổi mã hiệu hãy ban hành lần mới hoặc tạo tài liệu mới.")}
        )
    _check_code_unique(document.agency, code, exclude_pk=document.pk)
    title = _check_title(title)
    _check_kind(kind)
    _check_interval(review_interval_months)
    _check_recipients(document.agency, distribute_to_units, distribute_to_users)
    before = audit.snapshot(document, DOCUMENT_AUDITED)
    before["distribute_to_units"] = sorted(str(u) for u in document.distribute_to_units.all())
    before["distribute_to_users"] = sorted(str(u) for u in document.distribute_to_users.all())
    bump_version(document, expected_version)
    document.code, document.code_folded = code, _code_key(code)
    document.title, document.kind = title, kind
    document.search_text = fold(f"{code} {title}")
    if review_interval_months != document.review_interval_months:
        document.review_interval_months = review_interval_months
        current = document.current_revision
        if current is not None and current.effective_from is not None:
            document.next_review_on = (
                add_months(current.effective_from, review_interval_months) if review_interval_months else None
            )
    document.save()
    document.distribute_to_units.set(distribute_to_units)
    document.distribute_to_users.set(distribute_to_users)
    after = audit.snapshot(document, DOCUMENT_AUDITED)
    after["distribute_to_units"] = sorted(str(u) for u in distribute_to_units)
    after["distribute_to_users"] = sorted(str(u) for u in distribute_to_users)
    _reindex(document)
    audit.record(
        actor=actor,
        verb="document.update",
        target=document,
        scope_path=document.scope_path,
        changes=audit.diff(before, after),
    )
    return document


@transaction.atomic
def document_withdraw(*, actor: Any, document: Document, reason: str) -> Document:
    """Make the document obsolete: its effective revision is withdrawn and drafts are dropped."""
    policy.require(actor, Perm.DOC_APPROVE, document.organisation)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do thu hồi tài liệu.")})
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == DocumentStatus.OBSOLETE:
        raise ValidationError(_("Tài liệu này đã được thu hồi."))
    now = timezone.now()
    document.revisions.filter(status=RevisionStatus.EFFECTIVE).update(status=RevisionStatus.OBSOLETE, ended_at=now)
    document.revisions.filter(status__in=[*OPEN_REVISION_STATUSES, RevisionStatus.APPROVED]).update(
        status=RevisionStatus.OBSOLETE, ended_at=now
    )
    document.status = DocumentStatus.OBSOLETE
    document.withdrawn_at = now
    document.withdrawn_reason = reason
    document.withdrawn_by = actor if getattr(actor, "pk", None) else None
    document.next_review_on = None
    document.save()
    obligation_services.obligations_close_for_subject(
        actor=actor,
        subject=document,
        kind=ObligationKind.LEGAL_UPDATE,
        note=str(_("Tài liệu đã thu hồi: %(reason)s")) % {"reason": reason},
    )
    hooks.document_withdrawn(actor=actor, document=document)
    _reindex(document)
    audit.record(
        actor=actor,
        verb="document.withdraw",
        target=document,
        scope_path=document.scope_path,
        changes={"status": {"before": DocumentStatus.EFFECTIVE, "after": DocumentStatus.OBSOLETE}, "reason": reason},
    )
    return document


@transaction.atomic
def document_periodic_review(*, actor: Any, document: Document, note: str, today: dt.date | None = None) -> Document:
    """Record that the periodic review found the effective revision still fit: the next date moves on."""
    policy.require(actor, Perm.DOC_MANAGE, document.organisation)
    note = " ".join((note or "").split())
    if not note:
        raise ValidationError({"note": _("Hãy ghi kết quả xem xét định kỳ.")})
    if document.status != DocumentStatus.EFFECTIVE:
        raise ValidationError(_("Chỉ xem xét định kỳ tài liệu đang hiệu lực."))
    if not document.review_interval_months:
        raise ValidationError(_("Tài liệu này không có chu kỳ xem xét định kỳ."))
    before = document.next_review_on
    document.next_review_on = add_months(_today(today), document.review_interval_months)
    document.save(update_fields=["next_review_on", "updated_at"])
    audit.record(
        actor=actor,
        verb="document.periodic_review",
        target=document,
        scope_path=document.scope_path,
        changes={
            "next_review_on": {
                "before": before.isoformat() if before else None,
                "after": document.next_review_on.isoformat(),
            },
            "note": note,
        },
    )
    return document


@transaction.atomic
def document_set_legal_bases(*, actor: Any, document: Document, items: Sequence[tuple[LegalText, str]]) -> None:
    """Replace the legal bases the document cites (each with the provisions applied)."""
    policy.require(actor, Perm.DOC_MANAGE, document.organisation)
    if document.status == DocumentStatus.OBSOLETE:
        raise ValidationError(_("Tài liệu đã thu hồi: không sửa được."))
    seen: set[int] = set()
    for text, _provision in items:
        if text.pk in seen:
            raise ValidationError({"legal_texts": _("Văn bản %(number)s được chọn hai lần.") % {"number": text.number}})
        seen.add(text.pk)
    legal_services.citations_set(actor=actor, target=document, organisation=document.organisation, items=list(items))


# --- revisions -----------------------------------------------------------------------------------


@transaction.atomic
def revision_start(
    *, actor: Any, document: Document, change_summary: str = "", change_request: ChangeRequest | None = None
) -> DocumentRevision:
    """Open the next revision (lần ban hành) as a draft, starting from the effective content."""
    policy.require(actor, Perm.DOC_MANAGE, document.organisation)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == DocumentStatus.OBSOLETE:
        raise ValidationError(_("Tài liệu đã thu hồi: không ban hành lần mới được."))
    pending = document.revisions.filter(status__in=[*OPEN_REVISION_STATUSES, RevisionStatus.APPROVED]).first()
    if pending is not None:
        raise ValidationError(
            _("Lần ban hành %(number)s (%(status)s) chưa kết thúc: hãy hoàn tất nó trước.")
            % {"number": pending.number, "status": pending.get_status_display()}
        )
    last = document.revisions.order_by("-number").first()
    base = document.current_revision
    revision = DocumentRevision.objects.create(
        document=document,
        number=(last.number if last else 0) + 1,
        content=base.content if base is not None else "",
        file=base.file if base is not None else None,
        change_summary=change_summary.strip(),
        drafted_by=actor if getattr(actor, "pk", None) else None,
    )
    if change_request is not None:
        change_request.revision = revision
        change_request.save(update_fields=["revision", "updated_at"])
    hooks.revision_started(actor=actor, revision=revision, base=base)
    audit.record(
        actor=actor,
        verb="revision.start",
        target=revision,
        scope_path=document.scope_path,
        changes={"number": {"before": None, "after": revision.number}},
    )
    return revision


@transaction.atomic
def revision_update(
    *,
    actor: Any,
    revision: DocumentRevision,
    expected_version: int | None,
    content: str,
    change_summary: str,
    upload: UploadedFile | None = None,
    remove_file: bool = False,
) -> DocumentRevision:
    """Save a draft. A second editor working from an older copy is refused, nothing is lost."""
    policy.require(actor, Perm.DOC_MANAGE, revision.document.organisation)
    _require_status(_lock_revision(revision), RevisionStatus.DRAFT)
    if len(content) > MAX_CONTENT_CHARS:
        raise ValidationError({"content": _("Nội dung quá dài (tối đa 500.000 ký tự); hãy tải lên tệp.")})
    before = audit.snapshot(revision, REVISION_AUDITED)
    stored = _store(upload, actor)
    bump_version(revision, expected_version)
    revision.content = content.strip()
    revision.change_summary = change_summary.strip()
    if stored is not None:
        revision.file = stored
    elif remove_file:
        revision.file = None
    revision.save()
    _reindex(revision.document)
    after = audit.snapshot(revision, REVISION_AUDITED)
    changes = audit.diff(before, after)
    if "content" in changes:  # the text itself is kept in the revision; the log says that it changed
        changes["content"] = {
            "before": f"{len(before['content'] or '')} ký tự",
            "after": f"{len(after['content'] or '')} ký tự",
        }
    audit.record(
        actor=actor, verb="revision.update", target=revision, scope_path=revision.document.scope_path, changes=changes
    )
    return revision


@transaction.atomic
def revision_discard(*, actor: Any, revision: DocumentRevision) -> None:
    """Drop a draft that was never submitted (not the first revision of a document)."""
    policy.require(actor, Perm.DOC_MANAGE, revision.document.organisation)
    revision = _lock_revision(revision)
    _require_status(revision, RevisionStatus.DRAFT)
    if revision.number == 1:
        raise ValidationError(_("Không huỷ được dự thảo đầu tiên của tài liệu."))
    if revision.decisions.exists():
        raise ValidationError(_("Dự thảo đã qua xem xét: hãy trình lại thay vì huỷ."))
    document = revision.document
    ChangeRequest.objects.filter(revision=revision).update(revision=None, status=ChangeRequestStatus.OPEN)
    audit.record(
        actor=actor,
        verb="revision.discard",
        target=document,
        scope_path=document.scope_path,
        changes={"number": {"before": revision.number, "after": None}},
    )
    revision.delete()
    _reindex(document)


@transaction.atomic
def revision_submit(*, actor: Any, revision: DocumentRevision, reviewer: Any, comment: str = "") -> DocumentRevision:
    """Send a draft to a reviewer. A revision without content cannot be submitted."""
    document = revision.document
    policy.require(actor, Perm.DOC_MANAGE, document.organisation)
    revision = _lock_revision(revision)
    _require_status(revision, RevisionStatus.DRAFT)
    if not revision.content.strip() and revision.file_id is None:
        raise ValidationError(
            {"content": _("Dự thảo chưa có nội dung: hãy soạn nội dung hoặc tải lên tệp trước khi trình.")}
        )
    if revision.number > 1 and not revision.change_summary.strip():
        raise ValidationError({"change_summary": _("Hãy tóm tắt nội dung sửa đổi của lần ban hành này.")})
    if reviewer is None or not policy.has_perm(reviewer, Perm.DOC_REVIEW, document.organisation):
        raise ValidationError({"reviewer": _("Người xem xét phải là lãnh đạo hoặc thư ký ISO của cơ quan.")})
    if reviewer.pk in {revision.drafted_by_id, getattr(actor, "pk", None)}:
        raise ValidationError(
            {"reviewer": _("Người soạn thảo không tự xem xét dự thảo của mình: hãy chọn người khác.")}
        )
    revision.status = RevisionStatus.IN_REVIEW
    revision.reviewer = reviewer
    revision.submitted_at = timezone.now()
    if revision.drafted_by_id is None and getattr(actor, "pk", None):
        revision.drafted_by = actor
    revision.save()
    _decide(revision, actor=actor, step=DecisionStep.DRAFT, kind=DecisionKind.SUBMIT, comment=comment)
    audit.record(
        actor=actor,
        verb="revision.submit",
        target=revision,
        scope_path=document.scope_path,
        changes={
            "status": {"before": RevisionStatus.DRAFT, "after": RevisionStatus.IN_REVIEW},
            "reviewer": str(reviewer),
        },
    )
    return revision


def _require_reviewer(actor: Any, revision: DocumentRevision) -> None:
    policy.require(actor, Perm.DOC_REVIEW, revision.document.organisation)
    if (
        actor is not None
        and revision.reviewer_id
        and actor.pk != revision.reviewer_id
        and not policy.has_perm(actor, Perm.DOC_APPROVE, revision.document.organisation)
    ):
        raise PermissionDenied(_("Dự thảo này được trình cho người xem xét khác."))


@transaction.atomic
def revision_comment(*, actor: Any, revision: DocumentRevision, comment: str) -> RevisionDecision:
    """A reviewer's or the approver's comment; the revision stays where it is."""
    policy.require(actor, Perm.DOC_REVIEW, revision.document.organisation)
    revision = _lock_revision(revision)
    _require_status(revision, RevisionStatus.IN_REVIEW, RevisionStatus.REVIEWED)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Hãy nhập nội dung góp ý.")})
    step = DecisionStep.REVIEW if revision.status == RevisionStatus.IN_REVIEW else DecisionStep.APPROVAL
    decision = _decide(revision, actor=actor, step=step, kind=DecisionKind.COMMENT, comment=comment)
    audit.record(
        actor=actor,
        verb="revision.comment",
        target=revision,
        scope_path=revision.document.scope_path,
        changes={"comment": comment.strip()},
    )
    return decision


@transaction.atomic
def revision_pass(*, actor: Any, revision: DocumentRevision, comment: str = "") -> DocumentRevision:
    """The reviewer has checked the draft and passes it on to the head of the agency for approval."""
    revision = _lock_revision(revision)
    _require_reviewer(actor, revision)
    _require_status(revision, RevisionStatus.IN_REVIEW)
    revision.status = RevisionStatus.REVIEWED
    revision.save()
    _decide(revision, actor=actor, step=DecisionStep.REVIEW, kind=DecisionKind.PASS, comment=comment)
    audit.record(
        actor=actor,
        verb="revision.pass",
        target=revision,
        scope_path=revision.document.scope_path,
        changes={"status": {"before": RevisionStatus.IN_REVIEW, "after": RevisionStatus.REVIEWED}},
    )
    return revision


@transaction.atomic
def revision_return(*, actor: Any, revision: DocumentRevision, comment: str) -> DocumentRevision:
    """Send the draft back to its author with the reasons (by the reviewer or the approver)."""
    revision = _lock_revision(revision)
    if revision.status == RevisionStatus.REVIEWED:
        policy.require(actor, Perm.DOC_APPROVE, revision.document.organisation)
        step = DecisionStep.APPROVAL
    else:
        _require_reviewer(actor, revision)
        step = DecisionStep.REVIEW
    _require_status(revision, RevisionStatus.IN_REVIEW, RevisionStatus.REVIEWED)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Hãy ghi lý do trả lại để người soạn thảo sửa.")})
    before = revision.status
    revision.status = RevisionStatus.DRAFT
    revision.save()
    _decide(revision, actor=actor, step=step, kind=DecisionKind.RETURN, comment=comment)
    audit.record(
        actor=actor,
        verb="revision.return",
        target=revision,
        scope_path=revision.document.scope_path,
        changes={"status": {"before": before, "after": RevisionStatus.DRAFT}, "comment": comment.strip()},
    )
    return revision


@transaction.atomic
def revision_approve(
    *,
    actor: Any,
    revision: DocumentRevision,
    effective_from: dt.date | None,
    comment: str = "",
    today: dt.date | None = None,
    registering: bool = False,
) -> DocumentRevision:
    """The head of the agency issues the revision. It takes effect on ``effective_from`` (today or
    later; the system alone may record an earlier date when registering documents already issued).
    A revision the apps above say is incomplete (``hooks.approval_blockers``: a process without
    steps) is refused, unless ``registering`` a revision issued before the software, whose
    structured content is registered right after it (data take-over, the demo)."""
    policy.require(actor, Perm.DOC_APPROVE, revision.document.organisation)
    revision = _lock_revision(revision)
    _require_status(revision, RevisionStatus.REVIEWED)
    today = _today(today)
    if effective_from is None:
        raise ValidationError({"effective_from": _("Hãy chọn ngày hiệu lực.")})
    if effective_from < today and actor is not None:
        raise ValidationError(
            {
                "effective_from": _("Ngày hiệu lực %(day)s đã qua: lần ban hành mới chỉ có hiệu lực từ hôm nay trở đi.")
                % {"day": format_date(effective_from)}
            }
        )
    if effective_from > add_months(today, 12):
        raise ValidationError({"effective_from": _("Ngày hiệu lực không được quá 12 tháng kể từ hôm nay.")})
    if not registering:
        blockers = hooks.approval_blockers(revision=revision)
        if blockers:
            raise ValidationError(blockers, code="incomplete")
    revision.status = RevisionStatus.APPROVED
    revision.effective_from = effective_from
    revision.approved_at = timezone.now()
    revision.save()
    _decide(revision, actor=actor, step=DecisionStep.APPROVAL, kind=DecisionKind.APPROVE, comment=comment)
    audit.record(
        actor=actor,
        verb="revision.approve",
        target=revision,
        scope_path=revision.document.scope_path,
        changes={
            "status": {"before": RevisionStatus.REVIEWED, "after": RevisionStatus.APPROVED},
            "effective_from": {"before": None, "after": effective_from.isoformat()},
        },
    )
    if effective_from <= today:
        _activate(revision, actor=actor)
    return revision


def _activate(revision: DocumentRevision, *, actor: Any) -> None:
    """Make an approved revision effective: supersede the previous one, distribute, close the
    legal-update obligations it answers, finish the change requests it carried."""
    document = Document.objects.select_for_update().get(pk=revision.document_id)
    now = timezone.now()
    previous = document.current_revision
    if previous is not None and previous.pk != revision.pk:
        DocumentRevision.objects.filter(pk=previous.pk).update(status=RevisionStatus.SUPERSEDED, ended_at=now)
    revision.status = RevisionStatus.EFFECTIVE
    revision.effective_at = now
    revision.save()
    document.current_revision = revision
    document.status = DocumentStatus.EFFECTIVE
    assert revision.effective_from is not None
    document.next_review_on = (
        add_months(revision.effective_from, document.review_interval_months)
        if document.review_interval_months
        else None
    )
    document.save()
    recipients = distribution_recipients(document)
    Distribution.objects.bulk_create(
        [Distribution(revision=revision, user_id=user_id, via_unit_id=via) for user_id, via in recipients.items()],
        ignore_conflicts=True,
    )
    closed = obligation_services.obligations_close_for_subject(
        actor=actor,
        subject=document,
        kind=ObligationKind.LEGAL_UPDATE,
        note=str(_("Đã ban hành lần %(number)s, hiệu lực từ %(day)s"))
        % {"number": revision.number, "day": format_date(revision.effective_from)},
    )
    ChangeRequest.objects.filter(revision=revision, status=ChangeRequestStatus.ACCEPTED).update(
        status=ChangeRequestStatus.DONE, updated_at=now
    )
    hooks.revision_effective(
        actor=actor,
        revision=revision,
        previous=previous if previous is not None and previous.pk != revision.pk else None,
    )
    _reindex(document)
    audit.record(
        actor=actor,
        verb="revision.effective",
        target=revision,
        scope_path=document.scope_path,
        changes={
            "status": {"before": RevisionStatus.APPROVED, "after": RevisionStatus.EFFECTIVE},
            "superseded": previous.number if previous is not None and previous.pk != revision.pk else None,
            "distributed_to": len(recipients),
            "obligations_closed": closed,
        },
    )


def revisions_activate_due(*, today: dt.date | None = None) -> int:
    """Make effective every approved revision whose date has come (run daily by a task)."""
    today = _today(today)
    count = 0
    due = DocumentRevision.objects.filter(status=RevisionStatus.APPROVED, effective_from__lte=today).order_by(
        "effective_from", "pk"
    )
    for revision_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            revision = DocumentRevision.objects.select_for_update().get(pk=revision_id)
            if revision.status != RevisionStatus.APPROVED:
                continue
            _activate(revision, actor=None)
            count += 1
    return count
