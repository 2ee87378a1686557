"""``qms procedures_import FILE --catalogue 22 [--decision SỐ --signed-on dd/mm/yyyy] [--dry-run]``:
import a province's TTHC catalogue (or a publishing decision's annex) from CSV or Excel (.xlsx)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from qms.core.display import format_date
from qms.organisations.models import Organisation
from qms.procedures.importing import CatalogueImportError
from qms.procedures.services import catalogue_import
from qms.procedures.services_import import CatalogueImportResult


def _date(value: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày “{value}” không hợp lệ (dd/mm/yyyy).")


class Command(BaseCommand):
    help = (
        "Nhập danh mục TTHC của tỉnh từ tệp CSV hoặc Excel (.xlsx): mã TTHC, tên, lĩnh vực, cấp thực hiện, thời hạn, "
        "phí, lệ phí, căn cứ pháp lý, quyết định công bố, cơ quan thực hiện (mã hoặc tên, ngăn cách bằng “;”). "
        "Có lỗi thì không nhập gì; nhập lại cùng tệp không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp .csv hoặc .xlsx")
        parser.add_argument("--catalogue", required=True, help="Mã tỉnh, thành phố có danh mục (ví dụ 22)")
        parser.add_argument("--decision", default="", help="Số, ký hiệu quyết định công bố (cho các dòng không ghi)")
        parser.add_argument("--signed-on", default="", help="Ngày ký quyết định công bố (dd/mm/yyyy)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            catalogue = Organisation.objects.get(code=options["catalogue"])
        except Organisation.DoesNotExist:
            raise CommandError(f"Không có tổ chức mã “{options['catalogue']}”.") from None
        signed_on = _date(options["signed_on"]) if options["signed_on"] else None
        try:
            result = catalogue_import(
                actor=None,
                catalogue=catalogue,
                path=options["file"],
                decision_number=options["decision"],
                decision_signed_on=signed_on,
                dry_run=options["dry_run"],
            )
        except CatalogueImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Tệp có {len(exc.problems)} lỗi, chưa nhập TTHC nào.") from exc
        except (ValidationError, OSError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        prefix = "Kiểm tra xong (chưa ghi): sẽ " if options["dry_run"] else "Đã "
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}thêm mới {result.added}, sửa đổi {result.amended}, bãi bỏ {result.abolished} TTHC; "
                f"giao {result.assigned}, thôi giao {result.unassigned} lượt cơ quan; không đổi {result.unchanged} TTHC."
            )
        )
        for decision in result.decisions:
            late = " — CẬP NHẬT MUỘN" if decision.is_late else ""
            self.stdout.write(
                f"Quyết định {decision.number} ký {format_date(decision.signed_on)}: hạn cập nhật "
                f"{format_date(decision.due_on)}, cập nhật {format_date(decision.recorded_on)}{late}"
            )
        self._annex(result)
        if result.not_computable:
            self.stdout.write(f"{len(result.not_computable)} TTHC chưa tính được thời hạn theo ngày làm việc:")
            for row, code, text in result.not_computable[:50]:
                self.stdout.write(f"  dòng {row} {code}: {text[:100] or _('(tệp và danh mục đều chưa có thời hạn)')}")
        if not options["dry_run"]:
            self.stdout.write(f"Đã mở {result.obligations_opened} nghĩa vụ xây dựng quy trình.")

    def _annex(self, result: CatalogueImportResult) -> None:
        """What was read from the annex's section rows, matched by name or listed at several levels."""
        if result.sections:
            self.stdout.write(_("Dòng mục (cấp thực hiện, lĩnh vực) đọc từ tệp:"))
            for section in result.sections:
                line = _("  dòng %(row)s: %(title)s — %(found)s dòng TTHC") % {
                    "row": section.row,
                    "title": section.heading.title[:100],
                    "found": section.found,
                }
                if section.count_differs:
                    line += _(" — KHÁC SỐ GHI Ở MỤC (%(stated)s)") % {"stated": section.heading.stated}
                self.stdout.write(line)
        if result.matched_by_name:
            self.stdout.write(_("Dòng không ghi mã, ghép theo tên với TTHC trong danh mục:"))
            for row, code, name in result.matched_by_name:
                self.stdout.write(f"  {_('dòng')} {row} → {code}: {name[:100]}")
        if result.several_levels:
            self.stdout.write(_("TTHC ghi ở nhiều cấp (danh mục ghi một cấp thực hiện cho mỗi TTHC):"))
            for row, code, levels in result.several_levels:
                self.stdout.write(f"  {_('dòng')} {row} {code}: {levels}")
