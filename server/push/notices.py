"""What a notice says, made when it is sent, in the member's language.

A lock screen is seen by others: the title is only "Kring", the body names the group
(group names are neutral by rule) and the day, never "therapie", "psych", an assignment's
title or anything a member wrote. A notice that is no longer true (the meeting started,
was moved, she has written her reflection) is not made at all.

The payload is the contract with the service worker: JSON with `title`, `body`, `url`
(a path on this site) and `tag` (a newer notice with the same tag replaces the older).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.auth.models import User
from server.groups.models import Membership
from server.homework.models import Assignment
from server.push import due, wording
from server.push.delivery import MAX_PAYLOAD
from server.push.models import (
    ANNOUNCEMENT,
    EMAIL,
    MEETING_CHANGED,
    MEETING_REMINDER,
    MEETING_SOON,
    NEW_HOMEWORK,
    PLAN_REVIEW,
    REFLECTION_REMINDER,
    TEST,
    NotificationLog,
)
from server.push.preferences import Preferences, preferences_of
from server.schedule.models import ATTENDANCE_CANCELLED, PLANNED, Attendance, Meeting
from server.schedule.services import local

MIN_TTL = 60
MAX_TTL = 28 * 24 * 3600  # push services keep a message four weeks at most
HOMEWORK_TTL = 7 * 24 * 3600
TEST_TTL = 3600


@dataclass(frozen=True)
class Notice:
    title: str
    body: str
    url: str
    tag: str
    ttl: int
    urgency: str = "normal"
    subject: str = ""  # for an e-mail: as discreet as the lock screen

    def payload(self) -> bytes:
        data = {"title": self.title, "body": self.body, "url": self.url, "tag": self.tag}
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        if len(encoded) > MAX_PAYLOAD:
            raise ValueError("a notice must stay under the Web Push payload limit")
        return encoded


def _ttl_until(moment: datetime, now: datetime) -> int:
    return int(min(MAX_TTL, max(MIN_TTL, (moment - now).total_seconds())))


def _meeting_url(meeting: Meeting) -> str:
    return f"/meetings/{meeting.id}"


@dataclass
class _Context:
    """Everything the rows of one batch refer to, loaded in a few statements."""

    users: dict[int, User]
    meetings: dict[int, Meeting]
    assignments: dict[int, Assignment]
    cancelled: set[tuple[int, int]]
    current: set[tuple[int, int]]
    open_work: dict[tuple[int, int], int]
    # What every member of a group gets alike, in the language at hand: made once per
    # meeting, not once per member (the clock and the day in words, through Babel, were
    # most of the notices' cost for a group of ten).
    shared: dict[tuple, object] = field(default_factory=dict)


def _shared(ctx: _Context, key: tuple, make: Callable[[], object]):
    if key not in ctx.shared:
        ctx.shared[key] = make()
    return ctx.shared[key]


def _ids(rows: list[NotificationLog], prefix: str) -> set[int]:
    return {int(r.subject.split(":")[1]) for r in rows if r.subject.startswith(prefix)}


def _context(db: Session, rows: list[NotificationLog]) -> _Context:
    user_ids = {r.user_id for r in rows}
    users = {u.id: u for u in db.scalars(select(User).where(User.id.in_(user_ids)))}
    meeting_ids = _ids(rows, "meeting:")
    meetings = {
        m.id: m
        for m in db.scalars(
            select(Meeting).where(Meeting.id.in_(meeting_ids)).options(selectinload(Meeting.group))
        )
    }
    assignments = {
        a.id: a
        for a in db.scalars(
            select(Assignment)
            .where(Assignment.id.in_(_ids(rows, "assignment:")))
            .options(selectinload(Assignment.group))
        )
    }
    cancelled = {
        (member_id, meeting_id)
        for member_id, meeting_id in db.execute(
            select(Attendance.member_id, Attendance.meeting_id).where(
                Attendance.meeting_id.in_(meeting_ids),
                Attendance.member_id.in_(user_ids),
                Attendance.status == ATTENDANCE_CANCELLED,
            )
        )
    }
    per_group: dict[int, list[Meeting]] = {}
    for meeting in meetings.values():
        per_group.setdefault(meeting.group_id, []).append(meeting)
    memberships = db.scalars(
        select(Membership).where(
            Membership.member_id.in_(user_ids), Membership.group_id.in_(per_group)
        )
    )
    current = {
        (membership.member_id, meeting.id)
        for membership in memberships
        for meeting in per_group[membership.group_id]
        if membership.is_current(local(meeting.starts_at, meeting.group).date())
    }
    reflections = {
        (r.user_id, meetings[int(r.subject.split(":")[1])])
        for r in rows
        if r.kind == REFLECTION_REMINDER and int(r.subject.split(":")[1]) in meetings
    }
    return _Context(
        users, meetings, assignments, cancelled, current, due.reflection_due(db, reflections)
    )


def _notice(row: NotificationLog, ctx: _Context, now: datetime) -> Notice | None:
    kind, parts = row.kind, row.subject.split(":")
    if kind == TEST:
        return Notice(
            "Kring",
            _("This is a test message. Notifications work on this device."),
            "/notifications",
            "test",
            TEST_TTL,
            "high",
        )
    if kind == ANNOUNCEMENT:
        # Never the text itself: a lock screen is seen by others.
        url = f"/#announcement-{parts[1]}"
        return Notice(
            "Kring", _("Message from your group"), url, f"announcement-{parts[1]}", HOMEWORK_TTL
        )
    if kind == PLAN_REVIEW:
        return Notice(
            "Kring",
            _("Time to look over your plan."),
            "/plan/#together",
            "plan-review",
            HOMEWORK_TTL,
            subject=_("Kring: time to look over your plan"),
        )
    if kind == NEW_HOMEWORK:
        assignment = ctx.assignments.get(int(parts[1]))
        if assignment is None or not assignment.group.homework_enabled:
            return None
        url = f"/homework/{assignment.id}"
        return Notice(
            "Kring",
            _("You have a new assignment."),
            url,
            f"assignment-{assignment.id}",
            HOMEWORK_TTL,
            subject=_("Kring: you have a new assignment"),
        )
    meeting = ctx.meetings.get(int(parts[1]))
    if meeting is None or meeting.starts_at <= now or (row.user_id, meeting.id) not in ctx.current:
        return None
    if kind == MEETING_CHANGED:
        return _shared(ctx, (kind, row.subject), lambda: _change_notice(meeting, parts[2], now))
    if meeting.status != PLANNED or (row.user_id, meeting.id) in ctx.cancelled:
        return None
    if kind in (MEETING_REMINDER, MEETING_SOON):
        if row.subject != due.reminder_subject(meeting):
            return None  # moved since: the new time has a reminder of its own
        return _shared(ctx, (MEETING_REMINDER, meeting.id), lambda: _reminder_notice(meeting, now))
    if kind == REFLECTION_REMINDER:
        assignment_id = ctx.open_work.get((row.user_id, meeting.id))
        if assignment_id is None:
            return None  # written in the meantime
        body, subject = _shared(
            ctx, (kind, meeting.id), lambda: wording.reflection_texts(meeting, now)
        )
        url, ttl = f"/homework/{assignment_id}", _ttl_until(meeting.starts_at, now)
        return Notice("Kring", body, url, f"reflection-{meeting.id}", ttl, subject=subject)
    return None


def _reminder_notice(meeting: Meeting, now: datetime) -> Notice:
    subject = _("Kring: your group, %(when)s", when=wording.when_text(meeting, now))
    ttl, tag = _ttl_until(meeting.starts_at, now), f"meeting-{meeting.id}"
    return Notice(
        "Kring",
        wording.reminder_text(meeting, now),
        _meeting_url(meeting),
        tag,
        ttl,
        subject=subject,
    )


def _change_notice(meeting: Meeting, change: str, now: datetime) -> Notice | None:
    body = wording.changed_text(meeting, change, now)
    subject = wording.changed_subject(meeting, change, now)
    ttl, tag = _ttl_until(meeting.starts_at, now), f"meeting-{meeting.id}"
    return body and Notice("Kring", body, _meeting_url(meeting), tag, ttl, "high", subject)


def build(db: Session, rows: list[NotificationLog], now: datetime) -> dict[int, Notice | None]:
    """The notice for each row, or None where it is no longer wanted or true."""
    if not rows:
        return {}
    ctx = _context(db, rows)
    prefs = preferences_of(db, {r.user_id for r in rows})
    by_locale: dict[str, list[NotificationLog]] = {}
    notices: dict[int, Notice | None] = {}
    for row in rows:
        user = ctx.users.get(row.user_id)
        if user is None or not user.active or user.deleted_at is not None:
            notices[row.id] = None
        elif not _still_wanted(prefs[row.user_id], row):
            notices[row.id] = None  # switched off after it was queued
        else:
            by_locale.setdefault(user.locale or "nl", []).append(row)
    for locale, batch in by_locale.items():
        ctx.shared = {}  # the words of one language
        with force_locale(locale):
            for row in batch:
                notices[row.id] = _notice(row, ctx, now)
    return notices


def _still_wanted(prefs: Preferences, row: NotificationLog) -> bool:
    if row.channel == EMAIL:
        return prefs.wants_email(row.kind)
    return prefs.wants(row.kind)


def subject_for_test(now: datetime) -> str:
    # One test message a minute at most: the log's unique key is the rate limit.
    return f"test:{now:%Y%m%d%H%M}"
