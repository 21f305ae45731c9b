"""How meetings read: "vrijdag 28 november", "09:30-11:00", "morgen", in the reader's
language and the group's time zone. Registered as template filters by the blueprint."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlencode

from flask import current_app, render_template
from flask_babel import get_locale
from markupsafe import Markup

from server.catalogues import reader_catalogue
from server.formatting import date_words
from server.groups.models import Group
from server.schedule.member_view import MemberMeeting
from server.schedule.models import Meeting
from server.schedule.services import local

DAY, DAY_WITH_YEAR = "EEEE d MMMM", "EEEE d MMMM y"


def meeting_day(meeting: Meeting, with_year: bool = False) -> str:
    pattern = DAY_WITH_YEAR if with_year else DAY
    return date_words(local(meeting.starts_at, meeting.group).date(), pattern, str(get_locale()))


def meeting_time(meeting: Meeting) -> str:
    group = meeting.group
    return clock_times(local(meeting.starts_at, group), local(meeting.ends_at, group))


def clock_times(start: datetime, end: datetime) -> str:
    # 24-hour digits in both languages, so no locale data is needed; from the fields,
    # not strftime, which cost twice as much on the rooster.
    return f"{start.hour:02}:{start.minute:02}–{end.hour:02}:{end.minute:02}"


def relative_day(meeting: Meeting, today: date) -> str:
    return days_words((local(meeting.starts_at, meeting.group).date() - today).days)


def days_words(days: int) -> str:
    """Words for the near future only; further away the date says enough. From the
    catalogue kept for this request: Flask-Babel's own `ngettext` looks the language up
    anew for each text, which cost the rooster 3% of its time (cProfile)."""
    if not 0 <= days <= 13:
        return ""
    catalogue = reader_catalogue()
    if days == 0:
        return catalogue.ugettext("today")
    if days == 1:
        return catalogue.ugettext("tomorrow")
    return catalogue.ungettext("in %(num)d day", "in %(num)d days", days) % {"num": days}


def deadline_day(moment: datetime, group: Group, today: date) -> str:
    """ "vrijdag 16:30" within the coming week, "vrijdag 4 december 16:30" further off."""
    at = local(moment, group)
    pattern = "EEEE" if 0 <= (at.date() - today).days < 7 else "EEEE d MMMM"
    return f"{date_words(at.date(), pattern, str(get_locale()))} {at:%H:%M}"


@lru_cache(maxsize=1024)
def map_link(address: str) -> str:
    """An https maps URL: it opens the map app on iPhone and on Android alike (iOS does
    not handle geo: URIs). The address goes to the map service only when tapped. Kept
    per address (a group's meeting place, a few per practice): urlencode on every home
    cost a sixth of its meeting card (cProfile)."""
    return "https://www.google.com/maps/search/?" + urlencode({"api": "1", "query": address})


_status_rendered: dict[tuple, Markup] = {}


def status_kind(item: MemberMeeting) -> tuple:
    """All that the badges of her status depend on: fixed words, no one's data."""
    meeting, attendance = item.meeting, item.attendance
    return (
        meeting.is_cancelled,
        attendance.status if attendance else None,
        bool(attendance and attendance.late),
        meeting.last_change if item.changed and not meeting.is_cancelled else None,
    )


def status_html(kind: tuple, locale: str) -> Markup:
    """The badges of one kind of status, rendered once per language and kept: on the
    rooster, the macro that made them some 40 times a page took a sixth of its
    instructions (cProfile)."""
    html = _status_rendered.get((locale, kind))
    if html is None or current_app.debug:  # debug: an edited template shows at once
        cancelled, attendance, late, change = kind
        html = Markup(  # noqa: S704 - rendered by Jinja, escaped there
            render_template(
                "schedule/_status.html",
                cancelled=cancelled,
                attendance=attendance,
                late=late,
                change=change,
            )
        )
        _status_rendered[locale, kind] = html
    return html


def status_badges(item: MemberMeeting) -> Markup:
    return status_html(status_kind(item), str(get_locale()))


FILTERS = {
    "meeting_day": meeting_day,
    "meeting_time": meeting_time,
    "relative_day": relative_day,
    "map_link": map_link,
    "deadline_day": deadline_day,
    "status_badges": status_badges,
}
