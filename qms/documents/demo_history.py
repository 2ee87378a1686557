"""A coherent demo history: revisions issued in the past are dated on the working days before they
took effect (submitted, reviewed, approved), with their decisions, audit events and copies."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Distribution, Document, DocumentRevision


def _working_days_before(day: dt.date, n: int) -> dt.date:
    """``n`` working days (Monday to Friday) before ``day``."""
    while n > 0:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def backdate_revision(revision: DocumentRevision, effective: dt.date, *, today: dt.date) -> None:
    """Date a revision issued in the past as it happened: submitted 7 working days before it took
    effect, reviewed 4 and approved 2 working days before, effective (and distributed) at 07:30 on
    its day; its decisions, audit events and copies carry the same times. A revision approved
    today for a later day keeps today's times (approved before effective already holds)."""
    from django.contrib.contenttypes.models import ContentType

    from qms.core.models import AuditEvent

    from .models import DecisionKind, RevisionDecision

    if effective > today:
        return
    zone, now = timezone.get_current_timezone(), timezone.now()

    def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return min(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone), now)

    submitted = at(_working_days_before(effective, 7), 9)
    reviewed = at(_working_days_before(effective, 4), 10, 30)
    approved = at(_working_days_before(effective, 2), 15)
    in_force = at(effective, 7, 30)
    drafted = at(_working_days_before(effective, 10), 8, 30)
    moments = {DecisionKind.SUBMIT: submitted, DecisionKind.PASS: reviewed, DecisionKind.APPROVE: approved}
    for kind, moment in moments.items():
        RevisionDecision.objects.filter(revision=revision, kind=kind).update(decided_at=moment)
    DocumentRevision.objects.filter(pk=revision.pk).update(
        created_at=drafted, submitted_at=submitted, approved_at=approved, effective_at=in_force
    )
    Distribution.objects.filter(revision=revision).update(distributed_at=in_force)
    verbs = {
        "revision.submit": submitted,
        "revision.pass": reviewed,
        "revision.approve": approved,
        "revision.effective": in_force,
    }
    events = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(DocumentRevision), target_id=str(revision.pk)
    )
    for verb, moment in verbs.items():
        events.filter(verb=verb).update(created_at=moment)
    events.filter(verb__in=["revision.start", "revision.update"]).update(created_at=drafted)
    if revision.number == 1:  # the document was drafted with its first revision
        Document.objects.filter(pk=revision.document_id).update(created_at=drafted)
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(Document),
            target_id=str(revision.document_id),
            verb__in=["document.create", "document.update", "legal.cite"],
            created_at__gt=drafted,
        ).update(created_at=drafted)
