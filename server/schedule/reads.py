"""The member's meetings as records (server/reads.py): the rooster, the home's next
meeting and the calendar feed only show them. Two statements whatever the data size,
each built once with bind parameters."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from sqlalchemy import Date, and_, bindparam, select
from sqlalchemy.orm import Session

from server.groups.models import Group, Membership
from server.reads import Rows, record_class
from server.schedule.models import Attendance, Meeting, MeetingSeen


class ShownRows(Rows):
    """Rows of only some columns of each table: what a page shows. Each column read is
    a conversion per row in Python (a datetime two), so the rooster and the home read
    neither the calendar's SEQUENCE and DTSTAMP nor her reason for cancelling."""

    def __init__(self, *parts: tuple[type, tuple[str, ...]]) -> None:
        self.columns = [model.__table__.c[key] for model, keys in parts for key in keys]
        self.parts = [(record_class(model), list(keys), keys.index("id")) for model, keys in parts]


_MEMBERSHIPS = Rows(Membership, Group)
_MEETING_SHOWN = ("id", "group_id", "starts_at", "ends_at", "location", "online_link", "theme")
_MEETINGS = {
    "all": Rows(Meeting, Attendance),  # the calendar feed
    "shown": ShownRows(  # the rooster and the home's card
        (Meeting, (*_MEETING_SHOWN, "status", "note", "change_number", "last_change")),
        (Attendance, ("id", "status", "late")),
    ),
}


def member_groups(db: Session, member_id: int, today: date) -> list:
    """Her memberships that have not ended, each with its group."""
    rows = db.connection().execute(
        _member_groups_statement(), {"member_id": member_id, "today": today}
    )
    memberships = []
    for row in rows:
        membership, group = _MEMBERSHIPS.split(row)
        membership.group = group
        memberships.append(membership)
    return memberships


@cache
def _member_groups_statement():
    today = bindparam("today", type_=Date)
    return (
        select(*_MEMBERSHIPS.columns)
        .join(Group, Group.id == Membership.group_id)
        .where(
            Membership.member_id == bindparam("member_id"),
            Membership.left_on.is_(None) | (Membership.left_on >= today),
        )
    )


def meetings_of(
    db: Session,
    member_id: int,
    groups: dict[int, object],
    since: datetime,
    columns="shown",
    *,
    one_by_one: bool = False,
):
    """(meeting, her attendance or None, the change number she last saw or None) of
    these groups' meetings that end after `since`, soonest first; each meeting has its
    group from `groups`. `columns`: "shown" for pages, "all" for the calendar feed.

    `one_by_one`: rows are fetched as they are asked for, so a reader that needs only
    the first few (the home's next meeting) stops early; closing the generator closes
    the result. Otherwise all rows are fetched at once, which costs the rooster's 40
    rows a sixth less than fetching them one by one."""
    split = _MEETINGS[columns].split
    rows = db.connection().execute(
        _meetings_statement(columns),
        {"member_id": member_id, "group_ids": list(groups), "since": since},
    )
    with rows:
        for row in rows if one_by_one else rows.all():
            meeting, attendance, seen = split(row)
            meeting.group = groups[meeting.group_id]
            yield meeting, attendance, seen


@cache
def _meetings_statement(columns: str):
    member_id = bindparam("member_id")
    return (
        select(*_MEETINGS[columns].columns, MeetingSeen.change_number)
        .outerjoin(
            Attendance, and_(Attendance.meeting_id == Meeting.id, Attendance.member_id == member_id)
        )
        .outerjoin(
            MeetingSeen,
            and_(MeetingSeen.meeting_id == Meeting.id, MeetingSeen.member_id == member_id),
        )
        .where(
            Meeting.group_id.in_(bindparam("group_ids", expanding=True)),
            Meeting.ends_at >= bindparam("since", type_=Meeting.ends_at.type),
        )
        .order_by(Meeting.starts_at)
    )
