"""The coordinator's consolidation of a year's inspections (November report, C12/C15).

For a province (or the whole nation for the installation's administrator): agencies planned and
inspected (n/N, on site), the score and rating distribution, the table of agencies with their
self and inspection scores, the most frequent shortcomings grouped by criterion and the overdue
follow-ups; then the drill-down to one agency and to one criterion.

Built for nation size (~5,000 agencies): every figure is an aggregate computed by the database
(a handful of grouped queries whatever the number of agencies) and the table is filtered, sorted
and paged in SQL; only the Word report and the Excel export read every row. The agency's own
score is its self-assessment on the plan's rubric, reached through the agency's assessments
(a filtered join, no query per agency).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.assessments.models import AssessmentKind, AssessmentStatus
from qms.core.models import AuditEvent
from qms.core.text import fold
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from . import access
from .models import (
    CORRECTIVE_SEVERITIES,
    PENDING_STATUSES,
    Finding,
    FollowUp,
    FollowUpStatus,
    InspectionMode,
    InspectionPlan,
    PlanEntry,
    PlanStatus,
)
from .rules import INSPECTED_KINDS, OnSiteCheck
from .selectors import decorate_follow_ups

SORTS = {
    "agency": ("agency__search_text", "pk"),
    "province": ("plan__organisation__name", "agency__search_text"),
    "self": ("self_total", "agency__search_text"),
    "inspection": ("inspection_score", "agency__search_text"),
    "delta": ("delta", "agency__search_text"),
    "findings": ("findings_count", "agency__search_text"),
}
DEFAULT_SORT = "-inspection"
STATES = ("inspected", "pending", "overdue")
UNRATED = "—"
MODE_CHOICES = InspectionMode.choices
SCORE_BUCKETS = ((0, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 101))
POINTS = DecimalField(max_digits=9, decimal_places=2)
ROW_FIELDS = (
    "pk",
    "plan_id",
    "agency_id",
    "agency__name",
    "agency__code",
    "agency__search_text",
    "plan__organisation_id",
    "plan__organisation__name",
    "mode",
    "plan__rubric__max_points",
    "self_total",
    "self_rating",
    "self_status",
    "inspection_score",
    "inspection_assessment__rating",
    "inspection_assessment__status",
    "minutes__signed_on",
)


# The rule, stated in the November report's footnote and on the consolidation page.
INSPECTED_RULE = gettext_lazy(
    "Một cơ quan được tính là đã kiểm tra khi biên bản kiểm tra (Mẫu 21 BBKT) đã được ký; cuộc kiểm tra "
    "đã chấm điểm nhưng chưa ký biên bản được tính là chưa kiểm tra xong."
)


def _inspected_q() -> Q:
    """Inspected: the inspection minutes are signed (the team's assessment is locked by then)."""
    return Q(minutes__signed_on__isnull=False)


def _overdue_q(today: dt.date) -> Q:
    return Q(status__in=PENDING_STATUSES, due_on__lt=today)


@dataclass
class AgencyRow:
    entry_id: int
    plan_id: int
    agency_id: int
    name: str
    code: str
    sort_name: str
    province_id: int | None
    province: str
    mode: str
    max_points: Decimal
    self_total: Decimal | None
    self_rating: str
    self_status: str  # "none" / "draft" / "submitted"
    inspection_total: Decimal | None  # only once inspected
    inspection_rating: str
    inspection_status: str
    minutes_signed_on: dt.date | None
    findings: int = 0
    overdue: int = 0

    @property
    def inspected(self) -> bool:
        """Its minutes are signed (``INSPECTED_RULE``)."""
        return self.minutes_signed_on is not None

    @property
    def on_site(self) -> bool:
        return self.mode == InspectionMode.ON_SITE

    @property
    def delta(self) -> Decimal | None:
        if self.self_total is None or self.inspection_total is None:
            return None
        return self.inspection_total - self.self_total

    @property
    def mode_label(self) -> str:
        return str(dict(InspectionMode.choices)[self.mode])

    @property
    def province_sort(self) -> str:
        return fold(self.province)


@dataclass
class ProvinceRow:
    province_id: int
    name: str
    planned: int = 0
    inspected: int = 0
    on_site: int = 0
    overdue: int = 0
    average: Decimal | None = None

    @property
    def percent(self) -> float:
        return round(100 * self.inspected / self.planned, 1) if self.planned else 0.0


@dataclass
class Shortcoming:
    criterion_id: int | None
    key: str
    text: str
    findings: int
    agencies: int
    examples: list[str] = field(default_factory=list)


FIGURES = (
    "totals",
    "histogram",
    "agencies_in_scope",
    "rating_distribution",
    "provinces",
    "followup_counts",
    "overdue_total",
    "overdue_followups",
    "shortcomings",
)
CACHE_SECONDS = 600


def _cache_key(kind: str, root: Organisation | None, year: int, today: dt.date, *extra: Any) -> str:
    """A key that changes with any change recorded in the scope: every write through the services
    is audited with the path of the organisation it concerns (scores, plans, findings, minutes,
    follow-ups, organisations), so the latest audit event of the subtree (id and time) says
    whether anything moved; the latest change made in the admin site too."""
    events = AuditEvent.objects.all()
    if root is not None:
        events = events.filter(scope_path__startswith=root.path)
    last = events.order_by("-pk").values_list("pk", "created_at").first()
    admin = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    stamp = f"{last[0]}.{last[1].timestamp()}" if last else "0"
    parts = [kind, root.pk if root is not None else "nation", year, today.isoformat(), stamp, admin or 0, *extra]
    return "inspections:consolidation:" + ":".join(fold(str(p)).replace(" ", "_") for p in parts)


def _q2(value: Any) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.01")) if value is not None else None


@dataclass
class Consolidation:
    year: int
    root: Organisation | None  # None: the whole installation (nation)
    today: dt.date
    entries: QuerySet[PlanEntry]  # annotated, unordered: the table's source
    base: QuerySet[PlanEntry]  # the same entries, without the joins the table needs
    follow_ups: QuerySet[FollowUp]
    findings: QuerySet[Finding]

    # --- the figures: each one aggregate query, computed once (or read from the cache) ------------

    def _get(self, name: str) -> Any:
        memo = self.__dict__.setdefault("_memo", {})
        if name not in memo:
            memo[name] = getattr(self, f"_compute_{name}")()
        return memo[name]

    def load_cached(self) -> Consolidation:
        """Every figure from the cache, or computed now and cached. The key holds the latest
        change recorded anywhere (every write through the services is audited), so any change
        gives fresh figures; ``today`` is in it too (overdue follow-ups)."""
        key = _cache_key("figures", self.root, self.year, self.today)
        memo = cache.get(key)
        if memo is None:
            memo = {name: self._get(name) for name in FIGURES}
            cache.set(key, memo, CACHE_SECONDS)
        self.__dict__["_memo"] = dict(memo)
        return self

    def _compute_totals(self) -> dict[str, Any]:
        """Every count and average, and the score bands of both kinds: one pass over the entries."""
        inspected = _inspected_q()
        own = Q(self_total__isnull=False)
        maximum = F("plan__rubric__max_points")
        bands: dict[str, Any] = {}
        for i, (lo, hi) in enumerate(SCORE_BUCKETS):
            for key, extra in (("i", inspected), ("s", own)):
                band = Q(**{f"{key}_pct__gte": lo}) & (Q(**{f"{key}_pct__lt": hi}) if hi <= 100 else Q())
                bands[f"band_{key}{i}"] = Count("pk", filter=band & extra)
        return (
            _with_self(self.base, self.year)
            .annotate(
                i_pct=ExpressionWrapper(F("inspection_assessment__total") * Value(100) / maximum, output_field=POINTS),
                s_pct=ExpressionWrapper(F("self_total") * Value(100) / maximum, output_field=POINTS),
            )
            .aggregate(
                planned=Count("pk"),
                on_site=Count("pk", filter=Q(mode=InspectionMode.ON_SITE)),
                inspected=Count("pk", filter=inspected),
                on_site_inspected=Count("pk", filter=inspected & Q(mode=InspectionMode.ON_SITE)),
                average_inspection=Avg("inspection_assessment__total", filter=inspected),
                average_self=Avg("self_total", filter=inspected & own),
                average_delta=Avg(F("inspection_assessment__total") - F("self_total"), filter=inspected & own),
                **bands,
            )
        )

    @property
    def planned(self) -> int:
        return int(self._get("totals")["planned"])

    @property
    def inspected(self) -> int:
        return int(self._get("totals")["inspected"])

    @property
    def on_site_planned(self) -> int:
        return int(self._get("totals")["on_site"])

    @property
    def on_site_inspected(self) -> int:
        return int(self._get("totals")["on_site_inspected"])

    @property
    def inspected_rule(self) -> str:
        return str(INSPECTED_RULE)

    @property
    def inspected_percent(self) -> float:
        return round(100 * self.inspected / self.planned, 1) if self.planned else 0.0

    @property
    def on_site_check(self) -> OnSiteCheck:
        return OnSiteCheck(total=self.planned, on_site=self.on_site_planned)

    @property
    def average_inspection(self) -> Decimal | None:
        return _q2(self._get("totals")["average_inspection"])

    @property
    def average_self(self) -> Decimal | None:
        return _q2(self._get("totals")["average_self"])

    @property
    def average_delta(self) -> Decimal | None:
        return _q2(self._get("totals")["average_delta"])

    @property
    def agencies_in_scope(self) -> int:
        return int(self._get("agencies_in_scope"))

    def _compute_agencies_in_scope(self) -> int:
        rows = Organisation.objects.current().filter(kind__in=INSPECTED_KINDS)
        if self.root is not None:
            rows = rows.filter(path__startswith=self.root.path).exclude(pk=self.root.pk)
        return rows.count()

    @property
    def rating_distribution(self) -> list[tuple[str, int, float]]:
        return list(self._get("rating_distribution"))

    def _compute_rating_distribution(self) -> list[tuple[str, int, float]]:
        """(rating, agencies, %) over the inspected agencies, best rating first."""
        grouped = list(
            self.base.filter(_inspected_q())
            .values("inspection_assessment__rating")
            .annotate(n=Count("pk"), best=Max("inspection_assessment__total"))
            .order_by()
        )
        total = sum(g["n"] for g in grouped)
        merged: dict[str, list[Any]] = {}
        for g in grouped:
            label = g["inspection_assessment__rating"] or UNRATED
            item = merged.setdefault(label, [0, Decimal(-1)])
            item[0] += g["n"]
            if label != UNRATED and g["best"] is not None:
                item[1] = max(item[1], g["best"])
        ordered = sorted(merged, key=lambda label: merged[label][1], reverse=True)
        return [
            (label, merged[label][0], round(100 * merged[label][0] / total, 1) if total else 0.0) for label in ordered
        ]

    def score_histogram(self) -> dict[str, Any]:
        return dict(self._get("histogram"))

    def _compute_histogram(self) -> dict[str, Any]:
        labels = [f"{lo}–{hi}" if lo else f"< {hi}" for lo, hi in SCORE_BUCKETS]
        labels[-1] = f"≥ {SCORE_BUCKETS[-1][0]}"
        totals = self._get("totals")
        return {
            "labels": labels,
            "inspection": [totals[f"band_i{i}"] for i in range(len(SCORE_BUCKETS))],
            "self": [totals[f"band_s{i}"] for i in range(len(SCORE_BUCKETS))],
        }

    def provinces(self) -> list[ProvinceRow]:
        return list(self._get("provinces"))

    def _compute_provinces(self) -> list[ProvinceRow]:
        """One row per planning province (for the nation view), by name. Two grouped queries."""
        inspected = _inspected_q()
        grouped = (
            self.base.values("plan__organisation_id", "plan__organisation__name")
            .annotate(
                planned=Count("pk"),
                inspected=Count("pk", filter=inspected),
                on_site=Count("pk", filter=Q(mode=InspectionMode.ON_SITE)),
                average=Avg("inspection_assessment__total", filter=inspected),
            )
            .order_by()
        )
        overdue = dict(
            self.follow_ups.filter(_overdue_q(self.today))
            .values("finding__entry__plan__organisation_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("finding__entry__plan__organisation_id", "n")
        )
        rows = [
            ProvinceRow(
                province_id=g["plan__organisation_id"],
                name=g["plan__organisation__name"],
                planned=g["planned"],
                inspected=g["inspected"],
                on_site=g["on_site"],
                overdue=overdue.get(g["plan__organisation_id"], 0),
                average=_q2(g["average"]),
            )
            for g in grouped
        ]
        return sorted(rows, key=lambda p: fold(p.name))

    @property
    def followup_counts(self) -> dict[str, int]:
        return dict(self._get("followup_counts"))

    def _compute_followup_counts(self) -> dict[str, int]:
        counts = dict(self.follow_ups.values("status").annotate(n=Count("pk")).order_by().values_list("status", "n"))
        return {status: counts.get(status, 0) for status in FollowUpStatus.values}

    @property
    def overdue_total(self) -> int:
        return int(self._get("overdue_total"))

    def _compute_overdue_total(self) -> int:
        return self.follow_ups.filter(_overdue_q(self.today)).count()

    @property
    def overdue_followups(self) -> list[Any]:
        return list(self._get("overdue_followups"))

    def _compute_overdue_followups(self) -> list[Any]:
        rows = (
            self.follow_ups.filter(_overdue_q(self.today))
            .select_related("agency", "finding", "finding__criterion")
            .order_by("due_on", "pk")[:20]
        )
        return decorate_follow_ups(rows, self.today)

    @property
    def shortcomings(self) -> list[Shortcoming]:
        return list(self._get("shortcomings"))

    def _compute_shortcomings(self) -> list[Shortcoming]:
        return _shortcomings(self.findings)

    # --- every row (the Word report, the Excel export) ---------------------------------------------

    @cached_property
    def rows(self) -> list[AgencyRow]:
        return rows_of(self, self.entries.order_by("plan__organisation__name", "agency__search_text", "pk"))

    @property
    def not_inspected(self) -> list[AgencyRow]:
        return sorted((r for r in self.rows if not r.inspected), key=lambda r: r.sort_name)


# --- scope ---------------------------------------------------------------------------------------


def consolidation_scopes(user: Any) -> list[Organisation]:
    """The organisations ``user`` consolidates: those of their INSPECTION_PLAN subtree grants; the
    installation's administrator gets every top-level organisation (and the nation, ``None``)."""
    if policy.is_superadmin(user):
        return list(Organisation.objects.filter(parent__isnull=True).current().order_by("name"))
    ids = [
        g.organisation_id
        for g in policy.grants(user)
        if g.subtree and Perm.INSPECTION_PLAN in policy.ROLE_PERMS[g.role]
    ]
    return list(Organisation.objects.filter(pk__in=ids).order_by("path"))


def default_issuer(root: Organisation | None, year: int) -> dict[str, Any]:
    """Who issues the report, from the year's latest approved plan of ``root`` (its inspecting
    unit and signer), else the usual wording."""
    if root is None:
        return {
            "issuer": _("Bộ Khoa học và Công nghệ"),
            "issuer_parent": "",
            "symbol": "BC-BKHCN",
            "signer_title": _("Bộ trưởng"),
        }
    plan = (
        InspectionPlan.objects.filter(organisation=root, status=PlanStatus.APPROVED)
        .order_by(Case(When(year=year, then=0), default=1), "-year", "-pk")
        .first()
    )
    return {
        "issuer": plan.inspecting_unit if plan is not None else _("Sở Khoa học và Công nghệ"),
        "issuer_parent": root.name,
        "symbol": "BC-SKHCN",
        "signer_authority": plan.signer_authority if plan is not None else "",
        "signer_title": (plan.signer_title if plan is not None else "") or _("Giám đốc"),
        "signer_name": plan.signer_name if plan is not None else "",
        "date": timezone.localdate(),
    }


def can_consolidate(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and access.holds_anywhere(user, Perm.INSPECTION_PLAN)


def consolidation_root_for_user(user: Any, root: Any = None) -> Organisation | None:
    """The organisation to consolidate: ``root`` if the user plans over it, else the user's first
    scope; ``None`` (the nation) only for the installation's administrator. 404 otherwise."""
    if root not in (None, ""):
        try:
            organisation = Organisation.objects.get(pk=int(root))
        except (Organisation.DoesNotExist, TypeError, ValueError):
            raise Http404 from None
        if not policy.has_perm(user, Perm.INSPECTION_PLAN, organisation):
            raise Http404
        return organisation
    if policy.is_superadmin(user):
        return None
    scopes = consolidation_scopes(user)
    if not scopes:
        raise Http404
    return scopes[0]


# --- the consolidation ---------------------------------------------------------------------------


def _base(root: Organisation | None, year: int) -> QuerySet[PlanEntry]:
    """The year's entries of approved plans under ``root``."""
    rows = PlanEntry.objects.filter(year=year, plan__status=PlanStatus.APPROVED)
    if root is not None:
        rows = rows.filter(scope_path__startswith=root.path)
    return rows


def _with_self(rows: QuerySet[PlanEntry], year: int) -> QuerySet[PlanEntry]:
    """``self_total``, ``self_rating``, ``self_status``: the agency's self-assessment on the plan's
    rubric (one row per entry: an agency has one assessment per kind, year and rubric)."""
    return rows.annotate(
        own=FilteredRelation(
            "agency__assessments",
            condition=Q(
                agency__assessments__year=year,
                agency__assessments__kind=AssessmentKind.SELF,
                agency__assessments__rubric_id=F("plan__rubric_id"),
            ),
        ),
        self_total=F("own__total"),
        self_rating=F("own__rating"),
        self_status=F("own__status"),
    )


def _entries(root: Organisation | None, year: int) -> QuerySet[PlanEntry]:
    """The table's source: the entries with the self-assessment and the inspection score once
    inspected, and their difference."""
    return (
        _with_self(_base(root, year), year)
        .annotate(
            inspection_score=Case(
                When(_inspected_q(), then=F("inspection_assessment__total")), default=None, output_field=POINTS
            ),
        )
        .annotate(delta=ExpressionWrapper(F("inspection_score") - F("self_total"), output_field=POINTS))
    )


def consolidation_get(root: Organisation | None, year: int, *, today: dt.date | None = None) -> Consolidation:
    """Consolidate ``year`` under ``root`` (the caller resolved it with
    :func:`consolidation_root_for_user`). Lazy: each figure is one query when first read."""
    today = today or timezone.localdate()
    findings = Finding.objects.filter(entry__year=year, entry__plan__status=PlanStatus.APPROVED)
    follow_ups = FollowUp.objects.filter(year=year)
    if root is not None:
        findings = findings.filter(scope_path__startswith=root.path)
        follow_ups = follow_ups.filter(scope_path__startswith=root.path)
    return Consolidation(
        year=year,
        root=root,
        today=today,
        entries=_entries(root, year),
        base=_base(root, year),
        follow_ups=follow_ups,
        findings=findings,
    )


def table(
    c: Consolidation, *, q: str = "", mode: str = "", state: str = "", rating: str = "", sort: str = DEFAULT_SORT
) -> tuple[QuerySet[PlanEntry], str]:
    """The agencies' table: filtered and ordered in SQL (agencies without a score last whichever
    the direction); unknown sort keys fall back to the default."""
    rows = c.entries
    for term in fold(q).split():
        rows = rows.filter(Q(agency__search_text__contains=term) | Q(agency__code__fcontains=term))
    if mode in InspectionMode.values:
        rows = rows.filter(mode=mode)
    if state == "inspected":
        rows = rows.filter(_inspected_q())
    elif state == "pending":
        rows = rows.exclude(_inspected_q())
    elif state == "overdue":
        late = FollowUp.objects.filter(_overdue_q(c.today), agency_id=OuterRef("agency_id"), year=c.year)
        rows = rows.filter(Exists(late))
    if rating:
        rows = rows.filter(_inspected_q())
        rows = (
            rows.filter(inspection_assessment__rating="")
            if rating == UNRATED
            else rows.filter(inspection_assessment__rating=rating)
        )
    key = sort.lstrip("-")
    if key not in SORTS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT.lstrip("-")
    if key == "findings":
        rows = rows.annotate(
            findings_count=Count("findings", filter=Q(findings__severity__in=CORRECTIVE_SEVERITIES), distinct=True)
        )
    first, *rest = SORTS[key]
    descending = sort.startswith("-")
    ordering: list[Any] = [F(first).desc(nulls_last=True) if descending else F(first).asc(nulls_last=True), *rest, "pk"]
    return rows.order_by(*ordering), sort


def table_ids(
    c: Consolidation, *, q: str = "", mode: str = "", state: str = "", rating: str = "", sort: str = DEFAULT_SORT
) -> tuple[list[int], str]:
    """The entry ids of :func:`table` in order, cached like the figures (a page then reads only
    its own rows)."""
    key = _cache_key("table", c.root, c.year, c.today, q, mode, state, rating, sort)
    cached = cache.get(key)
    if cached is None:
        rows, sort = table(c, q=q, mode=mode, state=state, rating=rating, sort=sort)
        cached = (list(rows.values_list("pk", flat=True)), sort)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def rows_by_ids(c: Consolidation, ids: list[int]) -> list[AgencyRow]:
    """The rows of ``ids`` (one page of :func:`table_ids`) in that order."""
    by_pk = {r.entry_id: r for r in rows_of(c, c.entries.filter(pk__in=ids))}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def rows_of(c: Consolidation, entries: QuerySet[PlanEntry] | Iterable[tuple[Any, ...]]) -> list[AgencyRow]:
    """Rows of the table for ``entries`` (a queryset of :func:`table`, or the ``ROW_FIELDS``
    tuples of one page of it) with their shortcoming and overdue counts."""
    raw: list[tuple[Any, ...]]
    if isinstance(entries, QuerySet) and not entries.query.values_select:
        raw = list(entries.values_list(*ROW_FIELDS))
    else:
        raw = [tuple(r) for r in entries]  # type: ignore[arg-type]  # ROW_FIELDS tuples
    entry_ids = [r[0] for r in raw]
    agency_ids = [r[2] for r in raw]
    findings: dict[int, int] = {}
    overdue: dict[int, int] = {}
    for start in range(0, len(entry_ids), 900):
        ids = entry_ids[start : start + 900]
        findings.update(
            Finding.objects.filter(entry_id__in=ids, severity__in=CORRECTIVE_SEVERITIES)
            .values("entry_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("entry_id", "n")
        )
        overdue.update(
            FollowUp.objects.filter(_overdue_q(c.today), agency_id__in=agency_ids[start : start + 900], year=c.year)
            .values("agency_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("agency_id", "n")
        )
    result = []
    for (
        pk,
        plan_id,
        agency_id,
        name,
        code,
        search_text,
        province_id,
        province,
        mode,
        max_points,
        self_total,
        self_rating,
        self_status,
        inspection_score,
        rating,
        status,
        signed_on,
    ) in raw:
        result.append(
            AgencyRow(
                entry_id=pk,
                plan_id=plan_id,
                agency_id=agency_id,
                name=name,
                code=code,
                sort_name=search_text or fold(name),
                province_id=province_id,
                province=province,
                mode=mode,
                max_points=max_points or Decimal(0),
                self_total=self_total,
                self_rating=self_rating or "",
                self_status=("submitted" if self_status == AssessmentStatus.SUBMITTED else "draft")
                if self_status
                else "none",
                inspection_total=inspection_score,
                inspection_rating=rating or "",
                inspection_status=status or "",
                minutes_signed_on=signed_on,
                findings=findings.get(pk, 0),
                overdue=overdue.get(agency_id, 0),
            )
        )
    return result


def _shortcomings(findings: Any, limit: int = 10) -> list[Shortcoming]:
    """The criteria with the most agencies having a shortcoming against them."""
    grouped = list(
        findings.filter(severity__in=CORRECTIVE_SEVERITIES)
        .values("criterion_id", "criterion__key", "criterion__text")
        .annotate(n=Count("pk"), agencies=Count("entry__agency_id", distinct=True))
        .order_by("-agencies", "-n", "criterion__key")[:limit]
    )
    result = [
        Shortcoming(
            criterion_id=g["criterion_id"],
            key=g["criterion__key"] or "",
            text=g["criterion__text"] or _("(không gắn với tiêu chí cụ thể)"),
            findings=g["n"],
            agencies=g["agencies"],
        )
        for g in grouped
    ]
    # Up to three example texts per criterion, in one query.
    ids = [s.criterion_id for s in result if s.criterion_id is not None]
    if ids:
        examples: dict[int, list[str]] = defaultdict(list)
        for criterion_id, text in (
            findings.filter(criterion_id__in=ids, severity__in=CORRECTIVE_SEVERITIES)
            .order_by("-pk")
            .values_list("criterion_id", "text")[:300]
        ):
            if len(examples[criterion_id]) < 3 and text not in examples[criterion_id]:
                examples[criterion_id].append(text)
        for s in result:
            if s.criterion_id is not None:
                s.examples = examples.get(s.criterion_id, [])
    return result
