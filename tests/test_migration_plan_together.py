"""Upgrading to the plan-together release (20261201_05) keeps every plan, line and
version as it was, leaves every plan unshared, and the new tables take rows, on SQLite
and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.migration_data import execute, upgraded_with

BEFORE = "20261201_07"

ROWS = [
    'INSERT INTO "user" (id, email, password_hash, display_name, role, practice_id, locale,'
    " active, session_version, created_at) VALUES (1, 'eva@example.org', 'x', 'Eva',"
    " 'therapist', NULL, 'nl', true, 1, '2026-11-01 09:00:00+00:00'), (2, 'sanne@example.org',"
    " 'x', 'Sanne', 'member', NULL, 'nl', true, 1, '2026-11-01 09:00:00+00:00')",
    "INSERT INTO plan (id, member_id, version, phases_enabled, optional_sections, created_at,"
    " updated_at) VALUES (1, 2, 3, true, '[]', '2026-11-01 09:00:00+00:00',"
    " '2026-11-01 09:00:00+00:00')",
    "INSERT INTO plan_item (id, plan_id, section, phase, text, position) VALUES"
    " (1, 1, 'warning_signs', 'orange', 'Ik slaap slecht', 0)",
    "INSERT INTO plan_version (id, plan_id, number, snapshot, created_at) VALUES"
    " (1, 1, 3, '{\"items\": []}', '2026-11-01 09:00:00+00:00')",
]
NEW_ROWS = [
    "INSERT INTO plan_review (plan_id, shared_since, discussed_on, discussed_with_id,"
    " review_on, updated_at) VALUES (1, '2026-11-01 09:00:00+00:00', '2026-12-01', 1,"
    " '2027-03-01', '2026-11-01 09:00:00+00:00')",
    "INSERT INTO plan_suggestion (id, plan_id, author_id, section, item_id, text, created_at)"
    " VALUES (1, 1, 1, 'warning_signs', 1, 'Ik slaap minder dan zes uur',"
    " '2026-11-01 09:00:00+00:00')",
]


def _upgrade_with_data(url: str) -> dict:
    engine = upgraded_with(url, BEFORE, ROWS)
    with engine.connect() as connection:
        unshared = connection.execute(text("SELECT count(*) FROM plan_review")).scalar()
    execute(engine, NEW_ROWS)
    with engine.connect() as connection:
        found = {
            "unshared": unshared,
            "plan": connection.execute(text("SELECT member_id, version FROM plan")).all(),
            "items": connection.execute(text("SELECT section, phase, text FROM plan_item")).all(),
            "versions": connection.execute(text("SELECT number FROM plan_version")).all(),
            "suggestion": connection.execute(
                text(
                    "SELECT s.text, i.text, r.review_on FROM plan_suggestion s"
                    " JOIN plan_item i ON i.id = s.item_id JOIN plan_review r"
                    " ON r.plan_id = s.plan_id"
                )
            ).all(),
        }
    engine.dispose()
    return found


def _assert_kept(found: dict) -> None:
    assert found["unshared"] == 0  # no plan is shared by the upgrade
    assert found["plan"] == [(2, 3)]
    assert found["items"] == [("warning_signs", "orange", "Ik slaap slecht")]
    assert found["versions"] == [(3,)]
    [(suggested, line, review_on)] = found["suggestion"]
    assert (suggested, line, str(review_on)) == (
        "Ik slaap minder dan zes uur",
        "Ik slaap slecht",
        "2027-03-01",
    )


def test_sqlite_upgrade_keeps_the_plans(tmp_path):
    _assert_kept(_upgrade_with_data(f"sqlite:///{tmp_path}/old.db"))


@pytest.mark.postgres
def test_postgres_upgrade_keeps_the_plans(postgres_url):
    _assert_kept(_upgrade_with_data(postgres_url))
