"""Re-create the full-text search index from the search entries (qms.core.search.rebuild)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from qms.core import search


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm toàn văn từ bảng mục tìm kiếm (SQLite FTS5 / PostgreSQL tsvector)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = search.rebuild()
        self.stdout.write(f"{count} mục đã được lập chỉ mục lại trong {time.monotonic() - started:.1f} giây.")
