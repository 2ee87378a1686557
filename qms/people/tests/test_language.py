"""Vietnamese first, whatever the browser says: English only by the user's own choice (kept on
their profile) or, before logging in, by the visitor's choice for the session. The product is
called "ISO điện tử" in both languages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from qms.core.tests.pagekit import audited, fresh
from qms.people import services
from qms.people.models import InterfaceLanguage

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
PASSWORD = "matkhau-Demo-2026"


def _body(response) -> str:
    return response.content.decode()


def test_an_english_browser_sees_the_login_page_in_vietnamese(client, db):
    response = client.get(reverse("login"), **ENGLISH_BROWSER)

    body = _body(response)
    assert '<html lang="vi">' in body
    assert "Tên đăng nhập" in body and "Username" not in body
    assert "ISO điện tử" in body and "e-ISO" not in body
    assert response["Content-Language"] == "vi"


def test_an_english_browser_sees_the_home_page_in_vietnamese(client, coordinator):
    client.force_login(coordinator)

    body = _body(client.get(reverse("home"), **ENGLISH_BROWSER))

    assert '<html lang="vi">' in body
    assert "Trang chủ" in body and "e-ISO" not in body


def test_the_language_cookie_of_the_old_switch_is_ignored(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert '<html lang="vi">' in _body(client.get(reverse("login"), **ENGLISH_BROWSER))


def test_a_visitor_chooses_english_for_the_session_only(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    body = _body(client.get(reverse("login")))
    assert '<html lang="en">' in body
    assert "Username" in body and "Tên đăng nhập" not in body
    assert "ISO điện tử" in body and "e-ISO" not in body

    other_visitor = Client()
    assert '<html lang="vi">' in _body(other_visitor.get(reverse("login"), **ENGLISH_BROWSER))


def test_a_user_choice_is_kept_on_the_profile_across_sessions(client, coordinator):
    client.force_login(coordinator)

    with audited("user.set_language"):
        response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})

    assert response.status_code == 302
    assert fresh(coordinator).language == InterfaceLanguage.ENGLISH
    assert '<html lang="en">' in _body(client.get(reverse("home")))

    client.post(reverse("logout"))
    assert '<html lang="vi">' in _body(client.get(reverse("login"))), "anonymous pages go back to Vietnamese"

    response = client.post(reverse("login"), {"username": coordinator.username, "password": PASSWORD})
    assert response.status_code == 302
    body = _body(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi"))
    assert '<html lang="en">' in body
    assert "ISO điện tử" in body and "e-ISO" not in body


def test_switching_back_to_vietnamese(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    client.post(reverse("set_language"), {"language": "vi", "next": "/"})

    assert fresh(coordinator).language == InterfaceLanguage.VIETNAMESE
    assert '<html lang="vi">' in _body(client.get("/", **ENGLISH_BROWSER))


def test_a_visitor_choice_carries_into_the_session_of_a_user_who_has_not_chosen(client, coordinator):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    client.post(reverse("login"), {"username": coordinator.username, "password": PASSWORD})

    assert '<html lang="en">' in _body(client.get(reverse("home")))
    assert fresh(coordinator).language == ""


def test_the_profile_choice_wins_over_the_session(client, coordinator):
    services.user_set_language(actor=coordinator, user=coordinator, language="vi")
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    client.post(reverse("login"), {"username": coordinator.username, "password": PASSWORD})

    assert '<html lang="vi">' in _body(client.get(reverse("home")))


def test_an_unknown_language_changes_nothing(client, coordinator):
    client.force_login(coordinator)

    with audited():
        response = client.post(reverse("set_language"), {"language": "xx", "next": reverse("home")})

    assert response.status_code == 302
    assert fresh(coordinator).language == ""
    assert '<html lang="vi">' in _body(client.get(reverse("home")))


def test_set_language_refuses_an_external_next(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_set_language_only_answers_post(client, db):
    assert client.get(reverse("set_language")).status_code == 405


def test_nobody_chooses_the_language_of_someone_else(coordinator, staff_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.user_set_language(actor=coordinator, user=staff_user, language="en")
    assert fresh(staff_user).language == ""


def test_the_user_menu_and_the_public_page_offer_both_languages(client, coordinator):
    login_page = _body(client.get(reverse("login")))
    assert 'data-language="en"' in login_page and 'data-language="vi"' in login_page

    client.force_login(coordinator)
    home = _body(client.get(reverse("home")))
    assert 'data-language="en"' in home and 'data-language="vi"' in home
