"""When a notice is due, and quiet hours. Times of day are wall-clock times in the
group's zone (the member's is Europe/Amsterdam), so "the day before at 09:30" and "quiet
until 08:00" stay right across the daylight-saving changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

MEMBER_ZONE = ZoneInfo("Europe/Amsterdam")
SOON = timedelta(hours=2)
REFLECTION_EVENING = time(19, 0)


@dataclass(frozen=True)
class Quiet:
    start: int  # hour of the day
    end: int


def at_local(day, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def day_before(starts_at: datetime, zone: ZoneInfo) -> datetime:
    """The day before at the same clock time: 23 or 25 hours before across a DST change,
    so "morgen om 09:30" is sent at 09:30."""
    local = starts_at.astimezone(zone)
    return at_local(local.date() - timedelta(days=1), local.time(), zone)


def evening_before(starts_at: datetime, zone: ZoneInfo) -> datetime:
    local = starts_at.astimezone(zone)
    return at_local(local.date() - timedelta(days=1), REFLECTION_EVENING, zone)


def quiet_until(moment: datetime, quiet: Quiet | None) -> datetime | None:
    """The end of the quiet hours `moment` falls in, or None when it falls outside."""
    if quiet is None or quiet.start == quiet.end:
        return None
    local = moment.astimezone(MEMBER_ZONE)
    start, end = time(quiet.start), time(quiet.end)
    clock = local.time()
    if quiet.start > quiet.end:  # over midnight, like 22:00-08:00
        if clock >= start:
            return at_local(local.date() + timedelta(days=1), end, MEMBER_ZONE)
        if clock < end:
            return at_local(local.date(), end, MEMBER_ZONE)
        return None
    if start <= clock < end:
        return at_local(local.date(), end, MEMBER_ZONE)
    return None


def send_at(due: datetime, quiet: Quiet | None, useful_until: datetime | None) -> datetime:
    """What falls in the quiet hours waits for their end, unless waiting makes it
    useless (the meeting would have started): then it goes at once."""
    until = quiet_until(due, quiet)
    if until is None or (useful_until is not None and until >= useful_until):
        return due
    return until
