"""The member's homework list as records (server/reads.py): the page only shows it.

Loading the assignments as ORM objects, with their due meetings and those meetings'
groups through two `selectinload` statements, took half of the page's time (cProfile,
25 assignments). One statement now brings each assignment with what the page shows of
its due meeting (when it starts, in its group's time zone) and the number of
reflections; it is built once with bind parameters. Changing homework loads ORM
objects as before.

The due meeting's start and zone are looked up per assignment by primary key: joined,
PostgreSQL read every meeting into a hash table for the 25 it needed (1.2 of the
statement's 1.7 ms with the demo data, EXPLAIN ANALYZE).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from server.groups.models import Group
from server.homework.models import OPEN, Assignment, Reflection
from server.reads import Rows, record_class
from server.schedule.models import Meeting

_ASSIGNMENTS = Rows(Assignment)
_MEETING = record_class(Meeting)
_GROUP = record_class(Group)


def member_assignments(
    db: Session, member_id: int, since: datetime | None
) -> tuple[list, bool | None]:
    """Her assignments in homework groups, newest first: those made `since` and the
    open ones, or all when `since` is None. Each has `due_meeting` (with its `group`)
    or None, and `reflection_count`. Also whether she has any made before `since`:
    each row of the recent ones carries it, so it is None when there are none (or
    `since` is None)."""
    rows = db.connection().execute(
        _assignments_statement(since is not None), {"member_id": member_id, "since": since}
    )
    assignments, older = [], None
    for row in rows:
        assignment, starts_at, timezone, written, *rest = _ASSIGNMENTS.split(row)
        assignment.due_meeting = None if starts_at is None else _due(starts_at, timezone)
        assignment.reflection_count = written
        assignments.append(assignment)
        older = bool(rest[0]) if rest else None
    return assignments, older


def _due(starts_at: datetime, timezone: str):
    """The due meeting as the page shows it (`due_day`): its start and its group's zone."""
    meeting, group = _MEETING.__new__(_MEETING), _GROUP.__new__(_GROUP)
    group.__dict__["timezone"] = timezone
    meeting.__dict__.update(starts_at=starts_at, group=group)
    return meeting


def has_assignments_before(db: Session, member_id: int, moment: datetime) -> bool:
    """Whether she has an assignment in a homework group made before `moment`."""
    statement = _older_statement()
    found = db.connection().execute(statement, {"member_id": member_id, "moment": moment})
    return found.first() is not None


@cache
def _assignments_statement(recent_only: bool):
    homework_group = aliased(Group)  # the assignment's; `Group` is the due meeting's
    due = Meeting.id == Assignment.due_meeting_id
    starts_at = select(Meeting.starts_at).where(due).scalar_subquery()
    timezone = select(Group.timezone).join(Meeting, Meeting.group_id == Group.id).where(due)
    written = (
        select(func.count(Reflection.id))
        .where(Reflection.assignment_id == Assignment.id)
        .scalar_subquery()
    )
    query = (
        select(*_ASSIGNMENTS.columns, starts_at, timezone.scalar_subquery(), written)
        .select_from(Assignment)
        .join(homework_group, homework_group.id == Assignment.group_id)
        .where(
            Assignment.member_id == bindparam("member_id"),
            homework_group.homework_enabled.is_(True),
        )
        .order_by(Assignment.created_at.desc(), Assignment.id.desc())
    )
    if recent_only:
        since = bindparam("since", type_=Assignment.created_at.type)
        query = query.where((Assignment.created_at >= since) | (Assignment.status == OPEN))
        # "All earlier weeks" in the same round trip: the subquery does not depend on
        # the row, so the databases run it once per statement.
        query = query.add_columns(_older(since).exists().label("older"))
    return query


def _older(moment):
    """Her assignments in homework groups made before `moment` (one is enough)."""
    older = aliased(Assignment)
    return (
        select(older.id)
        .join(Group, Group.id == older.group_id)
        .where(
            older.member_id == bindparam("member_id"),
            Group.homework_enabled.is_(True),
            older.created_at < moment,
        )
        .correlate(None)
        .limit(1)
    )


@cache
def _older_statement():
    return _older(bindparam("moment", type_=Assignment.created_at.type))
