"""``make run`` is a demo, not a debug server: debug off, a generated local secret key, static files
through WhiteNoise, the product's own error pages; ``/favicon.ico`` answers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SHOW_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.SECRET_KEY, s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[-1])"
)


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("QMS_") and k != "DJANGO_SETTINGS_MODULE"}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def _makefile_recipe(target: str) -> tuple[str, str]:
    """(prerequisites, recipe) of one Makefile target."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n?)*)", text, re.M)
    assert match, target
    return match.group(1), match.group(2)


def _makefile_variable(name: str) -> str:
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(rf"^{name} :?= (.*)$", text, re.M)
    assert match, name
    return match.group(1)


def test_make_run_serves_the_demo_with_debug_off():
    demo_env = _makefile_variable("DEMO_ENV")
    assert "QMS_DEBUG" not in demo_env
    assert "QMS_ALLOW_DEMO=1" in demo_env
    assert "QMS_SECRET_KEY_FILE=" in demo_env
    prerequisites, recipe = _makefile_recipe("run")
    assert "static" in prerequisites.split() and "demo" in prerequisites.split()
    assert "QMS_DEBUG" not in recipe and "$(DEMO_ENV)" in recipe
    assert "collectstatic" in _makefile_recipe("static")[1]


def test_the_secret_key_is_read_from_its_file_with_debug_off(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text("a-local-key-for-the-demo-0123456789\n", encoding="utf-8")

    result = _settings_with({"QMS_SECRET_KEY_FILE": str(key), "QMS_ALLOWED_HOSTS": "127.0.0.1"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "a-local-key-for-the-demo-0123456789",
        "CompressedManifestStaticFilesStorage",
    ]


def test_without_any_secret_key_the_application_refuses_to_start():
    result = _settings_with({})

    assert result.returncode != 0
    assert "QMS_SECRET_KEY" in result.stderr


def test_debug_stays_available_explicitly(tmp_path):
    result = _settings_with({"QMS_DEBUG": "1"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


def test_favicon_is_served_at_the_root(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("logged_in", [False, True])
def test_a_missing_page_is_the_products_own_page_in_vietnamese(client, staff_user, logged_in):
    if logged_in:
        client.force_login(staff_user)

    response = client.get("/to-chuc/987654/khong-co/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "URLconf" not in body and "Page not found" not in body


def test_a_refused_form_shows_the_products_own_403_page(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post("/dang-nhap/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    body = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in body
    assert "CSRF verification failed" not in body
