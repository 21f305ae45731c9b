"""The foundation in a real browser at phone size: sign in, the shell, the language,
sign out. Console errors (CSP violations among them) fail every test here."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in, submit

pytestmark = pytest.mark.browser


def test_a_member_signs_in_and_sees_the_shell(page, live_server, world):
    sign_in(page, live_server, "a@example.org")
    page.wait_for_url(f"{live_server}/")
    assert page.get_by_role("heading", name="Hoi Anna").is_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Home").get_attribute("aria-current") == "page"
    # Features that do not exist yet are hidden, not dead links.
    assert menu.get_by_role("link").count() == len(
        [
            t
            for t in ("Home", "Rooster", "Huiswerk", "Plan", "Meer")
            if menu.get_by_role("link", name=t).count()
        ]
    )
    box = menu.get_by_role("link", name="Meer").bounding_box()
    assert box["height"] >= 44
    screenshot(page, "member-home")


def test_a_wrong_password_shows_the_message_next_to_the_field(page, live_server, world):
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill("a@example.org")
    page.get_by_label("Wachtwoord").fill("not the right one")
    page.get_by_role("button", name="Inloggen").click()
    error = page.locator("#password-error")
    assert error.inner_text() == "Dit e-mailadres en wachtwoord horen niet bij elkaar."
    assert page.get_by_label("E-mailadres").input_value() == "a@example.org"
    assert page.get_by_label("Wachtwoord").get_attribute("aria-describedby") == "password-error"
    screenshot(page, "login-error")


def test_switching_to_english_and_signing_out(page, live_server, world):
    sign_in(page, live_server, "a@example.org")
    page.get_by_role("link", name="Meer").click()
    submit(page, "English")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="More", exact=True).is_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/login")
    page.goto(f"{live_server}/")
    assert page.url == f"{live_server}/login"


def test_the_therapist_area_at_phone_size(page, live_server, world):
    sign_in(page, live_server, "ta@example.org", lands_on="/therapist/")
    page.wait_for_url(f"{live_server}/therapist/")
    page.get_by_role("link", name="Groep A").click()
    # A waiting check: the group page may still be loading right after the click.
    expect(page.get_by_role("heading", name="Nodig een lid uit")).to_be_visible()
    screenshot(page, "therapist-group")
