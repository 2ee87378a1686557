"""Every read of the TTHC catalogue, assignments and coverage shown to a user.

The catalogue of a province is readable by everyone working in it (or above it); an agency's
scope (the TTHC under its authority) and its coverage by whoever sees the agency. The coverage
views of many agencies read ``CoverageSummary`` rows filtered by the reader's subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.audit import history_for
from qms.core.display import display_value
from qms.core.models import AuditEvent
from qms.core.text import fold
from qms.documents.models import DocumentStatus
from qms.organisations import policy
from qms.organisations.models import Organisation, OrganisationKind
from qms.organisations.policy import Perm

from .importing import field_label
from .models import (
    AdministrativeProcedure,
    CalendarDay,
    ChangeKind,
    CoverageSummary,
    ProcedureAssignment,
    ProcedureChange,
    ProcedureLevel,
    ProcedureStatus,
    ProcessContent,
    PublishingDecision,
)

# --- for other apps (processes, publication) ------------------------------------------------------


@dataclass(frozen=True)
class ScopeProcess:
    document_id: int
    code: str
    title: str
    total_working_days: Decimal


@dataclass
class ScopeRow:
    """One TTHC under an agency's authority, with the agency's effective processes covering it."""

    procedure_id: int
    code: str
    name: str
    field: str
    level: str
    time_limit_days: Decimal | None
    covered: bool
    processes: list[ScopeProcess] = dataclass_field(default_factory=list)
    over_limit: bool = False
    assignment_id: int = 0
    assigned_on: dt.date | None = None
    time_limit_text: str = ""

    @property
    def level_label(self) -> str:
        return str(dict(ProcedureLevel.choices).get(self.level, self.level))


@dataclass(frozen=True)
class Coverage:
    assigned: int
    covered: int
    over_limit: int

    @property
    def uncovered(self) -> int:
        return self.assigned - self.covered

    @property
    def percent(self) -> float | None:
        return None if self.assigned == 0 else round(100 * self.covered / self.assigned, 1)

    @property
    def complete(self) -> bool:
        return self.assigned > 0 and self.covered == self.assigned


def effective_process_links(agency_id: int) -> QuerySet[Any]:
    """Process ↔ procedure links of the agency's effective processes (current revision only)."""
    through = ProcessContent.procedures.through
    return through.objects.filter(
        processcontent__document__agency_id=agency_id,
        processcontent__document__status=DocumentStatus.EFFECTIVE,
        processcontent__document__current_revision_id=F("processcontent__revision_id"),
    )


def agency_scope(agency: Organisation, *, covered: bool | None = None) -> list[ScopeRow]:
    """The agency's active assignments (ordered by code) with their covering effective processes.
    ``covered``: only covered (True) or only uncovered (False) ones. Two queries."""
    assignments = ProcedureAssignment.objects.filter(agency_id=agency.pk, is_active=True)
    if covered is not None:
        assignments = assignments.filter(covered=covered)
    rows = [
        ScopeRow(
            procedure_id=a["procedure_id"],
            code=a["procedure__code"],
            name=a["procedure__name"],
            field=a["procedure__field"],
            level=a["procedure__level"],
            time_limit_days=a["procedure__time_limit_days"],
            time_limit_text=a["procedure__time_limit_text"],
            covered=a["covered"],
            assignment_id=a["pk"],
            assigned_on=a["assigned_on"],
        )
        for a in assignments.order_by("procedure__code").values(
            "pk",
            "procedure_id",
            "procedure__code",
            "procedure__name",
            "procedure__field",
            "procedure__level",
            "procedure__time_limit_days",
            "procedure__time_limit_text",
            "covered",
            "assigned_on",
        )
    ]
    if covered is False or not rows:
        return rows
    by_procedure = {row.procedure_id: row for row in rows}
    links = (
        effective_process_links(agency.pk)
        .filter(administrativeprocedure_id__in=list(by_procedure))
        .values_list(
            "administrativeprocedure_id",
            "processcontent__document_id",
            "processcontent__document__code",
            "processcontent__document__title",
            "processcontent__total_working_days",
        )
        .order_by("processcontent__document__code_folded")
    )
    for procedure_id, document_id, code, title, total in links:
        row = by_procedure[procedure_id]
        row.processes.append(ScopeProcess(document_id, code, title, total))
        if row.time_limit_days is not None and total > row.time_limit_days:
            row.over_limit = True
    return rows


def coverage_for_agency(agency: Organisation) -> Coverage:
    """The agency's coverage as kept in its ``CoverageSummary`` (zeros without assignments)."""
    summary = CoverageSummary.objects.filter(agency_id=agency.pk).first()
    if summary is None:
        return Coverage(0, 0, 0)
    return Coverage(summary.assigned, summary.covered, summary.over_limit)


def procedures_assignable_to_process(agency: Organisation) -> QuerySet[AdministrativeProcedure]:
    """Active TTHC assigned to the agency: the ones its processes may list."""
    return AdministrativeProcedure.objects.filter(
        status=ProcedureStatus.ACTIVE,
        assignments__agency_id=agency.pk,
        assignments__is_active=True,
    ).order_by("code")


# --- pages: the catalogue ---------------------------------------------------------------------------

LEVEL_CHOICES = ProcedureLevel.choices
LEVEL_LABELS = dict(ProcedureLevel.choices)
STATUS_CHOICES = ProcedureStatus.choices
STATUS_LABELS = dict(ProcedureStatus.choices)
CHANGE_LABELS = dict(ChangeKind.choices)


def _root_ids(user: Any) -> set[int]:
    """Ids of the tree roots (provinces, ministries) the user works in or above."""
    return {int(g.path.split("/", 1)[0], 16) for g in policy.grants(user)}


def catalogues_for_user(user: Any) -> list[Organisation]:
    """Provinces whose catalogue the user reads: the province of each of their grants (everyone
    working in a province reads its published list); every province for the administrator."""
    provinces = Organisation.objects.filter(kind=OrganisationKind.PROVINCE, parent__isnull=True)
    if not policy.is_superadmin(user):
        provinces = provinces.filter(pk__in=sorted(_root_ids(user)))
    return list(provinces.only("id", "name", "code", "path", "kind").order_by("code"))


def can_read_catalogue(user: Any, catalogue: Organisation) -> bool:
    return policy.is_superadmin(user) or catalogue.pk in _root_ids(user)


def can_manage_catalogue(user: Any, catalogue: Organisation) -> bool:
    return policy.has_perm(user, Perm.PROC_CATALOGUE, catalogue)


def catalogue_for_user(user: Any, pk: Any = None) -> Organisation:
    """The catalogue picked (``pk``) or the user's first one; 404 when none may be read."""
    catalogues = catalogues_for_user(user)
    if pk not in (None, ""):
        try:
            wanted = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        for catalogue in catalogues:
            if catalogue.pk == wanted:
                return catalogue
        raise Http404
    if not catalogues:
        raise Http404
    return catalogues[0]


def procedure_list_for_user(
    user: Any,
    catalogue: Organisation,
    *,
    q: str | None = None,
    field_name: str | None = None,
    level: str | None = None,
    status: str | None = None,
    decision_id: int | None = None,
    agency_id: int | None = None,
    assignment: str | None = None,
) -> QuerySet[AdministrativeProcedure]:
    """The catalogue, filtered. ``q``: every folded word in the code, name or field (accents and
    case ignored); ``assignment``: "none" = assigned to no agency."""
    if not can_read_catalogue(user, catalogue):
        return AdministrativeProcedure.objects.none()
    qs = AdministrativeProcedure.objects.filter(catalogue=catalogue)
    for term in fold(q or "").split():
        qs = qs.filter(search_text__contains=term)
    if field_name:
        qs = qs.filter(field=field_name)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    if decision_id:
        qs = qs.filter(Q(decision_id=decision_id) | Q(changes__decision_id=decision_id)).distinct()
    if agency_id:
        qs = qs.filter(assignments__agency_id=agency_id, assignments__is_active=True)
    active = ProcedureAssignment.objects.filter(procedure_id=OuterRef("pk"), is_active=True)
    if assignment == "none":
        qs = qs.exclude(Exists(active))
    return (
        qs.annotate(agency_count=Count("assignments", filter=Q(assignments__is_active=True)))
        .select_related("decision")
        .order_by("code")
    )


def procedure_export_rows(qs: QuerySet[AdministrativeProcedure]) -> list[dict[str, Any]]:
    """Rows for the Excel export: every column of the published list, agencies by name."""
    procedures = list(qs.order_by("code")[:50000])
    agencies: dict[int, list[str]] = {}
    ids = [p.pk for p in procedures]
    for start in range(0, len(ids), 500):
        for procedure_id, name in (
            ProcedureAssignment.objects.filter(procedure_id__in=ids[start : start + 500], is_active=True)
            .values_list("procedure_id", "agency__name")
            .order_by("agency__path")
        ):
            agencies.setdefault(procedure_id, []).append(name)
    return [
        {
            "procedure": p,
            "level": LEVEL_LABELS.get(p.level, p.level),
            "status": STATUS_LABELS.get(p.status, p.status),
            "agencies": "; ".join(agencies.get(p.pk, [])),
        }
        for p in procedures
    ]


def field_choices(catalogue: Organisation) -> list[str]:
    return [
        f
        for f in AdministrativeProcedure.objects.filter(catalogue=catalogue)
        .exclude(field="")
        .values_list("field", flat=True)
        .distinct()
        .order_by("field")
    ]


def procedure_get_for_user(user: Any, pk: Any) -> AdministrativeProcedure:
    try:
        procedure = AdministrativeProcedure.objects.select_related("catalogue", "decision", "replaced_by").get(
            pk=int(pk)
        )
    except (AdministrativeProcedure.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not can_read_catalogue(user, procedure.catalogue):
        raise Http404
    return procedure


def procedure_history(procedure: AdministrativeProcedure) -> list[ProcedureChange]:
    """The procedure's changes, newest first, each with ``kind_label`` and ``lines``: (column
    label, before, after) as shown to people."""
    changes = list(procedure.changes.select_related("decision").order_by("-recorded_at", "-pk")[:200])
    extra = {
        "status": _("Trạng thái"),
        "agencies": _("Cơ quan"),
        "replaced_by": _("Được thay thế bởi"),
        "replaces": _("Thay thế TTHC"),
        "reason": _("Lý do"),
        "time_limit_text": field_label("time_limit"),
    }
    values = {**LEVEL_LABELS, **STATUS_LABELS}
    for change in changes:
        change.kind_label = CHANGE_LABELS.get(change.kind, change.kind)  # type: ignore[attr-defined]
        lines = []
        for name, diff in (change.changes or {}).items():
            before, after = diff.get("before"), diff.get("after")
            if name in ("level", "status"):
                before, after = values.get(before, before), values.get(after, after)
            lines.append((str(extra.get(name) or field_label(name)), display_value(before), display_value(after)))
        change.lines = lines  # type: ignore[attr-defined]
    return changes


def procedures_replaced_by(procedure: AdministrativeProcedure) -> list[AdministrativeProcedure]:
    return list(AdministrativeProcedure.objects.filter(replaced_by=procedure).order_by("code"))


def assignments_of_procedure(procedure: AdministrativeProcedure) -> list[ProcedureAssignment]:
    """Active assignments first (by agency), then ended ones (most recent first)."""
    return list(
        procedure.assignments.select_related("agency", "decision").order_by("-is_active", "agency__path", "-ended_on")[
            :1000
        ]
    )


def assignable_agencies(catalogue: Organisation, procedure: AdministrativeProcedure) -> list[Organisation]:
    """Current agencies of the province not yet holding the procedure (for the assign form)."""
    taken = ProcedureAssignment.objects.filter(procedure=procedure, is_active=True).values("agency_id")
    return list(
        Organisation.objects.subtree_of(catalogue)
        .current()
        .exclude(kind=OrganisationKind.UNIT)
        .exclude(pk__in=taken)
        .only("id", "name", "depth", "path", "kind")
        .order_by("path")[:5000]
    )


def assignment_get_for_user(user: Any, pk: Any) -> ProcedureAssignment:
    """An assignment, for whoever sees its agency (404 otherwise)."""
    try:
        assignment = ProcedureAssignment.objects.select_related("agency", "procedure__catalogue").get(pk=int(pk))
    except (ProcedureAssignment.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.has_perm(user, Perm.VIEW, assignment.agency) and not can_manage_catalogue(
        user, assignment.procedure.catalogue
    ):
        raise Http404
    return assignment


# --- pages: publishing decisions -----------------------------------------------------------------


def decision_list_for_user(
    user: Any, catalogue: Organisation, *, late: bool | None = None
) -> QuerySet[PublishingDecision]:
    if not can_read_catalogue(user, catalogue):
        return PublishingDecision.objects.none()
    qs = PublishingDecision.objects.filter(catalogue=catalogue)
    if late is True:
        qs = qs.filter(recorded_on__gt=F("due_on"))
    elif late is False:
        qs = qs.filter(recorded_on__lte=F("due_on"))
    counts = ProcedureChange.objects.filter(decision_id=OuterRef("pk")).order_by().values("decision_id")
    return (
        qs.annotate(
            procedure_count=Subquery(
                counts.annotate(n=Count("procedure_id", distinct=True)).values("n")[:1], output_field=IntegerField()
            )
        )
        .select_related("recorded_by")
        .order_by("-signed_on", "-pk")
    )


def decision_choices(catalogue: Organisation) -> list[PublishingDecision]:
    return list(PublishingDecision.objects.filter(catalogue=catalogue).only("id", "number", "signed_on")[:500])


# --- pages: an agency's scope ---------------------------------------------------------------------


def agency_for_scope(user: Any, pk: Any = None, *, default: Organisation | None = None) -> Organisation:
    """The agency whose TTHC are shown: ``pk`` if the user sees it, else the active workspace's
    agency. 404 for an internal unit's id, a missing or a forbidden one."""
    if pk in (None, ""):
        if default is None:
            raise Http404
        agency = (
            default
            if default.is_agency or default.agency_id is None
            else Organisation.objects.get(pk=default.agency_id)
        )
    else:
        try:
            agency = Organisation.objects.get(pk=int(pk))
        except (Organisation.DoesNotExist, TypeError, ValueError):
            raise Http404 from None
    if not agency.is_agency or not policy.has_perm(user, Perm.VIEW, agency):
        raise Http404
    return agency


def can_view_coverage(user: Any, agency: Organisation) -> bool:
    return policy.has_perm(user, Perm.PROC_COVERAGE, agency)


def filter_scope(rows: list[ScopeRow], *, state: str = "", q: str = "") -> list[ScopeRow]:
    if state == "uncovered":
        rows = [r for r in rows if not r.covered]
    elif state == "covered":
        rows = [r for r in rows if r.covered]
    elif state == "over":
        rows = [r for r in rows if r.over_limit]
    terms = fold(q or "").split()
    if terms:
        rows = [r for r in rows if all(t in fold(f"{r.code} {r.name} {r.field}") for t in terms)]
    return rows


# --- pages: coverage of many agencies ----------------------------------------------------------------

COVERAGE_SORTS = {
    "agency": ("agency__name", "agency_id"),
    "-agency": ("-agency__name", "-agency_id"),
    "assigned": ("assigned", "agency__path"),
    "-assigned": ("-assigned", "agency__path"),
    "covered": ("covered", "agency__path"),
    "-covered": ("-covered", "agency__path"),
    "uncovered": ("uncovered_count", "agency__path"),
    "-uncovered": ("-uncovered_count", "agency__path"),
    "percent": ("ratio", "-assigned", "agency__path"),
    "-percent": ("-ratio", "-assigned", "agency__path"),
    "over": ("over_limit", "agency__path"),
    "-over": ("-over_limit", "agency__path"),
}
DEFAULT_COVERAGE_SORT = "percent"


def can_view_coverage_list(user: Any) -> bool:
    return policy.is_superadmin(user) or any(
        Perm.PROC_COVERAGE in policy.ROLE_PERMS[g.role] for g in policy.grants(user)
    )


def coverage_list_for_user(
    user: Any,
    *,
    root: Organisation | None = None,
    q: str | None = None,
    incomplete: bool = False,
    sort: str = DEFAULT_COVERAGE_SORT,
) -> QuerySet[CoverageSummary]:
    """Coverage summaries of the agencies the user holds PROC_COVERAGE over (``root``: one subtree),
    sortable by any column; the lowest coverage first by default."""
    qs = CoverageSummary.objects.filter(
        policy.scope_q(user, Perm.PROC_COVERAGE, path_field="scope_path", agency_field="agency_id")
    )
    if root is not None:
        qs = qs.filter(scope_path__startswith=root.path)
    if incomplete:
        qs = qs.filter(covered__lt=F("assigned"))
    for term in fold(q or "").split():
        qs = qs.filter(agency__search_text__contains=term)
    order = COVERAGE_SORTS.get(sort, COVERAGE_SORTS[DEFAULT_COVERAGE_SORT])
    return (
        qs.annotate(
            uncovered_count=F("assigned") - F("covered"),
            ratio=Case(
                When(assigned=0, then=Value(1.0)),
                default=ExpressionWrapper(F("covered") * 1.0 / F("assigned"), output_field=FloatField()),
                output_field=FloatField(),
            ),
        )
        .select_related("agency")
        .order_by(*order)
    )


@dataclass(frozen=True)
class CoverageTotals:
    agencies: int
    assigned: int
    covered: int
    over_limit: int
    complete_agencies: int

    @property
    def uncovered(self) -> int:
        return self.assigned - self.covered

    @property
    def percent(self) -> float | None:
        return None if self.assigned == 0 else round(100 * self.covered / self.assigned, 1)

    @property
    def incomplete_agencies(self) -> int:
        return self.agencies - self.complete_agencies


def coverage_totals(qs: QuerySet[CoverageSummary]) -> CoverageTotals:
    """Totals of a coverage list in one aggregate query."""
    totals = qs.order_by().aggregate(
        n_agencies=Count("agency_id"),
        n_assigned=Sum("assigned"),
        n_covered=Sum("covered"),
        n_over=Sum("over_limit"),
        n_complete=Count("agency_id", filter=Q(covered__gte=F("assigned"), assigned__gt=0)),
    )
    return CoverageTotals(
        agencies=int(totals["n_agencies"] or 0),
        assigned=int(totals["n_assigned"] or 0),
        covered=int(totals["n_covered"] or 0),
        over_limit=int(totals["n_over"] or 0),
        complete_agencies=int(totals["n_complete"] or 0),
    )


def coverage_roots_for_user(user: Any) -> list[Organisation]:
    """Provinces the user may narrow the coverage view to (several only for national users)."""
    provinces = Organisation.objects.filter(kind=OrganisationKind.PROVINCE, parent__isnull=True)
    if not policy.is_superadmin(user):
        paths = [g.path for g in policy.grants(user) if g.subtree and Perm.PROC_COVERAGE in policy.ROLE_PERMS[g.role]]
        provinces = provinces.filter(pk__in=sorted({int(p.split("/", 1)[0], 16) for p in paths if p.count("/") == 1}))
    return list(provinces.only("id", "name", "code", "path").order_by("code"))


def coverage_root_for_user(user: Any, pk: Any) -> Organisation | None:
    if pk in (None, ""):
        return None
    for root in coverage_roots_for_user(user):
        if str(root.pk) == str(pk):
            return root
    return None


# --- pages: the working-day calendar ------------------------------------------------------------------


def calendar_years() -> list[int]:
    years = {d.year for d in CalendarDay.objects.dates("day", "year")}
    return sorted(years | {timezone.localdate().year})


def calendar_days(year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(day__year=year).order_by("day"))


def calendar_day_get(pk: Any) -> CalendarDay:
    """The calendar is national and readable by every logged-in user."""
    try:
        return CalendarDay.objects.get(pk=int(pk))
    except (CalendarDay.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def calendar_history(day: CalendarDay) -> QuerySet[AuditEvent]:
    return history_for(day)
