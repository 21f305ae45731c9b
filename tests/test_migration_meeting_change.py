"""Upgrading to 20261201_01 (meeting.last_change) keeps every meeting as it was: rows
written by the release before it survive, on SQLite and PostgreSQL, and a meeting that
had changed still shows as changed (with no kind yet: "gewijzigd")."""

import pytest
import sqlalchemy as sa

from server.db import make_engine
from server.migrations import upgrade

BEFORE = "20261125_09"
WHEN = "2026-12-03 09:30:00+00:00"


def _as_the_release_before_wrote_them(engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO practice (id, name, address, phone, email, created_at) "
                "VALUES (1, 'Praktijk', '', '010-0000000', '', :when)"
            ),
            {"when": WHEN},
        )
        connection.execute(
            sa.text(
                'INSERT INTO "group" (id, practice_id, name, location, online_link, '
                "default_duration_minutes, max_members, homework_enabled, "
                "cancellation_cutoff_hours, timezone, created_at) VALUES "
                "(1, 1, 'Donderdaggroep', 'Kerkstraat 1', '', 90, 8, true, 24, "
                "'Europe/Amsterdam', :when)"
            ),
            {"when": WHEN},
        )
        for number, change_number in ((1, 0), (2, 1)):
            connection.execute(
                sa.text(
                    "INSERT INTO meeting (id, group_id, starts_at, ends_at, location, "
                    "online_link, theme, status, note, sequence, change_number, updated_at) "
                    "VALUES (:id, 1, :when, :when, 'Zaal 2', '', 'Kennismaking', 'planned', "
                    "'Neem koffie mee', :n, :n, :when)"
                ),
                {"id": number, "n": change_number, "when": WHEN},
            )


def _check_kept(engine) -> None:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT id, location, theme, note, change_number, last_change "
                "FROM meeting ORDER BY id"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, "Zaal 2", "Kennismaking", "Neem koffie mee", 0, ""),
        (2, "Zaal 2", "Kennismaking", "Neem koffie mee", 1, ""),
    ]


def test_sqlite_upgrade_keeps_the_meetings(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/before.db")
    upgrade(engine, BEFORE)
    _as_the_release_before_wrote_them(engine)
    upgrade(engine)
    _check_kept(engine)
    engine.dispose()


@pytest.mark.postgres
def test_postgres_upgrade_keeps_the_meetings(postgres_url):
    engine = make_engine(postgres_url)
    upgrade(engine, BEFORE)
    _as_the_release_before_wrote_them(engine)
    upgrade(engine)
    _check_kept(engine)
    engine.dispose()
