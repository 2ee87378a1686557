"""Journey: Vietnamese first, whatever the browser says.

Phạm Thị Lan (ISO secretary of Sở Tư pháp) works on a laptop whose Chromium speaks English
(locale en-US, Accept-Language en). The login page and her home are in Vietnamese and the product
calls itself "ISO điện tử". She chooses English in the user menu: the pages turn English (the name
stays "ISO điện tử"); she logs out (the login page is Vietnamese again) and back in: her choice was
kept on her profile. Back in Vietnamese, a form's date field shows dd/mm/yyyy with a Vietnamese
calendar and its file field says "Chọn tệp / Chưa chọn tệp", whatever the browser's locale.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qms.people import demo
from qms.people.models import User

from .conftest import ConsoleLog, sign_in, watched_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENGLISH_BROWSER = {
    "locale": "en-US",
    "extra_http_headers": {"Accept-Language": "en-US,en;q=0.9"},
    "viewport": {"width": 1366, "height": 900},
    "timezone_id": "Asia/Ho_Chi_Minh",
}
SECRETARY = "stp.thuky"


@pytest.fixture
def english_page(browser, console: ConsoleLog):
    """A page in an English-speaking Chromium; fails the test on any console error or CSP violation."""
    with watched_page(browser, console, **ENGLISH_BROWSER) as page:
        yield page


def _choose_language(page, code: str) -> None:
    page.locator("button.qms-user-toggle").click()
    page.locator(f".dropdown-menu.show button[data-language='{code}']").click()


def test_an_english_browser_gets_vietnamese_until_the_user_chooses_english(live_server, english_page, shot, logout):
    demo.load_demo()
    page = english_page
    base = live_server.url

    assert page.evaluate("navigator.language") == "en-US"
    page.goto(f"{base}/dang-nhap/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    expect(page).to_have_title(re.compile("ISO điện tử"))
    expect(page.locator("body")).not_to_contain_text("e-ISO")
    shot(page, "login-vietnamese-for-an-english-browser")

    sign_in(page, base, SECRETARY, demo.DEMO_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    expect(page.locator(".navbar-brand")).to_have_text("ISO điện tử")
    shot(page, "home-vietnamese")

    _choose_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    expect(page.locator(".navbar-brand")).to_have_text("ISO điện tử")
    expect(page.locator("body")).not_to_contain_text("e-ISO")
    assert User.objects.get(username=SECRETARY).language == "en"
    shot(page, "home-english-by-choice")

    logout(page)
    expect(page.locator("html")).to_have_attribute("lang", "vi")  # a visitor's page: Vietnamese again
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    sign_in(page, base, SECRETARY, demo.DEMO_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    shot(page, "home-english-kept-after-logging-in-again")

    _choose_language(page, "vi")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def test_a_visitor_picks_english_for_the_session(live_server, english_page, shot):
    page = english_page
    page.goto(f"{live_server.url}/dang-nhap/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.locator(".qms-public-languages button[data-language='en']").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator(".navbar-brand")).to_have_text("ISO điện tử")
    shot(page, "login-english-for-the-session")


def test_dates_and_files_speak_vietnamese_in_an_english_browser(live_server, english_page, shot):
    demo.load_demo()
    page = english_page
    base = live_server.url
    sign_in(page, base, SECRETARY, demo.DEMO_PASSWORD)

    page.goto(f"{base}/nguoi-dung/dao-tao/them/")
    start = page.locator("#id_start_date")
    expect(start).to_have_attribute("type", "text")
    expect(start).to_have_attribute("placeholder", "dd/mm/yyyy")
    start.click()
    calendar = page.locator(".flatpickr-calendar.open")
    expect(calendar).to_be_visible()
    expect(calendar.locator(".flatpickr-weekday").first).to_contain_text("T2")  # Thứ hai: the week starts on Monday
    expect(calendar.locator(".flatpickr-weekdaycontainer")).to_contain_text("CN")  # Chủ nhật
    expect(calendar.locator(".flatpickr-current-month")).to_contain_text("Tháng")
    shot(page, "date-picker-in-vietnamese")
    calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text=re.compile(r"^15$")).click()
    expect(start).to_have_value(re.compile(r"^15/\d{2}/\d{4}$"))
    chosen = start.input_value()

    page.fill("#id_trainee_name", "Phạm Thị Lan")
    page.select_option("#id_kind", "awareness")
    page.fill("#id_course", "Nhận thức chung về TCVN ISO 9001:2015")
    page.fill("#id_end_date", "2026-12-31")  # the ISO form typed by hand is read too
    page.locator("#id_course").click()  # leaving the field: it shows the Vietnamese form
    expect(page.locator("#id_end_date")).to_have_value("31/12/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#messages")).to_contain_text("Đã thêm hồ sơ đào tạo")
    expect(page.locator("body")).to_contain_text(chosen)

    page.goto(f"{base}/tai-lieu/them/")
    upload = page.locator(".qms-file").first
    expect(upload).to_contain_text("Chọn tệp")
    expect(upload).to_contain_text("Chưa chọn tệp")
    shot(page, "file-input-in-vietnamese")
    page.set_input_files(
        "input[type=file]", files=[{"name": "so-tay.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    expect(upload).to_contain_text("so-tay.pdf")
