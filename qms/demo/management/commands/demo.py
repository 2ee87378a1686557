"""``qms demo``: a deterministic demonstration installation for Quảng Ninh province.

Refuses to run unless ``QMS_ALLOW_DEMO`` is on (``make run`` sets it), so demo accounts with a
published password can never appear in a production database by accident.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qms.demo.loader import load_everything
from qms.people.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn (tỉnh Quảng Ninh) với tài khoản cho mọi vai trò."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="Không in danh sách tài khoản.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.QMS_ALLOW_DEMO:
            raise CommandError("Dữ liệu trình diễn bị chặn ở cài đặt này. Chỉ dùng trên máy thử: đặt QMS_ALLOW_DEMO=1.")
        accounts, created = load_everything()
        if created:
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu trình diễn tỉnh Quảng Ninh."))
        else:
            self.stdout.write("Dữ liệu trình diễn đã có sẵn, không nạp lại.")
        if options["quiet_accounts"]:
            return
        self.stdout.write(f"\nTài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD})")
        width = max(len(a[0]) for a in accounts)
        for username, full_name, role in accounts:
            self.stdout.write(f"  {username.ljust(width)}  {full_name} — {role}")
