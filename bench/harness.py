"""The benchmark harness: fresh database, reference data, timed operations against same-run baselines.

Every operation is run ``repeat`` times interleaved with its baseline (so drift on the machine
hits both alike); the table reports medians, the p95 and the ratio of the medians. Budgets are
absolute (milliseconds) and/or relative (ratio to the baseline); a row is OVER if either is exceeded.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import platform
import random
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, unquote_plus

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DB_PATH = ROOT / "var" / "bench" / "bench.sqlite3"
RESULTS_PATH = BENCH_DIR / "results" / "latest.json"
SEED = 2026
SEARCH_TERM = "Văn phòng"
SIZES = ("province", "nation")
# What a run measures (``--only``): the organisation pages and permission checks, document control
# and search, then one module per later issue exposing
# ``run(size, *, info, coordinator, repeat, setup, reuse) -> list[Row]``.
SECTION_MODULES = {
    "procedures": "bench.procedures",
    "processes": "bench.processes",
    "assessments": "bench.assessments",
    "inspections": "bench.inspections",
}
SECTIONS = ("organisations", "documents", *SECTION_MODULES)
_selected: set[str] = set(SECTIONS)


@dataclass(frozen=True)
class Budget:
    max_ms: float | None = None
    max_ratio: float | None = None
    assumed: bool = False  # not stated in an issue: the harness's own proposal

    def describe(self) -> str:
        parts = []
        if self.max_ms is not None:
            parts.append(f"≤ {self.max_ms / 1000:g} s" if self.max_ms >= 1000 else f"≤ {self.max_ms:g} ms")
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}×")
        text = ", ".join(parts) or "—"
        return f"{text} (assumed)" if self.assumed else text


IMPORT_BUDGET = Budget(max_ms=10_000)
PAGE_BUDGET = Budget(max_ms=300, max_ratio=20)
# Not given by the issue: a permission check sits on every request, so it should cost about as
# much as a primary-key lookup (grants loaded once), and counting a province-wide scope must stay
# well inside a page budget.
PERM_CHECK_BUDGET = Budget(max_ms=5, max_ratio=5, assumed=True)
SCOPE_COUNT_BUDGET = Budget(max_ms=50, assumed=True)


@dataclass
class Row:
    operation: str
    size: str
    baseline: str
    budget: Budget
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)  # this process's CPU time (not a DB server's)
    baseline_cpu_samples: list[float] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def p95(self) -> float | None:
        return percentile(self.samples, 95) if self.samples else None

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline_samples) if self.baseline_samples else None

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.baseline_median:
            return None
        return self.median / self.baseline_median

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_samples) if self.cpu_samples else None

    @property
    def baseline_cpu_median(self) -> float | None:
        return statistics.median(self.baseline_cpu_samples) if self.baseline_cpu_samples else None

    @property
    def verdict(self) -> str:
        if self.error or self.median is None:
            return "ERROR"
        if self.budget.max_ms is not None and self.median > self.budget.max_ms:
            return "OVER"
        if self.budget.max_ratio is not None and (self.ratio is None or self.ratio > self.budget.max_ratio):
            return "OVER"
        return "OK"

    def as_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "size": self.size,
            "median_ms": _round(self.median),
            "p95_ms": _round(self.p95),
            "baseline": self.baseline,
            "baseline_median_ms": _round(self.baseline_median),
            "baseline_p95_ms": _round(percentile(self.baseline_samples, 95) if self.baseline_samples else None),
            "ratio": _round(self.ratio, 2),
            "cpu_median_ms": _round(self.cpu_median),
            "baseline_cpu_median_ms": _round(self.baseline_cpu_median),
            "budget": self.budget.describe(),
            "budget_max_ms": self.budget.max_ms,
            "budget_max_ratio": self.budget.max_ratio,
            "budget_assumed": self.budget.assumed,
            "verdict": self.verdict,
            "error": self.error,
            "samples_ms": [_round(s) for s in self.samples],
            "baseline_samples_ms": [_round(s) for s in self.baseline_samples],
            **({"extra": self.extra} if self.extra else {}),
        }


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def timed(fn: Callable[[], Any], cpu: list[float] | None = None) -> float:
    """Wall-clock milliseconds of ``fn()``; its process CPU milliseconds are appended to ``cpu``."""
    start_cpu = time.process_time_ns()
    start = time.perf_counter_ns()
    fn()
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if cpu is not None:
        cpu.append((time.process_time_ns() - start_cpu) / 1e6)
    return elapsed


def measure(
    row: Row,
    op: Callable[[], Any],
    baseline: Callable[[], Any],
    repeat: int,
    warmup: int = 2,
    *,
    setup: Callable[[], Any] | None = None,
    baseline_setup: Callable[[], Any] | None = None,
) -> Row:
    """Fill ``row`` with ``repeat`` interleaved samples of ``baseline`` and ``op``. ``setup`` and
    ``baseline_setup`` run (untimed) before each call of ``op`` and ``baseline``."""

    def prepared(fn: Callable[[], Any], prepare: Callable[[], Any] | None) -> Callable[[], Any]:
        if prepare is not None:
            prepare()
        return fn

    try:
        for _ in range(warmup):
            prepared(baseline, baseline_setup)()
            prepared(op, setup)()
        for _ in range(repeat):
            row.baseline_samples.append(timed(prepared(baseline, baseline_setup), row.baseline_cpu_samples))
            row.samples.append(timed(prepared(op, setup), row.cpu_samples))
    except Exception as exc:  # a page that is not there yet, a 500: report it, keep going
        row.error = f"{type(exc).__name__}: {exc}"[:300]
    return row


# --- Environment and database ------------------------------------------------------------


def configure_environment() -> None:
    """Settings for a bench run; call before ``django.setup()``.

    Production settings with ``QMS_DEBUG=1`` and, unless ``DATABASE_URL`` is set, a throwaway
    SQLite file under ``var/bench/`` (any ``QMS_SQLITE_PATH`` from outside is ignored: that file
    is deleted on every run).
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["QMS_DEBUG"] = "1"
    if not os.environ.get("DATABASE_URL"):
        DB_PATH.parent.mkdir(parents=True, exist_ok=True)
        os.environ["QMS_SQLITE_PATH"] = str(DB_PATH)


_migrated_template: Path | None = None


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def fresh_database(*, use_template: bool = False) -> float:
    """Recreate the configured database, migrated and empty; returns the seconds it took.

    SQLite: the file is deleted and migrated (with ``use_template``, the first migrated file is kept
    next to it and copied for later fresh databases of the same run). Other backends: migrate, then
    flush every table (sequences restart).
    """
    global _migrated_template
    from django.core.management import call_command
    from django.db import connection, connections

    start = time.perf_counter()
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        connections.close_all()
        for file in _sqlite_files(path):
            file.unlink(missing_ok=True)
        if use_template and _migrated_template is not None and _migrated_template.exists():
            shutil.copyfile(_migrated_template, path)
        else:
            call_command("migrate", verbosity=0, interactive=False)
            if use_template:
                connections.close_all()  # checkpoints the WAL into the main file
                _migrated_template = path.with_name(path.stem + "-migrated" + path.suffix)
                shutil.copyfile(path, _migrated_template)
    else:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("flush", verbosity=0, interactive=False)
    return time.perf_counter() - start


def _drop_template() -> None:
    global _migrated_template
    if _migrated_template is not None:
        _migrated_template.unlink(missing_ok=True)
        _migrated_template = None


# --- Operations ---------------------------------------------------------------------------


class PageError(AssertionError):
    pass


def _client_for(user: Any) -> Any:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")  # an allowed host without touching settings
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _get(client: Any, url: str) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise PageError(f"GET {url} → {response.status_code}")
        return response

    return call


def measure_page(operation: str, size: str, client: Any, url: str, repeat: int, *, budget: Budget = PAGE_BUDGET) -> Row:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    row = Row(operation=f"{operation} ({unquote_plus(url)})", size=size, baseline="GET /healthz", budget=budget)
    page, trivial = _get(client, url), _get(client, "/healthz")
    measure(row, page, trivial, repeat)
    if not row.error:
        with CaptureQueriesContext(connection) as queries:
            response = page()
        row.extra = {"queries": len(queries), "bytes": len(response.content)}
    return row


def _expected_unit_rows() -> list[tuple[str, str, str]]:
    from vietnam_provinces import Province, Ward

    from qms.organisations import services
    from qms.organisations.models import OrganisationKind

    rows = []
    for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        rows.append((services.province_code(p.code), services.province_agency_name(p), OrganisationKind.PROVINCE))
        for w in Ward.iter_by_province(p.code):
            rows.append((services.ward_code(w.code), services.ward_agency_name(w), OrganisationKind.COMMUNE))
    return rows


def measure_import(repeat: int) -> Row:
    """``units_import`` of every province and commune into an empty table, against a raw
    ``executemany`` of as many rows into a scratch table."""
    from django.db import connection, transaction

    from qms.core.text import fold
    from qms.organisations import services
    from qms.organisations.models import Organisation

    source = _expected_unit_rows()
    row = Row(
        operation=f"import administrative units ({len(source):,} rows)",
        size="nation",
        baseline="raw executemany",
        budget=IMPORT_BUDGET,
    )
    table = Organisation._meta.db_table
    scratch = "bench_scratch_units"
    sqlite = connection.vendor == "sqlite"
    mark = "?" if sqlite else "%s"
    pk = "integer primary key" if sqlite else "bigint generated by default as identity primary key"
    now = dt.datetime.now(dt.UTC).isoformat()
    params = [
        (
            code,
            name,
            str(kind),
            True,
            f"tmp-{code}",
            0 if kind == "province" else 1,
            "2025-07-01",
            now,
            now,
            1,
            fold(f"{name} {code}"),
        )
        for code, name, kind in source
    ]
    insert = (
        f"INSERT INTO {scratch} (code, name, kind, official, path, depth, valid_from, created_at, updated_at,"
        f" version, search_text) VALUES ({', '.join([mark] * 11)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
        cursor.execute(
            f"CREATE TABLE {scratch} (id {pk}, code varchar(40) NOT NULL, name varchar(255) NOT NULL,"
            " kind varchar(20) NOT NULL, official boolean NOT NULL, path varchar(255) NOT NULL,"
            " depth integer NOT NULL, valid_from date, created_at timestamp NOT NULL,"
            " updated_at timestamp NOT NULL, version integer NOT NULL, search_text varchar(600) NOT NULL)"
        )

    def raw_insert() -> None:
        with transaction.atomic():
            raw = connection.connection.cursor()  # the DB-API driver's own cursor
            try:
                raw.executemany(insert, params)
            finally:
                raw.close()

    def clear() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(f"DELETE FROM {scratch}")

    created: list[int] = []

    def do_import() -> None:
        created.append(services.units_import(actor=None).created)

    try:
        for _ in range(repeat):
            clear()
            row.baseline_samples.append(timed(raw_insert, row.baseline_cpu_samples))
            row.samples.append(timed(do_import, row.cpu_samples))
        if any(n != len(source) for n in created):
            row.error = f"units_import created {created}, expected {len(source)} each run"
    except Exception as exc:
        row.error = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
    row.extra = {"rows": len(source)}
    return row


def measure_permissions(coordinator: Any, province_code: str, repeat: int) -> list[Row]:
    """``has_perm`` on random organisations with the grants reloaded each time (as at the start
    of a request), and counting the coordinator's whole scope; baseline: a primary-key ``exists()``."""
    from qms.organisations import policy
    from qms.organisations.models import Organisation
    from qms.organisations.policy import Perm

    rng = random.Random(SEED)
    all_ids = list(Organisation.objects.values_list("pk", flat=True))
    sample_ids = rng.sample(all_ids, min(1000, len(all_ids)))
    orgs = list(Organisation.objects.filter(pk__in=sample_ids).only("id", "path", "agency_id", "kind"))
    rng.shuffle(orgs)
    next_org = itertools.cycle(orgs).__next__
    next_id = itertools.cycle(sample_ids).__next__

    def baseline() -> None:
        Organisation.objects.filter(pk=next_id()).exists()

    def check() -> None:
        policy.forget(coordinator)
        policy.has_perm(coordinator, Perm.VIEW, next_org())

    def count() -> None:
        policy.forget(coordinator)
        Organisation.objects.filter(policy.scope_q(coordinator)).count()

    who = f"coordinator of {province_code}"
    check_row = measure(
        Row(
            operation=f"has_perm VIEW, random org, grants reloaded ({who})",
            size="nation",
            baseline="pk exists()",
            budget=PERM_CHECK_BUDGET,
        ),
        check,
        baseline,
        repeat,
    )
    count_row = measure(
        Row(
            operation=f"filter(scope_q).count() ({who})",
            size="nation",
            baseline="pk exists()",
            budget=SCOPE_COUNT_BUDGET,
        ),
        count,
        baseline,
        repeat,
    )
    if not check_row.error:
        policy.forget(coordinator)
        policy.grants(coordinator)
        start = time.perf_counter_ns()
        allowed = sum(policy.has_perm(coordinator, Perm.VIEW, o) for o in orgs)
        warm_us = (time.perf_counter_ns() - start) / 1e3 / len(orgs)
        check_row.extra = {"warm_check_us": round(warm_us, 2), "allowed": allowed, "checked": len(orgs)}
    if not count_row.error:
        policy.forget(coordinator)
        count_row.extra = {"in_scope": Organisation.objects.filter(policy.scope_q(coordinator)).count()}
    return [check_row, count_row]


# --- Phases -------------------------------------------------------------------------------


def _largest_province(provinces: dict[str, int]) -> str:
    """The province code with the most agencies (ties: the lowest code)."""
    from qms.organisations.models import Organisation, OrganisationKind

    agencies = Organisation.objects.exclude(kind=OrganisationKind.UNIT)
    paths = dict(Organisation.objects.filter(pk__in=provinces.values()).values_list("pk", "path"))
    sizes = {code: agencies.filter(path__startswith=paths[pk]).count() for code, pk in provinces.items()}
    return max(sorted(sizes), key=lambda code: sizes[code])


def run_province(repeat: int, setup: list[dict[str, Any]], reuse: bool = False) -> list[Row]:
    from django.contrib.auth import get_user_model

    from .generate import generate

    if reuse:
        info, documents = _existing_data()
    else:
        seconds = fresh_database(use_template=True)
        setup.append({"size": "province", "step": "fresh database", "seconds": round(seconds, 3)})
        info = generate("province", seed=SEED)
        setup.append({"size": "province", "step": "generate", **_setup_summary(info)})
        documents = _generate_documents("province", setup)
    code = "22"
    coordinator = get_user_model().objects.get(pk=info["coordinators"][code])
    client = _client_for(coordinator)
    rows: list[Row] = []
    if "organisations" in _selected:
        rows += [
            measure_page("tree page", "province", client, f"/to-chuc/?root={info['provinces'][code]}", repeat),
            measure_page("list page", "province", client, f"/to-chuc/danh-sach/?q={_quote(SEARCH_TERM)}", repeat),
        ]
    rows.extend(_document_rows("province", code, coordinator, documents, repeat))
    rows.extend(_section_rows("province", info, coordinator, repeat, setup, reuse))
    return rows


def run_nation(repeat: int, import_repeat: int, setup: list[dict[str, Any]], reuse: bool = False) -> list[Row]:
    from django.contrib.auth import get_user_model

    from .generate import generate

    rows: list[Row] = []
    if reuse:  # the import measurement empties the organisation table: not on kept data
        info, documents = _existing_data()
    else:
        seconds = fresh_database(use_template=True)
        setup.append({"size": "nation", "step": "fresh db (import)", "seconds": round(seconds, 3)})
        if "organisations" in _selected:
            rows.append(measure_import(import_repeat))

        seconds = fresh_database(use_template=True)
        setup.append({"size": "nation", "step": "fresh database", "seconds": round(seconds, 3)})
        info = generate("nation", seed=SEED)
        setup.append({"size": "nation", "step": "generate", **_setup_summary(info)})
        documents = _generate_documents("nation", setup)
    code = _largest_province(info["provinces"])
    coordinator = get_user_model().objects.get(pk=info["coordinators"][code])
    client = _client_for(coordinator)
    if "organisations" in _selected:
        rows.append(
            measure_page(
                f"tree page, province {code}", "nation", client, f"/to-chuc/?root={info['provinces'][code]}", repeat
            )
        )
        rows.append(
            measure_page(
                f"list page, province {code}", "nation", client, f"/to-chuc/danh-sach/?q={_quote(SEARCH_TERM)}", repeat
            )
        )
        rows.extend(measure_permissions(coordinator, code, repeat))
    rows.extend(_document_rows("nation", code, coordinator, documents, repeat))
    rows.extend(_section_rows("nation", {**info, "largest_province": code}, coordinator, repeat, setup, reuse))
    return rows


def _section_rows(
    size: str, info: dict[str, Any], coordinator: Any, repeat: int, setup: list[dict[str, Any]], reuse: bool
) -> list[Row]:
    import importlib

    rows: list[Row] = []
    for section, module_name in SECTION_MODULES.items():
        if section not in _selected:
            continue
        module = importlib.import_module(module_name)
        rows.extend(module.run(size, info=info, coordinator=coordinator, repeat=repeat, setup=setup, reuse=reuse))
    return rows


def _existing_data() -> tuple[dict[str, Any], dict[str, Any]]:
    """What ``generate``/``generate_documents`` returned, read back from a kept database."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from qms.documents.models import Document
    from qms.organisations.models import Organisation, OrganisationKind

    provinces = dict(
        Organisation.objects.filter(kind=OrganisationKind.PROVINCE, valid_to__isnull=True).values_list("code", "pk")
    )
    users = dict(
        get_user_model()
        .objects.filter(username__in=[f"coord.{code}" for code in provinces])
        .values_list("username", "pk")
    )
    info = {"provinces": provinces, "coordinators": {code: users[f"coord.{code}"] for code in provinces}}
    counts = Document.objects.order_by().values("agency_id").annotate(n=Count("id")).values_list("agency_id", "n")
    documents = {"documents_by_agency": dict(counts)}
    if not documents["documents_by_agency"]:
        documents["skipped"] = "no documents in the kept database"
    return info, documents


def _generate_documents(size: str, setup: list[dict[str, Any]]) -> dict[str, Any]:
    """``bench.documents.generate_documents``, its counts and timings recorded as a setup step."""
    from .documents import generate_documents

    if "documents" not in _selected:
        return {"skipped": "documents not selected (--only)"}
    result = generate_documents(size, seed=SEED)
    if "skipped" in result:
        setup.append({"size": size, "step": "documents", "seconds": 0.0, "note": result["skipped"]})
        return result
    counts = {k: v for k, v in result.items() if isinstance(v, int)}
    setup.append(
        {
            "size": size,
            "step": "documents",
            "seconds": result["seconds"]["total"],
            "phases": result["seconds"],
            **counts,
        }
    )
    return result


def _document_rows(size: str, code: str, coordinator: Any, documents: dict[str, Any], repeat: int) -> list[Row]:
    if "skipped" in documents:
        return []
    from .doc_ops import measure_documents

    return measure_documents(
        size, code, coordinator, documents["documents_by_agency"], repeat, nation_wide=size == "nation"
    )


def _quote(text: str) -> str:
    return quote_plus(text)


def _setup_summary(info: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "organisations",
        "agencies",
        "current_agencies",
        "units",
        "historical",
        "lineage",
        "users",
        "memberships",
    )
    return {"seconds": info["seconds"]["total"], "phases": info["seconds"], **{k: info[k] for k in keys}}


# --- Report -------------------------------------------------------------------------------

COLUMNS = ("operation", "size", "median ms", "p95 ms", "baseline", "baseline ms", "ratio", "budget", "verdict")


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def format_table(rows: list[Row]) -> str:
    cells = [
        (
            r.operation,
            r.size,
            _fmt(r.median),
            _fmt(r.p95),
            r.baseline,
            _fmt(r.baseline_median, 2),
            "—" if r.ratio is None else f"{r.ratio:,.1f}×",
            r.budget.describe(),
            r.verdict,
        )
        for r in rows
    ]
    widths = [max(len(str(c)) for c in col) for col in zip(COLUMNS, *cells, strict=True)]
    numeric = {2, 3, 5, 6}

    def line(values: tuple[str, ...]) -> str:
        return " | ".join(
            v.rjust(w) if i in numeric else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    out = [line(COLUMNS), "-+-".join("-" * w for w in widths)]
    out.extend(line(c) for c in cells)
    return "\n".join(out)


def _environment() -> dict[str, Any]:
    import django
    from django.db import connection

    with connection.cursor():
        pass
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "database": connection.vendor,
        "database_version": ".".join(map(str, connection.Database.sqlite_version_info))
        if connection.vendor == "sqlite"
        else str(getattr(connection, "pg_version", "")),
        "debug": True,
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
    }


def run(
    sizes: list[str],
    repeat: int,
    import_repeat: int,
    keep_db: bool = False,
    reuse_db: bool = False,
    only: set[str] | None = None,
) -> tuple[list[Row], dict[str, Any]]:
    """Measure ``sizes`` on fresh databases. ``keep_db``: leave the PostgreSQL test database in place;
    ``reuse_db``: measure what a previous ``keep_db`` run (or the SQLite bench file) holds, without
    generating anything (one size only, the one the database holds)."""
    from django.db import connection

    _selected.clear()
    _selected.update(only or SECTIONS)
    setup: list[dict[str, Any]] = []
    rows: list[Row] = []
    load_start = [round(x, 2) for x in os.getloadavg()]
    test_db_name = None
    old_name = connection.settings_dict["NAME"]
    if reuse_db:
        if len(sizes) != 1:
            raise ValueError("--reuse-db measures one size: the one the kept database holds")
        if connection.vendor != "sqlite":
            kept = connection.creation._get_test_db_name()
            connection.close()
            connection.settings_dict["NAME"] = kept
        setup.append({"size": sizes[0], "step": "reused database", "seconds": 0.0, "note": "no generation"})
    elif connection.vendor != "sqlite":  # never flush the configured database: use a test database
        test_db_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        if connection.vendor == "sqlite" and not reuse_db:
            _drop_template()
            seconds = fresh_database(use_template=True)  # migrate once; later fresh databases copy it
            setup.append({"size": "-", "step": "migrate", "seconds": round(seconds, 3)})
        if "province" in sizes:
            rows.extend(run_province(repeat, setup, reuse=reuse_db))
        if "nation" in sizes:
            rows.extend(run_nation(repeat, import_repeat, setup, reuse=reuse_db))
        report = {
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "environment": {**_environment(), "load_average_start": load_start},
            "repeat": repeat,
            "import_repeat": import_repeat,
            "seed": SEED,
            "setup": setup,
            "rows": [r.as_dict() for r in rows],
        }
    finally:
        if reuse_db and connection.vendor != "sqlite":
            connection.close()
            connection.settings_dict["NAME"] = old_name
        if test_db_name is not None:
            if keep_db:  # left for diagnosis (EXPLAIN); the next run drops and recreates it
                print(f"kept database {test_db_name}")
                connection.close()
                connection.settings_dict["NAME"] = old_name
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        _drop_template()
    return rows, report


def write_report(report: dict[str, Any], path: Path = RESULTS_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
