"""E-mail as the second channel: a member whose phone gets no push still hears that
her group does not take place. Through a real SMTP server (aiosmtpd)."""

import socket
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from server.push import ledger, outbox, services
from server.push.models import (
    EMAIL,
    EMAIL_ALWAYS,
    EMAIL_NEVER,
    FAILED,
    PENDING,
    PUSH,
    SENT,
    NotificationLog,
    NotificationPreference,
    PushSubscription,
)
from server.schedule import services as schedule
from tests.conftest import csrf_token, sign_in
from tests.schedule.conftest import TOMORROW_0930

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # a Monday
THURSDAY = TOMORROW_0930 + timedelta(days=6)  # Thursday 3 December, 09:30


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def thursday(world, factory, db):
    made = factory.meeting(world.group_a, THURSDAY)
    db.commit()
    return made


def therapist_cancels(app, meeting) -> None:
    therapist = app.test_client()
    sign_in(therapist, "ta@example.org")
    page = f"/therapist/meetings/{meeting.id}"
    response = therapist.post(
        f"{page}/cancel", data={"csrf_token": csrf_token(therapist, page), "message": "Ziek"}
    )
    assert response.status_code == 302
    outbox.wait_until_sent()


def log_rows(db) -> list[NotificationLog]:
    db.rollback()
    return list(db.scalars(select(NotificationLog).order_by(NotificationLog.id)))


def test_without_a_device_the_cancellation_comes_by_email(app, db, world, thursday, smtp):
    therapist_cancels(app, thursday)
    [message] = smtp.messages
    assert message["To"] == "a@example.org"
    assert message["Subject"] == "Kring: je groep van donderdag gaat niet door"
    body = message.get_content()
    assert "Hoi Anna," in body
    assert "Groep A op donderdag 3 december gaat niet door." in body
    assert f"http://localhost/meetings/{thursday.id}" in body
    assert "Ziek" not in body  # the therapists' message stays in the app
    everything = (message.as_string() + body).lower()
    assert "therapie" not in everything and "psych" not in everything
    stop = message["List-Unsubscribe"]
    assert stop.startswith("<http://localhost/email/stop/") and stop.endswith(">")
    assert stop[1:-1] in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [row] = log_rows(db)
    assert (row.channel, row.status) == (EMAIL, SENT)


def test_in_her_own_language(app, db, world, thursday, smtp):
    world.member_a.locale = "en"
    db.merge(world.member_a)
    db.commit()
    therapist_cancels(app, thursday)
    [message] = smtp.messages
    assert message["Subject"] == "Kring: your group on Thursday does not take place"
    assert "Hello Anna," in message.get_content()


def test_one_click_stops_these_emails_without_signing_in(app, db, world, thursday, smtp):
    therapist_cancels(app, thursday)
    stop = smtp.messages[0]["List-Unsubscribe"][1:-1].removeprefix("http://localhost")
    mail_program = app.test_client()  # no session, no CSRF token: RFC 8058's POST
    assert mail_program.get(stop).status_code == 200  # a link scanner changes nothing
    db.rollback()
    assert db.get(NotificationPreference, world.member_a.id) is None
    done = mail_program.post(stop, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "Vanaf nu krijg je geen e-mails als een bijeenkomst verandert" in done.get_data(
        as_text=True
    )
    db.rollback()
    assert db.get(NotificationPreference, world.member_a.id).meeting_changed_email == EMAIL_NEVER

    with app.app_context():
        schedule.restore_meeting(db, db.merge(thursday), world.therapist_a)
        db.commit()
    outbox.wait_until_sent()
    assert len(smtp.messages) == 1  # nothing more by e-mail


def test_a_forged_or_changed_stop_link_is_refused(app, world):
    client = app.test_client()
    assert client.get("/email/stop/not-a-token").status_code == 404
    assert client.post("/email/stop/WzEsIm1lZXRpbmdfY2hhbmdlZCJd.forged").status_code == 404


def test_with_a_device_it_goes_by_push_and_email_only_when_she_asks(app, db, world, thursday):
    app.config["PUSH_SEND_AT_ONCE"] = False  # only what is queued matters here
    db.add(
        PushSubscription(
            user_id=world.member_a.id, endpoint="https://push.example.org/a", p256dh="x", auth="y"
        )
    )
    db.commit()
    with app.app_context():
        schedule.cancel_meeting(db, db.merge(thursday), world.therapist_a, "")
        db.commit()
    assert [r.channel for r in log_rows(db)] == [PUSH]

    db.add(NotificationPreference(user_id=world.member_a.id, meeting_changed_email=EMAIL_ALWAYS))
    db.commit()
    with app.app_context():
        schedule.restore_meeting(db, db.merge(thursday), world.therapist_a)
        db.commit()
    restored = [r.channel for r in log_rows(db) if ":restored:" in r.subject]
    assert sorted(restored) == [EMAIL, PUSH]


def test_the_choice_is_on_the_notifications_page(client, world, db):
    sign_in(client, "a@example.org")
    page = client.get("/notifications").get_data(as_text=True)
    assert "Per e-mail" in page and "Alleen als geen apparaat van mij meldingen krijgt" in page
    token = csrf_token(client, "/notifications")
    client.post(
        "/notifications",
        data={"csrf_token": token, "meeting_changed": "y", "meeting_reminder_email": "always"},
    )
    db.rollback()
    stored = db.get(NotificationPreference, world.member_a.id)
    assert (stored.meeting_reminder_email, stored.meeting_changed_email) == (
        EMAIL_ALWAYS,
        "no_device",
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_failing_mail_server_is_tried_again_later_then_logged(app, db, world, thursday, caplog):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_STARTTLS=False)
    therapist_cancels(app, thursday)  # the page answered 302: never a 500
    [row] = log_rows(db)
    assert (row.status, row.attempts) == (PENDING, 1)
    assert row.due_at > NOW  # later, not at once again
    moment = NOW
    for _ in range(ledger.MAX_ATTEMPTS - 1):
        moment += timedelta(hours=1)
        with app.app_context():
            services.send_reminders(db, moment)
    [row] = log_rows(db)
    assert (row.status, row.attempts) == (FAILED, ledger.MAX_ATTEMPTS)
    assert "given up" in caplog.text


def test_a_reminder_by_email_when_she_chose_it(app, db, world, thursday, smtp):
    db.add(NotificationPreference(user_id=world.member_a.id, meeting_reminder_email=EMAIL_ALWAYS))
    db.commit()
    the_day_before = THURSDAY - timedelta(days=1)
    with app.app_context():
        assert services.send_reminders(db, the_day_before).emails == 1
        assert services.send_reminders(db, the_day_before).emails == 0  # once
    [message] = smtp.messages
    assert message["Subject"] == "Kring: je groep, morgen om 09:30"
    assert "Groep A: morgen om 09:30" in message.get_content()
    assert [(r.kind, r.channel) for r in log_rows(db)] == [("meeting_reminder", EMAIL)]
