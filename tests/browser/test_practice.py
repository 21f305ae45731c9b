"""A practice from an empty database in Chromium at phone size ("Done when" of issue
16): the operator's one command, then the admin, a therapist and members in the
browser. Screenshots go to docs/screenshots/practice-*.png."""

import re
from pathlib import Path

import pyotp
import pytest
from flask.cli import ScriptInfo
from playwright.sync_api import expect

from server.cli import main
from tests.browser.conftest import phone_page
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

NOW = "2026-11-26T12:00:00+00:00"  # a Thursday; the group meets on Mondays from 7 December
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"practice-{name}.png"), full_page=True)


def create_account(page, base: str, link: str, name: str) -> None:
    page.goto(base + link)
    page.get_by_label(re.compile("^Je naam")).fill(name)
    page.get_by_label("Nieuw wachtwoord").fill(PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Maak mijn account").click()


def sign_in_with_new_second_step(page, base: str, email: str) -> None:
    page.wait_for_url(f"{base}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/login/setup")
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()


def test_a_practice_from_an_empty_database(chromium, live_server, app, smtp):
    base = live_server
    result = app.test_cli_runner().invoke(
        main,
        ["create-practice", "--name", "Praktijk De Linde", "--admin-email", "beheer@example.org"],
        obj=ScriptInfo(create_app=lambda: app),
    )
    assert result.exit_code == 0, result.output

    with phone_page(chromium) as admin:
        create_account(admin, base, smtp.last_link("beheer@example.org"), "Bea Jansen")
        sign_in_with_new_second_step(admin, base, "beheer@example.org")
        admin.get_by_role("link", name="Praktijk", exact=True).click()
        expect(admin.get_by_role("heading", level=1)).to_have_text("Praktijk De Linde")
        admin.get_by_label("Huisartsenpost").fill("0900-1515")
        admin.get_by_role("button", name="Bewaren").click()
        shot(admin, "admin")
        admin.get_by_role("link", name="Behandelaars").click()
        admin.get_by_label("E-mailadres van de behandelaar").fill("eva@example.org")
        admin.get_by_role("button", name="Stuur uitnodiging").click()
        expect(admin.get_by_text("eva@example.org", exact=True)).to_be_visible()
        shot(admin, "therapists")

    with phone_page(chromium, expected_status=422) as therapist:  # the full group
        create_account(therapist, base, smtp.last_link("eva@example.org"), "Eva de Wit")
        sign_in_with_new_second_step(therapist, base, "eva@example.org")
        therapist.get_by_role("link", name="Nieuwe groep").click()
        therapist.get_by_label("Naam van de groep").fill("Maandaggroep")
        expect(therapist.get_by_label("Eva de Wit")).to_be_checked()
        therapist.get_by_label("Adres (mag leeg)").fill("Lindelaan 2, Utrecht")
        therapist.get_by_label("Maximaal aantal leden").fill("2")
        therapist.get_by_label("vóór een tijd op de laatste werkdag ervoor").check()
        therapist.get_by_label("Tijd op de laatste werkdag", exact=True).fill("16:30")
        shot(therapist, "group-new")
        therapist.get_by_role("button", name="Groep maken").click()
        # Straight on to the group's first series.
        therapist.get_by_label("Eerste bijeenkomst").fill("2026-12-07")
        therapist.get_by_label("Begintijd").fill("16:00")
        therapist.get_by_label("Of: aantal bijeenkomsten").fill("10")
        therapist.get_by_role("button", name="Plan de bijeenkomsten").click()
        expect(therapist.get_by_text("maandag 7 december")).to_be_visible()

        group_url = therapist.url
        for email in ("lid.een@example.org", "lid.twee@example.org", "lid.drie@example.org"):
            therapist.get_by_label("E-mailadres van het nieuwe lid").fill(email)
            therapist.get_by_role("button", name="Stuur uitnodiging").click()
        expect(therapist.get_by_text("De groep is op die datum vol (2 plaatsen)")).to_be_visible()
        expect(therapist.get_by_label("E-mailadres van het nieuwe lid")).to_have_value(
            "lid.drie@example.org"
        )
        shot(therapist, "group-full")
        therapist.get_by_role("link", name="Instellingen en wachtlijst").click()
        therapist.get_by_label("Naam", exact=True).fill("Kim")
        therapist.get_by_label("E-mailadres", exact=True).fill("lid.drie@example.org")
        therapist.get_by_role("button", name="Op de wachtlijst zetten").click()
        expect(therapist.get_by_text("Kim staat op de wachtlijst.")).to_be_visible()

        with phone_page(chromium) as member:
            create_account(member, base, smtp.last_link("lid.een@example.org"), "Sam")
            member.wait_for_url(f"{base}/")
            member.goto(f"{base}/schedule")
            member.get_by_role("link", name=re.compile("maandag 7 december")).first.click()
            deadline = re.compile(r"Afmelden kan tot vrijdag 4 december,? 16:30")
            expect(member.get_by_text(deadline)).to_be_visible()
            shot(member, "member-cut-off")
            expect(member.get_by_text("Kim")).to_have_count(0)

        # Sam leaves after 14 December; the place goes to the next on the waiting list.
        therapist.goto(group_url)
        therapist.get_by_role("link", name=re.compile("^Sam")).click()
        therapist.get_by_label("Lid tot (mag leeg)").fill("2026-12-14")
        therapist.get_by_role("button", name="Bewaren").first.click()
        therapist.get_by_role("link", name="Instellingen en wachtlijst").click()
        expect(
            therapist.get_by_text("De volgende plaats is vrij vanaf 15 december 2026.")
        ).to_be_visible()
        therapist.get_by_role("button", name="Kim uitnodigen").click()
        expect(therapist.get_by_text("Kim is uitgenodigd, vanaf 15 december 2026.")).to_be_visible()
        expect(therapist.get_by_text("Niemand wacht.")).to_be_visible()
        # Kim holds the freed place: no second one frees up.
        expect(therapist.get_by_text("Er komt nog geen plaats vrij")).to_be_visible()
        shot(therapist, "waiting-list")
    assert smtp.last_link("lid.drie@example.org").startswith("/invite/")
