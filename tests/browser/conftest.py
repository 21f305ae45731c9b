"""Browser tests: the app served on a free port in a thread, driven by Debian's
Chromium through Playwright (Playwright cannot download its own browser here)."""

from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from server import demo

CHROMIUM = os.environ.get("KRING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A phone-sized page that fails the test on any console error (a CSP violation
    shows up there). It closes before the server stops, so no request is cut off."""
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="nl-NL"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], errors


@contextmanager
def phone_page(chromium, expected_status: int | None = None):
    """A phone in a context of its own (no shared cookies) that fails the test on any
    console error, just like the `page` fixture. Chromium reports a page served with an
    error status on the console too; `expected_status` is the one a test asks for."""
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="nl-NL"
    )
    page = context.new_page()
    errors: list[str] = []
    allowed = f"the server responded with a status of {expected_status} "

    def on_console(message):
        if message.type == "error" and not (expected_status and allowed in message.text):
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()
    assert errors == [], errors


def sign_in(
    page,
    base: str,
    email: str = "a@example.org",
    lands_on: str | None = "/",
    totp_secret: str | None = None,
) -> None:
    from tests.conftest import PASSWORD

    page.goto(f"{base}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    submit(page, "Inloggen")
    if "/login/code" in page.url:
        import pyotp

        from tests.factories import TOTP_SECRET

        totp = pyotp.TOTP(totp_secret or TOTP_SECRET)
        # Each code signs in once: a second sign-in within 30 s takes the next step's code.
        for code in (totp.now(), totp.at(time.time() + 30)):
            page.get_by_label("Code").fill(code)
            submit(page, "Inloggen")
            if "/login/code" not in page.url:
                break
    if lands_on is not None:
        page.wait_for_url(f"{base}{lands_on}")


def submit(page, button: str) -> None:
    """Click a form's button and wait for the page it leads to. Reading `page.url` right
    after `click()` can still see the page before: the click only starts the navigation,
    so a second factor would be skipped now and then."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """`full_page=False`: only the phone's screen, as it is scrolled (a long page in full
    is too tall to look at)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def demo_at(now):
    """The fixtures of a walkthrough on the demo data: the clock held at `now` (set
    before the app reads it) and the demo loaded for that day. In a test module:
    `clock, demo_data = demo_at(NOW)`."""

    @pytest.fixture
    def clock(time_machine):
        time_machine.move_to(now, tick=False)
        return time_machine

    @pytest.fixture
    def demo_data(app, db):
        demo.load(db, now.date())
        db.commit()

    return clock, demo_data
