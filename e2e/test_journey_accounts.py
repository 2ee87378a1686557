"""Journey: the province's coordinator opens an account for an agency's ISO secretary, who then
works inside their own agency only.

Trần Thị Thu Hà (Sở KH&CN, coordinator for UBND tỉnh Quảng Ninh) logs in, looks at the
organisation tree, creates the account of Lê Thị Thanh Hương, ISO secretary of Sở Tài chính,
and logs out; Hương logs in, sees Sở Tài chính as her workspace, sees only her agency in the tree
and gets the 404 page for another agency's page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qms.organisations.models import Membership, Organisation
from qms.people import demo
from qms.people.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Quang-Ninh-2026!"


def test_coordinator_creates_secretary_who_sees_only_her_agency(live_server, page, console, shot, login, logout):
    demo.load_demo()
    stc = Organisation.objects.get(code="22.STC")
    stp = Organisation.objects.get(code="22.STP")
    url = live_server.url

    # --- The coordinator logs in and lands on the home page ----------------------------------
    page.goto(f"{url}/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/$"))
    shot(page, "login")
    login(page, "sokhcn.dieuphoi", demo.DEMO_PASSWORD)
    expect(page.locator("h1.qms-page-title")).to_have_text("Xin chào, Trần Thị Thu Hà")
    expect(page.locator("main")).to_contain_text(
        "Bạn đang làm việc tại UBND tỉnh Quảng Ninh với vai trò Đơn vị chủ trì (Sở KH&CN)."
    )
    expect(page.locator("button.qms-workspace-toggle")).to_contain_text("UBND tỉnh Quảng Ninh")
    shot(page, "coordinator-home")

    # --- The organisation tree ------------------------------------------------------------------
    page.locator(".qms-sidebar").get_by_role("link", name="Cơ cấu tổ chức").click()
    expect(page).to_have_url(f"{url}/to-chuc/")
    expect(page.locator("h1.qms-page-title")).to_have_text("Cơ cấu tổ chức")
    tree = page.locator(".org-tree")
    expect(tree.get_by_role("link", name="UBND tỉnh Quảng Ninh", exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name="Sở Tư pháp", exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name="Sở Tài chính", exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name="UBND phường Hạ Long", exact=True)).to_be_visible()
    district = tree.get_by_role("link", name="UBND huyện Vân Đồn", exact=True).locator("xpath=ancestor::li[1]")
    expect(district).to_have_class(re.compile(r"\borg-historical\b"))
    expect(district.locator(".badge", has_text="hết hiệu lực 30/06/2025").first).to_be_visible()
    expect(district.locator(".text-muted", has_text="Huyện (trước 01/7/2025)").first).to_be_visible()
    shot(page, "coordinator-tree")

    # --- Người dùng → Tạo tài khoản -------------------------------------------------------------
    page.locator(".qms-sidebar").get_by_role("link", name="Người dùng").click()
    expect(page).to_have_url(f"{url}/nguoi-dung/")
    expect(page.locator("h1.qms-page-title")).to_have_text("Người dùng")
    expect(page.get_by_role("link", name="Phạm Thị Lan")).to_be_visible()
    shot(page, "user-list")
    page.locator(".qms-page-actions").get_by_role("link", name="Tạo tài khoản").click()
    expect(page).to_have_url(f"{url}/nguoi-dung/them/")
    expect(page.locator("h1.qms-page-title")).to_have_text("Tạo tài khoản")
    shot(page, "user-form-empty")

    page.get_by_label("Họ và tên").fill("Lê Thị Thanh Hương")
    page.get_by_label("Tên đăng nhập").fill("stc.thuky")
    page.get_by_label("Thư điện tử").fill("stc.thuky@example.vn")
    # Options read "— Sở Tài chính" (one dash per level), so choose by value.
    page.locator("select[name=organisation]").select_option(value=str(stc.pk))
    page.locator("select[name=role]").select_option(value="iso_secretary")
    expect(page.locator("select[name=role] option:checked")).to_have_text("Thư ký ISO")
    page.get_by_label("Chức vụ").fill("Chánh Văn phòng Sở")
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    shot(page, "user-form-filled")
    page.locator("main form").get_by_role("button", name="Tạo tài khoản").click()

    # --- The new user's page ------------------------------------------------------------------
    created = User.objects.get(username="stc.thuky")
    expect(page).to_have_url(f"{url}/nguoi-dung/{created.pk}/")
    expect(page.locator("#messages .alert-success")).to_contain_text("Đã tạo tài khoản stc.thuky.")
    expect(page.locator("h1.qms-page-title")).to_contain_text("Lê Thị Thanh Hương")
    roles = page.locator("table", has=page.get_by_role("columnheader", name="Chức vụ"))
    role_row = roles.locator("tbody tr").first
    expect(role_row).to_contain_text("Thư ký ISO")
    expect(role_row).to_contain_text("Sở Tài chính")
    expect(role_row).to_contain_text("Chánh Văn phòng Sở")
    expect(role_row).to_contain_text("Hiệu lực")
    shot(page, "user-created")
    assert created.full_name == "Lê Thị Thanh Hương"
    assert created.home_organisation_id == stc.pk
    assert list(Membership.objects.filter(user=created).values_list("organisation__code", "role")) == [
        ("22.STC", "iso_secretary")
    ]

    logout(page)
    shot(page, "logged-out")

    # --- The new secretary logs in --------------------------------------------------------------
    login(page, "stc.thuky", NEW_PASSWORD)
    expect(page.locator("h1.qms-page-title")).to_have_text("Xin chào, Lê Thị Thanh Hương")
    expect(page.locator("main")).to_contain_text("Bạn đang làm việc tại Sở Tài chính với vai trò Thư ký ISO.")
    workspace = page.locator("button.qms-workspace-toggle")
    expect(workspace).to_contain_text("Sở Tài chính")
    expect(workspace).to_contain_text("Thư ký ISO")
    # Agency roles manage their own people but not the province's list of agencies.
    expect(page.locator(".qms-sidebar")).not_to_contain_text("Danh sách cơ quan")
    shot(page, "secretary-home")

    # --- Her tree holds her agency only ---------------------------------------------------------
    page.locator(".qms-sidebar").get_by_role("link", name="Cơ cấu tổ chức").click()
    expect(page).to_have_url(f"{url}/to-chuc/")
    tree = page.locator(".org-tree")
    expect(tree.get_by_role("link", name="Sở Tài chính", exact=True)).to_be_visible()
    for unit in ("Văn phòng Sở", "Phòng Quản lý ngân sách", "Phòng Đăng ký kinh doanh"):
        expect(tree.get_by_role("link", name=unit, exact=True)).to_be_visible()
    expect(tree.get_by_role("link")).to_have_count(4)
    expect(page.locator("body")).not_to_contain_text("Sở Tư pháp")
    expect(page.locator("body")).not_to_contain_text("UBND tỉnh Quảng Ninh")
    shot(page, "secretary-tree")

    # --- Another agency's page does not exist for her -----------------------------------------
    console.allow(r"Failed to load resource: the server responded with a status of 404 .*/to-chuc/\d+/")
    response = page.goto(f"{url}/to-chuc/{stp.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    expect(page.locator("main")).to_contain_text(
        "Trang bạn tìm không tồn tại, đã bị xóa hoặc bạn không có quyền xem. Vui lòng kiểm tra lại đường dẫn."
    )
    expect(page.locator("body")).not_to_contain_text("Sở Tư pháp")
    shot(page, "secretary-404")
