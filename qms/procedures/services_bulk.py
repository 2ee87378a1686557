"""Bulk writes shared by the catalogue services: tens of thousands of assignments and history
rows at once (``COPY`` on PostgreSQL, ``executemany`` on SQLite), and closing the obligations of
ended assignments. Called inside the services' transactions; they check nothing themselves."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.obligations import services as obligation_services

from . import coverage
from .models import ProcedureAssignment, ProcedureChange


def insert_changes(changes: list[ProcedureChange]) -> None:
    """History rows: ``COPY`` on PostgreSQL (thousands per catalogue), ``bulk_create`` elsewhere."""
    if connection.vendor != "postgresql":
        ProcedureChange.objects.bulk_create(changes, batch_size=2000)
        return
    from psycopg.types.json import Jsonb

    now = timezone.now()
    table = connection.ops.quote_name(ProcedureChange._meta.db_table)
    connection.ensure_connection()
    with (
        connection.connection.cursor() as raw,
        raw.copy(f"COPY {table} (procedure_id, decision_id, kind, changes, recorded_at) FROM STDIN") as copy,
    ):
        for change in changes:
            copy.write_row([change.procedure_id, change.decision_id, change.kind, Jsonb(change.changes), now])


def insert_assignments(rows: Iterable[Mapping[str, Any]], batch_size: int = 5000) -> int:
    """Insert new active assignments with ``COPY`` (PostgreSQL) or ``executemany`` (SQLite): a
    province catalogue brings tens of thousands, and building a model instance per row
    (``bulk_create``) costs more than the database's work."""
    fields = [f for f in ProcedureAssignment._meta.concrete_fields if not f.primary_key]
    ops = connection.ops
    now = timezone.now()
    defaults = {"ended_on": None, "is_active": True, "covered": False, "process_cycle": 0}
    names = [f.attname for f in fields]
    quote = ops.quote_name
    table = quote(ProcedureAssignment._meta.db_table)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    count = 0
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as raw, raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = {**defaults, "created_at": now, "updated_at": now, **row}
                copy.write_row([values.get(name) for name in names])
                count += 1
        return count
    adapters: list[Any] = []
    for f in fields:
        if isinstance(f, models.DateTimeField):
            adapters.append(ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField):
            adapters.append(ops.adapt_datefield_value)
        else:
            adapters.append(None)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(table, columns, ", ".join(["%s"] * len(fields)))
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            batch.clear()

    for row in rows:
        values = {**defaults, "created_at": now, "updated_at": now, **row}
        batch.append(
            tuple(
                (adapt(values.get(name)) if adapt is not None else values.get(name))
                for name, adapt in zip(names, adapters, strict=True)
            )
        )
        count += 1
        if len(batch) >= batch_size:
            flush()
    flush()
    return count


def close_ended(assignment_ids: list[int]) -> None:
    """Close the open "write a process" obligations of ended assignments (those that have one)."""
    rows = []
    for start in range(0, len(assignment_ids), 500):
        rows += list(
            ProcedureAssignment.objects.filter(
                pk__in=assignment_ids[start : start + 500], process_cycle__gt=0
            ).values_list("pk", "process_cycle")
        )
    keys = {coverage.obligation_key(pk, cycle): pk for pk, cycle in rows}
    present = obligation_services.existing_keys(list(keys)) if keys else set()
    coverage.close_obligations(
        sorted(keys[k] for k in present), note=_("Cơ quan thôi được giao TTHC này; không còn phải xây dựng quy trình.")
    )
