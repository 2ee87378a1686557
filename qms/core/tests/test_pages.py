"""Project-wide pages and headers: error pages in Vietnamese, the health check, the login page,
switching language, the Content-Security-Policy header, and the Vietnamese text helpers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qms.core.text import fold, vn_sort_key

NOT_FOUND_TEXT = "Trang bạn tìm không tồn tại, đã bị xóa hoặc bạn không có quyền xem."
FORBIDDEN_TEXT = "Bạn không có quyền xem hoặc thực hiện thao tác này với vai trò hiện tại."


# --- error pages ---------------------------------------------------------------------------------


def test_missing_organisation_renders_the_vietnamese_404_page(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("organisations:detail", args=[987_654]))

    assert response.status_code == 404
    assert response.templates[0].name == "errors/404.html"
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert NOT_FOUND_TEXT in body
    assert '<html lang="vi">' in body


def test_forbidden_organisation_looks_exactly_like_a_missing_one(client, outsider, department):
    client.force_login(outsider)

    forbidden = client.get(reverse("organisations:detail", args=[department.pk]))
    missing = client.get(reverse("organisations:detail", args=[987_654]))

    assert forbidden.status_code == missing.status_code == 404
    assert NOT_FOUND_TEXT in forbidden.content.decode()
    assert department.name not in forbidden.content.decode()


def test_unknown_url_renders_the_404_page_for_a_logged_in_user(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert NOT_FOUND_TEXT in response.content.decode()


def test_refused_action_renders_the_vietnamese_403_page(client, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("organisations:audit_log"))

    assert response.status_code == 403
    assert response.templates[0].name == "errors/403.html"
    body = response.content.decode()
    assert "Không có quyền truy cập" in body
    assert FORBIDDEN_TEXT in body


# --- health check --------------------------------------------------------------------------------


def test_healthz_is_public_and_checks_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_healthz_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405


# --- login page and language ---------------------------------------------------------------------


def test_login_page_is_in_vietnamese(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    for label in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu", "Dùng tài khoản do quản trị viên của cơ quan cấp."):
        assert label in body


def test_login_page_keeps_next(client, db):
    response = client.get(reverse("login"), {"next": "/to-chuc/"})

    assert 'name="next" value="/to-chuc/"' in response.content.decode()


# Switching language (profile, session, never the browser): qms/people/tests/test_language.py


# --- security headers ----------------------------------------------------------------------------


@pytest.mark.parametrize("logged_in", [False, True])
def test_pages_carry_a_strict_content_security_policy(client, coordinator, logged_in):
    if logged_in:
        client.force_login(coordinator)
    url = reverse("home") if logged_in else reverse("login")

    response = client.get(url)

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_error_pages_carry_the_policy_too(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/khong-co-trang-nay/")

    assert "default-src 'self'" in response["Content-Security-Policy"]


# --- Vietnamese text helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Quy trình Đăng ký", "quy trinh dang ky"),
        ("ĐĂNG KÝ KẾT HÔN", "dang ky ket hon"),
        ("Sở Khoa học và Công nghệ", "so khoa hoc va cong nghe"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("quy trinh", "quy trinh"),
        ("", ""),
    ],
)
def test_fold_removes_diacritics_and_case(text, folded):
    assert fold(text) == folded


def test_fold_treats_composed_and_decomposed_text_alike():
    import unicodedata

    text = "Quy trình Đăng ký hộ tịch"
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text)) == fold(text)


def test_vn_sort_key_files_d_stroke_among_the_ds():
    names = ["Hà An", "Đông Mai", "Cao Xanh", "An Hải"]

    assert sorted(names, key=vn_sort_key) == ["An Hải", "Cao Xanh", "Đông Mai", "Hà An"]
    assert sorted(names)[-1] == "Đông Mai"  # plain code-point order would put it last


def test_vn_sort_key_puts_plain_forms_before_accented_ones():
    assert sorted(["Hà", "Ha", "Hạ"], key=vn_sort_key)[0] == "Ha"
