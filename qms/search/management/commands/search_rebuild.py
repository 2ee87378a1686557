"""Re-create the full-text search index from the search entries (qms.core.search.rebuild), after
rewriting the entries of the TTHC catalogue from the catalogue itself (a database whose catalogue
was imported before procedures were searchable, or loaded around the services)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from qms.core import search
from qms.procedures import search_index as procedure_index


class Command(BaseCommand):
    help = (
        "Ghi lại mục tìm kiếm của danh mục thủ tục hành chính, rồi dựng lại chỉ mục tìm kiếm toàn văn "
        "từ bảng mục tìm kiếm (SQLite FTS5 / PostgreSQL tsvector)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        procedures = procedure_index.index_catalogues()
        count = search.rebuild()
        self.stdout.write(
            f"{procedures} thủ tục hành chính đã được ghi lại; "
            f"{count} mục đã được lập chỉ mục lại trong {time.monotonic() - started:.1f} giây."
        )
