import pytest

from tests.schedule.conftest import NOW, meetings  # noqa: F401 - the schedule's fixture


@pytest.fixture
def clock(time_machine):
    """Thursday 26 November 2026, 13:00 in Amsterdam, before any data is made."""
    time_machine.move_to(NOW, tick=False)
    return time_machine
