"""Demo data for the therapist's week: before the next meeting two members have
cancelled (one after the cut-off, with a reason) and one member shared a reflection that
the therapists have not read yet."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.groups import cutoff
from server.groups.models import Group, Membership
from server.homework.models import Assignment, Reflection
from server.schedule import services as schedule
from server.schedule.models import ATTENDANCE_CANCELLED, Attendance

CANCELLING = [("Fleur", "Ik ben ziek, met koorts.", timedelta(0)), ("Joris", "", timedelta(days=3))]
SHARING = "Daan"


def plan(db: Session, group: Group, now: datetime) -> None:
    meeting = schedule.next_group_meeting(db, group, now)
    if meeting is None or db.scalar(
        select(Attendance.id).where(Attendance.meeting_id == meeting.id).limit(1)
    ):
        return  # loaded before: the demo is made once
    members = {
        m.member.name: m.member
        for m in db.scalars(select(Membership).where(Membership.group_id == group.id))
        if m.is_current(schedule.local_date(meeting.starts_at, group))
    }
    for name, reason, ahead in CANCELLING:
        if name in members:
            at = max(now - ahead, meeting.starts_at - timedelta(days=6))
            db.add(
                Attendance(
                    meeting_id=meeting.id,
                    member_id=members[name].id,
                    status=ATTENDANCE_CANCELLED,
                    reason=reason,
                    cancelled_at=at,
                    late=cutoff.is_short_notice(group, meeting.starts_at, at),
                )
            )
    if SHARING in members:
        _shared_reflection(db, group, members[SHARING].id, meeting.id, now)


def _shared_reflection(db: Session, group: Group, member_id: int, meeting_id: int, now) -> None:
    assignment = db.scalar(
        select(Assignment).where(
            Assignment.group_id == group.id,
            Assignment.member_id == member_id,
            Assignment.due_meeting_id == meeting_id,
        )
    )
    if assignment is not None:
        db.add(
            Reflection(
                assignment_id=assignment.id,
                member_id=member_id,
                tried="Ik heb de kopjes laten staan en ben gaan wandelen.",
                felt="Onrustig, later trots.",
                shared=True,
                shared_at=now - timedelta(hours=5),
                created_at=now - timedelta(hours=6),
            )
        )
