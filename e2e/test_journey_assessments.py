"""Journey: the yearly self-assessment against the province's rubric.

Phạm Thị Lan (ISO secretary, Sở Tư pháp) opens the 2026 self-assessment on Quảng Ninh's rubric
(the Đắk Nông 2020 criteria with the demo's illustrative bands), scores a criterion and sees the
group subtotal and total recomputed as she types, is told when a score exceeds its maximum, then
imports the filled annex from Excel: the preview lists every subtotal written wrong in the file.
Nguyễn Văn Minh (head) submits it, which locks it; the province's coordinator reopens it with a
reason and looks after the rubrics (the Đắk Nông one ships without bands, and says so).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from qms.assessments.demo import _rubric
from qms.assessments.models import Assessment, AssessmentStatus, Criterion
from qms.assessments.tests.sheets import annex_rows, half_scores, to_xlsx
from qms.people import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _confirm(page) -> None:
    page.locator("#qms-confirm-modal .qms-confirm-ok").click()


def test_self_assessment_journey(live_server, page, console, shot, login, logout, tmp_path):
    demo.load_demo()
    rubric = _rubric()
    url = live_server.url

    # --- The ISO secretary opens the self-assessment ---------------------------------------------
    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Đánh giá, chấm điểm").first.click()
    shot(page, "assessments-empty")
    page.get_by_role("link", name="Tự đánh giá").first.click()
    page.select_option("#id_year", "2026")
    page.select_option("#id_rubric", str(rubric.pk))
    shot(page, "start")
    page.get_by_role("button", name="Mở bảng chấm điểm").click()
    expect(page.locator(".alert-success")).to_contain_text("Bản tự đánh giá năm 2026 đã sẵn sàng")
    assessment = Assessment.objects.get(agency__code="22.STP", year=2026)

    # Live subtotals: typing a score recomputes the group and the total without saving.
    c11 = Criterion.objects.get(rubric=rubric, key="1.1")
    c12 = Criterion.objects.get(rubric=rubric, key="1.2")
    group = Criterion.objects.get(rubric=rubric, key="1")
    page.fill(f"#v-{c11.pk}", "0,5")
    page.locator(f"#v-{c11.pk}").dispatch_event("change")
    expect(page.locator(f"#sub-{group.pk}")).to_have_text("0,5")
    expect(page.locator("#sub-total")).to_have_text("0,5")
    page.fill(f"#v-{c12.pk}", "3")
    page.locator(f"#v-{c12.pk}").dispatch_event("change")
    expect(page.locator(f"#err-{c12.pk}")).to_contain_text("Điểm 3 vượt điểm tối đa 1.")
    shot(page, "live-subtotals-and-error")
    page.fill(f"#v-{c12.pk}", "1")
    page.fill(f"[name=n-{c12.pk}]", "Kế hoạch đã phân công từng phòng")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu điểm")
    expect(page.get_by_test_id("total")).to_contain_text("1,5")

    # Import the filled annex: the file's own sums are wrong in two places.
    scores = half_scores(rubric)
    path = tmp_path / "bang-tu-cham-2026.xlsx"
    path.write_bytes(
        to_xlsx(annex_rows(rubric, scores, stated={"II": Decimal(20)}, total=Decimal(56), part_prefix=True))
    )
    page.get_by_role("link", name="Nhập bảng điểm").click()
    page.set_input_files("#id_upload", str(path))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.get_by_test_id("computed-total")).to_contain_text("50")
    expect(page.locator(".alert-warning")).to_contain_text("II: điểm ghi 20, tính từ các tiêu chí là 14.")
    expect(page.locator(".alert-warning")).to_contain_text("Tổng cộng: điểm ghi 56, tính từ các tiêu chí là 50.")
    shot(page, "import-preview-mismatches")
    page.get_by_role("button", name="Xác nhận nhập điểm").click()
    _confirm(page)
    # 1.1 already held 0,5; the note typed for 1.2 is kept (the file's note cell is empty).
    expect(page.locator(".alert-success")).to_contain_text("Đã nhập điểm 86 tiêu chí")
    expect(page.get_by_test_id("total")).to_contain_text("50")
    expect(page.get_by_test_id("rating")).to_have_text("Trung bình")
    shot(page, "after-import")
    expect(page.locator(f"[name=n-{c12.pk}]")).to_have_value("Kế hoạch đã phân công từng phòng")
    logout(page)

    # --- The head submits: the assessment is locked ------------------------------------------------
    login(page, "stp.lanhdao", demo.DEMO_PASSWORD)
    page.goto(f"{url}/danh-gia/{assessment.pk}/")
    page.get_by_role("button", name="Nộp và khoá").click()
    shot(page, "submit-confirm")
    _confirm(page)
    expect(page.locator(".alert-success").first).to_contain_text("Đã nộp bản đánh giá")
    expect(page.locator("main")).to_contain_text("Bản đánh giá đang bị khoá")
    expect(page.locator(f"#v-{c11.pk}")).to_have_count(0)
    shot(page, "locked")
    logout(page)
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED

    # --- The coordinator reopens it and looks after the rubrics ---------------------------------------
    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    page.goto(f"{url}/danh-gia/?year=2026")
    shot(page, "coordinator-list")
    page.get_by_role("link", name="Sở Tư pháp").click()
    page.get_by_role("link", name="Mở lại").click()
    page.fill("#id_reason", "Tiêu chí 10.2.b chưa có minh chứng kèm theo")
    page.get_by_role("button", name="Mở lại").click()
    _confirm(page)
    expect(page.locator(".alert-warning")).to_contain_text("Tiêu chí 10.2.b chưa có minh chứng kèm theo")
    page.get_by_role("link", name="Lịch sử").click()
    expect(page.locator(".qms-history")).to_contain_text("Mở lại bản đánh giá")
    shot(page, "history")
    page.goto(f"{url}/danh-gia/bo-tieu-chi/")
    shot(page, "rubrics")
    page.get_by_role(
        "link",
        name="Bộ tiêu chí đánh giá việc xây dựng, áp dụng, duy trì và cải tiến HTQLCL theo TCVN ISO 9001:2015 (tỉnh Đắk Nông)",
    ).click()
    expect(page.locator("main")).to_contain_text("không kèm thang xếp loại")
    shot(page, "rubric-daknong")
    page.get_by_role("link", name="Thang xếp loại").click()
    shot(page, "rubric-bands")
