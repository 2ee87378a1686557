"""Journey: the product on a phone (390 × 844, the width of a common handset).

The coordinator of the province (Trần Thị Thu Hà), the ISO secretary of Sở Tư pháp (Phạm Thị Lan)
and one of its staff (Vũ Thị Hoa) open their main pages on a phone: home, the document list, a
process page, coverage, publication, assessment, the inspection consolidation, the audit log. No
page is wider than the screen (wide tables scroll inside their own box), and the top bar shows
the agency and the role the person is working as.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from qms.assessments.models import Assessment
from qms.demo.loader import load_everything
from qms.documents.models import Document
from qms.people import demo

from .conftest import ConsoleLog, sign_in, watched_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.slow]

PHONE = {"width": 390, "height": 844}

# The page's width as laid out, and what sticks out of the screen (to name the culprit on failure).
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !el.closest(".table-responsive, .offcanvas, .dropdown-menu, .flatpickr-calendar")) {
      wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} → ${Math.round(box.right)}px`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}"""


@pytest.fixture
def phone(browser, console: ConsoleLog):
    with watched_page(
        browser,
        console,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    ) as page:
        yield page


def _log_out(page) -> None:
    page.locator("button.qms-user-toggle").click()
    page.locator(".dropdown-menu.show form[action='/dang-xuat/'] button").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def _check_top_bar(page, agency: str, role: str) -> None:
    org = page.locator(".qms-navbar .qms-workspace-org")
    shown_role = page.locator(".qms-navbar .qms-workspace-role")
    expect(org).to_be_visible()
    expect(shown_role).to_be_visible()
    expect(org).to_contain_text(agency)
    expect(shown_role).to_have_text(role)
    for part in (org, shown_role, page.locator("button.qms-user-toggle")):
        box = part.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    for part in (org, shown_role):  # whole, not cut off by an ellipsis
        assert part.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), part.inner_text()


def _journey(page, base: str, shot, username: str, agency: str, role: str, pages: list[tuple[str, str]]):
    """Visit each page; return the ones wider than the phone."""
    sign_in(page, base, username, demo.DEMO_PASSWORD)
    _check_top_bar(page, agency, role)
    too_wide = []
    for name, url in pages:
        response = page.goto(f"{base}{url}")
        assert response is not None and response.status == 200, (name, url)
        page.wait_for_load_state("load")
        measured = page.evaluate(MEASURE)
        shot(page, f"{username}-{name}")
        if measured["scrollWidth"] > PHONE["width"]:
            too_wide.append(f"{username} {name} ({url}): {measured['scrollWidth']}px; {measured['wide']}")
        _check_top_bar(page, agency, role)
    _log_out(page)
    return too_wide


def test_main_pages_fit_a_phone_for_several_roles(live_server, phone, shot):
    load_everything(today=timezone.localdate())
    base = live_server.url
    process = Document.objects.get(code="QT 01/HCTP")
    stp_assessment = Assessment.objects.filter(agency__code="22.STP").order_by("-year", "pk").first()
    assert stp_assessment is not None

    too_wide = _journey(
        phone,
        base,
        shot,
        "sokhcn.dieuphoi",
        "UBND tỉnh Quảng Ninh",
        "Đơn vị chủ trì (Sở KH&CN)",
        [
            ("home", reverse("home")),
            ("documents", reverse("documents:list")),
            ("process", reverse("procedures:process_detail", args=[process.pk])),
            ("coverage", reverse("procedures:coverage")),
            ("publication", reverse("publication:overview")),
            ("assessments", reverse("assessments:list")),
            ("consolidation", reverse("inspections:consolidation")),
            ("audit-log", reverse("organisations:audit_log")),
        ],
    )
    too_wide += _journey(
        phone,
        base,
        shot,
        "stp.thuky",
        "Sở Tư pháp",
        "Thư ký ISO",
        [
            ("home", reverse("home")),
            ("documents", reverse("documents:list")),
            ("process", reverse("procedures:process_detail", args=[process.pk])),
            ("coverage", reverse("procedures:my_agency")),
            ("publication", reverse("publication:home")),
            ("assessment", reverse("assessments:detail", args=[stp_assessment.pk])),
        ],
    )
    too_wide += _journey(
        phone,
        base,
        shot,
        "stp.canbo",
        "Sở Tư pháp",
        "Cán bộ, công chức",
        [
            ("home", reverse("home")),
            ("documents", reverse("documents:list")),
            ("my-documents", reverse("documents:mine")),
            ("process", reverse("procedures:process_detail", args=[process.pk])),
        ],
    )

    assert too_wide == [], "Pages wider than the phone:\n" + "\n".join(too_wide)


def test_the_sidebar_opens_as_a_drawer_on_a_phone(live_server, phone, shot):
    demo.load_demo()
    sign_in(phone, live_server.url, "stp.canbo", demo.DEMO_PASSWORD)

    phone.get_by_role("button", name="Mở menu").click()
    drawer = phone.locator("#qms-sidebar")
    expect(drawer).to_be_visible()
    expect(drawer).to_have_class(re.compile(r"\bshow\b"))
    expect(drawer).not_to_have_class(re.compile(r"\bshowing\b"))  # the slide-in has finished
    expect(drawer.get_by_role("link", name="Yêu cầu sửa đổi")).to_be_visible()
    box = drawer.bounding_box()
    assert box is not None and box["x"] >= 0
    # The screen as the person sees it (a full-page capture resizes the viewport mid-slide).
    path = shot(phone, "drawer")
    phone.screenshot(path=str(path.with_name("02-drawer-screen.png")), caret="initial")
