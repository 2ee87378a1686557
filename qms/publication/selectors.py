"""Every read of publications shown to a user, the live scope they are compared with, and the
public register of current publications.

Inside the product a publication is read by whoever may see the agency's coverage
(``Perm.PROC_COVERAGE``: its leader and ISO secretary, coordinators and inspectors above it);
drafts included. Anonymous visitors see only the current (issued) publication of each agency,
through :func:`public_publication_list` and :func:`public_publication_get`, which never return
drafts, superseded decisions or internal fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from qms.core.text import fold
from qms.documents import selectors as document_selectors
from qms.documents.models import DocumentKind, DocumentStatus
from qms.organisations import policy
from qms.organisations import selectors as org_selectors
from qms.organisations.models import KIND_ORDER, Membership, Organisation, OrganisationKind, Role
from qms.organisations.policy import Perm
from qms.procedures import selectors as procedure_selectors
from qms.procedures.models import ProcessContent

from .models import Publication, PublicationStatus

# --- the live scope and its snapshot --------------------------------------------------------------


@dataclass(frozen=True)
class LiveScope:
    """The agency's scope now, in the form a publication freezes it."""

    procedures: list[dict[str, Any]]  # {"id", "code", "name", "field", "covered", "processes": [...]}
    gap: list[dict[str, Any]]  # the uncovered ones: {"id", "code", "name", "field"}
    assigned: int
    covered: int

    @property
    def percent(self) -> float | None:
        return None if not self.assigned else round(100 * self.covered / self.assigned, 1)

    @property
    def complete(self) -> bool:
        return self.assigned > 0 and self.covered == self.assigned


def live_scope(agency: Organisation, *, as_of: dt.date | None = None) -> LiveScope:
    """The TTHC under the agency's authority with their covering effective processes (2 queries).
    ``as_of``: leave out the TTHC assigned after that day (a decision signed earlier than it is
    recorded covers only what was assigned when it was signed)."""
    rows = procedure_selectors.agency_scope(agency)
    if as_of is not None:
        rows = [row for row in rows if row.assigned_on is None or row.assigned_on <= as_of]
    # A process without steps is no process in the standard layout: it covers nothing published.
    complete = processes_with_steps({p.document_id for row in rows for p in row.processes})
    procedures = []
    for row in rows:
        processes = [p for p in row.processes if p.document_id in complete]
        procedures.append(
            {
                "id": row.procedure_id,
                "code": row.code,
                "name": row.name,
                "field": field_label(row.field),
                "covered": bool(row.covered and processes),
                "processes": [{"id": p.document_id, "code": p.code, "title": p.title} for p in processes],
            }
        )
    gap = [
        {"id": p["id"], "code": p["code"], "name": p["name"], "field": p["field"]}
        for p in procedures
        if not p["covered"]
    ]
    return LiveScope(procedures, gap, len(procedures), len(procedures) - len(gap))


def process_activities(user: Any, agency: Organisation, scope: LiveScope) -> list[dict[str, Any]]:
    """The agency's effective processes that cover no TTHC (document control, internal audit, ...):
    the "other activities" proposed for a new draft, as the user can see them."""
    if user is None:
        return []
    covering = {p["id"] for row in scope.procedures for p in row["processes"]}
    documents = list(
        document_selectors.document_list_for_user(
            user, agency=agency, kind=DocumentKind.PROCESS, status=DocumentStatus.EFFECTIVE
        )
    )
    complete = processes_with_steps({d.pk for d in documents})
    return [
        {"name": d.title, "process": d.code, "document_id": d.pk}
        for d in documents
        if d.pk not in covering and d.pk in complete
    ]


def processes_with_steps(document_ids: Iterable[int]) -> set[int]:
    """Those of ``document_ids`` whose current revision has structured content with at least one
    step (one query): the only processes a publication lists."""
    ids = list(document_ids)
    if not ids:
        return set()
    return set(
        ProcessContent.objects.filter(
            document_id__in=ids, revision_id=F("document__current_revision_id"), steps__isnull=False
        )
        .values_list("document_id", flat=True)
        .distinct()
    )


# --- drift: what changed since the current publication ---------------------------------------------


@dataclass(frozen=True)
class Drift:
    """The difference between a publication's frozen scope and the live one."""

    added: list[dict[str, Any]] = field(default_factory=list)  # TTHC assigned since, not in the decision
    removed: list[dict[str, Any]] = field(default_factory=list)  # in the decision, no longer assigned
    uncovered: list[dict[str, Any]] = field(default_factory=list)  # published as covered, now without process
    # processes listed for a TTHC still in scope that no longer cover any TTHC of the agency
    processes_withdrawn: list[dict[str, Any]] = field(default_factory=list)
    newly_covered: list[dict[str, Any]] = field(default_factory=list)  # published in the gap, now covered

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.uncovered or self.processes_withdrawn or self.newly_covered)

    def __bool__(self) -> bool:
        return self.any

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "uncovered": len(self.uncovered),
            "processes_withdrawn": len(self.processes_withdrawn),
            "newly_covered": len(self.newly_covered),
        }

    def as_json(self) -> dict[str, Any]:
        """The stored form (``Publication.drift``): empty when nothing changed."""
        if not self.any:
            return {}
        return {
            "added": self.added,
            "removed": self.removed,
            "uncovered": self.uncovered,
            "processes_withdrawn": self.processes_withdrawn,
            "newly_covered": self.newly_covered,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Drift:
        data = data or {}
        return cls(
            added=list(data.get("added", [])),
            removed=list(data.get("removed", [])),
            uncovered=list(data.get("uncovered", [])),
            processes_withdrawn=list(data.get("processes_withdrawn", [])),
            newly_covered=list(data.get("newly_covered", [])),
        )


def _brief(item: dict[str, Any]) -> dict[str, Any]:
    return {"id": item["id"], "code": item["code"], "name": item["name"], "field": item.get("field", "")}


def scope_difference(published: Sequence[dict[str, Any]], live: Sequence[dict[str, Any]]) -> Drift:
    """Compare a frozen scope (``Publication.scope``) with a live one (:func:`live_scope`)."""
    before = {p["id"]: p for p in published}
    after = {p["id"]: p for p in live}
    added = [_brief(p) for pid, p in after.items() if pid not in before]
    removed = [_brief(p) for pid, p in before.items() if pid not in after]
    both = [pid for pid in before if pid in after]
    uncovered = [_brief(after[pid]) for pid in both if before[pid].get("covered") and not after[pid]["covered"]]
    newly_covered = [_brief(after[pid]) for pid in both if not before[pid].get("covered") and after[pid]["covered"]]
    live_processes = {proc["id"] for p in live for proc in p.get("processes", [])}
    withdrawn: dict[int, dict[str, Any]] = {}
    for p in published:
        if p["id"] not in after:  # a TTHC no longer in scope: reported as removed, not its processes
            continue
        for proc in p.get("processes", []):
            if proc["id"] not in live_processes and proc["id"] not in withdrawn:
                withdrawn[proc["id"]] = {"id": proc["id"], "code": proc["code"], "title": proc.get("title", "")}
    return Drift(
        added=sorted(added, key=lambda x: x["code"]),
        removed=sorted(removed, key=lambda x: x["code"]),
        uncovered=sorted(uncovered, key=lambda x: x["code"]),
        processes_withdrawn=sorted(withdrawn.values(), key=lambda x: x["code"]),
        newly_covered=sorted(newly_covered, key=lambda x: x["code"]),
    )


def current_publication(agency: Organisation) -> Publication | None:
    return (
        Publication.objects.filter(agency_id=agency.pk, status=PublicationStatus.ISSUED)
        .select_related("decision_file", "notice_file", "supersedes")
        .first()
    )


def draft_of(agency: Organisation) -> Publication | None:
    return Publication.objects.filter(agency_id=agency.pk, status=PublicationStatus.DRAFT).first()


def with_live_scope(publication: Publication) -> Publication:
    """A draft as it would be issued now: an unsaved copy carrying the live scope (for the page and
    the Word preview). Issued publications are returned as they are."""
    if publication.status != PublicationStatus.DRAFT:
        return publication
    copy = Publication.objects.select_related("supersedes", "agency").get(pk=publication.pk)
    scope = live_scope(copy.agency)
    copy.scope, copy.gap = scope.procedures, scope.gap
    copy.coverage_assigned, copy.coverage_covered = scope.assigned, scope.covered
    return copy


def publication_drift(agency: Organisation, *, scope: LiveScope | None = None) -> Drift | None:
    """What changed since the agency's current publication; ``None`` if it never published.
    Reads only (3 queries): the daily check (``services.publication_check``) stores the result and
    opens the re-publication obligation."""
    publication = current_publication(agency)
    if publication is None:
        return None
    scope = scope or live_scope(agency)
    return scope_difference(publication.scope, scope.procedures)


# --- the coordinating body --------------------------------------------------------------------------


def province_of(agency: Organisation) -> Organisation | None:
    """The root of the agency's tree (the province, or the ministry)."""
    ids = [int(segment, 16) for segment in agency.path.split("/") if segment]
    if not ids:
        return None
    if ids[0] == agency.pk:
        return agency
    return Organisation.objects.filter(pk=ids[0]).first()


def parent_agency(agency: Organisation) -> Organisation | None:
    if agency.parent_id is None:
        return None
    return Organisation.objects.filter(pk=agency.parent_id).first()


DOST_NAME = "khoa hoc va cong nghe"


def coordinating_body(agency: Organisation, province: Organisation | None = None) -> Organisation | None:
    """The province's Department of Science and Technology, to which the notice goes: the home
    organisation of a coordinator of the province when it is a department of it, else the
    province's current department named "Sở Khoa học và Công nghệ"."""
    province = province or province_of(agency)
    if province is None:
        return None
    homes = (
        Membership.objects.filter(
            role=Role.COORDINATOR,
            is_active=True,
            organisation__path__in=[province.path],
            user__home_organisation__path__startswith=province.path,
            user__home_organisation__kind=OrganisationKind.DEPARTMENT,
        )
        .order_by("pk")
        .values_list("user__home_organisation_id", flat=True)
    )
    home_id = next(iter(homes), None)
    if home_id is not None:
        return Organisation.objects.filter(pk=home_id).first()
    candidates = Organisation.objects.filter(
        path__startswith=province.path, kind=OrganisationKind.DEPARTMENT, search_text__contains=DOST_NAME
    ).current()
    return candidates.order_by("path").first()


def leader_membership(agency: Organisation) -> Membership | None:
    return (
        Membership.objects.filter(organisation_id=agency.pk, role=Role.LEADER, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )


def office_of(agency: Organisation) -> str:
    """The name of the agency's own office (the internal unit "Văn phòng ..." that drafts its
    decisions), or "" when it has none."""
    units = Organisation.objects.filter(agency_id=agency.pk, kind=OrganisationKind.UNIT).current()
    for name in units.order_by("path").values_list("name", flat=True):
        if fold(name).startswith("van phong"):
            return name
    return ""


# --- pages inside the product ------------------------------------------------------------------------


def _visible_q(user: Any) -> Q:
    return policy.scope_q(user, Perm.PROC_COVERAGE, path_field="scope_path", agency_field="agency_id")


def agency_get_for_user(user: Any, pk: Any) -> Organisation:
    """An agency whose publication the user may follow: 404 when invisible, 403 when the user sees
    the agency but not its QMS coverage (a member of staff)."""
    try:
        agency = Organisation.objects.select_related("parent").get(pk=int(pk))
    except (Organisation.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if agency.kind == OrganisationKind.UNIT or not policy.has_perm(user, Perm.VIEW, agency):
        raise Http404
    if not policy.has_perm(user, Perm.PROC_COVERAGE, agency):
        raise PermissionDenied
    return agency


def publication_get_for_user(user: Any, pk: Any) -> Publication:
    try:
        return (
            Publication.objects.filter(_visible_q(user))
            .select_related("agency", "decision_file", "notice_file", "supersedes", "issued_by", "prepared_by")
            .get(pk=int(pk))
        )
    except (Publication.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def publication_list_for_agency(user: Any, agency: Organisation) -> QuerySet[Publication]:
    """The agency's issued and superseded publications, newest first (drafts are shown apart)."""
    return (
        Publication.objects.filter(_visible_q(user), agency_id=agency.pk)
        .exclude(status=PublicationStatus.DRAFT)
        .order_by("-signed_on", "-pk")
    )


def can_prepare(user: Any, agency: Organisation) -> bool:
    return policy.has_perm(user, Perm.PUBLICATION_PREPARE, agency)


def can_issue(user: Any, agency: Organisation) -> bool:
    return policy.has_perm(user, Perm.PUBLICATION_ISSUE, agency)


def can_follow_agencies(user: Any) -> bool:
    """Whether the overview is the user's at all: they see some agency's coverage."""
    if policy.is_superadmin(user):
        return True
    return any(Perm.PROC_COVERAGE in policy.ROLE_PERMS[g.role] for g in policy.grants(user))


# --- the coordinator's overview --------------------------------------------------------------------

OVERVIEW_FILTERS = ("published", "unpublished", "republish", "gap")
# The agencies that publish: the shared definition of "agencies in scope", so the overview counts
# what the home page counts (qms.organisations.selectors.agencies_in_scope_for_user).
OVERVIEW_KINDS = org_selectors.AGENCY_KINDS


@dataclass
class OverviewRow:
    agency: Organisation
    publication: Publication | None
    has_draft: bool
    assigned: int
    covered: int
    needs_republication: bool
    drift_counts: dict[str, int]

    @property
    def percent(self) -> float | None:
        return None if not self.assigned else round(100 * self.covered / self.assigned, 1)


def _followed_agencies(user: Any) -> QuerySet[Organisation]:
    """Current agencies the user follows (sees the coverage of), annotated with their publication
    state: ``publication_id``, ``has_draft``, ``is_published``, ``is_drifted`` (the last check found
    a difference, or the live coverage counts moved since the decision), ``has_gap``."""
    current = Publication.objects.filter(agency_id=OuterRef("pk"), status=PublicationStatus.ISSUED)
    coverage = procedure_selectors.coverage_list_for_user(user).filter(agency_id=OuterRef(OuterRef("pk")))
    live = Publication.objects.filter(agency_id=OuterRef("pk"), status=PublicationStatus.ISSUED).annotate(
        live_assigned=Coalesce(Subquery(coverage.values("assigned")[:1]), 0),
        live_covered=Coalesce(Subquery(coverage.values("covered")[:1]), 0),
    )
    moved = live.filter(
        ~Q(drift={}) | ~Q(coverage_assigned=F("live_assigned")) | ~Q(coverage_covered=F("live_covered"))
    )
    return org_selectors.agencies_in_scope_for_user(user, Perm.PROC_COVERAGE).annotate(
        publication_id=Subquery(current.values("pk")[:1]),
        has_draft=Exists(Publication.objects.filter(agency_id=OuterRef("pk"), status=PublicationStatus.DRAFT)),
        is_published=Exists(current),
        is_drifted=Exists(moved),
        has_gap=Exists(current.exclude(gap=[])),
    )


def overview_agencies_for_user(
    user: Any, *, q: str = "", state: str = "", within: Organisation | None = None
) -> QuerySet[Organisation]:
    """The agencies of :func:`_followed_agencies`, filtered. ``state``: published / unpublished /
    republish (needs re-publication) / gap (published below 100 %)."""
    agencies = _followed_agencies(user)
    if within is not None:
        agencies = agencies.filter(path__startswith=within.path)
    for term in fold(q).split():
        agencies = agencies.filter(search_text__contains=term)
    if state == "published":
        agencies = agencies.filter(Q(is_published=True))
    elif state == "unpublished":
        agencies = agencies.filter(Q(is_published=False))
    elif state == "republish":
        agencies = agencies.filter(Q(is_drifted=True))
    elif state == "gap":
        agencies = agencies.filter(Q(has_gap=True))
    rank = Case(*(When(kind=kind, then=Value(n)) for kind, n in KIND_ORDER.items()), default=Value(99))
    return agencies.annotate(kind_rank=rank).order_by("kind_rank", "name", "pk")


def overview_counts_for_user(user: Any) -> dict[str, int]:
    """Agencies followed by the user: total, published, unpublished, needing re-publication,
    published below 100 %. One query."""
    counts = _followed_agencies(user).aggregate(
        total=Count("pk"),
        published=Count("pk", filter=Q(is_published=True)),
        republish=Count("pk", filter=Q(is_drifted=True)),
        gap=Count("pk", filter=Q(has_gap=True)),
    )
    counts["unpublished"] = counts["total"] - counts["published"]
    return counts


def overview_rows(user: Any, agencies: Iterable[Organisation]) -> list[OverviewRow]:
    """Rows of one page of :func:`overview_agencies_for_user`: the publications in one query, the
    live coverage of the agencies from their summary rows in another."""
    agencies = list(agencies)
    ids = [getattr(a, "publication_id", None) for a in agencies]
    publications = {p.pk: p for p in Publication.objects.filter(pk__in=[i for i in ids if i])}
    coverage = {
        c.agency_id: c
        for c in procedure_selectors.coverage_list_for_user(user).filter(agency_id__in=[a.pk for a in agencies])
    }
    rows = []
    for agency in agencies:
        publication = publications.get(getattr(agency, "publication_id", None) or 0)
        live = coverage.get(agency.pk)
        assigned, covered = (live.assigned, live.covered) if live is not None else (0, 0)
        stored = Drift.from_json(publication.drift) if publication is not None else Drift()
        # The daily check stores the exact difference; a change in the counts since then shows at once.
        moved = publication is not None and (
            assigned != publication.coverage_assigned or covered != publication.coverage_covered
        )
        rows.append(
            OverviewRow(
                agency=agency,
                publication=publication,
                has_draft=bool(getattr(agency, "has_draft", False)),
                assigned=assigned,
                covered=covered,
                needs_republication=stored.any or moved,
                drift_counts=stored.counts(),
            )
        )
    return rows


# --- the public register ---------------------------------------------------------------------------


def public_publication_list(*, q: str = "", province: str = "") -> QuerySet[Publication]:
    """Current publications of current agencies, for anyone (no login)."""
    publications = Publication.objects.filter(
        status=PublicationStatus.ISSUED, agency__in=Organisation.objects.current(timezone.localdate())
    )
    if province:
        publications = publications.filter(scope_path__startswith=province)
    for term in fold(q).split():
        publications = publications.filter(agency__search_text__contains=term)
    return publications.select_related("agency").order_by("scope_path").only(*PUBLIC_FIELDS, "agency__name")


PUBLIC_FIELDS = (
    "pk",
    "agency",
    "scope_path",
    "status",
    "issuer",
    "number",
    "symbol",
    "signed_on",
    "signer_title",
    "signer_name",
    "scope",
    "activities",
    "gap",
    "coverage_assigned",
    "coverage_covered",
    "website_url",
    "website_posted_on",
    "posted_on",
)


def public_publication_get(pk: Any) -> Publication:
    """One current publication for anyone; drafts and superseded decisions are 404."""
    try:
        return public_publication_list().get(pk=int(pk))
    except (Publication.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def public_provinces() -> list[Organisation]:
    """Provinces (roots) that have at least one current publication: the filter of the public list."""
    paths = {
        path.split("/")[0] + "/"
        for path in Publication.objects.filter(status=PublicationStatus.ISSUED).values_list("scope_path", flat=True)
    }
    return list(Organisation.objects.filter(path__in=paths).order_by("name"))


def field_label(name: str) -> str:
    """A field as it reads in a sentence: headings published in capitals ("CHỨNG THỰC") become
    "Chứng thực"."""
    name = " ".join((name or "").split())
    if name.isupper():
        return name[:1] + name[1:].lower()
    return name


def group_by_field(items: Iterable[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Items grouped by their TTHC field (case and accents ignored: "CHỨNG THỰC" and "Chứng thực"
    are one field), fields sorted by name with the items without one last; items keep their order."""
    groups: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for item in items:
        label = field_label(item.get("field") or "")
        groups.setdefault(fold(label), (label, []))[1].append(item)
    return sorted(groups.values(), key=lambda group: (group[0] == "", fold(group[0])))
