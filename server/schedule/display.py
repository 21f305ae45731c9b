"""How meetings read: "vrijdag 28 november", "09:30-11:00", "morgen", in the reader's
language and the group's time zone. Registered as template filters by the blueprint."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from server.formatting import date_words
from server.groups.models import Group
from server.schedule.models import Meeting
from server.schedule.services import local


def meeting_day(meeting: Meeting, with_year: bool = False) -> str:
    pattern = "EEEE d MMMM y" if with_year else "EEEE d MMMM"
    return date_words(local(meeting.starts_at, meeting.group).date(), pattern, str(get_locale()))


def meeting_time(meeting: Meeting) -> str:
    # 24-hour digits in both languages, so no locale data is needed.
    start = local(meeting.starts_at, meeting.group)
    return f"{start:%H:%M}–{local(meeting.ends_at, meeting.group):%H:%M}"


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


def deadline_day(moment: datetime, group: Group, today: date) -> str:
    """ "vrijdag 16:30" within the coming week, "vrijdag 4 december 16:30" further off."""
    at = local(moment, group)
    pattern = "EEEE" if 0 <= (at.date() - today).days < 7 else "EEEE d MMMM"
    return f"{date_words(at.date(), pattern, str(get_locale()))} {at:%H:%M}"


def map_link(address: str) -> str:
    """An https maps URL: it opens the map app on iPhone and on Android alike (iOS does
    not handle geo: URIs). The address goes to the map service only when tapped."""
    from urllib.parse import urlencode

    return "https://www.google.com/maps/search/?" + urlencode({"api": "1", "query": address})


FILTERS = {
    "meeting_day": meeting_day,
    "meeting_time": meeting_time,
    "relative_day": relative_day,
    "map_link": map_link,
    "deadline_day": deadline_day,
}
