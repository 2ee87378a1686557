"""``qms restore ARCHIVE``: put back what ``qms backup`` saved (qms.core.backup).

Stop the web server and the workers first: the database is replaced as a whole. Every checksum
and the schema are checked before anything changes; a database or storage that already holds
data is only overwritten with ``--force`` or after typing "yes".
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qms.core import backup


class Command(BaseCommand):
    help = gettext_noop(
        "Khôi phục cơ sở dữ liệu và các tệp từ một bản sao lưu của qms backup, kiểm tra mã SHA-256 và lược đồ trước."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _(self.help)  # marked above, translated when shown (argparse refuses lazy strings)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help=_("Tệp .zip do qms backup tạo."))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Ghi đè cơ sở dữ liệu và kho tệp đang có dữ liệu mà không hỏi lại."),
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=_("Không hỏi gì: từ chối nếu đích đã có dữ liệu (trừ khi có --force)."),
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Chỉ kiểm tra bản sao lưu (mã SHA-256, lược đồ), không thay đổi gì."),
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help=_("Bí danh cơ sở dữ liệu (mặc định: default).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        using = options["database"]
        started = time.monotonic()
        try:
            if options["check"]:
                manifest = backup.verify_backup(path, using=using)
                self._describe(manifest)
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Bản sao lưu nguyên vẹn: cơ sở dữ liệu và %(files)s tệp khớp mã SHA-256 trong bản kê.")
                        % {"files": len(manifest["files"])}
                    )
                )
                return
            result = backup.restore_backup(
                path,
                using=using,
                force=options["force"],
                confirm=self._confirm if options["interactive"] else None,
            )
        except backup.TargetNotEmpty as error:
            raise CommandError(
                _("%(error)s Dùng --force để ghi đè (sau khi đã sao lưu dữ liệu hiện có).") % {"error": error}
            ) from error
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self._report(result, time.monotonic() - started, options["verbosity"])

    def _describe(self, manifest: backup.Manifest) -> None:
        database = manifest["database"]
        self.stdout.write(
            _(
                "Bản sao lưu tạo lúc %(created)s, phiên bản %(version)s, cơ sở dữ liệu %(kind)s %(server)s, %(files)s tệp."
            )
            % {
                "created": manifest["created_at"],
                "version": manifest["product_version"],
                "kind": backup.KIND_LABELS.get(database["kind"], database["kind"]),
                "server": database["server_version"],
                "files": len(manifest["files"]),
            }
        )

    def _confirm(self, contents: backup.TargetContents) -> bool:
        counts = {"rows": sum(contents.tables.values()), "tables": len(contents.tables)}
        if contents.has_files:
            self.stdout.write(_("Đích đang có %(rows)s dòng dữ liệu trong %(tables)s bảng, và có tệp đã lưu.") % counts)
        else:
            self.stdout.write(_("Đích đang có %(rows)s dòng dữ liệu trong %(tables)s bảng.") % counts)
        self.stdout.write(_("Khôi phục sẽ thay toàn bộ cơ sở dữ liệu bằng nội dung của bản sao lưu."))
        try:
            answer = input(_('Gõ "yes" để tiếp tục, phím khác để hủy: '))
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError(_("Đã hủy: không thay đổi gì."))
        return True

    def _report(self, result: backup.RestoreResult, seconds: float, verbosity: int) -> None:
        self._describe(result.manifest)
        values = {
            "written": result.files_written,
            "unchanged": result.files_unchanged,
            "seconds": number_format(seconds, 1),
        }
        if result.files_unchanged:
            message = _(
                "Đã khôi phục cơ sở dữ liệu và %(written)s tệp (%(unchanged)s tệp đã có sẵn, giống hệt) trong %(seconds)s giây."
            )
        else:
            message = _("Đã khôi phục cơ sở dữ liệu và %(written)s tệp trong %(seconds)s giây.")
        self.stdout.write(self.style.SUCCESS(message % values))
        shown = {t: n for t, n in result.tables.items() if n or verbosity > 1}
        self.stdout.write(_("Số dòng theo bảng:"))
        width = max((len(t) for t in shown), default=0)
        for table, rows in sorted(shown.items()):
            self.stdout.write(f"  {table.ljust(width)}  {rows:>10}")
        self.stdout.write(
            _("Tổng: %(rows)s dòng trong %(tables)s bảng (%(empty)s bảng trống).")
            % {
                "rows": sum(result.tables.values()),
                "tables": len(result.tables),
                "empty": sum(1 for n in result.tables.values() if not n),
            }
        )
        if result.files_extra:
            self.stdout.write(
                self.style.WARNING(
                    _("%(count)s tệp trong kho không có trong bản sao lưu: được giữ nguyên.")
                    % {"count": result.files_extra}
                )
            )
        if result.needs_migrate:
            self.stdout.write(
                self.style.WARNING(
                    _('Bản sao lưu có lược đồ cũ hơn mã nguồn này: chạy "qms migrate" trước khi mở lại.')
                )
            )
        if result.mismatched:
            raise CommandError(
                _("Số dòng sau khi khôi phục khác bản kê ở các bảng: %(tables)s.")
                % {"tables": ", ".join(result.mismatched)}
            )
        self.stdout.write(self.style.SUCCESS(_("Số dòng khớp với bản kê của bản sao lưu.")))
