"""The therapist's week once more on PostgreSQL: the home's window query, the member's
history, the export and an announcement on the member's home."""

from datetime import timedelta

import pytest

from server.homework.models import Assignment, Reflection
from tests.conftest import csrf_token, sign_in
from tests.factories import Factory
from tests.therapist.billing_excel import read_as_excel
from tests.therapist.conftest import NOW, TOMORROW_0930, cancelled

pytestmark = pytest.mark.postgres


def test_the_week_on_postgres(postgres_app):
    db = postgres_app.extensions["kring_db"](expire_on_commit=False)
    factory = Factory(db)
    world = factory.world()
    last_week = factory.meeting(world.group_a, TOMORROW_0930 - timedelta(weeks=1))
    tomorrow = factory.meeting(world.group_a, TOMORROW_0930)
    factory.meeting(world.group_b, TOMORROW_0930)
    bob = factory.member(world.group_a, name="Bob")
    cancelled(db, tomorrow, bob, "Ziek", late=True)
    assignment = Assignment(
        group_id=world.group_a.id,
        member_id=world.member_a.id,
        set_by_id=world.therapist_a.id,
        title="Zeg een keer nee",
    )
    db.add(assignment)
    db.flush()
    db.add(
        Reflection(
            assignment_id=assignment.id, member_id=world.member_a.id, shared=True, shared_at=NOW
        )
    )
    db.commit()

    therapist = postgres_app.test_client()
    sign_in(therapist, "ta@example.org")
    home = therapist.get("/therapist/").get_data(as_text=True)
    assert "Verwacht: 1" in home and "Afgemeld: 1" in home and "Zeg een keer nee" in home
    path = f"/therapist/groups/{world.group_a.id}/announcements"
    therapist.post(path, data={"csrf_token": csrf_token(therapist, path), "text": "Om 10:15"})
    export = therapist.get(
        "/therapist/attendance-export",
        query_string={
            "scope": world.group_a.id,
            "starts_on": "2026-11-01",
            "ends_on": "2026-11-30",
        },
    )
    rows = read_as_excel(export.data)
    assert [r[0] for r in rows[1 : rows.index([])]] == ["20-11-2026", "20-11-2026"]
    assert last_week.id

    member = postgres_app.test_client()
    sign_in(member, "a@example.org")
    assert "Om 10:15" in member.get("/").get_data(as_text=True)
    db.close()
