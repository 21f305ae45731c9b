"""A practice's groups and their rules: who may set them up, the name check, the
size limit and archiving. The waiting list is in `waiting_list`."""

from __future__ import annotations

import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server import audit
from server.auth.models import THERAPIST, User
from server.db import now_utc
from server.groups.models import Group, GroupTherapist

# The name shows on lock screens and in calendars (DESIGN.md: discreet), so a word
# that says what kind of group it is gets a warning.
REVEALING_WORDS = re.compile(
    r"therap|psych|depress|angst|paniek|trauma|ptss|ptsd|borderline|persoonlijkheid|"
    r"autis|adhd|add\b|eetstoornis|anorexi|boulimi|verslav|bipola|schizo|dwang|ocd|"
    r"burn-?out|suicid|suïcid|rouw|ggz|stemming",
    re.IGNORECASE,
)

SETTINGS = (
    "name",
    "location",
    "online_link",
    "default_duration_minutes",
    "break_minutes",
    "max_members",
    "homework_enabled",
    "journey_enabled",
    "min_sessions",
    "cancellation_rule",
    "cancellation_cutoff_hours",
    "cancellation_cutoff_time",
)


def reveals_too_much(name: str) -> bool:
    return bool(REVEALING_WORDS.search(name or ""))


def name_taken(db: Session, practice_id: int, name: str, except_id: int | None = None) -> bool:
    found = db.scalar(
        select(Group.id).where(Group.practice_id == practice_id, Group.name == name.strip())
    )
    return found is not None and found != except_id


def therapist_choices(db: Session, practice_id: int) -> list[User]:
    return list(
        db.scalars(
            select(User)
            .where(User.practice_id == practice_id, User.role == THERAPIST, User.active)
            .order_by(User.display_name)
        )
    )


def practice_groups(db: Session, user: User) -> list[Group]:
    """The admin sees every group of the practice, a therapist the groups she leads;
    archived groups leave the list."""
    query = select(Group).where(Group.practice_id == user.practice_id, Group.archived_at.is_(None))
    if not user.practice_admin:
        query = query.join(GroupTherapist, GroupTherapist.group_id == Group.id).where(
            GroupTherapist.therapist_id == user.id
        )
    return list(db.scalars(query.order_by(Group.name)))


def group_for_staff(db: Session, user: User, group_id: int) -> Group | None:
    """The group if this admin's practice has it or this therapist leads it, and it is
    not archived; None otherwise (a 404: another practice's group looks like none)."""
    group = db.get(Group, group_id)
    if group is None or group.practice_id != user.practice_id or group.archived_at is not None:
        return None
    if user.practice_admin or user.id in therapist_ids(db, group):
        return group
    return None


def therapist_ids(db: Session, group: Group) -> list[int]:
    return list(
        db.scalars(select(GroupTherapist.therapist_id).where(GroupTherapist.group_id == group.id))
    )


def save_group(
    db: Session, actor: User, group: Group | None, values: dict, therapists: list[int]
) -> Group:
    """Create (group None) or update a group of the actor's practice. `therapists` are
    ids of active staff of the same practice (the form offers only those)."""
    allowed = {u.id for u in therapist_choices(db, actor.practice_id)}
    chosen = [i for i in therapists if i in allowed]
    if group is None:
        group = Group(practice_id=actor.practice_id)
        db.add(group)
    for name in SETTINGS:
        if name == "cancellation_cutoff_hours" and values[name] is None:
            continue  # asked only with the hours rule: it stays as it was (or the default)
        setattr(group, name, values[name])
    group.name = group.name.strip()
    group.location = (group.location or "").strip()
    group.online_link = group.online_link or ""
    db.flush()
    db.execute(
        delete(GroupTherapist).where(
            GroupTherapist.group_id == group.id, GroupTherapist.therapist_id.not_in(chosen)
        )
    )
    present = set(therapist_ids(db, group))
    db.add_all(
        GroupTherapist(group_id=group.id, therapist_id=i) for i in chosen if i not in present
    )
    audit.record(db, "update", actor_user_id=actor.id, object_type="group", object_id=group.id)
    return group


def archive(db: Session, actor: User, group: Group) -> None:
    group.archived_at = now_utc()
    audit.record(db, "update", actor_user_id=actor.id, object_type="group", object_id=group.id)
