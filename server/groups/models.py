from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, now_utc

if TYPE_CHECKING:
    from server.auth.models import User


class Practice(Base):
    """A tenant: one care provider. Its contact details appear on members' plans."""

    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    # The numbers a member can call when the practice is closed, shown on plans.
    out_of_hours_phone: Mapped[str] = mapped_column(String(40), default="")  # huisartsenpost
    crisis_phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    groups: Mapped[list[Group]] = relationship(back_populates="practice")


class Group(Base):
    __tablename__ = "group"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"), index=True)
    # Shown on lock screens and in calendars, so it stays neutral ("Vrijdaggroep").
    name: Mapped[str] = mapped_column(String(80))
    location: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    default_duration_minutes: Mapped[int] = mapped_column(Integer, default=90)
    break_minutes: Mapped[int | None] = mapped_column(Integer)
    max_members: Mapped[int] = mapped_column(Integer, default=8)
    homework_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    journey_enabled: Mapped[bool] = mapped_column(Boolean, default=True)  # phases and goals
    # What a new membership starts with; the therapists can change it per member.
    min_sessions: Mapped[int | None] = mapped_column(Integer)
    # HOURS_BEFORE: `cancellation_cutoff_hours` before the start. LAST_WORKING_DAY:
    # before `cancellation_cutoff_time` on the last working day before the meeting.
    cancellation_rule: Mapped[str] = mapped_column(String(16), default="hours_before")
    cancellation_cutoff_hours: Mapped[int] = mapped_column(Integer, default=24)
    cancellation_cutoff_time: Mapped[time | None] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Amsterdam")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    # An ended group leaves every list; its members keep their data.
    archived_at: Mapped[datetime | None]

    practice: Mapped[Practice] = relationship(back_populates="groups")
    memberships: Mapped[list[Membership]] = relationship(back_populates="group")

    __table_args__ = (UniqueConstraint("practice_id", "name"),)


class GroupTherapist(Base):
    __tablename__ = "group_therapist"

    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)


class Membership(Base):
    """A member's place in a group. Open groups: members join and leave over the months."""

    __tablename__ = "membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    min_sessions: Mapped[int | None] = mapped_column(Integer)

    group: Mapped[Group] = relationship(back_populates="memberships")
    member: Mapped[User] = relationship()

    def is_current(self, on: date) -> bool:
        return self.joined_on <= on and (self.left_on is None or on <= self.left_on)
