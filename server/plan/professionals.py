"""Professional help on the plan: the member's own contacts (name, role, phone) and the
numbers her practice set, shown "van je praktijk" on every plan of that practice. The
practice's numbers are read when the plan is shown, never copied into it: a changed
number is right everywhere at once, and she cannot change or lose them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.groups.models import Group, Membership, Practice
from server.plan.sections import per_language
from server.reads import Rows

# The roles she can choose, in the order of the form.
ROLES = {
    "gp": _l("GP"),
    "out_of_hours": _l("Out-of-hours GP service"),
    "crisis": _l("Crisis service"),
    "therapist": _l("Therapist"),
    "other": _l("Other"),
}


@dataclass(frozen=True)
class PracticeNumber:
    """One number the practice set, as it shows on a member's plan."""

    name: str
    phone: str


@per_language
def _role_words() -> dict[str, str]:
    return {key: str(label) for key, label in ROLES.items()}


def role_label(role: str) -> str:
    words = _role_words()
    return words.get(role, words["other"])


def practice_of(db: Session, member_id: int):
    """The practice of the member's most recent group, as a record (server/reads.py):
    only shown, and the ORM load was 7% of /plan/ (issue 22)."""
    row = db.connection().execute(_practice_statement(), {"member_id": member_id}).first()
    return _PRACTICE.split(row)[0] if row else None


_PRACTICE = Rows(Practice)


def practice_id_of(member_id):
    """The id of the practice of the member's most recent group, as a scalar subquery."""
    return (
        select(Group.practice_id)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.member_id == member_id)
        .order_by(Membership.joined_on.desc())
        .limit(1)
        .scalar_subquery()
    )


@cache
def _practice_statement():
    return select(*_PRACTICE.columns).where(Practice.id == practice_id_of(bindparam("member_id")))


def digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())


def practice_numbers(practice, own: list, notes: list) -> list[PracticeNumber]:
    """The practice's numbers, less those she already has: as one of her own contacts, or
    in a line of the section (plans made before contacts had a phone field hold the
    practice's number as a line, "Praktijk Heerlen, 045-1234567")."""
    if practice is None:
        return []
    numbers = [
        PracticeNumber(practice.name, practice.phone),
        PracticeNumber(role_label("out_of_hours"), practice.out_of_hours_phone),
        PracticeNumber(role_label("crisis"), practice.crisis_phone),
    ]
    has = {digits(contact.phone) for contact in own}
    in_notes = " ".join(digits(note.text) for note in notes)
    return [
        number
        for number in numbers
        if digits(number.phone)
        and digits(number.phone) not in has
        and digits(number.phone) not in in_notes
    ]
