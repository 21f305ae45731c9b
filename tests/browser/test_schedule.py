"""Schedule and attendance in a real browser at phone size, in Dutch: a member sees the
next meeting, cancels and undoes it; the rooster shows what the therapists cancelled;
a therapist reads the register, moves a meeting and cancels another one."""

import re

import pytest
from playwright.sync_api import expect

from server.schedule.models import Attendance
from tests.browser.conftest import screenshot, sign_in
from tests.schedule import conftest as schedule_fixtures
from tests.schedule.conftest import NOW

# The schedule fixtures, made available here (an import of them would trip ruff's F811).
clock = schedule_fixtures.clock
meetings = schedule_fixtures.meetings

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("clock")]

MIN_TOUCH = 44  # px, the smallest comfortable touch target


def sign_out(page, base):
    page.goto(f"{base}/more")
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    page.wait_for_url(f"{base}/login")


def assert_touchable(locator):
    box = locator.bounding_box()
    assert box is not None and box["height"] >= MIN_TOUCH, box


def upcoming_row(page, day: str):
    """The rooster's row (list item) of one upcoming meeting, by its day in words."""
    upcoming = page.get_by_role("region", name="Binnenkort")
    return upcoming.get_by_role("listitem").filter(has_text=day)


def test_a_member_cancels_tomorrow_and_then_comes_after_all(page, live_server, world, meetings):
    sign_in(page, live_server, "a@example.org")

    card = page.get_by_role("region", name="vrijdag 27 november")
    expect(card).to_contain_text("vrijdag 27 november")
    expect(card).to_contain_text("09:30–11:00")
    expect(card).to_contain_text("morgen")
    expect(card.get_by_role("link", name="Kerkstraat 1, Heerlen")).to_be_visible()
    assert_touchable(card.get_by_role("link", name="Ik kan niet komen"))
    screenshot(page, "schedule-member-home")

    card.get_by_role("link", name="vrijdag 27 november").click()
    page.wait_for_url(f"{live_server}/meetings/{meetings[2].id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("vrijdag 27 november 2026")

    page.get_by_role("link", name="Ik kan niet komen").click()
    page.wait_for_url(f"{live_server}/meetings/{meetings[2].id}/cancel")
    expect(page.get_by_role("heading", name="Ik kan niet komen")).to_be_visible()
    reason = page.get_by_label("Reden (mag je leeg laten)")
    expect(reason).to_have_accessible_description(re.compile("Alleen je behandelaars lezen dit"))
    # Tomorrow 09:30 is within the cut-off: the form says so before the member confirms.
    expect(page.get_by_text("De bijeenkomst is snel", exact=False)).to_be_visible()
    reason.fill("Afspraak bij de tandarts")
    screenshot(page, "schedule-member-cancel-form")

    confirm = page.get_by_role("button", name="Meld mij af")
    assert_touchable(confirm)
    confirm.click()
    page.wait_for_url(f"{live_server}/meetings/{meetings[2].id}")
    expect(page.get_by_role("status")).to_contain_text("Je bent afgemeld")
    expect(page.get_by_role("status")).to_contain_text("Dat is wat laat")
    article = page.get_by_role("article")
    expect(article).to_contain_text("Je bent afgemeld · laat")
    expect(article.get_by_role("link", name="Ik kan niet komen")).to_have_count(0)
    screenshot(page, "schedule-member-cancelled")

    undo = page.get_by_role("button", name="Ik kan toch komen")
    assert_touchable(undo)
    undo.click()
    page.wait_for_url(f"{live_server}/meetings/{meetings[2].id}")
    expect(page.get_by_role("status")).to_have_text("Fijn: je komt toch.")
    expect(article).not_to_contain_text("Je bent afgemeld")
    expect(article.get_by_role("link", name="Ik kan niet komen")).to_be_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rooster").click()
    page.wait_for_url(f"{live_server}/schedule")
    expect(page.get_by_role("heading", name="Rooster", level=1)).to_be_visible()
    tomorrow = upcoming_row(page, "vrijdag 27 november")
    expect(tomorrow).to_contain_text("09:30–11:00 · morgen")
    expect(tomorrow).not_to_contain_text("afgemeld")
    screenshot(page, "schedule-member-rooster")


def test_the_rooster_strikes_through_a_meeting_the_therapists_cancelled(
    page, live_server, world, meetings, db
):
    meetings[3].status = "cancelled"
    meetings[3].note = "Wegens ziekte gaat de groep niet door."
    db.merge(meetings[3])
    db.commit()

    sign_in(page, live_server, "a@example.org")
    page.goto(f"{live_server}/schedule")
    row = upcoming_row(page, "vrijdag 4 december")
    expect(row).to_have_class("is-cancelled")
    expect(row).to_contain_text("Gaat niet door")
    expect(row).to_contain_text("Wegens ziekte gaat de groep niet door.")
    struck = row.locator(".day")
    assert "line-through" in struck.evaluate("e => getComputedStyle(e).textDecorationLine")
    # The note itself stays readable: not struck through.
    note = row.get_by_text("Wegens ziekte gaat de groep niet door.")
    assert "line-through" not in note.evaluate("e => getComputedStyle(e).textDecorationLine")
    # The other meetings still take place.
    expect(upcoming_row(page, "vrijdag 27 november")).not_to_have_class("is-cancelled")
    screenshot(page, "schedule-rooster-cancelled")

    row.get_by_role("link").click()
    page.wait_for_url(f"{live_server}/meetings/{meetings[3].id}")
    expect(page.get_by_text("Deze bijeenkomst gaat niet door.")).to_be_visible()
    expect(page.get_by_role("link", name="Ik kan niet komen")).to_have_count(0)


def test_a_therapist_reads_the_register_moves_one_meeting_and_cancels_another(
    page, live_server, world, meetings, db
):
    db.add(
        Attendance(
            meeting_id=meetings[2].id,
            member_id=world.member_a.id,
            status="cancelled",
            reason="Afspraak bij de tandarts",
            cancelled_at=NOW,
            late=True,
        )
    )
    db.commit()

    sign_in(page, live_server, "ta@example.org", lands_on="/therapist/")
    page.get_by_role("link", name="Groep A").click()
    page.wait_for_url(f"{live_server}/therapist/groups/{world.group_a.id}")
    coming = page.get_by_role("region", name="Komende bijeenkomsten")
    coming.get_by_role("link").filter(has_text="vrijdag 27 november").click()
    page.wait_for_url(f"{live_server}/therapist/meetings/{meetings[2].id}")

    register = page.get_by_role("region", name="Presentielijst")
    expect(register).to_contain_text("Verwacht: 0")
    expect(register).to_contain_text("Afgemeld: 1")
    anna = register.get_by_role("listitem").filter(has_text="Anna")
    expect(anna).to_contain_text("Afgemeld · laat")
    expect(anna).to_contain_text("Afspraak bij de tandarts")
    screenshot(page, "schedule-therapist-meeting")

    # Move the meeting after tomorrow to another room.
    page.goto(f"{live_server}/therapist/meetings/{meetings[3].id}")
    change = page.get_by_role("region", name="Wijzig deze bijeenkomst")
    place = change.get_by_label("Plaats", exact=True)
    expect(place).to_have_value("Kerkstraat 1, Heerlen")
    place.fill("Andere zaal 2, Kerkstraat 1, Heerlen")
    change.get_by_role("button", name="Bewaar de wijzigingen").click()
    page.wait_for_url(f"{live_server}/therapist/meetings/{meetings[3].id}")
    expect(page.get_by_role("status")).to_have_text("Bewaard. Leden zien de wijziging meteen.")
    expect(place).to_have_value("Andere zaal 2, Kerkstraat 1, Heerlen")

    # Cancel the one after that: a confirmation step with a message for the members.
    page.goto(f"{live_server}/therapist/meetings/{meetings[4].id}")
    page.get_by_role("link", name="Deze bijeenkomst afzeggen").click()
    page.get_by_label("Bericht voor de leden").fill("Wegens ziekte gaat de groep niet door.")
    page.get_by_role("button", name="Ja, zeg de bijeenkomst af").click()
    page.wait_for_url(f"{live_server}/therapist/meetings/{meetings[4].id}")
    expect(page.get_by_role("status")).to_have_text(
        "De bijeenkomst gaat niet door. Leden zien je bericht."
    )
    expect(page.get_by_text("Deze bijeenkomst gaat niet door.")).to_be_visible()
    expect(
        page.get_by_role("button", name="Ongedaan maken: laat hem toch doorgaan")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Deze bijeenkomst afzeggen")).to_have_count(0)
    screenshot(page, "schedule-therapist-cancelled")

    # The member sees both on the rooster.
    sign_out(page, live_server)
    sign_in(page, live_server, "a@example.org")
    page.goto(f"{live_server}/schedule")
    moved = upcoming_row(page, "vrijdag 4 december")
    expect(moved).to_contain_text("Nieuwe plek")
    expect(moved).not_to_have_class("is-cancelled")
    off = upcoming_row(page, "vrijdag 11 december")
    expect(off).to_have_class("is-cancelled")
    expect(off).to_contain_text("Gaat niet door")
    expect(off).to_contain_text("Wegens ziekte gaat de groep niet door.")
    screenshot(page, "schedule-member-rooster-changed")

    moved.get_by_role("link").click()
    page.wait_for_url(f"{live_server}/meetings/{meetings[3].id}")
    expect(page.get_by_role("article")).to_contain_text("Nieuwe plek")
    expect(page.get_by_role("link", name="Andere zaal 2, Kerkstraat 1, Heerlen")).to_be_visible()
