from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, now_utc


class GroupPhase(Base):
    """A phase of a group's programme (InterAct: inzicht, oefenen, integreren)."""

    __tablename__ = "group_phase"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)


class MemberPhase(Base):
    """The phase the therapists set for a member in a group."""

    __tablename__ = "member_phase"

    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id"), primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("group_phase.id"))

    phase: Mapped[GroupPhase] = relationship()


class Goal(Base):
    """A goal in the member's words: personal (member set) or the group's (member None).

    Either side may propose a personal goal; it counts once the member has confirmed it,
    and a change by a therapist asks for her confirmation again."""

    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    notes: Mapped[list[GoalNote]] = relationship(
        order_by="GoalNote.created_at", back_populates="goal"
    )


class GoalNote(Base):
    """ "Wat merk ik ervan?": a dated note with an optional 0-10 rating; private until
    the member shares it."""

    __tablename__ = "goal_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[int | None] = mapped_column(Integer)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    goal: Mapped[Goal] = relationship(back_populates="notes")


class Evaluation(Base):
    """The member's evaluation at the end of the group; private until shared."""

    __tablename__ = "evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id"), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    brought: Mapped[str] = mapped_column(Text, default="")
    sticks: Mapped[str] = mapped_column(Text, default="")
    grow: Mapped[str] = mapped_column(Text, default="")
    take_away: Mapped[str] = mapped_column(Text, default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
