"""The daily re-publication check: schedule it once a day (cron or a systemd timer).

    0 2 * * *  /srv/qms/.venv/bin/qms publication_check

Compares every current publication with the live scope of its agency, stores the difference and
opens (or closes) the REPUBLICATION obligations. Idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from qms.publication import services


class Command(BaseCommand):
    help = "Phát hiện thay đổi phạm vi sau công bố và nhắc công bố lại HTQLCL (chạy hằng ngày)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.publication_check(actor=None)
        self.stdout.write(
            f"Đã kiểm tra {result.checked} quyết định công bố; {result.drifted} cơ quan cần công bố lại "
            f"(nhắc việc mới: {result.opened}, đã đóng: {result.closed})."
        )
