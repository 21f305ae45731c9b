"""The meetings as one member sees them: her groups' meetings from the day she joined
to the day she leaves, with only her own attendance, never anyone else's. The rooster,
the earlier meetings, the home's next meeting, one meeting's page and the calendar
feed read them here; the rules for changing attendance are in services.py."""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from server.auth.models import User
from server.db import upsert
from server.groups.models import Membership
from server.groups.services import local_today
from server.schedule import reads
from server.schedule.models import ATTENDANCE_CANCELLED, PLANNED, Attendance, Meeting, MeetingSeen
from server.schedule.services import local, local_date

PAST_SHOWN = timedelta(weeks=26)  # the earlier meetings page
PAST_ON_ROOSTER = timedelta(weeks=4)


@dataclass
class MemberMeeting:
    """A meeting as one member sees it: only their own attendance, never anyone else's."""

    meeting: Meeting
    attendance: Attendance | None
    changed: bool  # time or place changed since the member last looked
    starts_local: datetime  # where the group meets: her day and clock time of it

    @property
    def cancelled_by_me(self) -> bool:
        return self.attendance is not None and self.attendance.status == ATTENDANCE_CANCELLED


class Rooster(NamedTuple):
    upcoming: list[MemberMeeting]  # soonest first
    recent: list[MemberMeeting]  # the past four weeks, latest first
    has_earlier: bool  # she was in a group before then: the earlier meetings page has more


def _member_groups(db: Session, member: User) -> list[Membership]:
    """Her memberships that have not ended (records, each with its group): after
    leaving, a group's schedule is no longer hers (her plan, goals and evaluation stay)."""
    return reads.member_groups(db, member.id, local_today())


def _as_hers(meeting: Meeting, attendance, seen, memberships) -> MemberMeeting | None:
    """The meeting as she sees it, or None when she was not in its group that day. Its
    local start is kept: the rooster shows it, and turning it into the group's zone
    again per meeting was work for nothing."""
    start = local(meeting.starts_at, meeting.group)
    day, group_id = start.date(), meeting.group_id
    for membership in memberships:  # a loop, not any() over a generator: once per row
        if membership.group_id == group_id and membership.is_current(day):
            return MemberMeeting(meeting, attendance, meeting.change_number > (seen or 0), start)
    return None


def member_meetings(
    db: Session,
    member: User,
    now: datetime,
    *,
    past_since: datetime | None = None,
    columns: str = "shown",
) -> tuple[list[MemberMeeting], list[MemberMeeting]]:
    """Upcoming (soonest first) and past (latest first) meetings of the member's groups,
    from each join date to each leave date; past ones from `past_since`, by default
    half a year back (the earlier meetings page). Two statements whatever the data
    size. `columns`: "shown" (what the pages show) or "all" (the calendar feed)."""
    since = past_since or now - PAST_SHOWN
    return _meetings(db, member, _member_groups(db, member), now, since, columns)


def rooster(db: Session, member: User, now: datetime) -> Rooster:
    """The rooster: what is planned, and only the past four weeks. Half a year of past
    meetings made two thirds of the page's rows and of its time (bench.instructions:
    10.7M -> 7.5M instructions a request); the earlier meetings page has them."""
    memberships = _member_groups(db, member)
    since = now - PAST_ON_ROOSTER
    upcoming, recent = _meetings(db, member, memberships, now, since, "shown")
    # On the day itself a meeting may already have dropped off: that counts as before.
    earlier = any(m.joined_on <= local_date(since, m.group) for m in memberships)
    return Rooster(upcoming, recent, earlier)


def _meetings(db: Session, member: User, memberships: list, now: datetime, since, columns):
    if not memberships:
        return [], []
    groups = {m.group_id: m.group for m in memberships}
    upcoming, past = [], []
    for meeting, attendance, seen in reads.meetings_of(db, member.id, groups, since, columns):
        item = _as_hers(meeting, attendance, seen, memberships)
        if item is not None:
            (upcoming if meeting.ends_at > now else past).append(item)
    past.reverse()
    return upcoming, past


def next_meeting(
    db: Session, member: User, now: datetime, memberships: list[Membership]
) -> MemberMeeting | None:
    """The first upcoming meeting that takes place, else the first upcoming one. Reads
    no further than that: the home does not grow with the months planned ahead.
    `memberships`: her memberships that have not ended, each with its group (the home
    has them with her progress, so they are not read twice)."""
    if not memberships:
        return None
    groups = {m.group_id: m.group for m in memberships}
    first = None
    with closing(reads.meetings_of(db, member.id, groups, now, one_by_one=True)) as meetings:
        for meeting, attendance, seen in meetings:
            if meeting.ends_at <= now:
                continue
            item = _as_hers(meeting, attendance, seen, memberships)
            if item is None:
                continue
            if meeting.status == PLANNED:
                return item
            first = first or item
    return first


def member_meeting(db: Session, member: User, meeting_id: int) -> MemberMeeting | None:
    """One meeting if it is the member's (their group, within their membership)."""
    row = db.execute(
        select(Meeting, Attendance, MeetingSeen.change_number)
        .outerjoin(
            Attendance, and_(Attendance.meeting_id == Meeting.id, Attendance.member_id == member.id)
        )
        .outerjoin(
            MeetingSeen,
            and_(MeetingSeen.meeting_id == Meeting.id, MeetingSeen.member_id == member.id),
        )
        .where(Meeting.id == meeting_id)
    ).first()
    if row is None:
        return None
    meeting, attendance, seen = row
    return _as_hers(meeting, attendance, seen, _member_groups(db, member))


def mark_seen(db: Session, member: User, meeting: Meeting) -> None:
    upsert(
        db,
        MeetingSeen,
        {"meeting_id": meeting.id, "member_id": member.id, "change_number": meeting.change_number},
        ["meeting_id", "member_id"],
        {"change_number": meeting.change_number},
    )
