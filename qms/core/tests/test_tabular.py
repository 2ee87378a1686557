"""The shared import-file reader: header detection, row numbers, refusals."""

from __future__ import annotations

import io

import pytest

from qms.core.tabular import RowProblem, TableFormat, TabularImportError

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
