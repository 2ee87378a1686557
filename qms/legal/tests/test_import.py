"""Importing the register from CSV and Excel: all or nothing, every bad cell reported, idempotent."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from qms.core.models import AuditEvent, SearchEntry
from qms.core.tests.pagekit import audited
from qms.legal import services_import
from qms.legal.importing import LegalImportError, parse_date, read_file
from qms.legal.models import LegalText

from .conftest import add_text

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "legal-texts.csv"
SAMPLE = Path("/work/shared/data/legal-texts-sample.csv")

HEADER = "number,type,issuer,title,signed_on,effective_on\n"


def csv_file(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "van-ban.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def problems_of(caught) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.reason) for p in caught.value.problems]


def test_parse_date_accepts_vietnamese_and_iso_dates():
    assert parse_date("05/03/2014") == parse_date("5/3/2014") == parse_date("2014-03-05") == dt.date(2014, 3, 5)
    assert parse_date("05-03-2014") == parse_date("05.03.2014") == dt.date(2014, 3, 5)
    assert parse_date("") is None
    for bad in ("31/02/2024", "2014/03/05", "05/03/14", "ngày 5"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_the_shipped_file_imports_and_reimports_without_change(db):
    with audited("legal.import") as events:
        result = services_import.legal_texts_import(actor=None, path=SHIPPED)

    assert (result.created, result.updated, result.unchanged) == (98, 0, 0)
    assert LegalText.objects.count() == 98
    assert events[0].changes["created"]["after"] == 98
    qd19 = LegalText.objects.get(number="19/2014/QĐ-TTg")
    assert (qd19.kind, qd19.signed_on, qd19.effective_on) == ("decision", dt.date(2014, 3, 5), dt.date(2014, 5, 18))
    assert LegalText.objects.get(number="TCVN ISO 9001:2015").kind == "standard"
    assert LegalText.objects.get(number="01/2012/TTLT-BQP-BLĐTBXH-BTC").kind == "joint_circular"
    assert SearchEntry.objects.filter(source="legal").count() == 98

    with audited():
        again = services_import.legal_texts_import(actor=None, path=SHIPPED)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 98)
    assert set(LegalText.objects.values_list("version", flat=True)) == {1}


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample file is not present")
def test_the_sample_file_with_its_source_column_imports(db):
    result = services_import.legal_texts_import(actor=None, path=SAMPLE)
    assert result.created == 91


def test_changed_fields_update_the_text_and_empty_cells_erase_nothing(db, tmp_path, coordinator):
    add_text("61/2018/NĐ-CP", title="về một cửa", signed_on=dt.date(2018, 4, 23), effective_on=dt.date(2018, 6, 21))
    path = csv_file(
        tmp_path,
        "61/2018/NĐ-CP,Nghị định,Chính phủ,về thực hiện cơ chế một cửa,23/04/2018,\n"
        "30/2020/NĐ-CP,Nghị định,Chính phủ,về công tác văn thư,05/03/2020,05/03/2020\n",
    )

    with audited("legal.import") as events:
        result = services_import.legal_texts_import(actor=coordinator, path=path)

    assert (result.created, result.updated) == (1, 1)
    text = LegalText.objects.get(number="61/2018/NĐ-CP")
    assert (text.title, text.effective_on, text.version) == ("về thực hiện cơ chế một cửa", dt.date(2018, 6, 21), 2)
    assert "về thực hiện cơ chế một cửa" in text.search_text or "ve thuc hien" in text.search_text
    assert events[0].changes["updated"]["after"] == 1
    row = next(r for r in result.rows if r.action == "update")
    assert row.change_rows == [("Trích yếu", "về một cửa", "về thực hiện cơ chế một cửa")]


def test_updating_known_texts_needs_the_right_to_manage(db, tmp_path, secretary):
    add_text("61/2018/NĐ-CP", title="về một cửa")
    path = csv_file(
        tmp_path,
        "61/2018/NĐ-CP,Nghị định,Chính phủ,tên khác,23/04/2018,\n30/2020/NĐ-CP,Nghị định,Chính phủ,về công tác văn thư,,\n",
    )

    with pytest.raises(LegalImportError) as caught:
        services_import.legal_texts_import(actor=secretary, path=path)

    assert problems_of(caught)[0][:2] == (2, "number")
    assert LegalText.objects.count() == 1
    # The same file without the changed row is accepted: the secretary may add.
    path = csv_file(
        tmp_path,
        "61/2018/NĐ-CP,Nghị định,Chính phủ,về một cửa,,\n30/2020/NĐ-CP,Nghị định,Chính phủ,về công tác văn thư,,\n",
    )
    assert services_import.legal_texts_import(actor=secretary, path=path).created == 1


def test_staff_cannot_import(db, tmp_path, staff_user):
    with pytest.raises(PermissionDenied):
        services_import.legal_texts_import(actor=staff_user, path=csv_file(tmp_path, ""))


def test_missing_required_column_is_reported_on_the_header_row(db, tmp_path):
    path = csv_file(tmp_path, "61/2018/NĐ-CP,Chính phủ,về một cửa\n", header="number,issuer,title\n")

    with pytest.raises(LegalImportError) as caught:
        services_import.legal_texts_import(actor=None, path=path)

    assert problems_of(caught) == [(1, "Loại văn bản", "Thiếu cột “Loại văn bản” ở dòng tiêu đề.")]
    assert "Dòng 1, cột “Loại văn bản”" in caught.value.messages[0]


def test_every_bad_row_is_reported_and_nothing_is_written(db, tmp_path):
    path = csv_file(
        tmp_path,
        "61/2018/NĐ-CP,Nghị định,Chính phủ,về một cửa,23/04/2018,21/06/2018\n"  # row 2: fine
        "19-2014,Quyết định,Thủ tướng,áp dụng ISO,05/03/2014,\n"  # row 3: number shape
        "30/2020/NĐ-CP,Nghị định,Chính phủ,về công tác văn thư,31/02/2020,\n"  # row 4: bad date
        "61/2018/NĐ-CP,Nghị định,Chính phủ,trùng,,\n"  # row 5: duplicate of row 2
        "45/2019/NĐ-CP,Công văn,Chính phủ,loại lạ,,\n"  # row 6: unknown type
        "46/2019/NĐ-CP,,Chính phủ,không có loại,,\n"  # row 7: no type
        "47/2019/NĐ-CP,Nghị định,Chính phủ,hiệu lực trước ngày ký,05/03/2019,01/03/2019\n"  # row 8
        "48/2019/NĐ-CP,Nghị định,Chính phủ,,,\n",  # row 9: fine, trích yếu unknown
    )

    with pytest.raises(LegalImportError) as caught:
        services_import.legal_texts_import(actor=None, path=path)

    found = [(row, column) for row, column, _reason in problems_of(caught)]
    assert found == [
        (3, "number"),
        (4, "signed_on"),
        (5, "number"),
        (6, "type"),
        (7, "type"),
        (8, "effective_on"),
    ]
    reasons = dict(((row, col), reason) for row, col, reason in problems_of(caught))
    assert "trùng với dòng 2" in reasons[(5, "number")]
    assert "31/02/2020" in reasons[(4, "signed_on")]
    assert reasons[(7, "type")] == "Thiếu loại văn bản."
    assert LegalText.objects.count() == AuditEvent.objects.count() == 0


def test_dry_run_reports_without_writing(db, tmp_path):
    path = csv_file(tmp_path, "61/2018/NĐ-CP,Nghị định,Chính phủ,về một cửa,23/04/2018,21/06/2018\n")

    with audited():
        result = services_import.legal_texts_import(actor=None, path=path, dry_run=True)

    assert result.created == 1 and result.rows[0].number == "61/2018/NĐ-CP"
    assert LegalText.objects.count() == 0


def test_excel_with_vietnamese_headers_and_date_cells(db):
    data = xlsx_bytes(
        [
            ["Số, ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Trích yếu", "Ngày ký", "Ngày hiệu lực", "Ghi chú"],
            [
                "19/2014/QĐ-TTg",
                "Quyết định",
                "Thủ tướng Chính phủ",
                "áp dụng ISO",
                dt.datetime(2014, 3, 5),
                "18/05/2014",
                "x",
            ],
            [None, None, None, None, None, None, None],
            ["26/2014/TT-BKHCN", "Thông tư", "Bộ KH&CN", "hướng dẫn", "10/10/2014", dt.date(2014, 12, 1), ""],
        ]
    )

    result = services_import.legal_texts_import(actor=None, file=io.BytesIO(data), filename="so-van-ban.xlsx")

    assert result.created == 2
    assert LegalText.objects.get(number="19/2014/QĐ-TTg").signed_on == dt.date(2014, 3, 5)
    assert LegalText.objects.get(number="26/2014/TT-BKHCN").effective_on == dt.date(2014, 12, 1)


def test_excel_errors_name_the_vietnamese_column(db):
    data = xlsx_bytes([["Số, ký hiệu", "Loại văn bản", "Trích yếu", "Ngày ký"], ["abc", "Quyết định", "x", "hôm qua"]])

    with pytest.raises(LegalImportError) as caught:
        services_import.legal_texts_import(actor=None, file=io.BytesIO(data), filename="a.xlsx")

    assert [(r, c) for r, c, _ in problems_of(caught)] == [(2, "Số, ký hiệu"), (2, "Ngày ký")]


def test_unreadable_files_are_refused(db, tmp_path):
    bad_excel = tmp_path / "hong.xlsx"
    bad_excel.write_bytes(b"PK\x03\x04 not really a workbook")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "61/2018/NĐ-CP,Nghị định,Chính phủ,về,,\n".encode("cp1258", "replace"))
    wrong = tmp_path / "van-ban.pdf"
    wrong.write_bytes(b"%PDF-1.4")

    for path in (bad_excel, latin, wrong):
        with pytest.raises(LegalImportError):
            read_file(path)


def test_semicolon_separated_csv(db, tmp_path):
    path = csv_file(
        tmp_path, "61/2018/NĐ-CP;Nghị định;Chính phủ;về một cửa;23/04/2018;\n", header=HEADER.replace(",", ";")
    )
    assert services_import.legal_texts_import(actor=None, path=path).created == 1


def test_import_from_rows(db):
    result = services_import.legal_texts_import(
        actor=None, rows=[{"Số, ký hiệu": "101/QĐ-BKHCN", "Loại văn bản": "Quyết định", "Trích yếu": "Mô hình khung"}]
    )
    assert result.created == 1
