"""Dates and times in the reader's language (Flask-Babel), as Jinja filters."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import format_date as babel_format_date
from flask_babel import format_datetime as babel_format_datetime
from flask_babel import format_time as babel_format_time

# Day before month in both languages ("22 December 2026", "22 december 2026"), as the
# rooster's "Thursday 3 December": English's own "December 22, 2026" mixed the two.
DATE = "d MMMM y"


def format_date(value: date | datetime, pattern: str = DATE) -> str:
    # A datetime is shown as the date in Europe/Amsterdam, not in UTC.
    return babel_format_date(value, format=pattern)


def format_datetime(value: datetime) -> str:
    # Minutes are enough for people; seconds are noise (the access log keeps them).
    return babel_format_datetime(value, format="d MMMM y, HH:mm")


def format_weekday_time(value: datetime) -> str:
    # A deadline reads best with its weekday: "vrijdag 28 november, 16:30".
    return babel_format_datetime(value, format="EEEE d MMMM, HH:mm")


def format_clock(value: datetime) -> str:
    return babel_format_time(value, format="HH:mm")


def register(app: Flask) -> None:
    app.add_template_filter(format_date, "format_date")
    app.add_template_filter(format_datetime, "format_datetime")
    app.add_template_filter(format_clock, "format_clock")
    app.add_template_filter(format_weekday_time, "format_weekday_time")
