"""``qms procedures_load_calendar [FILE] [--year 2026 [--replace]]``: load the holiday calendar
(the shipped Vietnamese public holidays 2024-2027 by default)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qms.procedures.services_calendar import SHIPPED, calendar_import


class Command(BaseCommand):
    help = (
        "Nạp lịch ngày nghỉ lễ, Tết, nghỉ bù và ngày làm bù từ tệp CSV (day, kind, name, basis); mặc định là lịch "
        "kèm theo phần mềm (2024-2027). Nạp lại không tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(SHIPPED), help="Tệp CSV (mặc định: lịch kèm theo)")
        parser.add_argument("--year", type=int, help="Chỉ nạp các ngày của năm này")
        parser.add_argument("--replace", action="store_true", help="Xoá các ngày của năm --year không có trong tệp")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["replace"] and not options["year"]:
            raise CommandError("--replace cần --year.")
        try:
            result = calendar_import(
                actor=None, path=options["file"], year=options["year"], replace_year=options["replace"]
            )
        except (ValidationError, OSError) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                self.stderr.write(message)
            raise CommandError("Chưa nạp ngày nào.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp lịch: thêm {len(result.created)}, sửa {len(result.updated)}, xoá {result.removed}, "
                f"không đổi {result.unchanged} ngày."
            )
        )
