"""Upgrading to the therapist's-week release keeps every group, membership, meeting and
attendance row as it was, and the new announcement tables take rows, on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.migration_data import execute, upgraded_with
from tests.test_migration_practice_admin import ROWS as PRACTICE_ROWS

BEFORE = "20261201_02"

ROWS = [
    *PRACTICE_ROWS,
    "INSERT INTO meeting (id, group_id, starts_at, ends_at, location, online_link, theme,"
    " status, note, sequence, change_number, updated_at) VALUES (1, 1,"
    " '2026-11-27 08:30:00+00:00', '2026-11-27 10:00:00+00:00', 'Kerkstraat 1', '', '',"
    " 'planned', '', 0, 0, '2026-11-01 09:00:00+00:00')",
    "INSERT INTO attendance (id, meeting_id, member_id, status, reason, cancelled_at, late,"
    " updated_at) VALUES (1, 1, 2, 'cancelled', 'Ziek', '2026-11-27 07:00:00+00:00', true,"
    " '2026-11-27 07:00:00+00:00')",
]
NEW_ROWS = [
    "INSERT INTO announcement (id, group_id, author_id, text, created_at) VALUES"
    " (1, 1, 1, 'We beginnen om 10:15', '2026-12-01 09:00:00+00:00')",
    "INSERT INTO announcement_dismissal (announcement_id, member_id, dismissed_at) VALUES"
    " (1, 2, '2026-12-01 10:00:00+00:00')",
]


def _upgrade_with_data(url: str) -> dict:
    engine = upgraded_with(url, BEFORE, ROWS)
    execute(engine, NEW_ROWS)
    with engine.connect() as connection:
        found = {
            "membership": connection.execute(
                text("SELECT group_id, member_id, min_sessions FROM membership")
            ).all(),
            "meeting": connection.execute(text("SELECT group_id, status FROM meeting")).all(),
            "attendance": connection.execute(
                text("SELECT member_id, status, reason, late FROM attendance")
            ).all(),
            "announcement": connection.execute(
                text(
                    "SELECT a.text, d.member_id FROM announcement a"
                    " JOIN announcement_dismissal d ON d.announcement_id = a.id"
                )
            ).all(),
        }
    engine.dispose()
    return found


def _assert_kept(found: dict) -> None:
    assert found["membership"] == [(1, 2, 6)]
    assert found["meeting"] == [(1, "planned")]
    [(member, status, reason, late)] = found["attendance"]
    assert (member, status, reason, bool(late)) == (2, "cancelled", "Ziek", True)
    assert found["announcement"] == [("We beginnen om 10:15", 2)]


def test_sqlite_upgrade_keeps_the_register(tmp_path):
    _assert_kept(_upgrade_with_data(f"sqlite:///{tmp_path}/old.db"))


@pytest.mark.postgres
def test_postgres_upgrade_keeps_the_register(postgres_url):
    _assert_kept(_upgrade_with_data(postgres_url))
