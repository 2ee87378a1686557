"""``qms assessments_load_rubrics``: load the rubric files shipped in ``qms/assessments/data/``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qms.assessments.services_rubrics import rubrics_load_shipped


class Command(BaseCommand):
    help = (
        "Nạp các bộ tiêu chí chấm điểm có sẵn (Đắk Nông 2020 theo QĐ 1276/QĐ-UBND, danh mục 13 nội dung "
        "Điều 36 TT 26/2014/TT-BKHCN). Chạy lại không tạo trùng; một phiên bản đã nạp không bao giờ bị sửa."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = rubrics_load_shipped(actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for rubric, created in loaded:
            state = "đã nạp" if created else "đã có, không đổi"
            self.stdout.write(f"{rubric.code} phiên bản {rubric.version}: {state} ({rubric.criteria.count()} tiêu chí)")
        self.stdout.write(self.style.SUCCESS(f"Xong: {sum(1 for _r, c in loaded if c)} bộ tiêu chí mới."))
