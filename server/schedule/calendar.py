"""Calendars: the member's private feed and one meeting as an .ics file.

Titles stay discreet ("Kring – Vrijdaggroep"): a calendar may be seen by others, so no
theme, no practice name and never the word therapy. An event holds the time, that title,
and the address or online link unless the member chose to leave those out.

A meeting the member cancelled herself stays CONFIRMED with "(afgemeld)" in its title
and shown as free time. STATUS describes the event itself (RFC 5545 3.8.1.11), and the
group does meet: CANCELLED would tell her calendar the group is off, and Google Calendar
drops cancelled events from a subscription, so she could no longer see (or undo) her
cancellation there. The title comes back when she undoes it.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
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


def create_feed(db: Session, member: User, with_place: bool = True) -> str:
    """A new feed token for the member; an older link stops working at once."""
    token, hashed = new_token()
    feed = feed_of(db, member)
    if feed is None:
        db.add(CalendarFeed(member_id=member.id, token_hash=hashed, with_place=with_place))
    else:
        feed.token_hash = hashed
        feed.created_at = now_utc()
        feed.with_place = with_place
    return token


def feed_of(db: Session, member: User) -> CalendarFeed | None:
    return db.scalar(select(CalendarFeed).where(CalendarFeed.member_id == member.id))


def set_with_place(db: Session, member: User, with_place: bool) -> bool:
    """False when she has no link (nothing to change)."""
    feed = feed_of(db, member)
    if feed is not None:
        feed.with_place = with_place
    return feed is not None


def delete_feed(db: Session, member: User) -> None:
    feed = feed_of(db, member)
    if feed is not None:
        db.delete(feed)


def feed_for_token(db: Session, token: str) -> tuple[User, CalendarFeed] | None:
    row = db.execute(
        select(User, CalendarFeed)
        .join(CalendarFeed, CalendarFeed.member_id == User.id)
        .where(CalendarFeed.token_hash == token_hash(token), User.active.is_(True))
    ).first()
    return None if row is None else (row[0], row[1])


def webcal(link: str) -> str:
    """The same feed as a webcal:// link: iPhone, macOS and Outlook subscribe in one tap."""
    return "webcal://" + link.split("://", 1)[-1]


def summary(meeting: Meeting) -> str:
    return f"Kring – {meeting.group.name}"


def to_ical(
    meetings: list[Meeting],
    base_url: str,
    name: str = "Kring",
    *,
    cancelled_by_member: frozenset[int] = frozenset(),
    with_place: bool = True,
) -> bytes:
    """In the language of the current locale (the feed's view sets the member's)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = now_utc()
    for meeting in meetings:
        mine = meeting.id in cancelled_by_member and not meeting.is_cancelled
        calendar.add_component(_event(meeting, base_url, stamp, with_place, mine))
    if meetings:
        years = [m.starts_at.year for m in meetings]
        calendar.add_missing_timezones(
            first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
        )
    return calendar.to_ical()


def _event(
    meeting: Meeting, base_url: str, stamp: datetime, with_place: bool, cancelled_by_her: bool
) -> Event:
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
    title = summary(meeting)
    if cancelled_by_her:
        title = " ".join((title, _("(cancelled by you)")))
        event.add("transp", "TRANSPARENT")  # her time is free
    _add_typed_text(event, meeting, "summary", title)
    if with_place and meeting.is_online:
        event.add("location", _("Online"))
        _add_typed_text(event, meeting, "url", meeting.online_link)
    elif with_place and meeting.location:
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
