"""The rules of announcements; the push feature listens to `announcement_posted`."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from blinker import Namespace
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from server.announcements.models import Announcement, AnnouncementDismissal
from server.auth.models import User
from server.db import insert_ignoring_conflicts
from server.groups import services as groups
from server.groups.models import Group, Membership
from server.reads import Rows
from server.schedule.services import local_date

_signals = Namespace()
# Sent before the commit with `announcement` and `members` (the ids it is for).
announcement_posted = _signals.signal("announcement-posted")

# An announcement not dismissed leaves the home by itself after this long: it was about
# a week or two ahead, and an old one would only worry.
SHOWN_FOR = timedelta(weeks=4)


def post(db: Session, author: User, group: Group, text: str) -> Announcement:
    """To the members of the group today."""
    announcement = Announcement(group=group, author_id=author.id, text=text.strip())
    db.add(announcement)
    db.flush()
    members = {
        m.member_id for m in groups.current_memberships(db, group, groups.local_today(group))
    }
    announcement_posted.send(db, announcement=announcement, members=members)
    return announcement


def _is_for(membership: Membership, announcement: Announcement) -> bool:
    """For who was a member on the day it was posted and still is today."""
    posted_on = local_date(announcement.created_at, announcement.group)
    return membership.joined_on <= posted_on and membership.is_current(
        groups.local_today(announcement.group)
    )


def for_member(db: Session, member: User, now: datetime) -> list[Announcement]:
    """Her groups' recent announcements that she has not dismissed, newest first; one
    statement."""
    rows = db.connection().execute(
        _for_member_statement(), {"member_id": member.id, "since": now - SHOWN_FOR}
    )
    shown: dict[int, Announcement] = {}
    for row in rows:
        # Records, not ORM objects: the home only shows them (see server/reads.py).
        announcement, group, membership = _FOR_MEMBER.split(row)
        announcement.group = group
        if _is_for(membership, announcement):
            shown.setdefault(announcement.id, announcement)
    return list(shown.values())


_FOR_MEMBER = Rows(Announcement, Group, Membership)


@cache
def _for_member_statement():
    """Built once, with bind parameters: on the home page, building it on every
    request cost more than running it."""
    member_id = bindparam("member_id")
    return (
        select(*_FOR_MEMBER.columns)
        .join(Group, Group.id == Announcement.group_id)
        .join(Membership, Membership.group_id == Announcement.group_id)
        .outerjoin(
            AnnouncementDismissal,
            and_(
                AnnouncementDismissal.announcement_id == Announcement.id,
                AnnouncementDismissal.member_id == member_id,
            ),
        )
        .where(
            Membership.member_id == member_id,
            Announcement.created_at > bindparam("since", type_=Announcement.created_at.type),
            AnnouncementDismissal.member_id.is_(None),
        )
        .order_by(Announcement.created_at.desc(), Announcement.id.desc())
    )


def news_column():
    """Whether the membership's group has an announcement of the last SHOWN_FOR: a
    column of the home's progress statement (Membership rows). Most homes have none to
    show; then `for_member`, which says which are hers, need not run (a statement of
    four). Bind `news_since` to now - SHOWN_FOR."""
    since = bindparam("news_since", type_=Announcement.created_at.type)
    return (
        select(Announcement.id)
        .where(Announcement.group_id == Membership.group_id, Announcement.created_at > since)
        .exists()
        .label("has_news")
    )


def dismiss(db: Session, member: User, announcement_id: int, now: datetime) -> bool:
    """False if it is not one of hers (then nothing is written). Twice is once."""
    if all(a.id != announcement_id for a in for_member(db, member, now)):
        return False
    insert_ignoring_conflicts(
        db,
        AnnouncementDismissal,
        {"announcement_id": announcement_id, "member_id": member.id, "dismissed_at": now},
        ["announcement_id", "member_id"],
    )
    return True


def of_group(db: Session, group: Group, limit: int = 20) -> list[Announcement]:
    return list(
        db.scalars(
            select(Announcement)
            .where(Announcement.group_id == group.id)
            .order_by(Announcement.created_at.desc(), Announcement.id.desc())
            .limit(limit)
        )
    )
