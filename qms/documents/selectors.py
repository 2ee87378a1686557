"""Every read of controlled documents shown to a user.

Readers (any member of the agency, and subtree roles above it) see effective documents and only
their effective revision; the QMS team (ISO secretary, leader, auditor) and inspectors and
coordinators above also see drafts, revisions in review and the history of superseded ones.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    PositiveSmallIntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from qms.core.text import fold
from qms.organisations import policy
from qms.organisations.models import Membership, Organisation, Role
from qms.organisations.policy import Perm
from qms.people.models import User

from .models import (
    ChangeRequest,
    ChangeRequestStatus,
    DecisionKind,
    Distribution,
    Document,
    DocumentRevision,
    DocumentStatus,
    RevisionDecision,
    RevisionStatus,
)


def _visible_q(user: Any) -> Q:
    drafts = _drafts_q(user)
    readers = policy.scope_q(user, Perm.VIEW, path_field="scope_path", agency_field="agency_id")
    return drafts | (readers & Q(status=DocumentStatus.EFFECTIVE))


def can_view_drafts(user: Any, document: Document) -> bool:
    return policy.has_perm(user, Perm.DOC_VIEW_DRAFTS, document.organisation)


# Revisions submitted for review, or reviewed, and not yet approved.
IN_REVIEW_STATUSES = (RevisionStatus.IN_REVIEW, RevisionStatus.REVIEWED)
# The list's "status" filter value selecting documents with a revision in review.
IN_REVIEW_FILTER = "in_review"


def _drafts_q(user: Any) -> Q:
    return policy.scope_q(user, Perm.DOC_VIEW_DRAFTS, path_field="scope_path", agency_field="agency_id")


def _with_revision_in_review(documents: QuerySet[Document], user: Any) -> QuerySet[Document]:
    """Annotate ``review_number`` and ``review_status``: the newest revision in review (submitted
    or reviewed, not yet approved), only on documents whose drafts the user may see."""
    pending = DocumentRevision.objects.filter(document=OuterRef("pk"), status__in=IN_REVIEW_STATUSES).order_by(
        "-number"
    )
    number = Subquery(pending.values("number")[:1], output_field=PositiveSmallIntegerField())
    state = Subquery(pending.values("status")[:1], output_field=CharField())
    drafts = _drafts_q(user)
    if not drafts:  # the installation's administrator: every document
        return documents.annotate(review_number=number, review_status=state)
    return documents.annotate(
        review_number=Case(When(drafts, then=number), default=Value(None), output_field=PositiveSmallIntegerField()),
        review_status=Case(When(drafts, then=state), default=Value(None), output_field=CharField()),
    )


def document_list_for_user(
    user: Any,
    *,
    agency: Organisation | None = None,
    agency_id: int | None = None,
    q: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    review_due_by: dt.date | None = None,
) -> QuerySet[Document]:
    """The register: ``status`` is a document status or ``IN_REVIEW_FILTER`` (documents with a
    revision submitted or reviewed, not yet approved, for those who may see drafts). Each row
    carries ``review_number`` / ``review_status`` of such a revision (``None`` when there is none
    or the user sees only effective revisions)."""
    documents = Document.objects.filter(_visible_q(user))
    if agency is not None:
        documents = documents.filter(agency=agency)
    if agency_id is not None:
        documents = documents.filter(agency_id=agency_id)
    if kind:
        documents = documents.filter(kind=kind)
    if status == IN_REVIEW_FILTER:
        documents = documents.filter(
            _drafts_q(user),
            Exists(DocumentRevision.objects.filter(document=OuterRef("pk"), status__in=IN_REVIEW_STATUSES)),
        )
    elif status:
        documents = documents.filter(status=status)
    if review_due_by is not None:
        documents = documents.filter(status=DocumentStatus.EFFECTIVE, next_review_on__lte=review_due_by)
    if q:
        for token in fold(q).split():
            documents = documents.filter(search_text__contains=token)
    return (
        _with_revision_in_review(documents, user)
        .select_related("organisation", "agency", "current_revision")
        .order_by("code_folded", "pk")
    )


def document_agency_choices(user: Any) -> list[Organisation]:
    """The agencies whose documents the user sees (for the province-wide register's filter)."""
    agency_ids = Document.objects.filter(_visible_q(user)).values("agency_id")
    return list(Organisation.objects.filter(pk__in=agency_ids).order_by("path"))


def document_get_for_user(user: Any, pk: int) -> Document:
    try:
        return (
            Document.objects.filter(_visible_q(user))
            .select_related("organisation", "agency", "current_revision__file", "withdrawn_by")
            .get(pk=pk)
        )
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def revision_list_for_user(user: Any, document: Document) -> list[DocumentRevision]:
    """The revisions the user may see: all of them for the QMS team, else only the effective one."""
    revisions = document.revisions.select_related("drafted_by", "reviewer", "file").order_by("-number")
    if not can_view_drafts(user, document):
        revisions = revisions.filter(status=RevisionStatus.EFFECTIVE)
    return list(revisions)


def revision_get_for_user(user: Any, pk: int) -> DocumentRevision:
    try:
        revision = DocumentRevision.objects.select_related("document__organisation", "document__agency", "file").get(
            pk=pk
        )
    except (DocumentRevision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    document = document_get_for_user(user, revision.document_id)
    if revision.status != RevisionStatus.EFFECTIVE and not can_view_drafts(user, document):
        raise Http404
    revision.document = document
    return revision


def open_revision(document: Document) -> DocumentRevision | None:
    """The revision being prepared (draft, in review, reviewed or approved-not-yet-effective)."""
    return (
        document.revisions.filter(
            status__in=[
                RevisionStatus.DRAFT,
                RevisionStatus.IN_REVIEW,
                RevisionStatus.REVIEWED,
                RevisionStatus.APPROVED,
            ]
        )
        .select_related("file", "reviewer", "drafted_by")
        .order_by("-number")
        .first()
    )


def decisions_of(revision: DocumentRevision) -> list[RevisionDecision]:
    return list(revision.decisions.order_by("decided_at", "pk"))


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str
    at: dt.datetime | None


@dataclass(frozen=True)
class HeaderBlock:
    """The responsibility block printed on a revision: from the decision snapshots only."""

    code: str
    number: int
    effective_from: dt.date | None
    drafted: Signatory | None
    reviewed: Signatory | None
    approved: Signatory | None


def revision_header(revision: DocumentRevision, decisions: list[RevisionDecision] | None = None) -> HeaderBlock:
    decisions = decisions if decisions is not None else decisions_of(revision)

    def last(kind: str) -> Signatory | None:
        found = [d for d in decisions if d.kind == kind]
        if not found:
            return None
        d = found[-1]
        return Signatory(d.actor_name, d.actor_title, d.decided_at)

    return HeaderBlock(
        code=revision.document.code,
        number=revision.number,
        effective_from=revision.effective_from,
        drafted=last(DecisionKind.SUBMIT),
        reviewed=last(DecisionKind.PASS),
        approved=last(DecisionKind.APPROVE),
    )


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    old_number: int | None
    new_number: int | None
    text: str


def revision_diff(old: DocumentRevision, new: DocumentRevision, *, context: int = 3) -> list[DiffLine]:
    """Line differences between two revisions' texts, with ``context`` unchanged lines around changes."""
    a = old.text.splitlines()
    b = new.text.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("gap", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(
                    DiffLine("same", i + 1, j + 1, a[i]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            lines.extend(DiffLine("removed", i + 1, None, a[i]) for i in range(i1, i2))
            lines.extend(DiffLine("added", None, j + 1, b[j]) for j in range(j1, j2))
    return lines


# --- distribution --------------------------------------------------------------------------------


def distribution_list_for_document(user: Any, document: Document) -> list[Distribution]:
    """Recipients of the current revision with their acknowledgement (for the QMS team)."""
    if document.current_revision_id is None or not can_view_drafts(user, document):
        return []
    return list(
        Distribution.objects.filter(revision_id=document.current_revision_id)
        .select_related("user", "via_unit")
        .order_by("acknowledged_at", "user__full_name")
    )


def my_distribution_for(user: Any, document: Document) -> Distribution | None:
    if document.current_revision_id is None or not getattr(user, "is_authenticated", False):
        return None
    return Distribution.objects.filter(revision_id=document.current_revision_id, user=user).first()


def distribution_get_for_user(user: Any, pk: int) -> Distribution:
    """A copy sent to ``user`` themself (only the recipient acknowledges)."""
    try:
        return Distribution.objects.select_related("revision__document").get(pk=pk, user=user)
    except (Distribution.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def reading_list_for_user(user: Any, *, pending_only: bool = True) -> QuerySet[Distribution]:
    """Effective revisions sent to the user, unread first."""
    rows = Distribution.objects.filter(user=user, revision__status=RevisionStatus.EFFECTIVE)
    if pending_only:
        rows = rows.filter(acknowledged_at__isnull=True)
    return rows.select_related("revision__document__organisation").order_by("acknowledged_at", "-distributed_at", "pk")


def unacknowledged_for_user(user: Any, *, agency: Organisation | None = None) -> QuerySet[Document]:
    """Effective documents whose current revision still has unread copies, with the counts."""
    documents = Document.objects.filter(
        policy.scope_q(user, Perm.DOC_VIEW_DRAFTS, path_field="scope_path", agency_field="agency_id"),
        status=DocumentStatus.EFFECTIVE,
    )
    if agency is not None:
        documents = documents.filter(agency=agency)
    pending = Distribution.objects.filter(revision_id=OuterRef("current_revision_id"), acknowledged_at__isnull=True)
    return (
        documents.filter(Exists(pending))
        .annotate(
            recipients=Count("current_revision__distributions", distinct=True),
            acknowledged=Count(
                "current_revision__distributions",
                filter=Q(current_revision__distributions__acknowledged_at__isnull=False),
                distinct=True,
            ),
        )
        .select_related("organisation", "current_revision")
        .order_by("code_folded", "pk")
    )


def pending_recipients(document: Document) -> list[Distribution]:
    if document.current_revision_id is None:
        return []
    return list(
        Distribution.objects.filter(revision_id=document.current_revision_id, acknowledged_at__isnull=True)
        .select_related("user", "via_unit")
        .order_by("user__full_name")
    )


# --- change requests -----------------------------------------------------------------------------


def change_request_list_for_user(
    user: Any, *, document: Document | None = None, status: str | None = None
) -> QuerySet[ChangeRequest]:
    """Change requests the user may see: the QMS team sees all of its agency, others their own."""
    team = policy.scope_q(
        user,
        Perm.DOC_VIEW_DRAFTS,
        prefix="document__",
        path_field="document__scope_path",
        agency_field="document__agency_id",
    )
    rows = ChangeRequest.objects.filter(team | Q(raised_by=user) if getattr(user, "pk", None) else team)
    if document is not None:
        rows = rows.filter(document=document)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("document__organisation", "revision", "decided_by").order_by("-created_at", "-pk")


def change_request_get_for_user(user: Any, pk: int) -> ChangeRequest:
    try:
        return change_request_list_for_user(user).get(pk=pk)
    except (ChangeRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def open_change_request_count(document: Document) -> int:
    return document.change_requests.filter(status=ChangeRequestStatus.OPEN).count()


# --- dashboards ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentSummary:
    effective: int
    drafts: int
    in_review: int
    review_due: int
    unread_for_me: int


def document_summary_for_user(
    user: Any, *, agency: Organisation | None = None, today: dt.date | None = None
) -> DocumentSummary:
    today = today or timezone.localdate()
    documents = Document.objects.filter(_visible_q(user))
    if agency is not None:
        documents = documents.filter(agency=agency)
    counts = documents.aggregate(
        effective=Count("pk", filter=Q(status=DocumentStatus.EFFECTIVE)),
        drafts=Count("pk", filter=Q(status=DocumentStatus.DRAFT)),
        review_due=Count("pk", filter=Q(status=DocumentStatus.EFFECTIVE, next_review_on__lte=today)),
    )
    in_review = DocumentRevision.objects.filter(
        document__in=documents, status__in=[RevisionStatus.IN_REVIEW, RevisionStatus.REVIEWED]
    ).count()
    unread = (
        Distribution.objects.filter(
            user=user, acknowledged_at__isnull=True, revision__status=RevisionStatus.EFFECTIVE
        ).count()
        if getattr(user, "pk", None)
        else 0
    )
    return DocumentSummary(counts["effective"], counts["drafts"], in_review, counts["review_due"], unread)


def awaiting_my_decision(user: Any) -> QuerySet[DocumentRevision]:
    """Revisions in review assigned to the user, and reviewed ones waiting for a leader's approval."""
    approvable = policy.scope_q(
        user,
        Perm.DOC_APPROVE,
        prefix="document__",
        path_field="document__scope_path",
        agency_field="document__agency_id",
    )
    return (
        DocumentRevision.objects.filter(
            Q(status=RevisionStatus.IN_REVIEW, reviewer=user) | (Q(status=RevisionStatus.REVIEWED) & approvable)
        )
        .select_related("document__organisation")
        .order_by("submitted_at", "pk")
    )


def revisions_with_decisions(document: Document, revisions: list[DocumentRevision]) -> list[DocumentRevision]:
    """Attach decisions to revisions in one query (for the history tab)."""
    by_revision: dict[int, list[RevisionDecision]] = {r.pk: [] for r in revisions}
    for decision in RevisionDecision.objects.filter(revision__in=revisions).order_by("decided_at", "pk"):
        by_revision[decision.revision_id].append(decision)
    for revision in revisions:
        revision.decision_list = by_revision[revision.pk]  # type: ignore[attr-defined]
    return revisions


# --- choices for forms ---------------------------------------------------------------------------


def owner_choices_for_user(user: Any, *, agency: Organisation | None = None) -> list[Organisation]:
    """Agencies and internal units where the user may create documents (agency first, then units)."""
    rows = Organisation.objects.filter(policy.scope_q(user, Perm.DOC_MANAGE)).current()
    if agency is not None:
        rows = rows.filter(agency=agency)
    return list(rows.select_related("agency").order_by("path")[:500])


def units_of(agency: Organisation) -> list[Organisation]:
    return list(Organisation.objects.filter(agency=agency).exclude(pk=agency.pk).current().order_by("path"))


def people_of(agency: Organisation) -> list[Any]:
    return list(
        User.objects.filter(memberships__organisation__agency=agency, memberships__is_active=True, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


def eligible_reviewers(
    document: Document, *, revision: DocumentRevision | None = None, submitter: Any = None
) -> list[Any]:
    """People who may review a revision of ``document``: its agency's leaders and ISO secretaries,
    except the revision's drafter and the person submitting it (nobody reviews their own draft)."""
    user_ids = Membership.objects.filter(
        organisation__agency=document.agency,
        is_active=True,
        role__in=[Role.LEADER, Role.ISO_SECRETARY],
        user__is_active=True,
    ).values_list("user_id", flat=True)
    candidates = (revision.drafted_by_id if revision is not None else None, getattr(submitter, "pk", None))
    excluded: set[int] = {int(pk) for pk in candidates if pk is not None}
    return list(User.objects.filter(pk__in=user_ids).exclude(pk__in=excluded).order_by("full_name", "username"))
