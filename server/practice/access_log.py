"""The practice's access log (NEN 7513 asks the practice to review it): every event
in which one of its staff acted or one of its members' data was touched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.audit import AuditEvent
from server.auth.models import User
from server.groups.models import Group, Membership

PAGE_SIZE = 200


@dataclass
class Filter:
    person_id: int | None = None
    member_id: int | None = None
    start: date | None = None
    end: date | None = None  # inclusive


def _staff_ids(practice_id: int):
    return select(User.id).where(User.practice_id == practice_id)


def _member_ids(practice_id: int):
    return (
        select(Membership.member_id)
        .join(Group, Group.id == Membership.group_id)
        .where(Group.practice_id == practice_id)
    )


def people(db: Session, practice_id: int) -> tuple[list[User], list[User]]:
    """The practice's staff and its members (past ones too), for the filter."""
    staff = db.scalars(select(User).where(User.id.in_(_staff_ids(practice_id))).order_by(User.id))
    members = db.scalars(
        select(User).where(User.id.in_(_member_ids(practice_id))).order_by(User.display_name)
    )
    return list(staff), list(members)


def events(db: Session, practice_id: int, chosen: Filter, limit: int | None = PAGE_SIZE):
    """Newest first. A chosen person or member outside the practice finds nothing."""
    query = select(AuditEvent).where(
        or_(
            AuditEvent.actor_user_id.in_(_staff_ids(practice_id)),
            AuditEvent.subject_user_id.in_(_member_ids(practice_id)),
        )
    )
    if chosen.person_id:
        query = query.where(AuditEvent.actor_user_id == chosen.person_id)
    if chosen.member_id:
        query = query.where(AuditEvent.subject_user_id == chosen.member_id)
    if chosen.start:
        query = query.where(AuditEvent.at >= datetime.combine(chosen.start, time(), UTC))
    if chosen.end:
        end = datetime.combine(chosen.end + timedelta(days=1), time(), UTC)
        query = query.where(AuditEvent.at < end)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if limit:
        query = query.limit(limit)
    return list(db.scalars(query))
