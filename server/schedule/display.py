"""How meetings read: "vrijdag 28 november", "09:30-11:00", "morgen", in the reader's
language and the group's time zone. Registered as template filters by the blueprint."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, format_time
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from server.schedule.models import Meeting
from server.schedule.services import local


def meeting_day(meeting: Meeting, with_year: bool = False) -> str:
    pattern = "EEEE d MMMM y" if with_year else "EEEE d MMMM"
    return format_date(local(meeting.starts_at, meeting.group), pattern, locale=get_locale())


def meeting_time(meeting: Meeting) -> str:
    start = format_time(local(meeting.starts_at, meeting.group), "HH:mm", locale=get_locale())
    end = format_time(local(meeting.ends_at, meeting.group), "HH:mm", locale=get_locale())
    return f"{start}–{end}"


def relative_day(meeting: Meeting, today: date) -> str:
    """Words for the near future only; further away the date says enough."""
    days = (local(meeting.starts_at, meeting.group).date() - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if 2 <= days <= 13:
        return ngettext("in %(num)d day", "in %(num)d days", days)
    return ""


def map_link(address: str) -> str:
    """A geo: URI (RFC 5870) opens the phone's own map app, without a third party."""
    from urllib.parse import quote

    return "geo:0,0?q=" + quote(address)


FILTERS = {
    "meeting_day": meeting_day,
    "meeting_time": meeting_time,
    "relative_day": relative_day,
    "map_link": map_link,
}
