"""Calendars: the member's private feed and one meeting as an .ics file.

Titles stay discreet ("Kring – Vrijdaggroep"): a calendar may be seen by others, so no
theme, no practice name and never the word therapy.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.auth.models import User
from server.db import now_utc
from server.plaintext import is_control
from server.schedule.models import CalendarFeed, Meeting
from server.security import new_token, token_hash

log = logging.getLogger(__name__)
PRODID = "-//Kring//Kring//NL"
FEED_PAST = timedelta(weeks=8)


def create_feed(db: Session, member: User) -> str:
    """A new feed token for the member; an older link stops working at once."""
    token, hashed = new_token()
    feed = db.scalar(select(CalendarFeed).where(CalendarFeed.member_id == member.id))
    if feed is None:
        db.add(CalendarFeed(member_id=member.id, token_hash=hashed))
    else:
        feed.token_hash = hashed
        feed.created_at = now_utc()
    return token


def has_feed(db: Session, member: User) -> bool:
    return db.scalar(select(CalendarFeed.id).where(CalendarFeed.member_id == member.id)) is not None


def delete_feed(db: Session, member: User) -> None:
    feed = db.scalar(select(CalendarFeed).where(CalendarFeed.member_id == member.id))
    if feed is not None:
        db.delete(feed)


def member_for_feed(db: Session, token: str) -> User | None:
    return db.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.member_id == User.id)
        .where(CalendarFeed.token_hash == token_hash(token), User.active.is_(True))
    )


def summary(meeting: Meeting) -> str:
    return f"Kring – {meeting.group.name}"


def to_ical(meetings: list[Meeting], base_url: str, name: str = "Kring") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = now_utc()
    for meeting in meetings:
        calendar.add_component(_event(meeting, base_url, stamp))
    if meetings:
        years = [m.starts_at.year for m in meetings]
        calendar.add_missing_timezones(
            first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
        )
    return calendar.to_ical()


def _event(meeting: Meeting, base_url: str, stamp: datetime) -> Event:
    zone = ZoneInfo(meeting.group.timezone)
    event = Event()
    # Stable per meeting and installation: a calendar updates the event, never doubles it.
    event.add("uid", f"meeting-{meeting.id}@{_host(base_url)}")
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    _add_typed_text(event, meeting, "summary", summary(meeting))
    if meeting.is_online:
        event.add("location", "Online")
        _add_typed_text(event, meeting, "url", meeting.online_link)
    elif meeting.location:
        _add_typed_text(event, meeting, "location", meeting.location)
    return event


def _add_typed_text(event: Event, meeting: Meeting, name: str, value: str) -> None:
    """What people typed, in a feed that many members' calendars fetch: a value
    icalendar refuses (a link saved before line breaks were refused) is left out and
    logged, so the feed still answers and every later change still arrives. Text may
    hold line breaks (icalendar escapes them) and tabs; another control character would
    go out raw, which RFC 5545 forbids and calendar apps may choke on."""
    try:
        if any(is_control(c) and c not in "\n\t" for c in value.replace("\r\n", "\n")):
            raise ValueError("a control character")
        event.add(name, value)
    except ValueError:
        log.warning("calendar: meeting %s: %s left out, not a valid value", meeting.id, name)


def _host(base_url: str) -> str:
    return base_url.split("://", 1)[-1].split("/", 1)[0] or "kring"
