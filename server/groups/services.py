"""Who belongs where. Every query that a therapist's or member's page needs to scope
its data goes through here, so the access rules live in one place."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from server.auth.models import Invite, User
from server.db import now_utc
from server.groups.models import Group, GroupTherapist, Membership

DEFAULT_TIMEZONE = "Europe/Amsterdam"


def groups_led_by(db: Session, therapist: User) -> list[Group]:
    return list(
        db.scalars(
            select(Group)
            .join(GroupTherapist, GroupTherapist.group_id == Group.id)
            .where(GroupTherapist.therapist_id == therapist.id, Group.archived_at.is_(None))
            .order_by(Group.name)
        )
    )


def group_led_by(db: Session, therapist: User, group_id: int) -> Group | None:
    """The group if this therapist leads it; None for anyone else's group."""
    return db.scalar(
        select(Group)
        .join(GroupTherapist, GroupTherapist.group_id == Group.id)
        .where(Group.id == group_id, GroupTherapist.therapist_id == therapist.id)
    )


def current_on(on: date):
    """Memberships that run on that day (a SQL condition)."""
    return (Membership.joined_on <= on) & (
        Membership.left_on.is_(None) | (Membership.left_on >= on)
    )


def current_memberships(db: Session, group: Group, on: date) -> list[Membership]:
    return list(
        db.scalars(
            select(Membership)
            .where(Membership.group_id == group.id, current_on(on))
            .options(selectinload(Membership.member))
            .order_by(Membership.joined_on)
        )
    )


def member_counts(db: Session, groups: list[Group], on: date) -> dict[int, int]:
    rows = db.execute(
        select(Membership.group_id, func.count())
        .where(Membership.group_id.in_([g.id for g in groups]), current_on(on))
        .group_by(Membership.group_id)
    )
    return {group_id: number for group_id, number in rows}


def is_current_member(db: Session, group: Group, member: User, on: date) -> bool:
    return (
        db.scalar(
            select(Membership.id).where(
                Membership.group_id == group.id,
                Membership.member_id == member.id,
                Membership.left_on.is_(None) | (Membership.left_on >= on),
            )
        )
        is not None
    )


def add_membership(db: Session, group: Group, member: User, joined_on: date) -> Membership:
    # The group's minimum number of meetings is where each member starts.
    membership = Membership(
        group=group, member=member, joined_on=joined_on, min_sessions=group.min_sessions
    )
    db.add(membership)
    return membership


def local_today(group: Group | None = None) -> date:
    """Today's date where the group meets (dates are decided in the group's zone)."""
    zone = ZoneInfo(group.timezone if group else DEFAULT_TIMEZONE)
    return datetime.now(zone).date()


def membership_led_by(db: Session, therapist: User, membership_id: int) -> Membership | None:
    return db.scalar(
        select(Membership)
        .join(GroupTherapist, GroupTherapist.group_id == Membership.group_id)
        .where(Membership.id == membership_id, GroupTherapist.therapist_id == therapist.id)
        .options(selectinload(Membership.member), selectinload(Membership.group))
    )


def update_membership(
    membership: Membership, joined_on: date, left_on: date | None, min_sessions: int | None
) -> bool:
    """Set the dates; returns whether anything changed (only a change is logged)."""
    new = (joined_on, left_on, min_sessions)
    if new == (membership.joined_on, membership.left_on, membership.min_sessions):
        return False
    membership.joined_on, membership.left_on, membership.min_sessions = new
    return True


def latest_membership_of(db: Session, group_id: int, member_id: int | None):
    return db.scalar(
        select(Membership)
        .where(Membership.group_id == group_id, Membership.member_id == member_id)
        .order_by(Membership.joined_on.desc())
        .limit(1)
    )


def places_taken(db: Session, group: Group, on: date) -> int:
    """Members on that day plus the open invitations that start by then: an invitation
    holds its place, so a full group cannot be invited into twice over."""
    members = db.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.group_id == group.id, current_on(on))
    )
    invited = db.scalar(
        select(func.count()).select_from(Invite).where(*_open_invites(group), Invite.joins_on <= on)
    )
    return members + invited


def _open_invites(group: Group) -> tuple:
    return (Invite.group_id == group.id, Invite.used_at.is_(None), Invite.expires_at > now_utc())


def has_place(db: Session, group: Group, on: date) -> bool:
    """A place from that day on: checked on the day and on every later day someone
    else is due to join (leaving only ever frees places)."""
    later = db.scalars(
        select(Membership.joined_on)
        .where(Membership.group_id == group.id, Membership.joined_on > on)
        .union(select(Invite.joins_on).where(*_open_invites(group), Invite.joins_on > on))
    )
    return all(places_taken(db, group, day) < group.max_members for day in [on, *later])


def first_free_day(db: Session, group: Group, today: date) -> date | None:
    """The first day a place is free for someone new: today, or the day after a
    member's last day; None when no member has a leave date that frees one."""
    for day in [today, *(left + timedelta(days=1) for left in leave_dates(db, group, today))]:
        if has_place(db, group, day):
            return day
    return None


def leave_dates(db: Session, group: Group, today: date) -> list[date]:
    """The coming last days of current members: when places free up."""
    return list(
        db.scalars(
            select(Membership.left_on)
            .where(Membership.group_id == group.id, Membership.left_on >= today)
            .order_by(Membership.left_on)
        )
    )


def works_with_goals(db: Session, member: User, on: date) -> bool:
    """Is the member in a group that works with phases and goals (a group's setting)?"""
    found = db.scalar(
        select(Membership.id)
        .join(Group, Group.id == Membership.group_id)
        .where(Membership.member_id == member.id, Group.journey_enabled, current_on(on))
        .limit(1)
    )
    return found is not None
