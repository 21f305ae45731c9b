"""A line break in an online link: refused where it is typed, and a feed that meets one
stored earlier still answers (the link left out) instead of a 500 for every member."""

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from markupsafe import escape

from server.schedule.models import Meeting
from tests.conftest import csrf_token, sign_in
from tests.schedule.test_calendar import events, make_feed

HOSTILE_LINKS = [
    "https://meet.example.org/a\nX:1",  # the audit's link
    "https://meet.example.org/a\r\nX-INJECTED:1",
    "https://meet.example.org/a\rb",
    "https://meet.example.org/\ta",
    "https://meet.example.org/a b",
    "https://meet.example.org/a\x0b",
    "https://meet.example.org/a\x85b",
    "\nhttps://meet.example.org/a",
]
GOOD = "https://meet.example.org/kring?pwd=Ab1-x"
# Any text a database can hold, with the characters that break calendars made common.
NASTY = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\n", "\r", "\t", "\x00", "\x0b", "\x1b", "\x7f", "\x85"]),
    ),
    max_size=40,
)
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


def edit(client, meeting_id: int, link: str):
    path = f"/therapist/meetings/{meeting_id}"
    data = {"day": "2026-12-18", "start_time": "10:00", "end_time": "11:30"}
    data |= {"location": "", "online_link": link, "theme": "", "note": ""}
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


@pytest.fixture
def therapist(app, world, meetings):
    client = app.test_client()
    sign_in(client, "ta@example.org")
    return client


@pytest.fixture
def feed(app, world, meetings):
    member = app.test_client()
    sign_in(member, "a@example.org")
    return make_feed(member)


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_a_link_with_a_line_break_is_refused_next_to_the_field(therapist, meetings, db, link):
    response = edit(therapist, meetings[3].id, link)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Een webadres kan geen spaties of regeleinden bevatten." in page
    assert f'value="{escape(link)}"' in page  # what was typed is kept
    db.rollback()
    assert db.get(Meeting, meetings[3].id).online_link == ""


def test_a_good_link_is_kept_and_in_the_feed(app, therapist, meetings, feed):
    assert edit(therapist, meetings[3].id, GOOD).status_code == 302
    _, found = events(app.test_client(), feed)
    assert GOOD in {str(event.get("url")) for event in found.values()}


@SETTINGS
@given(link=st.one_of(NASTY, NASTY.map(lambda tail: "https://meet.example.org/" + tail)))
def test_whatever_is_typed_as_a_link_the_feed_answers(app, therapist, meetings, db, feed, link):
    response = edit(therapist, meetings[3].id, link)
    assert response.status_code in (302, 422)
    db.rollback()
    stored = db.get(Meeting, meetings[3].id).online_link
    assert not any(c.isspace() or ord(c) < 32 or 127 <= ord(c) < 160 for c in stored)
    events(app.test_client(), feed)  # 200 and a calendar that parses


def store(db, meeting_id: int, **values) -> None:
    db.rollback()
    meeting = db.get(Meeting, meeting_id)
    for name, value in values.items():
        setattr(meeting, name, value)
    db.commit()


def test_a_bad_link_stored_earlier_is_left_out_and_logged(app, db, meetings, feed, caplog):
    store(db, meetings[3].id, location="", online_link="https://meet.example.org/a\nX:1")
    with caplog.at_level(logging.WARNING, logger="server.schedule.calendar"):
        _, found = events(app.test_client(), feed)
    assert len(found) == len(meetings)  # every meeting still there, that one too
    event = found[f"meeting-{meetings[3].id}@localhost"]
    assert "url" not in event and str(event["location"]) == "Online"
    assert f"meeting {meetings[3].id}: url left out" in caplog.text
    assert "meet.example.org" not in caplog.text  # what was typed stays out of the log


@SETTINGS
@given(link=NASTY, location=NASTY)
def test_whatever_is_stored_the_feed_answers(app, db, meetings, feed, link, location):
    store(db, meetings[2].id, online_link="https://x.example/" + link, location="")
    store(db, meetings[3].id, online_link="", location=location or "x")
    response = app.test_client().get(feed)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.get_data())
    assert len(calendar.walk("VEVENT")) == len(meetings)
