"""Switching notifications on in a real Chromium, as far as a browser without a push
server can go: the button asks permission (granted here), registers the service worker,
and calls pushManager.subscribe() with the app's key. Headless Chromium has no push
service, so the subscription itself fails; the page must then say so clearly."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

# Counts the calls to subscribe() and keeps the key it was given: the page's own code
# runs unchanged, this only watches (an init script is not subject to the page's CSP).
WATCH_SUBSCRIBE = """
window.__subscribeCalls = [];
const original = PushManager.prototype.subscribe;
PushManager.prototype.subscribe = function (options) {
  const key = options && options.applicationServerKey;
  window.__subscribeCalls.push({
    userVisibleOnly: options.userVisibleOnly,
    keyLength: key ? key.byteLength : 0,
  });
  return original.call(this, options);
};
"""


# Playwright's contexts are incognito, where Chromium itself logs this when a page calls
# subscribe(); it is the browser speaking, not the page failing.
INCOGNITO = "Chrome currently does not support the Push API in incognito mode"


@contextmanager
def push_page(chromium, **options):
    """A phone page that fails the test on any console error but Chromium's own above."""
    context = chromium.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="nl-NL", **options
    )
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and INCOGNITO not in m.text else None,
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()
    assert errors == [], errors


def test_the_button_asks_permission_and_tries_to_subscribe(chromium, live_server, world):
    with push_page(chromium) as page:
        page.context.grant_permissions(["notifications"], origin=live_server)
        page.add_init_script(WATCH_SUBSCRIBE)
        sign_in(page, live_server)
        page.goto(f"{live_server}/more")
        page.locator('a[href="/notifications"]').click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        # With JavaScript the sentence for browsers without it is gone, the button is there.
        expect(page.locator("[data-push-nojs]")).to_be_hidden()
        button = page.locator("[data-push-button]")
        expect(button).to_be_visible()
        button.click()
        failed = page.locator('[data-push-state="failed"]')
        expect(failed).to_be_visible(timeout=15_000)
        expect(failed).not_to_be_empty()
        calls = page.evaluate("window.__subscribeCalls")
        assert calls == [{"userVisibleOnly": True, "keyLength": 65}]
        assert page.evaluate("Notification.permission") == "granted"
        registration = page.evaluate(
            "navigator.serviceWorker.getRegistration().then(r => r ? r.scope : null)"
        )
        assert registration == f"{live_server}/"
        expect(button).to_be_enabled()  # she can try again


def test_without_permission_the_page_says_how_to_allow_it(chromium, live_server, world):
    with push_page(chromium) as page:  # notifications not granted: Chromium refuses
        sign_in(page, live_server)
        page.goto(f"{live_server}/notifications")
        page.locator("[data-push-button]").click()
        expect(page.locator('[data-push-state="denied"]')).to_be_visible()


def test_on_an_iphone_outside_the_home_screen_it_says_so(chromium, live_server, world):
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    )
    with push_page(chromium, user_agent=iphone) as page:
        sign_in(page, live_server)
        page.goto(f"{live_server}/notifications")
        expect(page.locator('[data-push-state="ios-home-screen"]')).to_be_visible()
        expect(page.locator("[data-push-button]")).to_be_hidden()


# A push service that never answers: subscribe() neither resolves nor fails.
SUBSCRIBE_HANGS = "PushManager.prototype.subscribe = () => new Promise(() => {});"


def test_a_push_service_that_never_answers_gets_a_clear_message_after_15_s(
    chromium, live_server, world
):
    with push_page(chromium) as page:
        page.context.grant_permissions(["notifications"], origin=live_server)
        page.add_init_script(SUBSCRIBE_HANGS)
        # The page's own clock, moved on by the test: the 15 s are not waited out.
        page.clock.install()
        sign_in(page, live_server)
        page.goto(f"{live_server}/notifications")
        page.clock.pause_at(datetime.now(UTC) + timedelta(minutes=1))  # from here, no ticking
        button = page.locator("[data-push-button]")
        button.click()
        working = page.locator('[data-push-state="working"]')
        expect(working).to_be_visible()
        stuck = page.get_by_role("alert").filter(has_text="na 15 seconden")
        page.clock.run_for(14_000)
        expect(stuck).to_have_count(0)  # not before 14 s ...
        expect(working).to_be_visible()
        page.clock.run_for(6_000)
        expect(stuck).to_be_visible()  # ... and by 20 s
        expect(working).to_be_hidden()
        expect(button).to_be_enabled()  # she can try again
