"""Browser test fixtures: Playwright for Python driving Debian's Chromium.

Every test in this directory is marked ``browser`` (``make test-browser`` runs
them with ``-m browser``; the other runs leave them out with ``-m "not browser"``).

Fixtures:
    browser       one headless Chromium for the session (/usr/bin/chromium; never
                  ``playwright install``)
    page          a fresh context per test: 1280x900, English
    phone_page    the same at a phone's size (390x844, touch)
    screenshot    screenshot(page, "name") -> test-artifacts/name.png
    login         login(page, live_server, "sofie", "password") through /login/

Use pytest-django's ``live_server`` for the server's URL. Under CI=true a
Chromium that cannot start fails the tests; elsewhere they are skipped, loudly.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Headless, as root (--no-sandbox), and making no outside connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOGIN_PATH = "/login/"
DEFAULT_TIMEOUT_MS = 10_000

HERE = Path(__file__).resolve().parent


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marker must be on the items before `-m` deselects by it.
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Lets the page fixtures see whether the test failed, to keep a screenshot.
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Debian Chromium for the whole session."""
    # Playwright's sync API runs an event loop in the main thread, and Django
    # refuses database calls from a thread with a running loop
    # (SynchronousOnlyOperation). Allowed only while Playwright runs, so
    # the rest of the suite keeps Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        if not os.access(CHROMIUM, os.X_OK):
            raise RuntimeError(f"{CHROMIUM} is missing (apt-get install -y chromium)")
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        playwright.stop()
        _restore_env(previous)
        message = f"Chromium could not start: {exc}"
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(f"BROWSER TESTS SKIPPED: {message}")
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        _restore_env(previous)


def _restore_env(previous: str | None) -> None:
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "screenshot"


def _open_page(browser, request, **context_options) -> Iterator:
    context = browser.new_context(locale="en", **context_options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "_report_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(ARTIFACTS / f"FAILED-{_safe_name(request.node.nodeid)}.png"), timeout=5_000)
            except Exception:
                pass  # a failed screenshot must not hide the test's own failure
        context.close()


@pytest.fixture
def page(browser, request) -> Iterator:
    """A new page in its own context (no shared cookies), laptop-sized."""
    yield from _open_page(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser, request) -> Iterator:
    """A new page in its own context, phone-sized, with touch."""
    yield from _open_page(browser, request, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


@pytest.fixture
def screenshot() -> Callable:
    """screenshot(page, "name") saves test-artifacts/name.png and returns its path.

    Takes the whole page by default; full_page=False takes the viewport only
    (much faster on very long pages). Other keywords go to page.screenshot().
    """

    def take(page, name: str, *, full_page: bool = True, **options) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = _safe_name(name.removesuffix(".png"))
        path = ARTIFACTS / f"{stem}.png"
        page.screenshot(path=str(path), full_page=full_page, **options)
        return path

    return take


@pytest.fixture
def login() -> Callable:
    """login(page, live_server, username, password): sign in through the login form.

    Fills the form at /login/ (fields `username` and `password`), submits it and
    checks that the browser left the login page; pass expect_success=False to
    submit without that check.
    """

    def sign_in(page, live_server, username: str, password: str, *, expect_success: bool = True):
        page.goto(live_server.url + LOGIN_PATH)
        form = page.locator("form").filter(has=page.locator('[name="password"]'))
        form.locator('[name="username"]').fill(username)
        form.locator('[name="password"]').fill(password)
        with page.expect_navigation():
            form.locator('[type="submit"]').first.click()
        if expect_success and page.url.split("?")[0].endswith(LOGIN_PATH):
            raise AssertionError(f"login as {username!r} failed: still on {page.url}")
        return page

    return sign_in
