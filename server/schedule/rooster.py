"""The rooster's rows, made in Python once per meeting. The page lists half a year of
meetings (some 40); in the template each row took two url_for calls, three filters
that each turned the start into the group's zone again, a macro and its translated
badges: together half of the page's instructions (cProfile, demo data). Here the
language, the paths and each group's zone are looked up once per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import get_locale
from markupsafe import Markup

from server.formatting import date_words
from server.schedule import display
from server.schedule.services import MemberMeeting

# Stands in for a meeting's id while Flask builds a path once for the whole page.
_ANY_ID = 918_273_645


@dataclass(frozen=True, slots=True)
class Row:
    """One meeting on the rooster: the item and its words, ready to show."""

    item: MemberMeeting
    path: str  # the meeting's page
    cancel_path: str  # "I can't come", kept offline for the first few
    day: str
    time: str  # upcoming only
    words: str  # "morgen", "over 3 dagen"; upcoming only
    status: Markup


def _path_maker(endpoint: str):
    before, after = url_for(endpoint, meeting_id=_ANY_ID).split(str(_ANY_ID))
    return lambda meeting_id: f"{before}{meeting_id}{after}"


def rows(upcoming: list[MemberMeeting], past: list[MemberMeeting], today: date):
    """(upcoming rows, past rows): upcoming with their time and near-future words, past
    with the year in their date."""
    locale = str(get_locale())
    meeting_path, cancel_path = _path_maker("schedule.meeting"), _path_maker("schedule.cancel")
    zones: dict[str, ZoneInfo] = {}

    def row(item: MemberMeeting, coming: bool) -> Row:
        meeting = item.meeting
        zone = zones.get(meeting.group.timezone) or zones.setdefault(
            meeting.group.timezone, ZoneInfo(meeting.group.timezone)
        )
        start = meeting.starts_at.astimezone(zone)
        pattern = display.DAY if coming else display.DAY_WITH_YEAR
        return Row(
            item,
            meeting_path(meeting.id),
            cancel_path(meeting.id) if coming else "",
            date_words(start.date(), pattern, locale),
            display.clock_times(start, meeting.ends_at.astimezone(zone)) if coming else "",
            display.days_words((start.date() - today).days) if coming else "",
            display.status_badges(item, locale),
        )

    return [row(item, True) for item in upcoming], [row(item, False) for item in past]
