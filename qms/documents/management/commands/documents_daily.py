"""The daily run of document control: schedule it once a day (cron or a systemd timer).

    0 1 * * *  /srv/qms/.venv/bin/qms documents_daily

It makes approved revisions effective on their date (distributing them) and derives the
legal-update obligations of every citing document (idempotent: running it twice changes nothing).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from qms.documents import services
from qms.legal import services as legal_services


class Command(BaseCommand):
    help = "Hiệu lực các lần ban hành đến ngày và tính nghĩa vụ cập nhật theo văn bản pháp luật (chạy hằng ngày)."

    def handle(self, *args: Any, **options: Any) -> None:
        activated = services.revisions_activate_due()
        result = legal_services.legal_obligations_sync(actor=None)
        self.stdout.write(
            f"Lần ban hành có hiệu lực: {activated}. Nghĩa vụ cập nhật mới: {result.created} (đã có: {result.existing})."
        )
