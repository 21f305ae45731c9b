from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, now_utc
from server.groups.models import Group

MAX_LENGTH = 500


class Announcement(Base):
    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(String(MAX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    group: Mapped[Group] = relationship()

    # A member's home selects her groups' recent announcements.
    __table_args__ = (Index("ix_announcement_group_id_created_at", "group_id", "created_at"),)


class AnnouncementDismissal(Base):
    """The member has read it and closed it: it leaves her home."""

    __tablename__ = "announcement_dismissal"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcement.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    dismissed_at: Mapped[datetime] = mapped_column(default=now_utc)
