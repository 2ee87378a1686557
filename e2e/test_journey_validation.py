"""Journey: forms that refuse bad input with Vietnamese messages beside the fields, adding an
internal unit to an agency, and switching between workspaces.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qms.organisations.models import Organisation
from qms.people import demo
from qms.people.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def field_error(page, name: str):
    """The error list Django ties to a field (``aria-describedby`` → ``id_<name>_error``)."""
    return page.locator(f"#id_{name}_error")


PASSWORD = "Quang-Ninh-2026!"


def fill_taken_account(page, url: str, organisation: Organisation) -> None:
    """The account form with a username that exists (stp.thuky) and two different passwords."""
    page.goto(f"{url}/nguoi-dung/them/")
    page.get_by_label("Họ và tên").fill("Phạm Thị Lan")
    page.get_by_label("Tên đăng nhập").fill("stp.thuky")
    page.get_by_label("Thư điện tử").fill("lan.pham@example.vn")
    page.locator("select[name=organisation]").select_option(value=str(organisation.pk))
    page.locator("select[name=role]").select_option(value="staff")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill("Quang-Ninh-2025!")


def test_coordinator_form_errors_and_new_unit(live_server, page, shot, login):
    demo.load_demo()
    stp = Organisation.objects.get(code="22.STP")
    url = live_server.url
    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    shot(page, "coordinator-home")

    # --- An account whose username is taken and whose passwords differ -------------------------
    users_before = User.objects.count()
    fill_taken_account(page, url, stp)
    shot(page, "user-form-bad")
    page.locator("main form").get_by_role("button", name="Tạo tài khoản").click()

    expect(page).to_have_url(f"{url}/nguoi-dung/them/")
    expect(field_error(page, "password2")).to_have_text("Hai mật khẩu không khớp.")
    expect(page.locator("input[name=password2]")).to_have_attribute("aria-invalid", "true")
    # What was typed is kept (except the passwords).
    expect(page.get_by_label("Họ và tên")).to_have_value("Phạm Thị Lan")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("stp.thuky")
    expect(page.locator("select[name=organisation]")).to_have_value(str(stp.pk))
    expect(page.locator("input[name=password1]")).to_have_value("")
    shot(page, "user-form-password-error")
    assert User.objects.count() == users_before

    # Passwords now agree: the taken username is refused beside its field.
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Tạo tài khoản").click()
    expect(page).to_have_url(f"{url}/nguoi-dung/them/")
    expect(field_error(page, "username")).to_have_text("Tên đăng nhập “stp.thuky” đã có người dùng.")
    expect(page.locator("input[name=username]")).to_have_attribute("aria-invalid", "true")
    expect(field_error(page, "password2")).to_have_count(0)
    shot(page, "user-form-username-error")
    assert User.objects.count() == users_before

    # --- A new internal unit under Sở Tư pháp ----------------------------------------------------
    page.locator(".qms-sidebar").get_by_role("link", name="Cơ cấu tổ chức").click()
    page.locator(".org-tree").get_by_role("link", name="Sở Tư pháp", exact=True).click()
    expect(page).to_have_url(f"{url}/to-chuc/{stp.pk}/")
    expect(page.locator("h1.qms-page-title")).to_have_text("Sở Tư pháp")
    shot(page, "stp-detail")
    page.locator(".qms-page-actions").get_by_role("link", name="Thêm đơn vị trực thuộc").click()
    expect(page).to_have_url(f"{url}/to-chuc/{stp.pk}/them/")
    expect(page.locator("h1.qms-page-title")).to_have_text("Thêm đơn vị trực thuộc Sở Tư pháp")
    shot(page, "unit-form-empty")

    orgs_before = Organisation.objects.count()
    page.locator("select[name=kind]").select_option(label="Phòng, ban nội bộ")
    page.locator("input[name=name]").fill("Phòng Phổ biến, giáo dục pháp luật")
    page.locator("input[name=code]").fill("22.STP.P01")
    page.locator("main form").get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(f"{url}/to-chuc/{stp.pk}/them/")
    expect(field_error(page, "code")).to_have_text("Mã “22.STP.P01” đã được dùng cho “Văn phòng Sở”.")
    expect(page.locator("input[name=code]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=name]")).to_have_value("Phòng Phổ biến, giáo dục pháp luật")
    shot(page, "unit-form-duplicate-code")
    assert Organisation.objects.count() == orgs_before

    page.locator("input[name=code]").fill("22.STP.P05")
    page.locator("main form").get_by_role("button", name="Lưu").click()
    unit = Organisation.objects.get(code="22.STP.P05")
    assert (unit.kind, unit.parent_id, unit.name) == ("unit", stp.pk, "Phòng Phổ biến, giáo dục pháp luật")
    expect(page).to_have_url(f"{url}/to-chuc/{unit.pk}/")
    expect(page.locator("#messages .alert-success")).to_contain_text("Đã thêm “Phòng Phổ biến, giáo dục pháp luật”.")
    expect(page.locator("h1.qms-page-title")).to_have_text("Phòng Phổ biến, giáo dục pháp luật")
    history = page.locator("section.qms-history")
    created_row = history.locator("tbody tr", has_text="Tạo tổ chức")
    expect(created_row).to_have_count(1)
    expect(created_row).to_contain_text("Trần Thị Thu Hà")
    expect(created_row).to_contain_text("22.STP.P05")
    shot(page, "unit-created")

    page.locator(".qms-breadcrumbs").get_by_role("link", name="Sở Tư pháp", exact=True).click()
    expect(page).to_have_url(f"{url}/to-chuc/{stp.pk}/")
    row = page.locator("tr", has=page.get_by_role("link", name="Phòng Phổ biến, giáo dục pháp luật", exact=True))
    expect(row).to_contain_text("22.STP.P05")
    expect(row).to_contain_text("Phòng, ban nội bộ")
    expect(row).to_contain_text("Đang hoạt động")
    shot(page, "stp-detail-with-unit")


def test_account_form_reports_every_error_at_once(live_server, page, shot, login):
    demo.load_demo()
    stp = Organisation.objects.get(code="22.STP")
    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    users_before = User.objects.count()
    fill_taken_account(page, live_server.url, stp)
    page.locator("main form").get_by_role("button", name="Tạo tài khoản").click()
    expect(field_error(page, "password2")).to_have_text("Hai mật khẩu không khớp.")
    shot(page, "user-form-errors")
    assert User.objects.count() == users_before
    expect(field_error(page, "username")).to_have_text("Tên đăng nhập “stp.thuky” đã có người dùng.", timeout=1000)


def test_auditor_switches_workspace(live_server, page, shot, login):
    demo.load_demo()
    login(page, "stp.danhgia", demo.DEMO_PASSWORD)
    toggle = page.locator("button.qms-workspace-toggle")
    expect(toggle).to_contain_text("Sở Tư pháp")
    expect(toggle).to_contain_text("Chuyên gia đánh giá nội bộ")
    expect(page.locator("main")).to_contain_text("Bạn đang làm việc tại Sở Tư pháp")
    shot(page, "home-stp")

    toggle.click()
    menu = page.locator(".dropdown-menu.show")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("heading", name="Chọn cơ quan và vai trò")).to_be_visible()
    expect(menu.locator("button[aria-current=true]")).to_contain_text("Sở Tư pháp")
    expect(menu.locator("form button")).to_have_count(2)
    shot(page, "switcher-open")
    menu.get_by_role("button", name=re.compile(r"^Sở Tài chính")).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("#messages .alert-info")).to_contain_text(
        "Đang làm việc tại Sở Tài chính với vai trò Chuyên gia đánh giá nội bộ."
    )
    expect(toggle).to_contain_text("Sở Tài chính")
    expect(toggle).not_to_contain_text("Sở Tư pháp")
    expect(page.locator(".qms-sidebar-org")).to_contain_text("Sở Tài chính")
    expect(page.locator("main")).to_contain_text("Bạn đang làm việc tại Sở Tài chính")
    shot(page, "home-stc")

    # The choice sticks for the rest of the session.
    page.locator(".qms-sidebar").get_by_role("link", name="Ban chỉ đạo ISO").click()
    expect(page).to_have_url(f"{live_server.url}/nguoi-dung/ban-chi-dao/")
    expect(toggle).to_contain_text("Sở Tài chính")
    expect(page.locator("main")).to_contain_text("Sở Tài chính")
    expect(page.locator("main")).not_to_contain_text("Ban chỉ đạo ISO Sở Tư pháp")
    shot(page, "committee-stc")


def test_tree_opens_at_the_active_workspace(live_server, page, shot, login):
    demo.load_demo()
    login(page, "stp.danhgia", demo.DEMO_PASSWORD)
    page.locator("button.qms-workspace-toggle").click()
    page.locator(".dropdown-menu.show").get_by_role("button", name=re.compile(r"^Sở Tài chính")).click()
    expect(page.locator("button.qms-workspace-toggle")).to_contain_text("Sở Tài chính")
    page.locator(".qms-sidebar").get_by_role("link", name="Cơ cấu tổ chức").click()
    expect(page).to_have_url(f"{live_server.url}/to-chuc/")
    shot(page, "tree-after-switch")
    expect(page.locator("#root-select option:checked")).to_have_text("Sở Tài chính", timeout=1000)
    expect(page.locator(".org-tree").get_by_role("link", name="Sở Tài chính", exact=True)).to_be_visible(timeout=1000)
