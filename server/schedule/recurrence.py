"""Meeting series: an RRULE (python-dateutil) evaluated in the group's own zone and
materialised as `Meeting` rows ahead of time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, rrulestr, weekday
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.groups.models import Group
from server.schedule.models import Meeting, MeetingSeries

FREQUENCIES = ("weekly", "fortnightly", "monthly")
# A series ends by a date or a count; this caps a count so no series runs for decades.
MAX_COUNT = 200


def build_rrule(frequency: str, starts_on: date, until: date | None, count: int | None) -> str:
    """The RRULE line for "every week / every two weeks / every month on this weekday".

    Monthly means the same weekday in the same week of the month as the start date
    (the first Monday, ...); a start in the fifth week means the last one.
    """
    day = starts_on.weekday()
    if frequency == "monthly":
        week = (starts_on.day - 1) // 7 + 1
        rule = rrule(
            MONTHLY,
            byweekday=weekday(day, week if week < 5 else -1),
            dtstart=datetime.combine(starts_on, time()),
            until=_end(until),
            count=count,
        )
    else:
        rule = rrule(
            WEEKLY,
            interval=2 if frequency == "fortnightly" else 1,
            byweekday=day,
            dtstart=datetime.combine(starts_on, time()),
            until=_end(until),
            count=count,
        )
    return str(rule).split("RRULE:", 1)[1]


def _end(until: date | None) -> datetime | None:
    return datetime.combine(until, time(23, 59, 59)) if until else None


def frequency_of(series: MeetingSeries) -> str:
    if "FREQ=MONTHLY" in series.rrule:
        return "monthly"
    return "fortnightly" if "INTERVAL=2" in series.rrule else "weekly"


def occurrence_dates(series: MeetingSeries) -> list[date]:
    """Every local date of the series (a series always ends: a date or a count)."""
    start = datetime.combine(series.starts_on, time())
    skipped = set(series.skipped_dates or [])
    return [
        moment.date()
        for moment in rrulestr(series.rrule, dtstart=start)
        if moment.date().isoformat() not in skipped
    ]


def local_to_utc(day: date, at: time, zone: str) -> datetime:
    """A wall-clock time where the group meets, as UTC (09:30 stays 09:30 all year)."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def materialise(db: Session, series: MeetingSeries, group: Group) -> int:
    """Create the meetings of the series that do not exist yet (safe to repeat)."""
    existing = set(db.scalars(select(Meeting.occurrence_on).where(Meeting.series_id == series.id)))
    made = 0
    for day in occurrence_dates(series):
        if day in existing:
            continue
        starts_at = local_to_utc(day, series.start_time, group.timezone)
        db.add(
            Meeting(
                group_id=group.id,
                series_id=series.id,
                occurrence_on=day,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=series.duration_minutes),
                location=series.location,
                online_link=series.online_link,
            )
        )
        made += 1
    return made


def create_series(
    db: Session,
    group: Group,
    *,
    frequency: str,
    starts_on: date,
    start_time: time,
    duration_minutes: int,
    location: str = "",
    online_link: str = "",
    until: date | None = None,
    count: int | None = None,
    skipped: list[date] = (),
) -> MeetingSeries:
    series = MeetingSeries(
        group_id=group.id,
        rrule=build_rrule(frequency, starts_on, until, count),
        starts_on=starts_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        location=location,
        online_link=online_link,
        skipped_dates=sorted(d.isoformat() for d in skipped),
    )
    db.add(series)
    db.flush()
    materialise(db, series, group)
    return series


def extend_series(
    db: Session, series: MeetingSeries, group: Group, *, until: date | None, count: int | None
) -> int:
    """Move the end of a series later (a new end date or a larger count)."""
    series.rrule = build_rrule(frequency_of(series), series.starts_on, until, count)
    return materialise(db, series, group)


def series_of(db: Session, group: Group) -> list[MeetingSeries]:
    return list(
        db.scalars(
            select(MeetingSeries)
            .where(MeetingSeries.group_id == group.id)
            .order_by(MeetingSeries.starts_on)
        )
    )
