from datetime import timedelta

import pytest

from server.db import now_utc


@pytest.fixture
def meeting(factory, world, db):
    made = factory.meeting(world.group_a, now_utc().replace(microsecond=0) + timedelta(days=2))
    db.commit()
    return made


@pytest.fixture
def assignment(factory, world, meeting):
    return factory.assignment(world, due_meeting_id=meeting.id)
