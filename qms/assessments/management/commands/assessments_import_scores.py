"""``qms assessments_import_scores --rubric CODE --organisation CODE --year YYYY --kind self|inspection
FILE [--dry-run] [--json]``: import a filled score sheet (Excel or CSV) into an assessment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from qms.assessments import scoresheet, scoring
from qms.assessments.selectors import rubric_get
from qms.assessments.services_import import scoresheet_import
from qms.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Nhập bảng điểm đã chấm (Excel .xlsx hoặc CSV: cột TT, Tiêu chí đánh giá, Điểm tối đa, Điểm tự chấm / "
        "Điểm kiểm tra). Mọi tổng được tính lại từ điểm các tiêu chí; báo mọi tổng nhóm, tổng cộng và điểm tối đa "
        "ghi trong tệp không khớp. Có lỗi thì không ghi gì; nhập lại cùng tệp không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--rubric", required=True, help="Mã bộ tiêu chí, ví dụ daknong-2020 (có thể thêm :phiên bản)"
        )
        parser.add_argument("--organisation", help="Mã cơ quan được đánh giá (bỏ trống được khi --dry-run)")
        parser.add_argument("--year", type=int, help="Năm đánh giá")
        parser.add_argument(
            "--kind", choices=["self", "inspection"], required=True, help="self = tự chấm; inspection = kiểm tra"
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng một đối tượng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        code, _sep, version = options["rubric"].partition(":")
        try:
            rubric = rubric_get(code, int(version) if version.isdigit() else None)
        except Http404:
            raise CommandError(f"Không có bộ tiêu chí đang áp dụng mang mã “{options['rubric']}”.") from None
        agency = None
        if options.get("organisation"):
            agency = Organisation.objects.filter(code__fexact=options["organisation"]).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan nào mang mã “{options['organisation']}”.")
        elif not options["dry_run"]:
            raise CommandError("Cần --organisation (chỉ bỏ trống được khi dùng --dry-run).")
        if agency is not None and not options.get("year"):
            raise CommandError("Cần --year khi có --organisation.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp “{path}”: {exc.strerror}") from exc
        try:
            report = scoresheet_import(
                actor=None,
                rubric=rubric,
                kind=options["kind"],
                data=data,
                filename=path.name,
                agency=agency,
                year=options.get("year"),
                dry_run=options["dry_run"],
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            self._print(report)
        if report.errors:
            raise CommandError(f"Tệp có {len(report.errors)} lỗi: chưa ghi điểm nào.")

    def _print(self, report: scoresheet.SheetReport) -> None:
        for error in report.errors:
            self.stderr.write(str(error))
        fmt = scoring.fmt
        stated = fmt(report.stated_total) if report.stated_total is not None else "—"
        self.stdout.write(f"Tổng điểm tính từ các tiêu chí: {fmt(report.computed_total)} / {fmt(report.max_total)}")
        self.stdout.write(f"Tổng điểm ghi trong tệp: {stated}")
        for part in report.parts:
            part_stated = fmt(part.stated) if part.stated is not None else "—"
            self.stdout.write(
                f"  Phần {part.code}: ghi {part_stated}, tính được {fmt(part.computed)} / {fmt(part.max_points)}"
            )
        if report.mismatches:
            self.stdout.write(self.style.WARNING(f"{len(report.mismatches)} chỗ không khớp:"))
            for m in report.mismatches:
                self.stdout.write("  " + scoresheet.mismatch_text(m))
        if report.missing:
            self.stdout.write(f"Tiêu chí không có trong tệp (giữ nguyên): {', '.join(report.missing)}")
        if report.errors:
            return
        if report.dry_run:
            self.stdout.write(self.style.SUCCESS("Kiểm tra xong, chưa ghi gì (--dry-run)."))
        elif report.written:
            self.stdout.write(self.style.SUCCESS(f"Đã ghi điểm {report.changed} tiêu chí."))
        else:
            self.stdout.write(self.style.SUCCESS("Không có gì thay đổi (điểm trong tệp đã có)."))
