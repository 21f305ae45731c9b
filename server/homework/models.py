from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, now_utc
from server.groups.models import Group
from server.schedule.models import Meeting

if TYPE_CHECKING:
    from server.auth.models import User

OPEN = "open"
DONE = "done"


class Assignment(Base):
    """One member's personal assignment, set by a therapist or by the member."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    set_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    due_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    group: Mapped[Group] = relationship()
    member: Mapped[User] = relationship(foreign_keys=[member_id])
    due_meeting: Mapped[Meeting | None] = relationship()

    __table_args__ = (
        Index("ix_assignment_member_id_created_at", "member_id", "created_at"),
        Index("ix_assignment_group_id", "group_id"),
    )

    @property
    def set_by_member(self) -> bool:
        return self.set_by_id == self.member_id


PROMPTS = ("tried", "happened", "felt", "others", "takeaway")


class Reflection(Base):
    """What the member wrote after practising. Plain text, stored exactly as typed."""

    __tablename__ = "reflection"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    tried: Mapped[str] = mapped_column(Text, default="")
    happened: Mapped[str] = mapped_column(Text, default="")
    felt: Mapped[str] = mapped_column(Text, default="")
    others: Mapped[str] = mapped_column(Text, default="")
    takeaway: Mapped[str] = mapped_column(Text, default="")
    difficulty: Mapped[int | None] = mapped_column(Integer)
    # Private by default: only a reflection the member shares reaches the therapists.
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    assignment: Mapped[Assignment | None] = relationship()
