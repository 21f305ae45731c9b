"""`kring demo --scale N`: N practices of a national provider's size for the load
benchmark. Each has 10 groups of 8 members and two therapists per group, two years of
weekly meetings (most of them past) with their register, weekly homework with
reflections, a goal with notes and a plan per member.

Rows go in through Core bulk inserts (executemany, RETURNING where ids are needed):
N=50 is over a million rows, which the ORM's unit of work would flush far slower.
Every practice is looked up by name first, so a larger N later only adds the rest.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.audit import AuditEvent
from server.auth.models import MEMBER, THERAPIST, User
from server.demo import DEMO_TOTP_SECRET
from server.groups.models import Group, GroupTherapist, Membership, Practice
from server.scale import meetings, people
from server.scale.batch import Batch

GROUPS = 10
MEMBERS = 8
THERAPISTS = 10  # group g is led by therapists g and g+1: each leads two groups
WEEKS_BACK, WEEKS_AHEAD = 90, 14  # two years of weekly meetings, most of them past
DAYS = ("Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag")
NAMES = ("Anouk", "Bram", "Daan", "Eline", "Fleur", "Gijs", "Iris", "Joris", "Lotte", "Milan")


def practice_name(number: int) -> str:
    return f"Praktijk {number:03d}"


def member_email(practice: int, group: int, member: int) -> str:
    """Numbers count from 1: lid.1.1.1 is the first member of the first group."""
    return f"lid.{practice}.{group}.{member}@scale.example.org"


def therapist_email(practice: int, therapist: int) -> str:
    """Therapist t leads groups t-1 and t (and therapist 1 leads groups 10 and 1)."""
    return f"behandelaar.{practice}.{therapist}@scale.example.org"


def share_token(practice: int, group: int) -> str:
    """The first member of each group shares her plan; published like the demo's link."""
    return f"scale-share-{practice}-{group}-Xq7vR2mK9tLp"


def generate(
    db: Session, count: int, password_hash: str, today: date, now: datetime
) -> Iterator[int]:
    """Make the missing practices of 1..count; yields each number once it is flushed,
    so the caller can commit practice by practice."""
    for number in range(1, count + 1):
        if db.scalar(select(Practice.id).where(Practice.name == practice_name(number))):
            continue
        roll = random.Random(number)  # noqa: S311 - made-up data, the same every run
        batch = Batch(db, number, today, now, roll)
        _practice(batch, password_hash)
        batch.bulk(AuditEvent, batch.audit)
        db.flush()
        yield number


def _practice(batch: Batch, password_hash: str) -> None:
    practice = Practice(
        name=practice_name(batch.number),
        address=f"Stationsstraat {batch.number}, Utrecht",
        phone="030-0000000",
        email=f"info@praktijk{batch.number}.example.org",
    )
    batch.db.add(practice)
    batch.db.flush()
    emails = [therapist_email(batch.number, t + 1) for t in range(THERAPISTS)]
    therapists = _users(batch, emails, password_hash, practice.id)
    for g in range(GROUPS):
        _group(batch, practice, g, password_hash, therapists[g], therapists[(g + 1) % GROUPS])


def _users(batch: Batch, emails: list[str], password_hash: str, practice_id=None) -> list[int]:
    """Members when `practice_id` is None, else therapists (with the demo's TOTP key)."""
    rows = [
        {
            "email": email,
            "password_hash": password_hash,
            "display_name": batch.roll.choice(NAMES),
            "role": MEMBER if practice_id is None else THERAPIST,
            "practice_id": practice_id,
            "totp_secret": None if practice_id is None else DEMO_TOTP_SECRET,
        }
        for email in emails
    ]
    return batch.ids(User, rows)


def _group(batch: Batch, practice: Practice, g: int, password_hash: str, *therapists: int) -> None:
    starts_on = batch.today - timedelta(weeks=WEEKS_BACK)
    starts_on -= timedelta(days=(starts_on.weekday() - g % 5) % 7)
    group = Group(
        practice_id=practice.id,
        name=f"{DAYS[g % 5]}groep {'AB'[g // 5]}",  # neutral: lock screens show it
        location=practice.address,
        homework_enabled=g != GROUPS - 1,  # one group works without homework
    )
    batch.db.add(group)
    batch.db.flush()
    batch.bulk(GroupTherapist, [{"group_id": group.id, "therapist_id": t} for t in therapists])
    emails = [member_email(batch.number, g + 1, m + 1) for m in range(MEMBERS)]
    members = _users(batch, emails, password_hash)
    # An open group: six started together, two joined later; one leaves in two months.
    joined = [starts_on] * 6 + [starts_on + timedelta(weeks=w) for w in (30, 60)]
    left = [None] * 5 + [batch.today + timedelta(weeks=8)] + [None] * 2
    batch.bulk(
        Membership,
        [
            {"group_id": group.id, "member_id": m, "joined_on": j, "left_on": lo}
            for m, j, lo in zip(members, joined, left, strict=True)
        ],
    )
    roster = list(zip(members, joined, strict=True))
    held = meetings.plan(batch, group, starts_on, WEEKS_BACK + WEEKS_AHEAD)
    meetings.register(batch, held, roster, therapists[0])
    if group.homework_enabled:
        people.homework(batch, group, held, roster, therapists[0])
    people.goals_and_plans(batch, group, roster, share_token(batch.number, g + 1))
