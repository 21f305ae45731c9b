"""The plan made together with the therapists of the member's groups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.auth.models import User
from server.db import Base, now_utc

# What the member did with a suggestion; None while it is open.
ACCEPTED = "accepted"  # taken over as it was
ADAPTED = "adapted"  # taken over in her own words
DECLINED = "declined"  # not taken over
DECISIONS = (ACCEPTED, ADAPTED, DECLINED)


class PlanReview(Base):
    """Per plan: whether her therapists may read it (off until she switches it on), when
    it was last discussed and with whom, and when to look it over again. Not part of
    the plan's versions: switching sharing off is not a change to undo."""

    __tablename__ = "plan_review"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), primary_key=True)
    shared_since: Mapped[datetime | None]
    discussed_on: Mapped[date | None]
    discussed_with_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    review_on: Mapped[date | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)


class PlanSuggestion(Base):
    """A therapist's suggestion: a new line for a section, or new words for one line
    (`item_id`). The member decides once; until then it is open."""

    __tablename__ = "plan_suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    section: Mapped[str] = mapped_column(String(32))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_item.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    decision: Mapped[str | None] = mapped_column(String(16))
    decided_at: Mapped[datetime | None]

    author: Mapped[User] = relationship()
