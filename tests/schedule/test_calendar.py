import re
from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from server.schedule import services
from server.schedule.models import CalendarFeed, Meeting
from tests.conftest import csrf_token, sign_in
from tests.schedule.conftest import TOMORROW_0930


def make_feed(client) -> str:
    page = client.post("/calendar", data={"csrf_token": csrf_token(client, "/calendar")})
    match = re.search(
        r'value="http://localhost(/calendar/[^"]+\.ics)"', page.get_data(as_text=True)
    )
    assert match
    return match.group(1)


def events(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    return response, {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_private_feed_is_discreet_and_in_the_right_zone(app, world, meetings, db):
    member = app.test_client()
    sign_in(member, "a@example.org")
    path = make_feed(member)
    meetings[4].status = "cancelled"
    db.merge(meetings[4])
    db.commit()

    response, found = events(app.test_client(), path)  # a calendar app has no session
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert len(found) == len(meetings)
    body = response.get_data(as_text=True).lower()
    assert "therapie" not in body and "psych" not in body
    tomorrow = next(e for e in found.values() if e.decoded("dtstart").day == 27)
    assert str(tomorrow["summary"]) == "Kring – Groep A"
    start = tomorrow.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Amsterdam" and (start.hour, start.minute) == (9, 30)
    assert "TZID:Europe/Amsterdam" in response.get_data(as_text=True)
    statuses = sorted(str(e["status"]) for e in found.values())
    assert statuses.count("CANCELLED") == 1


def test_uids_are_stable_and_sequence_rises_on_a_change(app, world, meetings, db):
    member = app.test_client()
    sign_in(member, "a@example.org")
    path = make_feed(member)
    _, before = events(member, path)
    with app.app_context():
        meeting = db.get(Meeting, meetings[3].id)
        services.update_meeting(
            db,
            meeting,
            world.therapist_a,
            starts_at=meeting.starts_at + timedelta(hours=1),
            ends_at=meeting.ends_at + timedelta(hours=1),
        )
        db.commit()
    _, after = events(member, path)
    assert before.keys() == after.keys()
    uid = next(u for u in after if u.startswith(f"meeting-{meetings[3].id}@"))
    assert int(after[uid]["sequence"]) == int(before[uid]["sequence"]) + 1


def test_a_new_link_revokes_the_old_one_and_only_its_hash_is_stored(app, world, meetings, db):
    member = app.test_client()
    sign_in(member, "a@example.org")
    old = make_feed(member)
    new = make_feed(member)
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get(new).status_code == 200
    token = new.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43
    db.rollback()
    assert token not in db.scalar(select(CalendarFeed.token_hash))


def test_stopping_the_feed(app, world, meetings):
    member = app.test_client()
    sign_in(member, "a@example.org")
    path = make_feed(member)
    member.post("/calendar/stop", data={"csrf_token": csrf_token(member, "/calendar")})
    assert app.test_client().get(path).status_code == 404


def test_the_feed_holds_only_the_members_own_meetings(app, world, meetings, factory, db):
    other = factory.meeting(world.group_b, TOMORROW_0930)
    db.commit()
    member = app.test_client()
    sign_in(member, "a@example.org")
    _, found = events(member, make_feed(member))
    assert not any(u.startswith(f"meeting-{other.id}@") for u in found)


def test_one_meeting_as_an_ics_file(client, world, meetings):
    sign_in(client, "a@example.org")
    response, found = events(client, f"/meetings/{meetings[2].id}/calendar.ics")
    assert "attachment" in response.headers["Content-Disposition"]
    assert len(found) == 1
