"""Notices "at once" through the outbox: a therapist changes or cancels a meeting, or
gives an assignment; the member's phone gets a word right after the commit."""

import time
from datetime import timedelta

import pytest

from server.homework import services as homework
from server.push import outbox
from server.push.models import MEETING_CHANGED, NEW_HOMEWORK, PENDING, SENT, SKIPPED
from server.push.preferences import Preferences, save_preferences
from server.schedule import services as schedule
from tests.conftest import csrf_token, sign_in
from tests.push.conftest import TOMORROW_0930, log_rows, send, subscribe
from tests.push.pushservice import HANG

NEXT_WEEK = TOMORROW_0930 + timedelta(weeks=1)


@pytest.fixture
def meeting(frozen, world, factory, db, push_service):
    subscribe(db, world.member_a, push_service.subscriber("anna"))
    made = factory.meeting(world.group_a, NEXT_WEEK)
    db.commit()
    return made


@pytest.fixture
def therapist(app, world):
    client = app.test_client()
    sign_in(client, "ta@example.org")
    return client


def test_a_cancellation_reaches_her_phone_right_after_the_commit(
    app, db, world, meeting, therapist, push_service
):
    page = f"/therapist/meetings/{meeting.id}"
    response = therapist.post(
        f"{page}/cancel", data={"csrf_token": csrf_token(therapist, page), "message": "Ziek"}
    )
    assert response.status_code == 302
    outbox.wait_until_sent()
    [payload] = push_service.delivered("anna")
    # Dutch by default: the day is in the member's language, the message stays private.
    assert "vrijdag 4 december" in payload["body"] and "Ziek" not in payload["body"]
    assert payload["url"] == f"/meetings/{meeting.id}"
    [row] = log_rows(db)
    assert (row.kind, row.status) == (MEETING_CHANGED, SENT)


def test_in_her_own_language(app, db, world, meeting, push_service):
    world.member_a.locale = "en"
    db.commit()
    with app.app_context():
        schedule.cancel_meeting(db, meeting, world.therapist_a, "")
        db.commit()
    outbox.wait_until_sent()
    [payload] = push_service.delivered("anna")
    assert payload["body"] == "Groep A on Friday 4 December does not take place."


def test_a_new_time_is_a_notice_but_a_new_theme_is_not(app, db, world, meeting, push_service):
    with app.app_context():
        schedule.update_meeting(db, meeting, world.therapist_a, theme="Grenzen")
        db.commit()
        schedule.update_meeting(
            db,
            meeting,
            world.therapist_a,
            starts_at=meeting.starts_at + timedelta(hours=1),
            ends_at=meeting.ends_at + timedelta(hours=1),
        )
        db.commit()
        schedule.update_meeting(db, meeting, world.therapist_a, note="Neem je schrift mee")
        db.commit()
    outbox.wait_until_sent()
    [payload] = push_service.delivered("anna")
    assert "10:30" in payload["body"]
    assert payload["tag"] == f"meeting-{meeting.id}"


def test_cancelled_and_on_again_each_say_so(app, db, world, meeting, push_service):
    world.member_a.locale = "en"
    db.commit()
    with app.app_context():
        schedule.cancel_meeting(db, meeting, world.therapist_a, "")
        db.commit()
        outbox.wait_until_sent()
        schedule.restore_meeting(db, meeting, world.therapist_a)
        db.commit()
    outbox.wait_until_sent()
    bodies = [p["body"] for p in push_service.delivered("anna")]
    assert bodies == [
        "Groep A on Friday 4 December does not take place.",
        "Groep A on Friday 4 December takes place after all.",
    ]


def test_a_waiting_notice_is_replaced_by_a_newer_one(
    app, db, world, meeting, push_service, time_machine
):
    """Cancelled and restored in the night: in the morning only the news that is true."""
    time_machine.move_to(TOMORROW_0930 - timedelta(hours=10), tick=False)  # 23:30
    with app.app_context():
        schedule.cancel_meeting(db, meeting, world.therapist_a, "")
        db.commit()
        schedule.restore_meeting(db, meeting, world.therapist_a)
        db.commit()
    outbox.wait_until_sent()
    assert push_service.delivered("anna") == []
    assert sorted(row.status for row in log_rows(db)) == [PENDING, SKIPPED]
    send(app, db, TOMORROW_0930 - timedelta(minutes=30))
    [payload] = push_service.delivered("anna")
    assert "after all" in payload["body"] or "toch" in payload["body"]


def test_a_rolled_back_change_leaves_no_notice(app, db, world, meeting, push_service):
    with app.app_context():
        schedule.cancel_meeting(db, meeting, world.therapist_a, "")
        db.rollback()
    outbox.wait_until_sent()
    assert log_rows(db) == [] and push_service.delivered() == []


def test_nothing_is_lost_when_the_background_send_never_ran(app, db, world, meeting, push_service):
    app.config["PUSH_SEND_AT_ONCE"] = False  # as if the web process stopped at once
    with app.app_context():
        schedule.cancel_meeting(db, meeting, world.therapist_a, "")
        db.commit()
    outbox.wait_until_sent()
    assert push_service.delivered() == []
    assert send(app, db).sent == 1
    assert len(push_service.delivered("anna")) == 1


def test_the_therapists_page_does_not_wait_for_push_services(
    app, db, world, meeting, therapist, push_service
):
    push_service.script("anna", HANG)
    page = f"/therapist/meetings/{meeting.id}"
    token = csrf_token(therapist, page)
    started = time.monotonic()
    response = therapist.post(f"{page}/cancel", data={"csrf_token": token, "message": "Ziek"})
    assert response.status_code == 302
    assert time.monotonic() - started < 2.5  # the push service hangs until released
    push_service.released.set()
    outbox.wait_until_sent()
    assert push_service.attempts("anna") == 1


def test_a_new_assignment_is_announced_without_its_title(
    app, db, world, meeting, therapist, push_service
):
    subscribe(db, world.member_b, push_service.subscriber("bart"))
    page = f"/therapist/groups/{world.group_a.id}/homework"
    response = therapist.post(
        page,
        data={
            "csrf_token": csrf_token(therapist, page),
            "recipient": "0",
            "title": "Zeg één keer nee tegen je moeder",
            "instructions": "",
            "due_meeting": str(meeting.id),
        },
    )
    assert response.status_code == 302
    outbox.wait_until_sent()
    [payload] = push_service.delivered("anna")
    assert payload["url"].startswith("/homework/")
    assert "nee" not in payload["body"] and "moeder" not in payload["body"]
    assert push_service.delivered("bart") == []  # another group
    [row] = [r for r in log_rows(db) if r.kind == NEW_HOMEWORK]
    assert row.status == SENT


def test_switched_off_kinds_are_not_queued(app, db, world, meeting, push_service):
    save_preferences(db, world.member_a, Preferences(meeting_changed=False, new_homework=False))
    db.commit()
    with app.app_context():
        schedule.cancel_meeting(db, meeting, world.therapist_a, "")
        homework.assign(db, world.therapist_a, world.group_a, [world.member_a], "x", "", None)
        db.commit()
    outbox.wait_until_sent()
    assert log_rows(db) == []
