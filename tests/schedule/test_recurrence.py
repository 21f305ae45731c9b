"""Series in the group's zone: 09:30 stays 09:30 across both daylight-saving changes."""

from datetime import date, time

from sqlalchemy import select

from server.schedule import recurrence
from server.schedule.models import Meeting


def meetings_of(db, group):
    return list(
        db.scalars(select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at))
    )


def local_times(meetings):
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Amsterdam")
    return {m.starts_at.astimezone(zone).strftime("%H:%M") for m in meetings}


def test_a_weekly_series_keeps_its_local_time_across_the_october_change(db, world):
    recurrence.create_series(
        db,
        world.group_a,
        frequency="weekly",
        starts_on=date(2026, 10, 16),
        start_time=time(9, 30),
        duration_minutes=90,
        count=4,
    )
    meetings = meetings_of(db, world.group_a)
    assert [m.starts_at.day for m in meetings] == [16, 23, 30, 6]
    assert [m.starts_at.hour for m in meetings] == [7, 7, 8, 8]  # UTC: summer, then winter
    assert local_times(meetings) == {"09:30"}
    assert all((m.ends_at - m.starts_at).seconds == 90 * 60 for m in meetings)


def test_a_weekly_series_keeps_its_local_time_across_the_march_change(db, world):
    recurrence.create_series(
        db,
        world.group_a,
        frequency="weekly",
        starts_on=date(2027, 3, 19),
        start_time=time(9, 30),
        duration_minutes=90,
        until=date(2027, 4, 2),
    )
    meetings = meetings_of(db, world.group_a)
    assert [m.starts_at.hour for m in meetings] == [8, 8, 7]
    assert local_times(meetings) == {"09:30"}


def test_fortnightly_monthly_and_skipped_dates(db, world, factory):
    group = factory.group(world.practice, "Om de week")
    recurrence.create_series(
        db,
        group,
        frequency="fortnightly",
        starts_on=date(2026, 11, 30),
        start_time=time(16, 30),
        duration_minutes=120,
        count=4,
        skipped=[date(2026, 12, 28)],
    )
    days = [m.occurrence_on for m in meetings_of(db, group)]
    assert days == [date(2026, 11, 30), date(2026, 12, 14), date(2027, 1, 11)]

    monthly = factory.group(world.practice, "Maandelijks")
    recurrence.create_series(
        db,
        monthly,
        frequency="monthly",
        starts_on=date(2026, 12, 7),
        start_time=time(13, 30),
        duration_minutes=90,
        count=3,
    )
    days = [m.occurrence_on for m in meetings_of(db, monthly)]
    assert days == [date(2026, 12, 7), date(2027, 1, 4), date(2027, 2, 1)]  # first Mondays


def test_materialising_twice_adds_nothing_and_extending_adds_the_rest(db, world):
    series = recurrence.create_series(
        db,
        world.group_a,
        frequency="weekly",
        starts_on=date(2026, 12, 4),
        start_time=time(9, 30),
        duration_minutes=90,
        count=3,
    )
    assert recurrence.materialise(db, series, world.group_a) == 0
    assert recurrence.extend_series(db, series, world.group_a, until=None, count=5) == 2
    assert len(meetings_of(db, world.group_a)) == 5
    assert "COUNT=5" in series.rrule
