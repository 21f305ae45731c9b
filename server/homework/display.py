"""How an assignment's due date reads: "voor donderdag 3 december". A template filter,
registered by the blueprint."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from server.formatting import date_words


def due_day(meeting, locale: str) -> str:
    """The day of the meeting an assignment is due at, in the reader's language (the
    pages' `current_locale`: looking it up for every week cost as much as the words)."""
    return _before(meeting.starts_at, meeting.group.timezone, locale)


@lru_cache(maxsize=1024)
def _before(starts_at: datetime, timezone: str, locale: str) -> str:
    # The same words for every reader of a language: the homework list shows one per
    # week, and as a macro with a translated text each cost a tenth of the page (cProfile).
    day = starts_at.astimezone(ZoneInfo(timezone)).date()
    return _("before %(day)s", day=date_words(day, "EEEE d MMMM", locale))
