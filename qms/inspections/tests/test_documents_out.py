"""The Word documents (Mẫu 19, 20, 21, the November report) and the Excel export: their content."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook

from qms.core.officedoc import render_docx
from qms.inspections import selectors_consolidation as cs
from qms.inspections import services, word
from qms.inspections.excel import HEADER, consolidation_workbook

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _doc(document) -> docx.document.Document:
    return docx.Document(BytesIO(render_docx(document)))


def _texts(d) -> list[str]:
    return [p.text for p in d.paragraphs if p.text]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_fmt_points_and_place():
    from decimal import Decimal

    assert [word.fmt_points(Decimal(v)) for v in ("78.50", "100.00", "0.25", "54")] == ["78,5", "100", "0,25", "54"]
    assert word.fmt_points(None) == "—"
    assert word.issued_by_committee("KH-UBND") and not word.issued_by_committee("KH-SKHCN")


def test_plan_mau_19(approved, entries):
    d = _doc(word.plan_document(approved))
    header = d.tables[0]
    assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text] == [
        "UBND TỈNH QUẢNG NINH",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    ]
    assert header.rows[1].cells[0].paragraphs[0].text == "Số: 15/KH-SKHCN"
    assert header.rows[1].cells[1].paragraphs[0].text == "Quảng Ninh, ngày 02 tháng 3 năm 2026"
    texts = _texts(d)
    assert texts[:2] == ["KẾ HOẠCH", f"Kiểm tra {word.SUBJECT} năm 2026"]
    assert "III. ĐỐI TƯỢNG, HÌNH THỨC VÀ THỜI GIAN KIỂM TRA" in texts
    assert any("Kiểm tra 3 cơ quan, đơn vị, trong đó 1 cơ quan kiểm tra trực tiếp (33,3%)" in t for t in texts)
    table = _rows(d.tables[1])
    assert table[0] == ["STT", "Cơ quan được kiểm tra", "Hình thức", "Thời gian", "Đoàn kiểm tra"]
    assert table[1] == ["1", "Sở Tư pháp", "Trực tiếp", "15/09/2026 - 16/09/2026", "Lê Văn Hùng (Trưởng đoàn)"]
    assert [r[1] for r in table[2:]] == ["UBND phường Hạ Long", "Sở Khoa học và Công nghệ"] or [
        r[1] for r in table[2:]
    ] == ["Sở Khoa học và Công nghệ", "UBND phường Hạ Long"]
    signer = [p.text for p in d.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Thu Hà"]


def test_plan_issued_by_the_committee(approved, coordinator):
    services.plan_update(actor=coordinator, plan=approved, expected_version=None, symbol="KH-UBND")
    approved.refresh_from_db()
    d = _doc(word.plan_document(approved))
    assert [p.text for p in d.tables[0].rows[0].cells[0].paragraphs if p.text] == ["UBND TỈNH QUẢNG NINH"]


def test_decision_mau_20(approved, stp_entry, coordinator):
    decision = services.decision_create(
        actor=coordinator,
        plan=approved,
        entry=None,
        number="112",
        symbol="QĐ-SKHCN",
        signed_on=dt.date(2026, 9, 8),
        issuer="Sở Khoa học và Công nghệ",
        issuer_parent="UBND tỉnh Quảng Ninh",
        place="Quảng Ninh",
        proposer="Trưởng phòng Quản lý chuyên ngành",
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Trần Thị Thu Hà",
    )
    d = _doc(word.decision_document(decision))
    texts = _texts(d)
    assert texts[:3] == ["QUYẾT ĐỊNH", f"Về việc kiểm tra {word.SUBJECT} năm 2026", "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert texts[3].startswith("Căn cứ Quyết định số 19/2014/QĐ-TTg")
    assert f"Căn cứ Kế hoạch số 15/KH-SKHCN ngày 02/03/2026 về kiểm tra {word.SUBJECT} năm 2026;" in texts
    assert "Theo đề nghị của Trưởng phòng Quản lý chuyên ngành." in texts
    assert "QUYẾT ĐỊNH:" in texts
    assert [t[:7] for t in texts if t.startswith("Điều ")] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert _rows(d.tables[1]) == [
        ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ"],
        ["1", "Lê Văn Hùng", "Trưởng phòng Quản lý chuyên ngành", "Trưởng đoàn"],
    ]
    assert _rows(d.tables[2]) == [
        ["STT", "Cơ quan được kiểm tra", "Thời gian", "Hình thức"],
        ["1", "Sở Tư pháp", "15/09/2026 - 16/09/2026", "Trực tiếp"],
    ]
    assert d.tables[0].rows[1].cells[1].paragraphs[0].text == "Quảng Ninh, ngày 08 tháng 9 năm 2026"
    recipients = [p.text for p in d.tables[-1].rows[0].cells[0].paragraphs if p.text]
    assert recipients == ["Nơi nhận:", "- Như Điều 3;", "- UBND tỉnh Quảng Ninh (để b/c);", "- Lưu: VT."]


def test_minutes_mau_21_lists_shortcomings_deadline_and_two_signatures(signed, minutes, stp_entry):
    d = _doc(word.minutes_document(minutes))
    header = d.tables[0]
    assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text] == [
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "ĐOÀN KIỂM TRA",
    ]
    assert header.rows[1].cells[0].paragraphs[0].text == "Số: 07/BB-ĐKT"
    assert header.rows[1].cells[1].paragraphs[0].text == "Quảng Ninh, ngày 16 tháng 9 năm 2026"
    texts = _texts(d)
    assert texts[:2] == ["BIÊN BẢN", f"Kiểm tra {word.SUBJECT} tại Sở Tư pháp"]
    assert any(t.startswith("Hôm nay, ngày 15 tháng 9 năm 2026, tại Trụ sở Sở Tư pháp") for t in texts)
    assert "- Ông (bà) Lê Văn Hùng, Trưởng phòng Quản lý chuyên ngành - Trưởng đoàn" in texts
    assert "- Ông (bà) Nguyễn Văn Minh, Giám đốc Sở Tư pháp" in texts
    scores = _rows(d.tables[1])
    assert scores[0] == ["TT", "Nhóm tiêu chí", "Điểm tối đa", "Cơ quan tự chấm", "Đoàn kiểm tra"]
    assert scores[-1] == ["", "TỔNG CỘNG", "100", "55,5", "54"]
    assert len(scores) == 1 + 2 + 17 + 1  # header, two parts, 17 groups, total
    assert "Tổng điểm đoàn kiểm tra chấm: 54/100 điểm; xếp loại: Trung bình. Điểm cơ quan tự chấm: 55,5 điểm." in texts
    assert _rows(d.tables[2]) == [
        ["STT", "Tiêu chí", "Nội dung tồn tại, hạn chế", "Mức độ"],
        ["1", "7.2.d", "Hai quy trình chưa cập nhật Nghị định mới có hiệu lực quá 3 tháng.", "Tồn tại nghiêm trọng"],
        ["2", "13.3", "Đánh giá nội bộ mới thực hiện tại 2/4 phòng.", "Tồn tại, hạn chế"],
    ]
    assert "- Nên số hoá toàn bộ hồ sơ lưu trữ của bộ phận một cửa." in texts
    deadline = next(t for t in texts if t.startswith("1. Trong thời hạn 02 tháng"))
    assert "(chậm nhất ngày 16/11/2026), Sở Tư pháp khắc phục các tồn tại" in deadline
    signatures = d.tables[-1]
    assert [c.text for c in signatures.rows[1].cells] == ["Nguyễn Văn Minh", "Lê Văn Hùng"]
    assert [p.text for p in signatures.rows[0].cells[0].paragraphs if p.text] == [
        "ĐẠI DIỆN SỞ TƯ PHÁP",
        "Giám đốc Sở Tư pháp",
    ]
    assert [p.text for p in signatures.rows[0].cells[1].paragraphs if p.text] == ["TRƯỞNG ĐOÀN KIỂM TRA"]
    assert not any("{{" in t or "{%" in t for t in texts)


def test_unsigned_minutes_print_a_blank_deadline(minutes):
    texts = _texts(_doc(word.minutes_document(minutes)))
    assert any("(kể từ ngày ký Biên bản này)" in t for t in texts)


def test_november_report(signed, approved, province):
    c = cs.consolidation_get(province, 2026, today=TODAY)
    d = _doc(
        word.report_document(
            c,
            issuer="Sở Khoa học và Công nghệ",
            issuer_parent="UBND tỉnh Quảng Ninh",
            number="210",
            date=dt.date(2026, 11, 25),
            signer_title="Giám đốc",
            signer_name="Đỗ Minh Tuấn",
        )
    )
    texts = _texts(d)
    assert texts[:3] == ["BÁO CÁO", f"Kết quả kiểm tra {word.SUBJECT} năm 2026", "Kính gửi: UBND tỉnh Quảng Ninh."]
    summary = next(t for t in texts if t.startswith("Năm 2026, kế hoạch kiểm tra"))
    assert "gồm 3 cơ quan, đơn vị (trên tổng số 3 cơ quan, đơn vị thuộc phạm vi)" in summary
    assert "đã kiểm tra(*) 1/3 cơ quan, đơn vị (33,3%), trong đó 1 cơ quan kiểm tra trực tiếp" in summary
    assert _rows(d.tables[1]) == [["Xếp loại", "Số cơ quan", "Tỷ lệ (%)"], ["Trung bình", "1", "100"]]
    shortcomings = _rows(d.tables[2])
    assert [r[1] for r in shortcomings[1:]] == ["13.3", "7.2.d"]
    assert any(
        t.startswith("Có 2 nội dung phải khắc phục trong 02 tháng") and "2 nội dung đã quá hạn" in t for t in texts
    )
    annex = _rows(d.tables[4])  # after the signature table
    assert annex[0] == ["STT", "Cơ quan, đơn vị", "Hình thức", "Tự chấm", "Kiểm tra", "Xếp loại"]
    assert ["Sở Tư pháp", "Trực tiếp", "55,5", "54", "Trung bình"] in [r[1:] for r in annex]
    assert "(Kèm theo Báo cáo số 210/BC-SKHCN ngày 25/11/2026 của Sở Khoa học và Công nghệ)" in texts


def test_excel_export_of_the_table(signed, province, department):
    c = cs.consolidation_get(province, 2026, today=TODAY)
    rows, _sort = cs.table(c, sort="agency")
    wb = load_workbook(BytesIO(consolidation_workbook(c, cs.rows_of(c, rows))))
    ws = wb.active
    values = list(ws.values)
    assert values[0][0] == "Kết quả kiểm tra HTQLCL năm 2026 — UBND tỉnh Quảng Ninh"
    assert values[1] == HEADER
    assert len(values) == 2 + 3
    stp = next(v for v in values[2:] if v[2] == "Sở Tư pháp")
    assert stp[1] == department.code and stp[3] == "UBND tỉnh Quảng Ninh"
    assert stp[4:11] == ("Trực tiếp tại cơ quan", 55.5, "Trung bình", "Đã nộp", 54.0, "Trung bình", -1.5)
    assert stp[11].date() == dt.date(2026, 9, 16)
    assert stp[12:] == (2, 2)
    pending = next(v for v in values[2:] if v[2] == "UBND phường Hạ Long")
    assert pending[5:10] == (None, None, "Chưa lập", None, "Chưa kiểm tra")
