"""Coverage: which TTHC assigned to an agency are covered by one of its effective processes.

An active assignment is *covered* when some process content whose revision is the current
revision of an **effective** process document of the same agency lists the procedure. The flag is
denormalised on ``ProcedureAssignment.covered`` and summed per agency in ``CoverageSummary`` so
that coverage for a province or the nation is one indexed scan.

``over_limit`` counts the covered assignments for which **any** covering effective process takes
longer (``ProcessContent.total_working_days``) than the procedure's statutory time limit: one
process too slow is enough to break the promise made to the citizen, even if another process of
the agency would be fast enough, so the warning is raised rather than hidden.

Obligations (DESIGN C14): an assignment without a process opens one "write or extend a process"
obligation (``PROCESS_FOR_PROCEDURE``) on its agency, due **3 months** after the assignment —
the same 3-month rule the agency has for updating processes after a legal change. An assignment
whose process is withdrawn opens a new one, due 3 months after that day. When the assignment
becomes covered, its open obligation is closed by the system. ``process_cycle`` numbers these
episodes, so recomputing never opens a second obligation for the same episode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.dates import add_months
from qms.documents.models import DocumentStatus
from qms.obligations import services as obligation_services
from qms.obligations.models import ObligationKind
from qms.obligations.services import ObligationSpec
from qms.organisations.models import Organisation

from .models import CoverageSummary, ProcedureAssignment, ProcessContent, PublishingDecision

OBLIGATION_MONTHS = 3
KEY_PREFIX = "procedures.process"


def obligation_key(assignment_id: int, cycle: int) -> str:
    return f"{KEY_PREFIX}:{assignment_id}:{cycle}"


def _chunk_size() -> int:
    return 500 if connection.vendor == "sqlite" else 5000


def _chunks(ids: list[int], size: int | None = None) -> Iterable[list[int]]:
    size = size or _chunk_size()
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def covering_links(agency_ids: Iterable[int]) -> QuerySet[Any]:
    """Rows of the process ↔ procedure link whose process is the current revision of an
    effective document of one of ``agency_ids``."""
    through = ProcessContent.procedures.through
    return through.objects.filter(
        processcontent__document__agency_id__in=list(agency_ids),
        processcontent__document__status=DocumentStatus.EFFECTIVE,
        processcontent__document__current_revision_id=F("processcontent__revision_id"),
    )


def covered_pairs(agency_ids: Iterable[int]) -> dict[tuple[int, int], bool]:
    """``{(procedure, agency): over}`` for every procedure an effective process of one of the
    agencies lists; ``over`` when one of those processes (any) takes longer than the procedure's
    time limit. One query: processes are few next to assignments."""
    pairs: dict[tuple[int, int], bool] = {}
    rows = covering_links(agency_ids).values_list(
        "administrativeprocedure_id",
        "processcontent__document__agency_id",
        "processcontent__total_working_days",
        "administrativeprocedure__time_limit_days",
    )
    for procedure_id, agency_id, total, limit in rows:
        over = limit is not None and total is not None and total > limit
        key = (procedure_id, agency_id)
        pairs[key] = pairs.get(key, False) or over
    return pairs


@dataclass
class RecomputeResult:
    covered: int = 0  # assignments that became covered
    uncovered: int = 0  # assignments that lost their process
    obligations_opened: int = 0
    obligations_closed: int = 0


@transaction.atomic
def coverage_recompute(*, agency_ids: Iterable[int], today: dt.date | None = None) -> RecomputeResult:
    """Recompute ``covered`` of the active assignments of ``agency_ids``, their agencies'
    ``CoverageSummary`` and the "write a process" obligations. Set-based: a handful of queries
    per 500 agencies whatever the number of assignments (plus one close per assignment that
    became covered)."""
    today = today or timezone.localdate()
    ids = sorted({int(pk) for pk in agency_ids})
    result = RecomputeResult()
    if not ids:
        return result
    became_covered: dict[int, int] = {}  # assignment → its process_cycle
    became_uncovered: list[int] = []
    owed: list[tuple[int, int]] = []  # (assignment, new cycle)
    totals: dict[int, list[int]] = {}
    for chunk in _chunks(ids):
        pairs = covered_pairs(chunk)
        rows = ProcedureAssignment.objects.filter(agency_id__in=chunk, is_active=True).values_list(
            "pk", "agency_id", "procedure_id", "covered", "process_cycle"
        )
        for pk, agency_id, procedure_id, covered, cycle in rows:
            total = totals.setdefault(agency_id, [0, 0, 0])
            total[0] += 1
            over = pairs.get((procedure_id, agency_id))
            if over is not None:
                total[1] += 1
                if over:
                    total[2] += 1
                if not covered:
                    became_covered[pk] = cycle
            elif covered:
                became_uncovered.append(pk)
                owed.append((pk, cycle + 1))
            elif cycle == 0:
                owed.append((pk, 1))
    for chunk in _chunks(list(became_covered)):
        ProcedureAssignment.objects.filter(pk__in=chunk).update(covered=True)
    for chunk in _chunks(became_uncovered):
        ProcedureAssignment.objects.filter(pk__in=chunk).update(covered=False, process_cycle=F("process_cycle") + 1)
    first = [pk for pk, cycle in owed if cycle == 1]
    for chunk in _chunks(first):
        ProcedureAssignment.objects.filter(pk__in=chunk, process_cycle=0).update(process_cycle=1)
    result.covered, result.uncovered = len(became_covered), len(became_uncovered)
    paths: dict[int, str] = {}
    for chunk in _chunks(ids):
        paths.update(Organisation.objects.filter(pk__in=chunk).values_list("pk", "path"))
    _write_summaries(ids, totals, paths)
    result.obligations_opened = open_obligations(_owed_details(owed, set(became_uncovered), today), paths, today)
    # Only assignments whose current episode has an obligation need closing (one lookup in bulk).
    keys = {obligation_key(pk, cycle): pk for pk, cycle in became_covered.items() if cycle}
    present = obligation_services.existing_keys(list(keys)) if keys else set()
    result.obligations_closed = close_obligations(
        sorted(keys[key] for key in present), note=_("Đã có quy trình có hiệu lực áp dụng cho TTHC này.")
    )
    return result


@dataclass(frozen=True)
class Owed:
    """An assignment left without a process: its new episode's obligation."""

    assignment_id: int
    agency_id: int
    cycle: int
    start: dt.date  # the assignment day, or today when its process was withdrawn
    again: bool
    code: str
    name: str
    decision_id: int | None
    decision_number: str | None


def _owed_details(owed: list[tuple[int, int]], again: set[int], today: dt.date) -> list[Owed]:
    cycles = dict(owed)
    result: list[Owed] = []
    for chunk in _chunks(list(cycles)):
        rows = ProcedureAssignment.objects.filter(pk__in=chunk).values_list(
            "pk", "agency_id", "assigned_on", "procedure__code", "procedure__name", "decision_id", "decision__number"
        )
        for pk, agency_id, assigned_on, code, name, decision_id, number in rows:
            result.append(
                Owed(
                    pk,
                    agency_id,
                    cycles[pk],
                    today if pk in again else assigned_on,
                    pk in again,
                    code,
                    name,
                    decision_id,
                    number,
                )
            )
    return result


def _write_summaries(agency_ids: list[int], totals: dict[int, list[int]], paths: dict[int, str]) -> None:
    now = timezone.now()
    rows = [
        CoverageSummary(
            agency_id=agency_id,
            scope_path=paths[agency_id],
            assigned=assigned,
            covered=covered,
            over_limit=over,
            updated_at=now,
        )
        for agency_id, (assigned, covered, over) in totals.items()
        if agency_id in paths
    ]
    if rows:
        CoverageSummary.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["agency"],
            update_fields=["scope_path", "assigned", "covered", "over_limit", "updated_at"],
        )
    empty = [pk for pk in agency_ids if pk not in totals]
    for chunk in _chunks(empty):
        CoverageSummary.objects.filter(agency_id__in=chunk).delete()


def open_obligations(owed: Iterable[Owed], paths: dict[int, str], today: dt.date) -> int:
    """Open the obligation of each episode (its ``process_cycle`` already numbered), in bulk."""
    owed = list(owed)
    if not owed:
        return 0
    assignment_type = ContentType.objects.get_for_model(ProcedureAssignment).pk
    decision_type = ContentType.objects.get_for_model(PublishingDecision).pk
    # Translated once: thousands of obligations may open at once.
    title_new = _("Xây dựng hoặc mở rộng quy trình cho TTHC %(code)s %(name)s")
    title_again = _("Xây dựng lại quy trình cho TTHC %(code)s %(name)s (quy trình đã bị thu hồi)")
    source_label = _("Quyết định công bố %(number)s")
    detail = _(
        "TTHC được giao cho cơ quan nhưng chưa có quy trình có hiệu lực áp dụng. Hạn: 03 tháng "
        "kể từ ngày giao (hoặc kể từ ngày quy trình bị thu hồi)."
    )
    specs = [
        ObligationSpec(
            organisation_id=o.agency_id,
            kind=ObligationKind.PROCESS_FOR_PROCEDURE,
            key=obligation_key(o.assignment_id, o.cycle),
            title=(title_again if o.again else title_new) % {"code": o.code, "name": o.name},
            due_on=add_months(o.start, OBLIGATION_MONTHS),
            subject_type_id=assignment_type,
            subject_id=o.assignment_id,
            subject_repr=f"TTHC {o.code} — {o.name}",
            source_type_id=decision_type if o.decision_id else None,
            source_id=o.decision_id,
            source_repr=(source_label % {"number": o.decision_number}) if o.decision_id else "",
            opened_on=min(o.start, today),
            detail=detail,
            scope_path=paths.get(o.agency_id, ""),
        )
        for o in owed
    ]
    return obligation_services.obligations_open_many(actor=None, specs=specs, today=today)


def close_obligations(assignment_ids: Iterable[int], *, note: str) -> int:
    """Close the open "write a process" obligations of these assignments (as the system)."""
    closed = 0
    for pk in assignment_ids:
        closed += obligation_services.obligations_close_for_subject(
            actor=None,
            subject=ProcedureAssignment(pk=pk),
            kind=ObligationKind.PROCESS_FOR_PROCEDURE,
            note=note,
        )
    return closed
