"""qms_search_text() names qms_unaccent() with its schema.

pg_restore runs with an empty search path; an unqualified call inside the SQL function's body then
fails while the generated search columns are computed, so a plain ``pg_dump`` / ``pg_restore`` of
the database could not be restored. Same result, only the name is qualified. Nothing on SQLite.
"""

import importlib

from django.db import migrations

PUNCTUATION = importlib.import_module("qms.core.migrations.0004_search_index").PUNCTUATION


def _body(unaccent: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION {schema}qms_search_text(text) RETURNS text"
        " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS"
        f" $$ SELECT regexp_replace({unaccent}(lower($1)), E'{PUNCTUATION}', ' ', 'g') $$"
    )


def _schema_of(cursor, function: str) -> str:
    cursor.execute(
        "SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = %s",
        [function],
    )
    return cursor.fetchone()[0]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        schema = _schema_of(cursor, "qms_unaccent")
    schema_editor.execute(_body(f"{schema}.qms_unaccent").format(schema=f"{schema}."))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        schema = _schema_of(cursor, "qms_search_text")
    schema_editor.execute(_body("qms_unaccent").format(schema=f"{schema}."))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_search_index"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
