"""The therapist's week with the demo data, in Chromium at phone and tablet size ("Done
when" of issue 17): before Thursday's meeting the demo therapist sees who cancelled and
which reflection is new; she cancels a meeting with a confirmation and undoes it; posts
an announcement that the demo member sees on home and gets as a push; registers
attendance in one screen after the meeting; downloads the month's attendance CSV.
Screenshots go to docs/screenshots/therapist-week-*.png."""

import csv
import io
import time
from datetime import UTC, datetime
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

from server import demo
from server.push import outbox
from tests.browser.conftest import demo_at, phone_page, submit
from tests.push.conftest import FAST, push_service, subscribe  # noqa: F401

pytestmark = pytest.mark.browser

# A Wednesday evening; the Donderdaggroep meets tomorrow, Thursday 26 November, 10:00.
NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
AFTER_THE_MEETING = datetime(2026, 11, 26, 10, 45, tzinfo=UTC)  # 11:45 in Heerlen
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TABLET = {"width": 820, "height": 1180}
ANNOUNCEMENT = "Volgende week beginnen we om 10:15."


@pytest.fixture
def app_config(app_config):
    return {**app_config, **FAST}


clock, demo_data = demo_at(NOW)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"therapist-week-{name}.png"), full_page=True)


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(demo.DEMO_PASSWORD)
    submit(page, "Inloggen")
    totp = pyotp.TOTP(demo.DEMO_TOTP_SECRET)
    # The clock stands still and each code signs in once: later sign-ins take the next
    # steps' codes, which the app accepts one step ahead.
    for code in (totp.now(), totp.at(time.time() + 30), totp.at(time.time() + 60)):
        if "/login/code" not in page.url:
            break
        page.get_by_label("Code").fill(code)
        submit(page, "Inloggen")


def test_the_therapists_week_with_the_demo_data(
    chromium,
    live_server,
    app,
    db,
    demo_data,
    push_service,  # noqa: F811
    clock,
):
    base = live_server
    from server.auth import services as accounts

    sanne = accounts.user_by_email(db, demo.DEMO_MEMBER)
    subscribe(db, sanne, push_service.subscriber("sanne"))

    # Before Thursday's meeting: who cancelled (late marked, reason one tap away), what is new.
    with phone_page(chromium) as therapist:
        sign_in(therapist, base, demo.DEMO_THERAPIST)
        expect(therapist.get_by_role("heading", level=1)).to_have_text("Je groepen")
        week = therapist.locator("section.week").first
        expect(week.get_by_text("Volgende bijeenkomst: donderdag 26 november")).to_be_visible()
        expect(week.get_by_text("Afgemeld: 2")).to_be_visible()
        fleur = week.locator("details.reason", has_text="Fleur")
        expect(fleur.get_by_text("laat")).to_be_visible()
        expect(week.get_by_text("Ik ben ziek, met koorts.")).to_be_hidden()
        fleur.locator("summary").click()
        expect(week.get_by_text("Ik ben ziek, met koorts.")).to_be_visible()
        expect(week.get_by_text("Lotte").first).to_be_visible()
        unread = week.get_by_role("link", name="Daan")
        expect(unread).to_be_visible()
        shot(therapist, "home")

        # Cancel next week's meeting, with a confirmation and a message; then undo it.
        week.get_by_role("link", name="Donderdaggroep").click()
        therapist.locator("section[aria-labelledby=meetings] li").nth(1).get_by_role("link").click()
        therapist.get_by_role("link", name="Deze bijeenkomst afzeggen").click()
        expect(therapist.get_by_role("heading", level=1)).to_have_text("Bijeenkomst afzeggen?")
        therapist.get_by_label("Bericht voor de leden").fill(
            "Wegens ziekte gaat de groep niet door."
        )
        shot(therapist, "cancel")
        therapist.get_by_role("button", name="Ja, zeg de bijeenkomst af").click()
        expect(therapist.get_by_text("Deze bijeenkomst gaat niet door.")).to_be_visible()
        expect(therapist.get_by_text("Verwacht", exact=False)).to_have_count(0)
        therapist.get_by_role("button", name="Ongedaan maken: laat hem toch doorgaan").click()
        expect(therapist.get_by_text("De bijeenkomst gaat toch door.")).to_be_visible()
        expect(therapist.get_by_text("Verwacht: ", exact=False)).to_be_visible()

        # An announcement to the group.
        therapist.get_by_role("link", name="← Donderdaggroep").click()
        therapist.get_by_role("link", name="Mededeling").click()
        therapist.get_by_label("Bericht").fill(ANNOUNCEMENT)
        therapist.get_by_role("button", name="Naar de groep sturen").click()
        expect(therapist.get_by_text("Verstuurd naar 6 leden.")).to_be_visible()
        shot(therapist, "announcement")

    with phone_page(chromium) as member:
        sign_in(member, base, demo.DEMO_MEMBER)
        expect(member.get_by_text(ANNOUNCEMENT)).to_be_visible()
        shot(member, "member-home")
        member.get_by_role("button", name="Gelezen, sluiten").click()
        expect(member.get_by_text(ANNOUNCEMENT)).to_have_count(0)
    outbox.wait_until_sent()
    messages = [p for p in push_service.delivered("sanne") if p["body"] == "Bericht van je groep"]
    assert len(messages) == 1 and messages[0]["title"] == "Kring"

    # After the meeting: the register in one screen, present preselected but who cancelled.
    clock.move_to(AFTER_THE_MEETING, tick=False)
    with phone_page(chromium) as therapist:
        sign_in(therapist, base, demo.DEMO_THERAPIST)
        therapist.get_by_role("link", name="Donderdaggroep").click()
        therapist.locator("section[aria-labelledby=past] li").first.get_by_role("link").click()
        expect(therapist.get_by_text("Iedereen staat op aanwezig", exact=False)).to_be_visible()
        expect(therapist.get_by_role("radio", name="Aanwezig").nth(0)).to_be_checked()
        fleur = therapist.locator(".register li", has_text="Fleur")
        expect(fleur.get_by_role("radio", name="Afgemeld")).to_be_checked()
        bram = therapist.locator(".register li", has_text="Bram")
        bram.get_by_role("radio", name="Afwezig").check()
        therapist.get_by_role("button", name="Bewaar de presentielijst").click()
        expect(therapist.get_by_text("Aanwezig: 4")).to_be_visible()
        expect(therapist.get_by_text("Afwezig: 1")).to_be_visible()
        shot(therapist, "register")

        # The month's attendance for the billing, read the way Excel reads it.
        therapist.get_by_role("link", name="Groepen").click()
        therapist.get_by_role("link", name="Aanwezigheid voor de declaratie").click()
        expect(therapist.get_by_label("Van")).to_have_value("2026-11-01")
        shot(therapist, "export")
        with therapist.expect_download() as download:
            therapist.get_by_role("button", name="Downloaden (CSV)").click()
        data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Datum", "Groep", "Lid", "Status", "Aanwezig bij deze bijeenkomst"]
    today = [r for r in rows if r and r[0] == "26-11-2026"]
    assert {(r[2], r[3], r[4]) for r in today} >= {
        ("Bram", "afwezig", "4"),
        ("Fleur", "laat afgemeld", "4"),
        ("Sanne", "aanwezig", "4"),
    }
    for r in rows[1 : rows.index([])]:
        datetime.strptime(r[0], "%d-%m-%Y")

    with chromium.new_context(viewport=TABLET, locale="nl-NL") as context:
        tablet = context.new_page()
        sign_in(tablet, base, demo.DEMO_THERAPIST)
        expect(tablet.get_by_text("Met jou gedeeld, nog niet gelezen").first).to_be_visible()
        shot(tablet, "home-tablet")
