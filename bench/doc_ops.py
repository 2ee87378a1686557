"""Timed operations of document control (search, the document register, legal-update obligations),
each against a baseline measured in the same run. Called by ``bench.harness`` after
``bench.documents.generate_documents``.

* search scoped to an agency: ``GET /tim-kiem/?q=quy trinh tiep nhan&agency=<pk>`` as that agency's
  ISO secretary;
* search scoped to a province: ``GET /tim-kiem/?q=ho so`` as the province coordinator;
* search across the nation (nation size only): the same page as the superuser ``bench.admin``;
* the document register of an agency: ``GET /tai-lieu/`` and ``GET /tai-lieu/?q=quy trinh`` as its secretary;
* legal-update obligations of a province: ``legal_obligations_sync(organisation=<province>)`` from a
  state without obligations in the province (deleted before each sample, untimed).
"""

from __future__ import annotations

from typing import Any

from .harness import Budget, Row, _client_for, _quote, measure, measure_page

# Budgets stated by the document-control issue.
SEARCH_SCOPED_BUDGET = Budget(max_ms=200)
SEARCH_NATION_BUDGET = Budget(max_ms=1000)
DOCUMENT_LIST_BUDGET = Budget(max_ms=150)
LEGAL_SYNC_BUDGET = Budget(max_ms=2000)

AGENCY_QUERY = "quy trình tiếp nhận"
PROVINCE_QUERY = "hồ sơ"
LIST_QUERY = "quy trình"
SCRATCH = "bench_scratch_obligations"


def _busiest_agency(province_path: str, documents_by_agency: dict[int, int]) -> tuple[Any, Any]:
    """The province's agency with the most documents that has an ISO secretary, and that secretary."""
    from django.contrib.auth import get_user_model

    from qms.organisations.models import Membership, Organisation, Role

    candidates = Organisation.objects.filter(
        pk__in=list(documents_by_agency), path__startswith=province_path
    ).values_list("pk", flat=True)
    for pk in sorted(candidates, key=lambda pk: (-documents_by_agency[pk], pk)):
        membership = (
            Membership.objects.filter(organisation_id=pk, role=Role.ISO_SECRETARY, is_active=True)
            .order_by("pk")
            .first()
        )
        if membership is not None:
            return Organisation.objects.get(pk=pk), get_user_model().objects.get(pk=membership.user_id)
    raise RuntimeError("no agency with documents and an ISO secretary in the province")


def _search_hits(user: Any, text: str, **filters: Any) -> dict[str, Any]:
    from qms.organisations import policy
    from qms.search.selectors import search_for_user

    policy.forget(user)
    page = search_for_user(user, text, **filters)
    return {"hits": page.total, "hits_capped": page.total_is_lower_bound}


def measure_search_page(
    operation: str, size: str, user: Any, url: str, budget: Budget, repeat: int, text: str, **filters: Any
) -> Row:
    row = measure_page(operation, size, _client_for(user), url, repeat, budget=budget)
    if not row.error:
        try:
            row.extra.update(_search_hits(user, text, **filters))
        except Exception as exc:  # the count is informative only
            row.extra["hits_error"] = f"{type(exc).__name__}: {exc}"[:200]
    return row


def measure_legal_sync(size: str, province: Any, repeat: int) -> Row:
    """``legal_obligations_sync(organisation=province)`` from no obligations in the province;
    baseline: a raw ``executemany`` of the rows it writes into a scratch copy of the table."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from qms.legal.models import LegalCitation
    from qms.obligations.models import Obligation
    from qms.organisations.models import Organisation

    row = Row(
        operation=f"legal-update obligations of province {province.code} (legal_obligations_sync)",
        size=size,
        baseline="raw executemany of its rows",
        budget=LEGAL_SYNC_BUDGET,
    )
    try:
        from qms.legal.services import legal_obligations_sync
    except ImportError as exc:
        row.error = f"ImportError: {exc}"
        return row
    in_province = Obligation.objects.filter(organisation__path__startswith=province.path)
    table = Obligation._meta.db_table
    columns = [f.column for f in Obligation._meta.concrete_fields if not f.primary_key]
    names = ", ".join(f'"{c}"' for c in columns)
    mark = "?" if connection.vendor == "sqlite" else "%s"
    created: list[int] = []

    def clear() -> None:
        with transaction.atomic():
            in_province.delete()

    def clear_scratch() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SCRATCH}")

    def sync() -> None:
        created.append(legal_obligations_sync(organisation=province).created)

    written: list[tuple[Any, ...]] = []

    def raw_insert() -> None:
        with transaction.atomic():
            raw = connection.connection.cursor()
            try:
                raw.executemany(f"INSERT INTO {SCRATCH} ({names}) VALUES ({', '.join([mark] * len(columns))})", written)
            finally:
                raw.close()

    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
            cursor.execute(f"CREATE TABLE {SCRATCH} AS SELECT {names} FROM {table} WHERE 1 = 0")
        clear()
        with CaptureQueriesContext(connection) as queries:
            sync()
        # the rows as the driver returns them, to be written back as they are
        organisations = Organisation._meta.db_table
        raw = connection.connection.cursor()
        try:
            raw.execute(
                f"SELECT {names} FROM {table} WHERE organisation_id IN"
                f" (SELECT id FROM {organisations} WHERE path LIKE {mark}) ORDER BY id",
                [province.path + "%"],
            )
            written.extend(raw.fetchall())
        finally:
            raw.close()
        row.extra = {
            "created": created[0],
            "citations_in_province": LegalCitation.objects.filter(organisation__path__startswith=province.path).count(),
            "queries": len(queries),
        }
        measure(row, sync, raw_insert, repeat, setup=clear, baseline_setup=clear_scratch)
        if any(n != created[0] for n in created):
            row.error = f"legal_obligations_sync created {sorted(set(created))} obligations across samples"
    except Exception as exc:
        row.error = row.error or f"{type(exc).__name__}: {exc}"[:300]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
    return row


def measure_documents(
    size: str,
    province_code: str,
    coordinator: Any,
    documents_by_agency: dict[int, int],
    repeat: int,
    *,
    nation_wide: bool,
) -> list[Row]:
    from django.contrib.auth import get_user_model

    from qms.organisations.models import Organisation, OrganisationKind

    province = Organisation.objects.get(kind=OrganisationKind.PROVINCE, code=province_code)
    agency, secretary = _busiest_agency(province.path, documents_by_agency)
    n_docs = documents_by_agency[agency.pk]
    rows = [
        measure_search_page(
            f"search, agency scope ({n_docs:,} docs), secretary",
            size,
            secretary,
            f"/tim-kiem/?q={_quote(AGENCY_QUERY)}&agency={agency.pk}",
            SEARCH_SCOPED_BUDGET,
            repeat,
            AGENCY_QUERY,
            agency_id=agency.pk,
        ),
        measure_search_page(
            f"search, province {province_code} scope, coordinator",
            size,
            coordinator,
            f"/tim-kiem/?q={_quote(PROVINCE_QUERY)}",
            SEARCH_SCOPED_BUDGET,
            repeat,
            PROVINCE_QUERY,
        ),
    ]
    if nation_wide:
        admin = get_user_model().objects.get(username="bench.admin")
        rows.append(
            measure_search_page(
                "search, whole nation, superuser",
                size,
                admin,
                f"/tim-kiem/?q={_quote(PROVINCE_QUERY)}",
                SEARCH_NATION_BUDGET,
                repeat,
                PROVINCE_QUERY,
            )
        )
    client = _client_for(secretary)
    rows.append(
        measure_page(
            f"document list, agency ({n_docs:,} docs)", size, client, "/tai-lieu/", repeat, budget=DOCUMENT_LIST_BUDGET
        )
    )
    rows.append(
        measure_page(
            f"document list, agency ({n_docs:,} docs)",
            size,
            client,
            f"/tai-lieu/?q={_quote(LIST_QUERY)}",
            repeat,
            budget=DOCUMENT_LIST_BUDGET,
        )
    )
    rows.append(measure_legal_sync(size, province, repeat))
    return rows
