"""``qms legal_sync_obligations [--organisation CODE]``: derive legal-update obligations (3-month rule)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qms.legal.services import legal_obligations_sync
from qms.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Tạo các nghĩa vụ cập nhật tài liệu còn thiếu khi văn bản pháp luật được viện dẫn bị thay thế, "
        "sửa đổi hoặc có hiệu lực sau khi viện dẫn (hạn 3 tháng sau ngày có hiệu lực). Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="Chỉ xét tài liệu của cơ quan này và các đơn vị trực thuộc (mã).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        code = options.get("organisation")
        if code:
            organisation = Organisation.objects.filter(code__fexact=code).first()
            if organisation is None:
                raise CommandError(f"Không có cơ quan, đơn vị nào mang mã “{code}”.")
        started = time.perf_counter()
        result = legal_obligations_sync(actor=None, organisation=organisation)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {result.created} nghĩa vụ mới; {result.existing} nghĩa vụ đã có ({elapsed:.1f} giây)."
            )
        )
