"""Issue 19's "done when", in Chromium at phone size with the demo data: the cut-off
before cancelling, a late cancellation as overmacht in the therapist's register, the
calendar's webcal link and copy button, and the e-mail a member without a push device
gets when the therapist cancels Thursday's meeting, with its one-click stop."""

from datetime import UTC, date, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from server import demo
from server.groups.models import Group
from server.push import outbox
from server.push.models import EMAIL_NEVER, NotificationPreference
from server.schedule.models import Meeting
from tests.browser.conftest import phone_page, screenshot, sign_in

# Wednesday 2 December 2026, 13:00 in Heerlen: the Donderdaggroep meets tomorrow at 10:00,
# so cancelling for tomorrow is late (24 hours) and for next week still on time.
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.browser


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def thursdays(app, db, smtp):
    """The demo data; the Donderdaggroep's meetings of tomorrow and next week."""
    demo.load(db, date(2026, 12, 2))
    db.commit()
    group = db.scalar(select(Group).where(Group.name == "Donderdaggroep"))
    upcoming = db.scalars(
        select(Meeting)
        .where(Meeting.group_id == group.id, Meeting.starts_at > NOW)
        .order_by(Meeting.starts_at)
        .limit(2)
    ).all()
    return upcoming


def shot(page, name: str) -> None:
    # In tests/artifacts, so a test run leaves the tree clean; docs/screenshots/reach-*.png
    # are copies of these, looked at.
    screenshot(page, f"reach-{name}")


def test_every_member_is_reached(chromium, live_server, app, db, smtp, thursdays, monkeypatch):
    tomorrow, next_week = thursdays
    monkeypatch.setattr("tests.conftest.PASSWORD", demo.DEMO_PASSWORD)  # sign_in's password
    app.config["BASE_URL"] = live_server  # the address in links of calendars and e-mails
    with phone_page(chromium, expected_status=422) as member:  # overmacht without words
        sign_in(member, live_server, demo.DEMO_MEMBER)

        # The cut-off before the tap: next week on time, tomorrow late.
        member.goto(f"{live_server}/meetings/{next_week.id}")
        expect(member.get_by_text("Afmelden kan tot woensdag 9 december 10:00.")).to_be_visible()
        member.goto(f"{live_server}/meetings/{tomorrow.id}")
        expect(member.get_by_text("Op tijd afmelden kon tot woensdag 10:00.")).to_be_visible()
        member.get_by_role("link", name="Ik kan niet komen").click()
        expect(member.get_by_text("Op tijd afmelden kon tot woensdag 10:00.")).to_be_visible()
        member.get_by_label("Het is overmacht").check()
        member.get_by_role("button", name="Meld mij af").click()
        # Overmacht needs a few words: told next to the field, the tick kept.
        expect(member.get_by_text("Schrijf in een paar woorden wat er is gebeurd.")).to_be_visible()
        expect(member.get_by_label("Het is overmacht")).to_be_checked()
        member.get_by_label("Reden (mag je leeg laten)").fill("Koorts sinds vannacht")
        shot(member, "late-cancel")
        member.get_by_role("button", name="Meld mij af").click()
        expect(member.get_by_role("status")).to_contain_text("overmacht")

        # The calendar in one tap.
        member.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
        member.goto(f"{live_server}/calendar")
        member.get_by_role("button", name="Maak mijn agenda-link").click()
        subscribe = member.get_by_role("link", name="Zet in mijn agenda")
        webcal = subscribe.get_attribute("href")
        assert webcal.startswith("webcal://127.0.0.1:") and webcal.endswith(".ics")
        feed_url = "http://" + webcal.removeprefix("webcal://")
        expect(member.get_by_label("Of kopieer de link:")).to_have_value(feed_url)
        copy = member.get_by_role("button", name="Kopiëren")
        copy.click()
        expect(member.get_by_role("button", name="Gekopieerd")).to_be_visible()
        assert member.evaluate("navigator.clipboard.readText()") == feed_url
        member.get_by_text("Google Agenda op Android").click()
        expect(member.get_by_text("Via URL", exact=False)).to_be_visible()
        shot(member, "calendar")
        assert Axe().run(member).response["violations"] == []  # the page with its link
        feed = Calendar.from_ical(member.request.get(feed_url).body())
        titles = {str(e["uid"]): str(e["summary"]) for e in feed.walk("VEVENT")}
        assert "Kring – Donderdaggroep (afgemeld)" in titles.values()

    # The therapist sees the overmacht, then cancels tomorrow's meeting.
    with phone_page(chromium) as therapist:
        sign_in(therapist, live_server, demo.DEMO_THERAPIST, lands_on=None)
        therapist.goto(f"{live_server}/therapist/meetings/{tomorrow.id}")
        sanne = therapist.get_by_role("listitem").filter(has_text="Sanne")
        expect(sanne).to_contain_text("Afgemeld · laat · overmacht")
        expect(sanne).to_contain_text("Koorts sinds vannacht")
        shot(therapist, "register")
        # Cancelling is a step of its own, with a confirmation (#17).
        therapist.get_by_role("link", name="Deze bijeenkomst afzeggen").click()
        therapist.get_by_label("Bericht voor de leden", exact=True).fill(
            "Wegens ziekte geen groep."
        )
        therapist.get_by_role("button", name="Ja, zeg de bijeenkomst af").click()
        expect(therapist.get_by_role("status")).to_be_visible()
    outbox.wait_until_sent()

    # Sanne has no push device: the notice came by e-mail, discreet.
    mails = {m["To"]: m for m in smtp.messages}
    message = mails[demo.DEMO_MEMBER]
    assert message["Subject"] == "Kring: je groep van donderdag gaat niet door"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_content()
    assert "Donderdaggroep op donderdag 3 december gaat niet door." in text
    assert "therapie" not in text.lower() and "psych" not in text.lower()
    assert len(mails) == 7  # each member of the group, once

    # One click from a mail program: a bare POST to the header's link.
    other = next(address for address in mails if address != demo.DEMO_MEMBER)
    header_link = mails[other]["List-Unsubscribe"].strip("<>")
    context = chromium.new_context()
    assert context.request.post(header_link, form={"List-Unsubscribe": "One-Click"}).ok
    context.close()

    # And from the link in the text: one click on the page it opens.
    stop_link = message["List-Unsubscribe"].strip("<>")
    assert stop_link in text
    with phone_page(chromium) as reader:
        reader.goto(stop_link)
        reader.get_by_role("button", name="Stop deze e-mails").click()
        expect(reader.get_by_role("heading", name="Gestopt")).to_be_visible()
        shot(reader, "email-stopped")
    db.rollback()
    stopped = db.scalars(select(NotificationPreference)).all()
    assert sum(p.meeting_changed_email == EMAIL_NEVER for p in stopped) == 2
