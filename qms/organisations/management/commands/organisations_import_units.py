"""``qms organisations_import_units [--province CODE]``: official provinces and communes."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qms.organisations.services import units_import


class Command(BaseCommand):
    help = "Nhập (hoặc cập nhật) 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu từ gói vietnam-provinces."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", help="Chỉ nhập một tỉnh, thành phố (mã 2 chữ số, ví dụ 22).")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = units_import(actor=None, province=options.get("province"))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã xử lý {result.total} đơn vị: thêm mới {result.created}, cập nhật {result.updated}, "
                f"không đổi {result.unchanged} ({elapsed:.1f} giây)."
            )
        )
