"""Upgrading to 20261201_07 (supporters kept up to date) keeps every supporter link as
it was: every phase shown, nothing marked at the next opening, no e-mail; on SQLite and
PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.migration_data import upgraded_with

BEFORE = "20261201_06"
HASH_SAM, HASH_KIM = "hash-sam", "hash-kim"

ROWS = [
    'INSERT INTO "user" (id, email, password_hash, display_name, role, locale, active,'
    " session_version, created_at) VALUES (1, 'sanne@example.org', 'x', 'Sanne', 'member',"
    " 'nl', true, 1, '2026-11-20 09:00:00+00:00')",
    "INSERT INTO plan (id, member_id, version, phases_enabled, optional_sections,"
    " created_at, updated_at) VALUES (1, 1, 3, true, '[]', '2026-11-20 09:00:00+00:00',"
    " '2026-11-20 09:00:00+00:00')",
    "INSERT INTO plan_share (id, plan_id, supporter_name, token_hash, sections, expires_at,"
    " revoked_at, created_at) VALUES (1, 1, 'Sam (partner)', 'hash-sam',"
    " '[\"warning_signs\", \"supporters\"]', NULL, NULL, '2026-11-20 09:00:00+00:00'),"
    " (2, 1, 'Kim', 'hash-kim', '[\"triggers\"]', NULL,"
    " '2026-11-20 09:00:00+00:00', '2026-11-20 09:00:00+00:00')",
    "INSERT INTO share_view (id, share_id, at) VALUES (1, 1, '2026-11-20 09:00:00+00:00')",
]


def _upgrade_keeps_the_links(url: str) -> None:
    engine = upgraded_with(url, BEFORE, ROWS)
    try:
        with engine.connect() as connection:
            links = connection.execute(
                text(
                    "SELECT supporter_name, token_hash, sections, revoked_at IS NULL, phases,"
                    " seen_version, notify_email, action_key, notified_version, mailed_at,"
                    " mail_stopped_at FROM plan_share ORDER BY id"
                )
            ).all()
            views = connection.execute(text("SELECT share_id FROM share_view")).all()
    finally:
        engine.dispose()
    sections = [row[2] if isinstance(row[2], list) else json.loads(row[2]) for row in links]
    assert sections == [["warning_signs", "supporters"], ["triggers"]]
    assert [(row[0], row[1], bool(row[3])) for row in links] == [
        ("Sam (partner)", HASH_SAM, True),
        ("Kim", HASH_KIM, False),
    ]
    assert [tuple(row[4:]) for row in links] == [(None,) * 7] * 2
    assert views == [(1,)]


def test_upgrading_sqlite_keeps_the_links(tmp_path):
    _upgrade_keeps_the_links(f"sqlite:///{tmp_path}/kring.sqlite3")


@pytest.mark.postgres
def test_upgrading_postgres_keeps_the_links(postgres_url):
    _upgrade_keeps_the_links(postgres_url)
