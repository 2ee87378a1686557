"""Rubrics as versioned data: the shipped files, loading, Excel round trip, bands, versions."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from openpyxl import load_workbook

from qms.assessments import rubricfile, selectors, services_rubrics
from qms.assessments.exporting import rubric_from_xlsx, rubric_xlsx
from qms.assessments.models import Criterion, Rubric, RubricStatus, ScoringMode
from qms.assessments.rubricfile import CriterionSpec, infer_tree, validate, validate_bands
from qms.core.tests.pagekit import audited

from .conftest import open_self

pytestmark = pytest.mark.django_db
D = Decimal


# --- the shipped files ---------------------------------------------------------------------------


def test_daknong_file_is_exactly_the_shared_data():
    """Every row of /work/shared/data/rubric-daknong-2020.md (code, text, max) in order."""
    spec = rubricfile.load_file(rubricfile.DATA_DIR / "daknong-2020.v1.json")
    rows = rubricfile.flatten(spec.criteria)
    assert len(rows) == 112
    assert sum(1 for r in rows if r.is_leaf) == 87
    assert sum((r.max_points for r in rows if r.is_leaf), D(0)) == D(100) == spec.max_points
    assert [(r.code, r.max_points) for r in rows if r.depth == 0] == [("I", D(72)), ("II", D(28))]
    assert [r.code for r in rows if r.depth == 1] == [str(n) for n in range(1, 18)]
    assert spec.issuer == "Quyết định 1276/QĐ-UBND ngày 25/08/2020 của UBND tỉnh Đắk Nông"
    assert spec.score_step == D("0.5") and spec.bands == [] and spec.bands_published is False
    by_key = {r.key: r for r in rows}
    assert by_key["10.2"].max_points == D(15)
    assert (by_key["10.2.a"].max_points, by_key["10.2.b"].max_points) == (D(3), D(12))
    assert by_key["9.3.đ"].text.startswith("Chia sẻ, phổ biến để nâng cao tri thức chung")
    assert by_key["7.2.d"].parent_key == "7.2"
    assert by_key["17.2"].text == "Biện pháp cải tiến được phổ biến áp dụng rộng rãi"
    # Each parent's maximum is the sum of its children's.
    for row in rows:
        if not row.is_leaf:
            children = [r for r in rows if r.parent_key == row.key]
            assert sum((c.max_points for c in children), D(0)) == row.max_points, row.key
    assert validate(spec) == []


def test_daknong_file_matches_the_markdown_transcription():
    path = "/work/shared/data/rubric-daknong-2020.md"
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        pytest.skip("shared data not available")
    expected = []
    for line in lines:
        if line.startswith("| ") and not line.startswith(("| code", "| Total")):
            code, text, mx = [p.strip() for p in line.strip().strip("|").split("|")]
            expected.append((code, text, D(mx)))
    spec = rubricfile.load_file(rubricfile.DATA_DIR / "daknong-2020.v1.json")
    assert [(r.code, r.text, r.max_points) for r in rubricfile.flatten(spec.criteria)] == expected


def test_tt26_checklist_has_the_13_items():
    spec = rubricfile.load_file(rubricfile.DATA_DIR / "tt26-art36.v1.json")
    assert spec.scoring_mode == "checklist"
    leaves = [r.key for r in rubricfile.flatten(spec.criteria) if r.is_leaf]
    assert leaves == ["1.a", "1.b", "1.c", "1.d", "1.đ", "1.e", "1.g", "2.a", "2.b", "2.c", "2.d", "2.đ", "2.e"]
    assert validate(spec) == []


def test_load_is_idempotent_and_audited(db):
    with audited("rubric.load", "rubric.load"):
        loaded = services_rubrics.rubrics_load_shipped(actor=None)
    assert [(r.code, r.version, created) for r, created in loaded] == [
        ("daknong-2020", 1, True),
        ("tt26-art36", 1, True),
    ]
    daknong = loaded[0][0]
    assert daknong.status == RubricStatus.PUBLISHED
    assert Criterion.objects.filter(rubric=daknong).count() == 112
    assert Criterion.objects.get(rubric=daknong, key="7.1.a").parent.key == "7.1"
    with audited():
        again = services_rubrics.rubrics_load_shipped(actor=None)
    assert [c for _r, c in again] == [False, False]


def test_a_changed_file_for_an_existing_version_is_refused(daknong):
    spec = services_rubrics.spec_of(daknong)
    spec.criteria[0].children[0].children[0].text = "Đã sửa"
    with pytest.raises(ValidationError, match="tăng số phiên bản"):
        services_rubrics.rubric_load_spec(actor=None, spec=spec)


def test_command_loads(db, capsys):
    from django.core.management import call_command

    call_command("assessments_load_rubrics")
    out = capsys.readouterr().out
    assert "daknong-2020 phiên bản 1: đã nạp (112 tiêu chí)" in out
    call_command("assessments_load_rubrics")
    assert "đã có, không đổi" in capsys.readouterr().out


# --- tree and validation --------------------------------------------------------------------------


def test_infer_tree_letters_belong_to_nearest_criterion():
    rows = [
        ("I", "Phần", D(4)),
        ("1", "Nhóm", D(4)),
        ("1.1", "a-b", D(2)),
        ("a", "x", D(1)),
        ("b", "y", D(1)),
        ("1.2", "a-b", D(2)),
        ("a", "x", D(1)),
        ("b", "y", D(1)),
    ]
    tree = infer_tree(rows)
    flat = rubricfile.flatten(tree)
    assert [(r.key, r.parent_key, r.depth) for r in flat] == [
        ("I", None, 0),
        ("1", "I", 1),
        ("1.1", "1", 2),
        ("1.1.a", "1.1", 3),
        ("1.1.b", "1.1", 3),
        ("1.2", "1", 2),
        ("1.2.a", "1.2", 3),
        ("1.2.b", "1.2", 3),
    ]


def test_infer_tree_refuses_bad_codes():
    with pytest.raises(ValueError, match="Dòng 1: tiêu chí “a” không nằm dưới tiêu chí nào"):
        infer_tree([("a", "x", D(1))])
    with pytest.raises(ValueError, match="Dòng 2: mã “1-2”"):
        infer_tree([("1", "x", D(1)), ("1-2", "y", D(1))])


def test_validate_reports_every_problem():
    spec = rubricfile.RubricSpec(
        code="Bad Code",
        version=1,
        title="",
        max_points=D(10),
        score_step=D("0.5"),
        criteria=[
            CriterionSpec("1", "Nhóm", D(3), [CriterionSpec("1.1", "x", D(1)), CriterionSpec("1.1", "", D("0.3"))])
        ],
    )
    errors = validate(spec)
    assert "Mã bộ tiêu chí “Bad Code” chỉ gồm chữ thường không dấu, số và dấu “-”." in errors
    assert "Chưa có tên bộ tiêu chí." in errors
    assert "Mã tiêu chí “1.1” bị trùng." in errors
    assert "Tiêu chí 1.1 chưa có nội dung." in errors
    assert "Tiêu chí 1.1: điểm tối đa 0,3 không chia hết cho bước điểm 0,5." in errors
    assert "Tiêu chí 1: điểm tối đa 3 khác tổng điểm tối đa các tiêu chí con (1,3)." in errors
    assert "Tổng điểm tối đa của các tiêu chí chấm (1,3) khác điểm tối đa của bộ tiêu chí (10)." in errors


def test_validate_bands():
    assert validate_bands([(D(0), "A"), (D(50), "B")], D(100)) == []
    errors = validate_bands([(D(10), "A"), (D(5), "a"), (D(120), ""), (D(130), "C")], D(100))
    assert "Mức 2: tên xếp loại “a” bị trùng." in errors
    assert "Mức 2: điểm từ 5 phải lớn hơn mức trước (10): xếp các mức tăng dần." in errors
    assert "Mức 3: chưa có tên xếp loại." in errors
    assert "Mức 3: điểm từ 120 phải trong khoảng 0 đến 100." in errors
    assert "Mức thấp nhất phải bắt đầu từ 0 điểm để mọi tổng điểm đều được xếp loại." in errors


# --- versions --------------------------------------------------------------------------------------


def test_bands_on_an_unused_rubric_are_set_in_place(daknong, coordinator):
    with audited("rubric.bands"):
        rubric, created = services_rubrics.rubric_set_bands(
            actor=coordinator, rubric=daknong, bands=[(D(0), "Không đạt"), (D(80), "Đạt")], bands_note="Tạm"
        )
    assert (rubric.pk, created) == (daknong.pk, False)
    assert [(b.lower_bound, b.label) for b in selectors.bands_of_rubric(rubric)] == [
        (D("0.00"), "Không đạt"),
        (D("80.00"), "Đạt"),
    ]


def test_a_rubric_in_use_is_never_edited_in_place(daknong, department, coordinator):
    open_self(daknong, department)
    before = list(daknong.bands.values_list("lower_bound", "label"))
    rubric, created = services_rubrics.rubric_set_bands(
        actor=coordinator, rubric=daknong, bands=[(D(0), "Không đạt"), (D(80), "Đạt")]
    )
    assert created and rubric.pk != daknong.pk
    assert (rubric.code, rubric.version, rubric.status) == ("daknong-2020", 2, RubricStatus.DRAFT)
    assert rubric.derived_from_id == daknong.pk
    assert list(daknong.bands.values_list("lower_bound", "label")) == before
    assert Criterion.objects.filter(rubric=rubric).count() == 112
    # Publishing v2 retires v1 for new assessments; rubric_get then gives v2.
    services_rubrics.rubric_publish(actor=coordinator, rubric=rubric)
    daknong.refresh_from_db()
    assert daknong.status == RubricStatus.RETIRED
    assert selectors.rubric_get("daknong-2020") == rubric
    assert selectors.rubric_get("daknong-2020", 1) == daknong
    with pytest.raises(Http404):
        selectors.rubric_get("nope")


def test_header_update_in_use_makes_a_new_version(daknong, department, coordinator):
    open_self(daknong, department)
    rubric, created = services_rubrics.rubric_update(actor=coordinator, rubric=daknong, title="Tên mới")
    assert created and rubric.version == 2 and rubric.title == "Tên mới"
    daknong.refresh_from_db()
    assert daknong.title != "Tên mới"


def test_checklist_refuses_bands(checklist, coordinator):
    with pytest.raises(ValidationError, match="danh mục"):
        services_rubrics.rubric_set_bands(actor=coordinator, rubric=checklist, bands=[(D(0), "A")])


def test_only_rubric_managers(daknong, secretary, outsider, province):
    with pytest.raises(PermissionDenied):
        services_rubrics.rubric_set_bands(actor=secretary, rubric=daknong, bands=[])
    province_rubric = services_rubrics.rubric_derive(
        actor=None, rubric=daknong, code="qn-test", title="QN", organisation=province
    )
    # A coordinator of another province manages shared rubrics but not Quảng Ninh's own.
    with pytest.raises(PermissionDenied):
        services_rubrics.rubric_publish(actor=outsider, rubric=province_rubric)


def test_derive_copies_the_tree(daknong, coordinator, province):
    with audited("rubric.new_version"):
        derived = services_rubrics.rubric_derive(
            actor=coordinator, rubric=daknong, code="quangninh-2026", title="QN 2026", organisation=province
        )
    assert (derived.version, derived.status, derived.organisation) == (1, RubricStatus.DRAFT, province)
    assert services_rubrics.spec_of(derived).criteria == services_rubrics.spec_of(daknong).criteria
    with pytest.raises(ValidationError, match="đã được dùng"):
        services_rubrics.rubric_derive(
            actor=coordinator, rubric=daknong, code="quangninh-2026", title="x", organisation=province
        )


def test_discard_and_retire(daknong, coordinator, department):
    draft, _ = services_rubrics.rubric_update(actor=coordinator, rubric=daknong, title="x")
    assert draft.pk == daknong.pk  # not in use: in place
    derived = services_rubrics.rubric_derive(
        actor=coordinator, rubric=daknong, code="x-2026", title="X", organisation=None
    )
    services_rubrics.rubric_discard(actor=coordinator, rubric=derived)
    assert not Rubric.objects.filter(code="x-2026").exists()
    open_self(daknong, department)
    services_rubrics.rubric_retire(actor=coordinator, rubric=daknong)
    with pytest.raises(ValidationError, match="đã ngừng"):
        services_rubrics.rubric_retire(actor=coordinator, rubric=daknong)


# --- Excel -------------------------------------------------------------------------------------------


def test_excel_round_trip_makes_no_new_version(daknong, coordinator):
    data = rubric_xlsx(services_rubrics.spec_of(daknong))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Tiêu chí", "Thông tin", "Xếp loại"]
    assert [c.value for c in wb["Tiêu chí"][1]] == ["TT", "Tiêu chí đánh giá", "Điểm tối đa"]
    spec = rubric_from_xlsx(data)
    assert spec.criteria == services_rubrics.spec_of(daknong).criteria
    rubric, created = services_rubrics.rubric_import_excel(actor=coordinator, data=data)
    assert (rubric.pk, created) == (daknong.pk, False)


def test_excel_import_of_a_change_makes_a_draft_version(daknong, coordinator):
    spec = services_rubrics.spec_of(daknong)
    group = spec.criteria[1].children[-1]  # 17 Cải tiến
    group.children.append(CriterionSpec("17.3", "Có sáng kiến cải tiến được công nhận", D(1)))
    group.max_points += 1
    spec.criteria[1].max_points += 1
    spec.max_points += 1
    data = rubric_xlsx(spec)
    with audited("rubric.import"):
        rubric, created = services_rubrics.rubric_import_excel(actor=coordinator, data=data, change_note="Thêm 17.3")
    assert created and (rubric.version, rubric.status, rubric.max_points) == (2, RubricStatus.DRAFT, D(101))
    assert rubric.change_note == "Thêm 17.3"
    assert Criterion.objects.get(rubric=rubric, key="17.3").parent.key == "17"


def test_excel_import_errors_name_rows(daknong, coordinator):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tiêu chí"
    ws.append(["TT", "Tiêu chí đánh giá", "Điểm tối đa"])
    ws.append(["1", "Nhóm", "hai"])
    ws.append(["", "Không mã", 1])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ValidationError) as exc:
        services_rubrics.rubric_import_excel(actor=coordinator, data=out.getvalue(), code="daknong-2020")
    assert exc.value.messages == [
        "Dòng 2, cột “Điểm tối đa”: “hai” không phải là số.",
        "Dòng 3, cột “TT”: thiếu mã tiêu chí.",
    ]
    assert Rubric.objects.filter(code="daknong-2020").count() == 1


def test_rubric_json_is_readable(daknong):
    text = rubricfile.dump(services_rubrics.spec_of(daknong))
    assert '{"code": "1.1", "text": "Có Kế hoạch triển khai, có hiệu lực.", "max": "1"},' in text
    assert rubricfile.spec_from_dict(json.loads(text)) == services_rubrics.spec_of(daknong)


def test_rubric_scoring_mode_saved(checklist):
    assert checklist.scoring_mode == ScoringMode.CHECKLIST
    assert Criterion.objects.filter(rubric=checklist, is_leaf=True).count() == 13
