from datetime import timedelta

import pytest

from server.db import now_utc
from server.homework.models import Assignment


@pytest.fixture
def meeting(factory, world, db):
    made = factory.meeting(world.group_a, now_utc().replace(microsecond=0) + timedelta(days=2))
    db.commit()
    return made


@pytest.fixture
def assignment(db, world, meeting):
    made = Assignment(
        group_id=world.group_a.id,
        member_id=world.member_a.id,
        set_by_id=world.therapist_a.id,
        title="Zeg een keer nee",
        due_meeting_id=meeting.id,
    )
    db.add(made)
    db.commit()
    return made
