"""Supporters kept up to date, on the supporter's own phone (#18), in a real Chromium at
phone size: Anna makes a link for Sam limited to orange and red; she changes a line and
Sam's page shows it as new, then not after he has seen it; Sam's page installs as an app
of its own and reads offline; Anna stops the link, and back online Sam's kept copy is
gone."""

import json
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from server.plan import services
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, PHONE, screenshot, sign_in
from tests.browser.test_offline import eventually

pytestmark = pytest.mark.browser

GREEN = "Ik sport drie keer per week."
ORANGE = "Ik blijf 's ochtends in bed liggen."
RED = "Ik denk dat niemand me zou missen."
NEW_ORANGE = "Ik reageer niet meer op berichten."


def anna_uses_phases(db, member) -> None:
    now = datetime.now(UTC)
    plan = services.plan_for(db, member, now)
    services.change_settings(db, plan, plan.version, True, [], now)
    for phase, text in (("green", GREEN), ("orange", ORANGE), ("red", RED)):
        services.add_item(db, plan, plan.version, "warning_signs", text, phase, now)
    db.commit()


def make_link_for_sam(page, base: str) -> str:
    page.goto(f"{base}/plan/shares")
    page.get_by_label("Voor wie is de link?").fill("Sam")
    page.get_by_label("Wat ik merk", exact=True).check()
    page.get_by_label("Groen: het gaat goed").uncheck()
    page.get_by_label("Geel: eerste signalen").uncheck()
    page.get_by_role("button", name="Maak de link").click()
    shown = page.locator("#share-link").input_value()  # on BASE_URL, not this test server
    path = re.fullmatch(r"https?://[^/]+(/s/[\w-]{20,}/)", shown)[1]
    expect(page.get_by_text("Signalen en acties: alleen oranje en rood.")).to_be_visible()
    screenshot(page, "plan-supporter-links")
    return base + path


def sams_phone(chromium, tmp_path):
    """A profile on disk: Chromium installs apps only there (see test_offline)."""
    context = chromium.browser_type.launch_persistent_context(
        tmp_path / "sam",
        executable_path=CHROMIUM,
        args=CHROMIUM_FLAGS,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
    )
    errors: list[str] = []

    def on_console(message):
        # The stopped link answers 410, which Chromium reports on the console.
        if message.type == "error" and "status of 410" not in message.text:
            errors.append(message.text)

    context.on("console", on_console)
    return context, errors


def marks(page) -> list[str]:
    return page.locator(".plan-items li .badge").all_inner_texts()


def link_caches(page) -> list[str]:
    return page.evaluate("caches.keys().then(ks => ks.filter(k => k.startsWith('kring-link')))")


def assert_installable(context, sam, link: str, base: str) -> None:
    """The link's own app: its worker controls the page, and Chromium can install it
    (what "add to home screen" needs)."""
    sam.evaluate("navigator.serviceWorker.ready")
    sam.reload()
    sam.wait_for_function("!!navigator.serviceWorker.controller")
    scope = sam.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == link
    cdp = context.new_cdp_session(sam)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    data = json.loads(manifest["data"])
    path = link.removeprefix(base)
    assert (data["name"], data["start_url"], data["scope"]) == (
        "Kring: gedeeld met jou",
        path,
        path,
    )
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


def test_sams_link_shows_what_changed_installs_reads_offline_and_goes_when_stopped(
    chromium, page, live_server, world, db, tmp_path
):
    anna_uses_phases(db, world.member_a)
    sign_in(page, live_server)
    link = make_link_for_sam(page, live_server)

    context, errors = sams_phone(chromium, tmp_path)
    try:
        sam = context.new_page()
        sam.goto(link)
        expect(sam.get_by_role("heading", level=1)).to_have_text("Het plan van Anna")
        expect(sam.get_by_text(ORANGE)).to_be_visible()
        expect(sam.get_by_text(RED)).to_be_visible()
        expect(sam.get_by_text(GREEN)).to_have_count(0)  # not his phases
        assert marks(sam) == []  # the first visit: nothing marked

        assert_installable(context, sam, link, live_server)

        # Anna changes her plan; Sam's next visit shows it as new, the one after not.
        page.goto(f"{live_server}/plan/sections/warning_signs")
        page.get_by_label(re.compile(r'^Nieuwe regel bij "')).fill(NEW_ORANGE)
        page.get_by_label("Fase", exact=True).select_option(label="Oranje: het gaat mis")
        page.get_by_role("button", name="Toevoegen", exact=True).click()
        expect(page.get_by_text(NEW_ORANGE)).to_be_visible()

        sam.reload()
        expect(sam.get_by_text("is er iets veranderd")).to_be_visible()
        new_line = sam.locator(".plan-items li", has_text=NEW_ORANGE)
        expect(new_line.locator(".badge")).to_have_text("Nieuw")
        assert marks(sam) == ["Nieuw"]
        screenshot(sam, "plan-supporter-new")
        sam.reload()
        expect(sam.get_by_text(NEW_ORANGE)).to_be_visible()
        assert marks(sam) == []
        expect(sam.get_by_text("is er iets veranderd")).to_have_count(0)

        # Offline: the copy kept on his phone, with the note that it is one.
        eventually(sam, "caches.keys().then(ks => ks.some(k => k.startsWith('kring-link')))")
        context.set_offline(True)
        sam.goto(link)
        expect(sam.get_by_role("heading", level=1)).to_have_text("Het plan van Anna")
        expect(sam.get_by_text(NEW_ORANGE)).to_be_visible()
        expect(sam.locator("[data-offline-note]")).to_be_visible()
        expect(sam.locator("[data-offline-note]")).to_contain_text("Offline — de kopie op deze")
        screenshot(sam, "plan-supporter-offline")
        context.set_offline(False)

        # Anna stops the link. Back online, Sam's phone forgets the kept copy.
        page.goto(f"{live_server}/plan/shares")
        page.get_by_role("button", name="Stop deze link").click()
        expect(page.get_by_text("Gestopt", exact=True)).to_be_visible()
        sam.goto(link)
        expect(sam.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet (meer)")
        eventually(sam, "navigator.serviceWorker.getRegistrations().then(r => r.length === 0)")
        assert link_caches(sam) == []
        screenshot(sam, "plan-supporter-stopped")
        context.set_offline(True)
        with pytest.raises(PlaywrightError):
            sam.goto(link)  # nothing on the phone answers for the link any more
        context.set_offline(False)
    finally:
        context.close()
    assert errors == [], errors
