"""What is due: the reminders `kring send-reminders` finds by the clock.

A reminder is added to the log once its moment has come, once per channel she gets it
by (push to her devices, e-mail by her choice), so the log holds no rows for the many
who want neither; quiet hours may then make it wait in the log until they end.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, contains_eager

from server.auth.models import User
from server.groups.models import Group, Membership
from server.homework.models import OPEN, Assignment, Reflection
from server.push import timing
from server.push.models import (
    MEETING_REMINDER,
    MEETING_SOON,
    REFLECTION_REMINDER,
    NotificationLog,
    NotificationPreference,
    PushSubscription,
)
from server.push.preferences import Preferences
from server.schedule.models import ATTENDANCE_CANCELLED, PLANNED, Attendance, Meeting

# Far enough ahead for "the evening before" of a meeting late the next day.
HORIZON = timedelta(hours=54)


def reminder_subject(meeting: Meeting) -> str:
    # The start time is part of it: a meeting moved to another day is reminded of again.
    return f"meeting:{meeting.id}:{meeting.starts_at:%Y%m%d%H%M}"


def has_device(user_id_column):
    return exists(select(PushSubscription.id).where(PushSubscription.user_id == user_id_column))


def reachable():
    """Members who can get a notice at all: an active account, not deleted."""
    return and_(User.active.is_(True), User.deleted_at.is_(None))


def _candidates(db: Session, now: datetime):
    cancelled = exists(
        select(Attendance.id).where(
            Attendance.meeting_id == Meeting.id,
            Attendance.member_id == Membership.member_id,
            Attendance.status == ATTENDANCE_CANCELLED,
        )
    )
    return db.execute(
        select(Meeting, Membership, NotificationPreference, has_device(User.id))
        .join(Meeting.group)
        .join(Membership, Membership.group_id == Meeting.group_id)
        .join(User, User.id == Membership.member_id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(
            Meeting.status == PLANNED,
            Meeting.starts_at > now,
            Meeting.starts_at <= now + HORIZON,
            reachable(),
            ~cancelled,  # she said she cannot come: no nudge to come
        )
        .options(contains_eager(Meeting.group))
    )


def _moments(meeting: Meeting, prefs: Preferences) -> Iterable[tuple[str, datetime]]:
    zone = ZoneInfo(meeting.group.timezone)
    if prefs.meeting_reminder:
        yield MEETING_REMINDER, timing.day_before(meeting.starts_at, zone)
    if prefs.meeting_soon:
        yield MEETING_SOON, meeting.starts_at - timing.SOON
    if prefs.reflection_reminder and meeting.group.homework_enabled:
        yield REFLECTION_REMINDER, timing.evening_before(meeting.starts_at, zone)


def find_due(db: Session, now: datetime) -> list[dict]:
    """New log rows for every reminder whose moment has come and that is not logged."""
    found: dict[tuple, dict] = {}
    for meeting, membership, stored, device in _candidates(db, now):
        local_day = meeting.starts_at.astimezone(ZoneInfo(meeting.group.timezone)).date()
        if not membership.is_current(local_day):
            continue
        prefs = Preferences.of(stored)
        for kind, due in _moments(meeting, prefs):
            if due > now:
                continue
            subject = (
                f"meeting:{meeting.id}"
                if kind == REFLECTION_REMINDER
                else reminder_subject(meeting)
            )
            for channel in prefs.channels(kind, device):
                found[(membership.member_id, kind, subject, channel)] = {
                    "user_id": membership.member_id,
                    "kind": kind,
                    "subject": subject,
                    "channel": channel,
                    "due_at": timing.send_at(due, prefs.quiet, meeting.starts_at),
                    "useful_until": meeting.starts_at,
                    "meeting": meeting,
                }
    if not found:
        return []
    logged = db.execute(
        select(
            NotificationLog.user_id,
            NotificationLog.kind,
            NotificationLog.subject,
            NotificationLog.channel,
        ).where(
            NotificationLog.user_id.in_({key[0] for key in found}),
            NotificationLog.subject.in_({key[2] for key in found}),
        )
    )
    for key in logged:
        found.pop(tuple(key), None)
    pairs = {
        (row["user_id"], row["meeting"])
        for row in found.values()
        if row["kind"] == REFLECTION_REMINDER
    }
    open_work = reflection_due(db, pairs)
    rows = []
    for row in found.values():
        meeting = row.pop("meeting")
        if row["kind"] != REFLECTION_REMINDER or (row["user_id"], meeting.id) in open_work:
            rows.append(row)
    # One order for every run: two runs adding the same rows on PostgreSQL wait for each
    # other instead of deadlocking.
    return sorted(
        rows, key=lambda row: (row["user_id"], row["kind"], row["subject"], row["channel"])
    )


def reflection_due(db: Session, pairs: set[tuple[int, Meeting]]) -> dict[tuple[int, int], int]:
    """For (member, meeting) pairs: the assignment she has not written about yet (due at
    that meeting, or open without a date), keyed by (member id, meeting id)."""
    if not pairs:
        return {}
    wanted: dict[tuple[int, int], list[Meeting]] = {}
    for member_id, meeting in pairs:
        wanted.setdefault((member_id, meeting.group_id), []).append(meeting)
    written = exists(select(Reflection.id).where(Reflection.assignment_id == Assignment.id))
    rows = db.execute(
        select(Assignment.id, Assignment.member_id, Assignment.group_id, Assignment.due_meeting_id)
        .join(Group, Group.id == Assignment.group_id)
        .where(
            Assignment.member_id.in_({member_id for member_id, _ in wanted}),
            Assignment.group_id.in_({group_id for _, group_id in wanted}),
            or_(
                Assignment.due_meeting_id.in_({meeting.id for _, meeting in pairs}),
                and_(Assignment.due_meeting_id.is_(None), Assignment.status == OPEN),
            ),
            Group.homework_enabled.is_(True),
            ~written,
        )
        .order_by(Assignment.id)
    )
    result: dict[tuple[int, int], int] = {}
    for assignment_id, member_id, group_id, due_meeting_id in rows:
        for meeting in wanted.get((member_id, group_id), []):
            if due_meeting_id in (None, meeting.id):
                result.setdefault((member_id, meeting.id), assignment_id)
    return result


def recipients(db: Session, member_ids: set[int]) -> dict[int, tuple[Preferences, bool]]:
    """Of these members, those who can get a notice: their choices, and whether a
    device of theirs gets notifications."""
    if not member_ids:
        return {}
    rows = db.execute(
        select(User.id, NotificationPreference, has_device(User.id))
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(User.id.in_(member_ids), reachable())
    )
    return {user_id: (Preferences.of(stored), device) for user_id, stored, device in rows}
