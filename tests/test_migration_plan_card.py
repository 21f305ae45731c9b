"""Upgrading to 20261201_06 (plan card) keeps every plan line, support person and
version: the free-text lines of "Professional help" stay, as notes of that section."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.migration_data import upgraded_with

BEFORE = "20261201_03"

ROWS = [
    "INSERT INTO practice (id, name, address, phone, email, out_of_hours_phone, crisis_phone,"
    " created_at) VALUES (1, 'Praktijk Heerlen', '', '045-1234567', '', '', '',"
    " '2026-11-01 09:00:00+00:00')",
    'INSERT INTO "user" (id, email, password_hash, display_name, role, locale, active,'
    " session_version, created_at) VALUES (1, 'sanne@example.org', 'x', 'Sanne', 'member',"
    " 'nl', true, 1, '2026-11-01 09:00:00+00:00')",
    "INSERT INTO plan (id, member_id, version, phases_enabled, optional_sections, created_at,"
    " updated_at) VALUES (1, 1, 4, true, '[\"distraction\"]', '2026-11-01 09:00:00+00:00',"
    " '2026-11-01 09:00:00+00:00')",
    "INSERT INTO plan_item (id, plan_id, section, phase, text, position, deleted_at) VALUES"
    " (1, 1, 'professional', NULL, 'Praktijk Heerlen, 045-1234567', 0, NULL),"
    " (2, 1, 'professional', NULL, 'Huisarts dokter Jansen, 045-0000001', 1, NULL),"
    " (3, 1, 'warning_signs', 'orange', 'Ik blijf in bed', 0, NULL),"
    " (4, 1, 'professional', NULL, 'Oude huisarts', 2, '2026-11-01 09:00:00+00:00')",
    "INSERT INTO support_contact (id, plan_id, name, relation, phone, email, can_do, position,"
    " deleted_at) VALUES (1, 1, 'Sam', 'partner', '06-00000001', '', 'Bel me', 0, NULL)",
    "INSERT INTO plan_version (id, plan_id, number, snapshot, created_at) VALUES (1, 1, 4,"
    ' \'{"phases_enabled": true, "optional_sections": [], "items": [], "contacts":'
    ' [{"name": "Sam", "relation": "partner", "phone": "", "email": "",'
    ' "can_do": "", "position": 0}]}\', \'2026-11-01 09:00:00+00:00\')',
]


def _upgrade_with_data(url: str) -> dict:
    engine = upgraded_with(url, BEFORE, ROWS)
    with engine.connect() as connection:
        found = {
            "items": connection.execute(
                text(
                    "SELECT section, phase, text, position, deleted_at IS NULL FROM plan_item"
                    " ORDER BY id"
                )
            ).all(),
            "contacts": connection.execute(
                text("SELECT name, relation, phone, can_do, kind, role FROM support_contact")
            ).all(),
            "plan": connection.execute(
                text("SELECT version, phases_enabled, optional_sections, card_parts FROM plan")
            ).all(),
            "versions": connection.execute(text("SELECT number, snapshot FROM plan_version")).all(),
        }
    engine.dispose()
    return found


def _assert_kept(found: dict) -> None:
    assert [tuple(row) for row in found["items"]] == [
        ("professional", None, "Praktijk Heerlen, 045-1234567", 0, True),
        ("professional", None, "Huisarts dokter Jansen, 045-0000001", 1, True),
        ("warning_signs", "orange", "Ik blijf in bed", 0, True),
        ("professional", None, "Oude huisarts", 2, False),  # still there to undo
    ]
    # Every contact so far is a support person, with no professional role.
    assert [tuple(row) for row in found["contacts"]] == [
        ("Sam", "partner", "06-00000001", "Bel me", "support", "")
    ]
    version, phases, optional, card = found["plan"][0]
    assert (version, bool(phases), card) == (4, True, None)  # None: the default card
    assert "distraction" in str(optional)
    assert found["versions"][0][0] == 4 and "Sam" in str(found["versions"][0][1])


def test_sqlite_upgrade_keeps_professional_lines_and_contacts(tmp_path):
    _assert_kept(_upgrade_with_data(f"sqlite:///{tmp_path}/old.db"))


@pytest.mark.postgres
def test_postgres_upgrade_keeps_professional_lines_and_contacts(postgres_url):
    _assert_kept(_upgrade_with_data(postgres_url))
