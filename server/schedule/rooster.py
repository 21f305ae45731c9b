"""The rooster's rows, made in Python once per meeting. The page lists half a year of
meetings (some 40); in the template each row took two url_for calls, three filters
that each turned the start into the group's zone again, a macro and its translated
badges: together half of the page's instructions (cProfile, demo data). Here the
language, the paths and each kind of status badges are looked up once per page."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from flask_babel import get_locale
from markupsafe import Markup

from server.formatting import date_words
from server.paths import path_maker
from server.schedule import display
from server.schedule.member_view import MemberMeeting

KEPT_AHEAD = 4  # meetings whose "I can't come" the service worker keeps for offline use


class Row(NamedTuple):
    """One meeting on the rooster: the item and its words, ready to show. What the
    template shows of the meeting is here too, not read through `item.meeting` there:
    three attribute lookups in Jinja for each."""

    item: MemberMeeting
    path: str  # the meeting's page
    keep: str  # "I can't come" of the first few upcoming, for the worker to keep offline
    day: str
    time: str  # upcoming only
    words: str  # "morgen", "over 3 dagen"; upcoming only
    status: Markup
    cancelled: bool
    theme: str | None
    note: str | None  # the therapists' note when they cancelled it


def rows(upcoming: list[MemberMeeting], past: list[MemberMeeting], today: date):
    """(upcoming rows, past rows): upcoming with their time and near-future words, past
    with the year in their date."""
    locale = str(get_locale())
    meeting_path = path_maker("schedule.meeting", "meeting_id")
    cancel_path = path_maker("schedule.cancel", "meeting_id")
    badges: dict[tuple, Markup] = {}

    def status(item: MemberMeeting) -> Markup:
        kind = display.status_kind(item)
        if kind not in badges:
            badges[kind] = display.status_html(kind, locale)
        return badges[kind]

    def coming(index: int, item: MemberMeeting) -> Row:
        meeting, start = item.meeting, item.starts_local
        return Row(
            item,
            meeting_path(meeting.id),
            cancel_path(meeting.id) if index < KEPT_AHEAD else "",
            date_words(start.date(), display.DAY, locale),
            display.clock_times(start, meeting.ends_at.astimezone(start.tzinfo)),
            display.days_words((start.date() - today).days),
            status(item),
            *_shown(meeting),
        )

    def gone(item: MemberMeeting) -> Row:
        meeting = item.meeting
        day = date_words(item.starts_local.date(), display.DAY_WITH_YEAR, locale)
        return Row(item, meeting_path(meeting.id), "", day, "", "", status(item), *_shown(meeting))

    return [coming(i, item) for i, item in enumerate(upcoming)], [gone(item) for item in past]


def _shown(meeting) -> tuple[bool, str | None, str | None]:
    cancelled = meeting.is_cancelled
    return cancelled, meeting.theme, meeting.note if cancelled else None
