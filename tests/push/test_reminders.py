"""The reminder job: what is due, for whom, in whose language, how discreet, once."""

from datetime import UTC, date, datetime, timedelta

import pytest

from server.homework.models import Assignment, Reflection
from server.push.models import MEETING_REMINDER, SENT
from server.push.preferences import Preferences, save_preferences
from server.schedule import services as schedule
from server.schedule.models import CANCELLED
from tests.push.conftest import NOW, TOMORROW_0930, log_rows, send, subscribe

# Words a lock screen must never show (DESIGN.md, "Discreet").
FORBIDDEN = ("therap", "psych", "behandel", "ggz", "patiënt", "patient", "diagnos")


def local(year, month, day, hour, minute=0) -> datetime:
    """A Dutch wall-clock time in November (CET, UTC+1), as UTC."""
    return datetime(year, month, day, hour - 1, minute, tzinfo=UTC)


@pytest.fixture
def meeting(frozen, world, factory, db):
    made = factory.meeting(world.group_a, TOMORROW_0930)
    db.commit()
    return made


@pytest.fixture
def phone(world, db, push_service):
    subscriber = push_service.subscriber("anna-phone")
    subscribe(db, world.member_a, subscriber)
    return subscriber


def test_the_reminder_arrives_once_with_the_payload_contract(
    app, db, world, meeting, phone, push_service
):
    first, second = send(app, db), send(app, db)
    assert (first.due, first.sent) == (1, 1)
    assert (second.due, second.sent) == (0, 0)
    [payload] = push_service.delivered("anna-phone")
    assert payload == {
        "title": "Kring",
        "body": payload["body"],
        "url": f"/meetings/{meeting.id}",
        "tag": f"meeting-{meeting.id}",
    }
    assert "Groep A" in payload["body"] and "09:30" in payload["body"]
    [row] = log_rows(db)
    assert (row.user_id, row.kind, row.status) == (world.member_a.id, MEETING_REMINDER, SENT)
    assert row.sent_at == NOW


def test_an_english_member_reads_english(app, db, world, meeting, phone, push_service):
    world.member_a.locale = "en"
    db.commit()
    send(app, db)
    assert push_service.delivered("anna-phone")[0]["body"] == "Groep A: tomorrow at 09:30"


def test_the_reminder_comes_the_day_before_at_the_meetings_own_time(
    app, db, meeting, phone, push_service
):
    assert send(app, db, local(2026, 11, 26, 9, 29)).sent == 0
    assert send(app, db, local(2026, 11, 26, 9, 30)).sent == 1


def test_sent_late_it_says_today(app, db, world, meeting, phone, push_service):
    world.member_a.locale = "en"
    db.commit()
    send(app, db, local(2026, 11, 27, 8, 15))
    assert push_service.delivered("anna-phone")[0]["body"] == "Groep A: today at 09:30"


def test_an_online_meeting_says_online(app, db, world, meeting, phone, push_service):
    world.member_a.locale = "en"
    meeting.location, meeting.online_link = "", "https://meet.example.org/a"
    db.commit()
    send(app, db)
    assert push_service.delivered("anna-phone")[0]["body"] == "Groep A: tomorrow at 09:30, online"


def test_two_hours_before_only_when_she_chose_it(app, db, world, meeting, phone, push_service):
    at_0731 = local(2026, 11, 27, 8, 31)  # after the quiet hours, two hours before
    send(app, db)  # the day before: one reminder
    assert send(app, db, at_0731).sent == 0
    save_preferences(db, world.member_a, Preferences(meeting_soon=True))
    db.commit()
    assert send(app, db, local(2026, 11, 27, 7, 29)).sent == 0
    assert send(app, db, at_0731).sent == 1
    assert len(push_service.delivered("anna-phone")) == 2


def test_nothing_she_switched_off(app, db, world, meeting, phone, push_service):
    save_preferences(db, world.member_a, Preferences(meeting_reminder=False))
    db.commit()
    assert send(app, db).sent == 0
    assert log_rows(db) == []


def test_no_nudge_after_she_said_she_cannot_come(app, db, world, meeting, phone, push_service):
    schedule.cancel_attendance(db, world.member_a, meeting, "", NOW - timedelta(hours=1))
    db.commit()
    assert send(app, db).sent == 0


def test_no_reminder_of_a_cancelled_meeting(app, db, meeting, phone, push_service):
    meeting.status = CANCELLED
    db.commit()
    assert send(app, db).sent == 0


def test_a_moved_meeting_is_reminded_of_at_its_new_time(
    app, db, world, meeting, phone, push_service
):
    send(app, db)
    meeting.starts_at += timedelta(days=1)
    meeting.ends_at += timedelta(days=1)
    db.commit()
    assert send(app, db, NOW + timedelta(hours=12)).sent == 0  # not due yet
    assert send(app, db, NOW + timedelta(days=1)).sent == 1
    bodies = [p["body"] for p in push_service.delivered("anna-phone")]
    assert len(bodies) == 2


def test_only_members_with_a_device_and_an_active_account(app, db, world, factory, meeting):
    factory.member(world.group_a, email="zonder@example.org")  # no device: no row at all
    db.commit()
    assert send(app, db).due == 0
    assert log_rows(db) == []


def test_a_member_who_has_left_is_not_reminded(app, db, world, meeting, phone, push_service):
    membership = world.member_a  # her only group is A
    from server.groups.models import Membership

    row = db.query(Membership).filter_by(member_id=membership.id).one()
    row.left_on = date(2026, 11, 26)
    db.commit()
    assert send(app, db).sent == 0


def test_the_reflection_reminder_comes_the_evening_before_if_not_written(
    app, db, world, factory, meeting, phone, push_service
):
    bart = factory.member(world.group_a, email="bart2@example.org")
    for member in (world.member_a, bart):
        save_preferences(db, member, Preferences(meeting_reminder=False))
    bart_phone = push_service.subscriber("bart-phone")
    subscribe(db, bart, bart_phone)
    work = {}
    for member in (world.member_a, bart):
        work[member.id] = Assignment(
            group_id=world.group_a.id,
            member_id=member.id,
            set_by_id=world.therapist_a.id,
            title="Zeg één keer nee tegen je moeder",
            due_meeting_id=meeting.id,
        )
        db.add(work[member.id])
    db.flush()
    db.add(Reflection(assignment_id=work[bart.id].id, member_id=bart.id, tried="Gedaan"))
    db.commit()
    assert send(app, db, local(2026, 11, 26, 18, 59)).sent == 0
    assert send(app, db, local(2026, 11, 26, 19, 0)).sent == 1
    [payload] = push_service.delivered("anna-phone")
    assert payload["url"] == f"/homework/{work[world.member_a.id].id}"
    assert payload["tag"] == f"reflection-{meeting.id}"
    assert "nee" not in payload["body"]  # never the assignment's own words
    assert push_service.delivered("bart-phone") == []  # he has written already


def test_texts_are_discreet_in_both_languages(app, db, world, factory, meeting, push_service):
    english = factory.member(world.group_a, email="en@example.org")
    english.locale = "en"
    for member, name in ((world.member_a, "nl"), (english, "en")):
        subscribe(db, member, push_service.subscriber(name))
    db.commit()
    send(app, db)
    payloads = push_service.delivered()
    assert len(payloads) == 2
    for payload in payloads:
        text = " ".join(payload.values()).lower()
        assert not any(word in text for word in FORBIDDEN), text
        assert len(payload["body"]) < 120
