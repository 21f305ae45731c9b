"""Dates and times in the reader's language (Flask-Babel), as Jinja filters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask import Flask, current_app
from flask_babel import format_date as babel_format_date
from flask_babel import format_datetime as babel_format_datetime
from flask_babel import get_locale

# Day before month in both languages ("22 December 2026", "22 december 2026"), as the
# rooster's "Thursday 3 December": English's own "December 22, 2026" mixed the two.
DATE = "d MMMM y"


def format_date(value: date | datetime, pattern: str = DATE) -> str:
    # A datetime is shown as the date in Europe/Amsterdam, not in UTC.
    locale = get_locale()
    if locale is None:  # no request: Flask-Babel's defaults
        return babel_format_date(value, format=pattern)
    if isinstance(value, datetime):
        value = _local(value).date()
    return date_words(value, pattern, str(locale))


@lru_cache(maxsize=4096)
def date_words(day: date, pattern: str, locale: str) -> str:
    """A date's words are the same for every reader of a language: Babel formats each
    once (through Flask-Babel, one date cost as much as a page's translated texts)."""
    return babel_dates.format_date(day, pattern, locale=locale)


def _local(value: datetime) -> datetime:
    # Flask-Babel's reading: a naive datetime is UTC; shown in the configured zone.
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def format_datetime(value: datetime) -> str:
    # Minutes are enough for people; seconds are noise (the access log keeps them).
    return babel_format_datetime(value, format="d MMMM y, HH:mm")


def format_weekday_time(value: datetime) -> str:
    # A deadline reads best with its weekday: "vrijdag 28 november, 16:30".
    return babel_format_datetime(value, format="EEEE d MMMM, HH:mm")


def format_clock(value: datetime) -> str:
    # 24-hour digits in both languages: no locale data needed.
    return f"{_local(value):%H:%M}"


def register(app: Flask) -> None:
    app.add_template_filter(format_date, "format_date")
    app.add_template_filter(format_datetime, "format_datetime")
    app.add_template_filter(format_clock, "format_clock")
    app.add_template_filter(format_weekday_time, "format_weekday_time")
