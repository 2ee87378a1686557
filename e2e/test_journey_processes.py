"""Journey: a process (quy trình) with structured steps, forms and records, checked against the
time limits of the TTHC it serves.

Phạm Thị Lan (ISO secretary, Sở Tư pháp) opens the agency's processes, reads QT 01/HCTP (steps,
forms per step, the worked example of due dates), downloads it as Word, then works on the draft
QT 07/XDKT: a step without a responsible party is refused with its number, a step is added, moved
and deleted (after confirming), a record to keep is added. Vũ Thị Hoa (staff) reads the effective
process only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qms.documents.demo import load_demo_documents
from qms.documents.models import Document
from qms.legal.demo import load_legal_register
from qms.people import demo
from qms.procedures.demo_processes import load_demo_processes
from qms.procedures.models import ProcessContent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots" / "test_process_pages_and_editor"


@pytest.fixture
def snap():
    """Like the shared ``shot``, but without Playwright's caret hiding: it leaves ``style=""`` on the
    inputs, which htmx then copies while settling a swap, and the strict CSP reports that."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    counter = iter(range(1, 100))

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{next(counter):02d}-{name}.png"
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(path), full_page=True, caret="initial")
        return path

    return take


def _load() -> None:
    demo.load_demo()
    load_legal_register()
    load_demo_documents(today=timezone.localdate())
    try:
        from qms.procedures.demo import load_demo_procedures
    except ImportError:  # the catalogue demo is optional for this journey
        pass
    else:
        load_demo_procedures()
    load_demo_processes(today=timezone.localdate())


def test_process_pages_and_editor(live_server, page, console, snap, login, logout):
    _load()
    url = live_server.url
    qt01 = Document.objects.get(code="QT 01/HCTP")
    qt07 = Document.objects.get(code="QT 07/XDKT")
    draft = ProcessContent.objects.get(document=qt07, revision__number=1)

    # --- The ISO secretary reads the agency's processes ------------------------------------------
    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Quy trình", exact=True).first.click()
    expect(page.locator("h1.qms-page-title")).to_contain_text("Quy trình giải quyết công việc")
    expect(page.locator("main")).to_contain_text("QT 01/HCTP")
    snap(page, "process-list")

    # From the document register, the process page is one click away.
    page.goto(f"{url}/tai-lieu/{qt01.pk}/")
    snap(page, "document-page-of-a-process")
    page.get_by_role("link", name="Xem quy trình").click()
    expect(page.locator("#cac-buoc")).to_contain_text("Tra cứu, xác minh thông tin lý lịch tư pháp")
    expect(page.locator("#cac-buoc")).to_contain_text("BM.01-QT01")
    expect(page.locator("main")).to_contain_text("Ví dụ tính hạn trả kết quả")
    snap(page, "process-detail")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Word").first.click()
    assert download.value.suggested_filename.endswith(".docx")

    # The revision in review is visible to the QMS team through the selector.
    page.select_option("#lan", "2")
    expect(page).to_have_url(re.compile(r"lan=2"))
    expect(page.locator("main")).to_contain_text("Đang xem xét")
    snap(page, "process-revision-2")

    # --- The draft QT 07: steps editor -----------------------------------------------------------
    page.goto(f"{url}/thu-tuc-hanh-chinh/quy-trinh/{qt07.pk}/")
    expect(page.locator("#canh-bao")).to_contain_text("Bước chưa có biểu mẫu")
    snap(page, "process-draft-warnings")
    page.get_by_role("link", name="Soạn nội dung").click()
    expect(page.locator("#steps-editor")).to_be_visible()
    editor = page.locator("#them-buoc")
    editor.locator("[name=title]").fill("Trình ký báo cáo thẩm định")
    editor.locator("[name=description]").fill("Trưởng phòng kiểm tra, trình Giám đốc Sở ký báo cáo thẩm định")
    editor.locator("[name=duration]").fill("1")
    editor.locator("[name=duration_unit]").select_option("days")
    editor.get_by_role("button", name="Thêm bước").click()
    expect(page.locator("#them-buoc")).to_contain_text("Bước 3 chưa có người/bộ phận thực hiện")
    snap(page, "step-missing-responsible")
    page.locator("#them-buoc [name=responsible_role]").fill("Trưởng phòng Xây dựng và kiểm tra văn bản")
    page.locator("#them-buoc").get_by_role("button", name="Thêm bước").click()
    expect(page.locator("#steps-editor .alert-success")).to_contain_text("Đã thêm bước 3")
    snap(page, "step-added")
    assert draft.steps.count() == 3

    page.get_by_role("button", name="Chuyển bước 3 lên trên").click()
    expect(page.locator("#steps-editor .alert-success")).to_contain_text("Đã chuyển thành bước 2")
    assert list(draft.steps.order_by("order").values_list("title", flat=True))[1] == "Trình ký báo cáo thẩm định"

    page.get_by_role("link", name="Sửa bước 2").click()
    edit_row = page.locator("#steps-editor tr.table-warning")
    edit_row.locator("[name$=time_note]").fill("Sau khi có ý kiến của các phòng")
    snap(page, "step-edit-inline")
    edit_row.get_by_role("button", name="Lưu bước").click()
    expect(page.locator("#steps-editor .alert-success")).to_contain_text("Đã lưu bước 2")

    page.get_by_role("button", name="Xoá bước 3").click()
    expect(page.locator("#qms-confirm-modal")).to_contain_text("Xoá bước 3 khỏi quy trình?")
    snap(page, "step-delete-confirm")
    page.locator("#qms-confirm-modal .qms-confirm-ok").click()
    expect(page.locator("#steps-editor .alert-success")).to_contain_text("Đã xoá bước 3")
    assert draft.steps.count() == 2

    # Records to keep.
    page.get_by_role("link", name="7. Hồ sơ cần lưu").click()
    page.fill("#id_name", "Báo cáo thẩm định đã ký")
    page.fill("#id_keeper", "Phòng Xây dựng và kiểm tra văn bản")
    page.fill("#id_retention", "10 năm")
    page.locator("#records-editor form").last.get_by_role("button", name="Thêm").click()
    expect(page.locator("#records-editor .alert-success")).to_contain_text("Đã thêm hồ sơ cần lưu")
    snap(page, "records")

    page.get_by_role("link", name="TTHC áp dụng").click()
    snap(page, "procedures-picker")
    page.get_by_role("link", name="Các mục 1-6").click()
    snap(page, "sections")
    logout(page)

    # --- Staff read the effective process only ---------------------------------------------------
    login(page, "stp.canbo", demo.DEMO_PASSWORD)
    page.goto(f"{url}/thu-tuc-hanh-chinh/quy-trinh/{qt01.pk}/")
    expect(page.locator("#cac-buoc")).to_contain_text("Ký Phiếu lý lịch tư pháp")
    expect(page.locator("#lan")).to_have_count(0)
    expect(page.get_by_role("link", name="Soạn nội dung")).to_have_count(0)
    snap(page, "process-detail-staff")
    console.allow(r"Failed to load resource.*404")
    response = page.goto(f"{url}/thu-tuc-hanh-chinh/quy-trinh/{qt07.pk}/")
    assert response is not None and response.status == 404
