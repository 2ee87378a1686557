"""Helpers for page tests of every app: DB snapshots for "nothing changed", audit expectations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.http import QueryDict
from django.urls import reverse

from qms.core.models import AuditEvent

STALE_MESSAGE = "đã được người khác sửa"

WATCHED_MODELS = (
    "organisations.Organisation",
    "organisations.OrganisationLineage",
    "organisations.Membership",
    "people.User",
    "people.SteeringCommittee",
    "people.CommitteeMember",
    "people.TrainingRecord",
    "obligations.Obligation",
    "legal.LegalText",
    "legal.LegalCitation",
    "documents.Document",
    "documents.DocumentRevision",
    "documents.RevisionDecision",
    "documents.Distribution",
    "documents.ChangeRequest",
    "documents.RecordRule",
    "documents.RecordHolding",
    "procedures.CalendarDay",
    "procedures.PublishingDecision",
    "procedures.AdministrativeProcedure",
    "procedures.ProcedureChange",
    "procedures.ProcedureAssignment",
    "procedures.CoverageSummary",
    "procedures.ProcessContent",
    "procedures.ProcessStep",
    "procedures.ProcessRecord",
    "procedures.ProcessContent_procedures",  # the process ↔ TTHC links
    "procedures.ProcessStep_forms",  # the forms of each step
    "assessments.Rubric",
    "assessments.RatingBand",
    "assessments.Criterion",
    "assessments.Assessment",
    "assessments.Score",
    "assessments.Evidence",
    "inspections.InspectionPlan",
    "inspections.PlanEntry",
    "inspections.InspectionDecision",
    "inspections.Finding",
    "inspections.Minutes",
    "inspections.FollowUp",
    "inspections.FollowUpEvent",
    "publication.Publication",
    "core.StoredFile",
    "core.SearchEntry",
    "core.AuditEvent",
)


# --- helpers -------------------------------------------------------------------------------------


def db_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table these pages write to, all columns."""
    return {label: list(apps.get_model(label).objects.order_by("pk").values_list()) for label in WATCHED_MODELS}


@contextmanager
def unchanged() -> Iterator[None]:
    before = db_state()
    yield
    after = db_state()
    for label in WATCHED_MODELS:
        assert after[label] == before[label], f"{label} changed on a refused request"


@contextmanager
def audited(*verbs: str) -> Iterator[list[AuditEvent]]:
    """The block must write exactly these audit events, in this order."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    events: list[AuditEvent] = []
    yield events
    events.extend(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))
    assert [e.verb for e in events] == list(verbs)


def login_redirect(path: str) -> str:
    query = QueryDict(mutable=True)
    query["next"] = path
    return f"{reverse('login')}?{query.urlencode(safe='/')}"


def fresh(obj: Any) -> Any:
    return type(obj).objects.get(pk=obj.pk)
