"""Score sheets in the layouts of real annexes: each is read (not refused), its total row becomes
``stated_total``, every stated subtotal, total or maximum that disagrees with the leaves is
reported, and only genuinely unknown codes are errors naming the row and the column.

The fixtures are the Đắk Nông 2020 rubric filled in each layout (``layouts.py``); the expected
figures are worked out by hand from the scores each test sets (half of every maximum unless
changed: part I 36, part II 14, total 50)."""

from __future__ import annotations

import pytest

from qms.assessments.models import Assessment, Score
from qms.assessments.scoresheet_layout import (
    find_table_header,
    is_column_numbers,
    normalise_code,
    read_table,
    split_code,
    total_label,
)
from qms.assessments.services_import import scoresheet_import
from qms.core.tests.pagekit import audited

from . import layouts
from .layouts import D

pytestmark = pytest.mark.django_db


def run(rubric, data, *, filename, kind="self", agency=None, actor=None, dry_run=True):
    return scoresheet_import(
        actor=actor, rubric=rubric, kind=kind, data=data, filename=filename, agency=agency, year=2026, dry_run=dry_run
    )


def mismatches(report):
    return [(m.code, m.row, m.field, m.stated, m.computed) for m in report.mismatches]


def parts(report):
    return [(p.code, p.stated, p.computed) for p in report.parts]


def stored(agency, *keys):
    a = Assessment.objects.get(agency=agency, year=2026, kind="self")
    values = dict(Score.objects.filter(assessment=a).values_list("criterion__key", "value"))
    return a, [values.get(k) for k in keys]


# --- one test per layout ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "in_code"),
    [
        ("Tổng", True),
        ("Tổng cộng", True),
        ("TỔNG ĐIỂM", True),
        ("Cộng", True),
        ("Tổng", False),
        ("Tổng cộng", False),
        ("TỔNG ĐIỂM", False),
        ("Cộng", False),
        ("TỔNG CỘNG (I + II)", False),
        ("Tổng số điểm tự chấm", False),
    ],
)
def test_title_block_and_the_total_labelled_in_either_column(daknong, label, in_code):
    scores = layouts.scores_of(daknong, **{"1_1": D(1), "17_2": D(1)})
    rows = layouts.title_block_layout(
        daknong, scores, total_label=label, label_in_code=in_code, total=D(52), stated={"1": D(1)}
    )
    report = run(daknong, layouts.xlsx(rows), filename="phu-luc.xlsx")
    assert report.errors == []
    assert (report.computed_total, report.stated_total, report.total_row) == (D("51"), D("52"), 122)
    assert report.stated_max_total == D(100)
    assert (report.scored, report.missing, report.score_column) == (87, [], "Điểm tự chấm")
    assert parts(report) == [("I", D("36.5"), D("36.5")), ("II", D("14.5"), D("14.5"))]
    assert mismatches(report) == [("1", 11, "score", D(1), D("1.5")), ("total", 122, "score", D(52), D(51))]


def test_lettered_sub_criteria_roman_parts_and_decimal_commas_in_a_semicolon_csv(daknong, department, secretary):
    scores = layouts.scores_of(daknong, **{"9_3_đ": D(1), "7_2_d": D(0)})
    rows = layouts.lettered_layout(daknong, scores, stated={"9": D(7)}, total=D("50.0"))
    assert rows[1][0] == "PHẦN I." and rows[77][0] == "Phần II:"
    assert [r[0] for r in rows[36:44]] == ["A.", "b.", "(c)", "7.2", "a", "b)", "c.", "(d)"]
    assert [r[0] for r in rows[66:72]] == ["a", "b)", "c.", "(d)", "đ", "e)"]  # 9.3
    data = layouts.delimited(rows, ";")
    report = run(daknong, data, filename="bang-tu-cham.csv", agency=department, actor=secretary, dry_run=False)
    assert report.errors == []
    assert (report.computed_total, report.stated_total, report.total_row) == (D(50), D(50), 114)
    assert parts(report) == [("I", D(36), D(36)), ("II", D(14), D(14))]
    assert mismatches(report) == [("9", 55, "score", D(7), D("7.5"))]
    assert report.written and report.changed == 87
    a, values = stored(department, "7.1.a", "7.2.d", "9.3.đ", "9.3.e", "10.2.b")
    assert values == [D("0.5"), D(0), D(1), D("0.5"), D(6)]
    assert a.total == D(50)


def test_extra_evidence_and_notes_columns(daknong):
    self_scores = layouts.scores_of(daknong)
    inspection_scores = {**{k: v * 2 for k, v in self_scores.items()}, "10.2.a": D(3), "10.2.b": D(9)}
    notes = {"1.1": "Kế hoạch số 12/KH-SKHCN", "10.2.b": "Chậm 2 hồ sơ"}
    evidence = {"1.1": "KH 12/KH-SKHCN ngày 10/01/2025", "1.2": "Báo cáo 30/BC-SKHCN"}
    stated = {"I": D(72), "10": D(16), "10.2": D(15), "total": D(100)}

    def build(with_notes):
        rows = layouts.extra_columns_layout(
            daknong,
            self_scores,
            inspection_scores,
            inspection_stated=stated,
            notes=notes,
            evidence=evidence,
            with_notes=with_notes,
        )
        return layouts.xlsx(rows)

    report = run(daknong, build(True), filename="bang-diem.xlsx")
    assert report.errors == [] and report.mismatches == []
    assert (report.computed_total, report.stated_total, report.total_row) == (D(50), D(50), 117)
    assert parts(report) == [("I", D(36), D(36)), ("II", D(14), D(14))]
    by_key = {line.key: line.note for line in report.lines}
    assert (by_key["1.1"], by_key["1.2"], by_key["10.2.b"]) == ("Kế hoạch số 12/KH-SKHCN", "", "Chậm 2 hồ sơ")

    inspection = run(daknong, build(True), filename="bang-diem.xlsx", kind="inspection")
    assert inspection.errors == [] and inspection.score_column == "Điểm đoàn kiểm tra"
    assert (inspection.computed_total, inspection.stated_total) == (D(97), D(100))
    assert parts(inspection) == [("I", D(72), D(69)), ("II", D(28), D(28))]
    assert mismatches(inspection) == [
        ("I", 5, "score", D(72), D(69)),
        ("10", 76, "score", D(16), D(13)),
        ("10.2", 78, "score", D(15), D(12)),
        ("total", 117, "score", D(100), D(97)),
    ]

    without_notes = run(daknong, build(False), filename="bang-diem.xlsx")
    assert without_notes.errors == [] and without_notes.has_notes
    by_key = {line.key: line.note for line in without_notes.lines}
    assert (by_key["1.1"], by_key["1.2"]) == ("KH 12/KH-SKHCN ngày 10/01/2025", "Báo cáo 30/BC-SKHCN")


def test_two_row_header_over_merged_cells(daknong):
    self_scores = layouts.scores_of(daknong)
    inspection_scores = layouts.scores_of(daknong, **{f"6_{i}": D(1) for i in range(1, 10)})
    rows = layouts.two_row_header_layout(daknong, self_scores, inspection_scores, stated_max={"6": D(10)})
    data = layouts.xlsx(rows, merges=layouts.TWO_ROW_HEADER_MERGES)
    header = find_table_header(read_table(data, "phieu.xlsx"))
    assert header is not None
    assert (header.first, header.last) == (2, 3)
    assert header.positions == {"code": 0, "text": 1, "max": 2, "self": 3, "inspection": 4, "note": 5}

    report = run(daknong, data, filename="phieu.xlsx")
    assert report.errors == [] and report.score_column == "Điểm do đơn vị tự chấm"
    assert (report.computed_total, report.stated_total, report.total_row) == (D(50), D(50), 118)
    assert parts(report) == [("I", D(36), D(36)), ("II", D(14), D(14))]
    assert mismatches(report) == [("6", 29, "max", D(10), D(9))]

    inspection = run(daknong, data, filename="phieu.xlsx", kind="inspection")
    assert inspection.errors == [] and inspection.score_column == "Điểm đoàn kiểm tra chấm"
    assert (inspection.computed_total, inspection.stated_total) == (D("54.5"), D("54.5"))
    assert parts(inspection) == [("I", D("40.5"), D("40.5")), ("II", D(14), D(14))]
    assert mismatches(inspection) == [("6", 29, "max", D(10), D(9))]


def test_codes_inside_the_criterion_text_and_maxima_written_in_the_text(daknong, department, secretary):
    scores = layouts.scores_of(daknong, **{f"3_{i}": D(1) for i in range(1, 6)})
    rows = layouts.codes_in_text_layout(
        daknong,
        scores,
        max_in_text={"8": D(10)},
        evidence={"1.1": "Kế hoạch 05/KH-UBND", "10.2.b": "Sổ theo dõi hồ sơ"},
        no_space=("6.1", "6.2"),
    )
    assert rows[1][0] == "I. HOẠT ĐỘNG XÂY DỰNG, ÁP DỤNG HTQLCL THEO TCVN ISO 9001:2015 (72 điểm)"
    assert rows[25][0] == "6.1.Cụ thể, đo lường được, nhất quán với chính sách chất lượng"
    assert rows[36][0] == "a) Bản mô tả HTQLCL, các tài liệu chung về HTQLCL"
    assert rows[44][0] == "8. Kiểm soát thông tin dạng văn bản (10 điểm)"
    data = layouts.delimited(rows, "\t")
    report = run(daknong, data, filename="bang-tieu-chi.tsv", agency=department, actor=secretary, dry_run=False)
    assert report.errors == []
    assert (report.computed_total, report.stated_total, report.total_row) == (D("52.5"), D("52.5"), 114)
    assert report.stated_max_total == D(100)
    assert parts(report) == [("I", None, D("38.5")), ("II", None, D(14))]
    assert mismatches(report) == [("8", 45, "max", D(10), D(9))]
    assert (report.scored, report.missing) == (87, [])
    a, values = stored(department, "3.5", "6.1", "7.1.a", "10.2.b")
    assert values == [D(1), D("0.5"), D("0.5"), D(6)]
    notes = dict(Score.objects.filter(assessment=a).values_list("criterion__key", "note"))
    assert (notes["1.1"], notes["10.2.b"], notes["1.2"]) == ("Kế hoạch 05/KH-UBND", "Sổ theo dõi hồ sơ", "")


def test_scoring_rules_glued_footnotes_and_a_sum_under_each_part(daknong):
    scores = layouts.scores_of(daknong)
    rows = layouts.rules_and_part_sums_layout(
        daknong, scores, part_sums={"I": D(36), "II": D(15)}, glued_max={"9": "141"}, total=D(51)
    )
    assert rows[78][:3] == [None, "Thực hiện đúng, đủ các quy trình đã công bố: 12", D(12)]  # row 79
    assert rows[80][:4] == ["Cộng", None, D(72), D(36)]  # row 81
    assert rows[118][:4] == [None, "Cộng phần II", D(28), D(15)]  # row 119
    report = run(daknong, layouts.xlsx(rows), filename="phieu.xlsx")
    assert report.errors == []
    assert (report.computed_total, report.stated_total, report.total_row) == (D(50), D(51), 120)
    assert [(s.key, s.row, s.stated_score) for s in report.subtotals] == [("I", 81, D(36)), ("II", 119, D(15))]
    assert parts(report) == [("I", D(36), D(36)), ("II", D(15), D(14))]
    assert mismatches(report) == [
        ("9", 56, "max", D(141), D(14)),
        ("II", 119, "score", D(15), D(14)),
        ("total", 120, "score", D(51), D(50)),
    ]
    assert (report.scored, report.missing) == (87, [])


def test_only_unknown_codes_are_errors_naming_the_row_and_the_column(daknong, department, secretary):
    scores = layouts.scores_of(daknong)
    rows = layouts.title_block_layout(daknong, scores, total_label="Tổng cộng", label_in_code=False, total=D(50))
    assert rows[121][1] == "Tổng cộng" and rows[46][0] == "c"  # the total on row 122, 7.1.c on row 47
    rows.insert(121, [None, "Cộng phần III", D(10), D(5), None])
    rows.insert(121, ["18", "Tiêu chí không có trong bộ", D(1), D(1), None])
    rows.insert(47, ["d)", "Phù hợp với luật định", D(1), D("0.5"), None])  # 7.1 has only a, b, c
    with audited():
        report = run(daknong, layouts.xlsx(rows), filename="phu-luc.xlsx", agency=department, actor=secretary)
    assert [str(e) for e in report.errors] == [
        "Dòng 48, cột “TT”: mã “d)” không có dưới tiêu chí 7.1 của bộ tiêu chí daknong-2020.",
        "Dòng 123, cột “TT”: mã “18” không có trong bộ tiêu chí daknong-2020.",
        "Dòng 124, cột “Tiêu chí đánh giá”: “Cộng phần III”: không có phần hoặc tiêu chí “III” "
        "trong bộ tiêu chí daknong-2020.",
    ]
    # The rest of the sheet is still read: 7.2.d is the real one, the total is still compared.
    assert {line.key: line.row for line in report.lines}["7.2.d"] == 53
    assert (report.computed_total, report.stated_total, report.mismatches) == (D(50), D(50), [])
    assert not report.written and not Assessment.objects.exists()

    text_rows = layouts.codes_in_text_layout(daknong, scores, max_in_text={}, evidence={})
    text_rows.insert(113, ["18. Tiêu chí không có trong bộ", D(1), D(1), None])
    report = run(daknong, layouts.delimited(text_rows, "\t"), filename="bang.tsv")
    assert [str(e) for e in report.errors] == [
        "Dòng 114, cột “Tiêu chí đánh giá”: mã “18” không có trong bộ tiêu chí daknong-2020."
    ]


# --- the pieces ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("PHẦN I", "I"),
        ("Phần II.", "II"),
        ("II", "II"),
        ("7.1.", "7.1"),
        ("a)", "a"),
        ("b.", "b"),
        ("(c)", "c"),
        ("đ)", "đ"),
        ("Đ", "đ"),
        ("D", "d"),
        ("7.1.a", "7.1.a"),
    ],
)
def test_normalise_code(raw, code):
    assert normalise_code(raw) == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.1. Có đủ các chức danh", ("1.1", "Có đủ các chức danh")),
        ("2.4.Tủ sách, sách, báo", ("2.4", "Tủ sách, sách, báo")),
        ("1. Tổ chức bộ máy (10 điểm)", ("1", "Tổ chức bộ máy (10 điểm)")),
        ("I. HOẠT ĐỘNG XÂY DỰNG", ("I", "HOẠT ĐỘNG XÂY DỰNG")),
        ("PHẦN II: HOẠT ĐỘNG DUY TRÌ", ("II", "HOẠT ĐỘNG DUY TRÌ")),
        ("a) Phù hợp với Mô hình khung", ("a", "Phù hợp với Mô hình khung")),
        ("b. Phù hợp với yêu cầu", ("b", "Phù hợp với yêu cầu")),
        ("Ý thức tổ chức kỷ luật", ("", "Ý thức tổ chức kỷ luật")),
        ("100% hồ sơ đúng hạn", ("", "100% hồ sơ đúng hạn")),
        ("Tỷ lệ đạt từ 95% trở lên: 2,5", ("", "Tỷ lệ đạt từ 95% trở lên: 2,5")),
    ],
)
def test_split_code(text, expected):
    assert split_code(text) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Tổng", ("total", "")),
        ("Tổng cộng", ("total", "")),
        ("TỔNG ĐIỂM", ("total", "")),
        ("Tổng số điểm", ("total", "")),
        ("TỔNG CỘNG (I + II)", ("total", "")),
        ("Total", ("total", "")),
        ("Cộng", ("bare", "")),
        ("Cộng phần II", ("subtotal", "II")),
        ("Tổng điểm phần I", ("subtotal", "I")),
        ("Cộng mục 7", ("subtotal", "7")),
        ("Tổng hợp, báo cáo, phân tích.", None),
        ("Tổng số lượt người tham gia học tập", None),
        ("Công bố HTQLCL phù hợp tiêu chuẩn", None),
        ("Cộng đồng", None),
    ],
)
def test_total_label(label, expected):
    found = total_label(label)
    assert (found and (found.kind, found.code)) == expected


@pytest.mark.parametrize(
    ("rows", "first", "last", "positions"),
    [
        # Hải Phòng 212/2025/QĐ-UBND, Phụ lục 01, as published (3 header lines).
        (
            [
                ["TT", "Tiêu chí chấm điểm", "Điểm tối đa", "Kết quả đánh giá", "", ""],
                [
                    "",
                    "",
                    "",
                    "Điểm do cá nhân tự chấm",
                    "Người quản lý trực tiếp đánh giá, xếp loại",
                    "Cấp có thẩm quyền đánh giá, xếp loại",
                ],
                ["(1)", "(2)", "(3)", "(4)", "(5)", "(ổ)"],
            ],
            0,
            1,
            {"code": 0, "text": 1, "max": 2, "self": 3},
        ),
        # Hồ Chí Minh City 5155/SGDĐT-GDTXNNĐH, as published.
        (
            [["TIÊU CHÍ", "Mức điểm theo yêu cầu", "Điểm tự chấm", "CÁC MINH CHỨNG"]],
            0,
            0,
            {"text": 0, "max": 1, "self": 2, "evidence": 3},
        ),
        # "Điểm" spanning three sub-columns; a method column that is no score.
        (
            [
                ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                ["BẢNG TỰ CHẤM ĐIỂM THEO BỘ TIÊU CHÍ"],
                ["Số TT", "Nội dung đánh giá", "Phương pháp kiểm tra", "Điểm", None, None, "Ghi chú"],
                [None, None, None, "Tối đa", "Tự chấm", "Kiểm tra", None],
            ],
            2,
            3,
            {"code": 0, "text": 1, "max": 3, "self": 4, "inspection": 5, "note": 6},
        ),
        # A units row under the header is part of it and renames nothing.
        (
            [
                ["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm tự chấm", "Điểm kiểm tra"],
                [None, None, "(điểm)", "(điểm)", "(điểm)"],
            ],
            0,
            1,
            {"code": 0, "text": 1, "max": 2, "self": 3, "inspection": 4},
        ),
    ],
)
def test_header_shapes(rows, first, last, positions):
    header = find_table_header(rows)
    assert header is not None
    assert (header.first, header.last, header.positions) == (first, last, positions)


def test_column_number_rows():
    assert is_column_numbers("(1)", "(2)") and is_column_numbers("", "(1)") and is_column_numbers("A", "B")
    assert not is_column_numbers("1.1", "Có kế hoạch") and not is_column_numbers("I", "HOẠT ĐỘNG")


def test_the_separator_is_the_one_giving_rows_of_one_width():
    lines = [
        "TT;Tiêu chí đánh giá;Điểm tối đa;Điểm tự chấm",
        "1;Nhân lực, trang thiết bị, cơ sở hạ tầng, kinh phí;1,5;0,5",
        "2;Xét thi đua, khen thưởng, kỷ luật, lưu trữ;2,5;1,25",
    ]
    rows = read_table("\n".join(lines).encode(), "bang.csv")
    assert rows[1] == ["1", "Nhân lực, trang thiết bị, cơ sở hạ tầng, kinh phí", "1,5", "0,5"]
    tsv = "\n".join(line.replace(";", "\t") for line in lines).encode()
    assert read_table(tsv, "bang.tsv")[2] == ["2", "Xét thi đua, khen thưởng, kỷ luật, lưu trữ", "2,5", "1,25"]
