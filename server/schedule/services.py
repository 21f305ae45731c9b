"""The rules of meetings and attendance. Views and the command line call these; the
push feature listens to `meeting_changed`. What one member sees of her meetings is in
member_view.py."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from blinker import Namespace
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server import audit
from server.auth.models import User
from server.db import insert_ignoring_conflicts
from server.groups import cutoff
from server.groups.models import Group, GroupTherapist
from server.schedule.models import (
    ATTENDANCE_CANCELLED,
    CANCELLED,
    PLANNED,
    Attendance,
    Meeting,
)

_signals = Namespace()
# Sent after a meeting's time, place, link, theme or status changed (before the commit):
# receivers get `meeting` and `change` ("changed" | "cancelled" | "restored").
meeting_changed = _signals.signal("meeting-changed")


class AttendanceRefused(Exception):
    """Cancelling is not possible: `reason` is "started" or "meeting_cancelled"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def local(moment: datetime, group: Group) -> datetime:
    return moment.astimezone(ZoneInfo(group.timezone))


def local_date(moment: datetime, group: Group) -> date:
    return local(moment, group).date()


def is_late(meeting: Meeting, now: datetime) -> bool:
    return cutoff.is_short_notice(meeting.group, meeting.starts_at, now)


def cancel_attendance(
    db: Session,
    member: User,
    meeting: Meeting,
    reason: str,
    now: datetime,
    force_majeure: bool = False,
) -> Attendance:
    """ "Ik kan niet komen". Repeating it (a double tap, a replay, two requests at the
    same moment) leaves the one record that the first made. Overmacht (illness, an
    emergency) only means something for a late cancellation: on time it is not kept."""
    if meeting.status == CANCELLED:
        raise AttendanceRefused("meeting_cancelled")
    if now >= meeting.starts_at:
        raise AttendanceRefused("started")
    late = is_late(meeting, now)
    insert_ignoring_conflicts(
        db,
        Attendance,
        {
            "meeting_id": meeting.id,
            "member_id": member.id,
            "status": ATTENDANCE_CANCELLED,
            "reason": reason.strip(),
            "cancelled_at": now,
            "late": late,
            "force_majeure": late and force_majeure,
            "updated_at": now,
        },
        ["meeting_id", "member_id"],
    )
    return db.scalars(
        select(Attendance)
        .where(Attendance.meeting_id == meeting.id, Attendance.member_id == member.id)
        .execution_options(populate_existing=True)
    ).one()


def undo_cancellation(db: Session, member: User, meeting: Meeting, now: datetime) -> None:
    if now >= meeting.starts_at:
        raise AttendanceRefused("started")
    db.execute(
        delete(Attendance).where(
            Attendance.meeting_id == meeting.id,
            Attendance.member_id == member.id,
            Attendance.status == ATTENDANCE_CANCELLED,
        )
    )


def meeting_led_by(db: Session, therapist: User, meeting_id: int) -> Meeting | None:
    return db.scalar(
        select(Meeting)
        .join(GroupTherapist, GroupTherapist.group_id == Meeting.group_id)
        .where(Meeting.id == meeting_id, GroupTherapist.therapist_id == therapist.id)
    )


TIME_AND_PLACE = ("starts_at", "ends_at", "location", "online_link")
TIME, PLACE = ("starts_at", "ends_at"), ("location", "online_link")


def change_kind(changed: set[str]) -> str:
    """What a member is told changed: "time", "place" or "time place"."""
    kinds = [kind for kind, fields in (("time", TIME), ("place", PLACE)) if changed & set(fields)]
    return " ".join(kinds)


EDITABLE = (*TIME_AND_PLACE, "theme", "note")


def update_meeting(db: Session, meeting: Meeting, actor: User, **changes) -> set[str]:
    """Edit a meeting; returns what changed. Members see it at once; calendars through
    SEQUENCE; a time or place change is marked for members until they have seen it."""
    changed = {k for k, v in changes.items() if k in EDITABLE and getattr(meeting, k) != v}
    for name in changed:
        setattr(meeting, name, changes[name])
    if changed:
        meeting.sequence += 1
        if changed & set(TIME_AND_PLACE):
            meeting.change_number += 1
            meeting.last_change = change_kind(changed)
        _changed(db, meeting, actor, "changed")
    return changed


def cancel_meeting(db: Session, meeting: Meeting, actor: User, message: str) -> None:
    meeting.status = CANCELLED
    meeting.note = message.strip()
    meeting.sequence += 1
    _changed(db, meeting, actor, "cancelled")


def restore_meeting(db: Session, meeting: Meeting, actor: User) -> None:
    meeting.status = PLANNED
    meeting.sequence += 1
    _changed(db, meeting, actor, "restored")


def _changed(db: Session, meeting: Meeting, actor: User, change: str) -> None:
    audit.record(db, "update", actor_user_id=actor.id, object_type="meeting", object_id=meeting.id)
    meeting_changed.send(db, meeting=meeting, change=change)


def group_meetings(
    db: Session, group: Group, now: datetime, *, ahead: int = 12, back: int = 12
) -> tuple[list[Meeting], list[Meeting]]:
    """For the therapists: the next and the latest meetings of a group."""
    upcoming = db.scalars(
        select(Meeting)
        .where(Meeting.group_id == group.id, Meeting.ends_at > now)
        .order_by(Meeting.starts_at)
        .limit(ahead)
    )
    past = db.scalars(
        select(Meeting)
        .where(Meeting.group_id == group.id, Meeting.ends_at <= now)
        .order_by(Meeting.starts_at.desc())
        .limit(back)
    )
    return list(upcoming), list(past)


def next_group_meeting(db: Session, group: Group, now: datetime) -> Meeting | None:
    return db.scalar(
        select(Meeting)
        .where(Meeting.group_id == group.id, Meeting.starts_at > now, Meeting.status == PLANNED)
        .order_by(Meeting.starts_at)
        .limit(1)
    )
