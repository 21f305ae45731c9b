"""Demo data: the five programmes of the seeds as five practices.

Loading is idempotent: everything is looked up by its natural key first, so a second
`kring demo` adds nothing and fails on nothing. Later features extend `load()` with
their own demo rows (meetings, homework, plans) in the same get-or-create style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.auth import services as accounts
from server.auth.models import MEMBER, THERAPIST, User
from server.db import now_utc
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
DEMO_THERAPIST = "therapist@example.org"
DEMO_ADMIN = "admin@example.org"  # the Heerlen practice's admin (praktijkbeheerder)
# Therapists must use a second factor; the demo ones share this published TOTP secret so
# a newcomer can add it to an authenticator app (or compute codes with pyotp).
DEMO_TOTP_SECRET = "KRINGDEMOTHERAPISTKRINGDEMO23456"  # noqa: S105


@dataclass
class DemoGroup:
    practice: dict
    group: dict
    therapists: list[tuple[str, str]]
    members: list[str]
    series: dict
    extra: dict = field(default_factory=dict)


# Seed 001's practice runs two of the demo groups.
LIMBURG = {
    "name": "Psychotherapie Praktijk Limburg",
    "address": "Markt 3, Sittard",
    "phone": "046-0000000",
    "email": "info@praktijklimburg.example.org",
}
# "Afmelden voor vrijdag 16:30" for a Monday group, as many Dutch practices do.
CANCEL_BY_FRIDAY = {
    "cancellation_rule": "last_working_day",
    "cancellation_cutoff_time": time(16, 30),
}
LIMBURG_THERAPISTS = [
    ("limburg.1@example.org", "Ingrid Houben"),
    ("limburg.2@example.org", "Paul Janssen"),
]

PROGRAMMES = [
    # Seed 003 (Kim, Heerlen): weekly, themed first meetings, personal homework, a plan.
    # The two documented sign-ins live here, so one sign-in shows every feature.
    DemoGroup(
        practice={
            "name": "Volwassenenzorg Heerlen",
            "address": "Akerstraat 1, Heerlen",
            "phone": "045-0000000",
            "email": "groepen@heerlen.example.org",
            # On every member's plan "from your practice"; Sanne has the first herself.
            "out_of_hours_phone": "088-0000045",
            "crisis_phone": "045-0000099",
        },
        group={
            "name": "Donderdaggroep",
            "location": "Akerstraat 1, Heerlen",
            "max_members": 8,
            "homework_enabled": True,
        },
        therapists=[(DEMO_THERAPIST, "Eva de Wit"), ("therapist2@example.org", "Ruud Smeets")],
        members=["Sanne", "Daan", "Fleur", "Joris", "Noor", "Bram", "Lotte"],
        series={
            "frequency": "weekly",
            "weekday": 3,
            "start_time": time(10, 0),
            "count": 40,
            "weeks_ago": 5,
        },
        extra={"themes": ["Kennismaking", "Het ouderlijk huis"]},
    ),
    # Seed 002 (Zeilstra, Bloemendaal): every Friday 09:30-11:00, 6-8 patients.
    DemoGroup(
        practice={
            "name": "Zeilstra Psychotherapie",
            "address": "Zeeweg 2, Bloemendaal",
            "phone": "023-0000000",
            "email": "praktijk@zeilstra.example.org",
        },
        group={"name": "Vrijdaggroep", "location": "Zeeweg 2, Bloemendaal", "max_members": 8},
        therapists=[
            ("zeilstra.1@example.org", "Marieke Zeilstra"),
            ("zeilstra.2@example.org", "Joost Verhoeven"),
        ],
        members=["Anouk", "Thijs", "Iris", "Wouter", "Maaike", "Stijn"],
        series={
            "frequency": "weekly",
            "weekday": 4,
            "start_time": time(9, 30),
            "count": 52,
            "weeks_ago": 20,
        },
    ),
    # Seed 001 (Praktijk Limburg): open group, Monday late afternoon, 1.5-2 hours with a
    # break, at least 6 sessions, 4-8 members, no homework.
    DemoGroup(
        practice=LIMBURG,
        group={
            "name": "Maandaggroep",
            "location": "Markt 3, Sittard",
            "max_members": 8,
            "default_duration_minutes": 120,
            "break_minutes": 15,
            "homework_enabled": False,
            **CANCEL_BY_FRIDAY,
        },
        therapists=LIMBURG_THERAPISTS,
        members=["Kevin", "Mieke", "Luuk", "Esther", "Rob"],
        series={
            "frequency": "weekly",
            "weekday": 0,
            "start_time": time(16, 30),
            "count": 20,
            "weeks_ago": 8,
        },
        extra={"min_sessions": 6},
    ),
    # Seed 001 again: "sometimes every two weeks" - a follow-up group of the same practice.
    DemoGroup(
        practice=LIMBURG,
        group={
            "name": "Vervolggroep",
            "location": "Markt 3, Sittard",
            "max_members": 8,
            "default_duration_minutes": 120,
            "break_minutes": 15,
            "homework_enabled": False,
            **CANCEL_BY_FRIDAY,
        },
        therapists=LIMBURG_THERAPISTS,
        members=["Hanna", "Sem", "Yara", "Dirk"],
        series={
            "frequency": "fortnightly",
            "weekday": 0,
            "start_time": time(16, 30),
            "count": 10,
            "weeks_ago": 6,
        },
        extra={"min_sessions": 6},
    ),
    # Seed 004 (InterAct, Groningen): Monday afternoon, 1.5 hours, at most 10, phases.
    DemoGroup(
        practice={
            "name": "InterAct Groningen",
            "address": "Vismarkt 4, Groningen",
            "phone": "050-0000000",
            "email": "interact@groningen.example.org",
        },
        group={"name": "Interactiegroep", "location": "Vismarkt 4, Groningen", "max_members": 10},
        therapists=[
            ("interact.1@example.org", "Hanneke Bos"),
            ("interact.2@example.org", "Erik Mulder"),
        ],
        members=["Jesse", "Femke", "Sven", "Roos", "Gijs", "Lieke", "Tim", "Evi", "Milan"],
        series={
            "frequency": "weekly",
            "weekday": 0,
            "start_time": time(13, 30),
            "count": 60,
            "weeks_ago": 12,
        },
    ),
    # Seed 000 (Apanta-ggz): weekly 90 minutes, 8-9 members, 1 to 1.5 years, no themes.
    DemoGroup(
        practice={
            "name": "Apanta-ggz",
            "address": "Stationsplein 5, Amersfoort",
            "phone": "033-0000000",
            "email": "groepen@apanta.example.org",
        },
        # No themes, no workbook and no homework in seed 000.
        group={
            "name": "Dinsdaggroep",
            "location": "Stationsplein 5, Amersfoort",
            "max_members": 9,
            "homework_enabled": False,
            "journey_enabled": False,
        },
        therapists=[
            ("apanta.1@example.org", "Karin Vos"),
            ("apanta.2@example.org", "Martijn de Jong"),
        ],
        members=["Julia", "Bas", "Eline", "Niels", "Sophie", "Ruben", "Laura", "Koen"],
        series={
            "frequency": "weekly",
            "weekday": 1,
            "start_time": time(13, 30),
            "count": 70,
            "weeks_ago": 30,
        },
    ),
]


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
