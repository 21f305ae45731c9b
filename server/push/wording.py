"""The words of a meeting's notices, in the language of the moment (force_locale): the
day and time as the member would say them, never more than the group's name and when.
Plain text functions, so notices.py can make each text once per meeting and language."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time
from flask_babel import get_locale
from flask_babel import gettext as _

from server.schedule.models import CANCELLED, PLANNED, Meeting
from server.schedule.services import local


def when_text(meeting: Meeting, now: datetime) -> str:
    starts = local(meeting.starts_at, meeting.group)
    clock = format_time(starts, "HH:mm", locale=get_locale())
    days = (starts.date() - local(now, meeting.group).date()).days
    if days == 0:
        return _("today at %(time)s", time=clock)
    if days == 1:
        return _("tomorrow at %(time)s", time=clock)
    return _("%(day)s at %(time)s", day=day_text(meeting), time=clock)


def day_text(meeting: Meeting) -> str:
    return format_date(local(meeting.starts_at, meeting.group), "EEEE d MMMM", locale=get_locale())


def weekday_text(meeting: Meeting, now: datetime) -> str:
    """ "donderdag" within the coming week, "donderdag 10 december" further off."""
    starts = local(meeting.starts_at, meeting.group)
    days = (starts.date() - local(now, meeting.group).date()).days
    return format_date(starts, "EEEE" if 0 <= days < 7 else "EEEE d MMMM", locale=get_locale())


def changed_subject(meeting: Meeting, change: str, now: datetime) -> str:
    day = weekday_text(meeting, now)
    if change == "cancelled":
        return _("Kring: your group on %(day)s does not take place", day=day)
    if change == "restored":
        return _("Kring: your group on %(day)s takes place after all", day=day)
    return _("Kring: your group on %(day)s has changed", day=day)


def reminder_text(meeting: Meeting, now: datetime) -> str:
    group, when = meeting.group.name, when_text(meeting, now)
    if meeting.is_online:
        return _("%(group)s: %(when)s, online", group=group, when=when)
    return _("%(group)s: %(when)s", group=group, when=when)


def changed_text(meeting: Meeting, change: str, now: datetime) -> str | None:
    group = meeting.group.name
    if change == "cancelled" and meeting.status == CANCELLED:
        return _("%(group)s on %(day)s does not take place.", group=group, day=day_text(meeting))
    if change == "restored" and meeting.status == PLANNED:
        return _("%(group)s on %(day)s takes place after all.", group=group, day=day_text(meeting))
    if change == "changed" and meeting.status == PLANNED:
        when = when_text(meeting, now)
        return _("%(group)s, %(when)s: the time or place has changed.", group=group, when=when)
    return None  # a later change made this one untrue


def reflection_texts(meeting: Meeting, now: datetime) -> tuple[str, str]:
    body = _(
        "Before %(group)s %(when)s: would you like to write down how your assignment went?",
        group=meeting.group.name,
        when=when_text(meeting, now),
    )
    return body, _("Kring: your assignment for %(day)s", day=weekday_text(meeting, now))
