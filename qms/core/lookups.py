"""Vietnamese-aware text lookups that behave the same on SQLite and PostgreSQL.

SQLite's ``LIKE``, ``lower()`` and therefore Django's ``icontains`` / ``iexact`` fold ASCII only:
"ĐỖ" does not match "đỗ", "Đặng" is not "đặng". PostgreSQL folds case for every letter but keeps
accents. These lookups compare :func:`qms.core.text.fold`-ed text (lower case, no diacritics,
đ → d) on both databases:

* ``name__fcontains="do van"`` — the folded column contains the folded term (user-facing search);
* ``code__fexact="22-STP"`` — the folded column equals the folded value (uniqueness checks).

On PostgreSQL the column is folded by ``lower(qms_unaccent(…))`` (``qms_unaccent`` comes with the
search index, core migration 0004); on SQLite by ``qms_fold(…)``, a Python function registered on
each new connection (:func:`register_sqlite_functions`). Only queries use it, never a trigger or an
index, so other clients of the database file are unaffected. The scan reads every row of the
filtered table: meant for tables of people, rules and codes, not for the full-text index.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup

from .text import fold


def folded_sql(sql: str, connection: BaseDatabaseWrapper) -> str:
    """SQL folding the text expression ``sql`` the way :func:`fold` does."""
    if connection.vendor == "postgresql":
        return f"lower(qms_unaccent({sql}))"
    return f"qms_fold({sql})"


class _FoldedLookup(Lookup):
    prepare_rhs = False

    def folded_value(self) -> str:
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError(f"__{self.lookup_name} compares with a string, not an expression")
        return fold(str(self.rhs))

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        operator, value = self.operator_and_value(connection)
        return f"{folded_sql(lhs, connection)} {operator}", (*lhs_params, value)

    def operator_and_value(self, connection: BaseDatabaseWrapper) -> tuple[str, str]:
        raise NotImplementedError


@models.CharField.register_lookup
@models.TextField.register_lookup
class FoldedContains(_FoldedLookup):
    """The folded column contains the folded term ("dang" and "ĐẶNG" find "Đặng Thu Trang")."""

    lookup_name = "fcontains"

    def operator_and_value(self, connection: BaseDatabaseWrapper) -> tuple[str, str]:
        # Django's own "contains" operator: LIKE with the backend's escape character.
        operators: dict[str, str] = connection.operators  # type: ignore[attr-defined]
        return operators["contains"], f"%{connection.ops.prep_for_like_query(self.folded_value())}%"


@models.CharField.register_lookup
@models.TextField.register_lookup
class FoldedExact(_FoldedLookup):
    """The folded column equals the folded value ("123/qđ-ubnd" is "123/QĐ-UBND")."""

    lookup_name = "fexact"

    def operator_and_value(self, connection: BaseDatabaseWrapper) -> tuple[str, str]:
        return "= %s", self.folded_value()


def _sqlite_fold(value: Any) -> str | None:
    return None if value is None else fold(str(value))


def register_sqlite_functions(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: give each SQLite connection ``qms_fold(text)``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("qms_fold", 1, _sqlite_fold, deterministic=True)
