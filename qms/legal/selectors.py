"""Every read of the legal register shown to a user.

The register itself is readable by every logged-in user; who cites a text, and the obligations
derived from it, are shown only within the reader's own scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, OuterRef, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from qms.core.audit import history_for
from qms.core.models import AuditEvent
from qms.core.text import fold
from qms.obligations import links
from qms.organisations import policy
from qms.organisations.policy import Perm

from . import access
from .models import LegalCitation, LegalText, LegalTextKind, LegalTextStatus
from .numbers import normalise_number

STATUS_CHOICES = LegalTextStatus.choices
STATUS_LABELS = dict(LegalTextStatus.choices)
STATUS_BADGES = {
    LegalTextStatus.PENDING.value: "text-bg-info",
    LegalTextStatus.IN_FORCE.value: "text-bg-success",
    LegalTextStatus.REPLACED.value: "text-bg-secondary",
    LegalTextStatus.EXPIRED.value: "text-bg-dark",
}
KIND_CHOICES = LegalTextKind.choices


def _replaced_on(today: dt.date) -> Exists:
    through = LegalText.replaces.through
    return Exists(through.objects.filter(to_legaltext_id=OuterRef("pk"), from_legaltext__effective_on__lte=today))


def with_status(qs: QuerySet[LegalText], today: dt.date) -> QuerySet[LegalText]:
    """Annotate ``is_replaced`` and ``status_code`` (same rules as ``LegalText.status_on``) in SQL."""
    return qs.annotate(is_replaced=_replaced_on(today)).annotate(
        status_code=Case(
            When(expires_on__lte=today, then=Value(LegalTextStatus.EXPIRED.value)),
            When(is_replaced=True, then=Value(LegalTextStatus.REPLACED.value)),
            When(effective_on__gt=today, then=Value(LegalTextStatus.PENDING.value)),
            default=Value(LegalTextStatus.IN_FORCE.value),
        )
    )


def legal_text_list_for_user(
    user: Any,
    *,
    q: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    issuer: str | None = None,
    year: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[LegalText]:
    """The register, filtered: ``q`` matches every folded word against number, kind, title and
    issuer ("qd 19" finds 19/2014/QĐ-TTg); ``year`` is the signing year; ``status`` one of
    pending / in_force / replaced / expired, or ``no_date`` (no effective date yet)."""
    if not access.can_read_legal(user):
        return LegalText.objects.none()
    today = today or timezone.localdate()
    qs = with_status(LegalText.objects.all(), today)
    for term in fold(q or "").split():
        qs = qs.filter(search_text__contains=term)
    if kind:
        qs = qs.filter(kind=kind)
    if issuer:
        for term in fold(issuer).split():
            qs = qs.filter(search_text__contains=term)
    if year:
        qs = qs.annotate(signed_year=ExtractYear("signed_on")).filter(signed_year=year)
    if status == "no_date":
        qs = qs.filter(effective_on__isnull=True)
    elif status in STATUS_LABELS:
        qs = qs.filter(**{"status_code": status})  # annotated by with_status()
    return qs.order_by("-signed_on", "number")


def legal_text_get_for_user(user: Any, pk: Any, today: dt.date | None = None) -> LegalText:
    if not access.can_read_legal(user):
        raise Http404
    try:
        return with_status(
            LegalText.objects.select_related("added_by_organisation", "file"), today or timezone.localdate()
        ).get(pk=int(pk))
    except (LegalText.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def legal_text_years() -> list[int]:
    """Signing years present in the register, newest first (for the year filter)."""
    years = (
        LegalText.objects.filter(signed_on__isnull=False)
        .annotate(y=ExtractYear("signed_on"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )
    return [int(y) for y in years]


def legal_text_relations(legal_text: LegalText, today: dt.date | None = None) -> dict[str, list[LegalText]]:
    """Texts it replaces / amends and texts replacing / amending it, each with its status."""
    today = today or timezone.localdate()

    def listed(qs: QuerySet[LegalText]) -> list[LegalText]:
        return list(with_status(qs, today).order_by("-signed_on", "number"))

    return {
        "replaces": listed(legal_text.replaces.all()),
        "replaced_by": listed(legal_text.replaced_by.all()),
        "amends": listed(legal_text.amends.all()),
        "amended_by": listed(legal_text.amended_by.all()),
    }


def legal_text_history(legal_text: LegalText) -> QuerySet[AuditEvent]:
    return history_for(legal_text)


def citations_of(target: Any) -> list[LegalCitation]:
    """The legal bases one object cites (the caller checked access to the object)."""
    content_type = ContentType.objects.get_for_model(target)
    return list(
        LegalCitation.objects.filter(target_type=content_type, target_id=target.pk)
        .select_related("legal_text")
        .order_by("legal_text__number")
    )


def citing_count(legal_text: LegalText) -> int:
    """How many objects cite the text (all organisations)."""
    return LegalCitation.objects.filter(legal_text=legal_text).count()


def citations_of_legal_text_for_user(user: Any, legal_text: LegalText) -> list[LegalCitation]:
    """Citations of the text by objects of organisations the user may see, each with ``url``
    (the citing object's page when its app registered one)."""
    rows = list(
        LegalCitation.objects.filter(legal_text=legal_text)
        .filter(policy.scope_q(user, Perm.VIEW, prefix="organisation__"))
        .select_related("organisation")
        .order_by("organisation__path", "target_repr")[:500]
    )
    for citation in rows:
        citation.url = links.url_for(citation.target_type_id, citation.target_id)  # type: ignore[attr-defined]
    return rows


def texts_by_numbers(numbers: list[str]) -> tuple[list[LegalText], list[str]]:
    """Texts named by their numbers (normalised; case-insensitive) and the numbers not found. A
    number that several issuers used (local decisions: "1276/QĐ-UBND") names each of their texts."""
    wanted: dict[str, str] = {}
    for raw in numbers:
        number = normalise_number(raw)
        if number:
            wanted.setdefault(number.casefold(), number)
    found: dict[str, dict[int, LegalText]] = {}
    for text in LegalText.objects.filter(number__in=list(wanted.values())).order_by("issuer", "pk"):
        found.setdefault(text.number.casefold(), {})[text.pk] = text
    for key in set(wanted) - set(found):
        # Another case ("qđ-ttg"): SQLite compares only ASCII case-insensitively, so narrow down on
        # the folded search text and compare in Python.
        for text in LegalText.objects.filter(search_text__contains=fold(wanted[key])).order_by("issuer", "pk"):
            if text.number.casefold() == key:
                found.setdefault(key, {})[text.pk] = text
    texts = [text for k in wanted if k in found for text in found[k].values()]
    return texts, [wanted[k] for k in wanted if k not in found]


def affected_target_count(old_texts: list[LegalText], new: LegalText | None = None) -> int:
    """How many citing objects cite one of ``old_texts`` and not ``new`` already: how many update
    obligations recording ``new`` as their replacement or amendment will open."""
    ids = [t.pk for t in old_texts]
    if not ids:
        return 0
    targets = set(LegalCitation.objects.filter(legal_text__in=ids).values_list("target_type_id", "target_id"))
    if new is not None:
        targets -= set(LegalCitation.objects.filter(legal_text=new).values_list("target_type_id", "target_id"))
    return len(targets)


def texts_without_effective_date_count() -> int:
    return LegalText.objects.filter(effective_on__isnull=True).count()
