"""Each e-mail notice once: two `kring send-reminders` at the same moment (two machines),
and a run that died after claiming. On SQLite, and on PostgreSQL where CI has one."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from server.push import ledger, sending, services
from server.push.models import CLAIMED, EMAIL, SENT, NotificationLog
from server.schedule import services as schedule
from tests.factories import Factory
from tests.mailserver import MailServer
from tests.push.test_exactly_once import run_at_once

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # a Monday
THURSDAY = datetime(2026, 12, 3, 8, 30, tzinfo=UTC)
MEMBERS = 24


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def cancelled_for_many(app, db, count: int = MEMBERS) -> list[str]:
    """Thursday's meeting of a group of `count` members without a device, cancelled;
    the notices wait in the log for the job (the web process sent nothing)."""
    app.config["PUSH_SEND_AT_ONCE"] = False
    factory = Factory(db)
    practice = factory.practice()
    group = factory.group(practice)
    therapist = factory.therapist(practice, group)
    addresses = [f"lid{n}@example.org" for n in range(count)]
    for address in addresses:
        factory.member(group, email=address)
    meeting = factory.meeting(group, THURSDAY)
    db.commit()
    with app.app_context():
        schedule.cancel_meeting(db, meeting, therapist, "")
        db.commit()
    return addresses


def each_once(server: MailServer, addresses: list[str]) -> None:
    received = Counter(message["To"] for message in server.messages)
    assert received == Counter(addresses)


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of five: two runs take turns claiming, instead of one taking all."""
    from server.push import mailing

    monkeypatch.setattr(mailing, "BATCH", 5)


def test_two_runs_at_once_send_each_email_once_on_sqlite(app, db, smtp, small_batches):
    addresses = cancelled_for_many(app, db)
    outcomes = run_at_once(app, now=NOW)
    assert all(isinstance(o, sending.Summary) for o in outcomes), outcomes
    assert sum(o.emails for o in outcomes) == MEMBERS
    each_once(smtp, addresses)
    db.rollback()
    rows = db.scalars(select(NotificationLog)).all()
    assert {(row.channel, row.status) for row in rows} == {(EMAIL, SENT)}


@pytest.mark.postgres
def test_two_runs_at_once_send_each_email_once_on_postgres(postgres_app, small_batches):
    server = MailServer()
    server.start()
    postgres_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_STARTTLS=False)
    db = postgres_app.extensions["kring_db"]()
    try:
        addresses = cancelled_for_many(postgres_app, db, 40)
        outcomes = run_at_once(postgres_app, runs=3, now=NOW)
        assert all(isinstance(o, sending.Summary) for o in outcomes), outcomes
        assert sum(o.emails for o in outcomes) == 40
        each_once(server, addresses)
        again = run_at_once(postgres_app, runs=1, now=NOW)
        assert again[0].emails == 0  # and a later run finds nothing
    finally:
        db.close()
        server.stop()


def test_a_run_that_died_after_claiming_is_taken_over_when_its_claim_is_stale(app, db, smtp):
    addresses = cancelled_for_many(app, db)
    with app.app_context():
        ledger.claim(db, NOW, limit=1000, channel=EMAIL)  # and then the machine died
        db.commit()
    db.rollback()
    rows = db.scalars(select(NotificationLog)).all()
    assert {row.status for row in rows} == {CLAIMED}
    with app.app_context():
        assert services.send_reminders(db, NOW + timedelta(minutes=5)).emails == 0
        later = NOW + ledger.CLAIM_TIMEOUT + timedelta(seconds=1)
        assert services.send_reminders(db, later).emails == MEMBERS
    each_once(smtp, addresses)


def test_a_run_past_its_time_leaves_the_rest_waiting_not_claimed(app, db, smtp, monkeypatch):
    """A mail server so slow that the claim would go stale: the run stops starting
    messages in time, and what it did not send waits for the next run."""
    addresses = cancelled_for_many(app, db, 3)
    with monkeypatch.context() as slow:
        slow.setattr(ledger, "CLAIM_TIMEOUT", timedelta(0))  # no time at all
        with app.app_context():
            assert services.send_reminders(db, NOW).emails == 0
    db.rollback()
    assert {row.status for row in db.scalars(select(NotificationLog))} == {"pending"}
    with app.app_context():
        assert services.send_reminders(db, NOW).emails == 3
    each_once(smtp, addresses)
