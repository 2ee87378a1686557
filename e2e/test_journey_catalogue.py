"""Journey: the province's TTHC catalogue, a publishing decision entered late, coverage and the
holiday calendar.

Trần Thị Thu Hà (coordinator, Sở KH&CN of Quảng Ninh) opens the catalogue loaded from the
province's decisions, searches it without accents, imports a decision's annex: first a file with
mistakes (every bad row is listed, nothing is written), then the corrected file, previewed and
confirmed; the decision shows as entered late. She looks at the coverage of every agency, drills
down to Sở Tư pháp's uncovered TTHC, and adds a holiday to the calendar (a Saturday is refused).
Phạm Thị Lan (ISO secretary of Sở Tư pháp) sees the TTHC under her agency's authority.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from qms.people import demo
from qms.procedures.demo import load_demo_procedures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = ["Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Cấp thực hiện", "Thời hạn giải quyết", "Cơ quan thực hiện"]
GOOD = [
    [
        "1.013001",
        "Cấp Phiếu lý lịch tư pháp điện tử qua ứng dụng VNeID",
        "Lý lịch tư pháp",
        "Cấp tỉnh",
        "Trong thời hạn 05 ngày làm việc, kể từ ngày nhận đủ hồ sơ",
        "Sở Tư pháp",
    ],
    ["1.001122.000", "", "", "Cấp tỉnh", "Trong thời hạn 12 ngày làm việc", ""],
]
BAD = [
    *GOOD,
    ["1.013001", "Trùng mã", "Lý lịch tư pháp", "Cấp tỉnh", "5 ngày làm việc", "Sở Tư pháp"],
    ["1.0130", "Mã sai", "", "Cấp bộ", "", "Sở Du lịch Mặt trăng"],
]


def _xlsx(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    data = BytesIO()
    workbook.save(data)
    path = tmp_path / name
    path.write_bytes(data.getvalue())
    return path


def test_catalogue_coverage_and_calendar(page, live_server, login, logout, shot, tmp_path):
    demo.load_demo()
    load_demo_procedures()
    url = live_server.url

    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Danh mục TTHC", exact=True).click()
    expect(page.locator("h1.qms-page-title")).to_contain_text("Danh mục thủ tục hành chính")
    shot(page, "danh-muc")
    page.fill("#q", "chung thuc ban sao")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("main table")).to_contain_text("Chứng thực bản sao")
    shot(page, "tim-khong-dau")
    page.locator("main table tbody tr a").first.click()
    expect(page.locator("#co-quan")).to_be_visible()
    shot(page, "chi-tiet-tthc")

    # A decision signed two weeks ago: entered after the 5 working days.
    signed = (timezone.localdate() - dt.timedelta(days=14)).isoformat()
    page.goto(f"{url}/thu-tuc-hanh-chinh/nhap-tu-tep/")
    page.set_input_files("#id_file", str(_xlsx(tmp_path, "qd-loi.xlsx", BAD)))
    page.fill("#id_decision_number", "3601/QĐ-UBND")
    page.fill("#id_decision_signed_on", signed)
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.locator(".alert-danger")).to_contain_text("Tệp có 4 lỗi")
    expect(page.locator("main table")).to_contain_text("Sở Du lịch Mặt trăng")
    shot(page, "nhap-loi")

    page.set_input_files("#id_file", str(_xlsx(tmp_path, "qd.xlsx", GOOD)))
    page.fill("#id_decision_number", "3601/QĐ-UBND")
    page.fill("#id_decision_signed_on", signed)
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.locator("main")).to_contain_text("Cập nhật hôm nay là muộn")
    shot(page, "xem-truoc")
    page.get_by_role("button", name="Xác nhận cập nhật danh mục").click()
    page.locator("#qms-confirm-modal .qms-confirm-ok").click()
    expect(page.locator(".alert-success").first).to_contain_text("Đã nhập danh mục")
    expect(page.locator("main table")).to_contain_text("3601/QĐ-UBND")
    expect(page.locator("main table tbody tr").first).to_contain_text("Cập nhật muộn")
    shot(page, "quyet-dinh-cong-bo")

    page.get_by_role("link", name="Độ bao phủ quy trình").click()
    expect(page.locator("h1.qms-page-title")).to_contain_text("Độ bao phủ quy trình")
    expect(page.locator("main tfoot")).to_contain_text("Tổng cộng")
    shot(page, "do-bao-phu")
    page.locator("main table tbody tr", has_text="Sở Tư pháp").get_by_role("link").nth(1).click()
    expect(page.locator("h1.qms-page-title")).to_contain_text("Sở Tư pháp")
    expect(page.locator("main table")).to_contain_text("Cấp Phiếu lý lịch tư pháp điện tử")
    shot(page, "tthc-chua-co-quy-trinh")

    page.get_by_role("link", name="Lịch ngày nghỉ").first.click()
    expect(page.locator("main table")).to_contain_text("Tết Nguyên đán")
    shot(page, "lich-nghi")
    page.get_by_role("link", name="Thêm ngày").first.click()
    page.fill("#id_day", "2026-10-10")
    page.select_option("#id_kind", "holiday")
    page.fill("#id_name", "Nghỉ thử")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("thứ Bảy hoặc Chủ nhật")
    shot(page, "lich-nghi-loi-cuoi-tuan")
    logout(page)

    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="TTHC thuộc thẩm quyền").click()
    expect(page.locator("h1.qms-page-title")).to_contain_text("Sở Tư pháp")
    expect(page.locator("main")).to_contain_text("Chưa đạt yêu cầu 100 %")
    shot(page, "tthc-cua-so-tu-phap")
