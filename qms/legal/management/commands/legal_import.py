"""``qms legal_import FILE [--dry-run]``: import legal texts from a CSV or Excel (.xlsx) file."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qms.legal.importing import LegalImportError
from qms.legal.services_import import legal_texts_import


class Command(BaseCommand):
    help = (
        "Nhập văn bản pháp luật từ tệp CSV hoặc Excel (.xlsx): cột số, ký hiệu; loại văn bản; cơ quan ban hành; "
        "trích yếu; ngày ký; ngày hiệu lực. Có lỗi thì không nhập gì; nhập lại cùng tệp không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp .csv hoặc .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = legal_texts_import(actor=None, path=options["file"], dry_run=options["dry_run"])
        except LegalImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Tệp có {len(exc.problems)} lỗi, chưa nhập văn bản nào.") from exc
        except (ValidationError, OSError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        prefix = "Kiểm tra xong (chưa ghi): sẽ " if options["dry_run"] else "Đã "
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}thêm mới {result.created}, cập nhật {result.updated}; không đổi {result.unchanged} văn bản."
            )
        )
