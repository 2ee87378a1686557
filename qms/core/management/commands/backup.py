"""``qms backup``: the database and the stored files in one archive (qms.core.backup).

Schedule it daily (see docs/operations.md, "Backup")::

    30 1 * * *  /srv/qms/.venv/bin/qms backup --output /srv/backups/qms/
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qms.core import backup


class Command(BaseCommand):
    help = gettext_noop(
        "Sao lưu cơ sở dữ liệu và các tệp đã lưu vào một tệp .zip có bản kê (phiên bản, lược đồ, số dòng, mã SHA-256)."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _(self.help)  # marked above, translated when shown (argparse refuses lazy strings)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            default=".",
            help=_(
                "Thư mục (tệp được đặt tên qms-backup-NĂMTHÁNGNGÀY-GIỜPHÚTGIÂY.zip) hoặc đường dẫn tệp; mặc định: thư mục hiện tại."
            ),
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help=_("Bí danh cơ sở dữ liệu (mặc định: default).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        destination = output / backup.default_archive_name() if output.is_dir() else output
        if not destination.parent.is_dir():
            raise CommandError(_("Thư mục %(path)s không tồn tại.") % {"path": destination.parent})
        started = time.monotonic()
        try:
            manifest = backup.create_backup(destination, using=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        if options["verbosity"] < 1:
            return
        database = manifest["database"]
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã sao lưu vào %(path)s (%(size)s) trong %(seconds)s giây.")
                % {
                    "path": destination,
                    "size": filesizeformat(destination.stat().st_size),
                    "seconds": number_format(seconds, 1),
                }
            )
        )
        self.stdout.write(
            _("Cơ sở dữ liệu %(kind)s: %(tables)s bảng, %(rows)s dòng. Tệp đã lưu: %(files)s (%(files_size)s).")
            % {
                "kind": backup.KIND_LABELS[database["kind"]],
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
                "files": len(manifest["files"]),
                "files_size": filesizeformat(sum(f["size"] for f in manifest["files"].values())),
            }
        )
