"""The TTHC catalogue and coverage at the bench sizes (issue 4).

Province size (province 22, ~130 agencies):

* **catalogue import**: a CSV of ~2,000 procedures in the published list's columns, each naming
  the agencies with authority (~1,500 provincial procedures with 1-2 departments each, ~500
  commune-level ones for every commune: ~30,000 assignments), imported by
  ``procedures.services.catalogue_import`` into an empty catalogue (emptied, untimed, before
  each sample) — procedures, changes, assignments, coverage summaries and ~30,000 "write a
  process" obligations. Budget 5 s; baseline: a raw driver ``executemany`` of the same
  procedure and assignment rows into scratch tables;
* **coverage view** of the province as its coordinator (≤ 200 ms; baseline the trivial page),
  the catalogue list and the busiest agency's TTHC page (assumed budgets), after ~85 % of the
  assignments were marked covered and the summaries rebuilt.

Nation size (34 provinces, ~5,000 agencies): one catalogue per province written with raw inserts
(~1.2 million assignments), covered flags and summaries; the coverage view of the whole nation
as the superuser (≤ 300 ms median) and of the largest province as its coordinator (≤ 200 ms).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import time
from pathlib import Path
from typing import Any

from .harness import BENCH_DIR, Budget, Row, _client_for, measure, measure_page

IMPORT_BUDGET = Budget(max_ms=5000)
PROVINCE_COVERAGE_BUDGET = Budget(max_ms=200)
NATION_COVERAGE_BUDGET = Budget(max_ms=300)
LIST_BUDGET = Budget(max_ms=300, assumed=True)
PROVINCIAL_PROCEDURES = 1500
COMMUNE_PROCEDURES = 500
NATION_ASSIGNMENTS = 1_200_000
COVERED_SHARE = 0.85
SEED = 2026
SIGNED_ON = dt.date(2026, 3, 2)
FILE = BENCH_DIR.parent / "var" / "bench" / "catalogue-22.csv"
SCRATCH_PROCEDURES = "bench_scratch_procedures"
SCRATCH_ASSIGNMENTS = "bench_scratch_assignments"
SAMPLE = Path("/work/shared/data/tthc-catalogue-sample.csv")
FALLBACK_NAMES = [
    ("Cấp giấy phép hành nghề khoan nước dưới đất", "Tài nguyên nước", "Trong thời hạn 22 ngày làm việc"),
    ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", "Trong ngày"),
    ("Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ", "Hoạt động khoa học và công nghệ", "15 ngày"),
]


def _names() -> list[tuple[str, str, str]]:
    if not SAMPLE.exists():
        return FALLBACK_NAMES
    with SAMPLE.open(encoding="utf-8") as f:
        rows = [(r["name"], r["field"] or "Khác", r["time_limit"]) for r in csv.DictReader(f) if r["name"]]
    return rows or FALLBACK_NAMES


def _agencies(province: Any) -> tuple[list[Any], list[Any]]:
    """(departments and sub-departments, communes) of the province that are current."""
    from qms.organisations.models import Organisation, OrganisationKind

    current = Organisation.objects.subtree_of(province).current().only("id", "code", "path", "kind", "name")
    departments = list(
        current.filter(kind__in=[OrganisationKind.DEPARTMENT, OrganisationKind.SUB_DEPARTMENT]).order_by("code")
    )
    communes = list(current.filter(kind=OrganisationKind.COMMUNE).order_by("code"))
    return departments, communes


def _plan(
    province: Any, rng: random.Random, commune_procedures: int = COMMUNE_PROCEDURES
) -> list[tuple[str, str, str, str, str, list[Any]]]:
    """(code, name, field, level, time limit, agencies) of a province's catalogue."""
    departments, communes = _agencies(province)
    names = _names()
    rows = []
    for i in range(PROVINCIAL_PROCEDURES):
        name, field, limit = names[i % len(names)]
        count = 2 if rng.random() < 0.2 else 1
        agencies = rng.sample(departments, min(count, len(departments))) if departments else []
        rows.append(
            (f"1.{100000 + i:06d}", f"{name} ({i + 1})", field, "Cấp tỉnh", limit or "10 ngày làm việc", agencies)
        )
    for i in range(commune_procedures):
        name, field, limit = names[(i * 7) % len(names)]
        rows.append((f"2.{200000 + i:06d}", f"{name} ({i + 1})", field, "Cấp xã", limit or "Trong ngày", communes))
    return rows


def _write_file(plan: list[tuple[str, str, str, str, str, list[Any]]], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    cell = f"Quyết định 1949/QĐ-UBND ngày {SIGNED_ON:%d/%m/%Y}"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "Mã TTHC",
                "Tên thủ tục hành chính",
                "Lĩnh vực",
                "Cấp thực hiện",
                "Thời hạn giải quyết",
                "Phí, lệ phí",
                "Căn cứ pháp lý",
                "Quyết định công bố",
                "Cơ quan thực hiện",
            ]
        )
        for code, name, field, level, limit, agencies in plan:
            writer.writerow(
                [
                    code,
                    name,
                    field,
                    level,
                    limit,
                    "Theo Nghị quyết của HĐND tỉnh",
                    "Nghị định số 61/2018/NĐ-CP",
                    cell,
                    "; ".join(a.code for a in agencies),
                ]
            )
    return sum(len(agencies) for *_rest, agencies in plan)


def _empty_catalogue(province: Any) -> None:
    from django.db import transaction

    from qms.obligations.models import Obligation, ObligationKind
    from qms.procedures.models import (
        AdministrativeProcedure,
        CoverageSummary,
        ProcedureAssignment,
        ProcedureChange,
        PublishingDecision,
    )

    with transaction.atomic():
        Obligation.objects.filter(
            kind=ObligationKind.PROCESS_FOR_PROCEDURE, organisation__path__startswith=province.path
        ).delete()
        CoverageSummary.objects.filter(scope_path__startswith=province.path).delete()
        ProcedureAssignment.objects.filter(procedure__catalogue=province).delete()
        ProcedureChange.objects.filter(procedure__catalogue=province).delete()
        AdministrativeProcedure.objects.filter(catalogue=province).delete()
        PublishingDecision.objects.filter(catalogue=province).delete()


def _mark_covered(province_paths: list[str] | None = None, share: float = COVERED_SHARE) -> None:
    """Mark ~``share`` of the active assignments covered (deterministically by id) and rebuild
    the coverage summaries in one ``INSERT … SELECT`` (no processes exist at bench sizes)."""
    from django.db import connection, transaction

    from qms.procedures.models import CoverageSummary, ProcedureAssignment

    table = ProcedureAssignment._meta.db_table
    summary = CoverageSummary._meta.db_table
    modulo = max(2, round(1 / (1 - share)))
    with transaction.atomic(), connection.cursor() as cursor:
        where = ""
        params: list[Any] = []
        if province_paths:
            where = " AND (" + " OR ".join("scope_path LIKE %s" for _ in province_paths) + ")"
            params = [p + "%" for p in province_paths]
        cursor.execute(f"UPDATE {table} SET covered = (id %% {modulo} <> 0) WHERE is_active{where}", params)
        if province_paths:
            cursor.execute(
                f"DELETE FROM {summary} WHERE " + " OR ".join("scope_path LIKE %s" for _ in province_paths), params
            )
        else:
            cursor.execute(f"DELETE FROM {summary}")
        now = "CURRENT_TIMESTAMP"
        cursor.execute(
            f"INSERT INTO {summary} (agency_id, scope_path, assigned, covered, over_limit, updated_at) "
            f"SELECT agency_id, MIN(scope_path), COUNT(*), SUM(CASE WHEN covered THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN covered AND id %% 23 = 0 THEN 1 ELSE 0 END), {now} FROM {table} "
            f"WHERE is_active{where} GROUP BY agency_id",
            params,
        )


def measure_import(size: str, province: Any, repeat: int, setup: list[dict[str, Any]]) -> Row:
    from django.db import connection, transaction

    from qms.procedures.models import AdministrativeProcedure, ProcedureAssignment
    from qms.procedures.services import catalogue_import

    started = time.perf_counter()
    rng = random.Random(SEED)
    plan = _plan(province, rng)
    assignments = _write_file(plan, FILE)
    file_seconds = time.perf_counter() - started
    row = Row(
        operation=f"catalogue import, {len(plan):,} TTHC × {assignments:,} assignments (CSV)",
        size=size,
        baseline="raw executemany of the same rows",
        budget=IMPORT_BUDGET,
    )
    procedure_columns = [f.column for f in AdministrativeProcedure._meta.concrete_fields if not f.primary_key]
    assignment_columns = [f.column for f in ProcedureAssignment._meta.concrete_fields if not f.primary_key]
    mark = "?" if connection.vendor == "sqlite" else "%s"
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None) if connection.vendor == "sqlite" else dt.datetime.now(dt.UTC)
    procedure_rows = []
    for code, name, field, level, limit, _unused in plan:
        values = {
            "created_at": now,
            "updated_at": now,
            "version": 1,
            "catalogue_id": province.pk,
            "code": code,
            "name": name,
            "field": field,
            "level": "province" if level == "Cấp tỉnh" else "commune",
            "time_limit_days": 10,
            "time_limit_text": limit,
            "fees": "Theo Nghị quyết của HĐND tỉnh",
            "legal_bases": "Nghị định số 61/2018/NĐ-CP",
            "status": "active",
            "decision_id": None,
            "replaced_by_id": None,
            "search_text": name.lower(),
        }
        procedure_rows.append(tuple(values[c] for c in procedure_columns))
    assignment_rows = []
    for index, (*_rest, agencies) in enumerate(plan):
        for agency in agencies:
            values = {
                "created_at": now,
                "updated_at": now,
                "procedure_id": index + 1,
                "agency_id": agency.pk,
                "scope_path": agency.path,
                "assigned_on": SIGNED_ON,
                "ended_on": None,
                "decision_id": None,
                "is_active": True,
                "covered": False,
                "process_cycle": 1,
            }
            assignment_rows.append(tuple(values[c] for c in assignment_columns))

    def create_scratch() -> None:
        with connection.cursor() as cursor:
            for scratch, model in (
                (SCRATCH_PROCEDURES, AdministrativeProcedure),
                (SCRATCH_ASSIGNMENTS, ProcedureAssignment),
            ):
                cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
                columns = ", ".join(f.column for f in model._meta.concrete_fields if not f.primary_key)
                cursor.execute(f"CREATE TABLE {scratch} AS SELECT {columns} FROM {model._meta.db_table} WHERE 1 = 0")

    def clear_scratch() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SCRATCH_PROCEDURES}")
            cursor.execute(f"DELETE FROM {SCRATCH_ASSIGNMENTS}")

    def raw_insert() -> None:
        with transaction.atomic():
            raw = connection.connection.cursor()
            try:
                raw.executemany(
                    f"INSERT INTO {SCRATCH_PROCEDURES} ({', '.join(procedure_columns)}) "
                    f"VALUES ({', '.join([mark] * len(procedure_columns))})",
                    procedure_rows,
                )
                raw.executemany(
                    f"INSERT INTO {SCRATCH_ASSIGNMENTS} ({', '.join(assignment_columns)}) "
                    f"VALUES ({', '.join([mark] * len(assignment_columns))})",
                    assignment_rows,
                )
            finally:
                raw.close()

    results: list[Any] = []

    def run_import() -> None:
        results.append(
            catalogue_import(actor=None, catalogue=province, path=FILE, today=SIGNED_ON + dt.timedelta(days=2))
        )

    try:
        create_scratch()
        measure(
            row,
            run_import,
            raw_insert,
            repeat,
            warmup=1,
            setup=lambda: _empty_catalogue(province),
            baseline_setup=clear_scratch,
        )
        if results:
            last = results[-1]
            row.extra = {
                "procedures": last.added,
                "assignments": last.assigned,
                "obligations": last.obligations_opened,
                "file_bytes": FILE.stat().st_size,
            }
    except Exception as exc:
        row.error = row.error or f"{type(exc).__name__}: {exc}"[:300]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH_PROCEDURES}")
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH_ASSIGNMENTS}")
    setup.append(
        {
            "size": size,
            "step": "procedures: catalogue file",
            "seconds": round(file_seconds, 3),
            "rows": len(plan),
            "assignments": assignments,
        }
    )
    return row


def _busiest_agency(province: Any) -> Any:
    from qms.organisations.models import Organisation
    from qms.procedures.models import CoverageSummary

    summary = (
        CoverageSummary.objects.filter(scope_path__startswith=province.path).order_by("-assigned", "agency_id").first()
    )
    return Organisation.objects.get(pk=summary.agency_id) if summary else None


def _agency_member(agency: Any) -> Any:
    from django.contrib.auth import get_user_model

    from qms.organisations.models import Membership, Role

    membership = (
        Membership.objects.filter(organisation=agency, role=Role.ISO_SECRETARY, is_active=True).order_by("pk").first()
    )
    return get_user_model().objects.get(pk=membership.user_id) if membership else None


def _page_rows(size: str, province: Any, coordinator: Any, repeat: int) -> list[Row]:
    client = _client_for(coordinator)
    rows = [
        measure_page(
            f"coverage view, province {province.code}, coordinator",
            size,
            client,
            "/thu-tuc-hanh-chinh/do-bao-phu/",
            repeat,
            budget=PROVINCE_COVERAGE_BUDGET,
        ),
        measure_page(
            "catalogue list, search",
            size,
            client,
            "/thu-tuc-hanh-chinh/?q=giay+phep",
            repeat,
            budget=LIST_BUDGET,
        ),
    ]
    agency = _busiest_agency(province)
    member = _agency_member(agency) if agency is not None else None
    if member is not None:
        rows.append(
            measure_page(
                f"agency TTHC page ({agency.code}), ISO secretary",
                size,
                _client_for(member),
                "/thu-tuc-hanh-chinh/co-quan/",
                repeat,
                budget=LIST_BUDGET,
            )
        )
    return rows


# --- nation -----------------------------------------------------------------------------------------


def _bulk(raw: Any, table: str, columns: list[str], rows: list[tuple[Any, ...]], mark: str) -> None:
    """``COPY`` on PostgreSQL, ``executemany`` on SQLite."""
    names = ", ".join(columns)
    if mark == "%s":
        with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join([mark] * len(columns))})", rows)


def _generate_nation(setup: list[dict[str, Any]]) -> dict[str, Any]:
    """One catalogue per province, written with raw inserts: ~1.2 million assignments."""
    from django.db import connection, transaction

    from qms.organisations.models import Organisation, OrganisationKind
    from qms.procedures.models import AdministrativeProcedure, ProcedureAssignment

    started = time.perf_counter()
    rng = random.Random(SEED)
    provinces = list(Organisation.objects.filter(kind=OrganisationKind.PROVINCE, parent__isnull=True).order_by("code"))
    communes_total = Organisation.objects.filter(kind=OrganisationKind.COMMUNE).current().count() or 1
    per_province_departments = PROVINCIAL_PROCEDURES * 1.2
    commune_procedures = max(
        50, round((NATION_ASSIGNMENTS - per_province_departments * len(provinces)) / communes_total)
    )
    procedure_columns = [f.column for f in AdministrativeProcedure._meta.concrete_fields if not f.primary_key]
    assignment_columns = [f.column for f in ProcedureAssignment._meta.concrete_fields if not f.primary_key]
    mark = "?" if connection.vendor == "sqlite" else "%s"
    now = dt.datetime.now(dt.UTC)
    if connection.vendor == "sqlite":
        now = now.replace(tzinfo=None)
    total_procedures = total_assignments = 0
    with transaction.atomic():
        raw = connection.connection.cursor()
        try:
            for province in provinces:
                plan = _plan(province, rng, commune_procedures)
                rows = [
                    tuple(
                        {
                            "created_at": now,
                            "updated_at": now,
                            "version": 1,
                            "catalogue_id": province.pk,
                            "code": code,
                            "name": name,
                            "field": field,
                            "level": "province" if level == "Cấp tỉnh" else "commune",
                            "time_limit_days": 10,
                            "time_limit_text": limit,
                            "fees": "",
                            "legal_bases": "",
                            "status": "active",
                            "decision_id": None,
                            "replaced_by_id": None,
                            "search_text": name.lower(),
                        }[c]
                        for c in procedure_columns
                    )
                    for code, name, field, level, limit, _a in plan
                ]
                _bulk(raw, AdministrativeProcedure._meta.db_table, procedure_columns, rows, mark)
                ids = dict(AdministrativeProcedure.objects.filter(catalogue=province).values_list("code", "pk"))
                assignment_rows = [
                    tuple(
                        {
                            "created_at": now,
                            "updated_at": now,
                            "procedure_id": ids[code],
                            "agency_id": agency.pk,
                            "scope_path": agency.path,
                            "assigned_on": SIGNED_ON,
                            "ended_on": None,
                            "decision_id": None,
                            "is_active": True,
                            "covered": False,
                            "process_cycle": 1,
                        }[c]
                        for c in assignment_columns
                    )
                    for code, _n, _f, _l, _t, agencies in plan
                    for agency in agencies
                ]
                _bulk(raw, ProcedureAssignment._meta.db_table, assignment_columns, assignment_rows, mark)
                total_procedures += len(rows)
                total_assignments += len(assignment_rows)
        finally:
            raw.close()
    _mark_covered()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ProcedureAssignment._meta.db_table}")
            cursor.execute("ANALYZE procedures_coveragesummary")
    seconds = round(time.perf_counter() - started, 3)
    summary = {
        "size": "nation",
        "step": "procedures: catalogues",
        "procedures": total_procedures,
        "assignments": total_assignments,
        "seconds": seconds,
    }
    setup.append(summary)
    return summary


def run(
    size: str, *, info: dict[str, Any], coordinator: Any, repeat: int, setup: list[dict[str, Any]], reuse: bool
) -> list[Row]:
    from django.contrib.auth import get_user_model

    from qms.organisations.models import Organisation
    from qms.procedures.models import ProcedureAssignment

    if size == "province":
        province = Organisation.objects.get(pk=info["provinces"]["22"])
        rows = [measure_import(size, province, repeat, setup)]
        _mark_covered([province.path])
        rows.extend(_page_rows(size, province, coordinator, repeat))
        return rows
    if not (reuse and ProcedureAssignment.objects.exists()):
        _generate_nation(setup)
    code = info.get("largest_province") or sorted(info["provinces"])[0]
    province = Organisation.objects.get(pk=info["provinces"][code])
    rows = []
    admin = get_user_model().objects.filter(username="bench.admin").first()
    if admin is not None:
        rows.append(
            measure_page(
                "coverage view, whole nation, superuser",
                size,
                _client_for(admin),
                "/thu-tuc-hanh-chinh/do-bao-phu/",
                repeat,
                budget=NATION_COVERAGE_BUDGET,
            )
        )
    rows.extend(_page_rows(size, province, coordinator, repeat))
    return rows
