"""The therapist's week runs on the schedule suite's Thursday and meetings."""

from tests.schedule.conftest import NOW, TOMORROW_0930, clock, meetings  # noqa: F401
