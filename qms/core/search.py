"""One full-text search backend for SQLite and PostgreSQL (see docs/decisions/0002).

Domain apps describe what they want found as rows of :class:`~qms.core.models.SearchEntry` through
:func:`upsert`, :func:`remove` and :func:`bulk_upsert`; readers call :func:`query` with a ``Q`` that
already combines their permissions and filters. This module knows no domain words.

Matching is accent- and case-insensitive: text is folded (lower case, diacritics removed, đ→d: the
rules of ``qms.core.text.fold``) and split on everything that is not a letter or a digit, on both
sides. Every query token must match (AND); the last one also matches as a prefix, unless it is a
number (numbers match whole numbers only: "19" is not "1975").

* SQLite: an FTS5 table ``core_searchentry_fts`` (rowid = entry id; columns code, title, body)
  holding the folded text, written here in Python (FTS5's own diacritics removal does not map đ);
  ranked with ``bm25()``, code and title weighing more than the body; matches are filtered through
  a covering index, never reading the large entry rows.
* PostgreSQL: two STORED generated ``tsvector`` columns on ``core_searchentry`` (migration 0004):
  ``search_vector`` (words of code, title and body, plus filter lexemes for scope, agency, status,
  source, kind; GIN index) for matching and the small ``search_head`` (code and title) for ranking
  with ``ts_rank_cd``. :func:`_pg_plan` decides from the lexeme statistics what GIN looks up (the
  reader's scope, rare words) and what is checked on the rows (words found in most documents).

Ranking is computed over at most ``settings.QMS_SEARCH_CANDIDATES`` matching rows (10,000 on SQLite,
2,000 on PostgreSQL unless set; the count stops there too), which bounds the cost of a query that
matches most of a million documents.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.safestring import SafeString, mark_safe

from .models import SearchEntry
from .text import fold

FTS_TABLE = "core_searchentry_fts"
# SQLite: covering index (id, public, status, agency_id, source, kind, dated, scope_path) through
# which FTS matches are filtered without reading the large entry rows (migration 0004).
SQLITE_FILTER_INDEX = "search_entry_filter_idx"
TABLE = SearchEntry._meta.db_table

MAX_TERMS = 12  # more tokens than this in a query are ignored
MAX_TERM_LENGTH = 64
BODY_MAX_CHARS = 1_000_000  # the body kept in the index (extracted texts are capped at 1 MB too)
SNIPPET_SCAN_CHARS = 200_000  # how much of a hit's body is read to find the best snippet
SNIPPET_WORDS = 30
SNIPPET_WORDS_BEFORE = 8  # words shown before the first match of the snippet
SNIPPET_CHARS = 180  # about 30 Vietnamese words: the span in which matches are counted together
# Matching rows ranked (and counted) per query, unless settings.QMS_SEARCH_CANDIDATES says otherwise:
# SQLite ranks every match at its scale (40,000 entries); PostgreSQL reads each candidate row from
# the heap, so it ranks the first 2,000 rows that match at a million entries.
DEFAULT_CANDIDATES = {"sqlite": 10_000, "postgresql": 2_000}

# SQLite bm25 weights for (code, title, body); PostgreSQL weights code 'A', title 'B', body 'D'.
BM25_WEIGHTS = (10.0, 5.0, 1.0)

ENTRY_FIELDS = (
    "scope_path",
    "agency_id",
    "kind",
    "status",
    "public",
    "code",
    "title",
    "body",
    "dated",
    "url",
    "organisation_name",
)

_TOKEN = re.compile(r"[^\W_]+")


# --- Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    id: int
    source: str
    source_id: int
    scope_path: str
    agency_id: int | None
    kind: str
    status: str
    public: bool
    code: str
    title: str
    dated: dt.date | None
    url: str
    organisation_name: str
    rank: float
    snippet: SafeString  # escaped text around the best match, matched words in <mark>
    title_html: SafeString  # the escaped title, matched words in <mark>


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    # True when more rows matched than were counted (QMS_SEARCH_CANDIDATES): "more than N".
    total_is_lower_bound: bool = False
    terms: tuple[str, ...] = ()


# --- Text preparation ---------------------------------------------------------------------------


def _fold_table() -> dict[int, str]:
    """Character-for-character folding (same length), so positions in the folded copy of a text
    are positions in the text itself."""
    table: dict[int, str] = {}
    ranges = [(0x41, 0x5A), (0xC0, 0x24F), (0x370, 0x52F), (0x1E00, 0x1EFF)]
    for low, high in ranges:
        for cp in range(low, high + 1):
            ch = chr(cp)
            folded = fold(ch)
            if len(folded) == 1 and folded != ch:
                table[cp] = folded
    # As PostgreSQL's unaccent does: Ð (U+00D0) stands for Đ in texts converted from old encodings.
    table.update({0xD0: "d", 0xF0: "d"})
    return table


_FOLD_TABLE = _fold_table()
# Combining marks left after NFD (text typed with combining accents, or letters outside the table).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fast_fold(text: str) -> str:
    """:func:`qms.core.text.fold` at C speed for long texts (extracted documents): the same result
    for Latin, Greek and Cyrillic text, whether composed (NFC) or decomposed (NFD)."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    return text.casefold()


def index_text(text: str) -> str:
    """What the index stores and the query matches: folded, punctuation turned into spaces."""
    return " ".join(_TOKEN.findall(fast_fold(text or "")))


def terms(text: str) -> list[str]:
    """The folded query tokens, in order, without duplicates; punctuation-only input gives []."""
    seen: dict[str, None] = {}
    for token in _TOKEN.findall(fast_fold(text or "")):
        seen.setdefault(token[:MAX_TERM_LENGTH], None)
        if len(seen) >= MAX_TERMS:
            break
    return list(seen)


def _prefix_last(tokens: Sequence[str]) -> list[bool]:
    # The last token also matches as a prefix ("quy trin" finds "quy trình"); one letter or digit
    # alone would match half the dictionary, so it stays exact. A number matches whole numbers
    # only: "QD 19" must not find a text citing "1975" (a number is typed whole, a word is not).
    return [i == len(tokens) - 1 and len(t) >= 2 and not t.isdigit() for i, t in enumerate(tokens)]


def _fts5_query(tokens: Sequence[str]) -> str:
    # Tokens contain letters and digits only, so quoting them is enough to make them literals.
    return " ".join(f'"{t}"*' if p else f'"{t}"' for t, p in zip(tokens, _prefix_last(tokens), strict=True))


def _tsquery(tokens: Sequence[str], op: str) -> str:
    return f" {op} ".join(f"'{t}':*" if p else f"'{t}'" for t, p in zip(tokens, _prefix_last(tokens), strict=True))


# --- Writing ------------------------------------------------------------------------------------


def _entry(source: str, source_id: int, values: Mapping[str, Any]) -> SearchEntry:
    unknown = set(values) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown search entry fields: {sorted(unknown)}")
    data = {
        "scope_path": values.get("scope_path") or "",
        "agency_id": values.get("agency_id"),
        "kind": values.get("kind") or "",
        "status": values.get("status") or "",
        "public": bool(values.get("public", False)),
        "code": (values.get("code") or "")[:120],
        "title": (values.get("title") or "")[:500],
        "body": (values.get("body") or "")[:BODY_MAX_CHARS],
        "dated": values.get("dated"),
        "url": values.get("url") or "",
        "organisation_name": (values.get("organisation_name") or "")[:255],
    }
    return SearchEntry(source=source, source_id=source_id, **data)


_COLUMNS = ("source", "source_id", *ENTRY_FIELDS)


def _upsert_sql() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _COLUMNS)
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in ENTRY_FIELDS)
    return (
        f"INSERT INTO {quote(TABLE)} ({columns}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
        f" ON CONFLICT ({quote('source')}, {quote('source_id')}) DO UPDATE SET {updates}"
    )


def _write(entries: list[SearchEntry], batch_size: int = 500) -> None:
    """INSERT … ON CONFLICT DO UPDATE through ``executemany`` (SQLite, PostgreSQL): an import
    writes thousands of entries, and preparing each field of each row the way ``bulk_create``
    does costs more than the database's work. On SQLite the ids are read back for the FTS rows."""
    # The last row given for a (source, source_id) wins.
    entries = list({(e.source, e.source_id): e for e in entries}.values())
    if not entries:
        return
    sql = _upsert_sql()
    adapt_date = connection.ops.adapt_datefield_value
    date_at = _COLUMNS.index("dated")
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(entries), batch_size):
            batch = entries[start : start + batch_size]
            rows = []
            for e in batch:
                row = [getattr(e, name) for name in _COLUMNS]
                row[date_at] = adapt_date(row[date_at])
                rows.append(row)
            cursor.executemany(sql, rows)
            if connection.vendor == "sqlite":
                ids: dict[tuple[str, int], int] = {}
                by_source: dict[str, list[int]] = {}
                for e in batch:
                    by_source.setdefault(e.source, []).append(e.source_id)
                for source, source_ids in by_source.items():
                    ids.update(
                        ((source, source_id), pk)
                        for source_id, pk in SearchEntry.objects.filter(
                            source=source, source_id__in=source_ids
                        ).values_list("source_id", "pk")
                    )
                _fts_write([(ids[(e.source, e.source_id)], e.code, e.title, e.body) for e in batch])


def _fts_write(rows: Iterable[tuple[int, str, str, str]]) -> None:
    rows = list(rows)
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(r[0],) for r in rows])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, code, title, body) VALUES (%s, %s, %s, %s)",
            [(pk, index_text(code), index_text(title), index_text(body)) for pk, code, title, body in rows],
        )


def upsert(
    source: str,
    source_id: int,
    *,
    title: str,
    code: str = "",
    body: str = "",
    scope_path: str = "",
    agency_id: int | None = None,
    kind: str = "",
    status: str = "",
    public: bool = False,
    dated: dt.date | None = None,
    url: str = "",
    organisation_name: str = "",
) -> None:
    """Create or replace the entry for ``(source, source_id)`` and its full-text index row.

    Runs inside the caller's transaction (a savepoint when there is one), so the entry appears and
    disappears with the domain change that wrote it.
    """
    _write(
        [
            _entry(
                source,
                source_id,
                {
                    "title": title,
                    "code": code,
                    "body": body,
                    "scope_path": scope_path,
                    "agency_id": agency_id,
                    "kind": kind,
                    "status": status,
                    "public": public,
                    "dated": dated,
                    "url": url,
                    "organisation_name": organisation_name,
                },
            )
        ]
    )


def bulk_upsert(rows: Iterable[Mapping[str, Any]], *, batch_size: int = 500) -> int:
    """:func:`upsert` for many rows (imports, the bench): each row a mapping with ``source``,
    ``source_id`` and the keyword arguments of :func:`upsert`. Multi-row INSERT … ON CONFLICT and
    ``executemany`` for the FTS5 table; returns the number of rows written."""
    count = 0
    buffer: list[SearchEntry] = []
    with transaction.atomic():
        for row in rows:
            values = dict(row)
            source, source_id = values.pop("source"), values.pop("source_id")
            buffer.append(_entry(source, source_id, values))
            if len(buffer) >= batch_size * 10:
                _write(buffer, batch_size)
                count += len(buffer)
                buffer = []
        if buffer:
            _write(buffer, batch_size)
            count += len(buffer)
    return count


def remove(source: str, source_id: int) -> None:
    """Delete the entry for ``(source, source_id)`` (if any) and its full-text index row."""
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {TABLE} WHERE source = %s AND source_id = %s)",
                    [source, source_id],
                )
        SearchEntry.objects.filter(source=source, source_id=source_id).delete()


def rebuild(*, batch_size: int = 2000) -> int:
    """Re-create the full-text index from the entries; returns the number of entries indexed.

    SQLite: empties the FTS5 table and refills it (folding in Python), then merges its segments.
    PostgreSQL: rewrites the rows so the generated vectors are recomputed (after a change of the
    ``unaccent`` rules, say), in batches of ids.
    """
    if connection.vendor == "sqlite":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            rows = SearchEntry.objects.order_by("pk").values_list("pk", "code", "title", "body")
            count = 0
            batch: list[tuple[int, str, str, str]] = []
            for row in rows.iterator(chunk_size=batch_size):
                batch.append(row)
                if len(batch) >= batch_size:
                    _fts_insert(cursor, batch)
                    count += len(batch)
                    batch = []
            if batch:
                _fts_insert(cursor, batch)
                count += len(batch)
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        return count
    if connection.vendor == "postgresql":
        count = 0
        last = 0
        with connection.cursor() as cursor:
            while True:
                with transaction.atomic():
                    cursor.execute(
                        f"UPDATE {TABLE} SET title = title WHERE id IN "
                        f"(SELECT id FROM {TABLE} WHERE id > %s ORDER BY id LIMIT %s) RETURNING id",
                        [last, batch_size],
                    )
                    ids = [r[0] for r in cursor.fetchall()]
                if not ids:
                    break
                count += len(ids)
                last = max(ids)
            cursor.execute(f"ANALYZE {TABLE}")
        return count
    raise NotImplementedError(f"full-text search is not implemented for {connection.vendor}")


def _fts_insert(cursor: Any, rows: Sequence[tuple[int, str, str, str]]) -> None:
    cursor.executemany(
        f"INSERT INTO {FTS_TABLE} (rowid, code, title, body) VALUES (%s, %s, %s, %s)",
        [(pk, index_text(code), index_text(title), index_text(body)) for pk, code, title, body in rows],
    )


# --- Querying -----------------------------------------------------------------------------------


def _where_sql(where: Q) -> tuple[str, list[Any]] | None:
    """``where`` as SQL on the unaliased entry table; ``None`` when it can match nothing."""
    qs = SearchEntry.objects.filter(where)
    query = qs.query
    compiler = query.get_compiler(using=qs.db)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "", []
    if not sql:
        return "", []
    if set(query.alias_map) - {TABLE}:
        # The condition reaches other tables: keep it as a subquery on the entry ids.
        sub_sql, sub_params = qs.values("pk").query.sql_with_params()
        return f'"{TABLE}"."id" IN ({sub_sql})', list(sub_params)
    return sql, list(params)


_NOTHING = "'_nothing'"  # a filter no entry satisfies
# Lookups on SearchEntry that PostgreSQL's filter lexemes express (see migration 0004).
_FILTER_PREFIX = {"agency_id": "_a", "status": "_s", "source": "_o", "kind": "_k"}


@dataclass(frozen=True)
class _Filter:
    tsquery: str
    share: float  # estimated share of the entries it selects (1.0 = all, unknown)


def _lexeme(prefix: str, value: Any) -> str | None:
    text = f"{prefix}{value}"
    return text if re.fullmatch(r"[A-Za-z0-9_]+", text) else None


def _filter(node: Any, share: Callable[[str], float]) -> _Filter | str | None:
    """The filter lexemes every entry selected by ``node`` (a ``Q`` or one of its ``(lookup,
    value)`` children) carries, as a tsquery: a necessary condition that drives the GIN scan while
    ``node`` itself stays in the SQL. ``None`` when nothing can be said; ``_NOTHING`` when ``node``
    selects nothing. ``share(lexeme)`` estimates how common a lexeme is."""
    if isinstance(node, tuple):
        lookup, value = node
        field, _, op = lookup.partition("__")
        lexemes: list[str | None] = []
        if field == "public" and op in ("", "exact") and value is True:
            lexemes = ["_public"]
        elif field == "scope_path" and op == "startswith" and isinstance(value, str) and value.endswith("/"):
            lexemes = [_lexeme("_p", value.rstrip("/").replace("/", ""))]
        elif field in ("pk", "id") and op == "in" and isinstance(value, list | tuple | set | frozenset) and not value:
            return _NOTHING
        elif field in _FILTER_PREFIX and op in ("", "exact") and value is not None and not isinstance(value, Q):
            lexemes = [_lexeme(_FILTER_PREFIX[field], value)]
        elif field in _FILTER_PREFIX and op == "in" and isinstance(value, list | tuple | set | frozenset):
            if not value:
                return _NOTHING
            lexemes = [_lexeme(_FILTER_PREFIX[field], v) for v in value]
        if not lexemes or any(x is None for x in lexemes):
            return None
        known = [f"'{x}'" for x in lexemes]
        return _Filter(
            known[0] if len(known) == 1 else "(" + " | ".join(known) + ")",
            min(1.0, sum(share(str(x)) for x in lexemes)),
        )
    if not isinstance(node, Q) or node.negated:
        return None
    parts = [_filter(child, share) for child in node.children]
    if node.connector == Q.AND:
        if _NOTHING in parts:
            return _NOTHING
        known_parts = [p for p in parts if isinstance(p, _Filter)]
        if not known_parts:
            return None
        if len(known_parts) == 1:
            return known_parts[0]
        return _Filter("(" + " & ".join(p.tsquery for p in known_parts) + ")", min(p.share for p in known_parts))
    if node.connector == Q.OR:
        alive = [p for p in parts if p != _NOTHING]
        if not alive:
            return _NOTHING
        if not all(isinstance(p, _Filter) for p in alive):
            return None
        filters = [p for p in alive if isinstance(p, _Filter)]
        if len(filters) == 1:
            return filters[0]
        return _Filter("(" + " | ".join(p.tsquery for p in filters) + ")", min(1.0, sum(p.share for p in filters)))
    return None


def _filter_tsquery(where: Q) -> str | None:
    """The tsquery of :func:`_filter` (``_NOTHING`` when ``where`` selects nothing)."""
    result = _filter(where, lambda lexeme: 1.0)
    return result.tsquery if isinstance(result, _Filter) else result


# PostgreSQL's statistics of the lexemes of search_vector (most common elements), per database,
# reloaded every STATS_SECONDS: they tell a word in every document from a rare one.
STATS_SECONDS = 600.0


@dataclass(frozen=True)
class _Stats:
    shares: dict[str, float]  # lexeme → share of the entries holding it (the most common ones)
    floor: float  # share assumed for a lexeme not listed
    rows: float  # entries in the table


_stats: dict[str, tuple[float, _Stats | None]] = {}


def _lexeme_stats() -> _Stats | None:
    """PostgreSQL's statistics of search_vector (most common lexemes) and the table's size, cached
    per database for STATS_SECONDS; None before the table was first analysed."""
    now = time.monotonic()
    cached = _stats.get(connection.alias)
    if cached is not None and now - cached[0] < STATS_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples"
            " FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'search_vector'"
            " AND s.schemaname = ANY (current_schemas(false)) WHERE c.oid = %s::regclass",
            [TABLE],
        )
        row = cursor.fetchone()
    result = None
    if row and row[0] and row[1] and row[2] and row[2] > 0:
        elems, freqs, rows = row
        # After one share per element come the lowest share, the highest and the share of NULLs.
        result = _Stats(dict(zip(elems, freqs, strict=False)), float(freqs[len(elems)]) / 2, float(rows))
    _stats[connection.alias] = (now, result)
    return result


def forget_statistics() -> None:
    """Drop the cached lexeme statistics (after a bulk load and ANALYZE, say): the next query
    reads them again."""
    _stats.clear()


# Rough costs (microseconds) of the ways PostgreSQL can find candidate rows, for _pg_plan.
COST_HEAP_ROW = 8.0  # fetch a row by its id and check the words on its vector
COST_SCAN_ROW = 3.0  # the same in a sequential scan
COST_GIN_ITEM = 1.0  # one item of a GIN posting list read or skipped to


@dataclass(frozen=True)
class _PgPlan:
    words: list[tuple[str, bool]]  # (token, prefix) looked up in GIN
    filter: str | None  # filter tsquery looked up in GIN
    check: bool  # the words must also be checked on each candidate row


def _pg_plan(tokens: Sequence[str], where: Q) -> _PgPlan | str:
    """How PostgreSQL finds the candidate rows (``_NOTHING`` when ``where`` selects nothing).

    GIN can be given the filter lexemes implied by ``where`` and any of the words; whatever it is
    not given is checked on the rows it returns (and a scan that stops at the candidate cap is used
    when it is given nothing). From the lexeme statistics this picks the cheapest: the reader's
    scope alone when the words are in most documents ("hồ sơ": a few thousand rows read, the scan
    stops at the cap), the scope and a rarer word when matches are sparse in the scope, a prefix
    only when it stands for few documents (GIN cannot skip through a prefix's posting lists).
    Without statistics (a fresh table), GIN gets the exact words and the filter.
    """
    stats = _lexeme_stats()
    prefixes = _prefix_last(tokens)
    if stats is None:
        found = _filter(where, lambda lexeme: 1.0)
        if found == _NOTHING:
            return _NOTHING
        has_filter = isinstance(found, _Filter)
        chosen: list[tuple[str, bool]] = [(t, p) for t, p in zip(tokens, prefixes, strict=True) if not p]
        if not chosen and not has_filter:
            chosen = [(tokens[-1], prefixes[-1])]
        return _PgPlan(chosen, found.tsquery if isinstance(found, _Filter) else None, len(chosen) < len(tokens))

    def share(lexeme: str, prefix: bool = False) -> float:
        if not prefix:
            return stats.shares.get(lexeme, stats.floor)
        return min(1.0, stats.floor + sum(v for k, v in stats.shares.items() if k.startswith(lexeme)))

    found = _filter(where, share)
    if found == _NOTHING:
        return _NOTHING
    n, cap = stats.rows, float(_candidates() + 1)
    words = sorted((share(t, p), t, p) for t, p in zip(tokens, prefixes, strict=True))
    f = found.share if isinstance(found, _Filter) else 1.0

    def cost(filter_in: bool, in_gin: list[tuple[float, str, bool]]) -> float:
        left_out = [w for w in words if w not in in_gin]
        match = 1.0  # share of the candidate rows that match everything
        for s, _t, _p in left_out:
            match *= s
        if not filter_in:
            match *= f
        if not filter_in and not in_gin:
            return min(n, cap / max(match, 1 / n)) * COST_SCAN_ROW
        exact = [n * s for s, _t, p in in_gin if not p] + ([n * f] if filter_in else [])
        partial = [n * s for s, _t, p in in_gin if p]
        candidates = n * (f if filter_in else 1.0)  # rows GIN returns (the words taken as independent)
        for s, _t, _p in in_gin:
            candidates *= s
        gin = (min(exact) * len(exact) if exact else 0.0) + sum(partial)
        return gin * COST_GIN_ITEM + min(candidates, cap / max(match, 1 / n)) * COST_HEAP_ROW

    options = [
        (cost(filter_in, words[:k]), filter_in, k)
        for filter_in in ((False, True) if isinstance(found, _Filter) else (False,))
        for k in range(len(words) + 1)
    ]
    _cost, filter_in, k = min(options)
    picked: list[tuple[str, bool]] = [(t, p) for _s, t, p in words[:k]]
    return _PgPlan(
        picked, found.tsquery if filter_in and isinstance(found, _Filter) else None, len(picked) < len(tokens)
    )


def _candidates() -> int:
    configured = getattr(settings, "QMS_SEARCH_CANDIDATES", None)
    if configured:
        return int(configured)
    return DEFAULT_CANDIDATES.get(connection.vendor, 2_000)


def _ranked_ids(
    tokens: Sequence[str],
    where_sql: str,
    where_params: list[Any],
    limit: int,
    offset: int,
    plan: _PgPlan | None = None,
) -> tuple[list[tuple[int, float]], int]:
    """[(id, rank)] of the page, and the number of matching rows counted (at most the cap + 1)."""
    cap = _candidates() + 1  # one more than counted tells "more than N" from exactly N
    condition = f" AND ({where_sql})" if where_sql else ""
    if connection.vendor == "sqlite":
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        sql = (
            "SELECT id, rank, count(*) OVER () FROM ("
            f" SELECT {FTS_TABLE}.rowid AS id, -bm25({FTS_TABLE}, {weights}) AS rank"
            f" FROM {FTS_TABLE} JOIN {TABLE} INDEXED BY {SQLITE_FILTER_INDEX} ON {TABLE}.id = {FTS_TABLE}.rowid"
            f" WHERE {FTS_TABLE} MATCH %s{condition} LIMIT %s"
            ") ORDER BY rank DESC, id DESC LIMIT %s OFFSET %s"
        )
        params = [_fts5_query(tokens), *where_params, cap, limit, offset]
        count_sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE}"
            f" JOIN {TABLE} INDEXED BY {SQLITE_FILTER_INDEX} ON {TABLE}.id = {FTS_TABLE}.rowid"
            f" WHERE {FTS_TABLE} MATCH %s{condition} LIMIT %s)"
        )
        count_params = [_fts5_query(tokens), *where_params, cap]
    elif connection.vendor == "postgresql":
        assert plan is not None
        vector = f'"{TABLE}"."search_vector"'
        looked_up, match_params = [], []
        if plan.words:
            looked_up.append("to_tsquery('simple', %s)")
            match_params.append(" & ".join(f"'{t}':*" if p else f"'{t}'" for t, p in plan.words))
        if plan.filter:
            looked_up.append("%s::tsquery")
            match_params.append(plan.filter)
        conditions = [f"{vector} @@ ({' && '.join(looked_up)})"] if looked_up else []
        if plan.check:  # ts_match_vq is @@ that the planner cannot send to the index
            conditions.append(f"ts_match_vq({vector}, to_tsquery('simple', %s))")
            match_params.append(_tsquery(tokens, "&"))
        match = " AND ".join(conditions)
        # Rank on the small code+title vector with the words OR-ed (a title holding some of them
        # still ranks above a body-only match); body-only matches tie at 0 and come newest first.
        sql = (
            "WITH cand AS MATERIALIZED ("
            f' SELECT "{TABLE}"."id", "{TABLE}"."search_head", "{TABLE}"."dated" FROM "{TABLE}"'
            f" WHERE {match}{condition} LIMIT %s"
            ") SELECT id, ts_rank_cd(search_head, to_tsquery('simple', %s)) AS rank, count(*) OVER ()"
            " FROM cand ORDER BY rank DESC, dated DESC NULLS LAST, id DESC LIMIT %s OFFSET %s"
        )
        params = [*match_params, *where_params, cap, _tsquery(tokens, "|"), limit, offset]
        count_sql = f'SELECT count(*) FROM (SELECT 1 FROM "{TABLE}" WHERE {match}{condition} LIMIT %s) AS c'
        count_params = [*match_params, *where_params, cap]
    else:  # pragma: no cover
        raise NotImplementedError(f"full-text search is not implemented for {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if rows:
            total = rows[0][2]
        elif offset:
            cursor.execute(count_sql, count_params)
            total = cursor.fetchone()[0]
        else:
            total = 0
    return [(r[0], float(r[1] or 0.0)) for r in rows], total


def query(text: str, *, where: Q, limit: int, offset: int = 0) -> SearchPage:
    """The entries matching ``text`` among those selected by ``where``, best first.

    ``where`` is a ``Q`` on :class:`SearchEntry` combining the reader's permissions and filters;
    the caller builds it. Empty or punctuation-only ``text`` gives an empty page. Two queries:
    ranked ids with the total, then the rows of the page (the body read up to
    ``SNIPPET_SCAN_CHARS`` for the snippet).
    """
    tokens = terms(text)
    if not tokens or limit <= 0:
        return SearchPage(total=0, terms=tuple(tokens))
    compiled = _where_sql(where)
    if compiled is None:
        return SearchPage(total=0, terms=tuple(tokens))
    plan = _pg_plan(tokens, where) if connection.vendor == "postgresql" else None
    if isinstance(plan, str):  # _NOTHING
        return SearchPage(total=0, terms=tuple(tokens))
    ranked, counted = _ranked_ids(tokens, compiled[0], compiled[1], limit, max(offset, 0), plan)
    cap = _candidates()
    total, more = min(counted, cap), counted > cap
    if not ranked:
        return SearchPage(total=total, terms=tuple(tokens), total_is_lower_bound=more)
    rows = {
        e.pk: e
        for e in SearchEntry.objects.filter(pk__in=[pk for pk, _ in ranked])
        .defer("body")
        .annotate(body_head=Left("body", SNIPPET_SCAN_CHARS))
    }
    prefixes = _prefix_last(tokens)
    hits = []
    for pk, rank in ranked:
        e = rows.get(pk)
        if e is None:  # deleted between the two queries
            continue
        snippet = highlight_snippet(e.body_head, tokens, prefixes)  # type: ignore[attr-defined]
        title_html = highlight(e.title, tokens, prefixes)
        hits.append(
            SearchHit(
                id=e.pk,
                source=e.source,
                source_id=e.source_id,
                scope_path=e.scope_path,
                agency_id=e.agency_id,
                kind=e.kind,
                status=e.status,
                public=e.public,
                code=e.code,
                title=e.title,
                dated=e.dated,
                url=e.url,
                organisation_name=e.organisation_name,
                rank=rank,
                snippet=snippet or title_html,
                title_html=title_html,
            )
        )
    return SearchPage(total=total, hits=hits, total_is_lower_bound=more, terms=tuple(tokens))


# --- Snippets -----------------------------------------------------------------------------------


_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")


def _fold_same_length(text: str) -> str:
    return text.translate(_FOLD_TABLE)


def _matcher(tokens: Sequence[str], prefixes: Sequence[bool]) -> re.Pattern[str]:
    alternatives = sorted(
        (re.escape(t) + (r"[^\W_]*" if p else "") for t, p in zip(tokens, prefixes, strict=True)),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


def _term_of(word: str, tokens: Sequence[str], prefixes: Sequence[bool]) -> str:
    for t, p in zip(tokens, prefixes, strict=True):
        if word == t or (p and word.startswith(t)):
            return t
    return word


def _render(text: str, spans: Sequence[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(_SPACE.sub(" ", text[pos:s])))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(_SPACE.sub(" ", text[pos:end])))
    return "".join(out)


def highlight(text: str, tokens: Sequence[str], prefixes: Sequence[bool] | None = None) -> SafeString:
    """``text`` escaped, every word matching one of the folded ``tokens`` wrapped in ``<mark>``."""
    text = unicodedata.normalize("NFC", text or "")
    prefixes = list(prefixes) if prefixes is not None else _prefix_last(tokens)
    if not tokens:
        return mark_safe(html.escape(text))
    spans = [m.span() for m in _matcher(tokens, prefixes).finditer(_fold_same_length(text))]
    return mark_safe(_render(text, spans, 0, len(text)))


def highlight_snippet(text: str, tokens: Sequence[str], prefixes: Sequence[bool] | None = None) -> SafeString:
    """About 30 words of ``text`` around the place where most query words occur together,
    escaped, matches in ``<mark>``; an empty string when no word of ``text`` matches."""
    text = unicodedata.normalize("NFC", text or "")
    prefixes = list(prefixes) if prefixes is not None else _prefix_last(tokens)
    if not text or not tokens:
        return mark_safe("")
    folded = _fold_same_length(text)
    matches: list[tuple[int, int, str]] = []
    for m in _matcher(tokens, prefixes).finditer(folded):
        matches.append((m.start(), m.end(), _term_of(m.group(), tokens, prefixes)))
        if len(matches) >= 500:
            break
    if not matches:
        return mark_safe("")
    # The best window: the most distinct query words, then the most matches, earliest first.
    lead = SNIPPET_CHARS // 4
    best, best_score = 0, (-1, -1)
    j = 0
    for i, (s, _e, _t) in enumerate(matches):
        window_end = s - lead + SNIPPET_CHARS
        j = max(j, i)
        while j + 1 < len(matches) and matches[j + 1][1] <= window_end:
            j += 1
        window = matches[i : j + 1]
        score = (len({t for *_, t in window}), len(window))
        if score > best_score:
            best, best_score = i, score
    anchor = matches[best][0]
    region = max(0, anchor - 400)
    words = [m.span() for m in _WORD.finditer(text, region, anchor + 1200)]
    if region > 0 and words and words[0][0] == region and not text[region - 1].isspace():
        words = words[1:]  # a word cut by the region's start
    at = next(i for i, (_s, e) in enumerate(words) if e > anchor)
    first = max(0, at - SNIPPET_WORDS_BEFORE)
    last = min(len(words), first + SNIPPET_WORDS)
    start, end = words[first][0], words[last - 1][1]
    if not text[end:].strip():
        end = len(text)
    body = _render(text, [(s, e) for s, e, _t in matches], start, end).strip()
    prefix = "… " if text[:start].strip() else ""
    suffix = " …" if text[end:].strip() else ""
    return mark_safe(f"{prefix}{body}{suffix}")
