"""Bulk loading for the bench generators: raw ``executemany`` on SQLite (inside the caller's
transaction), ``COPY`` from background connections on PostgreSQL. Rows are dicts keyed by column;
columns a row lacks get the field's default."""

from __future__ import annotations

import datetime as dt
import queue
import threading
import time
from collections.abc import Sequence
from typing import Any

SEARCH_COPIES = 2  # PostgreSQL connections computing the search vectors in parallel


def columns_of(model: Any) -> tuple[list[str], dict[str, Any]]:
    fields = model._meta.concrete_fields
    defaults = {f.column: (None if f.null and not f.has_default() else f.get_default()) for f in fields}
    return [f.column for f in fields], defaults


def _sqlite(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class SqliteLoader:
    """Writes in the caller's transaction: raw ``executemany``; search entries through
    ``qms.core.search.bulk_upsert`` (it maintains the FTS5 table). Rows are dicts keyed by column;
    columns a row lacks get the field's default."""

    seconds_indexes = 0.0

    def __enter__(self) -> SqliteLoader:
        from django.db import connection

        connection.ensure_connection()
        self.connection = connection
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def write(self, model: Any, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns, defaults = columns_of(model)
        names = ", ".join(f'"{c}"' for c in columns)
        raw = self.connection.connection.cursor()
        try:
            raw.executemany(
                f'INSERT INTO "{model._meta.db_table}" ({names}) VALUES ({", ".join("?" * len(columns))})',
                (tuple(_sqlite(row[c] if c in row else defaults[c]) for c in columns) for row in rows),
            )
        finally:
            raw.close()

    def entries(self, rows: list[dict[str, Any]]) -> None:
        from qms.core import search

        search.bulk_upsert(({k: v for k, v in row.items() if k != "id"} for row in rows), batch_size=500)


class _CopyThread(threading.Thread):
    """A connection of its own, one transaction, ``COPY`` of the batches it is handed in order."""

    def __init__(self, params: dict[str, Any], name: str, *, replica: bool) -> None:
        super().__init__(name=name, daemon=True)
        import psycopg

        self.conn = psycopg.connect(**params)
        self.replica = False
        if replica:
            try:  # foreign-key triggers off: the rows are consistent by construction
                self.conn.execute("SET session_replication_role = replica")
                self.replica = True
            except psycopg.Error:  # not a superuser: constraints are checked at commit instead
                self.conn.rollback()
        self.jobs: queue.Queue[tuple[str, list[str], dict[str, Any], list[dict[str, Any]]] | None] = queue.Queue(3)
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            while True:
                job = self.jobs.get()
                if job is None:
                    break
                if self.error is not None:
                    continue
                table, columns, defaults, rows = job
                names = ", ".join(f'"{c}"' for c in columns)
                with self.conn.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row([row[c] if c in row else defaults[c] for c in columns])
            if self.error is None:
                self.conn.commit()
        except BaseException as exc:  # reported by finish()
            self.error = exc
            while self.jobs.get() is not None:  # drain so that put() never blocks
                pass
        finally:
            self.conn.close()

    def put(self, model: Any, rows: list[dict[str, Any]]) -> None:
        if self.error is not None:
            raise RuntimeError(f"{self.name} failed") from self.error
        if rows:
            columns, defaults = columns_of(model)
            self.jobs.put((model._meta.db_table, columns, defaults, rows))

    def finish(self) -> None:
        self.jobs.put(None)
        self.join()
        if self.error is not None:
            raise RuntimeError(f"{self.name} failed") from self.error


class PgLoader:
    """``COPY`` in background connections (documents, revisions and citations in one; search
    entries, whose generated tsvectors are the costly part, in ``SEARCH_COPIES`` others, chunks
    handed round-robin) while the caller builds
    the next rows. The tables' secondary indexes (not those of constraints) are dropped first and
    rebuilt at the end (``maintenance_work_mem`` 1 GB). Each connection commits once, at the end;
    after a failure the indexes are rebuilt and the partial rows stay (the bench database is
    thrown away anyway)."""

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self.indexes: list[tuple[str, str]] = []
        self.seconds_indexes = 0.0

    def __enter__(self) -> PgLoader:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [self.tables],
            )
            self.indexes = cursor.fetchall()
            for name, _definition in self.indexes:
                cursor.execute(f"DROP INDEX {name}")
        params = connection.get_connection_params()
        self.main = _CopyThread(params, "bench-copy-documents", replica=True)
        self.search = [_CopyThread(params, f"bench-copy-search-{n}", replica=False) for n in range(SEARCH_COPIES)]
        self.turn = 0
        return self

    def write(self, model: Any, rows: list[dict[str, Any]]) -> None:
        self.main.put(model, rows)

    def entries(self, rows: list[dict[str, Any]]) -> None:
        from qms.core.models import SearchEntry

        self.search[self.turn % len(self.search)].put(SearchEntry, rows)
        self.turn += 1

    def __exit__(self, *exc: Any) -> None:
        from django.db import connection

        errors = []
        for thread in (self.main, *self.search):
            try:
                thread.finish()
            except RuntimeError as error:
                errors.append(error)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for _name, definition in self.indexes:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
        self.seconds_indexes = time.perf_counter() - start
        if errors and exc[0] is None:
            raise errors[0]
