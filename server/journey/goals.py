"""Goals: a member's own and her group's, proposed by her or by a therapist (hers
count at once, a therapist's wait for her yes), her notes and ratings on them, and the
goals a therapist leads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.auth.models import User
from server.groups.models import Group, GroupTherapist, Membership
from server.journey.models import Goal, GoalNote


def member_goals(db: Session, member: User) -> tuple[list[Goal], list[Goal]]:
    """Her personal goals (with her notes) and the goals of the groups she is or was in
    (without anyone's notes)."""
    group_ids = select(Membership.group_id).where(Membership.member_id == member.id)
    personal = db.scalars(
        select(Goal)
        .where(Goal.member_id == member.id)
        .order_by(Goal.created_at)
        .options(selectinload(Goal.notes))
    ).all()
    group = db.scalars(
        select(Goal)
        .where(Goal.member_id.is_(None), Goal.group_id.in_(group_ids))
        .order_by(Goal.created_at)
    ).all()
    return list(personal), list(group)


def own_goal(db: Session, member: User, goal_id: int) -> Goal | None:
    goal = db.get(Goal, goal_id)
    if goal is None:
        return None
    if goal.member_id == member.id:
        return goal
    mine = db.scalar(
        select(Membership.id).where(
            Membership.member_id == member.id, Membership.group_id == goal.group_id
        )
    )
    return goal if goal.member_id is None and mine else None


def propose_goal(
    db: Session, group: Group, member: User | None, text: str, by: User, now: datetime
) -> Goal:
    """A member's own proposal counts at once; a therapist's waits for her yes."""
    goal = Goal(
        group_id=group.id,
        member_id=member.id if member else None,
        text=text.strip(),
        proposed_by_id=by.id,
        confirmed_at=now if member is None or by.id == member.id else None,
    )
    db.add(goal)
    return goal


def change_goal(goal: Goal, text: str, by: User, now: datetime) -> None:
    goal.text = text.strip()
    goal.proposed_by_id = by.id
    goal.confirmed_at = now if goal.member_id in (None, by.id) else None


def confirm_goal(goal: Goal, now: datetime) -> None:
    goal.confirmed_at = now


def add_note(
    db: Session,
    member: User,
    goal: Goal,
    text: str,
    rating: int | None,
    shared: bool,
    now: datetime,
) -> GoalNote:
    note = GoalNote(
        goal_id=goal.id,
        member_id=member.id,
        text=text.strip(),
        rating=rating,
        shared=shared,
        created_at=now,
    )
    db.add(note)
    return note


@dataclass
class Chart:
    points: str  # SVG polyline points, drawn on the server: no chart library
    first: int
    last: int


def chart(notes: list[GoalNote], width: int = 280, height: int = 80) -> Chart | None:
    """The 0-10 ratings over time, or None with fewer than two."""
    rated = [n.rating for n in notes if n.rating is not None]
    if len(rated) < 2:
        return None
    step = width / (len(rated) - 1)
    points = " ".join(
        f"{round(i * step, 1)},{round(height - r * height / 10, 1)}" for i, r in enumerate(rated)
    )
    return Chart(points, rated[0], rated[-1])


def group_goals(db: Session, group: Group) -> list[Goal]:
    return list(
        db.scalars(
            select(Goal)
            .where(Goal.group_id == group.id, Goal.member_id.is_(None))
            .order_by(Goal.created_at)
        )
    )


def goal_led_by(db: Session, therapist: User, goal_id: int) -> Goal | None:
    return db.scalar(
        select(Goal)
        .join(GroupTherapist, GroupTherapist.group_id == Goal.group_id)
        .where(Goal.id == goal_id, GroupTherapist.therapist_id == therapist.id)
    )
