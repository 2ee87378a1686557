"""``qms procedures_import`` and ``qms procedures_load_calendar``."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qms.procedures.models import AdministrativeProcedure, CalendarDay, PublishingDecision

pytestmark = pytest.mark.django_db

CSV = (
    "code,name,field,level,time_limit,fee,legal_bases,source_decision\n"
    "1.004122,Cấp giấy phép hành nghề khoan nước dưới đất,TÀI NGUYÊN NƯỚC,tỉnh,"
    '"Trong thời hạn 22 ngày làm việc, kể từ ngày nhận đủ hồ sơ.",Không quy định,Nghị định 136/2025/NĐ-CP,'
    "Quyết định 1949/QĐ-UBND ngày 18/11/2025 – Tỉnh Cao Bằng\n"
    "1.012501,Trả lại giấy phép hành nghề khoan nước dưới đất,TÀI NGUYÊN NƯỚC,tỉnh,Theo thỏa thuận,,,\n"
)


def test_import_command_reports_decisions_and_uncomputable_limits(province, tmp_path):
    path = tmp_path / "danh-muc.csv"
    path.write_text(CSV, encoding="utf-8")
    out = StringIO()
    call_command("procedures_import", str(path), "--catalogue", "22", "--dry-run", stdout=out)
    assert "Kiểm tra xong (chưa ghi): sẽ thêm mới 2" in out.getvalue()
    assert not AdministrativeProcedure.objects.exists()

    out = StringIO()
    call_command("procedures_import", str(path), "--catalogue", "22", stdout=out)
    text = out.getvalue()
    assert "Đã thêm mới 2" in text
    assert "Quyết định 1949/QĐ-UBND ký 18/11/2025" in text and "CẬP NHẬT MUỘN" in text
    assert "dòng 3 1.012501: Theo thỏa thuận" in text
    assert PublishingDecision.objects.get().due_on == dt.date(2025, 11, 25)


def test_import_command_refuses_a_bad_file(province, tmp_path):
    path = tmp_path / "loi.csv"
    path.write_text("code,name,level\n1.0041,Tên,tỉnh\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="Tệp có 1 lỗi"):
        call_command("procedures_import", str(path), "--catalogue", "22", stderr=err)
    assert "Dòng 2, cột “code”" in err.getvalue()
    with pytest.raises(CommandError, match="Không có tổ chức"):
        call_command("procedures_import", str(path), "--catalogue", "99")


def test_calendar_command_loads_a_year_and_replaces_it(db, tmp_path):
    call_command("procedures_load_calendar", "--year", "2025", stdout=StringIO())
    assert {d.year for d in CalendarDay.objects.dates("day", "year")} == {2025}
    path = tmp_path / "2025.csv"
    path.write_text("day,kind,name\n2025-09-01,holiday,Quốc khánh\n", encoding="utf-8")
    call_command("procedures_load_calendar", str(path), "--year", "2025", "--replace", stdout=StringIO())
    assert list(CalendarDay.objects.values_list("day", flat=True)) == [dt.date(2025, 9, 1)]
    with pytest.raises(CommandError):
        call_command("procedures_load_calendar", "--replace")
