"""A member's attendance as the therapists see it: one status per past meeting, her
history in a group and her progress against the minimum number of meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from server import audit
from server.auth.models import User
from server.groups.models import Membership
from server.homework.models import Assignment, Reflection
from server.schedule.models import (
    ABSENT,
    ATTENDANCE_CANCELLED,
    PLANNED,
    PRESENT,
    Attendance,
    Meeting,
)
from server.schedule.services import local_date

# What a past meeting was for a member, in the words of the billing export.
LATE_CANCELLED = "late_cancelled"
NOT_REGISTERED = "not_registered"  # the register of that meeting was not filled in
STATUSES = (PRESENT, ABSENT, ATTENDANCE_CANCELLED, LATE_CANCELLED, NOT_REGISTERED)


def status_of(attendance: Attendance | None) -> str:
    """The one place that turns an attendance row into a status. A late cancellation
    for "overmacht" (illness, an emergency) counts as cancelled in time."""
    if attendance is None:
        return NOT_REGISTERED
    if attendance.status == ATTENDANCE_CANCELLED:
        late = attendance.late and not attendance.force_majeure
        return LATE_CANCELLED if late else ATTENDANCE_CANCELLED
    return attendance.status if attendance.status in (PRESENT, ABSENT) else NOT_REGISTERED


@dataclass
class HistoryRow:
    meeting: Meeting
    attendance: Attendance | None

    @property
    def status(self) -> str:
        return status_of(self.attendance)


@dataclass
class History:
    rows: list[HistoryRow]  # latest first
    minimum: int | None

    @property
    def attended(self) -> int:
        return sum(1 for row in self.rows if row.status == PRESENT)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


def history(db: Session, reader: User, membership: Membership, now: datetime) -> History:
    """Her planned meetings from her first day until now (or her last day), each with
    her attendance; one statement. Reading it is logged."""
    rows = db.execute(
        select(Meeting, Attendance)
        .outerjoin(
            Attendance,
            and_(Attendance.meeting_id == Meeting.id, Attendance.member_id == membership.member_id),
        )
        .where(
            Meeting.group_id == membership.group_id,
            Meeting.status == PLANNED,
            Meeting.starts_at <= now,
        )
        .order_by(Meeting.starts_at.desc())
    )
    group = membership.group
    kept = [
        HistoryRow(meeting, attendance)
        for meeting, attendance in rows
        if membership.is_current(local_date(meeting.starts_at, group))
    ]
    audit.record(
        db,
        "read",
        actor_user_id=reader.id,
        subject_user_id=membership.member_id,
        object_type="attendance_history",
        object_id=membership.id,
    )
    return History(kept, membership.min_sessions)


def shared_reflections(db: Session, membership: Membership) -> list[tuple[int, str, datetime]]:
    """(assignment id, title, shared at) of what she shared in this group, latest first:
    the texts themselves open on the assignment's page, where each read is logged."""
    return [
        tuple(row)
        for row in db.execute(
            select(Assignment.id, Assignment.title, Reflection.shared_at)
            .join(Reflection, Reflection.assignment_id == Assignment.id)
            .where(
                Assignment.group_id == membership.group_id,
                Reflection.member_id == membership.member_id,
                Reflection.shared.is_(True),
            )
            .order_by(Reflection.shared_at.desc())
        )
    ]
