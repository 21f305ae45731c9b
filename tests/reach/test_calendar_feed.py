"""The calendar in one tap: a webcal link, a copy button, truthful words, the member's
own cancellation in her feed, and the choice to leave the place out. Every feed is read
by two real parsers: the icalendar package and Mozilla's ical.js."""

import re
from datetime import timedelta

from icalendar import Calendar

from tests.conftest import csrf_token, sign_in
from tests.reach import icaljs
from tests.schedule.conftest import TOMORROW_0930


def make_feed(client, **choices) -> tuple[str, str]:
    page = client.post(
        "/calendar", data={"csrf_token": csrf_token(client, "/calendar"), **choices}
    ).get_data(as_text=True)
    link = re.search(r'id="feed-link" type="url" value="http://localhost(/calendar/[^"]+)"', page)
    assert link, page
    return link.group(1), page


def both_parsers(client, path) -> tuple[dict, dict]:
    """The events by meeting id, as icalendar and as ical.js read them."""
    feed = client.get(path).get_data()
    python = {
        int(str(e["uid"]).split("@")[0].removeprefix("meeting-")): e
        for e in Calendar.from_ical(feed).walk("VEVENT")
    }
    js = {int(e["uid"].split("@")[0].removeprefix("meeting-")): e for e in icaljs.parse(feed)}
    assert python.keys() == js.keys()
    return python, js


def test_the_page_offers_webcal_a_copy_button_and_steps_for_google(client, world, meetings):
    sign_in(client, "a@example.org")
    path, page = make_feed(client)
    assert f'href="webcal://localhost{path}"' in page
    assert f'data-copy data-share-url="http://localhost{path}" data-done="Gekopieerd"' in page
    assert "Google Agenda op Android" in page and "Via URL" in page
    # Truthful: the entries hold the place, and she can leave it out.
    assert "het adres of de online link" in page
    assert "alleen &#34;Kring&#34; en de naam" not in page


def test_her_own_cancellation_shows_in_her_feed_and_goes_away_after_undo(
    app, client, world, meetings
):
    sign_in(client, "a@example.org")
    path, _ = make_feed(client)
    later = meetings[3].id
    cancel = f"/meetings/{later}/cancel"
    client.post(cancel, data={"csrf_token": csrf_token(client, cancel)})
    calendar_app = app.test_client()  # a calendar app has no session

    python, js = both_parsers(calendar_app, path)
    assert str(python[later]["summary"]) == js[later]["summary"] == "Kring – Groep A (afgemeld)"
    # The group does meet: her calendar shows the time as free, not the meeting as off.
    assert str(python[later]["status"]) == js[later]["status"] == "CONFIRMED"
    assert str(python[later]["transp"]) == js[later]["transp"] == "TRANSPARENT"
    others = [m.id for m in meetings if m.id != later]
    assert all(js[m]["summary"] == "Kring – Groep A" for m in others)

    undo = f"/meetings/{later}/undo"
    client.post(undo, data={"csrf_token": csrf_token(client, f"/meetings/{later}")})
    python, js = both_parsers(calendar_app, path)
    assert str(python[later]["summary"]) == js[later]["summary"] == "Kring – Groep A"
    assert "transp" not in python[later] and js[later]["transp"] is None


def test_the_feed_speaks_her_language(app, client, world, meetings, db):
    world.member_a.locale = "en"
    db.merge(world.member_a)
    db.commit()
    sign_in(client, "a@example.org")
    path, _ = make_feed(client)
    later = meetings[3].id
    cancel = f"/meetings/{later}/cancel"
    client.post(cancel, data={"csrf_token": csrf_token(client, cancel)})
    _, js = both_parsers(app.test_client(), path)
    assert js[later]["summary"] == "Kring – Groep A (cancelled by you)"


def test_she_can_leave_the_address_and_the_online_link_out(app, client, world, factory, db):
    online = factory.meeting(
        world.group_a,
        TOMORROW_0930,
        location="",
        online_link="https://meet.example.org/abc",
    )
    at_the_practice = factory.meeting(world.group_a, TOMORROW_0930 + timedelta(weeks=1))
    db.commit()
    sign_in(client, "a@example.org")
    path, _ = make_feed(client)
    calendar_app = app.test_client()
    python, js = both_parsers(calendar_app, path)
    assert js[online.id]["location"] == "Online"
    assert js[online.id]["url"] == "https://meet.example.org/abc"
    assert str(python[at_the_practice.id]["location"]) == "Kerkstraat 1, Heerlen"

    token = csrf_token(client, "/calendar")
    client.post("/calendar/place", data={"csrf_token": token, "leave_out_place": "y"})
    python, js = both_parsers(calendar_app, path)
    for meeting_id in (online.id, at_the_practice.id):
        assert "location" not in python[meeting_id] and "url" not in python[meeting_id]
        assert js[meeting_id]["location"] is None and js[meeting_id]["url"] is None
    assert "Kerkstraat" not in calendar_app.get(path).get_data(as_text=True)
    # The page remembers her choice, and a new link keeps it.
    assert "checked" in client.get("/calendar").get_data(as_text=True)
    new_path, _ = make_feed(client)
    assert "Kerkstraat" not in calendar_app.get(new_path).get_data(as_text=True)


def test_the_first_link_can_leave_the_place_out_from_the_start(app, client, world, meetings):
    sign_in(client, "a@example.org")
    path, _ = make_feed(client, leave_out_place="y")
    python, _ = both_parsers(app.test_client(), path)
    assert not any("location" in event for event in python.values())
