"""Browser journeys: pytest-django's ``live_server`` driven by Playwright (sync API) in Debian's chromium.

Fixtures:

* ``browser`` (session): one chromium for the whole run. Missing chromium skips the journeys,
  except when ``QMS_REQUIRE_E2E=1`` (CI), where it fails: the journeys must never silently vanish.
* ``console``: the console errors, page errors and CSP violations seen during the test; a test
  that expects one (a 404 page logs "Failed to load resource") declares it with ``console.allow``.
* ``page``: a fresh context and page (1366x900, Vietnamese), failing the test at teardown on any
  console error or CSP violation that was not allowed.
* ``shot``: ``shot(page, "name")`` saves a full-page screenshot to
  ``e2e/screenshots/<test name>/<nn>-<name>.png`` (git-ignored).
* ``login`` / ``logout``: the login form and the POST logout button in the navbar's user menu.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django's ORM calls made by the test
# (loading the demo, counting rows) would otherwise raise SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORT = {"width": 1366, "height": 900}
TIMEOUT_MS = 15_000


def _require_e2e() -> bool:
    return os.environ.get("QMS_REQUIRE_E2E", "").strip().lower() in {"1", "true", "yes", "on"}


def _unavailable(reason: str) -> None:
    if _require_e2e():
        pytest.fail(f"{reason} (QMS_REQUIRE_E2E=1: the browser journeys must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _unavailable("Python package playwright is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class ConsoleLog:
    """What the browser complained about during one test."""

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Expect console errors matching ``pattern`` (a regular expression)."""
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


# Report CSP violations from the page itself too (chromium also logs them as console errors).
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__qmsCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@contextmanager
def watched_page(browser, console: ConsoleLog, **context_options: Any) -> Iterator[Any]:
    """A fresh context and page with ``context_options`` (viewport, locale, …), recording console
    errors, page errors and CSP violations; fails the test at the end on any not allowed."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(TIMEOUT_MS)
    context.expose_function("__qmsCspViolation", lambda text: console.errors.append(f"CSP violation: {text}"))
    context.add_init_script(_CSP_LISTENER)
    page = context.new_page()

    def on_console(message) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            console.errors.append(f"console error: {message.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: console.errors.append(f"page error: {error}"))
    yield page
    context.close()
    unexpected = console.unexpected()
    if unexpected:
        pytest.fail("The browser reported errors:\n" + "\n".join(unexpected), pytrace=False)


@pytest.fixture
def page(browser, console: ConsoleLog):
    with watched_page(browser, console, viewport=VIEWPORT, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh") as page:
        yield page


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text)


@pytest.fixture
def shot(request) -> Callable[..., Path]:
    """``shot(page, "name")``: a numbered full-page screenshot for this test."""
    folder = SCREENSHOTS / _slug(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    counter = iter(range(1, 100))

    def take(page, name: str) -> Path:
        path = folder / f"{next(counter):02d}-{_slug(name)}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # From the top: a scrolled page would show the sticky navbar part-way down the image.
        page.evaluate("window.scrollTo(0, 0)")
        # caret="initial": Playwright's caret hiding leaves style="" on inputs, which htmx's settle
        # step then copies, and the strict CSP reports it as a violation.
        page.screenshot(path=str(path), full_page=True, caret="initial")
        return path

    return take


def sign_in(page, base: str, username: str, password: str, *, heading: str | None = None) -> None:
    """Log in through the form (in whatever language the page is, unless ``heading`` is given);
    lands on the home page."""
    from playwright.sync_api import expect

    page.goto(f"{base}/dang-nhap/")
    if heading is not None:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form[action='/dang-nhap/'] button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")


@pytest.fixture
def login(live_server) -> Callable[..., None]:
    """Log in through the form; lands on the home page."""

    def do(page, username: str, password: str) -> None:
        sign_in(page, live_server.url, username, password, heading="Đăng nhập")

    return do


@pytest.fixture
def logout(live_server) -> Callable[..., None]:
    """Open the user menu in the navbar and press its POST "Đăng xuất" button."""
    from playwright.sync_api import expect

    def do(page) -> None:
        page.locator("button.qms-user-toggle").click()
        button = page.locator(".dropdown-menu.show form[action='/dang-xuat/'] button")
        expect(button).to_be_visible()
        button.click()
        expect(page).to_have_url(re.compile(r"/dang-nhap/"))

    return do
