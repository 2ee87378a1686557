"""Assessments at the bench sizes (issue: rubrics, self-assessment and inspection scoring).

Generation (part of the harness, :func:`ensure_generated`, also called by ``bench.inspections``):
the shipped rubrics are loaded and every current agency (~130 in the province, ~5,000 in the
nation) gets a 2026 self-assessment and an inspection assessment on the Đắk Nông rubric
(``daknong-2020``, 87 scored criteria) with every leaf scored — ~870,000 scores at nation size.
Assessments go in with ``bulk_create`` carrying the totals the service would compute (the same
``scoring.compute``); scores with a raw driver ``executemany``. Idempotent: kept data is reused.

Measured:

* **recompute all totals of one assessment** (``scoring.recompute``: criteria, scores and bands
  read, one UPDATE, inside a transaction): budget ≤ 20 ms. Baseline: one primary-key read of the
  same assessment's stored total — the cheapest database round trip, so the ratio says how many
  such round trips the recomputation costs;
* **import one filled sheet** (``services_import.scoresheet_import`` of a real-layout .xlsx with
  part headings, group subtotals and a total row, into an existing draft; two sheets alternate so
  every sample rewrites all 87 scores, recomputes and audits): budget ≤ 200 ms. Baseline: openpyxl
  loading the same file and reading every row (the parsing floor any import pays);
* (assumed budgets) the consolidation read ``selectors.assessments_summary`` for the largest
  province and, at nation size, for the whole nation (baseline: counting the same rows), and the
  scoring page of one assessment as the coordinator (page budget).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from decimal import Decimal
from typing import Any

from .harness import PAGE_BUDGET, Budget, Row, _client_for, measure, measure_page

YEAR = 2026
RUBRIC = "daknong-2020"
SEED = 2026
RECOMPUTE_BUDGET = Budget(max_ms=20)
IMPORT_BUDGET = Budget(max_ms=200)
SUMMARY_PROVINCE_BUDGET = Budget(max_ms=50, assumed=True)
SUMMARY_NATION_BUDGET = Budget(max_ms=500, assumed=True)
BATCH = 5000


def _agencies() -> list[tuple[int, str]]:
    from django.db.models import Q
    from django.utils import timezone

    from qms.organisations.models import Organisation, OrganisationKind

    today = timezone.localdate()
    rows = (
        Organisation.objects.exclude(kind__in=[OrganisationKind.UNIT, OrganisationKind.MINISTRY])
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("pk")
        .values_list("pk", "path")
    )
    return list(rows)


def _leaf_values(leaves: list[Any], rng: random.Random, target: float) -> list[Decimal]:
    """Every leaf at its maximum minus steps drawn so the total lands near ``target`` %."""
    values = []
    for c in leaves:
        steps = int(c.max_points * 2)
        kept = sum(1 for _ in range(steps) if rng.random() < target)
        values.append(Decimal(kept) / 2)
    return values


def ensure_generated(size: str, info: dict[str, Any], setup: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Self and inspection assessments with every leaf scored for every current agency.

    Returns ``{"rubric_id", "agencies", "assessments", "scores", "seconds"}``."""
    from django.db import connection, transaction

    from qms.assessments import scoring
    from qms.assessments.models import Assessment, AssessmentKind, AssessmentStatus, Criterion, Rubric
    from qms.assessments.services_rubrics import rubrics_load_shipped

    started = time.perf_counter()
    rubrics_load_shipped(actor=None)
    rubric = Rubric.objects.get(code=RUBRIC, version=1)
    agencies = _agencies()
    existing = Assessment.objects.filter(rubric=rubric, year=YEAR).count()
    if existing >= 2 * len(agencies):
        return {
            "rubric_id": rubric.pk,
            "agencies": len(agencies),
            "assessments": existing,
            "scores": None,
            "seconds": 0,
        }
    Assessment.objects.filter(rubric=rubric, year=YEAR).delete()
    nodes = scoring.nodes_of(rubric.pk)
    leaves = list(Criterion.objects.filter(rubric=rubric, is_leaf=True).order_by("order"))
    rng = random.Random(SEED)
    now = dt.datetime.now(dt.UTC)
    plans: list[tuple[Assessment, list[Decimal]]] = []
    for agency_id, path in agencies:
        self_target = rng.uniform(0.6, 0.97)
        for kind, target in ((AssessmentKind.SELF, self_target), (AssessmentKind.INSPECTION, self_target - 0.05)):
            values = _leaf_values(leaves, rng, target)
            totals = scoring.compute(nodes, {c.pk: v for c, v in zip(leaves, values, strict=True)})
            plans.append(
                (
                    Assessment(
                        rubric=rubric,
                        agency_id=agency_id,
                        scope_path=path,
                        year=YEAR,
                        kind=kind,
                        status=AssessmentStatus.SUBMITTED,
                        submitted_at=now,
                        total=totals.total,
                        scored_count=totals.scored_count,
                        leaf_count=totals.leaf_count,
                        subtotals={n.key: str(totals.subtotals[n.id]) for n in nodes if not n.is_leaf},
                    ),
                    values,
                )
            )
    mark = "?" if connection.vendor == "sqlite" else "%s"
    stamp = now.replace(tzinfo=None) if connection.vendor == "sqlite" else now
    scores = 0
    with transaction.atomic():
        for start in range(0, len(plans), BATCH):
            chunk = plans[start : start + BATCH]
            Assessment.objects.bulk_create([a for a, _v in chunk], batch_size=1000)
        ids = dict(
            ((agency_id, kind), pk)
            for agency_id, kind, pk in Assessment.objects.filter(rubric=rubric, year=YEAR).values_list(
                "agency_id", "kind", "pk"
            )
        )
        raw = connection.connection.cursor()
        try:
            sql = (
                "INSERT INTO assessments_score (assessment_id, criterion_id, value, verdict, note, updated_at) "
                f"VALUES ({mark}, {mark}, {mark}, '', '', {mark})"
            )
            batch: list[tuple[Any, ...]] = []
            for assessment, values in plans:
                pk = ids[(assessment.agency_id, assessment.kind)]
                for c, v in zip(leaves, values, strict=True):
                    batch.append((pk, c.pk, str(v) if connection.vendor == "sqlite" else v, stamp))
                if len(batch) >= 50_000:
                    raw.executemany(sql, batch)
                    scores += len(batch)
                    batch = []
            if batch:
                raw.executemany(sql, batch)
                scores += len(batch)
        finally:
            raw.close()
    seconds = round(time.perf_counter() - started, 3)
    summary = {
        "rubric_id": rubric.pk,
        "agencies": len(agencies),
        "assessments": len(plans),
        "scores": scores,
        "seconds": seconds,
    }
    if setup is not None:
        setup.append({"size": size, "step": "assessments: generate", **summary})
    return summary


# --- the filled sheets ----------------------------------------------------------------------------


def _sheet(rubric: Any, shift: int) -> bytes:
    """A filled annex for ``rubric`` (title lines, header, column numbers, parts, groups with their
    subtotals, every criterion, a total row, signatures): every leaf at its maximum less ``shift``
    steps, so sheets 0 and 1 differ in every score."""
    from openpyxl import Workbook

    from qms.assessments import scoring
    from qms.assessments.models import Criterion

    criteria = list(Criterion.objects.filter(rubric=rubric).order_by("order"))
    nodes = [scoring.Node(c.pk, c.parent_id, c.key, c.code, c.max_points, c.order, c.is_leaf) for c in criteria]
    values: dict[int, Decimal | None] = {}
    for c in criteria:
        if c.is_leaf:
            values[c.pk] = c.max_points - rubric.score_step * shift
    totals = scoring.compute(nodes, values)
    wb = Workbook()
    ws = wb.active
    ws.append(["PHỤ LỤC"])
    ws.append(["BẢNG TỰ CHẤM ĐIỂM ĐÁNH GIÁ VIỆC XÂY DỰNG, ÁP DỤNG, DUY TRÌ VÀ CẢI TIẾN HTQLCL"])
    ws.append([])
    ws.append(["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm tự chấm", "Ghi chú"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for c in criteria:
        code = f"PHẦN {c.code}" if c.depth == 0 else c.code
        score = values[c.pk] if c.is_leaf else totals.subtotals[c.pk]
        ws.append([code, c.text, float(c.max_points), float(score), "Có minh chứng" if c.is_leaf and shift else ""])
    ws.append(["", "Tổng cộng", 100, float(totals.total), ""])
    ws.append([])
    ws.append(["", "THỦ TRƯỞNG CƠ QUAN", "", "NGƯỜI LẬP BIỂU"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- measurements ---------------------------------------------------------------------------------


def _recompute_row(size: str, assessment: Any, repeat: int) -> Row:
    from django.db import transaction

    from qms.assessments import scoring
    from qms.assessments.models import Assessment

    row = Row("recompute all totals of one assessment", size, "primary-key read of its stored total", RECOMPUTE_BUDGET)

    def op() -> None:
        with transaction.atomic():
            scoring.recompute(assessment)

    def baseline() -> None:
        Assessment.objects.filter(pk=assessment.pk).values_list("total", flat=True).get()

    return measure(row, op, baseline, repeat)


def _import_row(size: str, assessment: Any, repeat: int) -> Row:
    from openpyxl import load_workbook

    from qms.assessments.services_import import scoresheet_import

    sheets = [_sheet(assessment.rubric, 0), _sheet(assessment.rubric, 1)]
    turn = {"n": 0}
    results: list[Any] = []
    row = Row(
        "import one filled sheet (.xlsx, 87 scores)", size, "openpyxl load + read of the same file", IMPORT_BUDGET
    )

    def op() -> None:
        data = sheets[turn["n"] % 2]
        turn["n"] += 1
        report = scoresheet_import(
            actor=None,
            rubric=assessment.rubric,
            kind=assessment.kind,
            data=data,
            filename="bang-diem.xlsx",
            agency=assessment.agency,
            year=assessment.year,
        )
        if report.errors or not report.written:
            raise RuntimeError(f"import did not write: {[str(e) for e in report.errors][:3]}")
        results.append(report)

    def baseline() -> None:
        wb = load_workbook(io.BytesIO(sheets[turn["n"] % 2]), read_only=True, data_only=True)
        try:
            for _r in wb.worksheets[0].iter_rows(values_only=True):
                pass
        finally:
            wb.close()

    measure(row, op, baseline, repeat)
    if results:
        row.extra = {"changed": results[-1].changed, "file_bytes": len(sheets[0])}
    return row


def _summary_row(size: str, label: str, scope_path: str, budget: Budget, repeat: int) -> Row:
    from qms.assessments import selectors
    from qms.assessments.models import Assessment

    row = Row(label, size, "count of the same assessments", budget)
    seen: dict[str, int] = {}

    def op() -> None:
        seen["n"] = len(selectors.assessments_summary(YEAR, scope_path=scope_path or None))

    def baseline() -> None:
        rows = Assessment.objects.filter(year=YEAR)
        if scope_path:
            rows = rows.filter(scope_path__startswith=scope_path)
        rows.count()

    measure(row, op, baseline, repeat)
    row.extra = {"agencies": seen.get("n")}
    return row


def run(
    size: str, *, info: dict[str, Any], coordinator: Any, repeat: int, setup: list[dict[str, Any]], reuse: bool
) -> list[Row]:
    from django.db import transaction

    from qms.assessments.models import Assessment, AssessmentKind, AssessmentStatus
    from qms.organisations.models import Organisation

    generated = ensure_generated(size, info, setup)
    code = info.get("largest_province") or ("22" if "22" in info["provinces"] else sorted(info["provinces"])[0])
    province = Organisation.objects.get(pk=info["provinces"][code])
    target = (
        Assessment.objects.filter(
            rubric_id=generated["rubric_id"], year=YEAR, kind=AssessmentKind.SELF, scope_path__startswith=province.path
        )
        .exclude(agency_id=province.pk)
        .select_related("rubric", "agency")
        .order_by("pk")
        .first()
    )
    if target is None:
        return [Row("assessments", size, "—", RECOMPUTE_BUDGET, error="no generated assessment")]
    # The sheet is imported into a draft: reopen the target (as a coordinator would), untimed.
    with transaction.atomic():
        Assessment.objects.filter(pk=target.pk).update(status=AssessmentStatus.REOPENED, reopen_reason="bench")
    target.refresh_from_db()
    rows = [_recompute_row(size, target, repeat), _import_row(size, target, repeat)]
    rows.append(
        _summary_row(
            size,
            f"consolidation read (assessments_summary), province {code}",
            province.path,
            SUMMARY_PROVINCE_BUDGET,
            repeat,
        )
    )
    if size == "nation":
        rows.append(
            _summary_row(
                size, "consolidation read (assessments_summary), whole nation", "", SUMMARY_NATION_BUDGET, repeat
            )
        )
    client = _client_for(coordinator)
    rows.append(
        measure_page(
            "assessment scoring page (coordinator)", size, client, f"/danh-gia/{target.pk}/", repeat, budget=PAGE_BUDGET
        )
    )
    rows.append(
        measure_page(
            "assessment list, year 2026 (coordinator)",
            size,
            client,
            f"/danh-gia/?year={YEAR}&kind=self",
            repeat,
            budget=PAGE_BUDGET,
        )
    )
    return rows
