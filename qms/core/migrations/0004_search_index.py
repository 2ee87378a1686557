"""The full-text index beside core_searchentry (see qms/core/search.py and docs/decisions/0002).

SQLite: an FTS5 table holding the folded text, maintained by qms.core.search.
PostgreSQL: unaccent, an IMMUTABLE wrapper, two STORED generated tsvector columns (search_head: code
and title with weights and positions, for ranking; search_vector: that plus the body's lexemes
without positions, for matching) and a GIN index,
plus a partial index on public entries so that "public OR in my scope" can use indexes.
The same file runs on both databases; other vendors get no index (search raises there).
"""

from django.db import migrations

FTS_TABLE = "core_searchentry_fts"
FILTER_INDEX = "search_entry_filter_idx"

# Punctuation and symbols become spaces before PostgreSQL's parser sees the text, or it would
# read "19/2014/qd-ttg" as a file name and "1.2.3" as a version (one token each).
PUNCTUATION = r"[[:punct:][:space:]\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u2bff\u3000-\u303f\ufeff]+"


def _vector(columns_weights):
    return " || ".join(
        f"setweight(to_tsvector('simple'::regconfig, qms_search_text({column})), '{weight}')"
        for column, weight in columns_weights
    )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "code, title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
        # The FTS matches are joined to the entries through this covering index, so that filtering
        # thousands of matches never reads the (large) entry rows themselves.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {FILTER_INDEX} ON core_searchentry"
            " (id, public, status, agency_id, source, kind, dated, scope_path)"
        )
    elif vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
            schema = cursor.fetchone()[0]
        # unaccent() is only STABLE (it reads its dictionary through the search path); naming the
        # dictionary and the function with their schema makes the wrapper safe to declare IMMUTABLE.
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION qms_unaccent(text) RETURNS text"
            " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS"
            f" $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
        )
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION qms_search_text(text) RETURNS text"
            " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS"
            f" $$ SELECT regexp_replace(qms_unaccent(lower($1)), E'{PUNCTUATION}', ' ', 'g') $$"
        )
        # Filter lexemes: "_p<path prefix>" for each ancestor of scope_path, "_a<agency>", "_public",
        # "_s<status>", "_o<source>", "_k<kind>". They cannot clash with words (text lexemes never
        # contain "_"), and let a scoped query drive the GIN scan from its rare scope lexemes
        # instead of walking the posting lists of common words (qms.core.search._filter_tsquery).
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION qms_search_filters("
            "scope_path text, agency_id bigint, public boolean, status text, source text, kind text)"
            " RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
            " SELECT array_to_tsvector(array_remove(ARRAY("
            "   SELECT '_p' || array_to_string(parts[1:i], '')"
            "   FROM (SELECT string_to_array(trim(trailing '/' from $1), '/') AS parts) AS p,"
            "        generate_subscripts(parts, 1) AS i"
            "   WHERE $1 <> ''"
            " ) || ARRAY["
            "   CASE WHEN $2 IS NOT NULL THEN '_a' || $2 END,"
            "   CASE WHEN $3 THEN '_public' END,"
            "   CASE WHEN $4 <> '' THEN '_s' || $4 END,"
            "   CASE WHEN $5 <> '' THEN '_o' || $5 END,"
            "   CASE WHEN $6 <> '' THEN '_k' || $6 END"
            " ], NULL)) $$"
        )
        head = _vector([("code", "A"), ("title", "B")])
        # The body only has to match, never to rank (ranking reads search_head): its positions are
        # stripped, which keeps the vector small for long documents.
        full = (
            f"{head} || strip(to_tsvector('simple'::regconfig, qms_search_text(body)))"
            " || qms_search_filters(scope_path, agency_id, public, status, source, kind)"
        )
        schema_editor.execute(
            "ALTER TABLE core_searchentry"
            f" ADD COLUMN search_head tsvector GENERATED ALWAYS AS ({head}) STORED,"
            f" ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({full}) STORED"
        )
        schema_editor.execute("CREATE INDEX search_entry_vector_gin ON core_searchentry USING gin (search_vector)")
        schema_editor.execute("CREATE INDEX search_entry_public_idx ON core_searchentry (id) WHERE public")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FILTER_INDEX}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_public_idx")
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_vector_gin")
        schema_editor.execute(
            "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS search_vector, DROP COLUMN IF EXISTS search_head"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS qms_search_text(text)")
        schema_editor.execute("DROP FUNCTION IF EXISTS qms_search_filters(text, bigint, boolean, text, text, text)")
        schema_editor.execute("DROP FUNCTION IF EXISTS qms_unaccent(text)")
        # The unaccent extension stays: other objects may use it.


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_searchentry_storedfile"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
