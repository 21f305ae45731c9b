"""Scale data: a weekly series per group, its meetings, and the register of every
meeting held (with members' own cancellations, some of them late)."""

from __future__ import annotations

from datetime import date, time, timedelta

from server.groups.models import Group
from server.scale.batch import Batch
from server.schedule import recurrence
from server.schedule.demo import REASONS
from server.schedule.models import (
    ABSENT,
    ATTENDANCE_CANCELLED,
    CANCELLED,
    PLANNED,
    PRESENT,
    Attendance,
    Meeting,
    MeetingSeries,
)

STARTS = (time(9, 30), time(13, 30), time(16, 30), time(19, 0))


def _christmas_breaks(first: date, last: date) -> list[date]:
    return [
        date(year, 12, 24) + timedelta(days=n)
        for year in range(first.year, last.year + 1)
        for n in range(9)
    ]


def plan(batch: Batch, group: Group, starts_on: date, count: int) -> list[dict]:
    """The group's meetings as rows (with their ids), soonest first."""
    at = STARTS[batch.roll.randrange(len(STARTS))]
    series = MeetingSeries(
        group_id=group.id,
        rrule=recurrence.build_rrule("weekly", starts_on, None, count),
        starts_on=starts_on,
        start_time=at,
        duration_minutes=group.default_duration_minutes or 90,
        location=group.location,
        skipped_dates=[
            d.isoformat() for d in _christmas_breaks(starts_on, starts_on + timedelta(weeks=count))
        ],
    )
    batch.db.add(series)
    batch.db.flush()
    rows = []
    for day in recurrence.occurrence_dates(series):
        starts_at = recurrence.local_to_utc(day, at, group.timezone)
        cancelled = batch.roll.random() < 0.03
        rows.append(
            {
                "group_id": group.id,
                "series_id": series.id,
                "occurrence_on": day,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=series.duration_minutes),
                "location": group.location,
                "status": CANCELLED if cancelled else PLANNED,
                "note": "De groep gaat deze week niet door." if cancelled else "",
            }
        )
    for row, meeting_id in zip(rows, batch.ids(Meeting, rows), strict=True):
        row["id"] = meeting_id
    return rows


def register(
    batch: Batch, meetings: list[dict], roster: list[tuple[int, date]], therapist: int
) -> None:
    """Present/absent for meetings held, members' cancellations before and after now;
    each register a therapist filled in left read rows in the access log."""
    rows, soon = [], batch.now + timedelta(weeks=4)
    for meeting in meetings:
        if meeting["status"] == CANCELLED:
            continue
        held = meeting["ends_at"] <= batch.now
        for member, since in roster:
            if meeting["occurrence_on"] < since:
                continue
            chance = batch.roll.random()
            if chance < 0.07 and (held or meeting["starts_at"] < soon):
                rows.append(_cancellation(batch, meeting, member))
            elif held:
                status = ABSENT if chance < 0.11 else PRESENT
                rows.append({"meeting_id": meeting["id"], "member_id": member, "status": status})
                batch.read(therapist, member, "attendance", meeting["id"], meeting["ends_at"])
    batch.bulk(Attendance, rows)


def _cancellation(batch: Batch, meeting: dict, member: int) -> dict:
    cancelled_at = meeting["starts_at"] - timedelta(hours=batch.roll.choice([2, 30, 72]))
    cancelled_at = min(cancelled_at, batch.now)  # nobody cancels in the future
    return {
        "meeting_id": meeting["id"],
        "member_id": member,
        "status": ATTENDANCE_CANCELLED,
        "reason": batch.roll.choice(REASONS),
        "cancelled_at": cancelled_at,
        "late": meeting["starts_at"] - cancelled_at < timedelta(hours=24),
    }
