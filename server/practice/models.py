from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, now_utc
from server.groups.models import Group, Practice


class StaffInvite(Base):
    """A single-use invitation for a therapist or admin of one practice. Only the hash
    of the link's token is kept, like the members' invitations."""

    __tablename__ = "staff_invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id"), index=True)
    practice_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # None for the first admin, whom the operator invites from the command line.
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    practice: Mapped[Practice] = relationship()


class WaitingListEntry(Base):
    """Someone waiting for a place in a group. Only the practice's staff see the list;
    an entry leaves it when the candidate is invited."""

    __tablename__ = "waiting_list_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254))
    available_on: Mapped[date] = mapped_column(Date)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    invited_at: Mapped[datetime | None]

    group: Mapped[Group] = relationship()
