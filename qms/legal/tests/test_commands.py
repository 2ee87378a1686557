"""Management commands, the daily task and the shipped register."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from qms.core.tests.pagekit import audited
from qms.legal.demo import DATA_FILE, load_legal_register
from qms.legal.models import LegalText
from qms.legal.tasks import legal_sync_obligations_daily
from qms.obligations.models import Obligation

from .conftest import cite


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_legal_register_is_idempotent(db):
    with audited("legal.import", "legal.amend", "legal.amend", "legal.amend"):
        assert load_legal_register() == 98

    amended = {t.number: [o.number for o in t.amends.all()] for t in LegalText.objects.filter(amends__isnull=False)}
    assert amended == {
        "107/2021/NĐ-CP": ["61/2018/NĐ-CP"],
        "280/2025/NĐ-CP": ["23/2015/NĐ-CP"],
        "239/2025/NĐ-CP": ["31/2021/NĐ-CP"],
    }
    with audited():
        assert load_legal_register() == 0
    assert LegalText.objects.count() == 98


def test_legal_import_command(db, tmp_path: Path):
    out, _ = run("legal_import", str(DATA_FILE), "--dry-run")
    assert "Kiểm tra xong" in out
    assert LegalText.objects.count() == 0

    out, _ = run("legal_import", str(DATA_FILE))
    assert "thêm mới 98" in out

    bad = tmp_path / "bad.csv"
    bad.write_text("number,type,title\n19-2014,Quyết định,x\nabc,Luật,y\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("legal_import", str(bad), stdout=io.StringIO(), stderr=err)
    assert "Dòng 2, cột “number”" in err.getvalue()
    assert "Dòng 3, cột “number”" in err.getvalue()

    with pytest.raises(CommandError):
        run("legal_import", str(tmp_path / "missing.csv"))


def test_legal_sync_obligations_command(department, other_province, doc_stp, doc_other, decree_61, decree_107):
    cite(doc_stp, department, decree_61)
    cite(doc_other, other_province, decree_61)
    decree_107.amends.add(decree_61)

    out, _ = run("legal_sync_obligations", "--organisation", "22")
    assert "Đã tạo 1 nghĩa vụ mới" in out
    out, _ = run("legal_sync_obligations")
    assert "Đã tạo 1 nghĩa vụ mới; 1 nghĩa vụ đã có" in out
    with pytest.raises(CommandError):
        run("legal_sync_obligations", "--organisation", "KHONG-CO")


def test_daily_task(department, doc_stp, decree_61, decree_107):
    cite(doc_stp, department, decree_61)
    decree_107.amends.add(decree_61)

    result = legal_sync_obligations_daily.enqueue()

    assert result.return_value == {"created": 1, "existing": 0}
    assert Obligation.objects.count() == 1
