"""A group's waiting list: candidates with the date they could start. Only the
practice's staff see it; inviting takes the candidate off the list in the same step."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit
from server.auth import services as accounts
from server.auth.models import User
from server.db import now_utc
from server.groups.models import Group
from server.practice.models import WaitingListEntry


def waiting(db: Session, group: Group) -> list[WaitingListEntry]:
    """Who is next first: the earliest possible start, then who asked first."""
    return list(
        db.scalars(
            select(WaitingListEntry)
            .where(WaitingListEntry.group_id == group.id, WaitingListEntry.invited_at.is_(None))
            .order_by(WaitingListEntry.available_on, WaitingListEntry.created_at)
        )
    )


def add(
    db: Session, actor: User, group: Group, name: str, email: str, available_on: date
) -> WaitingListEntry:
    entry = WaitingListEntry(
        group_id=group.id,
        name=name.strip(),
        email=accounts.normalise_email(email),
        available_on=available_on,
        added_by_id=actor.id,
    )
    db.add(entry)
    db.flush()
    audit.record(
        db, "create", actor_user_id=actor.id, object_type="waiting_list", object_id=entry.id
    )
    return entry


def entry_for_staff(db: Session, entry_id: int) -> WaitingListEntry | None:
    entry = db.get(WaitingListEntry, entry_id)
    return entry if entry is not None and entry.invited_at is None else None


def invite(db: Session, actor: User, entry: WaitingListEntry, joins_on: date) -> str:
    """The candidate's invitation into the group (refused like any other when the group
    is full on that day); returns the link token."""
    token = accounts.create_invite(db, actor, entry.group, entry.email, joins_on)
    entry.invited_at = now_utc()
    return token


def remove(db: Session, actor: User, entry: WaitingListEntry) -> None:
    """Off the list (no longer interested): the name and address are not kept."""
    audit.record(
        db, "delete", actor_user_id=actor.id, object_type="waiting_list", object_id=entry.id
    )
    db.delete(entry)
