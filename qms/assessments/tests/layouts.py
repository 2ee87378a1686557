"""The Đắk Nông 2020 rubric filled in as real annexes lay their score tables out.

Each builder returns the rows of one layout seen in published forms (see
``/work/shared/data/real-annexes/B1*.tsv`` and ``B2*.tsv``): a title block, two-row headers over
merged cells, the ``(1) (2) (3)`` row, Roman part rows, lettered sub-criteria written ``a)`` /
``b.``, decimal commas, scoring-rule rows, ``Cộng`` rows under each part, an evidence column, no TT
column at all (codes in the criterion text, group maxima written ``(10 điểm)``), and the total
labelled in either column. Group and part rows show the subtotal computed from the leaves unless
``stated`` says otherwise, so each test knows exactly which stated figures disagree.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from qms.assessments import scoring
from qms.assessments.models import Criterion, Rubric

D = Decimal

TITLE_BLOCK: list[list[Any]] = [
    ["UBND TỈNH ĐẮK NÔNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None],
    ["SỞ KHOA HỌC VÀ CÔNG NGHỆ", None, None, "Độc lập - Tự do - Hạnh phúc", None],
    [None, None, None, None, None],
    ["PHỤ LỤC", None, None, None, None],
    [
        "BẢNG TỰ CHẤM ĐIỂM KẾT QUẢ XÂY DỰNG, ÁP DỤNG, DUY TRÌ VÀ CẢI TIẾN HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG "
        "THEO TIÊU CHUẨN QUỐC GIA TCVN ISO 9001:2015 NĂM 2025",
        None,
        None,
        None,
        None,
    ],
    ["(Kèm theo Báo cáo số 125/BC-SKHCN ngày 15/11/2025 của Sở Khoa học và Công nghệ)", None, None, None, None],
    [None, None, None, None, None],
]
SIGNATURES: list[list[Any]] = [
    [None, None, None, None, None],
    [None, None, None, "Đắk Nông, ngày 15 tháng 11 năm 2025", None],
    ["THỦ TRƯỞNG CƠ QUAN", None, None, "NGƯỜI LẬP BIỂU", None],
    ["(Ký, ghi rõ họ tên, đóng dấu)", None, None, "(Ký, ghi rõ họ tên)", None],
]


def criteria(rubric: Rubric) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric=rubric).order_by("order"))


def subtotals(rubric: Rubric, scores: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """Every criterion's value computed from the leaf ``scores`` (what a correct sheet states)."""
    rows = criteria(rubric)
    nodes = [scoring.Node(c.pk, c.parent_id, c.key, c.code, c.max_points, c.order, c.is_leaf) for c in rows]
    totals = scoring.compute(nodes, {c.pk: scores.get(c.key) for c in rows if c.is_leaf})
    out = {c.key: totals.subtotals[c.pk] for c in rows}
    out["total"] = totals.total
    return out


def shown(value: Any, comma: bool = False) -> Any:
    """A cell as a person types it: ``1,5`` with a decimal comma, ``2`` for a whole number."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text.replace(".", ",") if comma else text
    return value


def scores_of(rubric: Rubric, **changes: Decimal) -> dict[str, Decimal]:
    """Every leaf at half its maximum rounded down to the step, then ``changes`` (``_`` for ``.``)."""
    out = {}
    for c in criteria(rubric):
        if c.is_leaf:
            out[c.key] = (c.max_points / 2 / rubric.score_step).to_integral_value(
                rounding="ROUND_FLOOR"
            ) * rubric.score_step
    for key, value in changes.items():
        out[key.replace("_", ".")] = value
    return out


def _value(c: Criterion, scores: Mapping[str, Any], computed: Mapping[str, Any], stated: Mapping[str, Any]) -> Any:
    if c.key in stated:
        return stated[c.key]
    return scores.get(c.key) if c.is_leaf else computed[c.key]


# --- layouts -------------------------------------------------------------------------------------


def title_block_layout(
    rubric: Rubric,
    scores: Mapping[str, Decimal],
    *,
    total_label: str,
    label_in_code: bool,
    total: Any,
    stated: Mapping[str, Any] | None = None,
) -> list[list[Any]]:
    """Title block (7 lines), header on row 8, ``(1)…(5)`` on row 9, criterion ``I`` on row 10,
    the total on row 122 labelled in the TT column (criterion cell empty) or the other way round."""
    computed = subtotals(rubric, scores)
    rows = [list(r) for r in TITLE_BLOCK]
    rows.append(["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm tự chấm", "Ghi chú"])
    rows.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for c in criteria(rubric):
        rows.append([c.code, c.text, c.max_points, _value(c, scores, computed, stated or {}), None])
    label = [total_label, None] if label_in_code else [None, total_label]
    rows.append([*label, rubric.max_points, total, None])
    return rows + [list(r) for r in SIGNATURES]


_LETTER_STYLES = ("{})", "{}.", "({})", "{}")


def lettered_layout(
    rubric: Rubric, scores: Mapping[str, Decimal], *, stated: Mapping[str, Any], total: Any
) -> list[list[Any]]:
    """CSV shape: no title, header on row 1, no column numbers (criterion ``I`` on row 2); parts
    ``PHẦN I.`` / ``Phần II:``; letters written ``a)``, ``b.``, ``(c)`` and bare ``d`` in turn
    (``A.`` in capitals for 7.1.a); every number with a decimal comma; ``Tổng cộng`` in the criterion
    column on row 114."""
    computed = subtotals(rubric, scores)
    rows: list[list[Any]] = [["STT", "Nội dung tiêu chí", "Thang điểm", "Điểm tự chấm", "Ghi chú"]]
    letter_index = 0
    for c in criteria(rubric):
        code = c.code
        if c.depth == 0:
            code = "PHẦN I." if c.code == "I" else "Phần II:"
        elif c.code.isalpha():
            code = _LETTER_STYLES[letter_index % len(_LETTER_STYLES)].format(c.code).strip()
            letter_index += 1
            if c.key == "7.1.a":
                code = "A."
        value = _value(c, scores, computed, stated)
        rows.append([code, c.text, shown(c.max_points, True), shown(value, True), None])
    rows.append([None, "Tổng cộng", shown(rubric.max_points, True), shown(total, True), None])
    return rows


def extra_columns_layout(
    rubric: Rubric,
    self_scores: Mapping[str, Decimal],
    inspection_scores: Mapping[str, Decimal],
    *,
    inspection_stated: Mapping[str, Any],
    notes: Mapping[str, str],
    evidence: Mapping[str, str],
    with_notes: bool = True,
) -> list[list[Any]]:
    """``TT | Tiêu chí đánh giá | Điểm tối đa | Tài liệu kiểm chứng | Điểm tự chấm | Điểm đoàn kiểm
    tra | Ghi chú``: an evidence column between the maximum and the scores, both scores, notes
    last (or no notes column). A short title (2 lines, a blank), header on row 4, ``I`` on row 5,
    the total (``TỔNG ĐIỂM`` in the TT column) on row 117."""
    self_computed = subtotals(rubric, self_scores)
    inspection_computed = subtotals(rubric, inspection_scores)
    header = ["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Tài liệu kiểm chứng", "Điểm tự chấm", "Điểm đoàn kiểm tra"]
    rows: list[list[Any]] = [
        ["PHỤ LỤC II"],
        ["BẢNG ĐIỂM TỰ ĐÁNH GIÁ VÀ KẾT QUẢ KIỂM TRA HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG NĂM 2025"],
        [],
        [*header, "Ghi chú"] if with_notes else header,
    ]
    for c in criteria(rubric):
        row = [
            c.code,
            c.text,
            c.max_points,
            evidence.get(c.key),
            _value(c, self_scores, self_computed, {}),
            _value(c, inspection_scores, inspection_computed, inspection_stated),
        ]
        rows.append([*row, notes.get(c.key)] if with_notes else row)
    rows.append(
        [
            "TỔNG ĐIỂM",
            None,
            rubric.max_points,
            None,
            self_computed["total"],
            inspection_stated.get("total", inspection_computed["total"]),
        ]
    )
    return rows


def two_row_header_layout(
    rubric: Rubric,
    self_scores: Mapping[str, Decimal],
    inspection_scores: Mapping[str, Decimal],
    *,
    stated_max: Mapping[str, Any],
) -> list[list[Any]]:
    """Hải Phòng's shape: ``TT | Tiêu chí đánh giá | Điểm tối đa | Kết quả chấm điểm`` (merged
    over three columns; the first three merged down two rows) above ``Điểm do đơn vị tự chấm |
    Điểm đoàn kiểm tra chấm | Ghi chú``, then ``(1)…(5) (ổ)`` (the misprint kept), criterion ``I``
    on row 6 after a 2-line title; ``Tổng cộng`` in the criterion column on row 118."""
    self_computed = subtotals(rubric, self_scores)
    inspection_computed = subtotals(rubric, inspection_scores)
    rows: list[list[Any]] = [
        ["UBND HUYỆN CƯ JÚT", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None, None],
        ["PHIẾU CHẤM ĐIỂM", None, None, None, None, None],
        ["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Kết quả chấm điểm", None, None],
        [None, None, None, "Điểm do đơn vị tự chấm", "Điểm đoàn kiểm tra chấm", "Ghi chú"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(ổ)"],
    ]
    for c in criteria(rubric):
        rows.append(
            [
                c.code,
                c.text,
                stated_max.get(c.key, c.max_points),
                _value(c, self_scores, self_computed, {}),
                _value(c, inspection_scores, inspection_computed, {}),
                None,
            ]
        )
    rows.append([None, "Tổng cộng", rubric.max_points, self_computed["total"], inspection_computed["total"], None])
    return rows


TWO_ROW_HEADER_MERGES = ("A3:A4", "B3:B4", "C3:C4", "D3:F3")


def codes_in_text_layout(
    rubric: Rubric,
    scores: Mapping[str, Decimal],
    *,
    max_in_text: Mapping[str, Any],
    evidence: Mapping[str, str],
    no_space: tuple[str, ...] = (),
) -> list[list[Any]]:
    """Hồ Chí Minh City's shape: ``TIÊU CHÍ | Mức điểm theo yêu cầu | Điểm tự chấm | CÁC MINH
    CHỨNG``, no TT column: each code leads its text (``1.1. Có …``, ``I. HOẠT ĐỘNG …``, ``a) …``;
    ``6.1.Cụ thể`` without the space for the keys in ``no_space``); part and group rows write
    their maximum only in the text (``(72 điểm)``) with empty cells. Header on row 1, ``I`` on row
    2, ``Tổng cộng | 100 | …`` on row 114."""
    computed = subtotals(rubric, scores)
    rows: list[list[Any]] = [["TIÊU CHÍ", "Mức điểm theo yêu cầu", "Điểm tự chấm", "CÁC MINH CHỨNG"]]
    for c in criteria(rubric):
        if c.code.isalpha() and c.depth > 0:
            lead = f"{c.code}) "
        else:
            lead = f"{c.code}." if c.key in no_space else f"{c.code}. "
        if c.is_leaf:
            rows.append([lead + c.text, c.max_points, scores.get(c.key), evidence.get(c.key)])
        else:
            maximum = shown(max_in_text.get(c.key, c.max_points), True)
            rows.append([f"{lead}{c.text} ({maximum} điểm)", None, None, None])
    rows.append(["Tổng cộng", rubric.max_points, computed["total"], None])
    return rows


def rules_and_part_sums_layout(
    rubric: Rubric,
    scores: Mapping[str, Decimal],
    *,
    part_sums: Mapping[str, Any],
    glued_max: Mapping[str, str],
    total: Any,
) -> list[list[Any]]:
    """Hải Phòng's other shape: part and group rows carry only their maximum (a footnote mark
    glued to some, ``141`` for 14¹), scoring-rule rows without a code under some criteria (one
    with points in the maximum column), a ``Cộng`` row closing each part (``Cộng`` in the TT
    column under part I, ``Cộng phần II`` in the criterion column under part II), then ``Tổng
    cộng``. Header on row 1, ``(1)…(5)`` on row 2, ``I`` on row 3; rule rows after 10.2.b (rows
    79-80) and 15.4 (row 110); ``Cộng`` on rows 81 and 119, ``Tổng cộng`` on row 120."""
    rows: list[list[Any]] = [
        ["TT", "Tiêu chí chấm điểm", "Điểm tối đa", "Điểm tự chấm", "Ghi chú"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
    ]
    rules = {
        "10.2.b": [
            [None, "Thực hiện đúng, đủ các quy trình đã công bố: 12", D(12), None, None],
            [None, "Có quy trình chưa thực hiện đúng: trừ 1 điểm mỗi quy trình", None, None, None],
        ],
        "15.4": [[None, "Không có điều chỉnh phạm vi thì được tính tối đa điểm", None, None, None]],
    }
    for c in criteria(rubric):
        if c.key == "II":
            rows.append(["Cộng", None, rubric_part_max(rubric, "I"), part_sums["I"], None])
        value = scores.get(c.key) if c.is_leaf else None
        rows.append([c.code, c.text, glued_max.get(c.key, c.max_points), value, None])
        rows.extend(rules.get(c.key, []))
    rows.append([None, "Cộng phần II", rubric_part_max(rubric, "II"), part_sums["II"], None])
    rows.append([None, "Tổng cộng", rubric.max_points, total, None])
    return rows + [list(r) for r in SIGNATURES]


def rubric_part_max(rubric: Rubric, key: str) -> Decimal:
    return Criterion.objects.get(rubric=rubric, key=key).max_points


# --- files ---------------------------------------------------------------------------------------


def xlsx(rows: list[list[Any]], merges: tuple[str, ...] = ()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
    for cells in merges:
        ws.merge_cells(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def delimited(rows: list[list[Any]], delimiter: str) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else shown(v) for v in row])
    return out.getvalue().encode("utf-8-sig")
