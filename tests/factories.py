"""Test data made through the same services the app uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import count

from sqlalchemy.orm import Session

from server.auth import services as accounts
from server.auth.models import MEMBER, THERAPIST, User
from server.demo import DEMO_TOTP_SECRET
from server.groups.models import Group, GroupTherapist, Membership, Practice
from server.security import hash_password

PASSWORD = "a long enough passphrase"
TOTP_SECRET = DEMO_TOTP_SECRET  # therapists must have a second factor
_numbers = count(1)


@cache
def _password_hash() -> str:
    # Hashed once per run: argon2id at its full cost for every test user is slow.
    return hash_password(PASSWORD)


@dataclass
class World:
    practice: Practice
    other_practice: Practice
    group_a: Group
    group_b: Group
    group_c: Group
    member_a: User
    member_b: User
    member_c: User
    therapist_a: User
    therapist_b: User
    therapist_c: User


class Factory:
    def __init__(self, db: Session):
        self.db = db

    def user(self, email: str, name: str, role: str = MEMBER, **values) -> User:
        user = User(
            email=accounts.normalise_email(email),
            password_hash=_password_hash(),
            display_name=name,
            role=role,
            **values,
        )
        self.db.add(user)
        self.db.flush()
        return user

    def practice(self, name: str | None = None) -> Practice:
        practice = Practice(name=name or f"Praktijk {next(_numbers)}", phone="010-0000000")
        self.db.add(practice)
        self.db.flush()
        return practice

    def group(self, practice: Practice, name: str | None = None, **values) -> Group:
        group = Group(practice=practice, name=name or f"Groep {next(_numbers)}", **values)
        self.db.add(group)
        self.db.flush()
        return group

    def therapist(self, practice: Practice, *groups: Group, email: str | None = None) -> User:
        user = self.user(
            email or f"therapeut{next(_numbers)}@example.org",
            "Therapeut",
            role=THERAPIST,
            practice_id=practice.id,
            totp_secret=TOTP_SECRET,
        )
        for group in groups:
            self.db.add(GroupTherapist(group_id=group.id, therapist_id=user.id))
        self.db.flush()
        return user

    def member(
        self,
        *groups: Group,
        email: str | None = None,
        name: str = "Lid",
        joined_on: date | None = None,
    ) -> User:
        user = self.user(email or f"lid{next(_numbers)}@example.org", name)
        for group in groups:
            self.db.add(
                Membership(
                    group=group,
                    member=user,
                    joined_on=joined_on or date.today() - timedelta(days=30),
                )
            )
        self.db.flush()
        return user

    def world(self) -> World:
        practice, other = self.practice(), self.practice()
        group_a, group_b = self.group(practice, "Groep A"), self.group(practice, "Groep B")
        group_c = self.group(other, "Groep C")
        world = World(
            practice=practice,
            other_practice=other,
            group_a=group_a,
            group_b=group_b,
            group_c=group_c,
            member_a=self.member(group_a, email="a@example.org", name="Anna"),
            member_b=self.member(group_b, email="b@example.org", name="Bart"),
            member_c=self.member(group_c, email="c@example.org", name="Cor"),
            therapist_a=self.therapist(practice, group_a, email="ta@example.org"),
            therapist_b=self.therapist(practice, group_b, email="tb@example.org"),
            therapist_c=self.therapist(other, group_c, email="tc@example.org"),
        )
        self.db.commit()
        return world

    def meeting(self, group: Group, starts_at, minutes: int = 90, **values):
        from server.schedule.models import Meeting

        meeting = Meeting(
            group_id=group.id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            location=values.pop("location", "Kerkstraat 1, Heerlen"),
            **values,
        )
        self.db.add(meeting)
        self.db.flush()
        return meeting

    def assignment(self, world: World, title: str = "Zeg een keer nee", **values):
        """Anna's assignment from her therapist (group A), due at its next meeting: one in
        two days unless `due_meeting_id` says otherwise."""
        from server.db import now_utc
        from server.homework.models import Assignment

        if "due_meeting_id" not in values:
            soon = now_utc().replace(microsecond=0) + timedelta(days=2)
            values["due_meeting_id"] = self.meeting(world.group_a, soon).id
        assignment = Assignment(
            group_id=world.group_a.id,
            member_id=world.member_a.id,
            set_by_id=world.therapist_a.id,
            title=title,
            **values,
        )
        self.db.add(assignment)
        self.db.commit()
        return assignment
