"""Upgrading to 20261201_03 (reach) keeps what the release before it stored."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from server.db import make_engine
from server.migrations import upgrade

BEFORE = "20261201_04"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _insert(c, table: str, **values) -> None:
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    c.execute(text(f'INSERT INTO "{table}" ({names}) VALUES ({marks})'), values)  # noqa: S608


def _rows_of_the_release_before(engine) -> None:
    with engine.begin() as c:
        _insert(c, "practice", id=1, name="P", address="", phone="", email="", created_at=NOW)
        _insert(
            c, "group", id=1, practice_id=1, name="Groep", location="", online_link="",
            default_duration_minutes=90, max_members=8, homework_enabled=True,
            cancellation_cutoff_hours=24, timezone="Europe/Amsterdam", created_at=NOW,
        )  # fmt: skip
        _insert(
            c, "user", id=1, email="a@example.org", password_hash="x", display_name="Anna",
            role="member", locale="nl", active=True, session_version=1, created_at=NOW,
        )  # fmt: skip
        _insert(
            c, "meeting", id=1, group_id=1, starts_at=NOW, ends_at=NOW, location="Kerkstraat 1",
            online_link="", theme="", status="planned", note="", sequence=0, change_number=0,
            updated_at=NOW,
        )  # fmt: skip
        _insert(
            c, "attendance", id=1, meeting_id=1, member_id=1, status="cancelled", reason="ziek",
            cancelled_at=NOW, late=True, updated_at=NOW,
        )  # fmt: skip
        _insert(c, "calendar_feed", id=1, member_id=1, token_hash="f" * 64, created_at=NOW)
        _insert(
            c, "notification_log", id=1, user_id=1, kind="meeting_changed",
            subject="meeting:1:cancelled:1", status="sent", due_at=NOW, attempts=1, sent_at=NOW,
            created_at=NOW,
        )  # fmt: skip
        _insert(
            c, "notification_preference", user_id=1, meeting_reminder=True, meeting_soon=False,
            meeting_changed=False, new_homework=True, reflection_reminder=True, quiet_hours=True,
            quiet_start=23, quiet_end=7, updated_at=NOW,
        )  # fmt: skip


def _check_kept(engine) -> None:
    with engine.connect() as c:
        attendance = c.execute(
            text("SELECT status, reason, late, force_majeure FROM attendance")
        ).one()
        assert tuple(attendance) == ("cancelled", "ziek", True, False)
        feed = c.execute(text("SELECT token_hash, with_place FROM calendar_feed")).one()
        assert tuple(feed) == ("f" * 64, True)  # an existing link shows what it showed
        sent = c.execute(text("SELECT subject, status, channel FROM notification_log")).one()
        assert tuple(sent) == ("meeting:1:cancelled:1", "sent", "push")  # all went by push
        choices = c.execute(
            text(
                "SELECT meeting_changed, quiet_start, meeting_changed_email, "
                "meeting_reminder_email FROM notification_preference"
            )
        ).one()
        assert tuple(choices) == (False, 23, "no_device", "never")
    with engine.begin() as c:
        # The same notice by e-mail is a row of its own now.
        _insert(
            c, "notification_log", id=2, user_id=1, kind="meeting_changed",
            subject="meeting:1:cancelled:1", channel="email", status="pending", due_at=NOW,
            attempts=0, created_at=NOW,
        )  # fmt: skip


def _upgrade_keeps_data(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE)
        _rows_of_the_release_before(engine)
        upgrade(engine)
        _check_kept(engine)
    finally:
        engine.dispose()


def test_upgrading_sqlite_keeps_the_data(tmp_path):
    _upgrade_keeps_data(f"sqlite:///{tmp_path}/kring.sqlite3")


@pytest.mark.postgres
def test_upgrading_postgres_keeps_the_data(postgres_url):
    _upgrade_keeps_data(postgres_url)
