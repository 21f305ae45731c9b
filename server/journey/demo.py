"""Demo journey for `kring demo`: InterAct's three phases, its group goals and each
member's personal goal; the documented member nears the end of her group."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.auth.models import User
from server.groups.models import Group, GroupTherapist, Membership
from server.journey import goals, services
from server.journey.models import Goal, GoalNote, MemberPhase

PHASES = ["Inzicht in oude patronen", "Nieuw gedrag oefenen", "Integreren in het dagelijks leven"]
GROUP_GOALS = [
    "Meer inzicht krijgen in mijn eigen gedrag in contact met anderen.",
    "Oefenen met zeggen wat ik voel, hier en nu in de groep.",
]
PERSONAL = [
    "Minder eenzaam zijn door me meer open te stellen voor anderen.",
    "Eerder aangeven waar mijn grens ligt.",
    "Hulp vragen als het me te veel wordt.",
]
RATINGS = [3, 4, 4, 6]


def plan(db: Session, group: Group, demo_member_email: str, today: date, now: datetime) -> None:
    therapist = db.scalar(
        select(User)
        .join(GroupTherapist, GroupTherapist.therapist_id == User.id)
        .where(GroupTherapist.group_id == group.id)
        .limit(1)
    )
    if db.scalar(select(Goal.id).where(Goal.group_id == group.id).limit(1)) or not therapist:
        return
    memberships = db.scalars(
        select(Membership).where(Membership.group_id == group.id).order_by(Membership.joined_on)
    ).all()
    if group.name == "Interactiegroep":
        services.set_phases(db, group, PHASES)
        db.flush()
        phases = services.phases_of(db, group)
        for text in GROUP_GOALS:
            goals.propose_goal(db, group, None, text, therapist, now)
        for index, membership in enumerate(memberships):
            # A later phase only after weeks in the group: who joined last starts at one.
            weeks_in = (today - membership.joined_on).days // 7
            phase = min(index // 3, 2, weeks_in // 5)
            db.add(MemberPhase(membership_id=membership.id, phase_id=phases[phase].id))
            goal = goals.propose_goal(
                db,
                group,
                membership.member,
                PERSONAL[index % len(PERSONAL)],
                membership.member,
                now,
            )
            db.flush()
            _notes(db, goal, membership, now)
    for membership in memberships:
        if membership.member.email == demo_member_email:
            # Near the end of her group, as in Kim's story: plan and evaluation are next.
            membership.left_on = today + timedelta(weeks=3)
            goal = goals.propose_goal(
                db,
                group,
                membership.member,
                "Mijn grenzen eerder aangeven, thuis en op werk.",
                membership.member,
                now,
            )
            db.flush()
            _notes(db, goal, membership, now)
            goals.propose_goal(
                db,
                group,
                membership.member,
                "Een keer per week iets leuks plannen met een vriendin.",
                therapist,
                now,
            )


def _notes(db: Session, goal: Goal, membership: Membership, now: datetime) -> None:
    for weeks_ago, rating in zip((9, 6, 3, 1), RATINGS, strict=True):
        written = now - timedelta(weeks=weeks_ago)
        if written.date() < membership.joined_on:
            continue  # nobody writes about a group before joining it
        db.add(
            GoalNote(
                goal_id=goal.id,
                member_id=membership.member_id,
                rating=rating,
                text="" if rating < 6 else "Het lukt vaker dan eerst.",
                shared=rating >= 6,
                created_at=written,
            )
        )
