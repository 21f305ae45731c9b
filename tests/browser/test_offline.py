"""The installable, offline-first app in a real Chromium: the service worker controls
the page, the schedule, the plan and the homework open without a network with the
offline notice, a cancellation and a reflection made offline arrive exactly once, a
new version is offered, and signing out leaves no personal page on the device."""

import json

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlalchemy import func, select

from bench.demo_app import record_requests
from server.homework.models import Reflection
from server.offline.models import IdempotencyKey
from server.schedule.models import Attendance
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, PHONE, screenshot, sign_in
from tests.offline import conftest as offline_fixtures

pytestmark = pytest.mark.browser

# Group A meets in two days; Anna has an assignment due then (shared with tests/offline).
meeting = offline_fixtures.meeting
assignment = offline_fixtures.assignment


def controlled(page) -> None:
    """Wait until the service worker is active and controls this page."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("!!navigator.serviceWorker.controller")


def kept_paths(page) -> list[str]:
    return page.evaluate(
        """caches.open("kring-pages").then(c => c.keys())
             .then(rs => rs.map(r => new URL(r.url).pathname))"""
    )


def eventually(page, script: str, arg=None, seconds: float = 10):
    """Evaluate `script` (which may return a promise) until its value is truthy.
    wait_for_function does not wait for a promise's value, only for the promise."""
    for _ in range(int(seconds * 10)):
        value = page.evaluate(script, arg)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"still falsy after {seconds} s: {script}")


def wait_until_kept(page, *paths: str) -> None:
    for path in paths:
        eventually(
            page, "path => caches.open('kring-pages').then(c => c.match(path)).then(Boolean)", path
        )


def test_the_service_worker_controls_the_page_and_the_app_installs(
    chromium, live_server, world, tmp_path
):
    # A profile on disk: Chromium does not install apps from an incognito-like context.
    context = chromium.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_FLAGS, viewport=PHONE
    )
    try:
        page = context.new_page()
        sign_in(page, live_server, "a@example.org")
        controlled(page)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [], manifest["errors"]
        assert json.loads(manifest["data"])["name"] == "Kring"
        # Chromium's own installability check: manifest, icons, service worker, scope.
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        # Then really install it, as "Installeren" in the menu does, and ask the browser.
        app_id = f"{live_server}/"
        with pytest.raises(PlaywrightError, match="Unknown web-app manifest id"):
            cdp.send("PWA.getOsAppState", {"manifestId": app_id})
        cdp.send("PWA.install", {"manifestId": app_id})
        assert cdp.send("PWA.getOsAppState", {"manifestId": app_id})["badgeCount"] == 0
        for size in ("192", "512"):
            response = page.request.get(f"{live_server}/static/icons/maskable-{size}.png")
            assert response.ok and response.headers["content-type"] == "image/png"
    finally:
        context.close()


def test_schedule_plan_and_homework_open_offline_with_the_notice(
    page, live_server, world, assignment
):
    sign_in(page, live_server, "a@example.org")
    controlled(page)
    for path in ("/schedule", "/plan/", "/homework/"):
        page.goto(f"{live_server}{path}")
    wait_until_kept(page, "/schedule", "/plan/", "/homework/")

    page.context.set_offline(True)
    for path, heading in (
        ("/schedule", "Rooster"),
        ("/plan/", "Mijn plan"),
        ("/homework/", "Huiswerk"),
    ):
        page.goto(f"{live_server}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("[data-offline-note]")).to_be_visible()
        expect(page.locator("[data-offline-note]")).to_contain_text("Offline — bijgewerkt op")
    screenshot(page, "offline-homework")

    # A page that was never kept says so, with the crisis numbers, instead of failing.
    page.goto(f"{live_server}/more")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je bent offline")
    expect(page.locator("a[href='tel:113']")).to_be_visible()
    page.context.set_offline(False)


def test_the_first_visit_fetches_nothing_twice(page, live_server, app):
    """The worker's precache takes what the page has just loaded from the browser's
    cache: no file downloaded twice, no 304 round trips, on a phone's first visit."""
    answered = record_requests(app)
    page.goto(f"{live_server}/login")
    page.evaluate("navigator.serviceWorker.ready")  # installed: the precache is complete
    page.wait_for_timeout(500)  # anything late (an icon) would be counted too
    precached = page.evaluate(
        """caches.keys().then(names => caches.open(names.find(n => n.startsWith("kring-static-"))))
             .then(c => c.keys()).then(rs => rs.map(r => new URL(r.url).pathname))"""
    )
    assert {"/static/css/kring.css", "/static/icons/kring.svg", "/offline"} <= set(precached)
    paths = [path for path, _status in answered]
    assert len(paths) == len(set(paths)), sorted(paths)
    assert [status for _path, status in answered if status != 200] == []
    assert any(path.startswith("/static/icons/kring.svg") for path in paths)


def test_the_plan_and_rooster_are_kept_right_after_signing_in(page, live_server, world, db):
    """A phone that only saw home after signing in still has its plan offline."""
    sign_in(page, live_server, "a@example.org")  # lands on home, nothing else opened
    controlled(page)
    wait_until_kept(page, "/plan/", "/schedule")

    page.context.set_offline(True)
    page.goto(f"{live_server}/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn plan")
    expect(page.locator("[data-offline-note]")).to_be_visible()
    expect(page.locator("a[href='tel:113']").first).to_be_visible()
    page.goto(f"{live_server}/schedule")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rooster")
    page.context.set_offline(False)


def test_a_cancellation_made_offline_arrives_once(page, live_server, world, meeting, db):
    sign_in(page, live_server, "a@example.org")
    controlled(page)
    page.goto(f"{live_server}/schedule")  # keeps the next meetings' "ik kan niet komen" ahead
    wait_until_kept(page, f"/meetings/{meeting.id}/cancel")

    page.context.set_offline(True)
    page.goto(f"{live_server}/meetings/{meeting.id}/cancel")
    page.get_by_label("Reden (mag je leeg laten)").fill("Ik moet werken.")
    page.get_by_role("button", name="Meld mij af").click()
    note = page.get_by_role("status").filter(has_text="wordt verstuurd zodra je online bent")
    expect(note).to_be_visible()
    screenshot(page, "offline-queued-cancellation")
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Attendance)) == 0

    # Back online: the page sends it, and a second send of the same action (another
    # tab, Background Sync) is answered from the stored result, not done again.
    page.context.set_offline(False)
    expect(page.get_by_text("Wat je offline deed, is verstuurd.")).to_be_visible()
    assert page.evaluate("KringQueue.all().then(left => left.length)") == 0
    db.rollback()
    cancelled = db.scalars(select(Attendance).filter_by(meeting_id=meeting.id)).all()
    assert [(a.member_id, a.status, a.reason) for a in cancelled] == [
        (world.member_a.id, "cancelled", "Ik moet werken.")
    ]
    assert db.scalar(select(func.count()).select_from(IdempotencyKey)) == 1


def test_a_reflection_written_offline_arrives_once_and_stays_private(
    page, live_server, world, assignment, db
):
    sign_in(page, live_server, "a@example.org")
    controlled(page)
    page.goto(f"{live_server}/homework/")
    wait_until_kept(page, "/homework/", f"/homework/{assignment.id}/write")

    page.context.set_offline(True)
    page.get_by_role("link", name="Reflectie schrijven").click()
    page.get_by_label("Wat heb ik geprobeerd?").fill("Ik zei nee tegen een extra dienst.")
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("status")).to_contain_text("wordt verstuurd zodra je online bent")
    page.context.set_offline(False)
    expect(page.get_by_text("Wat je offline deed, is verstuurd.")).to_be_visible()

    db.rollback()
    reflections = db.scalars(select(Reflection)).all()
    assert [(r.tried, r.shared) for r in reflections] == [
        ("Ik zei nee tegen een extra dienst.", False)
    ]
    # The text was on the device only while it waited: nothing is left of it there.
    assert page.evaluate("KringQueue.all().then(left => left.length)") == 0
    assert f"/homework/{assignment.id}" not in kept_paths(page)


def test_a_new_version_is_offered_and_loads_after_reload(page, live_server, app, world):
    sign_in(page, live_server, "a@example.org")
    controlled(page)
    before = page.evaluate("caches.keys()")

    app.config["RELEASE"] = "next-release"
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    prompt = page.locator("[data-update-prompt]")
    expect(prompt).to_be_visible()
    expect(prompt).to_contain_text("Er is een nieuwe versie van Kring")
    screenshot(page, "offline-update-prompt")
    with page.expect_navigation():
        prompt.get_by_role("button", name="Herladen").click()
    eventually(
        page,
        "before => caches.keys().then(now => !now.includes(before))",
        next(name for name in before if name.startswith("kring-static-")),
    )


def test_after_sign_out_no_personal_page_comes_from_the_device(page, live_server, world, meeting):
    sign_in(page, live_server, "a@example.org")
    controlled(page)
    page.goto(f"{live_server}/plan/")
    wait_until_kept(page, "/plan/")

    page.goto(f"{live_server}/more")
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    page.wait_for_url(f"{live_server}/login")
    eventually(page, "caches.has('kring-pages').then(kept => !kept)")

    page.context.set_offline(True)
    try:
        page.goto(f"{live_server}/plan/")
    except PlaywrightError as error:
        # Chromium also honours the sign-out's Clear-Site-Data: no worker is left at all.
        assert "ERR_INTERNET_DISCONNECTED" in str(error)
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("Je bent offline")
    page.context.set_offline(False)


def test_switching_storage_off_forgets_kept_pages(page, live_server, world, meeting):
    sign_in(page, live_server, "a@example.org")
    controlled(page)
    page.goto(f"{live_server}/schedule")
    wait_until_kept(page, "/schedule")

    page.goto(f"{live_server}/device")
    page.get_by_label("Bewaar mijn rooster en plan op dit apparaat").uncheck()
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_role("status").first).to_contain_text("Er wordt niets meer bewaard")
    page.goto(f"{live_server}/schedule")
    assert kept_paths(page) == []


IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
)


def test_the_install_hint_shows_on_an_iphone_until_dismissed(chromium, live_server, world):
    context = chromium.new_context(viewport=PHONE, user_agent=IPHONE_SAFARI, locale="nl-NL")
    try:
        page = context.new_page()
        sign_in(page, live_server, "a@example.org")
        expect(page).to_have_title("Home · Kring")
        hint = page.get_by_role("complementary", name="Zet Kring op je beginscherm")
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("Tik op de deelknop")
        # Safari has no install prompt of its own to start: only the instructions.
        expect(hint.get_by_role("button", name="Zet op beginscherm")).to_be_hidden()
        screenshot(page, "offline-install-hint-iphone")
        hint.get_by_role("button", name="Niet meer laten zien").click()
        expect(hint).to_be_hidden()
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(hint).to_be_hidden()
    finally:
        context.close()


def test_a_push_message_shows_a_notification_that_opens_its_page(page, live_server, world):
    """The worker's half of Web Push: Chromium delivers a message (DevTools stands in for
    the push service) and the notification carries the page a tap opens."""
    page.context.grant_permissions(["notifications"], origin=live_server)
    sign_in(page, live_server, "a@example.org")
    controlled(page)
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(100):  # the registration event arrives on its own time
        mine = [r for r in registrations if r["scopeURL"] == f"{live_server}/"]
        if mine:
            break
        page.wait_for_timeout(50)
    registration = mine[0]
    notice = {
        "title": "Morgen om 19:00",
        "body": "Kring in Heerlen",
        "url": "/schedule",
        "tag": "t1",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server,
            "registrationId": registration["registrationId"],
            "data": json.dumps(notice),
        },
    )
    shown = eventually(
        page,
        """navigator.serviceWorker.ready.then(r => r.getNotifications())
             .then(list => list.map(n => [n.title, n.body, n.tag, n.data.url]))""",
    )
    assert shown == [["Morgen om 19:00", "Kring in Heerlen", "t1", "/schedule"]]
