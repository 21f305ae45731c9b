from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, now_utc
from server.groups.models import Group

if TYPE_CHECKING:
    from server.auth.models import User

PLANNED = "planned"
CANCELLED = "cancelled"  # the meeting, by the therapists

# Attendance statuses: the member's own cancellation, then the therapists' register.
ATTENDANCE_CANCELLED = "cancelled"
PRESENT = "present"
ABSENT = "absent"


class MeetingSeries(Base):
    """A recurrence (an RFC 5545 RRULE evaluated by python-dateutil) in the group's zone.

    `starts_on` + `start_time` are local wall-clock values: each occurrence keeps its
    09:30 across daylight-saving changes and is stored in UTC on its `Meeting`.
    """

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    rrule: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    skipped_dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    group: Mapped[Group] = relationship()


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"))
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id"))
    # The series' own date for this occurrence: what makes materialising idempotent.
    occurrence_on: Mapped[date | None] = mapped_column(Date)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    theme: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(16), default=PLANNED)
    note: Mapped[str] = mapped_column(Text, default="")
    # iCalendar SEQUENCE: raised on every change a calendar should pick up.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # Raised only when the time or place changes: members see "gewijzigd" until seen.
    change_number: Mapped[int] = mapped_column(Integer, default=0)
    # What that last change was ("time", "place" or "time place"), so the marker can say
    # "nieuwe tijd" instead of only "gewijzigd"; "" before anything changed.
    last_change: Mapped[str] = mapped_column(String(16), default="")
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    group: Mapped[Group] = relationship()

    __table_args__ = (
        UniqueConstraint("series_id", "occurrence_on"),
        # The rooster, the register and the reminders select a group's meetings by time.
        Index("ix_meeting_group_id_starts_at", "group_id", "starts_at"),
    )

    @property
    def is_cancelled(self) -> bool:
        return self.status == CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.online_link) and not self.location


class Attendance(Base):
    """One row per member and meeting, at most: the unique constraint is what turns a
    double submit or two simultaneous requests into one record."""

    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")  # for the therapists only
    cancelled_at: Mapped[datetime | None]
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    # Overmacht: a late cancellation through illness or an emergency, which practices
    # that charge late cancellations take into account.
    force_majeure: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    meeting: Mapped[Meeting] = relationship()
    member: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)


class MeetingSeen(Base):
    """Which change of a meeting the member has seen, for the "gewijzigd" marker."""

    __tablename__ = "meeting_seen"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    change_number: Mapped[int] = mapped_column(Integer, default=0)


class CalendarFeed(Base):
    """A member's private iCalendar link. Only the token's hash is kept; a new token
    replaces the old one, which then stops working."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    # The member may keep the address and online link out of her calendar (a calendar
    # shared with family or a work account shows them to others).
    with_place: Mapped[bool] = mapped_column(Boolean, default=True)
