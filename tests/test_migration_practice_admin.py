"""Upgrading to the practice-admin release keeps every practice, group, account and
membership as it was, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.migration_data import upgraded_with

BEFORE = "20261201_01"

ROWS = [
    "INSERT INTO practice (id, name, address, phone, email, created_at) VALUES"
    " (1, 'Praktijk Heerlen', 'Kerkstraat 1', '045-1234567', 'info@example.org',"
    " '2026-11-01 09:00:00+00:00')",
    'INSERT INTO "group" (id, practice_id, name, location, online_link,'
    " default_duration_minutes, max_members, homework_enabled, cancellation_cutoff_hours,"
    " timezone, created_at) VALUES (1, 1, 'Donderdaggroep', 'Kerkstraat 1', '', 90, 8,"
    " false, 48, 'Europe/Amsterdam', '2026-11-01 09:00:00+00:00')",
    'INSERT INTO "user" (id, email, password_hash, display_name, role, practice_id, locale,'
    " active, session_version, created_at) VALUES (1, 'eva@example.org', 'x', 'Eva',"
    " 'therapist', 1, 'nl', true, 1, '2026-11-01 09:00:00+00:00'), (2, 'sanne@example.org',"
    " 'x', 'Sanne', 'member', NULL, 'nl', true, 1, '2026-11-01 09:00:00+00:00')",
    "INSERT INTO group_therapist (group_id, therapist_id) VALUES (1, 1)",
    "INSERT INTO membership (id, group_id, member_id, joined_on, min_sessions) VALUES"
    " (1, 1, 2, '2026-09-01', 6)",
]


def _upgrade_with_data(url: str) -> dict:
    engine = upgraded_with(url, BEFORE, ROWS)
    with engine.connect() as connection:
        found = {
            "practice": connection.execute(
                text("SELECT name, phone, out_of_hours_phone, crisis_phone FROM practice")
            ).all(),
            "group": connection.execute(
                text(
                    "SELECT name, homework_enabled, journey_enabled, cancellation_rule,"
                    ' cancellation_cutoff_hours, cancellation_cutoff_time, archived_at FROM "group"'
                )
            ).all(),
            "user": connection.execute(
                text('SELECT email, role, practice_admin FROM "user" ORDER BY id')
            ).all(),
            "membership": connection.execute(
                text("SELECT joined_on, min_sessions FROM membership")
            ).all(),
            "group_therapist": connection.execute(text("SELECT * FROM group_therapist")).all(),
        }
    engine.dispose()
    return found


def _assert_kept(found: dict) -> None:
    assert found["practice"] == [("Praktijk Heerlen", "045-1234567", "", "")]
    name, homework, journey, rule, hours, cutoff_time, archived = found["group"][0]
    assert (name, bool(homework), bool(journey)) == ("Donderdaggroep", False, True)
    assert (rule, hours, cutoff_time, archived) == ("hours_before", 48, None, None)
    assert [(e, r, bool(a)) for e, r, a in found["user"]] == [
        ("eva@example.org", "therapist", False),
        ("sanne@example.org", "member", False),
    ]
    assert str(found["membership"][0][0]) == "2026-09-01"
    assert found["membership"][0][1] == 6
    assert found["group_therapist"] == [(1, 1)]


def test_sqlite_upgrade_keeps_practices_groups_and_accounts(tmp_path):
    _assert_kept(_upgrade_with_data(f"sqlite:///{tmp_path}/old.db"))


@pytest.mark.postgres
def test_postgres_upgrade_keeps_practices_groups_and_accounts(postgres_url):
    _assert_kept(_upgrade_with_data(postgres_url))
