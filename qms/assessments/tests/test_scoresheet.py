"""Importing a filled score sheet: matching by code and position, recomputation, the mismatch
report, errors naming the row, all-or-nothing, idempotence, the round trip and the command."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from qms.assessments import services
from qms.assessments.exporting import export_assessment
from qms.assessments.models import Assessment, Criterion, Score
from qms.assessments.services import ScoreInput
from qms.assessments.services_import import scoresheet_import
from qms.core.models import AuditEvent
from qms.core.tests.pagekit import audited

from .conftest import full_scores, leaves, open_inspection, open_self
from .sheets import HEADER_EN, annex_rows, half_scores, to_csv, to_xlsx

pytestmark = pytest.mark.django_db
D = Decimal


def run(rubric, data, *, agency=None, kind="self", filename="bang-diem.xlsx", dry_run=False, actor=None, year=2026):
    return scoresheet_import(
        actor=actor, rubric=rubric, kind=kind, data=data, filename=filename, agency=agency, year=year, dry_run=dry_run
    )


def test_real_annex_with_wrong_sums_is_reported_exactly(daknong, department, secretary):
    scores = half_scores(daknong)
    scores["10.2.b"] = D("10.5")
    rows = annex_rows(
        daknong,
        scores,
        stated={"I": D("40"), "6": D("5")},
        stated_max={"9.1": D("5")},
        total=D("67.5"),
        part_prefix=True,
    )
    with audited("assessment.open", "assessment.import"):
        report = run(daknong, to_xlsx(rows), agency=department, actor=secretary)
    assert report.errors == []
    assert (report.computed_total, report.stated_total) == (D("54.50"), D("67.5"))
    data = report.as_json()
    assert data["computed_total"] == 54.5 and data["stated_total"] == 67.5
    assert data["parts"] == [
        {
            "code": "I",
            "text": "HOẠT ĐỘNG XÂY DỰNG, ÁP DỤNG HTQLCL THEO TCVN ISO 9001:2015",
            "max": 72,
            "stated": 40,
            "computed": 40.5,
        },
        {"code": "II", "text": "HOẠT ĐỘNG DUY TRÌ, CẢI TIẾN HTQLCL", "max": 28, "stated": 14, "computed": 14},
    ]
    assert [(m["code"], m["field"], m["stated"], m["computed"]) for m in data["mismatches"]] == [
        ("I", "score", 40, 40.5),
        ("6", "score", 5, 4.5),
        ("9.1", "max", 5, 4),
        ("total", "score", 67.5, 54.5),
    ]
    a = Assessment.objects.get(agency=department, year=2026, kind="self")
    assert (a.total, a.scored_count) == (D("54.50"), 87)
    assert Score.objects.get(assessment=a, criterion__key="10.2.b").value == D("10.5")
    event = AuditEvent.objects.filter(verb="assessment.import").get()
    assert len(event.changes["mismatches"]["after"]) == 4


def test_import_is_idempotent(daknong, department, secretary):
    data = to_xlsx(annex_rows(daknong, half_scores(daknong)))
    first = run(daknong, data, agency=department, actor=secretary)
    assert first.written and first.changed == 87
    with audited():
        second = run(daknong, data, agency=department, actor=secretary)
    assert (second.written, second.changed, second.mismatches) == (False, 0, [])


def test_csv_with_decimal_commas_and_english_headers(daknong, department):
    scores = half_scores(daknong)
    csv_vi = to_csv(annex_rows(daknong, scores, comma=True, total="50,0"), delimiter=";")
    report = run(daknong, csv_vi, agency=department, filename="bang-diem.csv")
    assert report.errors == [] and report.mismatches == []
    assert report.stated_total == D("50")
    csv_en = to_csv(annex_rows(daknong, scores, header=HEADER_EN, column_numbers=False), delimiter=",")
    report = run(daknong, csv_en, filename="sheet.csv", dry_run=True)
    assert report.errors == [] and report.computed_total == D("50") and report.score_column == "score"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        ({"1.1": D("1.5")}, "Dòng 8, cột “Điểm tự chấm”: tiêu chí 1.1: Điểm 1,5 vượt điểm tối đa 1."),
        ({"1.1": "một"}, "Dòng 8, cột “Điểm tự chấm”: “một” không phải là số."),
        (
            {"1.1": D("0.3")},
            "Dòng 8, cột “Điểm tự chấm”: tiêu chí 1.1: Điểm 0,3 không đúng bước chấm 0,5 (ví dụ: 0; 0,5; 1…).",
        ),
    ],
)
def test_bad_values_are_errors_naming_the_row_and_nothing_is_written(daknong, department, mutate, expected):
    scores = {**half_scores(daknong), **mutate}
    with audited():
        report = run(daknong, to_xlsx(annex_rows(daknong, scores)), agency=department)
    assert [str(e) for e in report.errors] == [expected]
    assert not report.written
    assert not Assessment.objects.exists() and not Score.objects.exists()


def test_unknown_code_is_an_error(daknong, department):
    rows = annex_rows(daknong, half_scores(daknong))
    rows.insert(8, ["1.9", "Tiêu chí không có", 1, 1, None])
    report = run(daknong, to_xlsx(rows), agency=department)
    assert [str(e) for e in report.errors] == ["Dòng 9, cột “TT”: mã “1.9” không có trong bộ tiêu chí daknong-2020."]
    assert not Score.objects.exists()


def test_duplicate_row_is_an_error(daknong):
    rows = annex_rows(daknong, half_scores(daknong))
    rows.insert(9, ["17.2", "Lặp lại", 1, 1, None])
    rows_last = [r for r in rows if r[0] == "17.2"]
    assert len(rows_last) == 2
    report = run(daknong, to_xlsx(rows), dry_run=True)
    assert any("17.2" in str(e) for e in report.errors)


def test_missing_header_and_unreadable_files(daknong):
    report = run(daknong, to_xlsx([["a", "b"], [1, 2]]), dry_run=True)
    assert "Không tìm thấy dòng tiêu đề" in str(report.errors[0])
    report = run(daknong, b"PK\x03\x04garbage", dry_run=True)
    assert [str(e) for e in report.errors] == ["Không đọc được tệp Excel (.xlsx)."]
    report = run(daknong, b"x", filename="a.pdf", dry_run=True)
    assert [str(e) for e in report.errors] == ["Chỉ nhận tệp Excel (.xlsx) hoặc CSV."]


def test_inspection_column_is_chosen_for_an_inspection(daknong, department, inspector):
    rows = annex_rows(daknong, half_scores(daknong))
    # Add an inspection column with everything at full marks (leaves) and no parents.
    header_index = next(i for i, r in enumerate(rows) if r[:1] == ["TT"])
    rows[header_index] = ["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm tự chấm", "Ghi chú", "Điểm kiểm tra"]
    maxima = {c.key: c.max_points for c in Criterion.objects.filter(rubric=daknong)}
    keys = [c.key for c in Criterion.objects.filter(rubric=daknong).order_by("order")]
    for i, key in enumerate(keys):
        rows[header_index + 2 + i].append(maxima[key])
    open_inspection(daknong, department, [inspector])
    report = run(daknong, to_xlsx(rows), agency=department, kind="inspection", actor=inspector)
    assert report.errors == [] and report.score_column == "Điểm kiểm tra"
    assert report.computed_total == D(100)
    self_report = run(daknong, to_xlsx(rows), kind="self", dry_run=True)
    assert self_report.computed_total == D("50")


def test_inspection_import_needs_an_existing_assessment_and_the_team(daknong, department, inspector, other_inspector):
    data = to_xlsx(
        annex_rows(
            daknong, half_scores(daknong), header=["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm kiểm tra", "Ghi chú"]
        )
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="Chưa có bản kiểm tra"):
        run(daknong, data, agency=department, kind="inspection", actor=inspector)
    open_inspection(daknong, department, [inspector])
    with pytest.raises(PermissionDenied):
        run(daknong, data, agency=department, kind="inspection", actor=other_inspector)
    assert run(daknong, data, agency=department, kind="inspection", actor=inspector).written


def test_locked_assessment_refuses_import(daknong, department, secretary, leader):
    a = open_self(daknong, department)
    services.scores_save(actor=secretary, assessment=a, entries=full_scores(daknong))
    services.assessment_submit(actor=leader, assessment=a)
    report = run(daknong, to_xlsx(annex_rows(daknong, {})), agency=department, actor=secretary)
    assert "đang bị khoá" in str(report.errors[0]) and not report.written


def test_dry_run_writes_nothing(daknong, department, secretary):
    with audited():
        report = run(
            daknong,
            to_xlsx(annex_rows(daknong, half_scores(daknong))),
            agency=department,
            actor=secretary,
            dry_run=True,
        )
    assert report.ok and not report.written and not Assessment.objects.exists()


def test_notes_are_imported_when_the_sheet_has_them(daknong, department, secretary):
    a = open_self(daknong, department)
    c = Criterion.objects.get(rubric=daknong, key="1.1")
    services.scores_save(actor=secretary, assessment=a, entries={c.pk: ScoreInput(value=D(1), note="Giữ")})
    rows = annex_rows(
        daknong, {"1.1": D("0.5")}, header=["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm tự chấm", "Khác"]
    )
    run(daknong, to_xlsx(rows), agency=department, actor=secretary)
    assert Score.objects.get(assessment=a, criterion=c).note == "Giữ"  # no note column: notes kept
    rows = annex_rows(daknong, {"1.1": D("0.5")})
    rows[7][4] = "Ghi chú mới"
    run(daknong, to_xlsx(rows), agency=department, actor=secretary)
    assert Score.objects.get(assessment=a, criterion=c).note == "Ghi chú mới"


def test_checklist_verdicts_import(checklist, department):
    items = leaves(checklist)
    rows = [["TT", "Nội dung kiểm tra", "Kết quả tự đánh giá", "Ghi chú"]]
    rows.append(["1", "Nhóm 1", None, None])
    words = ["Đạt", "Cần khắc phục", "Không áp dụng", "đạt", "Đạt", "Đạt", "Đạt"]
    for c, w in zip([i for i in items if i.key.startswith("1.")], words, strict=True):
        rows.append([c.code, c.text, w, None])
    rows.append(["2", "Nhóm 2", None, None])
    for c in [i for i in items if i.key.startswith("2.")]:
        rows.append([c.code, c.text, "Đạt", None])
    report = run(checklist, to_xlsx(rows), agency=department)
    assert report.errors == []
    a = Assessment.objects.get(agency=department)
    assert (a.scored_count, a.correction_count) == (13, 1)
    rows[3][2] = "Tốt"
    report = run(checklist, to_xlsx(rows), dry_run=True)
    assert [str(e) for e in report.errors] == [
        "Dòng 4, cột “Kết quả tự đánh giá”: “Tốt” không phải là kết luận hợp lệ (Đạt, Cần khắc phục, Không áp dụng)."
    ]


# --- export and the round trip ---------------------------------------------------------------------


def test_export_layout(banded, department, secretary):
    a = open_self(banded, department)
    services.scores_save(actor=secretary, assessment=a, entries=full_scores(banded))
    wb = load_workbook(io.BytesIO(export_assessment(a)))
    ws = wb.active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "PHỤ LỤC"
    header = next(r for r in values if r[0] == "TT")
    assert header == ["TT", "Tiêu chí đánh giá", "Điểm tối đa", "Điểm tự chấm", "Ghi chú"]
    first = values[values.index(header) + 1]
    assert first[:4] == ["I", "HOẠT ĐỘNG XÂY DỰNG, ÁP DỤNG HTQLCL THEO TCVN ISO 9001:2015", 72, 36]
    assert values[-1][1:4] == ["Tổng cộng", 100, 50]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.data())
def test_import_of_an_exported_sheet_reproduces_the_scores(daknong, department, data):
    Assessment.objects.filter(agency=department).delete()
    a = open_self(daknong, department)
    entries = {}
    for c in leaves(daknong):
        steps = int(c.max_points / daknong.score_step)
        choice = data.draw(st.one_of(st.none(), st.integers(min_value=0, max_value=steps)))
        note = data.draw(st.sampled_from(["", "Có minh chứng", "Chưa đạt, 67,5%"]))
        entries[c.pk] = ScoreInput(value=None if choice is None else daknong.score_step * choice, note=note)
    services.scores_save(actor=None, assessment=a, entries=entries)
    a.refresh_from_db()
    before = {
        (s.criterion_id, s.value, s.note) for s in Score.objects.filter(assessment=a) if s.value is not None or s.note
    }
    sheet = export_assessment(a)
    Score.objects.filter(assessment=a).delete()
    report = run(daknong, sheet, agency=department)
    assert report.errors == [] and report.mismatches == []
    assert report.computed_total == a.total
    after = {
        (s.criterion_id, s.value, s.note) for s in Score.objects.filter(assessment=a) if s.value is not None or s.note
    }
    assert after == before
    a.refresh_from_db()
    assert a.total == report.computed_total


# --- the command -------------------------------------------------------------------------------------


def _file(tmp_path, rows, name="bang-diem.xlsx"):
    path = tmp_path / name
    path.write_bytes(to_xlsx(rows) if name.endswith(".xlsx") else to_csv(rows))
    return str(path)


def test_command_json(daknong, department, tmp_path, capsys):
    path = _file(tmp_path, annex_rows(daknong, half_scores(daknong), stated={"II": D(20)}, total=D(60)))
    call_command(
        "assessments_import_scores",
        "--rubric",
        "daknong-2020",
        "--organisation",
        department.code,
        "--year",
        "2026",
        "--kind",
        "self",
        path,
        "--json",
    )
    out = json.loads(capsys.readouterr().out)
    assert {"computed_total", "stated_total", "parts", "mismatches", "errors"} <= set(out)
    assert (out["computed_total"], out["stated_total"], out["written"]) == (50, 60, True)
    assert out["parts"][1] == {
        "code": "II",
        "text": "HOẠT ĐỘNG DUY TRÌ, CẢI TIẾN HTQLCL",
        "max": 28,
        "stated": 20,
        "computed": 14,
    }
    assert [{k: m[k] for k in ("code", "field", "stated", "computed")} for m in out["mismatches"]] == [
        {"code": "II", "field": "score", "stated": 20, "computed": 14},
        {"code": "total", "field": "score", "stated": 60, "computed": 50},
    ]
    assert Assessment.objects.get(agency=department).total == D("50")


def test_command_dry_run_without_organisation(daknong, tmp_path, capsys):
    path = _file(tmp_path, annex_rows(daknong, half_scores(daknong), comma=True), name="bang-diem.csv")
    call_command("assessments_import_scores", "--rubric", "daknong-2020", "--kind", "self", path, "--dry-run")
    out = capsys.readouterr().out
    assert "Tổng điểm tính từ các tiêu chí: 50 / 100" in out
    assert "Kiểm tra xong, chưa ghi gì (--dry-run)." in out
    assert not Assessment.objects.exists()
    with pytest.raises(CommandError, match="Cần --organisation"):
        call_command("assessments_import_scores", "--rubric", "daknong-2020", "--kind", "self", path)


def test_command_errors(daknong, department, tmp_path, capsys):
    path = _file(tmp_path, annex_rows(daknong, {**half_scores(daknong), "1.2": D(3)}))
    with pytest.raises(CommandError, match=r"Tệp có 1 lỗi: chưa ghi điểm nào\."):
        call_command(
            "assessments_import_scores",
            "--rubric",
            "daknong-2020",
            "--organisation",
            department.code,
            "--year",
            "2026",
            "--kind",
            "self",
            path,
            "--json",
        )
    out = json.loads(capsys.readouterr().out)
    assert out["errors"] == [
        {"row": 9, "column": "Điểm tự chấm", "message": "tiêu chí 1.2: Điểm 3 vượt điểm tối đa 1."}
    ]
    assert not Assessment.objects.exists()
    with pytest.raises(CommandError, match="Không có bộ tiêu chí"):
        call_command("assessments_import_scores", "--rubric", "nope", "--kind", "self", path, "--dry-run")
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command(
            "assessments_import_scores",
            "--rubric",
            "daknong-2020",
            "--organisation",
            "X",
            "--year",
            "2026",
            "--kind",
            "self",
            path,
        )


def test_a_sheet_exported_in_english_imports_again(banded, department, secretary):
    """The export follows the interface language; the import must read it back in either."""
    from django.utils import translation

    a = open_self(banded, department)
    services.scores_save(actor=secretary, assessment=a, entries=full_scores(banded))
    a.refresh_from_db()
    expected = {(s.criterion_id, s.value) for s in Score.objects.filter(assessment=a) if s.value is not None}
    with translation.override("en"):
        sheet = export_assessment(a)
    header = next(
        [c.value for c in row] for row in load_workbook(io.BytesIO(sheet)).active.iter_rows() if row[0].value == "No."
    )
    assert "Self-score" in header
    Score.objects.filter(assessment=a).delete()
    report = run(banded, sheet, agency=department)
    assert report.errors == [] and report.mismatches == []
    assert {(s.criterion_id, s.value) for s in Score.objects.filter(assessment=a) if s.value is not None} == expected
