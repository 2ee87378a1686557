"""Journey: the province's yearly inspection, from the self-assessment to the consolidation.

Phạm Thị Lan (ISO secretary, Sở Tư pháp) fills the 2026 self-assessment from the annex in Excel
and Nguyễn Văn Minh (head) submits it. Trần Thị Thu Hà (coordinator, Sở KH&CN) draws up the
2026 inspection plan: three agencies, Sở Tư pháp on site with Lê Văn Hùng leading the team (the
one-third rule is shown while nobody is on site), approves it, asks for the self-reports and
prepares the decision in Word. Lê Văn Hùng scores the agency beside its self-score, records a
shortcoming, draws up the minutes (Word) and records their signing: the shortcoming becomes a
follow-up of the agency, due two months later. The secretary reports the corrective action with
evidence; the coordinator sees everything in the year's consolidation and drills down.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qms.assessments.demo import _rubric
from qms.assessments.models import Assessment, AssessmentKind, AssessmentStatus, Criterion
from qms.assessments.tests.sheets import annex_rows, to_xlsx
from qms.core.dates import add_months
from qms.inspections.models import FollowUp, FollowUpStatus, InspectionPlan, Minutes, PlanStatus
from qms.people import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _confirm(page) -> None:
    page.locator("#qms-confirm-modal .qms-confirm-ok").click()


def _sheet(rubric, fraction: Decimal, score_column: str = "Điểm tự chấm") -> bytes:
    scores = {
        c.key: (c.max_points * fraction / rubric.score_step).to_integral_value(rounding="ROUND_FLOOR")
        * rubric.score_step
        for c in Criterion.objects.filter(rubric=rubric, is_leaf=True)
    }
    header = ["TT", "Tiêu chí đánh giá", "Điểm tối đa", score_column, "Ghi chú"]
    return to_xlsx(annex_rows(rubric, scores, header=header))


def _import_sheet(page, path, shot, name: str) -> None:
    page.get_by_role("link", name="Nhập bảng điểm").click()
    page.set_input_files("#id_upload", str(path))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    shot(page, name)
    page.get_by_role("button", name="Xác nhận nhập điểm").click()
    _confirm(page)
    expect(page.locator(".alert-success")).to_contain_text("Đã nhập điểm")


def test_inspection_journey(live_server, page, console, shot, login, logout, tmp_path):
    demo.load_demo()
    rubric = _rubric()
    url = live_server.url
    today = timezone.localdate()
    year = today.year

    # --- The agency fills and submits its self-assessment ------------------------------------------
    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Đánh giá, chấm điểm").first.click()
    page.get_by_role("link", name="Tự đánh giá").first.click()
    page.select_option("#id_year", str(year))
    page.select_option("#id_rubric", str(rubric.pk))
    page.get_by_role("button", name="Mở bảng chấm điểm").click()
    self_sheet = tmp_path / "tu-cham.xlsx"
    self_sheet.write_bytes(_sheet(rubric, Decimal("0.9")))
    _import_sheet(page, self_sheet, shot, "self-import-preview")
    own = Assessment.objects.get(agency__code="22.STP", year=year, kind=AssessmentKind.SELF)
    logout(page)
    login(page, "stp.lanhdao", demo.DEMO_PASSWORD)
    page.goto(f"{url}/danh-gia/{own.pk}/")
    page.get_by_role("button", name="Nộp và khoá").click()
    _confirm(page)
    expect(page.locator(".alert-success").first).to_contain_text("Đã nộp bản đánh giá")
    logout(page)
    assert Assessment.objects.get(pk=own.pk).status == AssessmentStatus.SUBMITTED

    # --- The coordinator draws up and approves the plan ----------------------------------------------
    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Kế hoạch kiểm tra").first.click()
    shot(page, "plans-empty")
    page.get_by_role("link", name="Lập kế hoạch").first.click()
    page.select_option("#id_year", str(year))
    page.select_option("#id_rubric", str(rubric.pk))
    page.fill("#id_budget", "Kinh phí sự nghiệp khoa học và công nghệ năm 2026: 45.000.000 đồng.")
    shot(page, "plan-create")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lập kế hoạch")
    assert InspectionPlan.objects.get().status == PlanStatus.DRAFT
    page.get_by_role("link", name="Thêm cơ quan").first.click()
    page.select_option("#id_agencies", label=["Sở Tài chính", "Sở Xây dựng", "Sở Tư pháp"])
    page.select_option("#id_mode", "on_file")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", today.isoformat())
    shot(page, "entries-add")
    page.get_by_role("button", name="Thêm vào kế hoạch").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã thêm 3 cơ quan")
    expect(page.locator(".alert-warning").first).to_contain_text("Mới có 0/3 cơ quan được kiểm tra trực tiếp")
    shot(page, "plan-one-third-warning")
    stp_row = page.locator("tr", has_text="Sở Tư pháp").first
    stp_row.get_by_role("link", name="Sửa").click()
    page.select_option("#id_mode", "on_site")
    page.select_option("#id_leader", label="Lê Văn Hùng")
    page.get_by_label("Lê Văn Hùng").check()
    shot(page, "entry-team")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Đã lưu hình thức, thời gian và đoàn kiểm tra của Sở Tư pháp"
    )
    expect(page.locator(".alert-warning")).to_have_count(0)
    page.get_by_role("link", name="Ghi nhận phê duyệt").click()
    page.fill("#id_number", "25")
    page.fill("#id_signer_name", "Đỗ Minh Tuấn")
    shot(page, "plan-approve")
    page.get_by_role("button", name="Ghi nhận phê duyệt").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận phê duyệt kế hoạch")
    assert InspectionPlan.objects.get().status == PlanStatus.APPROVED
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã đề nghị 3 cơ quan gửi báo cáo")
    expect(page.locator("tr", has_text="Sở Tư pháp").first).to_contain_text("Đã nộp")
    shot(page, "plan-approved")
    with page.expect_download() as plan_word:
        page.get_by_role("link", name="Tải kế hoạch (Word)").click()
    plan_word.value.save_as(tmp_path / "ke-hoach.docx")
    page.get_by_role("link", name="Lập quyết định kiểm tra").first.click()
    page.fill("#id_number", "112")
    page.fill("#id_signer_authority", "KT. Giám đốc")
    page.fill("#id_signer_title", "Phó Giám đốc")
    page.fill("#id_signer_name", "Trần Thị Thu Hà")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lập quyết định kiểm tra")
    shot(page, "decision")
    with page.expect_download() as decision_word:
        page.get_by_role("link", name="Tải quyết định (Word)").click()
    decision_word.value.save_as(tmp_path / "quyet-dinh.docx")
    logout(page)

    # --- The inspector scores, records a shortcoming, draws up and signs the minutes ---------------------
    login(page, "sokhcn.kiemtra", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Cuộc kiểm tra của tôi").first.click()
    shot(page, "my-inspections")
    page.get_by_role("link", name="Sở Tư pháp").first.click()
    shot(page, "entry-before-scoring")
    page.get_by_role("link", name="Chấm điểm", exact=True).click()
    inspection_sheet = tmp_path / "doan-kiem-tra.xlsx"
    inspection_sheet.write_bytes(_sheet(rubric, Decimal("0.8"), "Điểm kiểm tra"))
    _import_sheet(page, inspection_sheet, shot, "inspection-import-preview")
    shot(page, "inspection-scoring-with-self-score")
    page.get_by_role("button", name="Nộp và khoá").click()
    _confirm(page)
    expect(page.locator(".alert-success").first).to_contain_text("Đã nộp")
    page.goto(f"{url}/kiem-tra/cua-toi/")
    page.get_by_role("link", name="Sở Tư pháp").first.click()
    criterion = Criterion.objects.get(rubric=rubric, key="7.2.d")
    page.select_option("#id_criterion", str(criterion.pk))
    page.select_option("#id_severity", "major")
    page.fill("#id_text", "Hai quy trình chưa cập nhật Nghị định mới có hiệu lực quá 3 tháng.")
    page.get_by_role("button", name="Ghi nội dung").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nội dung")
    page.fill("#id_number", "07")
    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_place", "Trụ sở Sở Tư pháp tỉnh Quảng Ninh")
    page.fill("#id_agency_rep_name", "Nguyễn Văn Minh")
    page.fill("#id_agency_rep_title", "Giám đốc Sở Tư pháp")
    page.fill("#id_conclusion", "Sở Tư pháp đã áp dụng, duy trì HTQLCL phù hợp TCVN ISO 9001:2015.")
    shot(page, "finding-and-minutes-form")
    page.get_by_role("button", name="Lập biên bản").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu biên bản")
    with page.expect_download() as minutes_word:
        page.get_by_role("link", name="Tải biên bản (Word)").click()
    minutes_word.value.save_as(tmp_path / "bien-ban.docx")
    page.get_by_role("button", name="Ghi nhận đã ký biên bản").click()
    shot(page, "sign-confirm")
    _confirm(page)
    expect(page.locator(".alert-success")).to_contain_text("1 nội dung phải khắc phục đã chuyển tới cơ quan")
    shot(page, "entry-signed")
    logout(page)
    minutes = Minutes.objects.get()
    assert minutes.signed_on == today
    follow_up = FollowUp.objects.get()
    assert follow_up.due_on == add_months(today, 2)

    # --- The agency answers the follow-up --------------------------------------------------------------
    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Kết quả kiểm tra").first.click()
    shot(page, "agency-results")
    page.get_by_role("link", name="Hai quy trình chưa cập nhật").click()
    page.fill("#id_action_text", "Đã sửa đổi, ban hành lại hai quy trình và phân phối bản hiện hành tới các phòng.")
    evidence = tmp_path / "minh-chung.xlsx"
    evidence.write_bytes(to_xlsx([["Quy trình", "Lần ban hành"], ["QT-HCTP-03", 2], ["QT-BTTP-05", 3]]))
    page.set_input_files("#id_upload", str(evidence))
    shot(page, "followup-answer")
    page.get_by_role("button", name="Gửi báo cáo khắc phục").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi báo cáo khắc phục")
    expect(page.locator("main")).to_contain_text("minh-chung.xlsx")
    shot(page, "followup-answered")
    logout(page)
    assert FollowUp.objects.get().status == FollowUpStatus.ANSWERED

    # --- The coordinator sees it in the consolidation and drills down ------------------------------------
    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Tổng hợp kiểm tra").first.click()
    expect(page.locator("main")).to_contain_text(f"Tổng hợp kết quả kiểm tra năm {year}")
    expect(page.locator(".stat-card").first).to_contain_text("1 / 3")
    table_row = page.locator("tr", has_text="Sở Tư pháp").first
    expect(table_row).to_contain_text("Trung bình")
    expect(page.locator("main")).to_contain_text("Phù hợp với luật định")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))")
    shot(page, "consolidation")
    with page.expect_download() as excel:
        page.get_by_role("link", name="Xuất Excel").click()
    excel.value.save_as(tmp_path / "tong-hop.xlsx")
    page.get_by_role("link", name="Báo cáo tháng 11 (Word)").click()
    page.fill("#id_number", "210")
    shot(page, "report-form")
    with page.expect_download() as report:
        page.get_by_role("button", name="Tải báo cáo (Word)").click()
    report.value.save_as(tmp_path / "bao-cao.docx")
    page.get_by_role("link", name="Quay lại").click()
    page.locator("tr", has_text="Sở Tư pháp").first.get_by_role("link", name="Sở Tư pháp").click()
    expect(page.locator("main")).to_contain_text("Điểm theo tiêu chí: tự chấm và kiểm tra")
    shot(page, "drill-agency")
    page.get_by_role("link", name=criterion.text[:40]).first.click()
    expect(page.locator("main")).to_contain_text("Hai quy trình chưa cập nhật")
    shot(page, "drill-criterion")

    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "tong-hop.xlsx").active
    assert [row[2] for row in ws.iter_rows(min_row=3, values_only=True)].count("Sở Tư pháp") == 1
    import docx

    minutes_doc = docx.Document(str(tmp_path / "bien-ban.docx"))
    assert any("Hai quy trình chưa cập nhật" in c.text for t in minutes_doc.tables for r in t.rows for c in r.cells)
