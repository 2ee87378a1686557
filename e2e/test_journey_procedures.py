"""Journey: from the province's TTHC catalogue to the agency's publication, and back to
"re-publication required" when the catalogue changes.

Trần Thị Thu Hà (coordinator, Sở KH&CN) imports a publishing decision of the province assigning
two TTHC to Sở Tư pháp. Phạm Thị Lan (ISO secretary) sees the gap on the publication page, writes
a form and a process with its steps (each with its form) covering both TTHC, and submits it to
Nguyễn Văn Minh (head of the department), who approves it: coverage reaches 100 %. The secretary
drafts the publication decision; the head signs it (number, date, notice to Sở KH&CN) and the
Word files are generated; the secretary records the posting. The decision is on the public page.
Then the coordinator imports a new decision giving Sở Tư pháp one more TTHC, and "Cần công bố
lại" appears for the agency and for the coordinator.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import docx
import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from qms.people import demo
from qms.publication.models import Publication, PublicationStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = [
    "Mã TTHC",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Căn cứ pháp lý",
    "Cơ quan thực hiện",
]
FIRST = [
    [
        "2.000488",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
        "Lý lịch tư pháp",
        "Cấp tỉnh",
        "10 ngày làm việc",
        "200.000 đồng/lần/người",
        "Luật Lý lịch tư pháp năm 2009",
        "Sở Tư pháp",
    ],
    [
        "2.000505",
        "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng",
        "Lý lịch tư pháp",
        "Cấp tỉnh",
        "10 ngày làm việc",
        "Không",
        "Luật Lý lịch tư pháp năm 2009",
        "Sở Tư pháp",
    ],
]
SECOND = [
    [
        "1.001233",
        "Đăng ký hoạt động của Văn phòng công chứng",
        "Công chứng",
        "Cấp tỉnh",
        "10 ngày làm việc",
        "1.000.000 đồng/trường hợp",
        "Luật Công chứng năm 2024",
        "Sở Tư pháp",
    ]
]
PROCESS_CODE = "QT 20/LLTP"
PROCESS_TITLE = "Quy trình cấp Phiếu lý lịch tư pháp"
FORM_CODE = "BM.01-QT20"


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _import(page, url: str, shot, path: Path, number: str, name: str) -> None:
    """As the coordinator: upload the list, check the preview, confirm."""
    page.goto(f"{url}/thu-tuc-hanh-chinh/nhap-tu-tep/")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_decision_number", number)
    page.fill("#id_decision_signed_on", timezone.localdate().isoformat())
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.get_by_role("button", name="Xác nhận cập nhật danh mục")).to_be_visible()
    shot(page, f"{name}-preview")
    page.get_by_role("button", name="Xác nhận cập nhật danh mục").click()
    page.locator("#qms-confirm-modal .qms-confirm-ok").click()
    expect(page.locator(".alert-success").first).to_contain_text("Đã nhập danh mục")
    shot(page, f"{name}-done")


def _add_step(page, title: str, who: str, hours: str, form: str | None) -> None:
    box = page.locator("#them-buoc")
    box.locator("[name=title]").fill(title)
    box.locator("[name=description]").fill(f"{title} theo quy định.")
    box.locator("[name=responsible_role]").fill(who)
    box.locator("[name=duration]").fill(hours)
    box.locator("[name=duration_unit]").select_option("hours")
    if form:
        box.get_by_label(re.compile(re.escape(form))).check()
    box.get_by_role("button", name="Thêm bước").click()
    expect(page.locator("#steps-editor")).to_contain_text(title)


def test_catalogue_to_publication_and_republication(live_server, page, console, shot, login, logout, tmp_path):
    demo.load_demo()
    url = live_server.url
    today = timezone.localdate()

    # --- The coordinator imports the province's list ------------------------------------------
    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    _import(page, url, shot, _xlsx(tmp_path / "qd-1949.xlsx", FIRST), "1949/QĐ-UBND", "import-first")
    logout(page)

    # --- The secretary sees the gap -------------------------------------------------------------
    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Công bố HTQLCL").click()
    expect(page.locator("h1.qms-page-title")).to_contain_text("Công bố HTQLCL")
    expect(page.locator("#gap-title")).to_contain_text("TTHC chưa có quy trình")
    expect(page.locator("main")).to_contain_text("2.000505")
    expect(page.locator("main")).to_contain_text("Chưa công bố HTQLCL")
    shot(page, "publication-gap")

    # A form, then the process with its steps, its forms and its TTHC.
    page.goto(f"{url}/tai-lieu/them/")
    page.fill("#id_code", FORM_CODE)
    page.fill("#id_title", "Phiếu tiếp nhận và hẹn trả kết quả")
    page.select_option("#id_kind", "form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1.qms-page-title")).to_contain_text("Phiếu tiếp nhận")

    page.goto(f"{url}/thu-tuc-hanh-chinh/quy-trinh/them/")
    page.fill("#id_code", PROCESS_CODE)
    page.fill("#id_title", PROCESS_TITLE)
    page.fill("#id_purpose", "Quy định trình tự cấp Phiếu lý lịch tư pháp tại Sở Tư pháp.")
    page.fill("#id_scope", "Áp dụng đối với Phòng Hành chính tư pháp và bộ phận một cửa.")
    page.get_by_role("button", name="Tạo quy trình").click()
    expect(page.locator("#steps-editor")).to_be_visible()
    _add_step(page, "Tiếp nhận hồ sơ", "Công chức một cửa", "4", FORM_CODE)
    _add_step(page, "Thẩm định, xác minh", "Phòng Hành chính tư pháp", "40", FORM_CODE)
    _add_step(page, "Ký duyệt, trả kết quả", "Lãnh đạo Sở", "8", FORM_CODE)
    shot(page, "process-steps")
    page.get_by_role("link", name="TTHC áp dụng").click()
    page.get_by_label("2.000488").check()
    page.get_by_label("2.000505").check()
    page.get_by_role("button", name="Lưu danh sách TTHC áp dụng").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    shot(page, "process-procedures")

    # Submit it to the head of the department.
    page.get_by_role("link", name="Trình xem xét").click()
    page.select_option("#id_reviewer", label="Nguyễn Văn Minh")
    page.get_by_role("button", name="Trình").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã trình Nguyễn Văn Minh xem xét")
    logout(page)

    # --- The head approves the process --------------------------------------------------------
    login(page, "stp.lanhdao", demo.DEMO_PASSWORD)
    page.goto(f"{url}/tai-lieu/cua-toi/")
    page.get_by_role("link", name=PROCESS_CODE).first.click()
    page.get_by_role("button", name="Chuyển trình phê duyệt").click()
    page.fill("#id_approve-effective_from", today.isoformat())
    page.get_by_role("button", name="Phê duyệt").click()
    page.locator("#qms-confirm-modal .qms-confirm-ok").click()
    expect(page.locator(".alert-success")).to_contain_text("có hiệu lực từ hôm nay")
    logout(page)

    # --- Coverage is 100 %; the secretary drafts the publication ------------------------------
    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.goto(f"{url}/cong-bo/")
    expect(page.locator(".stat-value").first).to_have_text("100%")
    expect(page.locator("#gap-title")).to_have_count(0)
    page.get_by_role("button", name="Soạn quyết định công bố").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tạo dự thảo công bố")
    expect(page.locator("#id_authority")).to_have_value("GIÁM ĐỐC SỞ TƯ PHÁP")
    shot(page, "draft-form")
    page.fill("#id_activities", "Kiểm soát tài liệu | QT-01\nĐánh giá nội bộ | QT-05")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu dự thảo")
    expect(page.locator("main")).to_contain_text("2.000488")
    expect(page.get_by_role("link", name="Ký ban hành")).to_have_count(0)
    shot(page, "draft-detail")
    logout(page)

    # --- The head signs it --------------------------------------------------------------------
    login(page, "stp.lanhdao", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Công bố HTQLCL").click()
    page.get_by_role("link", name="Mở dự thảo đang soạn").click()
    page.get_by_role("link", name="Ký ban hành").click()
    expect(page.locator("#id_acknowledge_gap")).to_have_count(0)
    page.fill("#id_number", "125")
    page.fill("#id_signed_on", today.isoformat())
    page.fill("#id_notice_number", "2150")
    page.fill("#id_notice_signed_on", today.isoformat())
    shot(page, "issue-form")
    page.get_by_role("button", name="Ký ban hành").click()
    shot(page, "issue-confirm")
    page.locator("#qms-confirm-modal .qms-confirm-ok").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ban hành Quyết định số 125/QĐ-STP")
    shot(page, "issued")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Quyết định (Word)").click()
    decision = docx.Document(BytesIO(Path(download_info.value.path()).read_bytes()))
    texts = [p.text for p in decision.paragraphs]
    assert "GIÁM ĐỐC SỞ TƯ PHÁP" in texts
    annex = [[c.text for c in row.cells] for row in decision.tables[2].rows]
    assert ["1", FIRST[0][1], FIRST[0][0], PROCESS_CODE] in annex
    assert ["2", FIRST[1][1], FIRST[1][0], PROCESS_CODE] in annex
    publication = Publication.objects.get(status=PublicationStatus.ISSUED)
    assert (publication.coverage_assigned, publication.coverage_covered) == (2, 2)
    logout(page)

    # --- The secretary records the posting; the public page lists it --------------------------
    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.goto(f"{url}/cong-bo/{publication.pk}/niem-yet/")
    page.fill("#id_posted_on", today.isoformat())
    page.fill("#id_website_url", "https://sotuphap.quangninh.gov.vn/cong-bo-iso-9001-2015")
    page.fill("#id_website_posted_on", today.isoformat())
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận việc niêm yết")
    logout(page)
    page.goto(f"{url}/cong-bo/cong-khai/")
    expect(page.locator("main")).to_contain_text("125/QĐ-STP")
    shot(page, "public-list")
    page.get_by_role("link", name="Sở Tư pháp").click()
    expect(page.locator("main")).to_contain_text(FIRST[1][1])
    expect(page.locator("main")).not_to_contain_text("Lịch sử thay đổi")
    shot(page, "public-detail")

    # --- A new decision gives Sở Tư pháp one more TTHC ------------------------------------------
    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    _import(page, url, shot, _xlsx(tmp_path / "qd-2210.xlsx", FIRST + SECOND), "2210/QĐ-UBND", "import-second")
    page.goto(f"{url}/cong-bo/")
    page.locator(".stat-card", has_text="Cần công bố lại").click()
    row = page.locator("tr", has_text="Sở Tư pháp")
    expect(row).to_contain_text("Cần công bố lại")
    shot(page, "overview")
    row.get_by_role("link", name="Sở Tư pháp").click()
    expect(page.locator("#drift-title")).to_contain_text("Cần công bố lại")
    expect(page.locator("main")).to_contain_text(SECOND[0][1])
    shot(page, "republication-required")
    logout(page)

    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.goto(f"{url}/cong-bo/")
    expect(page.locator("#drift-title")).to_contain_text("Cần công bố lại")
    expect(page.locator("main")).to_contain_text("1.001233")
    shot(page, "agency-republication")


def test_demo_publication_pages(live_server, page, console, shot, login, logout):
    """The demo as a visitor, the coordinator and the departments see it."""
    from qms.demo.loader import load_everything

    load_everything()
    url = live_server.url
    page.goto(f"{url}/cong-bo/cong-khai/")
    expect(page.locator("main")).to_contain_text("215/QĐ-STP")
    expect(page.locator("main")).to_contain_text("68/QĐ-SKHCN")
    shot(page, "demo-public-list")

    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    page.goto(f"{url}/cong-bo/tinh-hinh/?state=republish")
    expect(page.locator("tr", has_text="Sở Tư pháp")).to_contain_text("Cần công bố lại")
    shot(page, "demo-overview-republish")
    page.goto(f"{url}/cong-bo/tinh-hinh/")
    shot(page, "demo-overview")
    logout(page)

    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.goto(f"{url}/cong-bo/")
    expect(page.locator("#drift-title")).to_contain_text("Cần công bố lại")
    expect(page.get_by_role("link", name=re.compile("Hạn công bố lại"))).to_be_visible()
    shot(page, "demo-stp")
    page.get_by_role("link", name="215/QĐ-STP").first.click()
    shot(page, "demo-stp-decision")
    logout(page)

    login(page, "sokhcn.thuky", demo.DEMO_PASSWORD)
    page.goto(f"{url}/cong-bo/")
    expect(page.locator("main")).to_contain_text("68/QĐ-SKHCN")
    expect(page.locator("#drift-title")).to_have_count(0)
    shot(page, "demo-dost")
