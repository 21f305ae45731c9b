"""The therapists' attendance register: who belongs to the group on a meeting's date,
their cancellations, present/absent afterwards, and the counts that the fee depends on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from server import audit
from server.auth.models import User
from server.groups.models import Group, Membership
from server.schedule.models import (
    ABSENT,
    ATTENDANCE_CANCELLED,
    PLANNED,
    PRESENT,
    Attendance,
    Meeting,
)
from server.schedule.services import local_date

MARKS = (PRESENT, ABSENT, ATTENDANCE_CANCELLED)


@dataclass
class RegisterRow:
    membership: Membership
    attendance: Attendance | None

    @property
    def status(self) -> str | None:
        return self.attendance.status if self.attendance else None


@dataclass
class Register:
    meeting: Meeting
    rows: list[RegisterRow]
    counts: Counter = field(default_factory=Counter)

    @property
    def expected(self) -> int:
        return len(self.rows) - self.counts[ATTENDANCE_CANCELLED]


def register_for(db: Session, meeting: Meeting, reader: User, log: bool = True) -> Register:
    """The register of one meeting. Reading it is access to members' data: logged
    (not when it only decides who may be marked, as when saving)."""
    day = local_date(meeting.starts_at, meeting.group)
    memberships = list(
        db.scalars(
            select(Membership)
            .where(
                Membership.group_id == meeting.group_id,
                Membership.joined_on <= day,
                Membership.left_on.is_(None) | (Membership.left_on >= day),
            )
            .options(selectinload(Membership.member))
            .order_by(Membership.joined_on, Membership.id)
        )
    )
    attendance = {
        a.member_id: a
        for a in db.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    rows = [RegisterRow(m, attendance.get(m.member_id)) for m in memberships]
    if log:
        audit.record_reads(
            db,
            actor_user_id=reader.id,
            object_type="attendance",
            reads=[(row.membership.member_id, meeting.id) for row in rows],
        )
    return Register(meeting, rows, Counter(r.status for r in rows if r.status))


def has_started(meeting: Meeting, now: datetime) -> bool:
    return now >= meeting.starts_at


def mark(db: Session, meeting: Meeting, marks: dict[int, str], actor: User) -> None:
    """Record present/absent (or keep a cancellation) for members of the register."""
    existing = {
        a.member_id: a
        for a in db.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    for member_id, status in marks.items():
        if status not in MARKS:
            continue
        row = existing.get(member_id)
        if row is None:
            db.add(Attendance(meeting_id=meeting.id, member_id=member_id, status=status))
        else:
            row.status = status
        audit.record(
            db,
            "update",
            actor_user_id=actor.id,
            subject_user_id=member_id,
            object_type="attendance",
            object_id=meeting.id,
        )


@dataclass
class MemberTally:
    attended: int = 0
    cancelled: int = 0
    missed: int = 0


def tallies(db: Session, group: Group) -> dict[int, MemberTally]:
    """Per member of the group: attended / cancelled / missed, one statement."""
    rows = db.execute(
        select(Attendance.member_id, Attendance.status, func.count())
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.group_id == group.id, Meeting.status == PLANNED)
        .group_by(Attendance.member_id, Attendance.status)
    )
    result: dict[int, MemberTally] = {}
    for member_id, status, number in rows:
        tally = result.setdefault(member_id, MemberTally())
        if status == PRESENT:
            tally.attended = number
        elif status == ABSENT:
            tally.missed = number
        else:
            tally.cancelled = number
    return result


def meeting_counts(db: Session, meetings: list[Meeting]) -> dict[int, Counter]:
    """Per meeting: how many present, absent and cancelled, one statement."""
    rows = db.execute(
        select(Attendance.meeting_id, Attendance.status, func.count())
        .where(Attendance.meeting_id.in_([m.id for m in meetings]))
        .group_by(Attendance.meeting_id, Attendance.status)
    )
    counts: dict[int, Counter] = {m.id: Counter() for m in meetings}
    for meeting_id, status, number in rows:
        counts[meeting_id][status] = number
    return counts
