"""The therapist's week: per group the next meeting with who is expected, who cancelled,
who is new or leaving; shared texts not yet read; members near their minimum or their
leave date. A fixed number of statements whatever the number of groups and members."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from server import audit
from server.audit import AuditEvent
from server.auth.models import User
from server.groups.models import Group, Membership
from server.homework.models import Assignment, Reflection
from server.journey.models import Evaluation
from server.schedule.models import ATTENDANCE_CANCELLED, PLANNED, PRESENT, Attendance, Meeting
from server.schedule.services import local_date

# A member is "nieuw" at the meetings of her first two weeks, and someone starting within
# four weeks is shown under "starting soon"; a leave date within four weeks is "leaving".
NEW_FOR = timedelta(days=14)
SOON = timedelta(days=28)
# "Near the minimum": this many meetings or fewer still to go.
NEAR_MINIMUM = 2


def is_new(membership: Membership, day: date) -> bool:
    return day - NEW_FOR < membership.joined_on <= day


def is_leaving(membership: Membership, day: date) -> bool:
    return membership.left_on is not None and day <= membership.left_on < day + SOON


@dataclass
class Expected:
    membership: Membership
    attendance: Attendance | None
    new: bool
    leaving: bool

    @property
    def cancelled(self) -> bool:
        return self.attendance is not None and self.attendance.status == ATTENDANCE_CANCELLED


@dataclass
class Attention:
    """A member to keep in mind: near her minimum number of meetings, or leaving soon."""

    membership: Membership
    attended: int

    @property
    def to_go(self) -> int | None:
        minimum = self.membership.min_sessions
        return None if minimum is None else max(minimum - self.attended, 0)


@dataclass
class GroupWeek:
    group: Group
    meeting: Meeting | None
    expected: list[Expected] = field(default_factory=list)
    starting: list[Membership] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    evaluations: list[SharedEvaluation] = field(default_factory=list)
    attention: list[Attention] = field(default_factory=list)

    @property
    def cancelled(self) -> list[Expected]:
        return [e for e in self.expected if e.cancelled]

    @property
    def coming(self) -> list[Expected]:
        return [e for e in self.expected if not e.cancelled]


def next_meetings(db: Session, groups: list[Group], now: datetime) -> dict[int, Meeting]:
    """Per group the first planned meeting that has not ended: one statement."""
    first = (
        select(
            Meeting.id,
            func.row_number()
            .over(partition_by=Meeting.group_id, order_by=Meeting.starts_at)
            .label("n"),
        )
        .where(
            Meeting.group_id.in_([g.id for g in groups]),
            Meeting.ends_at > now,
            Meeting.status == PLANNED,
        )
        .subquery()
    )
    meetings = db.scalars(
        select(Meeting).join(first, and_(first.c.id == Meeting.id, first.c.n == 1))
    )
    return {m.group_id: m for m in meetings}


def _memberships(db: Session, groups: list[Group], today: date) -> list[Membership]:
    """Members now and those starting within SOON, with their accounts."""
    return list(
        db.scalars(
            select(Membership)
            .join(Membership.member)
            .options(contains_eager(Membership.member))
            .where(
                Membership.group_id.in_([g.id for g in groups]),
                Membership.joined_on <= today + SOON,
                Membership.left_on.is_(None) | (Membership.left_on >= today),
            )
            .order_by(Membership.joined_on, Membership.id)
        )
    )


def _attended(db: Session, groups: list[Group]) -> dict[tuple[int, int], int]:
    rows = db.execute(
        select(Meeting.group_id, Attendance.member_id, func.count())
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Meeting.group_id.in_([g.id for g in groups]),
            Meeting.status == PLANNED,
            Attendance.status == PRESENT,
        )
        .group_by(Meeting.group_id, Attendance.member_id)
    )
    return {(group_id, member_id): n for group_id, member_id, n in rows}


def _not_read_by(therapist: User, object_type: str, object_id):
    return ~exists().where(
        AuditEvent.actor_user_id == therapist.id,
        AuditEvent.action == "read",
        AuditEvent.object_type == object_type,
        AuditEvent.object_id == object_id,
    )


def unread_reflections(db: Session, therapist: User, groups: list[Group]) -> list[Reflection]:
    """Shared reflections this therapist has not opened yet (the read receipts are the
    access log's "read" rows), oldest first."""
    return list(
        db.scalars(
            select(Reflection)
            .join(Reflection.assignment)
            .options(contains_eager(Reflection.assignment).selectinload(Assignment.member))
            .where(
                Assignment.group_id.in_([g.id for g in groups]),
                Reflection.shared.is_(True),
                _not_read_by(therapist, "reflection", Reflection.id),
            )
            .order_by(Reflection.shared_at, Reflection.id)
        )
    )


@dataclass
class SharedEvaluation:
    evaluation: Evaluation
    membership: Membership


def unread_evaluations(db: Session, therapist: User, groups: list[Group]) -> list[SharedEvaluation]:
    """Shared evaluations not yet opened, also of members who have left (an evaluation
    comes at the end)."""
    rows = db.execute(
        select(Evaluation, Membership)
        .join(Membership, Membership.id == Evaluation.membership_id)
        .options(selectinload(Membership.member))
        .where(
            Membership.group_id.in_([g.id for g in groups]),
            Evaluation.shared.is_(True),
            _not_read_by(therapist, "evaluation", Evaluation.id),
        )
        .order_by(Evaluation.updated_at)
    )
    return [SharedEvaluation(evaluation, membership) for evaluation, membership in rows]


def week_of(db: Session, therapist: User, groups: list[Group], now: datetime) -> list[GroupWeek]:
    """The therapist's home: what she wants to know before the group starts. Showing
    who is expected and who cancelled (with reasons) is logged per member."""
    if not groups:
        return []
    meetings = next_meetings(db, groups, now)
    today = min(local_date(now, g) for g in groups)
    memberships = _memberships(db, groups, today)
    attendance = {
        (a.meeting_id, a.member_id): a
        for a in db.scalars(
            select(Attendance).where(Attendance.meeting_id.in_([m.id for m in meetings.values()]))
        )
    }
    attended = _attended(db, groups)
    weeks = {g.id: GroupWeek(g, meetings.get(g.id)) for g in groups}
    for membership in memberships:
        week = weeks[membership.group_id]
        group_today = local_date(now, week.group)
        meeting = week.meeting
        day = local_date(meeting.starts_at, week.group) if meeting else group_today
        if membership.is_current(day) and meeting is not None:
            week.expected.append(
                Expected(
                    membership,
                    attendance.get((meeting.id, membership.member_id)),
                    is_new(membership, day),
                    is_leaving(membership, day),
                )
            )
        elif membership.joined_on > group_today:
            week.starting.append(membership)
        item = Attention(membership, attended.get((membership.group_id, membership.member_id), 0))
        near = item.to_go is not None and 0 < item.to_go <= NEAR_MINIMUM
        if membership.is_current(group_today) and (near or is_leaving(membership, group_today)):
            week.attention.append(item)
    for reflection in unread_reflections(db, therapist, groups):
        weeks[reflection.assignment.group_id].reflections.append(reflection)
    for shared in unread_evaluations(db, therapist, groups):
        weeks[shared.membership.group_id].evaluations.append(shared)
    _log(db, therapist, weeks.values())
    return list(weeks.values())


def _log(db: Session, therapist: User, weeks) -> None:
    """The register of the next meeting is read; a shared text is only announced (its
    own "read" comes when it is opened, which is what the member sees as read)."""
    reads = [(e.membership.member_id, w.meeting.id) for w in weeks for e in w.expected if w.meeting]
    audit.record_reads(db, actor_user_id=therapist.id, object_type="attendance", reads=reads)
    reflections = [(r.member_id, r.id) for w in weeks for r in w.reflections]
    audit.record_reads(
        db, actor_user_id=therapist.id, object_type="reflection_notice", reads=reflections
    )
    evaluations = [(e.membership.member_id, e.evaluation.id) for w in weeks for e in w.evaluations]
    audit.record_reads(
        db, actor_user_id=therapist.id, object_type="evaluation_notice", reads=evaluations
    )


def starting_soon(db: Session, group: Group, today: date) -> list[Membership]:
    """Members whose first day is after today but within SOON, with their accounts."""
    return list(
        db.scalars(
            select(Membership)
            .where(
                Membership.group_id == group.id,
                Membership.joined_on > today,
                Membership.joined_on <= today + SOON,
            )
            .options(selectinload(Membership.member))
            .order_by(Membership.joined_on, Membership.id)
        )
    )


def cancellations_by_meeting(db: Session, meetings: list[Meeting]) -> dict[int, tuple[int, int]]:
    """Per meeting: (cancelled, of which late), one statement."""
    rows = db.execute(
        select(Attendance.meeting_id, Attendance.late, func.count())
        .where(
            Attendance.meeting_id.in_([m.id for m in meetings]),
            Attendance.status == ATTENDANCE_CANCELLED,
        )
        .group_by(Attendance.meeting_id, Attendance.late)
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for meeting_id, late, number in rows:
        counts[meeting_id][0] += number
        if late:
            counts[meeting_id][1] += number
    return {meeting_id: (c[0], c[1]) for meeting_id, c in counts.items()}
