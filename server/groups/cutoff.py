"""Until when a member can cancel without it counting as short notice: the group's rule.

Two rules are in use in Dutch practices: a number of hours before the meeting, or
"before 16:30 on the last working day before" (Friday 16:30 for a Monday group).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.groups.models import Group

HOURS_BEFORE = "hours_before"
LAST_WORKING_DAY = "last_working_day"
RULES = (HOURS_BEFORE, LAST_WORKING_DAY)
DEFAULT_CUTOFF_TIME = time(16, 30)
SATURDAY = 5


def cancellation_deadline(group: Group, starts_at: datetime) -> datetime:
    """The moment (UTC) after which cancelling a meeting of this group is short notice."""
    if group.cancellation_rule != LAST_WORKING_DAY:
        return starts_at - timedelta(hours=group.cancellation_cutoff_hours)
    zone = ZoneInfo(group.timezone)
    day = starts_at.astimezone(zone).date() - timedelta(days=1)
    # Public holidays are not counted: the practice sets the rule around them itself.
    while day.weekday() >= SATURDAY:
        day -= timedelta(days=1)
    at = group.cancellation_cutoff_time or DEFAULT_CUTOFF_TIME
    return datetime.combine(day, at, tzinfo=zone).astimezone(starts_at.tzinfo)


def is_short_notice(group: Group, starts_at: datetime, now: datetime) -> bool:
    return now > cancellation_deadline(group, starts_at)
