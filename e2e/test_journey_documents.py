"""Journey: a controlled document from draft to acknowledgement, then a legal change that forces
its update within three months.

Phạm Thị Lan (ISO secretary, Sở Tư pháp) drafts a guidance document (processes, which need
their structured steps before approval, have their own journey), cites its legal basis and submits it
to Nguyễn Văn Minh (head of the department), who passes and approves it; Vũ Thị Hoa (staff)
finds it on her desk and acknowledges reading it. The province's coordinator records that a new
decree amends the cited one; the obligation appears for the secretary, who issues revision 2,
and the obligation closes when the head approves it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qms.core.dates import add_months
from qms.documents.models import Distribution, Document, RevisionStatus
from qms.legal.demo import load_legal_register
from qms.legal.models import LegalText
from qms.obligations.models import Obligation
from qms.people import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CODE = "HD 08/HCTP"
TITLE = "Hướng dẫn chứng thực chữ ký trong các giấy tờ, văn bản"
CONTENT = """1. MỤC ĐÍCH
Quy định trình tự chứng thực chữ ký tại Sở Tư pháp.
2. PHẠM VI
Áp dụng đối với Phòng Hành chính tư pháp.
5.7 Quy trình xử lý công việc
Bước 1: Tiếp nhận hồ sơ — Trách nhiệm: công chức một cửa — Thời gian: 0,5 ngày làm việc — Biểu mẫu: BM.01
Bước 2: Thẩm định, chứng thực — Trách nhiệm: Phòng Hành chính tư pháp — Thời gian: 0,5 ngày làm việc"""


def _approve_current_draft(page, url: str, shot, name: str) -> None:
    """As the head: open the revision waiting on the desk, pass it on, approve it today."""
    page.goto(f"{url}/tai-lieu/cua-toi/")
    page.get_by_role("link", name=CODE).first.click()
    page.get_by_role("button", name="Chuyển trình phê duyệt").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã chuyển trình lãnh đạo phê duyệt")
    page.fill("#id_approve-effective_from", timezone.localdate().isoformat())
    shot(page, name)
    page.get_by_role("button", name="Phê duyệt").click()
    shot(page, f"{name}-confirm")
    page.locator("#qms-confirm-modal .qms-confirm-ok").click()
    expect(page.locator(".alert-success")).to_contain_text("có hiệu lực từ hôm nay")


def test_document_lifecycle_and_legal_update(live_server, page, console, shot, login, logout):
    demo.load_demo()
    load_legal_register()
    # The shipped register already links 280/2025 to 23/2015; this journey records it by hand.
    LegalText.objects.get(number="280/2025/NĐ-CP").amends.clear()
    url = live_server.url

    # --- The ISO secretary drafts a guidance -------------------------------------------------
    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.goto(f"{url}/tai-lieu/")
    shot(page, "document-list-empty")
    page.get_by_role("link", name="Thêm tài liệu").first.click()
    page.fill("#id_code", CODE)
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "guidance")
    shot(page, "document-create-top")
    page.get_by_label("Phòng Hành chính tư pháp").check()
    page.select_option("#id_distribute_to_users", label="Vũ Thị Hoa")
    page.fill("#id_content", CONTENT)
    shot(page, "document-create")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1.qms-page-title")).to_contain_text(TITLE)
    document = Document.objects.get(code=CODE)

    # Its legal basis, from the register.
    page.get_by_role("link", name="Căn cứ pháp lý").click()
    page.get_by_role("link", name="Cập nhật căn cứ pháp lý").click()
    page.fill("#id_lines", "23/2015/NĐ-CP | Điều 24\n61/2018/NĐ-CP")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("2 văn bản")

    # Submit the draft to the head of the department.
    page.get_by_role("link", name="Mở").click()
    page.select_option("#id_reviewer", label="Nguyễn Văn Minh")
    page.get_by_role("button", name="Trình").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã trình Nguyễn Văn Minh xem xét")
    shot(page, "revision-in-review")
    logout(page)

    # --- The head passes and approves it -------------------------------------------------------
    login(page, "stp.lanhdao", demo.DEMO_PASSWORD)
    _approve_current_draft(page, url, shot, "revision-approve")
    expect(page.locator(".qms-doc-header").first).to_contain_text(CODE)
    expect(page.locator(".qms-doc-header").nth(1)).to_contain_text("Phạm Thị Lan")
    expect(page.locator(".qms-doc-header").nth(1)).to_contain_text("Giám đốc Sở Tư pháp")
    shot(page, "document-effective")
    logout(page)

    # --- A member of staff reads and acknowledges it -------------------------------------------
    login(page, "stp.canbo", demo.DEMO_PASSWORD)
    page.goto(f"{url}/tai-lieu/cua-toi/")
    expect(page.locator("main")).to_contain_text(TITLE)
    shot(page, "my-documents-unread")
    page.get_by_role("link", name="Đọc", exact=True).click()
    page.get_by_role("button", name="Tôi đã đọc và hiểu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xác nhận bạn đã đọc")
    assert Distribution.objects.get(
        revision=document.revisions.get(number=1), user__username="stp.canbo"
    ).acknowledged_at

    # She finds it again by searching without accents.
    page.goto(f"{url}/tim-kiem/?q=chung+thuc+chu+ky")
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main mark").first).to_be_visible()
    shot(page, "search-results")
    page.goto(f"{url}/tim-kiem/?q=QD+19")
    expect(page.locator("main")).to_contain_text("19/2014/QĐ-TTg")
    shot(page, "search-legal-number")
    logout(page)

    # --- The coordinator records that a new decree amends the cited one ------------------------
    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    decree = LegalText.objects.get(number="280/2025/NĐ-CP")
    page.goto(f"{url}/van-ban-phap-luat/{decree.pk}/sua/")
    takes_effect = timezone.localdate() + dt.timedelta(days=30)
    page.fill("#id_effective_on", takes_effect.isoformat())
    page.get_by_role("button", name="Lưu").click()
    page.goto(f"{url}/van-ban-phap-luat/{decree.pk}/thay-the/")
    page.get_by_label("Văn bản này sửa đổi, bổ sung các văn bản dưới đây").check()
    page.fill("#id_numbers", "23/2015/NĐ-CP")
    page.get_by_role("button", name="Xem trước").click()
    shot(page, "legal-amend-preview")
    page.get_by_role("button", name="Xác nhận ghi nhận").click()
    page.locator("#qms-confirm-modal .qms-confirm-ok").click()
    expect(page.locator(".alert-success")).to_contain_text("nghĩa vụ cập nhật")
    obligation = Obligation.objects.get(subject_id=document.pk)
    assert obligation.due_on == add_months(takes_effect, 3)
    logout(page)

    # --- The secretary sees the obligation and issues revision 2 -------------------------------
    login(page, "stp.thuky", demo.DEMO_PASSWORD)
    page.goto(f"{url}/nghia-vu/")
    expect(page.locator("main")).to_contain_text("280/2025/NĐ-CP")
    shot(page, "obligations-open")
    page.goto(f"{url}/tai-lieu/{document.pk}/")
    expect(page.locator("main")).to_contain_text("280/2025/NĐ-CP")
    page.get_by_role("button", name="Soạn lần ban hành mới").click()
    page.fill("#id_content", CONTENT + "\nBước 3: Trả kết quả — theo Nghị định số 280/2025/NĐ-CP")
    page.fill("#id_change_summary", "Cập nhật theo Nghị định số 280/2025/NĐ-CP sửa đổi Nghị định 23/2015/NĐ-CP")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.select_option("#id_reviewer", label="Nguyễn Văn Minh")
    page.get_by_role("button", name="Trình").click()
    logout(page)

    login(page, "stp.lanhdao", demo.DEMO_PASSWORD)
    _approve_current_draft(page, url, shot, "revision-2-approve")
    document.refresh_from_db()
    assert document.current_revision.number == 2
    assert document.revisions.get(number=1).status == RevisionStatus.SUPERSEDED
    obligation.refresh_from_db()
    assert obligation.status == "done"

    # History with the difference between the two revisions.
    page.goto(f"{url}/tai-lieu/{document.pk}/so-sanh/")
    expect(page.locator("tr.qms-added")).to_contain_text("280/2025/NĐ-CP")
    shot(page, "revision-diff")
    assert console.unexpected() == []
