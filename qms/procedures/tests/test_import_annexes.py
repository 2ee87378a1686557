"""Catalogue annexes as published (fixtures/annexes/, copied from real 2025 decisions): section
rows for level, field and kind of change, numbering restarting in every section, title blocks
above the header, no code column; code-less rows, duplicates and a code at two levels reported
by row number with nothing written; limits and fees kept from the catalogue; repeat imports."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from qms.core.tabular import SourceRows
from qms.core.tests.factories import make_org
from qms.core.tests.pagekit import unchanged
from qms.procedures.importing import (
    CatalogueImportError,
    apply_sections,
    is_section_row,
    parse_heading,
    parse_levels,
)
from qms.procedures.models import AdministrativeProcedure, ProcedureAssignment, ProcedureChange, ProcedureStatus
from qms.procedures.services import catalogue_import

from .conftest import TODAY, make_procedure

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "annexes"
NO_LIMIT = ""  # a not-computable entry for a procedure no limit is known for
UNMATCHED = "Thiếu mã TTHC, và danh mục không có TTHC nào đang thực hiện cùng tên để ghép."
NO_LEVEL = (
    "Thiếu cột “Cấp thực hiện” ở dòng tiêu đề, và không có dòng mục nào ghi cấp (ví dụ “A. THỦ TỤC HÀNH CHÍNH CẤP "
    "TỈNH”)."
)


def annex(name: str) -> str:
    return (FIXTURES / f"{name}.csv").read_text(encoding="utf-8")


def upload(data: str | bytes, filename: str = "phu-luc.csv") -> io.BytesIO:
    file = io.BytesIO(data.encode("utf-8") if isinstance(data, str) else data)
    file.name = filename
    return file


def run(catalogue, data: str | bytes, filename: str = "phu-luc.csv", **kwargs):
    return catalogue_import(actor=None, catalogue=catalogue, file=upload(data, filename), today=TODAY, **kwargs)


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def is_heading(row: list[str]) -> bool:
    return not re.match(r"^\d\.\d{6}$", row[1])


def annex_xlsx(title: list[str], rows: list[list[str]]) -> bytes:
    """A workbook as provinces publish it: a title block merged across the table above the header,
    section rows merged (a level row keeps its roman numeral in the TT cell, a field row spans the
    whole width)."""
    workbook = Workbook()
    sheet = workbook.active
    width = len(rows[0])
    last = chr(ord("A") + width - 1)
    for line in title:
        sheet.append([line])
        if line:
            sheet.merge_cells(f"A{sheet.max_row}:{last}{sheet.max_row}")
    sheet.append(rows[0])
    for row in rows[1:]:
        if not is_heading(row):
            sheet.append(row)
        elif row[1]:  # "I" | "THỦ TỤC HÀNH CHÍNH CẤP TỈNH (12 TTHC)"
            sheet.append([row[0], row[1]])
            sheet.merge_cells(f"B{sheet.max_row}:{last}{sheet.max_row}")
        else:  # "LĨNH VỰC BẢO TRỢ XÃ HỘI (07 TTHC)"
            sheet.append([row[0]])
            sheet.merge_cells(f"A{sheet.max_row}:{last}{sheet.max_row}")
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


A1_TITLE = [
    "PHỤ LỤC 1",
    "DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC BẢO TRỢ XÃ HỘI, TRẺ EM, PHÒNG, CHỐNG TỆ NẠN XÃ HỘI THỰC HIỆN "
    "KHÔNG PHỤ THUỘC VÀO ĐỊA GIỚI HÀNH CHÍNH TRONG PHẠM VI TOÀN TỈNH",
    "(Kèm theo Quyết định số 2022/QĐ-UBND ngày 27/11/2025 của Chủ tịch Ủy ban nhân dân tỉnh Cao Bằng)",
    "",
]
A1_DECISION = {"decision_number": "2022/QĐ-UBND", "decision_signed_on": TODAY.replace(day=2)}
# (row, kind, stated count, rows found) of every section row of A1
A1_SECTIONS = [
    (2, "level", 12, 12),
    (3, "field", 7, 7),
    (11, "field", 5, 5),
    (17, "level", 4, 4),
    (18, "field", 2, 2),
    (21, "field", 1, 1),
    (23, "field", 1, 1),
    (25, "level", 2, 2),
    (26, "field", 2, 2),
]
A1_LEVELS_AND_FIELDS = {
    ("province", "Bảo trợ xã hội"): 10,  # 7 under I, 1 under II, 2 under III: the heading recurs
    ("province", "Phòng, chống tệ nạn xã hội"): 6,
    ("province", "Trẻ em"): 2,
}


def sections_of(result) -> list[tuple[int, str, int | None, int]]:
    return [(s.row, s.heading.kind, s.heading.stated, s.found) for s in result.sections]


# --- headings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "levels", "field", "change", "stated"),
    [
        ("A. DANH MỤC TTHC CẤP TỈNH", "level", ("province",), "", "", None),
        ("B. DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ", "level", ("commune",), "", "", None),
        ("I. Lĩnh vực Hộ tịch", "field", (), "Hộ tịch", "", None),
        ("THỦ TỤC HÀNH CHÍNH CẤP TỈNH (12 TTHC)", "level", ("province",), "", "", 12),
        ("LĨNH VỰC BẢO TRỢ XÃ HỘI (07 TTHC)", "field", (), "Bảo trợ xã hội", "", 7),
        ("II THỦ TỤC HÀNH CHÍNH CẤP TỈNH, CẤP XÃ (04 TTHC)", "level", ("province", "commune"), "", "", 4),
        (
            "III THỦ TỤC HÀNH CHÍNH CẤP TỈNH, CẤP XÃ, CƠ QUAN KHÁC (02 TTHC)",
            "level",
            ("province", "commune", "other"),
            "",
            "",
            2,
        ),
        ("A. TTHC cấp tỉnh và cấp xã", "level", ("province", "commune"), "", "", None),
        ("Cấp xã", "level", ("commune",), "", "", None),
        ("B. DANH MỤC THỦ TỤC HÀNH CHÍNH BÃI BỎ", "change", (), "", "abolished", None),
        ("1. Danh mục thủ tục hành chính được sửa đổi, bổ sung", "change", (), "", "amended", None),
        ("A. DANH MỤC TTHC CẤP TỈNH BỊ BÃI BỎ", "level", ("province",), "", "abolished", None),
        ("DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG, BÃI BỎ", "other", (), "", "", None),
        ("LĨNH VỰC MÔI TRƯỜNG", "field", (), "Môi trường", "", None),
        ("PHỤ LỤC 1", "other", (), "", "", None),
        ("QUYẾT ĐỊNH VỀ VIỆC CÔNG BỐ DANH MỤC TTHC CẤP XÃ BÃI BỎ", "other", (), "", "", None),
    ],
)
def test_headings_of_published_annexes(text, kind, levels, field, change, stated):
    heading = parse_heading(text)
    assert heading is not None
    assert (heading.kind, heading.levels, heading.field, heading.change, heading.stated) == (
        kind,
        levels,
        field,
        change,
        stated,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Cấp giấy phép hoạt động hỗ trợ nạn nhân",
        "Tiếp nhận đối tượng bảo trợ xã hộ có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội cấp tỉnh, cấp xã",
        "(Kèm theo Quyết định số 2022/QĐ-UBND ngày 27/11/2025 của Chủ tịch UBND tỉnh Cao Bằng)",
        "Vi phạm hành chính",
        "",
    ],
)
def test_procedure_names_and_notes_are_not_headings(text):
    assert parse_heading(text) is None


@pytest.mark.parametrize(
    ("fields", "text", "section"),
    [
        (
            {"number": "I", "code": "THỦ TỤC HÀNH CHÍNH CẤP TỈNH (12 TTHC)"},
            "I THỦ TỤC HÀNH CHÍNH CẤP TỈNH (12 TTHC)",
            True,
        ),
        ({"number": "LĨNH VỰC TRẺ EM (02 TTHC)", "code": ""}, "LĨNH VỰC TRẺ EM (02 TTHC)", True),
        ({"number": "1", "code": "", "name": "Lĩnh vực Hộ tịch"}, "1 Lĩnh vực Hộ tịch", True),
        ({}, "B. DANH MỤC THỦ TỤC HÀNH CHÍNH BÃI BỎ", True),  # a title line above the header
        ({"number": "01", "code": "", "name": "CẤP GIẤY PHÉP"}, "01 CẤP GIẤY PHÉP", False),  # numbered: a procedure
        ({"number": "", "code": "1.001806", "name": "A. CẤP TỈNH"}, "1.001806 A. CẤP TỈNH", False),
        ({"number": "", "code": "1.0018", "name": "CẤP TỈNH"}, "1.0018 CẤP TỈNH", False),  # a bad code, reported
        ({"number": "2", "code": "", "name": "Hỗ trợ chi phí mai táng"}, "2 Hỗ trợ chi phí mai táng", False),
    ],
)
def test_section_rows_are_told_from_procedure_rows(fields, text, section):
    assert is_section_row(fields, text) is section


def resolved(sections: list[tuple[int, str]], rows: dict[int, dict[str, str]]) -> list[tuple[str, str, str]]:
    annex = apply_sections(SourceRows({"code": "Mã TTHC"}, list(rows.items()), sections))
    return [(r.get("level", ""), r.get("field", ""), r.get("change", "")) for _n, r in annex.source.rows]


def test_levels_may_sit_under_fields_and_a_new_field_clears_the_level():
    sections = [(2, "I. LĨNH VỰC HỘ TỊCH"), (3, "1. Cấp tỉnh"), (5, "2. Cấp xã"), (7, "II. LĨNH VỰC CHỨNG THỰC")]
    rows = {4: {"code": "1.000001"}, 6: {"code": "1.000002"}, 8: {"code": "1.000003"}}
    assert resolved(sections, rows) == [("province", "Hộ tịch", ""), ("commune", "Hộ tịch", ""), ("", "Chứng thực", "")]


def test_a_part_naming_a_change_starts_afresh_and_a_cell_of_the_row_wins():
    sections = [(2, "A. DANH MỤC TTHC ĐƯỢC SỬA ĐỔI, BỔ SUNG"), (3, "I. CẤP TỈNH"), (6, "B. DANH MỤC TTHC BÃI BỎ")]
    rows = {4: {"code": "1.000001", "level": ""}, 5: {"code": "1.000002", "level": "Cấp xã"}, 7: {"code": "1.000003"}}
    assert resolved(sections, rows) == [
        ("province", "", "amended"),
        ("Cấp xã", "", "amended"),
        ("", "", "abolished"),
    ]


def test_every_level_named_is_read_in_order():
    assert parse_levels("Cấp tỉnh, cấp xã") == ["province", "commune"]
    assert parse_levels("province, commune, other") == ["province", "commune", "other"]
    assert parse_levels("Cơ quan khác") == ["other"]
    assert parse_levels("") == []


# --- levels and fields from section rows ------------------------------------------------------------


def test_levels_and_fields_are_read_from_the_section_rows_of_a1(province):
    result = run(province, annex("A1"), **A1_DECISION)
    assert (result.added, result.amended, result.unchanged) == (18, 0, 0)
    assert sections_of(result) == A1_SECTIONS
    assert result.count_warnings == []
    procedures = AdministrativeProcedure.objects.filter(catalogue=province)
    assert Counter(procedures.values_list("level", "field")) == A1_LEVELS_AND_FIELDS
    assert procedures.get(code="1.004946").field == "Trẻ em"  # numbering restarted at 13 under II
    assert procedures.get(code="2.000027").field == "Phòng, chống tệ nạn xã hội"
    # sections II and III name several levels: the catalogue holds one, the first named
    assert result.several_levels == [
        (19, "1.004946", "cấp tỉnh, cấp xã"),
        (20, "1.004944", "cấp tỉnh, cấp xã"),
        (22, "2.000282", "cấp tỉnh, cấp xã"),
        (24, "2.001661", "cấp tỉnh, cấp xã"),
        (27, "2.000286", "cấp tỉnh, cấp xã, cơ quan khác"),
        (28, "2.000477", "cấp tỉnh, cấp xã, cơ quan khác"),
    ]
    # no time-limit column and nothing in the catalogue: every procedure is listed as not computable
    assert [(row, text) for row, _code, text in result.not_computable] == [
        (n, NO_LIMIT) for n in (4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 19, 20, 22, 24, 27, 28)
    ]
    assert procedures.get(code="1.001806").decision.number == "2022/QĐ-UBND"


def test_a1_as_a_workbook_with_a_title_block_and_merged_section_rows_reads_the_same(province):
    workbook = annex_xlsx(A1_TITLE, table(annex("A1")))
    sheet = load_workbook(io.BytesIO(workbook)).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:D1", "B6:D6", "A7:D7"} <= merged  # a title line; level row I (TT kept in A); its field row
    result = run(province, workbook, "phu-luc-1.xlsx", **A1_DECISION)
    assert result.added == 18
    shift = len(A1_TITLE)  # the header is on row 5: every row number moves by the title block
    assert sections_of(result) == [(row + shift, kind, stated, found) for row, kind, stated, found in A1_SECTIONS]
    procedures = AdministrativeProcedure.objects.filter(catalogue=province)
    assert Counter(procedures.values_list("level", "field")) == A1_LEVELS_AND_FIELDS
    assert result.rows[0].row == 4 + shift

    again = run(province, annex("A1"), **A1_DECISION)  # the CSV of the same annex changes nothing
    assert (again.has_changes, again.unchanged) == (False, 18)


def test_repeat_import_of_an_annex_changes_nothing(province):
    run(province, annex("A1"), **A1_DECISION)
    changes = ProcedureChange.objects.count()
    again = run(province, annex("A1"), **A1_DECISION)
    assert (again.added, again.amended, again.unchanged, again.has_changes) == (0, 0, 18, False)
    assert ProcedureChange.objects.count() == changes == 18


def test_a_stated_count_that_does_not_hold_is_a_warning(province):
    lines = annex("A1").splitlines()
    del lines[9]  # row 10 (procedure 7 of section I, field BTXH)
    result = run(province, "\n".join(lines), **A1_DECISION)
    assert result.added == 17
    assert [(s.row, s.heading.stated, s.found) for s in result.count_warnings] == [(2, 12, 11), (3, 7, 6)]


def test_a_field_from_a_section_is_spelled_as_in_the_catalogue_and_a_known_level_is_kept(province):
    kept = make_procedure(
        province,
        "2.000282",
        "Tiếp nhận đối tượng cần bảo vệ khẩn cấp vào cơ sở trợ giúp xã hội",
        field="Bảo trợ Xã hội",
        level="commune",
        fees="Không",
    )
    result = run(province, annex("A1"), **A1_DECISION)
    assert (result.added, result.unchanged) == (17, 1)
    kept.refresh_from_db()
    # listed under "CẤP TỈNH, CẤP XÃ": the catalogue's level is among them, so it stays
    assert (kept.level, kept.field, kept.version) == ("commune", "Bảo trợ Xã hội", 1)
    fields = set(AdministrativeProcedure.objects.values_list("field", flat=True))
    assert fields == {"Bảo trợ Xã hội", "Phòng, chống tệ nạn xã hội", "Trẻ em"}
    # its limit is known from the catalogue: not listed as not computable
    assert "2.000282" not in [code for _row, code, _text in result.not_computable]


def test_the_part_title_above_the_header_abolishes_the_rows_of_the_list(province):
    for code in ("1.012508", "1.012509", "1.012510"):
        make_procedure(province, code, field="Đấu thầu")
    workbook = annex_xlsx(
        ["PHỤ LỤC", "B. DANH MỤC THỦ TỤC HÀNH CHÍNH BÃI BỎ", ""],  # the part title of A7b, above its table
        table(annex("A7b")),
    )
    result = run(province, workbook, "phu-luc-b.xlsx", decision_number="1622/QĐ-UBND", decision_signed_on=TODAY)
    assert (result.abolished, [r.row for r in result.rows]) == (3, [5, 6, 7])
    statuses = set(AdministrativeProcedure.objects.values_list("status", flat=True))
    assert statuses == {ProcedureStatus.ABOLISHED}
    assert sections_of(result) == [(2, "change", None, 3)]


def test_an_abolition_list_without_its_part_title_abolishes_nothing(province):
    """The kind of change must be in the file (a column, a section row or the part title above the
    header): A7b's rows alone only name the procedures."""
    for _number, code, name, _basis in table(annex("A7b"))[1:]:
        make_procedure(province, code, name, field="Đấu thầu")
    result = run(province, annex("A7b"))
    assert (result.abolished, result.unchanged) == (0, 3)
    assert set(AdministrativeProcedure.objects.values_list("status", flat=True)) == {ProcedureStatus.ACTIVE}


# --- rows refused: code-less, duplicated, at two levels ---------------------------------------------------

A1_ROWS = {row[1]: row for row in table(annex("A1")) if not is_heading(row)}


def line(number: str, code: str, name_of: str = "", name: str = "") -> str:
    cells = [number, code, name or A1_ROWS[name_of][2], ""]
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def test_code_less_rows_duplicates_and_a_code_at_two_levels_are_reported_by_row_with_nothing_written(province):
    text = "\n".join(
        [
            "STT,Mã TTHC,Tên TTHC,Ghi chú",  # 1
            "I,THỦ TỤC HÀNH CHÍNH CẤP TỈNH (03 TTHC),,",  # 2
            "LĨNH VỰC BẢO TRỢ XÃ HỘI (03 TTHC),,,",  # 3
            line("1", "1.001806", "1.001806"),  # 4
            line("2", "1.012990", "1.012990"),  # 5
            line("3", "1.012990", "1.012990"),  # 6: the same code again at the same level
            "II,THỦ TỤC HÀNH CHÍNH CẤP XÃ (02 TTHC),,",  # 7
            "LĨNH VỰC BẢO TRỢ XÃ HỘI (02 TTHC),,,",  # 8
            line("01", "1.001806", "1.001806"),  # 9: listed at province level on row 4
            line("02", "", name="Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội"),  # 10: no code
        ]
    )
    with unchanged(), pytest.raises(CatalogueImportError) as caught:
        run(province, text)
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [
        (6, "Mã TTHC", "Mã TTHC “1.012990” trùng với dòng 5."),
        (
            9,
            "Mã TTHC",
            "Mã TTHC “1.001806” có ở cấp xã và ở cấp tỉnh (dòng 4): danh mục ghi mỗi TTHC một cấp thực hiện, nên "
            "không nhập một TTHC ở hai cấp. Hãy giữ một dòng (ghi các cấp trong cùng một ô nếu cần, ví dụ “Cấp "
            "tỉnh, cấp xã”).",
        ),
        (10, "Mã TTHC", UNMATCHED),
    ]


def test_a_code_at_two_levels_in_a_level_column_is_reported_as_such(province):
    header = "Mã TTHC;Tên thủ tục hành chính;Cấp thực hiện"
    text = "\n".join([header, "1.001806;Tên;Cấp tỉnh", "1.001806;Tên;Cấp xã", "1.001806;Tên;tỉnh"])
    with unchanged(), pytest.raises(CatalogueImportError) as caught:
        run(province, text)
    assert [(p.row, p.reason.split(":")[0]) for p in caught.value.problems] == [
        (3, "Mã TTHC “1.001806” có ở cấp xã và ở cấp tỉnh (dòng 2)"),
        (4, "Mã TTHC “1.001806” trùng với dòng 2."),
    ]


def test_an_annex_without_a_code_column_reports_every_row_and_the_missing_level(province):
    make_org("department", province, name="Sở Y tế", code="22-SYT")
    with unchanged(), pytest.raises(CatalogueImportError) as caught:
        run(province, annex("A6"))
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [
        (1, "Cấp thực hiện", NO_LEVEL),
        (2, "Mã TTHC", UNMATCHED),
        (3, "Mã TTHC", UNMATCHED),
        (4, "Mã TTHC", UNMATCHED),
        (5, "Mã TTHC", UNMATCHED),
    ]


A6_NAMES = [row[1] for row in table(annex("A6"))[1:]]


def test_code_less_rows_are_matched_by_name_to_one_active_procedure_of_the_catalogue(province):
    health = make_org("department", province, name="Sở Y tế", code="22-SYT")
    codes = ["1.010101", "1.010102", "1.010103", "1.010104"]
    for code, name in zip(codes, A6_NAMES, strict=True):
        make_procedure(province, code, name.upper(), field="Dược phẩm")  # case and accents of the name aside
    make_procedure(province, "1.010105", A6_NAMES[0], status=ProcedureStatus.ABOLISHED)  # not a candidate
    result = run(province, annex("A6"))
    assert [(row, code) for row, code, _name in result.matched_by_name] == list(zip([2, 3, 4, 5], codes, strict=True))
    assert (result.added, result.amended, result.assigned) == (0, 4, 4)  # the name as published, Sở Y tế
    assert AdministrativeProcedure.objects.get(code="1.010101").name == A6_NAMES[0]
    assigned = ProcedureAssignment.objects.filter(agency=health, is_active=True)
    assert sorted(assigned.values_list("procedure__code", flat=True)) == codes

    again = run(province, annex("A6"))
    assert (again.has_changes, len(again.matched_by_name)) == (False, 4)


def test_a_name_borne_by_two_active_procedures_is_not_matched(province):
    make_org("department", province, name="Sở Y tế", code="22-SYT")
    make_procedure(province, "1.010101", A6_NAMES[0])
    make_procedure(province, "1.010109", A6_NAMES[0])
    for code, name in zip(["1.010102", "1.010103", "1.010104"], A6_NAMES[1:], strict=True):
        make_procedure(province, code, name)
    with unchanged(), pytest.raises(CatalogueImportError) as caught:
        run(province, annex("A6"))
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [
        (1, "Cấp thực hiện", NO_LEVEL),  # row 2 would be a new procedure
        (2, "Mã TTHC", "Thiếu mã TTHC; danh mục có 2 TTHC cùng tên (1.010101, 1.010109): hãy ghi mã."),
    ]


# --- limits and fees ---------------------------------------------------------------------------------------


def test_limits_and_fees_are_kept_from_the_catalogue_when_the_annex_has_none(province):
    first = make_procedure(
        province,
        "1.013871",
        "Bổ nhiệm giám định viên pháp y và pháp y tâm thần",
        field="Tổ chức cán bộ",
        fees="Không quy định",
    )
    make_procedure(
        province,
        "1.013876",
        "Miễn nhiệm giám định viên pháp y và pháp y tâm thần",
        time_limit_days=None,
        time_limit_text="",
    )
    result = run(province, annex("A4"), decision_number="1973/QĐ-UBND", decision_signed_on=TODAY)
    assert (result.added, result.amended, result.unchanged) == (0, 1, 1)  # row 2 adds a full stop to the name
    first.refresh_from_db()
    assert (first.time_limit_days, first.time_limit_text, first.fees) == (
        Decimal(10),
        "10 ngày làm việc",
        "Không quy định",
    )
    assert first.name == "Bổ nhiệm giám định viên pháp y và pháp y tâm thần."
    assert result.not_computable == [(3, "1.013876", NO_LIMIT)]  # no limit in the annex nor the catalogue


def test_the_full_layout_amends_and_a_short_layout_of_the_same_procedure_changes_nothing(province):
    make_procedure(province, "1.012507", "Cấp chứng chỉ nghiệp vụ chuyên môn về đấu thầu", field="Đấu thầu")
    amended = run(province, annex("A3a"), decision_number="2015/QĐ-UBND", decision_signed_on=TODAY)
    assert amended.amended == 1
    procedure = AdministrativeProcedure.objects.get(code="1.012507")
    assert procedure.time_limit_days == Decimal(15)  # the longest of the cases listed
    assert procedure.fees.startswith("- 0 đồng đối với cá nhân đạt kỳ thi")
    assert procedure.legal_bases.startswith("- Luật Đấu thầu số 22/2023/QH15")

    other_layout = run(province, annex("A7a"))  # 'Mã số TTHC', '01': no limit, fee or legal-basis column
    assert (other_layout.has_changes, other_layout.unchanged, other_layout.not_computable) == (False, 1, [])
    assert AdministrativeProcedure.objects.get(code="1.012507").fees == procedure.fees


# --- the page and the command -----------------------------------------------------------------------------


def test_the_preview_keeps_the_sections_for_the_confirmation(client, province, coordinator):
    client.force_login(coordinator)
    url = reverse("procedures:import")
    preview = client.post(
        url,
        {
            "catalogue": province.pk,
            "file": upload(annex_xlsx(A1_TITLE, table(annex("A1"))), "phu-luc-1.xlsx"),
            "decision_number": "2022/QĐ-UBND",
            "decision_signed_on": "2026-03-02",
            "decision_title": "",
        },
    )
    assert preview.status_code == 200
    assert preview.context["result"].added == 18
    page = preview.content.decode()
    assert "Cấp thực hiện, lĩnh vực đọc từ 9 dòng mục của tệp." in page
    assert "THỦ TỤC HÀNH CHÍNH CẤP TỈNH (12 TTHC)" in page
    assert not AdministrativeProcedure.objects.exists()
    done = client.post(url, {"token": preview.context["token"], "catalogue": province.pk})
    assert done.status_code == 302
    assert Counter(AdministrativeProcedure.objects.values_list("level", "field")) == A1_LEVELS_AND_FIELDS


def test_the_command_lists_the_sections_read(province, tmp_path):
    path = tmp_path / "A1.csv"
    path.write_text(annex("A1"), encoding="utf-8")
    out = io.StringIO()
    call_command("procedures_import", str(path), "--catalogue", "22", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Kiểm tra xong (chưa ghi): sẽ thêm mới 18" in text
    assert "  dòng 2: I THỦ TỤC HÀNH CHÍNH CẤP TỈNH (12 TTHC) — 12 dòng TTHC" in text
    assert "  dòng 17: II THỦ TỤC HÀNH CHÍNH CẤP TỈNH, CẤP XÃ (04 TTHC) — 4 dòng TTHC" in text
    assert "  dòng 19 1.004946: cấp tỉnh, cấp xã" in text
    assert "  dòng 4 1.001806: (tệp và danh mục đều chưa có thời hạn)" in text
    assert not AdministrativeProcedure.objects.exists()


def test_a_new_limit_written_without_a_number_does_not_keep_the_old_number(province):
    make_procedure(province, "1.013871", "Bổ nhiệm giám định viên pháp y và pháp y tâm thần")  # 10 days
    data = (
        "Stt,Mã TTHC,Tên TTHC,Cấp thực hiện,Thời hạn giải quyết\n"
        "1,1.013871,Bổ nhiệm giám định viên pháp y và pháp y tâm thần,Cấp tỉnh,Theo quy định của Bộ Y tế\n"
    )
    result = run(province, data, decision_number="1973/QĐ-UBND", decision_signed_on=TODAY)
    procedure = AdministrativeProcedure.objects.get(code="1.013871")
    assert (procedure.time_limit_days, procedure.time_limit_text) == (None, "Theo quy định của Bộ Y tế")
    assert result.not_computable == [(2, "1.013871", "Theo quy định của Bộ Y tế")]
    assert ProcedureChange.objects.get(procedure=procedure).changes["time_limit_days"] == {
        "before": "10",
        "after": None,
    }
