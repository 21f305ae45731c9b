"""Demo data: the five programmes of the seeds as five practices.

Loading is idempotent: everything is looked up by its natural key first, so a second
`kring demo` adds nothing and fails on nothing. Later features extend `load()` with
their own demo rows (meetings, homework, plans) in the same get-or-create style.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.auth import services as accounts
from server.auth.models import MEMBER, THERAPIST, User
from server.db import now_utc
from server.demo_programmes import DEMO_THERAPIST, PROGRAMMES
from server.groups.models import Group, GroupTherapist, Membership, Practice
from server.homework import demo as demo_homework
from server.journey import demo as demo_journey
from server.plan import demo as demo_plan
from server.push import demo as demo_push
from server.schedule import demo as demo_schedule
from server.schedule import recurrence
from server.security import hash_password
from server.therapist import demo as demo_week

DEMO_PASSWORD = "kring-demo-2026"  # noqa: S105 - documented in the README on purpose
DEMO_MEMBER = "member@example.org"
DEMO_ADMIN = "admin@example.org"  # the Heerlen practice's admin (praktijkbeheerder)
# Therapists must use a second factor; the demo ones share this published TOTP secret so
# a newcomer can add it to an authenticator app (or compute codes with pyotp).
DEMO_TOTP_SECRET = "KRINGDEMOTHERAPISTKRINGDEMO23456"  # noqa: S105


def load(db: Session, today: date) -> list[tuple[str, str]]:
    """Create what is missing; return the documented sign-ins."""
    # One hash for all demo accounts: they share a published password anyway, and
    # argon2id at full cost per account would make `make run` slow for nothing.
    password_hash = hash_password(DEMO_PASSWORD)
    for programme in PROGRAMMES:
        practice = _practice(db, programme.practice)
        group = _group(db, practice, programme.group)
        for email, name in programme.therapists:
            therapist = _user(db, email, name, password_hash, THERAPIST, practice.id)
            if db.get(GroupTherapist, (group.id, therapist.id)) is None:
                db.add(GroupTherapist(group_id=group.id, therapist_id=therapist.id))
        starts_on = _weekday_on_or_before(
            today - timedelta(weeks=programme.series["weeks_ago"]), programme.series["weekday"]
        )
        for index, first_name in enumerate(programme.members):
            email = DEMO_MEMBER if first_name == "Sanne" else _member_email(first_name, group)
            member = _user(db, email, first_name, password_hash, MEMBER, None)
            # Open groups: most started together, the last ones joined later.
            joined_on = starts_on + timedelta(weeks=3 * max(0, index - 4))
            _membership(db, group, member, joined_on, programme.extra.get("min_sessions"))
        db.flush()
        if not recurrence.series_of(db, group):
            demo_schedule.plan(db, group, programme, starts_on, today)
        demo_homework.plan(db, group, DEMO_MEMBER, now_utc())
        demo_journey.plan(db, group, DEMO_MEMBER, today, now_utc())
        demo_week.plan(db, group, now_utc())
    heerlen = _practice(db, PROGRAMMES[0].practice)
    admin = _user(db, DEMO_ADMIN, "Petra Claessen", password_hash, THERAPIST, heerlen.id)
    admin.practice_admin = True
    demo_plan.plan(db, DEMO_MEMBER, now_utc())
    demo_push.plan(db, accounts.user_by_email(db, DEMO_MEMBER))
    db.flush()
    return [("member", DEMO_MEMBER), ("therapist", DEMO_THERAPIST), ("admin", DEMO_ADMIN)]


def _member_email(first_name: str, group: Group) -> str:
    return f"{first_name.lower()}.{group.name.lower()}@example.org"


def _practice(db: Session, values: dict) -> Practice:
    practice = db.scalar(select(Practice).where(Practice.name == values["name"]))
    if practice is None:
        practice = Practice(**values)
        db.add(practice)
        db.flush()
    return practice


def _group(db: Session, practice: Practice, values: dict) -> Group:
    group = db.scalar(
        select(Group).where(Group.practice_id == practice.id, Group.name == values["name"])
    )
    if group is None:
        group = Group(practice=practice, **values)
        db.add(group)
        db.flush()
    return group


def _user(
    db: Session, email: str, name: str, password_hash: str, role: str, practice_id: int | None
) -> User:
    user = accounts.user_by_email(db, email)
    if user is None:
        user = User(
            email=email,
            password_hash=password_hash,
            display_name=name,
            role=role,
            practice_id=practice_id,
            totp_secret=DEMO_TOTP_SECRET if role == THERAPIST else None,
        )
        db.add(user)
        db.flush()
    return user


def _membership(db: Session, group: Group, member: User, joined_on: date, min_sessions) -> None:
    exists = db.scalar(
        select(Membership.id).where(
            Membership.group_id == group.id, Membership.member_id == member.id
        )
    )
    if exists is None:
        db.add(
            Membership(group=group, member=member, joined_on=joined_on, min_sessions=min_sessions)
        )


def _weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)
