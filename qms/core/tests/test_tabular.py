"""The shared import-file reader: header detection, row numbers, refusals."""

from __future__ import annotations

import io

import pytest

from qms.core.tabular import RowProblem, SourceRows, TableFormat, TabularImportError

FORMAT = TableFormat(
    aliases={"code": ("Mã", "code"), "name": ("Tên", "name")},
    required=("code", "name"),
    label=lambda f: {"code": "Mã", "name": "Tên"}[f],
    max_rows=3,
)
ANNEX = TableFormat(aliases=FORMAT.aliases, required=FORMAT.required, label=FORMAT.label, header_field="code")


def test_rows_keep_their_spreadsheet_numbers_and_blank_rows_are_skipped():
    rows = FORMAT.read_csv("Mã;Tên\n1.001;Cấp phép\n\n2.002;Gia hạn\n".encode())
    assert rows.columns == {"code": "Mã", "name": "Tên"}
    assert rows.rows == [(2, {"code": "1.001", "name": "Cấp phép"}), (4, {"code": "2.002", "name": "Gia hạn"})]


def test_the_header_of_an_annex_is_found_below_its_title_lines():
    rows = ANNEX.from_table([["PHỤ LỤC"], ["Danh mục thủ tục"], ["MÃ ", "tên"], ["1.001", "Cấp phép"]])
    assert rows.rows == [(4, {"code": "1.001", "name": "Cấp phép"})]


def test_missing_columns_are_named_at_the_header_row():
    with pytest.raises(TabularImportError) as refused:
        ANNEX.from_table([["Tiêu đề"], ["Mã"], ["1.001"]])
    assert refused.value.problems == [RowProblem(2, "Tên", "Thiếu cột “Tên” ở dòng tiêu đề.")]


def test_too_many_rows_non_utf8_and_other_files_are_refused():
    with pytest.raises(TabularImportError, match="quá 3 dòng"):
        FORMAT.from_table([["Mã", "Tên"], *([["1", "a"]] * 4)])
    with pytest.raises(TabularImportError, match="UTF-8"):
        FORMAT.read_csv("Mã,Tên\n1,Đ".encode("cp1258", errors="replace") + b"\xff")
    with pytest.raises(TabularImportError, match="CSV hoặc Excel"):
        FORMAT.read_file(io.BytesIO(b"%PDF-1.4"), "danh-muc.pdf")


SECTIONED = TableFormat(
    aliases={**FORMAT.aliases, "field": ("Lĩnh vực",)},
    required=("name",),
    label=lambda f: f,
    header_field="code",
    header_min_fields=2,
    section_row=lambda fields, text: text.startswith(("A.", "B.")) and not fields.get("code", "").startswith("1."),
)


def test_without_the_header_field_a_row_naming_enough_known_columns_is_the_header():
    rows = SECTIONED.from_table([["PHỤ LỤC"], ["Tên", "Lĩnh vực"], ["Cấp phép", "Hộ tịch"]])
    assert (rows.header_row, rows.columns) == (2, {"name": "Tên", "field": "Lĩnh vực"})
    assert rows.rows == [(3, {"name": "Cấp phép", "field": "Hộ tịch"})]


def test_section_rows_and_title_lines_are_kept_apart_from_the_data_rows_with_their_numbers():
    rows = SECTIONED.from_table(
        [
            ["A. DANH MỤC", None],
            ["(Kèm theo Quyết định)"],
            ["Mã", "Tên"],
            ["A. Cấp tỉnh", None],  # a merged row: the text in its first cell
            ["1.001", "Cấp phép"],
            [None, "B. Cấp xã"],
            ["1.002", "B. tên lạ"],  # a data row the format does not take for a heading
        ]
    )
    assert rows.header_row == 3
    assert rows.sections == [(1, "A. DANH MỤC"), (4, "A. Cấp tỉnh"), (6, "B. Cấp xã")]
    assert rows.rows == [(5, {"code": "1.001", "name": "Cấp phép"}), (7, {"code": "1.002", "name": "B. tên lạ"})]
    assert SourceRows.from_plain(rows.as_plain()) == rows


def test_rows_kept_in_a_session_before_sections_existed_still_load():
    plain = {"columns": {"code": "Mã"}, "rows": [[2, {"code": "1.001"}]]}
    assert SourceRows.from_plain(plain) == SourceRows({"code": "Mã"}, [(2, {"code": "1.001"})], [], 1)
    assert FORMAT.read_csv("Mã;Tên\n1.001;A. x\n".encode()).sections == []  # no section_row: every row is data
