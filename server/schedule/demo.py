"""Demo meetings and attendance for `kring demo`: the seeds' rhythms, a holiday break,
themed first meetings, one meeting cancelled and one moved, a realistic register."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import now_utc
from server.groups.models import Group, Membership
from server.schedule import recurrence
from server.schedule.models import (
    ABSENT,
    ATTENDANCE_CANCELLED,
    CANCELLED,
    PRESENT,
    Attendance,
    Meeting,
)
from server.schedule.services import local_date

REASONS = ["Ziek", "Werk", "Mijn kind is ziek", "Afspraak bij de huisarts", ""]


def plan(db: Session, group: Group, programme, starts_on: date, today: date) -> None:
    spec = programme.series
    recurrence.create_series(
        db,
        group,
        frequency=spec["frequency"],
        starts_on=starts_on,
        start_time=spec["start_time"],
        duration_minutes=group.default_duration_minutes,
        location=group.location,
        count=spec["count"],
        skipped=_holidays(today),
    )
    db.flush()
    meetings = list(
        db.scalars(select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at))
    )
    for meeting, theme in zip(meetings, programme.extra.get("themes", []), strict=False):
        meeting.theme = theme
    now = now_utc()
    upcoming = [m for m in meetings if m.starts_at > now]
    if len(upcoming) >= 4:
        _moved_online(upcoming[1])
        upcoming[3].status = CANCELLED
        upcoming[3].note = "Vanwege ziekte van een van ons gaat de groep deze week niet door."
        upcoming[3].sequence += 1
    _register(db, group, [m for m in meetings if m.starts_at <= now])


def _moved_online(meeting: Meeting) -> None:
    meeting.location = ""
    meeting.online_link = "https://meet.example.org/kring-demo"
    meeting.note = "Deze keer online: de zaal is niet beschikbaar."
    meeting.sequence += 1
    meeting.change_number += 1
    meeting.last_change = "place"


def _holidays(today: date) -> list[date]:
    """The Christmas break: no meetings from 24 December to 1 January."""
    days = []
    for year in (today.year - 1, today.year):
        start = date(year, 12, 24)
        days += [start + timedelta(days=n) for n in range(9)]
    return days


def _register(db: Session, group: Group, past: list[Meeting]) -> None:
    memberships = list(db.scalars(select(Membership).where(Membership.group_id == group.id)))
    for meeting in past:
        day = local_date(meeting.starts_at, group)
        for membership in memberships:
            if not membership.is_current(day):
                continue
            roll = random.Random(meeting.id * 1000 + membership.member_id)  # same every run
            chance = roll.random()
            if chance < 0.08:
                db.add(
                    Attendance(
                        meeting_id=meeting.id,
                        member_id=membership.member_id,
                        status=ATTENDANCE_CANCELLED,
                        reason=roll.choice(REASONS),
                        cancelled_at=meeting.starts_at - timedelta(hours=roll.choice([2, 30, 72])),
                        late=False,
                    )
                )
            else:
                db.add(
                    Attendance(
                        meeting_id=meeting.id,
                        member_id=membership.member_id,
                        status=ABSENT if chance < 0.13 else PRESENT,
                    )
                )
