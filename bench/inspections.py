"""The yearly inspection at the bench sizes (issue: inspection plans, minutes, follow-ups and the
coordinator's consolidation).

Generation (:func:`ensure_generated`, on top of ``bench.assessments.ensure_generated``, which
gives every current agency a scored self and inspection assessment on the Đắk Nông rubric): one
approved 2026 plan per province with every agency of the province as an entry (a third on site,
linked to its inspection assessment, the province's coordinator leading), signed minutes for most
entries with 0-4 findings each against random criteria, and a follow-up for every corrective
finding in a mix of states (open, answered, accepted, not accepted; some overdue). Bulk inserts;
idempotent: kept data is reused.

Measured, each against the same-run trivial page (``GET /healthz``):

* **the consolidation page for one province** (``/kiem-tra/tong-hop/?year=2026`` as the largest
  province's coordinator): budget ≤ 300 ms and ≤ 20× the trivial page;
* **the consolidation page for the whole nation** (the same page as the installation's
  administrator ``bench.admin``): budget ≤ 300 ms and ≤ 20×;
* **the Excel export of the nation's table** (``/kiem-tra/tong-hop/excel/?year=2026``, every
  agency, openpyxl write-only): budget ≤ 5 s.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from .harness import PAGE_BUDGET, Budget, Row, _client_for, measure_page

YEAR = 2026
SEED = 2026
EXPORT_BUDGET = Budget(max_ms=5000)
SIGNED_SHARE = 0.85
BATCH = 2000
FINDING_TEXTS = [
    "Quy trình chưa cập nhật văn bản quy phạm pháp luật mới có hiệu lực quá 3 tháng.",
    "Đánh giá nội bộ chưa bao trùm trên 50% số phòng, ban.",
    "Biểu mẫu tại bộ phận một cửa chưa là bản hiện hành.",
    "Chưa có báo cáo kết quả thực hiện mục tiêu chất lượng định kỳ.",
    "Biên bản xem xét của lãnh đạo chưa đủ đầu vào theo tiêu chuẩn.",
    "Chưa phân tích nguyên nhân của sự không phù hợp lặp lại.",
]


def ensure_generated(size: str, info: dict[str, Any], setup: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Plans, entries, minutes, findings and follow-ups for ``YEAR``; returns their counts."""
    from django.db import transaction

    from qms.assessments.models import Assessment, AssessmentKind, Criterion
    from qms.core.dates import add_months
    from qms.inspections.models import (
        Finding,
        FindingSeverity,
        FollowUp,
        FollowUpStatus,
        InspectionMode,
        InspectionPlan,
        Minutes,
        PlanEntry,
        PlanStatus,
    )
    from qms.organisations.models import Organisation

    from . import assessments

    started = time.perf_counter()
    generated = assessments.ensure_generated(size, info, setup)
    if PlanEntry.objects.filter(year=YEAR).exists():
        return {
            "plans": InspectionPlan.objects.filter(year=YEAR).count(),
            "entries": PlanEntry.objects.filter(year=YEAR).count(),
            "seconds": 0,
        }
    rng = random.Random(SEED)
    provinces = {o.pk: o for o in Organisation.objects.filter(pk__in=list(info["provinces"].values()))}
    coordinators = {info["provinces"][code]: pk for code, pk in info.get("coordinators", {}).items()}
    leaves = list(Criterion.objects.filter(rubric_id=generated["rubric_id"], is_leaf=True).values_list("pk", flat=True))
    inspections = list(
        Assessment.objects.filter(rubric_id=generated["rubric_id"], year=YEAR, kind=AssessmentKind.INSPECTION)
        .exclude(agency_id__in=list(provinces))
        .order_by("agency__path")
        .values_list("pk", "agency_id", "scope_path", "total", "rating")
    )
    with transaction.atomic():
        plans = InspectionPlan.objects.bulk_create(
            [
                InspectionPlan(
                    organisation=province,
                    scope_path=province.path,
                    year=YEAR,
                    title=f"Kế hoạch kiểm tra HTQLCL năm {YEAR} — {province.name}",
                    number=str(10 + i),
                    rubric_id=generated["rubric_id"],
                    status=PlanStatus.APPROVED,
                    approved_on=dt.date(YEAR, 3, 2),
                    signer_title="Giám đốc",
                    signer_name="Nguyễn Văn Bình",
                )
                for i, province in enumerate(sorted(provinces.values(), key=lambda p: p.path))
            ]
        )
        plan_of = {p.organisation_id: p.pk for p in plans}
        entries = []
        for i, (assessment_id, agency_id, path, _total, _rating) in enumerate(inspections):
            province_id = int(path.split("/")[0], 16)
            if province_id not in plan_of:
                continue
            starts = dt.date(YEAR, 4, 1) + dt.timedelta(days=i % 180)
            entries.append(
                PlanEntry(
                    plan_id=plan_of[province_id],
                    agency_id=agency_id,
                    scope_path=path,
                    year=YEAR,
                    mode=InspectionMode.ON_SITE if i % 3 == 0 else InspectionMode.ON_FILE,
                    starts_on=starts,
                    ends_on=starts,
                    leader_id=coordinators.get(province_id),
                    inspection_assessment_id=assessment_id,
                )
            )
        PlanEntry.objects.bulk_create(entries, batch_size=BATCH)
        created = list(
            PlanEntry.objects.filter(year=YEAR).order_by("pk").values_list("pk", "agency_id", "scope_path", "starts_on")
        )
        totals = {a[1]: (a[3], a[4]) for a in inspections}
        minutes, signed = [], {}
        for pk, agency_id, _path, starts in created:
            if rng.random() >= SIGNED_SHARE:
                continue
            signed_on = starts + dt.timedelta(days=1)
            signed[pk] = signed_on
            total, rating = totals[agency_id]
            minutes.append(
                Minutes(
                    entry_id=pk,
                    number=str(pk),
                    place="Trụ sở cơ quan",
                    held_on=starts,
                    agency_rep_name="Thủ trưởng cơ quan",
                    agency_rep_title="Thủ trưởng",
                    leader_name="Trưởng đoàn",
                    signed_on=signed_on,
                    score_total=total,
                    score_rating=rating,
                )
            )
        Minutes.objects.bulk_create(minutes, batch_size=BATCH)
        findings = []
        for pk, _agency_id, path, _starts in created:
            if pk not in signed:
                continue
            for order in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
                findings.append(
                    Finding(
                        entry_id=pk,
                        scope_path=path,
                        criterion_id=rng.choice(leaves),
                        text=rng.choice(FINDING_TEXTS),
                        severity=rng.choice(
                            [
                                FindingSeverity.MAJOR,
                                FindingSeverity.MINOR,
                                FindingSeverity.MINOR,
                                FindingSeverity.RECOMMENDATION,
                            ]
                        ),
                        order=order + 1,
                    )
                )
        Finding.objects.bulk_create(findings, batch_size=BATCH)
        agency_of = {pk: agency_id for pk, agency_id, _p, _s in created}
        follow_ups = [
            FollowUp(
                finding_id=f_pk,
                agency_id=agency_of[entry_id],
                scope_path=path,
                year=YEAR,
                due_on=add_months(signed[entry_id], 2),
                status=rng.choice(
                    [
                        FollowUpStatus.OPEN,
                        FollowUpStatus.ANSWERED,
                        FollowUpStatus.ACCEPTED,
                        FollowUpStatus.ACCEPTED,
                        FollowUpStatus.NOT_ACCEPTED,
                    ]
                ),
            )
            for f_pk, entry_id, path in Finding.objects.filter(entry__year=YEAR)
            .exclude(severity=FindingSeverity.RECOMMENDATION)
            .values_list("pk", "entry_id", "scope_path")
        ]
        FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
    # Fresh statistics for the planner (PostgreSQL otherwise estimates a handful of rows per year
    # and picks nested loops over the 5,000 entries), as autovacuum would after such a load.
    from django.db import connection

    with connection.cursor() as cursor:
        for model in (InspectionPlan, PlanEntry, Minutes, Finding, FollowUp, Assessment):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    summary = {
        "plans": len(plans),
        "entries": len(entries),
        "minutes": len(minutes),
        "findings": len(findings),
        "follow_ups": len(follow_ups),
        "seconds": round(time.perf_counter() - started, 3),
    }
    if setup is not None:
        setup.append({"size": size, "step": "inspections: generate", **summary})
    return summary


def run(
    size: str, *, info: dict[str, Any], coordinator: Any, repeat: int, setup: list[dict[str, Any]], reuse: bool
) -> list[Row]:
    from django.contrib.auth import get_user_model

    ensure_generated(size, info, setup)
    code = info.get("largest_province") or ("22" if "22" in info["provinces"] else sorted(info["provinces"])[0])
    url = f"/kiem-tra/tong-hop/?year={YEAR}"
    rows = [
        measure_page(
            f"inspection consolidation, province {code} (coordinator)",
            size,
            _client_for(coordinator),
            url,
            repeat,
            budget=PAGE_BUDGET,
        )
    ]
    admin = get_user_model().objects.filter(username="bench.admin").first()
    if admin is None:
        rows.append(
            Row("inspection consolidation, whole nation", size, "GET /healthz", PAGE_BUDGET, error="no bench.admin")
        )
        return rows
    client = _client_for(admin)
    rows.append(
        measure_page(
            "inspection consolidation, whole nation (administrator)", size, client, url, repeat, budget=PAGE_BUDGET
        )
    )
    rows.append(
        measure_page(
            "inspection consolidation, Excel export of the whole table",
            size,
            client,
            f"/kiem-tra/tong-hop/excel/?year={YEAR}",
            max(2, repeat // 2),
            budget=EXPORT_BUDGET,
        )
    )
    return rows
