"""The rules of the journey: where a member is, her evaluation, the phases of a
group, and what therapists may read of them (shared only, and logged). Goals are in
goals.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import Date, bindparam, func, or_, select
from sqlalchemy.orm import Session

from server import audit
from server.announcements import services as announcements
from server.auth.models import User
from server.groups.models import Group, Membership, Practice
from server.journey.models import Evaluation, Goal, GoalNote, GroupPhase, MemberPhase
from server.reads import Rows
from server.schedule.models import PLANNED, PRESENT, Attendance, Meeting

ENDING_NOTICE = timedelta(weeks=4)


@dataclass
class Progress:
    membership: Membership
    group: Group
    practice: Practice
    meeting_number: int  # the number of her next meeting in this group
    attended: int
    meetings_left: int | None  # planned meetings until her leave date
    phase: str | None
    has_news: bool  # her group has announcements of the last weeks (maybe dismissed)

    @property
    def min_sessions(self) -> int | None:
        return self.membership.min_sessions

    def ending(self, today: date) -> bool:
        left_on = self.membership.left_on
        return left_on is not None and today <= left_on <= today + ENDING_NOTICE


def progress(db: Session, member: User, now: datetime, today: date) -> list[Progress]:
    """Per current group: meeting number, attendance, phase and meetings left. One
    statement whatever the number of meetings; records, not ORM objects (the home only
    shows them, see server/reads.py)."""
    values = {"member_id": member.id, "now": now, "today": today}
    values["news_since"] = now - announcements.SHOWN_FOR
    found = []
    for row in db.connection().execute(_progress_statement(), values):
        m, group, practice, phase, held, left, attended, news = _PROGRESS.split(row)
        m.group = group
        left = left if m.left_on else None
        found.append(Progress(m, group, practice, held + 1, attended, left, phase, news))
    return found


_PROGRESS = Rows(Membership, Group, Practice)


@cache
def _progress_statement():
    """Built once, with bind parameters: on the home page, building it every time cost
    more than running it (see `make bench`)."""
    member_id = bindparam("member_id")
    now, today = bindparam("now", type_=Meeting.starts_at.type), bindparam("today", type_=Date)
    meeting_day = func.date(Meeting.starts_at)
    held = (
        select(func.count(Meeting.id))
        .where(
            Meeting.group_id == Membership.group_id,
            Meeting.status == PLANNED,
            Meeting.starts_at < now,
            meeting_day >= Membership.joined_on,
        )
        .scalar_subquery()
    )
    left = (
        select(func.count(Meeting.id))
        .where(
            Meeting.group_id == Membership.group_id,
            Meeting.status == PLANNED,
            Meeting.starts_at >= now,
            meeting_day <= Membership.left_on,
        )
        .scalar_subquery()
    )
    attended = (
        select(func.count(Attendance.id))
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Meeting.group_id == Membership.group_id,
            Attendance.member_id == member_id,
            Attendance.status == PRESENT,
        )
        .scalar_subquery()
    )
    news = announcements.news_column()
    return (
        select(*_PROGRESS.columns, GroupPhase.name, held, left, attended, news)
        .join(Group, Group.id == Membership.group_id)
        .join(Practice, Practice.id == Group.practice_id)
        .outerjoin(MemberPhase, MemberPhase.membership_id == Membership.id)
        .outerjoin(GroupPhase, GroupPhase.id == MemberPhase.phase_id)
        .where(
            Membership.member_id == member_id,
            or_(Membership.left_on.is_(None), Membership.left_on >= today),
        )
        .order_by(Membership.joined_on)
    )


# The evaluation


def evaluation_for(db: Session, membership: Membership) -> Evaluation:
    evaluation = db.scalar(select(Evaluation).where(Evaluation.membership_id == membership.id))
    return evaluation or Evaluation(membership_id=membership.id, member_id=membership.member_id)


def save_evaluation(
    db: Session, evaluation: Evaluation, values: dict, shared: bool, now: datetime
) -> None:
    for name in ("brought", "sticks", "grow", "take_away"):
        setattr(evaluation, name, values.get(name) or "")
    evaluation.shared = shared
    evaluation.updated_at = now
    db.add(evaluation)


# Therapists


def phases_of(db: Session, group: Group) -> list[GroupPhase]:
    return list(
        db.scalars(
            select(GroupPhase).where(GroupPhase.group_id == group.id).order_by(GroupPhase.position)
        )
    )


def set_phases(db: Session, group: Group, names: list[str]) -> None:
    """Replace the group's phases; members keep theirs where the name stays."""
    existing = {p.name: p for p in phases_of(db, group)}
    for position, name in enumerate(n.strip() for n in names if n.strip()):
        phase = existing.pop(name, None) or GroupPhase(group_id=group.id, name=name)
        phase.position = position
        db.add(phase)
    for gone in existing.values():
        db.execute(MemberPhase.__table__.delete().where(MemberPhase.phase_id == gone.id))
        db.delete(gone)


def set_member_phase(db: Session, membership: Membership, phase: GroupPhase | None) -> None:
    row = db.get(MemberPhase, membership.id)
    if phase is None:
        if row is not None:
            db.delete(row)
    elif row is None:
        db.add(MemberPhase(membership_id=membership.id, phase_id=phase.id))
    else:
        row.phase_id = phase.id


def member_phase_id(db: Session, membership: Membership) -> int | None:
    row = db.get(MemberPhase, membership.id)
    return row.phase_id if row else None


def shared_journey(db: Session, therapist: User, membership: Membership):
    """Her goals (all: they are agreed together), and only the notes and the evaluation
    she shared; each shared text shown is logged."""
    goals = db.scalars(
        select(Goal)
        .where(Goal.member_id == membership.member_id, Goal.group_id == membership.group_id)
        .order_by(Goal.created_at)
    ).all()
    notes = db.scalars(
        select(GoalNote)
        .where(GoalNote.goal_id.in_([g.id for g in goals]), GoalNote.shared.is_(True))
        .order_by(GoalNote.created_at)
    ).all()
    evaluation = db.scalar(
        select(Evaluation).where(
            Evaluation.membership_id == membership.id, Evaluation.shared.is_(True)
        )
    )
    audit.record_reads(
        db,
        actor_user_id=therapist.id,
        object_type="goal",
        reads=[(membership.member_id, g.id) for g in goals],
    )
    reads = [(membership.member_id, n.id) for n in notes]
    audit.record_reads(db, actor_user_id=therapist.id, object_type="goal_note", reads=reads)
    if evaluation is not None:
        audit.record_reads(
            db,
            actor_user_id=therapist.id,
            object_type="evaluation",
            reads=[(membership.member_id, evaluation.id)],
        )
    return goals, notes, evaluation
