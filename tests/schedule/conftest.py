from datetime import UTC, datetime, timedelta

import pytest

# A Thursday. The group meets on Friday 27 November at 09:30 in Amsterdam (08:30 UTC).
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TOMORROW_0930 = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Every schedule test runs at NOW, before any data is made."""
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def meetings(factory, world, db):
    """Group A meets weekly: two past meetings, tomorrow, and three more after it."""
    made = [
        factory.meeting(world.group_a, TOMORROW_0930 + timedelta(weeks=n)) for n in range(-2, 4)
    ]
    db.commit()
    return made
