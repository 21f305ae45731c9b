from datetime import UTC, datetime, timedelta

import pytest

from server.homework.models import Assignment, Reflection

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def homework(factory, world, db):
    """Anna (group A) has this week's assignment, due tomorrow, and last week's with a
    shared and a private reflection."""
    tomorrow = factory.meeting(world.group_a, NOW + timedelta(hours=20))
    last_week = factory.meeting(world.group_a, NOW - timedelta(days=6))
    current = Assignment(
        group_id=world.group_a.id,
        member_id=world.member_a.id,
        set_by_id=world.therapist_a.id,
        title="Zeg één keer nee",
        instructions="Kies iets kleins. Zie https://example.org/nee",
        due_meeting_id=tomorrow.id,
    )
    earlier = Assignment(
        group_id=world.group_a.id,
        member_id=world.member_a.id,
        set_by_id=world.therapist_a.id,
        title="Koffiekopjes",
        due_meeting_id=last_week.id,
        created_at=NOW - timedelta(days=13),
    )
    db.add_all([current, earlier])
    db.flush()
    shared = Reflection(
        assignment_id=earlier.id,
        member_id=world.member_a.id,
        tried="GEDEELDE TEKST",
        shared=True,
        shared_at=NOW - timedelta(days=2),
    )
    private = Reflection(assignment_id=earlier.id, member_id=world.member_a.id, felt="PRIVE TEKST")
    db.add_all([shared, private])
    db.commit()
    return {
        "current": current,
        "earlier": earlier,
        "shared": shared,
        "private": private,
        "tomorrow": tomorrow,
    }
